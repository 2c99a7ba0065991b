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


def _leaf_ids(matcher) -> np.ndarray:
    """All document numbers of a fresh posting-list matcher, a block at a time
    (Whoosh's own block reader; stepping through it id by id otherwise)."""
    excluded = None
    if isinstance(matcher, FilterMatcher) and getattr(matcher, "_exclude", False):
        excluded, matcher = matcher._ids, matcher.child  # the segment's deleted documents
    chunks = []
    if all(hasattr(matcher, a) for a in ("_read_ids", "_next_block", "_ids", "_blocklength", "_i")):
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            chunks.append(np.asarray(matcher._ids[matcher._i:matcher._blocklength], dtype=np.int64))
            matcher._next_block()
        ids = np.concatenate(chunks) if chunks else EMPTY
    else:
        ids = np.fromiter(matcher.all_ids(), dtype=np.int64)
    if excluded:
        ids = ids[~np.isin(ids, np.fromiter(excluded, dtype=np.int64))]
    return ids


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
