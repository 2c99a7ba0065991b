"""Requests for access to documents (aktindsigt, offentlighedsloven): each
request a case of its own with its deadline in Danish working days, and a
decision with its legal ground for every document it concerns."""


def includeme(config):
    config.scan(".views")
    config.scan(".views_package")

    config.scan(".extension_views")
    config.scan(".report")

    config.scan(".redaction_views")
    config.add_case_card("access_request", ".views.case_card", "rsi_case:templates/aktindsigt/case_card.pt", order=5)
