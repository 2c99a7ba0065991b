"""Security headers on every response.

Strict-Transport-Security (browsers use only HTTPS for this site for a year)
is sent when ``rsi_case.hsts`` is on — by default whenever
``rsi_case.secure_cookies`` is, i.e. in production behind TLS — and not on a
plain-HTTP development server. The server's name is not announced: ``ident =``
(empty) in the ini files' waitress section drops ``Server: waitress``.

The pages carry no inline script (the editor and forms start from data
attributes in static/js/app.js), so scripts may only come from this site.
TinyMCE sets style attributes on its own widgets, hence inline style
attributes (not style elements) are allowed.
"""

from pyramid.settings import asbool

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HSTS = "max-age=31536000; includeSubDomains"

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers_tween_factory(handler, registry):
    headers = dict(HEADERS)
    if registry["rsi_case.hsts"]:
        headers["Strict-Transport-Security"] = HSTS

    def headers_tween(request):
        response = handler(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        route = request.matched_route
        if route is None or not route.name.startswith("__"):
            # pages with case data are not kept by shared caches or on a shared PC's disk
            response.cache_control.private = True
            response.cache_control.no_store = True
        return response

    return headers_tween


def includeme(config):
    settings = config.get_settings()
    config.registry["rsi_case.hsts"] = asbool(settings.get("rsi_case.hsts", settings.get("rsi_case.secure_cookies", False)))
    config.add_tween("rsi_case.security.headers.headers_tween_factory")
