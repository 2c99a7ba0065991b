"""Board meetings: agenda, participants, states, and a calendar feed."""


def includeme(config):
    config.scan(".views")
    config.scan(".pack_views")
