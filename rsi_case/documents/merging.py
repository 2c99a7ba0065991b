"""Two edits of one document, merged: :mod:`.merge` applied to versions.

An edit posted on a stale base is merged with what was saved since (the
newest version), against the version both started from. What merges by
itself is saved at once; what does not becomes the conflict form, whose
answers (per conflict: theirs, yours, or an own text) are turned back into a
body and fields here. No request, no rendering: the view does those.
"""

from __future__ import annotations

import dataclasses
import re
from html import escape

import colander

from ..i18n import _, ngettext
from .merge import Merge, FieldMerge, merge3, merge_fields
from .sanitize import clean_html
from .schemas import MAX_BODY
from .versions import META_FIELDS, Block, join_blocks, split_blocks, state_of, version_blocks

CHOICES = ("theirs", "yours", "own")
OWN_TEXT_FIELDS = ("title", "doc_date", "author_name", "author_phone", "author_email")  # kind, status: pick a side
_LIST_OPENER = re.compile(r"^<(ul|ol)>")


@dataclasses.dataclass
class BlockConflict:
    """One place in the body both changed differently."""
    index: int
    base: list[Block]
    theirs: list[Block]
    yours: list[Block]

    @staticmethod
    def text(blocks: list[Block]) -> str:
        return "\n".join(b.text for b in blocks)

    def own_blocks(self, text: str) -> list[str]:
        """An own text (one block per line) as blocks shaped like the ones it
        replaces: a heading stays a heading, a list item a list item; table
        rows and rules become paragraphs."""
        like = (self.yours or self.theirs or self.base or [Block("<p></p>", "p", "")])[0]
        out = []
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            words = escape(line, quote=False)
            if like.kind == "li":
                tag = (_LIST_OPENER.match(like.html) or [None, "ul"])[1]
                out.append(f"<{tag}><li>{words}</li></{tag}>")
            elif like.kind in ("h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
                out.append(f"<{like.kind}>{words}</{like.kind}>")
            else:
                out.append(f"<p>{words}</p>")
        return out


@dataclasses.dataclass
class DocumentMerge:
    base_number: int          # the version both edits started from (0: unknown, an empty base)
    theirs: object            # the DocumentVersion merged against
    body: Merge               # over block HTML
    fields: FieldMerge
    conflicts: list[BlockConflict]
    yours_state: dict
    yours_body: str

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.fields.conflicts

    def merged_body(self) -> str:
        """The merged body, when :attr:`clean`."""
        return join_blocks(self.body.resolve([]))

    def body_changes_taken(self) -> tuple[int, int]:
        """(places taken from theirs, places taken from yours) in the body."""
        return self.body.taken("theirs"), self.body.taken("yours")


def merge_document(db, base, theirs, state: dict, body_html: str) -> DocumentMerge:
    """Merge ``state`` + ``body_html`` (yours, an edit of ``base``; None: not
    known) with the version ``theirs``."""
    base_blocks = version_blocks(db, base) if base is not None else []
    theirs_blocks = version_blocks(db, theirs)
    yours_blocks = split_blocks(body_html)
    by_html = {b.html: b for b in (*base_blocks, *theirs_blocks, *yours_blocks)}
    body = merge3([b.html for b in base_blocks], [b.html for b in theirs_blocks], [b.html for b in yours_blocks])
    conflicts = [BlockConflict(i, *([by_html[h] for h in side] for side in (c.base, c.theirs, c.yours)))
                 for i, c in enumerate(body.conflicts)]
    base_state = state_of(base) if base is not None else {f: None for f in META_FIELDS}
    fields = merge_fields(base_state, state_of(theirs), {f: state[f] for f in META_FIELDS})
    return DocumentMerge(base.number if base is not None else 0, theirs, body, fields, conflicts,
                         {f: state[f] for f in META_FIELDS}, body_html)


@dataclasses.dataclass
class Resolution:
    body_html: str | None = None
    state: dict | None = None
    errors: dict = dataclasses.field(default_factory=dict)  # input name -> message (a TranslationString)


def field_choice_name(field: str) -> str:
    return f"choice-f-{field}"


def field_own_name(field: str) -> str:
    return f"own-f-{field}"


def block_choice_name(index: int) -> str:
    return f"choice-b{index}"


def block_own_name(index: int) -> str:
    return f"own-b{index}"


# counts, with gettext plural forms
PLACES = ngettext("${n} changed place", "${n} changed places")
CONFLICT_PLACES = ngettext("In ${n} place you both changed the same thing.",
                           "In ${n} places you both changed the same thing.")
CHOICES_MADE = ngettext("your ${n} choice", "your ${n} choices")

NOT_CHOSEN = _("merge-not-chosen", default="Choose which text applies here: theirs, yours, or your own.")
OWN_TOO_LONG = _("merge-own-too-long", default="The text is too long (at most ${max} characters).",
                 mapping={"max": MAX_BODY})


def resolve(dm: DocumentMerge, answers, schema) -> Resolution:
    """The conflict form's answers (``answers``: the POST) applied to ``dm``.
    ``schema``: the document schema, whose nodes check an own field value."""
    errors: dict = {}
    state = dict(dm.fields.values)
    theirs_state = state_of(dm.theirs)
    for field in dm.fields.conflicts:
        choice = answers.get(field_choice_name(field))
        if choice == "theirs":
            state[field] = theirs_state[field]
        elif choice == "yours":
            state[field] = dm.yours_state[field]
        elif choice == "own" and field in OWN_TEXT_FIELDS:
            try:
                value = schema[field].deserialize(str(answers.get(field_own_name(field), ""))[:1000])
            except colander.Invalid as exc:
                errors[field_own_name(field)] = exc.msg
                continue
            state[field] = value if value is not colander.null else ""
        else:
            errors[field_choice_name(field)] = NOT_CHOSEN
    chosen = []
    for c in dm.conflicts:
        choice = answers.get(block_choice_name(c.index))
        if choice == "theirs":
            chosen.append([b.html for b in c.theirs])
        elif choice == "yours":
            chosen.append([b.html for b in c.yours])
        elif choice == "own":
            text = str(answers.get(block_own_name(c.index), ""))
            if len(text) > MAX_BODY:
                errors[block_own_name(c.index)] = OWN_TOO_LONG
                chosen.append([])
            else:
                chosen.append(c.own_blocks(text))
        else:
            errors[block_choice_name(c.index)] = NOT_CHOSEN
            chosen.append([])
    if errors:
        return Resolution(errors=errors)
    body = join_blocks(dm.body.resolve(chosen))
    if len(body) > MAX_BODY:
        return Resolution(errors={"body": OWN_TOO_LONG})
    return Resolution(body_html=clean_html(body) if body else "", state=state)
