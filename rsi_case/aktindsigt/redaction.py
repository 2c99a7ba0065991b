"""Redaction that removes: the text of a document released in part, with
every withheld passage taken out and a visible mark naming the ground in its
place ("[Undtaget, jf. offentlighedslovens § 30, nr. 1]").

The passage is matched in the body's text as a reader sees it: across inline
tags (``<b>Jens</b> Hansen``), with any run of white space in the passage
matching any run in the text, and without regard to case -- withholding a
little more is safe, a little less is a leak. Text inside the passage's span
is deleted from every text node it touches; the mark goes where it started.
Attributes that carry words (``alt``, ``title``, link targets) are dropped
from the released copy when they hold a passage. Finally the result is read
back as plain text and checked: a passage still present is an error, never a
package.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import lxml.html

from ..documents.sanitize import INLINE_TAGS, clean_html, html_to_text

MAX_PASSAGE = 2000
MIN_PASSAGE = 2


class RedactionError(Exception):
    """A redaction could not be carried out safely (a passage that is no longer in the
    text, or one still readable after removal). Carries a message id for the view."""

    def __init__(self, msgid: str, passage: str = ""):
        super().__init__(msgid)
        self.msgid = msgid
        self.passage = passage


@dataclasses.dataclass(frozen=True)
class Cut:
    passage: str
    mark: str  # the visible mark put in its place


# characters a reader does not see: a soft hyphen (a word hyphenated at a line end in a
# browser or Word), zero-width spaces and joiners, the word joiner, a byte-order mark
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]+")


def normalise(passage: str) -> str:
    """A passage as it is stored and matched: NFC, invisible characters dropped, white space
    collapsed, ends trimmed."""
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", unicodedata.normalize("NFC", passage or ""))).strip()


def pattern(passage: str) -> re.Pattern:
    """Matches the passage's words in any case, with any run of white space between them, and
    with invisible characters anywhere (``Kjær&shy;gaard`` reads as "Kjærgaard")."""
    hidden = f"[{INVISIBLE}]*"
    words = normalise(passage).split(" ")
    return re.compile(f"(?:\\s|[{INVISIBLE}])+".join(hidden.join(re.escape(c) for c in w) for w in words),
                      re.IGNORECASE)


def found_in_text(text: str, passage: str) -> bool:
    return bool(pattern(passage).search(text or ""))


def _segments(root):
    """The text slots of a parsed fragment in reading order: (element, "text"|"tail").
    A block boundary (any tag not inline) is a segment of its own with no slot, so a
    passage cannot glue the end of one paragraph to the start of the next unless it
    says so with white space."""
    out = []

    def walk(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in ("script", "style"):
            if el.tail:
                out.append((el, "tail"))
            return
        block = tag not in INLINE_TAGS
        if block:
            out.append((None, "\n"))
        if el.text:
            out.append((el, "text"))
        for child in el:
            walk(child)
        if block:
            out.append((None, "\n"))
        if el.tail:
            out.append((el, "tail"))

    for child in root:
        walk(child)
    if root.text:
        out.insert(0, (root, "text"))
    return out


def _strip_attributes(root, patterns) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("alt", "title", "href", "src"):
            value = el.get(name)
            if value and any(p.search(value) or p.search(value.replace("-", " ").replace("_", " "))
                             for p in patterns):
                del el.attrib[name]


def redact_html(html: str, cuts: list[Cut]) -> str:
    """``html`` with every occurrence of every cut's passage removed and its mark in
    place of each. Raises :class:`RedactionError` when a passage is not in the text at all
    (the document changed since it was marked) or can still be read afterwards."""
    if not cuts:
        return html or ""
    root = lxml.html.fragment_fromstring(html or "", create_parent="div")
    original = html_to_text(html)
    patterns = []
    # longest passages first: a short one inside a long one must not split it
    for cut in sorted(cuts, key=lambda c: -len(normalise(c.passage))):
        if len(normalise(cut.passage)) < MIN_PASSAGE:
            raise RedactionError("redaction-too-short", cut.passage)
        pat = pattern(cut.passage)
        patterns.append(pat)
        segs = _segments(root)
        pieces, spans, pos = [], [], 0
        for el, slot in segs:
            value = "\n" if el is None else (getattr(el, slot) or "")
            pieces.append(value)
            spans.append((pos, pos + len(value), el, slot))
            pos += len(value)
        flat = "".join(pieces)
        matches = list(pat.finditer(flat))
        if not matches:
            if found_in_text(original, cut.passage) and not found_in_text(
                    html_to_text(lxml.html.tostring(root, encoding="unicode")), cut.passage):
                continue  # inside a longer passage already withheld
            if found_in_text(html_to_text(lxml.html.tostring(root, encoding="unicode")), cut.passage):
                raise RedactionError("redaction-not-removable", cut.passage)
            raise RedactionError("redaction-not-found", cut.passage)
        # edit from the end, so earlier offsets stay right
        edits: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
        for m in matches:
            first = True
            for start, end, el, slot in spans:
                if el is None or end <= m.start() or start >= m.end():
                    continue
                a, b = max(m.start(), start) - start, min(m.end(), end) - start
                edits.setdefault((id(el), slot), []).append((a, b, cut.mark if first else ""))
                first = False
        holders = {(id(el), slot): (el, slot) for _s, _e, el, slot in spans if el is not None}
        for key, changes in edits.items():
            el, slot = holders[key]
            value = getattr(el, slot) or ""
            for a, b, mark in sorted(changes, reverse=True):
                value = value[:a] + mark + value[b:]
            setattr(el, slot, value)
    _strip_attributes(root, patterns)
    out = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    out = (root.text or "") + out if root.text else out
    out = clean_html(out)
    text = html_to_text(out)
    for cut in cuts:
        if found_in_text(text, cut.passage):
            raise RedactionError("redaction-not-removable", cut.passage)
    return out


def redact_text(text: str, cuts: list[Cut]) -> str:
    """Plain text (a title, a PDF page's text) with the passages replaced by their marks."""
    for cut in sorted(cuts, key=lambda c: -len(normalise(c.passage))):
        text = pattern(cut.passage).sub(lambda _m, mark=cut.mark: mark, text or "")
    return text
