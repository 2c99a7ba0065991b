"""Follow or explain (følg eller forklar): each region's part in each joint project."""


def includeme(config):
    from ..cases.events import CaseRegionsTicked
    from .views import follow_case_form

    config.add_subscriber(follow_case_form, CaseRegionsTicked)
    config.scan(".views")
