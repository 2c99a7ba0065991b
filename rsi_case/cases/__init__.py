"""Cases (sager): numbers, metadata, the case list and the case view."""


def includeme(config):
    config.scan(".views")
    config.scan(".sharing")
    config.scan(".api")
