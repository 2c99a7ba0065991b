"""Board meetings: agenda, participants, states, decisions and minutes, the
decisions register, and a calendar feed."""


def includeme(config):
    config.scan(".views")
    config.scan(".register")
    config.add_case_card("decisions", ".register.case_card", "rsi_case:templates/decisions/case_card.pt",
                         order=20, column="main")
    config.scan(".pack_views")
