"""The rich-text allow-list. Every body is cleaned here before it is stored,
whether it was typed in the editor, imported from Word or loaded as demo data.

Scripts, event handlers, ``javascript:`` URLs, iframes and every ``style``
attribute (styles can hide text from a reader) are removed; only structure
that a memo needs survives.
"""

from __future__ import annotations

import re
import unicodedata

import nh3

TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "colgroup", "col", "a", "img", "hr", "span",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "col": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# characters that are not allowed in XML 1.0 (Word export) nor sensible in text
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _prepare(text: str) -> str:
    return _INVALID_XML.sub("", unicodedata.normalize("NFC", text))


def _clean(text: str) -> str:
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def clean_html(html: str | None) -> str:
    if not html:
        return ""
    cleaned = _clean(_prepare(html))
    # character references (``&#1;``, ``a&#x308;``) are only decoded by the
    # parser, so the first pass can hand back what _prepare removes. Prepare
    # and clean once more: the allow-list always has the last word (NFC on
    # its output could otherwise merge a combining mark into a tag's ``>``).
    if _INVALID_XML.search(cleaned) or not unicodedata.is_normalized("NFC", cleaned):
        cleaned = _clean(_prepare(cleaned))
    # an editor's empty shell is an empty body
    if not re.sub(r"<[^>]+>|&nbsp;|\s", "", cleaned):
        return "" if "<table" not in cleaned and "<img" not in cleaned else cleaned
    return cleaned.strip()


def html_to_text(html: str | None) -> str:
    """Plain text of a body (for summaries and search)."""
    if not html:
        return ""
    text = nh3.clean(html, tags=set(), attributes={})
    import html as htmlmod

    return re.sub(r"\s+", " ", htmlmod.unescape(text)).strip()
