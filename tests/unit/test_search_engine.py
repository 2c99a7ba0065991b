"""The array engine under the search service (rsi_case.search.columns,
docsets, scoring): it must match, count, filter and rank exactly as Whoosh
would, on an index with several segments and deleted documents.

The reference for every check is computed independently: Whoosh's own
``docs_for_query`` and matchers, or plain Python over the stored fields.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from whoosh import index as whoosh_index, query as Q, scoring

from rsi_case.search.columns import Columns
from rsi_case.search.matching import matching_docs
from rsi_case.search.index import IndexStore
from rsi_case.search.scoring import VectorScorer, best
from rsi_case.search.service import BM25FClassicIdf, Filters, SearchService

WORDS = ("telefoni udbud laboratorie strategi region handlingsplan sekretariat styregruppe aftale budget "
         "projekt indkøb sundhed data sikkerhed drift").split()
KINDS = ("notat", "strategi", "referat", "dagsorden")
REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")
AUTHORS = ("Anne Holm", "Bo Lund", "Carl Ravn")


def entry(i: int, rng: random.Random) -> dict:
    day = dt.date(2009, 1, 1) + dt.timedelta(days=rng.randrange(6000))
    confidential = i % 10 == 0
    return {
        "uid": f"doc:{i}", "type": "document" if i % 7 else "case", "object_id": i, "number": f"{i:05d}/{day.year % 100:02d}",
        "numbers": f"{i:05d}/{day.year % 100:02d} {i}", "title": " ".join(rng.choices(WORDS, k=3)),
        "body": " ".join(rng.choices(WORDS, k=rng.randrange(5, 60))), "case_number": "09/2867",
        "case_title": rng.choice(WORDS), "kind": rng.choice(KINDS), "status": rng.choice(("kladde", "endelig")),
        "category": rng.choice(("it", "indkoeb")), "regions": ",".join(sorted(rng.sample(REGIONS, rng.randrange(0, 4)))),
        "author": rng.choice(AUTHORS), "year": day.year, "date": dt.datetime.combine(day, dt.time()), "version": 1,
        "acl": "role:admin" if confidential else "role:admin role:sekretariat",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Three segments, with deletions in the first two."""
    rng = random.Random(7)
    store = IndexStore(tmp_path_factory.mktemp("ix"))
    path = store.new_generation()
    ix = whoosh_index.open_dir(str(path))
    entries = {}
    for start in (0, 200, 400):
        writer = ix.writer()
        for i in range(start, start + 200):
            entries[i] = entry(i, rng)
            if i in (1, 2):  # on the edges of the date range tested below
                day = dt.datetime(2013, 1, 1) if i == 1 else dt.datetime(2016, 12, 31)
                entries[i].update(date=day, year=day.year, kind="notat", regions="syddanmark",
                                  body=entries[i]["body"] + " telefoni")
            writer.add_document(**entries[i])
        writer.commit(merge=False)
    writer = ix.writer()
    for i in list(range(5, 400, 9)):
        writer.delete_by_term("uid", f"doc:{i}")
        del entries[i]
    writer.commit(merge=False)
    store.publish(path)
    service = SearchService(store)
    return service, entries


QUERIES = [
    Q.Term("body", "telefoni"),
    Q.Or([Q.Term("title", "udbud"), Q.Term("body", "udbud")]),
    Q.Or([Q.Term("title", "udbud"), Q.Term("body", "strategi"), Q.Term("case_title", "data")], scale=0.9),
    Q.And([Q.Term("body", "telefoni"), Q.Term("body", "budget")]),
    Q.AndNot(Q.Term("body", "telefoni"), Q.Term("title", "budget")),
    Q.Or([Q.Term("numbers", "42", boost=50.0), Q.Or([Q.Term("body", "drift"), Q.Term("title", "drift")], scale=0.9)]),
    Q.Phrase("body", ["telefoni", "udbud"]),
    Q.Or([Q.Phrase("body", ["data", "sikkerhed"]), Q.Term("title", "sikkerhed")], scale=0.9),
    Q.Not(Q.Term("body", "drift")),
    Q.Term("body", "findesikke"),
    # a hyphen group searched as written and as its parts (rsi_case.search.fallback.expand_hyphens)
    Q.Or([Q.Term("title", "udbud"), Q.Term("body", "udbud"),
          Q.Or([Q.Or([Q.Term("title", "data"), Q.Term("body", "data")]), Q.Or([Q.Term("body", "sikkerhed")])],
               boost=0.8, scale=0.9)], scale=0.9),
    # an unknown compound searched as its known parts, next to another word
    Q.Or([Q.Or([Q.Or([Q.Term("body", "drift")]), Q.Or([Q.Term("body", "budget"), Q.Term("title", "budget")])],
               boost=0.6, scale=0.9), Q.Term("body", "region")], scale=0.9),
]


def test_there_are_several_segments_with_deletions(built):
    service, _entries = built
    searcher = service._current()
    assert len(searcher.leaf_searchers()) == 3
    assert searcher.doc_count() < searcher.doc_count_all()


@pytest.mark.parametrize("q", QUERIES, ids=str)
def test_matching_docs_equals_whoosh(built, q):
    searcher = built[0]._current()
    mine = matching_docs(q, searcher)
    assert list(mine) == sorted(mine.tolist())
    if isinstance(q, Q.AndNot):  # (Whoosh's own AndNot matcher can keep a stray document)
        expected = set(searcher.docs_for_query(q.a)) - set(searcher.docs_for_query(q.b))
    else:
        expected = set(searcher.docs_for_query(q))
    assert set(mine.tolist()) == expected


def _reference_scores(q, searcher) -> dict[int, float]:
    """Whoosh's own scores, its matcher stepped one document at a time."""
    out = {}
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub)
        while m.is_active():
            out[m.id() + offset] = m.score()
            m.next()
    return out


@pytest.mark.parametrize("q", [q for q in QUERIES if not isinstance(q, (Q.Not, Q.AndNot))], ids=str)
def test_vector_scores_equal_whoosh_scores(built, q):
    searcher = built[0]._current()
    ids, scores = VectorScorer(searcher, {}).score(q)
    reference = _reference_scores(q, searcher)
    assert set(ids.tolist()) == set(reference)
    for docnum, score in zip(ids.tolist(), scores.tolist()):
        assert score == pytest.approx(reference[docnum], rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("weighting", [
    "service", scoring.BM25F(), scoring.BM25F(B=0.3, K1=0.9, body_B=0.1, title_B=1.0, case_title_B=0.0),
    BM25FClassicIdf(B=0.6, K1=1.6, body_B=0.4)], ids=["service", "whoosh", "per-field B", "classic idf"])
@pytest.mark.parametrize("q", [q for q in QUERIES if not isinstance(q, (Q.Not, Q.AndNot))][-3:], ids=str)
def test_vector_scores_equal_whoosh_scores_under_other_weightings(built, weighting, q):
    """The ranking's parameters may be tuned: the array scoring follows them."""
    service = built[0]
    searcher = service._current()
    if weighting != "service":
        searcher = service._ix.searcher(weighting=weighting)
    assert isinstance(searcher.weighting, scoring.BM25F)
    ids, scores = VectorScorer(searcher, {}).score(q)
    reference = _reference_scores(q, searcher)
    assert set(ids.tolist()) == set(reference)
    for docnum, score in zip(ids.tolist(), scores.tolist()):
        assert score == pytest.approx(reference[docnum], rel=1e-9, abs=1e-9)


def test_best_orders_by_score_then_docnum_and_pages():
    ids = np.array([1, 2, 3, 4, 5, 6])
    scores = np.array([1.0, 3.0, 2.0, 3.0, 0.5, 2.0])
    assert best(ids, scores, 0, 3) == [(3.0, 2), (3.0, 4), (2.0, 3)]
    assert best(ids, scores, 3, 3) == [(2.0, 6), (1.0, 1), (0.5, 5)]
    assert best(ids, scores, 6, 3) == []


def _visible(entries, principals):
    return {i: e for i, e in entries.items() if set(e["acl"].split()) & set(principals)}


def test_counts_facets_and_filters_equal_a_count_over_the_stored_fields(built):
    service, entries = built
    staff = ["role:sekretariat"]
    visible = _visible(entries, staff)
    with_word = {i: e for i, e in visible.items() if "telefoni" in e["body"].split() or "telefoni" in e["title"].split()
                 or e["case_title"] == "telefoni"}
    result = service.search("telefoni", staff, pagelen=10)
    assert result.total == len(with_word)
    for facet, field in (("kind", "kind"), ("status", "status"), ("category", "category"), ("author", "author"),
                         ("year", "year")):
        expected = {}
        for e in with_word.values():
            expected[e[field]] = expected.get(e[field], 0) + 1
        assert dict(result.facets[facet]) == expected, facet
    regions = {}
    for e in with_word.values():
        for r in filter(None, e["regions"].split(",")):
            regions[r] = regions.get(r, 0) + 1
    assert dict(result.facets["regions"]) == regions
    # a filter narrows exactly; a date range is inclusive at both ends
    start, end = dt.date(2013, 1, 1), dt.date(2016, 12, 31)
    filtered = service.search("telefoni", staff, Filters(kind="notat", region="syddanmark", date_from=start, date_to=end))
    assert filtered.total == sum(1 for e in with_word.values() if e["kind"] == "notat"
                                 and "syddanmark" in e["regions"].split(",") and start <= e["date"].date() <= end)
    assert all(h.kind == "notat" for h in filtered.hits)


def test_confidential_entries_are_outside_every_count(built):
    service, entries = built
    admin = service.search("telefoni", ["role:admin"])
    staff = service.search("telefoni", ["role:sekretariat"])
    hidden = [i for i, e in entries.items() if e["acl"] == "role:admin" and "telefoni" in
              (e["body"] + " " + e["title"] + " " + e["case_title"]).split()]
    assert hidden and admin.total - staff.total == len(hidden)
    assert sum(n for _k, n in staff.facets["kind"]) == staff.total
    assert not any(h.uid in {f"doc:{i}" for i in hidden} for h in service.search("telefoni", ["role:sekretariat"],
                                                                                    pagelen=1000).hits)
    assert service.search("telefoni", []).total == 0  # no principals: nothing, not everything


def test_pages_follow_the_ranking_and_date_sort_is_newest_first(built):
    service, _entries = built
    staff = ["role:sekretariat"]
    whole = service.search("udbud", staff, pagelen=1000)
    pages = [h.uid for p in range(1, 4) for h in service.search("udbud", staff, page=p, pagelen=10).hits]
    assert pages == [h.uid for h in whole.hits[:30]]
    assert [h.score for h in whole.hits] == sorted((h.score for h in whole.hits), reverse=True)
    by_date = service.search("udbud", staff, sort="date", pagelen=1000)
    assert {h.uid for h in by_date.hits} == {h.uid for h in whole.hits}
    dates = [h.date for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)


def test_not_excludes_the_word(built):
    service, entries = built
    staff = ["role:sekretariat"]
    result = service.search("telefoni NOT budget", staff, pagelen=1000)
    assert result.total and all(
        "budget" not in (entries[h.object_id]["body"] + " " + entries[h.object_id]["title"] + " "
                         + entries[h.object_id]["case_title"]).split() for h in result.hits)
    assert result.total < service.search("telefoni", staff).total


def test_columns_are_reused_for_unchanged_segments(built):
    service, _entries = built
    searcher = service._current()
    first = service.columns(searcher)
    assert service.columns(searcher) is first
    cached = dict(service._segments)
    Columns(searcher, service._segments, service._vocab)
    assert all(service._segments[k] is v for k, v in cached.items())


def test_snippet_of_a_long_text_finds_the_word_near_its_end(built):
    service, _entries = built
    result = service.search("laboratoriesystem", ["role:sekretariat"])
    filler = "Regionerne drøftede budgettet for det kommende år og planlagde næste møde. " * 150
    text = filler + "Til sidst blev laboratoriesystemerne godkendt af styregruppen. " + filler
    assert len(text) > 20000
    snippet = SearchService.highlight(Q.Term("body", "laboratoriesystem"), result.schema or service._current().schema,
                                      text)
    assert "<mark>laboratoriesystemerne</mark>" in snippet
    assert len(snippet) < 600


@pytest.mark.parametrize("weighting", [scoring.BM25F(), BM25FClassicIdf()], ids=["whoosh idf", "classic idf"])
def test_the_idf_over_the_users_documents_is_the_weightings_own(built, weighting):
    """With a universe (the documents the user may see), VectorScorer counts
    document frequencies itself: it must still use the weighting's formula."""
    import math

    service, entries = built
    service._current()
    searcher = service._ix.searcher(weighting=weighting)
    staff = [i for i, e in entries.items() if "role:sekretariat" in e["acl"].split()]
    reader = searcher.reader()
    universe = np.zeros(searcher.doc_count_all(), dtype=bool)
    for docnum in range(searcher.doc_count_all()):
        universe[docnum] = not reader.is_deleted(docnum) and reader.stored_fields(docnum)["object_id"] in staff
    df = sum(1 for i in staff if "telefoni" in entries[i]["body"].split())
    n = int(universe.sum())
    expected = (math.log(1 + (n - df + 0.5) / (df + 0.5)) if isinstance(weighting, BM25FClassicIdf)
                else math.log(n / (df + 1)) + 1)
    scorer = VectorScorer(searcher, {}, universe=universe)
    assert scorer.idf("body", b"telefoni") == pytest.approx(expected)
