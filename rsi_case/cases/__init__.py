"""Cases (sager): numbers, metadata, the case list and the case view."""


def includeme(config):
    config.include(".cards")  # the directive the features register their case-page cards with
    config.scan(".views")
    config.scan(".sharing")
    config.scan(".api")
