"""The search service's cache of decoded posting lists (rsi_case.search.postcache).

A list kept between queries must give exactly what reading it again gives:
the same matches and scores, never a document deleted since, never a list
of another segment; and the cache must stay within its bound.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import index as whoosh_index, query as Q

from rsi_case.search.index import IndexStore
from rsi_case.search.postcache import PostingCache
from rsi_case.search.scoring import VectorScorer
from rsi_case.search.service import SearchService

from .test_search_engine import QUERIES, entry

STAFF = ["role:sekretariat"]


def _index(tmp_path, segments=(0, 150, 300), size=150):
    rng = random.Random(11)
    store = IndexStore(tmp_path)
    path = store.new_generation()
    ix = whoosh_index.open_dir(str(path))
    for start in segments:
        writer = ix.writer()
        for i in range(start, start + size):
            writer.add_document(**entry(i, rng))
        writer.commit(merge=False)
    store.publish(path)
    return store, ix


@pytest.mark.parametrize("q", [q for q in QUERIES if not isinstance(q, (Q.Not, Q.AndNot))], ids=str)
def test_scores_from_the_cache_equal_scores_read_afresh(tmp_path, q):
    store, _ix = _index(tmp_path)
    service = SearchService(store, posting_cache_mb=0)
    searcher = service._current()
    universe = np.ones(searcher.doc_count_all(), dtype=bool)
    universe[::4] = False  # (the idf over a user's own documents reads every segment's list too)
    fresh_ids, fresh_scores = VectorScorer(searcher, {}, universe=universe).score(q)
    cache = PostingCache(8 * 2**20)
    for _round in range(3):  # the first round fills the cache, the others read from it
        ids, scores = VectorScorer(searcher, {}, universe=universe, cache=cache).score(q)
        assert ids.tolist() == fresh_ids.tolist()
        assert scores.tolist() == pytest.approx(fresh_scores.tolist(), rel=1e-12, abs=1e-12)
    assert cache.hits > 0 and len(cache) > 0


def test_a_document_deleted_after_its_list_was_kept_is_not_found(tmp_path):
    store, ix = _index(tmp_path)
    service = SearchService(store)
    before = service.search("telefoni", STAFF, pagelen=1000)
    assert before.total > 5 and service.postings.hits + service.postings.misses > 0
    again = service.search("telefoni", STAFF, pagelen=1000)
    assert [h.uid for h in again.hits] == [h.uid for h in before.hits]
    assert service.postings.hits > 0  # the second search read the kept lists
    gone = [h.uid for h in before.hits[:3]]
    writer = ix.writer()
    for uid in gone:
        writer.delete_by_term("uid", uid)
    writer.commit(merge=False)  # the segments stay; their deleted count changes
    after = service.search("telefoni", STAFF, pagelen=1000)
    assert after.total == before.total - 3
    assert not set(gone) & {h.uid for h in after.hits}
    uncached = SearchService(store, posting_cache_mb=0).search("telefoni", STAFF, pagelen=1000)
    assert [(h.uid, round(h.score, 9)) for h in after.hits] == [(h.uid, round(h.score, 9)) for h in uncached.hits]


def test_the_scorer_never_takes_a_list_kept_before_a_deletion(tmp_path):
    """Below the service's permission mask (which Whoosh builds without deleted
    documents): the lists themselves must be those of the segment's state."""
    store, ix = _index(tmp_path)
    service = SearchService(store)
    q = Q.Or([Q.Term("body", "telefoni"), Q.Term("title", "telefoni")])
    ids, _scores = VectorScorer(service._current(), {}, cache=service.postings).score(q)
    writer = ix.writer()
    searcher = service._current()
    gone = [searcher.stored_fields(int(d))["uid"] for d in ids[:3]]
    for uid in gone:
        writer.delete_by_term("uid", uid)
    writer.commit(merge=False)
    searcher = service._current()
    ids, _scores = VectorScorer(searcher, {}, cache=service.postings).score(q)
    assert not set(gone) & {searcher.stored_fields(int(d))["uid"] for d in ids}
    fresh, _ = VectorScorer(searcher, {}).score(q)
    assert ids.tolist() == fresh.tolist()


def test_a_new_segment_is_read_not_taken_for_an_old_one(tmp_path):
    store, ix = _index(tmp_path, segments=(0,))
    service = SearchService(store)
    first = service.search("telefoni", STAFF, pagelen=1000).total
    rng = random.Random(5)
    writer = ix.writer()
    for i in range(1000, 1040):
        e = entry(i, rng)
        e["body"] += " telefoni"
        writer.add_document(**e)
    writer.commit(merge=False)
    assert service.search("telefoni", STAFF, pagelen=1000).total == first + 40 - sum(
        1 for i in range(1000, 1040) if i % 10 == 0)  # (every tenth entry is confidential)


def test_the_cache_keeps_within_its_bound_and_drops_the_least_recently_used():
    cache = PostingCache(40_000)
    arrays = {k: (np.arange(1000, dtype=np.int64), np.ones(1000)) for k in "abcd"}  # 16 kB each with overhead
    cache.put("a", arrays["a"])
    cache.put("b", arrays["b"])
    assert cache.get("a") is arrays["a"]  # a is now the most recently used
    cache.put("c", arrays["c"])  # over the bound: b goes, not a
    assert cache.size_bytes <= 40_000
    assert cache.get("b", None) is None and cache.get("a") is arrays["a"] and cache.get("c") is arrays["c"]
    cache.put("absent", None)  # a term a segment does not hold is kept as None
    assert cache.get("absent", "missing") is None
    cache.put("huge", (np.zeros(3_000, dtype=np.int64), None))  # over half the bound: not kept
    assert cache.get("huge", None) is None
    assert cache.size_bytes <= 40_000


def test_kept_arrays_cannot_be_changed_by_a_caller():
    cache = PostingCache(2**20)
    ids, weights = np.arange(10, dtype=np.int64), np.ones(10)
    cache.put("k", (ids, weights))
    with pytest.raises(ValueError):
        cache.get("k")[0][0] = 99
