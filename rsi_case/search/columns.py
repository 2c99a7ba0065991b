"""Per-document values as arrays, for permission filtering, filters and facet
counts at array speed instead of Whoosh's per-match Python.

Whoosh counts a facet by calling back into Python for every match and every
facet, and turns the permission filter ``Or(acl:…)`` into a fresh set of
document numbers on every query; together they were three quarters of a
broad query's time (see docs/performance.md). Here each segment's values are
read once — segments never change once written, only whole segments come and
go — and kept as numpy arrays keyed by the segment's id; a refreshed searcher
re-reads only its new segments. Per searcher they are laid end to end in
global document numbers, and per set of principals the permitted documents
are kept as a mask and a set (the searcher's own filter form).

Documents a segment has deleted keep their stale values here; that does no
harm, because every mask is only ever applied to documents a query matched,
and Whoosh's matchers skip deleted documents.
"""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
from whoosh import query as Q

# single-valued keyword fields read from their postings (value → documents)
CODED = ("type", "kind", "status", "category", "author")
# multi-valued: one mask per value
MULTI = ("regions",)


def _day(value) -> int:
    if isinstance(value, dt.datetime | dt.date):
        return value.year * 10000 + value.month * 100 + value.day
    return 0


class _Segment:
    """The arrays of one segment, in its local document numbers."""

    def __init__(self, reader, vocab: dict[str, dict[str, int]]):
        n = reader.doc_count_all()
        self.size = n
        self.codes = {}
        for field in CODED:
            codes = np.full(n, -1, dtype=np.int32)
            table = vocab[field]
            for value, ids in _postings(reader, field):
                codes[ids] = table.setdefault(value, len(table))
            self.codes[field] = codes
        self.multi = {}
        for field in MULTI:
            masks = {}
            for value, ids in _postings(reader, field):
                mask = np.zeros(n, dtype=bool)
                mask[ids] = True
                masks[value] = mask
            self.multi[field] = masks
        self.year = np.fromiter((v or 0 for v in _column(reader, "year", n)), dtype=np.int32, count=n)
        self.day = np.fromiter((_day(v) for v in _column(reader, "date", n)), dtype=np.int32, count=n)


def _postings(reader, field):
    if field not in reader.schema:
        return
    for term in reader.lexicon(field):
        value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        ids = np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int64)
        yield value, ids


def _column(reader, field, n):
    if reader.has_column(field):
        return list(reader.column_reader(field))
    return [None] * n


class Columns:
    """The arrays of one searcher (global document numbers)."""

    def __init__(self, searcher, segment_cache: dict, vocab: dict):
        leaves = searcher.leaf_searchers()
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.vocab = vocab
        parts = []
        for sub, offset in leaves:
            reader = sub.reader()
            key = reader.segment().segment_id() if hasattr(reader, "segment") and reader.segment() else id(reader)
            seg = segment_cache.get(key)
            if seg is None or seg.size != reader.doc_count_all():
                seg = segment_cache[key] = _Segment(reader, vocab)
            parts.append((seg, offset, sub))
        self.leaves = parts
        self.segment_keys = {k for k in segment_cache}

        def cat(get, dtype):
            arrays = [get(seg) for seg, _o, _s in parts]
            return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

        self.codes = {f: cat(lambda s, f=f: s.codes[f], np.int32) for f in CODED}
        self.year = cat(lambda s: s.year, np.int32)
        self.day = cat(lambda s: s.day, np.int32)
        self.multi = {}
        for field in MULTI:
            values = sorted({v for seg, _o, _s in parts for v in seg.multi[field]})
            self.multi[field] = {
                v: cat(lambda s, v=v, f=field: s.multi[f].get(v, np.zeros(s.size, dtype=bool)), bool) for v in values}
        self._acl: dict[frozenset, tuple] = {}
        self._lock = threading.Lock()

    # -- who may see what ---------------------------------------------------------

    def allowed(self, principals) -> tuple[np.ndarray, set]:
        """(mask, set) of the documents ``principals`` may see; cached."""
        key = frozenset(principals)
        with self._lock:
            hit = self._acl.get(key)
        if hit is not None:
            return hit
        mask = np.zeros(self.size, dtype=bool)
        if key:
            acl = Q.Or([Q.Term("acl", p) for p in sorted(key)])
            for sub, offset in self.searcher.leaf_searchers():
                ids = np.fromiter(acl.docs(sub), dtype=np.int64)
                mask[ids + offset] = True
        hit = (mask, set(np.flatnonzero(mask).tolist()))
        with self._lock:
            if len(self._acl) > 64:  # many distinct users: keep the newest
                self._acl.clear()
            self._acl[key] = hit
        return hit

    # -- filters and facets ----------------------------------------------------------

    def value_mask(self, field: str, value) -> np.ndarray:
        if field in self.codes:
            code = self.vocab[field].get(str(value))
            return self.codes[field] == code if code is not None else np.zeros(self.size, dtype=bool)
        if field in self.multi:
            return self.multi[field].get(str(value), np.zeros(self.size, dtype=bool))
        if field == "year":
            return self.year == int(value)
        raise KeyError(field)

    def date_mask(self, start: dt.date | None, end: dt.date | None) -> np.ndarray:
        mask = self.day > 0
        if start:
            mask &= self.day >= _day(start)
        if end:
            mask &= self.day <= _day(end)
        return mask

    def facets(self, docs: np.ndarray, names) -> dict[str, dict]:
        """Counts per value of each facet over the documents ``docs``."""
        out = {}
        for name in names:
            if name in self.codes:
                codes = self.codes[name][docs]
                counts = np.bincount(codes[codes >= 0], minlength=len(self.vocab[name]))
                labels = {code: value for value, code in self.vocab[name].items()}
                out[name] = {labels[c]: int(n) for c, n in enumerate(counts) if n}
            elif name in self.multi:
                out[name] = {v: int(np.count_nonzero(m[docs])) for v, m in self.multi[name].items()}
                out[name] = {v: n for v, n in out[name].items() if n}
            elif name == "year":
                years = self.year[docs]
                years = years[years > 0]
                if len(years):
                    low = int(years.min())
                    counts = np.bincount(years - low)
                    out[name] = {low + i: int(n) for i, n in enumerate(counts) if n}
                else:
                    out[name] = {}
        return out

    def newest_first(self, docs: np.ndarray) -> np.ndarray:
        """``docs`` by date, newest first (ties: the later entry first)."""
        order = np.lexsort((-docs, -self.day[docs]))
        return docs[order]
