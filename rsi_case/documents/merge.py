"""Three-way merge of two edits of one document against their common base.

Two people open version 4; one saves version 5; the other presses Gem on a
form that still starts from 4. Rather than asking the second to merge by hand
(and risking that their next Gem silently drops the first person's
sentence), both edits are compared with version 4, block by block (a heading,
a paragraph, a list item, a table row — the units a body is stored in):

- a block only one side changed, added or removed takes that side's change;
- both sides making the same change is no conflict;
- one side adding blocks right beside a block the other side edited keeps
  both (an edited last paragraph and a new one after it);
- both sides changing the same place differently (two edits of one
  paragraph, an edit against a deletion, two different insertions at the same
  spot) is a :class:`Conflict` the user resolves.

The same rule merges the metadata fields (title, date, ...).

Pure: lists of hashable items in, a list of chunks out; no database, no
request. The classic diff3 procedure (sync regions where all three agree,
decided region by region in between), on ``difflib.SequenceMatcher``. Like
diff3, changes to *neighbouring* blocks with nothing unchanged between them
count as one place: conservative, never a lost word.

Bounded: the common head and tail are cut off first (linear), and if what is
left on any side is longer than :data:`MAX_BLOCKS`, the middle is one conflict
instead of a quadratic comparison. A middle of few distinct blocks repeated
many times (difflib's worst case) is compared as "the k-th occurrence of a
block", which keeps every key unique (conservative: such a block that moved
may count as changed, and so as a conflict — never as a lost word).
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Hashable, Sequence

MAX_BLOCKS = 4000  # blocks of one side's changed middle compared block by block (a 300-page strategy has ~3000)


@dataclasses.dataclass(frozen=True)
class Clean:
    """Blocks both sides agree on (or that only one side changed)."""
    items: tuple
    source: str  # "base" (nobody changed it), "theirs", "yours", "both" (the same change on both sides),
    # "theirs+yours" (one side added blocks beside the other's edit)


@dataclasses.dataclass(frozen=True)
class Conflict:
    """One place both sides changed differently: base, theirs and yours as they are there."""
    base: tuple
    theirs: tuple
    yours: tuple


@dataclasses.dataclass
class Merge:
    chunks: list  # Clean | Conflict, in document order
    bounded: bool = False  # the inputs were too long to compare block by block

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for c in self.chunks if isinstance(c, Conflict)]

    def taken(self, source: str) -> int:
        """How many changed places were taken from ``source`` ("theirs", "yours", "both")."""
        return sum(1 for c in self.chunks if isinstance(c, Clean) and (
            c.source == source or (c.source == "theirs+yours" and source in ("theirs", "yours"))))

    def resolve(self, choices: Sequence[Sequence]) -> list:
        """The merged items, with ``choices[i]`` (a sequence of items) put in
        place of the i-th conflict."""
        conflicts = self.conflicts
        if len(choices) != len(conflicts):
            raise ValueError("one choice per conflict")
        out: list = []
        k = 0
        for chunk in self.chunks:
            if isinstance(chunk, Conflict):
                out.extend(choices[k])
                k += 1
            else:
                out.extend(chunk.items)
        return out


def _sync_regions(base, theirs, yours):
    """Stretches (base, theirs, yours slices) that are equal in all three, plus an empty end marker."""
    tm = difflib.SequenceMatcher(a=base, b=theirs, autojunk=False).get_matching_blocks()
    ym = difflib.SequenceMatcher(a=base, b=yours, autojunk=False).get_matching_blocks()
    regions = []
    it = iy = 0
    while it < len(tm) and iy < len(ym):
        tb, tt, tn = tm[it]
        yb, yy, yn = ym[iy]
        start, end = max(tb, yb), min(tb + tn, yb + yn)
        if start < end:
            t0 = tt + (start - tb)
            y0 = yy + (start - yb)
            regions.append((start, end, t0, t0 + (end - start), y0, y0 + (end - start)))
        if tb + tn < yb + yn:
            it += 1
        else:
            iy += 1
    regions.append((len(base), len(base), len(theirs), len(theirs), len(yours), len(yours)))
    return regions


def _decide(base, theirs, yours) -> Clean | Conflict | None:
    if not base and not theirs and not yours:
        return None
    if theirs == yours:
        return Clean(tuple(yours), "base" if base == yours else "both")
    if base == theirs:
        return Clean(tuple(yours), "yours")
    if base == yours:
        return Clean(tuple(theirs), "theirs")
    for changed, added in ((theirs, yours), (yours, theirs)):
        joined = _beside(base, changed, added)
        if joined is not None:
            return Clean(tuple(joined), "theirs+yours")
    return Conflict(tuple(base), tuple(theirs), tuple(yours))


def _beside(base, changed, added):
    """One side only added blocks before or after this stretch, the other only
    edited or removed blocks in it (no more blocks than before): both hold,
    the additions beside the edit (a new last paragraph after an edited one).
    Two additions at the same place stay a conflict (an empty base), and so
    does an addition next to an edit that adds blocks too (their order is
    not known)."""
    n = len(base)
    if not n or len(changed) > n or len(added) <= n:
        return None
    if added[:n] == base:
        return list(changed) + list(added[n:])
    if added[-n:] == base:
        return list(added[:-n]) + list(changed)
    return None


def _merge_middle(base, theirs, yours) -> list:
    chunks = []
    ib = it = iy = 0
    for b0, b1, t0, t1, y0, y1 in _sync_regions(base, theirs, yours):
        decided = _decide(base[ib:b0], theirs[it:t0], yours[iy:y0])
        if decided is not None:
            chunks.append(decided)
        if b1 > b0:
            chunks.append(Clean(tuple(base[b0:b1]), "base"))
        ib, it, iy = b1, t1, y1
    return chunks


def merge3(base: Sequence[Hashable], theirs: Sequence[Hashable], yours: Sequence[Hashable],
           *, max_blocks: int = MAX_BLOCKS) -> Merge:
    """Merge ``theirs`` and ``yours``, both edits of ``base``."""
    base, theirs, yours = list(base), list(theirs), list(yours)
    # the common head and tail: unchanged on all three sides (cheap, and keeps the middle small)
    head = 0
    while head < min(len(base), len(theirs), len(yours)) and base[head] == theirs[head] == yours[head]:
        head += 1
    tail = 0
    while (tail < min(len(base), len(theirs), len(yours)) - head
           and base[-1 - tail] == theirs[-1 - tail] == yours[-1 - tail]):
        tail += 1
    mb, mt, my = (s[head:len(s) - tail] for s in (base, theirs, yours))
    chunks: list = [Clean(tuple(base[:head]), "base")] if head else []
    bounded = max(len(mb), len(mt), len(my)) > max_blocks
    if bounded:
        decided = _decide(mb, mt, my)
        if decided is not None:
            chunks.append(decided)
    elif _repetitive(mb, mt) or _repetitive(mb, my):
        # few distinct blocks repeated many times make difflib quadratic per match: compare
        # "the k-th occurrence of a block" instead (each key unique), and unwrap afterwards
        keyed = _merge_middle(_numbered(mb), _numbered(mt), _numbered(my))
        chunks.extend(_unwrap(c) for c in keyed)
    else:
        chunks.extend(_merge_middle(mb, mt, my))
    if tail:
        chunks.append(Clean(tuple(base[len(base) - tail:]), "base"))
    return Merge(_coalesce(chunks), bounded)


def _repetitive(a, b) -> bool:
    """Whether comparing ``a`` with ``b`` would cost difflib far more than their
    length: the pairs of equal items it walks through, per longest-match search."""
    counts: dict = {}
    for item in b:
        counts[item] = counts.get(item, 0) + 1
    pairs = sum(counts.get(item, 0) for item in a)
    return pairs > 8 * (len(a) + len(b)) + 1000


def _numbered(items) -> list:
    seen: dict = {}
    out = []
    for item in items:
        k = seen.get(item, 0)
        seen[item] = k + 1
        out.append((item, k))
    return out


def _unwrap(chunk):
    if isinstance(chunk, Conflict):
        return Conflict(*(tuple(i for i, _k in side) for side in (chunk.base, chunk.theirs, chunk.yours)))
    return Clean(tuple(i for i, _k in chunk.items), chunk.source)


def _coalesce(chunks: list) -> list:
    """Neighbouring unchanged stretches as one (the head, the middle's and the tail's)."""
    out: list = []
    for c in chunks:
        if out and isinstance(c, Clean) and isinstance(out[-1], Clean) and c.source == out[-1].source == "base":
            out[-1] = Clean(out[-1].items + c.items, "base")
        else:
            out.append(c)
    return out


# -- fields ---------------------------------------------------------------------

@dataclasses.dataclass
class FieldMerge:
    values: dict            # the merged value of every field (a conflicted field: yours, until resolved)
    theirs: list            # fields taken from theirs
    conflicts: list         # fields both changed differently


def merge_fields(base: dict, theirs: dict, yours: dict) -> FieldMerge:
    """Field by field, the same rule as the blocks."""
    values, taken, conflicts = {}, [], []
    for field in yours:
        b, t, y = base.get(field), theirs.get(field), yours[field]
        if t == y or b == t:
            values[field] = y
        elif b == y:
            values[field] = t
            taken.append(field)
        else:
            values[field] = y
            conflicts.append(field)
    return FieldMerge(values, taken, conflicts)
