"""Which documents a query matches, as a numpy array, without scoring: the
boolean skeleton of a query evaluated on whole posting lists (terms read by
:mod:`.docsets`, phrases checked on positions by :mod:`.phrases`); any other
query asks Whoosh for its documents the ordinary way, so every query gives
exactly what Whoosh itself would match. (Here, above both, so that phrases
can read postings with docsets and docsets need not know phrases.)"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from .docsets import EMPTY, _leaf_ids
from .phrases import is_phrase, segment_phrase


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
    if is_phrase(q):
        found = segment_phrase(q, searcher.reader(), searcher.schema)
        if found is not None:
            return found.ids
        return np.unique(np.fromiter(q.docs(searcher), dtype=np.int64))
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
