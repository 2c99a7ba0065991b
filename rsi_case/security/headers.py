"""Security headers on every response.

The pages carry no inline script (the editor and forms start from data
attributes in static/js/app.js), so scripts may only come from this site.
TinyMCE sets style attributes on its own widgets, hence inline style
attributes (not style elements) are allowed.
"""

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

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers_tween_factory(handler, registry):
    def headers_tween(request):
        response = handler(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        route = request.matched_route
        if route is None or not route.name.startswith("__"):
            # pages with case data are not kept by shared caches or on a shared PC's disk
            response.cache_control.private = True
            response.cache_control.no_store = True
        return response

    return headers_tween


def includeme(config):
    config.add_tween("rsi_case.security.headers.headers_tween_factory")
