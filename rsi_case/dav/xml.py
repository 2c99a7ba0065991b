"""The little WebDAV XML this endpoint reads and writes (RFC 4918).

Request bodies are small (a PROPFIND, PROPPATCH or LOCK body is a few
hundred bytes) and parsed with entities, DTDs and network access off.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from html import escape

from lxml import etree

DAV = "DAV:"
MAX_BODY = 64 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class BadXML(ValueError):
    pass


def parse(body: bytes):
    """The root element of a request body, None for an empty body; BadXML if it is no XML."""
    if not body or not body.strip():
        return None
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadXML(str(exc)) from None
    if not isinstance(root.tag, str):
        raise BadXML("no element")
    return root


def qname(el) -> tuple[str, str]:
    """(namespace, local name) of an element."""
    q = etree.QName(el)
    return (q.namespace or "", q.localname)


def prop_xml(ns: str, name: str, inner: str = "") -> str:
    if ns == "":  # a property in no namespace (litmus's propnullns)
        return f'<{name} xmlns="">{inner}</{name}>' if inner else f'<{name} xmlns=""/>'
    if ns == DAV:
        return f"<D:{name}>{inner}</D:{name}>" if inner else f"<D:{name}/>"
    return (f'<X:{name} xmlns:X="{escape(ns)}">{inner}</X:{name}>' if inner
            else f'<X:{name} xmlns:X="{escape(ns)}"/>')


def http_date(when: dt.datetime) -> str:
    return format_datetime(when.astimezone(dt.UTC), usegmt=True)


def iso_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


STATUS_TEXT = {200: "OK", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 423: "Locked", 424: "Failed Dependency",
               507: "Insufficient Storage"}


def response_xml(href: str, propstats: list[tuple[int, list[str]]]) -> str:
    parts = [f"<D:response><D:href>{escape(href)}</D:href>"]
    for status, props in propstats:
        if props:
            parts.append(f"<D:propstat><D:prop>{''.join(props)}</D:prop>"
                         f"<D:status>HTTP/1.1 {status} {STATUS_TEXT.get(status, '')}</D:status></D:propstat>")
    parts.append("</D:response>")
    return "".join(parts)


def multistatus(responses: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">'
            + "".join(responses) + "</D:multistatus>").encode("utf-8")


def activelock(lock_token: str, owner: str, timeout: int, root_href: str, depth: str = "0") -> str:
    owner_xml = f"<D:owner>{escape(owner)}</D:owner>" if owner else ""
    return ("<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:exclusive/></D:lockscope>"
            f"<D:depth>{escape(depth)}</D:depth>{owner_xml}<D:timeout>Second-{int(timeout)}</D:timeout>"
            f"<D:locktoken><D:href>{escape(lock_token)}</D:href></D:locktoken>"
            f"<D:lockroot><D:href>{escape(root_href)}</D:href></D:lockroot></D:activelock>")


SUPPORTED_LOCK = ("<D:lockentry><D:lockscope><D:exclusive/></D:lockscope>"
                  "<D:locktype><D:write/></D:locktype></D:lockentry>")


def lock_body(activelock_xml: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<D:prop xmlns:D="DAV:"><D:lockdiscovery>'
            + activelock_xml + "</D:lockdiscovery></D:prop>").encode("utf-8")


def error_body(condition: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:">'
            f"<D:{condition}/></D:error>").encode("utf-8")
