"""Identity, roles -> permissions, passwords and the security policy."""


def includeme(config):
    config.include(".policy")
    config.include(".views")
    config.include(".headers")
    config.include(".hosts")
    config.include(".origin")
