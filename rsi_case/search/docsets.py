"""Which documents a query matches, as a numpy array, without scoring.

Counting hits and facets needs every matching document; scoring needs only
the best page. Whoosh finds every match by stepping its matchers one
document at a time in Python (several µs per match for a word searched in
four fields). Here the boolean skeleton of the query — terms, or, and, not —
is evaluated on whole posting lists: a term's documents are read block by
block and the lists are combined with numpy's sorted-set operations. Any
other query (phrases, ranges, prefixes) asks Whoosh for its documents the
ordinary way, so every query gives exactly what Whoosh itself would match.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.matching.wrappers import FilterMatcher

EMPTY = np.zeros(0, dtype=np.int64)


_BLOCK_READER = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights", "_blocklength", "_i")


def read_postings(matcher, weights: bool = False):
    """(document numbers, weights or None) of a fresh posting-list matcher, read
    a block at a time with Whoosh 3's own block reader; the segment's deleted
    documents left out. None if the matcher is not a Whoosh 3 posting list."""
    excluded = None
    if isinstance(matcher, FilterMatcher) and getattr(matcher, "_exclude", False):
        excluded, matcher = matcher._ids, matcher.child  # the segment's deleted documents
    if not all(hasattr(matcher, a) for a in _BLOCK_READER):
        return None
    ids, values = [], []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        i, n = matcher._i, matcher._blocklength
        ids.append(np.asarray(matcher._ids[i:n], dtype=np.int64))
        if weights:
            if matcher._weights is None:
                matcher._read_weights()
            values.append(np.asarray(matcher._weights[i:n], dtype=np.float64))
        matcher._next_block()
    ids = np.concatenate(ids) if ids else EMPTY
    values = (np.concatenate(values) if values else np.zeros(0, dtype=np.float64)) if weights else None
    if excluded:
        keep = ~np.isin(ids, np.fromiter(excluded, dtype=np.int64))
        ids = ids[keep]
        values = values[keep] if values is not None else None
    return ids, values


def _leaf_ids(matcher) -> np.ndarray:
    """All document numbers of a fresh posting-list matcher (stepping through
    it id by id when it is not a Whoosh 3 posting list)."""
    read = read_postings(matcher)
    return read[0] if read is not None else np.fromiter(matcher.all_ids(), dtype=np.int64)


def _all_live(searcher) -> np.ndarray:
    reader = searcher.reader()
    ids = np.arange(reader.doc_count_all(), dtype=np.int64)
    if reader.has_deletions():
        ids = ids[[not reader.is_deleted(i) for i in ids.tolist()]]
    return ids


def segment_docs(q, searcher) -> np.ndarray:
    """Sorted local document numbers of ``searcher``'s (one segment's) matches."""
    if isinstance(q, Q.Term):
        field = q.fieldname
        if field not in searcher.schema:
            return EMPTY
        reader = searcher.reader()
        try:
            btext = searcher.schema[field].to_bytes(q.text)
        except Exception:
            return np.fromiter(q.docs(searcher), dtype=np.int64)
        if (field, btext) not in reader:
            return EMPTY
        return _leaf_ids(reader.postings(field, btext))
    if isinstance(q, Q.Or) and q.subqueries:
        parts = [segment_docs(sub, searcher) for sub in q.subqueries]
        return np.unique(np.concatenate(parts))
    if isinstance(q, Q.And) and q.subqueries:
        out = None
        for sub in q.subqueries:
            ids = segment_docs(sub, searcher)
            out = ids if out is None else np.intersect1d(out, ids, assume_unique=True)
            if not len(out):
                break
        return out
    if isinstance(q, Q.AndNot):
        return np.setdiff1d(segment_docs(q.a, searcher), segment_docs(q.b, searcher), assume_unique=True)
    if isinstance(q, Q.AndMaybe):
        return segment_docs(q.a, searcher)
    if isinstance(q, Q.Require):
        return np.intersect1d(segment_docs(q.a, searcher), segment_docs(q.b, searcher), assume_unique=True)
    if isinstance(q, Q.Not):
        return np.setdiff1d(_all_live(searcher), segment_docs(q.query, searcher), assume_unique=True)
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        return EMPTY
    if type(q) is Q.Every and not q.fieldname:
        return _all_live(searcher)
    return np.unique(np.fromiter(q.docs(searcher), dtype=np.int64))


def matching_docs(q, searcher) -> np.ndarray:
    """Sorted global document numbers of every document ``q`` matches."""
    parts = [segment_docs(q, sub) + offset for sub, offset in searcher.leaf_searchers()]
    return np.concatenate(parts) if parts else EMPTY
