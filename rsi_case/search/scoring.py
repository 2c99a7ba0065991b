"""BM25F ranking on whole posting lists, with numpy.

Whoosh scores one matching document at a time, in Python, through a tree of
matcher objects (and, for the "documents matching all the words first"
coordination, walks the tree again per document to count matching terms):
~2 µs per match and term, most of a broad query's time. The queries the
search box produces are nearly always terms combined with or / and / and
not; for those this module computes the same BM25F formula Whoosh uses
(``whoosh.scoring.bm25`` with the searcher's idf and average field lengths,
term and query boosts, and ``CoordMatcher``'s "SQR" coordination for an
``Or`` with a scale) over whole arrays per term, and picks the best page with
``argpartition``. Phrases are matched on word positions by
:mod:`.phrases`, only among the documents the caller's mask allows, and
scored as Whoosh scores them. Any other part of a query (ranges, prefixes)
steps Whoosh's own matcher once for its matches and their scores and joins
the arrays from there; only a weighting other than BM25F raises
``Unsupported`` and the caller lets Whoosh do all of it.

Ranking equals Whoosh's up to one detail: Whoosh recomputes the
coordination's term count when it drops an exhausted sub-matcher
mid-search, so its scores depend on the order it meets documents; here the
count is the number of the query's terms present in the segment, for every
document alike.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh import query as Q, scoring

from .docsets import EMPTY, read_postings
from .phrases import is_phrase, segment_phrase
from .postcache import MISSING, PostingCache

try:  # the per-document length column of the Whoosh 3 codec
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length
    _LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
except ImportError:  # pragma: no cover - another whoosh layout: lengths one by one
    LENGTHS_COLUMN = _lenfield = None


def idf_of(weighting, df: int, n_docs: int) -> float:
    """The idf ``weighting`` gives a word found in ``df`` of ``n_docs``
    documents: the weighting's own ``idf_of`` when it defines one (the search
    service's BM25F with the classic idf), else Whoosh's BM25 idf,
    ``log(N / (df + 1)) + 1``."""
    own = getattr(weighting, "idf_of", None)
    return own(df, n_docs) if own is not None else math.log(n_docs / (df + 1)) + 1


class Unsupported(Exception):
    """This query (or weighting) is left to Whoosh's own scoring."""


_FLOAT_EMPTY = np.zeros(0, dtype=np.float64)


def _postings(matcher):
    """(document numbers, weights) of a fresh Whoosh 3 posting-list matcher."""
    read = read_postings(matcher, weights=True)
    if read is None:
        raise Unsupported(type(matcher).__name__)
    return read[0], read[1]


class _Part:
    """A scored sub-result of one segment: sorted ids, scores, and how many of
    the query's terms match each document."""

    __slots__ = ("ids", "scores", "nterms", "termcount")

    def __init__(self, ids, scores, nterms, termcount):
        self.ids, self.scores, self.nterms, self.termcount = ids, scores, nterms, termcount


_NONE = _Part(EMPTY, _FLOAT_EMPTY, EMPTY, 0)


class VectorScorer:
    """Scores a query over one searcher's segments; lengths cached per segment.

    With ``universe`` (a boolean mask over the searcher's documents: those the
    user may see), the collection statistics BM25 uses — the number of
    documents, each term's document frequency and each field's average length
    — are those of the user's own documents. Whoosh's are the whole index's, so
    a change inside a confidential case shifted the scores and order of
    everyone else's results (issue 12's ranking side channel); with the mask a
    user's scores depend on nothing they may not see. Without it the scores
    are exactly Whoosh's (tests/unit/test_search_engine.py).
    """

    def __init__(self, searcher, length_cache: dict, universe: np.ndarray | None = None,
                 cache: PostingCache | None = None):
        weighting = searcher.weighting
        if not isinstance(weighting, scoring.BM25F):  # (a subclass may change the idf: read through the searcher)
            raise Unsupported(type(weighting).__name__)
        self.top = searcher
        self.weighting = weighting
        self.lengths = length_cache  # (segment id, field) → float array
        self._segment_mask = None  # the current segment's part of score()'s mask
        self.universe = universe
        self._postings: dict = {}  # (segment key, field, term) → (ids, weights), read once per query
        self.cache = cache  # … and, with a cache, kept for the next queries (:mod:`.postcache`)
        self._idf: dict = {}
        self._avgfl: dict = {}
        self._size = int(universe.sum()) if universe is not None else None

    # -- collection statistics -------------------------------------------------------

    def idf(self, field: str, btext: bytes) -> float:
        """The weighting's idf (:func:`idf_of`), over the universe if there is one."""
        if self.universe is None:
            return self.top.idf(field, btext)
        key = (field, btext)
        if key not in self._idf:
            df = 0
            for sub, offset in self.top.leaf_searchers():
                got = self._read(sub, field, btext)
                if got is not None:
                    df += int(self.universe[got[0] + offset].sum())
            self._idf[key] = idf_of(self.weighting, df, max(self._size, 1))
        return self._idf[key]

    def avg_field_length(self, field: str) -> float:
        if self.universe is None:
            return self.top.avg_field_length(field) or 1
        if field not in self._avgfl:
            total = 0.0
            for sub, offset in self.top.leaf_searchers():
                raw = self._raw_lengths(sub, field)
                total += float(raw[self.universe[offset:offset + len(raw)]].sum())
            self._avgfl[field] = (total / self._size) if self._size else 1.0
        return self._avgfl[field] or 1.0

    def _read(self, sub, field: str, btext: bytes):
        reader = sub.reader()
        key = (self._segment_key(sub), field, btext)
        got = self._postings.get(key, MISSING)
        if got is MISSING:
            shared = PostingCache.key(reader, field, btext) if self.cache is not None else None
            if shared is not None:
                got = self.cache.get(shared)
            if got is MISSING:
                got = _postings(reader.postings(field, btext)) if (field, btext) in reader else None
                if shared is not None:
                    self.cache.put(shared, got)
            self._postings[key] = got
        return got

    @staticmethod
    def _segment_key(sub):
        reader = sub.reader()
        segment = reader.segment() if hasattr(reader, "segment") else None
        return segment.segment_id() if segment is not None else id(reader)

    # -- one segment ---------------------------------------------------------------

    def _raw_lengths(self, sub, field: str) -> np.ndarray:
        """Each document's length of ``field`` (0 where it has none); cached per segment."""
        reader = sub.reader()
        key = (self._segment_key(sub), field, "raw")
        cached = self.lengths.get(key)
        n = reader.doc_count_all()
        if cached is not None and len(cached) == n:
            return cached
        perdoc = getattr(reader, "_perdoc", None)  # the codec's per-document reader
        if _lenfield is not None and perdoc is not None and perdoc.has_column(_lenfield(field)):
            raw = np.fromiter(perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN), dtype=np.int64, count=n)
            lengths = _LENGTH_OF_BYTE[raw]
            lengths[raw == 0] = 0.0
        else:
            lengths = np.array([reader.doc_field_length(i, field, 0) for i in range(n)], dtype=np.float64)
        self.lengths[key] = lengths
        return lengths

    def _field_lengths(self, sub, field: str) -> np.ndarray:
        """The lengths BM25 divides by: a missing length counts as 1 (Whoosh's default)."""
        key = (self._segment_key(sub), field)
        raw = self._raw_lengths(sub, field)
        cached = self.lengths.get(key)
        if cached is not None and len(cached) == len(raw):
            return cached
        lengths = raw.copy()
        lengths[lengths == 0] = 1.0
        self.lengths[key] = lengths
        return lengths

    def _bm25(self, sub, field: str, btext: bytes, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F score of term ``btext`` in the documents ``ids``
        (local numbers of ``sub``) that hold it ``weights`` times."""
        if not self.top.schema[field].scorable:
            return weights
        w = self.weighting
        B = w._field_B.get(field, w.B) if hasattr(w, "_field_B") else w.B
        K1 = w.K1
        idf = self.idf(field, btext)
        avgfl = self.avg_field_length(field)
        fl = self._field_lengths(sub, field)[ids]
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    def _term(self, q: Q.Term, sub) -> _Part:
        field = q.fieldname
        schema = self.top.schema
        if field not in schema:
            return _NONE
        try:
            btext = schema[field].to_bytes(q.text)
        except ValueError:
            return _NONE
        got = self._read(sub, field, btext)
        if got is None:
            return _NONE
        ids, weights = got
        scores = self._bm25(sub, field, btext, ids, weights)
        if q.boost != 1.0:
            scores = scores * q.boost
        return _Part(ids, scores, np.ones(len(ids), dtype=np.int64), 1)

    def _phrase(self, q, sub) -> _Part:
        """A phrase matched on positions with numpy (:mod:`.phrases`), among
        the documents the mask allows, scored as Whoosh scores a phrase: the
        sum of its words' BM25F scores (each word with all its occurrences
        in the document), times the phrase's boost."""
        found = segment_phrase(q, sub.reader(), self.top.schema, self._segment_mask)
        if found is None:
            return self._walk(q, sub)
        ids = found.ids
        scores = np.zeros(len(ids))
        if len(ids):
            for btext in found.words:
                tids, weights = found.postings[btext]
                scores += self._bm25(sub, q.fieldname, btext, ids, weights[np.searchsorted(tids, ids)])
            if q.boost != 1.0:
                scores = scores * q.boost
        return _Part(ids, scores, np.full(len(ids), found.termcount, dtype=np.int64), found.termcount)

    def _eval(self, q, sub) -> _Part:
        if isinstance(q, Q.Term):
            return self._term(q, sub)
        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            return _NONE
        if isinstance(q, (Q.Or, Q.And)) and type(q) in (Q.Or, Q.And):
            subs = q.subqueries
            if not subs:
                return _NONE
            if len(subs) == 1:  # (Whoosh uses the single sub-query's matcher as it is)
                return self._eval(subs[0], sub)
            parts = [self._eval(s, sub) for s in subs]
            termcount = sum(p.termcount for p in parts)
            if isinstance(q, Q.Or):
                if getattr(q, "minmatch", 0):
                    raise Unsupported("minmatch")
                ids, inverse = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
                scores = np.bincount(inverse, weights=np.concatenate([p.scores for p in parts]), minlength=len(ids))
                nterms = np.bincount(inverse, weights=np.concatenate([p.nterms for p in parts]),
                                     minlength=len(ids)).astype(np.int64)
            else:
                ids = parts[0].ids
                for p in parts[1:]:
                    ids = np.intersect1d(ids, p.ids, assume_unique=True)
                scores = np.zeros(len(ids))
                nterms = np.zeros(len(ids), dtype=np.int64)
                for p in parts:
                    at = np.searchsorted(p.ids, ids)
                    scores += p.scores[at]
                    nterms += p.nterms[at]
            if q.boost != 1.0:
                scores = scores * q.boost
            scale = getattr(q, "scale", None)
            if isinstance(q, Q.Or) and scale and termcount:
                # whoosh.matching.CoordMatcher's "SQR" (V-Twin) coordination
                if termcount == scale:
                    scores = np.zeros(len(ids))
                else:
                    scores = (scores + (nterms - 1) / (termcount - scale) ** 2) * ((termcount - 1) / termcount)
            return _Part(ids, scores, nterms, termcount)
        if type(q) is Q.AndNot:
            if q.boost != 1.0:
                raise Unsupported("boosted AndNot")
            a, b = self._eval(q.a, sub), self._eval(q.b, sub)
            keep = ~np.isin(a.ids, b.ids, assume_unique=True)
            return _Part(a.ids[keep], a.scores[keep], a.nterms[keep], a.termcount)
        if is_phrase(q):
            return self._phrase(q, sub)
        return self._walk(q, sub)

    @staticmethod
    def _walk(q, sub) -> _Part:
        """Ranges, prefixes…: step Whoosh's own matcher once, taking
        each match's id and score (one pass, where matching and then scoring
        separately would walk it twice)."""
        matcher = q.matcher(sub)
        termcount = len(list(matcher.term_matchers()))
        ids, scores = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")  # (a matcher yields ids in order; be sure)
        return _Part(ids[order], np.asarray(scores, dtype=np.float64)[order],
                     np.full(len(ids), termcount, dtype=np.int64), termcount)

    # -- the whole searcher ------------------------------------------------------------

    def score(self, q, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(global document numbers, scores) of every match, in docnum order.
        With ``mask`` (global document numbers → bool), phrases are checked
        only in the documents it allows: the caller keeps only those anyway,
        and a phrase's cost is in checking its candidates."""
        ids, scores = [], []
        for sub, offset in self.top.leaf_searchers():
            self._segment_mask = None
            if mask is not None:
                self._segment_mask = mask[offset:offset + sub.reader().doc_count_all()]
            part = self._eval(q, sub)
            ids.append(part.ids + offset)
            scores.append(part.scores)
        if not ids:
            return EMPTY, _FLOAT_EMPTY
        return np.concatenate(ids), np.concatenate(scores)


def best(ids: np.ndarray, scores: np.ndarray, start: int, count: int) -> list[tuple[float, int]]:
    """The ``start``…``start+count`` best (score, docnum), best first; ties by
    document number, as Whoosh orders them."""
    end = min(len(ids), start + count)
    if end <= start:
        return []
    if end < len(ids):  # every document scoring at least the end's score (ties included)
        kth = -np.partition(-scores, end - 1)[end - 1]
        cut = np.flatnonzero(scores >= kth)
    else:
        cut = np.arange(len(ids))
    order = cut[np.lexsort((ids[cut], -scores[cut]))][start:end]
    return [(float(scores[i]), int(ids[i])) for i in order]
