"""Administration: users and number series."""


def includeme(config):
    config.scan(".views")
