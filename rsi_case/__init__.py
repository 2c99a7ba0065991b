"""RSI Sag — sags- og dokumenthåndtering for regionernes fælles sundheds-it."""

from pyramid.config import Configurator

from .security.permissions import Permission


def main(global_config, **settings):
    """Build the WSGI application."""
    with Configurator(settings=settings, root_factory="rsi_case.resources.RootFactory") as config:
        config.include(".templating")
        config.include(".i18n")
        config.include(".db")
        config.include(".limits")
        config.include(".wellformed")
        config.include(".security")
        config.include(".routes")
        config.include(".errors")
        config.include(".unavailable")
        config.include(".health")
        config.include(".accessibility")
        config.include(".dashboard")
        config.include(".cases")
        config.include(".documents")
        config.include(".mail")
        config.include(".ocr")
        config.include(".export")
        config.include(".dav")
        config.include(".participation")
        config.include(".actions")
        config.include(".aktindsigt")
        config.include(".meetings")
        config.include(".admin")
        config.include(".search")
        config.include(".audit")
        config.include(".insight")
        config.set_default_permission(Permission.VIEW)
    from . import proxy

    return proxy.wrap(config.make_wsgi_app(), settings)
