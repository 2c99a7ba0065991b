"""Board meetings: agenda, participants, states, decisions and minutes, the
decisions register, and a calendar feed."""


def includeme(config):
    config.scan(".views")
    config.scan(".register")
    config.scan(".pack_views")
