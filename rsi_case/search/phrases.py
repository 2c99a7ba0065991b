"""Phrases matched on word positions with numpy, instead of Whoosh's
document-at-a-time span matching.

Whoosh checks a phrase (``SpanNear2``) one candidate document at a time in
Python: it steps an intersection of the words' posting lists, unpickles
each word's positions in the document and compares them span by span —
about 5 µs per candidate and field, which made phrases the one query class
slower than SQLite FTS5 (docs/performance.md). Here, per segment and field:

1. the words' posting lists are read whole (ids, weights and the encoded
   positions), a block at a time, as :mod:`.docsets` does for terms;
2. the candidates are the documents holding every word, intersected rarest
   word first and with the caller's mask (permissions and filters) before
   any position is decoded;
3. only the candidates' positions are decoded — in bulk: Whoosh stores a
   posting's positions as a count and a pickled list of deltas, and for the
   common layout (every delta < 256) the deltas sit at fixed offsets, so one
   numpy gather reads them all; any other posting is decoded by Whoosh's own
   ``Positions.decode_positions``;
4. the phrase is checked as sorted keys ``candidate << 32 | position``:
   the set of places where the phrase so far can end is moved on by each
   word's allowed distance and kept where the next word stands
   (``searchsorted``), narrowing the candidates word by word.

The rule is Whoosh's, exactly (``SpanNear2`` as ``Phrase`` and
:class:`~.analysis.GappedPhrase` build it): words 1…n match at positions
p1 < p2 < … where each distance p[i+1] − p[i] lies in [gap, gap + slop − 1],
gap being 1 or the query's stop-word gap. Stacked tokens (compound and
hyphen parts on their word's position) are simply more than one word at a
position. ``tests/unit/test_search_phrases.py`` compares every match and
score with Whoosh's own matcher on an index of several segments with
deletions. Anything else (a field without this position format, a phrase of
fewer than two words) returns None, and the caller lets Whoosh match it.
"""

from __future__ import annotations

import numpy as np
from whoosh import formats, query as Q

from .analysis import GappedPhrase
from .docsets import EMPTY, read_postings

PHRASES = (Q.Phrase, GappedPhrase)
_SHIFT = 32  # key = candidate << 32 | position


def is_phrase(q) -> bool:
    return type(q) in PHRASES


def distances(q) -> list[tuple[int, int]]:
    """The allowed (least, most) distance from each word to the next."""
    gaps = q._gaps() if isinstance(q, GappedPhrase) else [1] * (len(q.words) - 1)
    return [(g, g + q.slop - 1) for g in gaps]


class PhraseMatch:
    """One segment's matches of a phrase in one field: sorted local document
    numbers, the (ids, weights) of each of its words for scoring, the word
    texts (in phrase order, repeated words repeated) and Whoosh's term count
    (the number of term matchers its phrase matcher has: every word when all
    are in the segment, none otherwise)."""

    __slots__ = ("ids", "postings", "words", "termcount")

    def __init__(self, ids, postings, words, termcount):
        self.ids, self.postings, self.words, self.termcount = ids, postings, words, termcount


def _nothing() -> PhraseMatch:
    return PhraseMatch(EMPTY, {}, [], 0)


def segment_phrase(q, reader, schema, mask: np.ndarray | None = None) -> PhraseMatch | None:
    """The documents of one segment (``reader``) that match phrase ``q``,
    among those ``mask`` (local document numbers → bool) allows; None when
    this phrase is left to Whoosh."""
    field = q.fieldname
    if field not in schema:
        return _nothing()  # (Whoosh: a null matcher)
    fmt = schema[field].format
    if type(fmt) is not formats.Positions or len(q.words) < 2 or q.slop < 1:
        return None  # (another position format; a one-word or impossible phrase)
    words = []
    for word in q.words:
        try:
            btext = schema[field].to_bytes(word)
        except ValueError:
            return _nothing()
        if (field, btext) not in reader:
            return _nothing()  # a word the segment lacks: no match, no terms
        words.append(btext)
    # candidates: the documents the mask allows that hold every word, rarest
    # word first; a later word's blocks without a candidate are not even read
    postings = {}
    cand = None
    for btext in sorted(dict.fromkeys(words), key=lambda b: reader.doc_frequency(field, b)):
        if cand is not None and not len(cand):
            postings[btext] = (EMPTY, np.zeros(0), np.empty(0, dtype=object))
            continue
        read = read_postings(reader.postings(field, btext), weights=True, values=True, only=cand)
        if read is None:
            return None
        postings[btext] = read
        if cand is None:
            cand = read[0] if mask is None else read[0][mask[read[0]]]
        else:
            cand = np.intersect1d(cand, read[0], assume_unique=True)
    found = PhraseMatch(EMPTY, {b: (p[0], p[1]) for b, p in postings.items()}, words, len(words))
    if not len(cand):
        return found
    found.ids = _check(cand, words, postings, distances(q), fmt)
    return found


def _check(cand: np.ndarray, words, postings, steps, fmt) -> np.ndarray:
    """The candidates where the words stand at the allowed distances."""
    alive = np.arange(len(cand), dtype=np.int64)  # candidate numbers still possible
    ends = None
    for i, btext in enumerate(words):
        ids, _w, values = postings[btext]
        at = np.searchsorted(ids, cand[alive])
        keys = _keys(alive, values[at].tolist(), fmt)
        if ends is None:
            ends = keys
            continue
        least, most = steps[i - 1]
        lo = np.searchsorted(keys, ends + least, side="left")
        hi = np.searchsorted(keys, ends + most, side="right")
        # every key inside some [end + least, end + most]: a coverage count
        cover = np.cumsum(np.bincount(lo, minlength=len(keys) + 1) - np.bincount(hi, minlength=len(keys) + 1))
        ends = keys[cover[:len(keys)] > 0]
        if not len(ends):
            return EMPTY
        alive = np.unique(ends >> _SHIFT)
    return cand[np.unique(ends >> _SHIFT)]


def _keys(owners: np.ndarray, values: list, fmt) -> np.ndarray:
    """Sorted ``owner << 32 | position`` of every position in ``values``
    (one encoded posting value per owner)."""
    counts, positions = decode_positions(values, fmt)
    keys = (np.repeat(owners, counts) << _SHIFT) | positions
    if len(keys) > 1 and (np.diff(keys) < 0).any():  # (our analyser never writes positions out of order)
        keys.sort()
    return keys


# How Whoosh's ``Positions`` format encodes a posting's positions: a
# big-endian uint32 count, then the list of deltas pickled with protocol 2 —
# ``\x80\x02`` (whoosh-reloaded writes it, Whoosh 2.7 stripped it), ``]q\x00``
# (a list, memo 0), then for one delta ``<int> a`` and for more
# ``( <int> <int> … e`` (batches of 1000), then ``.`` (with the header).
# An int is ``K`` + 1 byte, ``M`` + 2 bytes or ``J`` + 4 bytes (little-endian).
_K, _M, _J = ord("K"), ord("M"), ord("J")
_LIST, _MEMO, _MARK, _APPEND, _APPENDS, _STOP = ord("]"), ord("q"), ord("("), ord("a"), ord("e"), ord(".")
_MOST_AT_ONCE = 1000  # pickle's batch: more deltas than this have a second mark
_FEW = 64  # values left when stepping item by item stops paying


def decode_positions(values: list, fmt) -> tuple[np.ndarray, np.ndarray]:
    """(position count per value, all positions in order) of encoded
    ``Positions`` values, read with numpy: where every delta is one byte (most
    postings) at fixed offsets in one gather, otherwise item by item over all
    values at once; a value of another layout, or one of the few longest, is
    decoded by ``fmt.decode_positions`` (Whoosh's own decoder)."""
    m = len(values)
    if not m:
        return EMPTY, EMPTY
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=m)
    buf = np.frombuffer(b"".join(values), dtype=np.uint8)
    if not len(buf):
        return _one_by_one(values, fmt, np.arange(m), np.zeros(m, dtype=np.int64), np.zeros(m, dtype=np.int64), EMPTY)
    starts = np.cumsum(lengths) - lengths
    ends = starts + lengths
    last = len(buf) - 1

    def at(index):
        return buf[np.minimum(index, last)].astype(np.int64)

    counts = (at(starts) << 24) | (at(starts + 1) << 16) | (at(starts + 2) << 8) | at(starts + 3)
    header = ((at(starts + 4) == 0x80) & (at(starts + 5) == 2)).astype(np.int64)
    body = starts + 4 + 2 * header
    multi = counts >= 2
    ok = ((lengths >= 9) & (counts >= 1) & (counts <= _MOST_AT_ONCE) & (at(body) == _LIST)
          & (at(body + 1) == _MEMO) & (at(body + 2) == 0) & (~multi | (at(body + 3) == _MARK)))
    counts = np.where(ok, counts, 0)  # the others are decoded one by one at the end
    item = body + 3 + multi  # the first delta's opcode
    closing = np.where(multi, _APPENDS, _APPEND)
    tail = 1 + header  # the closing append, and the stop after a header

    def closed(rows, after_items):
        return ((after_items + tail[rows] == ends[rows]) & (at(after_items) == closing[rows])
                & ((header[rows] == 0) | (at(ends[rows] - 1) == _STOP)))

    first = np.cumsum(counts) - counts
    deltas = np.zeros(int(counts.sum()), dtype=np.int64)
    done = np.zeros(m, dtype=bool)
    # 1. every delta one byte, as the value's length says: a single gather
    ones = np.flatnonzero(ok & (ends == item + 2 * counts + tail))
    if len(ones):
        c = counts[ones]
        within = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        opcode = np.repeat(item[ones], c) + 2 * within
        good = closed(ones, item[ones] + 2 * c)
        wrong = buf[opcode] != _K
        if wrong.any():
            good[np.repeat(np.arange(len(ones)), c)[wrong]] = False
        deltas[np.repeat(first[ones], c) + within] = buf[opcode + 1]
        done[ones[good]] = True
    # 2. the others, item by item for all of them at once, most items first,
    # until only a few long ones are left
    rest = np.flatnonzero(ok & ~done)
    rest = rest[np.argsort(-counts[rest], kind="stable")]
    c = counts[rest]
    p = item[rest]
    valid = np.ones(len(rest), dtype=bool)
    active, k = len(rest), 0
    while active:
        while active and c[active - 1] <= k:
            active -= 1
        if not active or (active <= _FEW and k >= 8):
            break
        q = p[:active]
        op, low = at(q), at(q + 1)
        two = low | (at(q + 2) << 8)
        four = two | (at(q + 3) << 16) | (at(q + 4) << 24)
        four = np.where(four >= 1 << 31, four - (1 << 32), four)  # (a signed int)
        deltas[first[rest[:active]] + k] = np.where(op == _K, low, np.where(op == _M, two, four))
        valid[:active] &= (op == _K) | (op == _M) | (op == _J)
        p[:active] = q + np.where(op == _K, 2, np.where(op == _M, 3, 5))
        k += 1
    fin = np.arange(active, len(rest))  # every item read
    rows = rest[fin]
    done[rows[valid[fin] & closed(rows, p[fin])]] = True
    positions = np.cumsum(deltas)
    if len(positions):
        positions -= np.repeat(np.concatenate(([0], positions))[first], counts)
    slow = np.flatnonzero(~done)
    if len(slow):
        return _one_by_one(values, fmt, slow, counts, first, positions)
    return counts, positions


def _one_by_one(values, fmt, slow, counts, first, positions):
    """Decode the values ``slow`` with Whoosh's own decoder and splice them
    in among the others (``counts``, ``first`` and ``positions`` as decoded)."""
    keep = np.ones(len(counts), dtype=bool)
    keep[slow] = False
    decoded = [fmt.decode_positions(values[j]) for j in slow.tolist()]
    new_counts = np.where(keep, counts, 0)
    new_counts[slow] = [len(d) for d in decoded]
    new_first = np.cumsum(new_counts) - new_counts
    out = np.zeros(int(new_counts.sum()), dtype=np.int64)
    kept = np.flatnonzero(keep & (counts > 0))
    if len(kept):
        c = counts[kept]
        within = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        out[np.repeat(new_first[kept], c) + within] = positions[np.repeat(first[kept], c) + within]
    for j, got in zip(slow.tolist(), decoded):
        out[new_first[j]:new_first[j] + len(got)] = got
    return new_counts, out
