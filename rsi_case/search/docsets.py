"""Which documents a query matches, as a numpy array, without scoring.

Counting hits and facets needs every matching document; scoring needs only
the best page. Whoosh finds every match by stepping its matchers one
document at a time in Python (several µs per match for a word searched in
four fields). Here the boolean skeleton of the query — terms, or, and, not —
is evaluated on whole posting lists: a term's documents are read block by
block (here) and the lists are combined with numpy's sorted-set operations
(:mod:`.matching`, which also checks phrases on positions by :mod:`.phrases`).
"""

from __future__ import annotations

import numpy as np
from whoosh.matching.mcore import ListMatcher
from whoosh.matching.wrappers import FilterMatcher

from .blocks import _block_ids, _block_weights, read_blocks

EMPTY = np.zeros(0, dtype=np.int64)


_BLOCK_READER = ("_read_data", "_read_values", "_next_block", "_data", "_values", "_byteids", "_blocklength", "_i",
                 "_maxid", "_postfile", "_dataoffset", "_nextoffset", "_compression")


def read_postings(matcher, weights: bool = False, values: bool = False, only: np.ndarray | None = None):
    """(document numbers, weights or None, values or None) of a fresh posting-list
    matcher, read a block at a time with Whoosh 3's own block reader (a posting
    list of one document, which Whoosh keeps inline in the term's entry, is read
    as the list it is); the segment's deleted documents left out. ``values`` are
    the postings' encoded values (bytes; word positions in a phrase field), as
    an object array. With ``only`` (sorted document numbers), blocks holding
    none of them are skipped unread (their header says which documents they
    span), so the result is a subset that includes every one of them the
    term has. None if the matcher is neither kind of posting list."""
    excluded = None
    if isinstance(matcher, FilterMatcher) and getattr(matcher, "_exclude", False):
        excluded, matcher = matcher._ids, matcher.child  # the segment's deleted documents
    if type(matcher) is ListMatcher:
        return _read_list(matcher, weights, values, excluded)
    if not all(hasattr(matcher, a) for a in _BLOCK_READER):
        return None
    if not values and not matcher._byteids:  # numbers and weights only: read from the blocks' bytes
        ids, ws = read_blocks(matcher, only, weights)
        return _without(excluded, ids, ws, None)
    ids, ws, vs = [], [], []
    below = -1  # every document up to here is behind us
    while matcher.is_active():
        if only is not None:
            nxt = np.searchsorted(only, below, side="right")
            if nxt == len(only):
                break  # no document wanted further on
            if only[nxt] > matcher._maxid:  # none wanted in this block
                below = matcher._maxid
                matcher._next_block()
                continue
        if matcher._data is None:
            matcher._read_data()
        i, n = matcher._i, matcher._blocklength
        ids.append(_block_ids(matcher)[i:n])
        if weights:
            ws.append(_block_weights(matcher)[i:n])
        if values:
            if matcher._values is None:
                matcher._read_values()
            vs.extend(matcher._values[i:n])
        below = matcher._maxid
        matcher._next_block()
    ids = np.concatenate(ids) if ids else EMPTY
    ws = (np.concatenate(ws) if ws else np.zeros(0, dtype=np.float64)) if weights else None
    return _without(excluded, ids, ws, _objects(vs) if values else None)


def _objects(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _read_list(matcher, weights: bool, values: bool, excluded):
    ids, ws, vs = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        if weights:
            ws.append(matcher.weight())
        if values:
            vs.append(matcher.value())
        matcher.next()
    return _without(excluded, np.asarray(ids, dtype=np.int64),
                    np.asarray(ws, dtype=np.float64) if weights else None, _objects(vs) if values else None)


def _without(excluded, ids, weights, values):
    if excluded:
        keep = ~np.isin(ids, np.fromiter(excluded, dtype=np.int64))
        ids = ids[keep]
        weights = weights[keep] if weights is not None else None
        values = values[keep] if values is not None else None
    return ids, weights, values


def _leaf_ids(matcher) -> np.ndarray:
    """All document numbers of a fresh posting-list matcher (stepping through
    it id by id when it is not a Whoosh 3 posting list)."""
    read = read_postings(matcher)
    return read[0] if read is not None else np.fromiter(matcher.all_ids(), dtype=np.int64)
