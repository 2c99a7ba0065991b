"""Action plans that are followed up: structured actions per project case
(what, responsible region, deadline, status), dated progress notes, an
overview across projects with overdue actions highlighted, and the status
report (statusrapport) for the board in Word."""


def includeme(config):
    config.scan(".views")
    config.add_case_card("actions", ".views.case_card", "rsi_case:templates/actions/case_card.pt", order=30)
