"""The home page (/): what each role needs first."""


def includeme(config):
    config.scan(".views")
