"""A foreign Origin on an unsafe request is refused, on plain HTTP too.

Pyramid's own origin check runs only for HTTPS; browsers send ``Origin``
with every POST, so checking it everywhere costs nothing and closes the gap
on a development or intranet installation without TLS. The CSRF token is
still required as well.
"""

from __future__ import annotations

from pyramid.exceptions import BadCSRFOrigin
from pyramid.settings import aslist
from pyramid.tweens import EXCVIEW

SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def origin_tween_factory(handler, registry):
    trusted = set(aslist(registry.settings.get("pyramid.csrf_trusted_origins", "")))

    def origin_tween(request):
        if request.method not in SAFE:
            origin = request.headers.get("Origin")
            if origin is not None:
                own = request.host_url  # scheme://host[:port] as this request sees it
                bare = origin.split("://", 1)[-1]
                if origin != own and bare not in trusted:
                    raise BadCSRFOrigin(f"foreign origin {origin[:100]!r}")
        return handler(request)

    return origin_tween


def includeme(config):
    config.add_tween("rsi_case.security.origin.origin_tween_factory", under=EXCVIEW)
