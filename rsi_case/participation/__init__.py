"""Follow or explain (følg eller forklar): each region's part in each joint project."""


def includeme(config):
    from ..cases.events import CaseRegionsTicked
    from .views import follow_case_form

    config.add_subscriber(follow_case_form, CaseRegionsTicked)
    config.scan(".views")
    config.add_case_card("participation", ".views.case_card", "rsi_case:templates/participation/case_card.pt", order=20)
