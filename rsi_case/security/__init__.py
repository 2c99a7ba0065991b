"""Identity, sign-in, sessions, roles -> permissions and the security policy."""


def includeme(config):
    config.include(".policy")
    config.include(".views")
    config.include(".headers")
    config.include(".hosts")
    config.include(".origin")
    config.include(".signin")
    config.include(".second_factor_views")
    config.include(".account_views")
    config.include(".passkeys")
    config.include(".oidc")
