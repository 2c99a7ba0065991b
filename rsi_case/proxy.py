"""The trusted proxy's headers, for servers that do not read them.

waitress rewrites the request from ``X-Forwarded-*`` itself (production.ini's
``trusted_proxy``); gunicorn does not: its ``REMOTE_ADDR`` is nginx's. So
with ``rsi_case.trusted_proxy`` set (the proxy's addresses), a request from
one of them takes its visitor's address (the last ``X-Forwarded-For`` entry:
the one nginx added), scheme and host from those headers — the audit trail
and login throttling see the visitor, links are ``https://``. From any other
address the headers are removed, so nobody can claim another address.
"""

from __future__ import annotations

import ipaddress

from pyramid.settings import aslist

HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def wrap(app, settings: dict):
    trusted = set(aslist(settings.get("rsi_case.trusted_proxy", "")))
    if not trusted:
        return app

    def proxied(environ, start_response):
        if environ.get("REMOTE_ADDR") in trusted:
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1]
            if _address(forwarded):
                environ["REMOTE_ADDR"] = _address(forwarded)
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
            host = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[-1].strip()
            if host:
                environ["HTTP_HOST"] = host
        for header in HEADERS:
            environ.pop(header, None)
        return app(environ, start_response)

    proxied.registry = app.registry  # as the router has it (scripts and tests look there)
    return proxied
