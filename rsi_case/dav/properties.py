"""Dead properties (RFC 4918 §4): what a client sets with PROPPATCH is kept
per resource — on the document, or on a scratch file — and PROPFIND gives it
back. Word sets its Win32 file times and attributes this way; litmus's
``props`` group checks namespaces, empty namespaces, values holding XML and
characters beyond the BMP.

A property is kept as the XML element the client sent (with the namespace
declarations it needs), at most MAX_PROPS per resource and MAX_VALUE
characters each. The live properties (``DAV:getetag``, …) are the server's:
setting or removing one is refused (403) and the whole PROPPATCH with it
(424 for the rest), as RFC 4918 §9.2 wants — all or nothing."""

from __future__ import annotations

import sqlalchemy as sa
from lxml import etree

from . import xml
from .models import DavProperty

MAX_PROPS = 100
MAX_VALUE = 10_000


def _where(document_id=None, scratch_id=None, attachment_id=None):
    if scratch_id is not None:
        return DavProperty.scratch_id == scratch_id
    if attachment_id is not None:
        return DavProperty.attachment_id == attachment_id
    return sa.and_(DavProperty.document_id == document_id, DavProperty.scratch_id.is_(None),
                   DavProperty.attachment_id.is_(None))


def dead(db, *, document_id=None, scratch_id=None, attachment_id=None) -> dict[tuple[str, str], str]:
    """{(namespace, name): the element's XML}."""
    found = db.execute(sa.select(DavProperty).where(_where(document_id, scratch_id, attachment_id))
                       .order_by(DavProperty.id))
    return {(p.namespace, p.name): p.value for p in found.scalars()}


def updates(root) -> list[tuple[str, tuple[str, str], object]]:
    """[("set" | "remove", (namespace, name), element)] in the body's order."""
    out = []
    for action in root:
        if not isinstance(action.tag, str) or xml.qname(action) not in ((xml.DAV, "set"), (xml.DAV, "remove")):
            continue
        for prop in action:
            if not isinstance(prop.tag, str) or xml.qname(prop) != (xml.DAV, "prop"):
                continue
            for p in prop:
                if isinstance(p.tag, str):
                    out.append((xml.qname(action)[1], xml.qname(p), p))
    return out


def apply(db, ops, live: tuple[str, ...], *, document_id=None, scratch_id=None,
          attachment_id=None) -> list[tuple[int, list[str]]]:
    """Apply the PROPPATCH's updates in order, all or none; the propstats of the answer."""
    names = [xml.prop_xml(ns, name) for _action, (ns, name), _el in ops]
    refused = {i: 403 for i, (_a, (ns, name), _el) in enumerate(ops) if ns == xml.DAV and name in live}
    values = {}
    for i, (action, _key, el) in enumerate(ops):
        if action == "set" and i not in refused:
            values[i] = etree.tostring(el, encoding="unicode", with_tail=False)
            if len(values[i]) > MAX_VALUE:
                refused[i] = 507
    current = dead(db, document_id=document_id, scratch_id=scratch_id, attachment_id=attachment_id)
    after = dict(current)
    for i, (action, key, _el) in enumerate(ops):
        if i in refused:
            continue
        if action == "set":
            after[key] = values[i]
        else:
            after.pop(key, None)
    if len(after) > MAX_PROPS and len(after) > len(current):
        refused.update({i: 507 for i, (a, key, _el) in enumerate(ops) if a == "set" and key not in current})
    if refused:
        by_status: dict[int, list[str]] = {}
        for i, name in enumerate(names):
            by_status.setdefault(refused.get(i, 424), []).append(name)
        return sorted(by_status.items())
    db.execute(sa.delete(DavProperty).where(_where(document_id, scratch_id, attachment_id)))
    for (ns, name), value in after.items():
        db.add(DavProperty(document_id=document_id, scratch_id=scratch_id, attachment_id=attachment_id,
                           namespace=ns, name=name, value=value))
    db.flush()
    return [(200, names)]


def copy(db, source_id: int, target_id: int) -> None:
    for (ns, name), value in dead(db, scratch_id=source_id).items():
        db.add(DavProperty(scratch_id=target_id, namespace=ns, name=name, value=value))
