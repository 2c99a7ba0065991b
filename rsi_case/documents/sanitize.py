"""The rich-text allow-list. Every body is cleaned here before it is stored,
whether it was typed in the editor, imported from Word or loaded as demo data.

Scripts, event handlers, ``javascript:`` URLs, iframes and every ``style``
attribute (styles can hide text from a reader) are removed; only structure
that a memo needs survives.
"""

from __future__ import annotations

import html as htmlmod
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

#: Elements that flow inside a line of text: no word boundary at their tags
#: (``<strong>fælles</strong>udbud`` is one word on the screen, so it is one
#: word here). Every other tag -- paragraphs, headings, list items, table
#: cells and rows, ``<br>``, ``<hr>``, images, and any element we do not know
#: (pasted ``<div>``, ``<section>``, Word's ``<o:p>``) -- ends a word.
INLINE_TAGS = frozenset("""
    a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strike strong sub sup
    time tt u var wbr
""".split())
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)")


def _space_blocks(html: str, keep=INLINE_TAGS) -> str:
    """A space before every tag not in ``keep`` (the inline ones), so
    stripping the tags leaves the words of two blocks apart (mammoth writes
    ``<p>alfa</p><p>beta</p>`` with nothing between the blocks)."""
    return _TAG_START.sub(lambda m: m.group(0) if m.group(2).lower() in keep else " " + m.group(0), html)


# tags the sanitiser keeps, or drops together with their content: no space for them
_NO_SPACE = INLINE_TAGS | TAGS | {"script", "style"}

# characters that are not allowed in XML 1.0 (Word export) nor sensible in text
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _prepare(text: str) -> str:
    return _INVALID_XML.sub("", unicodedata.normalize("NFC", text))


def _clean(text: str) -> str:
    # a block the allow-list removes (a pasted <div>, <section>) keeps its
    # text: a space where it was, or its first word is glued to the last before it
    return nh3.clean(
        _space_blocks(text, keep=_NO_SPACE),
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
    """Plain text of a body, for the index, snippets, summaries and diffs:
    one space wherever a block ends (paragraphs, headings, cells, list
    items, ``<br>``, nested blocks), none inside a line."""
    if not html:
        return ""
    text = nh3.clean(_space_blocks(html), tags=set(), attributes={})
    return re.sub(r"\s+", " ", htmlmod.unescape(text)).strip()


def element_text(element) -> str:
    """Plain text of one parsed (lxml) element, with the same word boundaries
    as :func:`html_to_text`: what ``el.text_content()`` gives, but
    ``<td>Region</td><td>Hovedstaden</td>`` is "Region Hovedstaden", not
    "RegionHovedstaden"."""
    parts: list[str] = []

    def walk(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in ("script", "style"):  # (comments and processing instructions: no text)
            block = tag not in INLINE_TAGS
            if block:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
            if block:
                parts.append(" ")

    walk(element)
    return " ".join("".join(parts).split())
