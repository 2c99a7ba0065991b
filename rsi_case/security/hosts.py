"""Only the host names of this installation are answered, and links that
leave the site are built from configuration.

Every absolute URL the application builds — redirects, the links in its
pages — starts from the request's ``Host`` header (or, behind the trusted
proxy, ``X-Forwarded-Host``). A request for ``Host: evil.example`` would
otherwise get redirects and links to evil.example, and a cache in front of
the site could keep such a page for others. So a request whose host is not
in ``rsi_case.allowed_hosts`` gets the Danish 400 page, and the page is
built for the first allowed host, never the one asked for.

Links that leave the site — the calendar feed's address that is pasted
into Outlook, the links inside an exported Word file, the calendar entries'
ids — use ``rsi_case.public_url`` when it is set (the address users know,
e.g. ``https://sag.regionerne.dk``), so they are the same whichever name a
request came in by.

``rsi_case.allowed_hosts`` is a list of ``host`` (any port) or ``host:port``
entries, IPv6 addresses in brackets; the host of ``rsi_case.public_url`` is
always allowed. Without the setting only this machine's own names are:
``localhost``, ``127.0.0.1`` and ``[::1]``.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from pyramid.settings import aslist
from pyramid.tweens import EXCVIEW

from ..wellformed import refuse

log = logging.getLogger(__name__)

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]")
_HOST = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?)\.?(?::(?P<port>[0-9]{1,5}))?")


def split_host(value: str) -> tuple[str, int | None] | None:
    """``"Sag.Example.dk:8443"`` -> ``("sag.example.dk", 8443)``; None if it is no host name."""
    m = _HOST.fullmatch((value or "").strip().lower())
    if m is None:
        return None
    return m["name"], int(m["port"]) if m["port"] else None


class AllowedHosts:
    """The configured hosts, and whether a request's host is one of them."""

    def __init__(self, entries, public_url: str | None = None):
        self.entries: list[tuple[str, int | None]] = []
        for entry in [*entries, *([urlsplit(public_url).netloc] if public_url else [])]:
            host = split_host(entry)
            if host is None:
                raise ValueError(f"rsi_case.allowed_hosts: {entry!r} is not a host name or host:port")
            self.entries.append(host)
        if not self.entries:
            raise ValueError("rsi_case.allowed_hosts is empty: no request could be answered")

    def allows(self, host_header: str, scheme: str) -> bool:
        host = split_host(host_header)
        if host is None:
            return False
        name, port = host
        port = port or (443 if scheme == "https" else 80)
        return any(name == allowed and (allowed_port is None or allowed_port == port)
                   for allowed, allowed_port in self.entries)

    @property
    def canonical(self) -> str:
        """The host a refused request's error page is built for."""
        name, port = self.entries[0]
        return name if port is None else f"{name}:{port}"


def public_app_url(request) -> str:
    """The application URL for links that leave the site (calendar feeds,
    Word files): ``rsi_case.public_url`` if set, else this request's (allowed) one."""
    return request.registry.get("rsi_case.public_url") or request.application_url


def hosts_tween_factory(handler, registry):
    allowed: AllowedHosts = registry["rsi_case.allowed_hosts"]

    def hosts_tween(request):
        if not allowed.allows(request.host, request.scheme):
            asked = request.environ.get("HTTP_HOST", "")
            request.environ["HTTP_HOST"] = allowed.canonical
            refuse(request, f"host {asked[:100]!r} is not in rsi_case.allowed_hosts")
        return handler(request)

    return hosts_tween


def _public_url(value: str | None) -> str | None:
    value = (value or "").strip().rstrip("/")
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or split_host(parts.netloc) is None or parts.query or parts.fragment:
        raise ValueError(f"rsi_case.public_url must be http(s)://host[:port][/path], not {value!r}")
    return value


def includeme(config):
    settings = config.get_settings()
    public_url = _public_url(settings.get("rsi_case.public_url"))
    entries = aslist(settings.get("rsi_case.allowed_hosts") or " ".join(DEFAULT_HOSTS))
    config.registry["rsi_case.public_url"] = public_url
    config.registry["rsi_case.allowed_hosts"] = AllowedHosts(entries, public_url)
    config.add_tween("rsi_case.security.hosts.hosts_tween_factory", under=EXCVIEW,
                     over="rsi_case.wellformed.line_tween_factory")
