"""Compare two versions so that a reader without technical background can
follow it: the body block by block (a heading, a paragraph, a list item, a
table row), unchanged blocks as they are, new ones marked inserted, removed
ones struck through, changed ones with the changed words marked inline, and
blocks that only moved marked as moved — plus every metadata field.

The same block comparison feeds the Word redline export.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from html import escape

from .versions import Block

_TOKEN = re.compile(r"\s+|[\w\-–/.,:;%]+|[^\w\s]", re.UNICODE)


@dataclasses.dataclass
class BlockChange:
    op: str  # "equal", "insert", "delete", "change", "moved-from", "moved-to", "moved-change" (moved and edited)
    old: Block | None
    new: Block | None
    words: list = dataclasses.field(default_factory=list)  # [(op, text)] for "change"

    def html(self) -> str:
        """Built only from stored (sanitised) block HTML and escaped words."""
        if self.op in ("equal",):
            return self.new.html
        if self.op in ("insert", "moved-to"):
            return f'<div class="diff-block diff-{self.op}">{self.new.html}</div>'
        if self.op in ("delete", "moved-from"):
            return f'<div class="diff-block diff-{self.op}">{self.old.html}</div>'
        inner = "".join(_word_html(op, text) for op, text in self.words)
        css = "diff-moved-to diff-change" if self.op == "moved-change" else "diff-change"
        return f'<div class="diff-block {css}">{_wrap(self.new, inner)}</div>'


def _word_html(op: str, text: str) -> str:
    if op == "equal":
        return escape(text)
    if op == "insert":
        return f"<ins>{escape(text)}</ins>"
    return f"<del>{escape(text)}</del>"


def _wrap(block: Block, inner: str) -> str:
    if block.kind == "li":
        return f"<ul><li>{inner}</li></ul>"
    if block.kind == "tr":
        return f"<p class=\"diff-row\">{inner}</p>"
    tag = block.kind if block.kind in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote") else "p"
    return f"<{tag}>{inner}</{tag}>"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return out


def _key(block: Block) -> str:
    return block.html


def diff_blocks(old: list[Block], new: list[Block]) -> list[BlockChange]:
    matcher = difflib.SequenceMatcher(a=[_key(b) for b in old], b=[_key(b) for b in new], autojunk=False)
    changes: list[BlockChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(BlockChange("equal", o, n) for o, n in zip(old[i1:i2], new[j1:j2]))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        # pair removed and added blocks of the same kind in order: a changed paragraph
        pairs = min(len(olds), len(news)) if op == "replace" else 0
        for k in range(pairs):
            o, n = olds[k], news[k]
            ratio = difflib.SequenceMatcher(a=tokens(o.text), b=tokens(n.text), autojunk=False).ratio()
            if o.kind == n.kind and ratio >= 0.3:
                changes.append(BlockChange("change", o, n, word_diff(o.text, n.text)))
            else:
                changes.append(BlockChange("delete", o, None))
                changes.append(BlockChange("insert", None, n))
        changes.extend(BlockChange("delete", o, None) for o in olds[pairs:])
        changes.extend(BlockChange("insert", None, n) for n in news[pairs:])
    # a block removed in one place and added in another only moved
    deleted = {}
    for c in changes:
        if c.op == "delete":
            deleted.setdefault(_key(c.old), []).append(c)
    for c in changes:
        if c.op == "insert" and deleted.get(_key(c.new)):
            c.op = "moved-to"
            deleted[_key(c.new)].pop(0).op = "moved-from"
    # ... and one that moved and was edited too: similar text, same kind.
    # (difflib.get_close_matches' idiom: cheap upper bounds before the full ratio)
    removed = [(c, tokens(c.old.text)) for c in changes if c.op == "delete"]
    for c in changes:
        if c.op != "insert" or not removed:
            continue
        new_tokens = tokens(c.new.text)
        best, best_ratio = None, 0.6
        for candidate in removed:
            r, old_tokens = candidate
            if r.old.kind != c.new.kind:
                continue
            m = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
            if m.real_quick_ratio() < best_ratio or m.quick_ratio() < best_ratio:
                continue
            ratio = m.ratio()
            if ratio >= best_ratio:
                best, best_ratio = candidate, ratio
        if best is not None:
            removed.remove(best)
            best[0].op = "moved-from"
            c.op, c.old, c.words = "moved-change", best[0].old, word_diff(best[0].old.text, c.new.text)
    return changes


def counts(changes: list[BlockChange]) -> dict:
    out = {"insert": 0, "delete": 0, "change": 0, "moved": 0}
    for c in changes:
        if c.op in ("insert", "delete", "change"):
            out[c.op] += 1
        elif c.op in ("moved-to", "moved-change"):
            out["moved"] += 1
    return out


def meta_changes(old, new) -> list[tuple[str, object, object]]:
    """[(field, old value, new value)] for each metadata field that differs."""
    from .versions import META_FIELDS

    return [(f, getattr(old, f), getattr(new, f)) for f in META_FIELDS if getattr(old, f) != getattr(new, f)]
