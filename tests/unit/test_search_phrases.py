"""Phrases matched on positions with numpy (rsi_case.search.phrases) must
match and score exactly as Whoosh's own phrase matching (``SpanNear2``
through ``Phrase`` and ``GappedPhrase``) does.

The index has the application's schema and Danish analyzer with a compound
lexicon, three segments and deleted documents, so phrases meet stacked
tokens (compound parts, hyphen parts and joined forms on their word's
position), gaps left by stop words, long documents (position deltas of 256
and more, which Whoosh encodes differently), a word that only some segments
hold, and confidential entries. The reference for every check is Whoosh's
own matcher, stepped one document at a time.
"""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from whoosh import formats, index as whoosh_index, query as Q
from whoosh.system import pack_uint

from rsi_case.search.analysis import GappedPhrase, Lexicon
from rsi_case.search.matching import matching_docs
from rsi_case.search.index import IndexStore
from rsi_case.search.phrases import decode_positions, is_phrase, segment_phrase
from rsi_case.search.scoring import VectorScorer
from rsi_case.search.service import SearchService

# words that make compounds, hyphen groups and stop-word gaps
WORDS = ("fælles udbud telefoni projekter samarbejdsprojekter fællesudbuddet EU-udbud sundheds-it strategi "
         "regioner regionerne følg forklar styregruppen besluttede laboratoriesystemer laboratoriesystem "
         "handlingsplan handlingsplaner data datasikkerhed sikkerhed drift it-drift").split()
STOP = "og i at for de eller til af på den".split()
LEXICON = Lexicon(["fæl", "udbud", "projek", "samarbejd", "telefoni", "strategi", "region", "laboratori",
                   "system", "handling", "plan", "data", "sikker", "sikkerhed", "drift"],
                  {"sundhedsit": ["sundheds", "it"], "euudbud": ["eu", "udbud"], "itdrift": ["it", "drift"]})
SEED_SENTENCES = [
    "Følg eller forklar: hver region begrunder det.",
    "Et fælles udbud af telefoni er besluttet.",
    "Regionerne gennemfører et fælles EU-udbud af laboratoriesystemer.",
    "Fællesudbuddet blev aflyst af de fem regioner.",
    "Samarbejdsprojekter for fælles projekter i regionerne.",
    "Styregruppen besluttede en strategi for sundheds-it og it-drift.",
    "Udbud fælles, og fælles og udbud; udbud udbud.",
]


def text(rng: random.Random, k: int) -> str:
    out = []
    while len(out) < k:
        if rng.random() < 0.15:
            out.extend(rng.choice(SEED_SENTENCES).split())
        else:
            out.append(rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(STOP))
    return " ".join(out[:k])


def entry(i: int, rng: random.Random) -> dict:
    body = text(rng, rng.randrange(3, 60))
    if i % 23 == 0:  # long: the same word 300+ positions apart (a delta Whoosh pickles as 2 bytes)
        body = f"fælles udbud {' '.join(['kapitel'] * 320)} fælles udbud {text(rng, 20)}"
    return {
        "uid": f"doc:{i}", "type": "document", "object_id": i, "number": f"{i:05d}/26", "numbers": f"{i:05d}/26",
        "title": text(rng, rng.randrange(2, 8)), "body": body,
        "attachments": text(rng, rng.randrange(0, 30)) if i % 3 == 0 else "",
        "case_number": "26/0001", "case_title": text(rng, 4), "kind": "notat", "status": "endelig",
        "category": "it", "regions": "", "author": "Anne Holm", "year": 2026, "version": 1,
        "acl": "role:admin" if i % 5 == 0 else "role:admin role:sekretariat",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Three segments, deletions in the first two; a word ('solitær') only in
    the last one."""
    rng = random.Random(13)
    store = IndexStore(tmp_path_factory.mktemp("ix"), lexicon=LEXICON)
    path = store.new_generation()
    ix = whoosh_index.open_dir(str(path))
    entries = {}
    for start in (0, 150, 300):
        writer = ix.writer()
        for i in range(start, start + 150):
            entries[i] = entry(i, rng)
            if i >= 300 and i % 10 in (0, 1):
                entries[i]["body"] += " fælles solitær udbud"
            elif i >= 300 and i % 10 == 2:
                entries[i]["body"] += " udbud solitær fælles"
            writer.add_document(**entries[i])
        writer.commit(merge=False)
    writer = ix.writer()
    for i in range(4, 300, 7):
        writer.delete_by_term("uid", f"doc:{i}")
        del entries[i]
    writer.commit(merge=False)
    store.publish(path)
    return SearchService(store), entries


def _reference(q, searcher) -> dict[int, float]:
    """Whoosh's own matches and scores, its matcher stepped one document at a time."""
    out = {}
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub)
        while m.is_active():
            out[m.id() + offset] = m.score()
            m.next()
    return out


def _phrases(q):
    if is_phrase(q):
        yield q
    for child in q.children() if hasattr(q, "children") else ():
        yield from _phrases(child)


TYPED = [
    '"fælles udbud"',  # plain, and stacked: "fælles EU-udbud"
    '"fælles projekter"',  # the head of a compound: "fælles samarbejdsprojekter"
    '"følg eller forklar"',  # a stop word's gap
    '"følg eller forklar"~2',
    '"fælles udbud"~3',
    '"de fem regioner"',  # a leading stop word
    '"fælles udbud af telefoni"',  # three words with a gap
    '"sundheds-it og it-drift"',  # joined hyphen forms
    '"sundheds it"',  # hyphen parts, stacked
    '"udbud udbud"',  # a repeated word
    '"fælles solitær udbud"',  # a word only the last segment holds
    '"eu udbud"',
    '"udbud fælles"',
    'titel:"fælles udbud"',
    'bilag:"fælles udbud"',
    'projekter "fælles udbud"',  # in the or-group, with the coordination
    '"fælles udbud" NOT telefoni',
    '"fælles udbud" OR "følg eller forklar"',
    '"styregruppen besluttede" strategi',
]


def test_there_are_several_segments_with_deletions(built):
    searcher = built[0]._current()
    assert len(searcher.leaf_searchers()) == 3
    assert searcher.doc_count() < searcher.doc_count_all()


@pytest.mark.parametrize("typed", TYPED)
def test_phrase_matches_and_scores_equal_whoosh(built, typed):
    service = built[0]
    searcher = service._current()
    q, _text = service.build_query(searcher.schema, typed)
    assert list(_phrases(q)), q
    if isinstance(q, Q.AndNot):  # (Whoosh's own AndNot matcher can keep a stray document)
        without = set(searcher.docs_for_query(q.b))
        reference = {d: s for d, s in _reference(q.a, searcher).items() if d not in without}
    else:
        reference = _reference(q, searcher)
    ids, scores = VectorScorer(searcher, {}).score(q)
    assert set(ids.tolist()) == set(reference)
    for docnum, score in zip(ids.tolist(), scores.tolist()):
        assert score == pytest.approx(reference[docnum], rel=1e-9, abs=1e-12)
    if not isinstance(q, Q.AndNot):  # (Whoosh's own AndNot matcher can keep a stray document)
        assert set(matching_docs(q, searcher).tolist()) == set(searcher.docs_for_query(q))


def test_some_phrases_really_match_and_some_really_do_not(built):
    """The checks above compare like with like: the phrases do find
    documents, and not every document with the words."""
    service = built[0]
    searcher = service._current()
    for typed in ('"fælles udbud"', '"følg eller forklar"', '"fælles projekter"', '"sundheds it"',
                  '"fælles solitær udbud"', '"fælles udbud af telefoni"'):
        q, _text = service.build_query(searcher.schema, typed)
        words = Q.And([Q.Or([Q.Term(p.fieldname, w) for p in _phrases(q)]) for w in next(_phrases(q)).words])
        phrase_docs = set(searcher.docs_for_query(q))
        assert phrase_docs, typed
        assert phrase_docs < set(searcher.docs_for_query(words)), typed


def test_random_phrases_from_the_documents_equal_whoosh(built):
    """Phrases of 2-4 words cut from the documents themselves (stop words,
    compounds and hyphen groups included), as typed and with slop, in every
    text field and on each segment."""
    service, entries = built
    searcher = service._current()
    rng = random.Random(5)
    texts = [e[f] for e in entries.values() for f in ("title", "body", "attachments") if e[f]]
    checked = 0
    for _ in range(150):
        words = rng.choice(texts).split()
        n = rng.randint(2, 4)
        at = rng.randrange(max(1, len(words) - n + 1))
        typed = '"' + " ".join(w.strip(".,:;") for w in words[at:at + n]) + '"'
        if rng.random() < 0.3:
            typed += f"~{rng.randint(1, 3)}"
        q, _text = service.build_query(searcher.schema, typed)
        for phrase in _phrases(q):
            for sub, offset in searcher.leaf_searchers():
                found = segment_phrase(phrase, sub.reader(), searcher.schema)
                assert found is not None
                expected = []
                m = phrase.matcher(sub)
                while m.is_active():
                    expected.append(m.id())
                    m.next()
                assert found.ids.tolist() == expected, (typed, phrase.fieldname, offset)
                checked += bool(expected)
    assert checked > 100


def test_phrases_inside_the_permission_mask(built):
    """Counted and ranked only among what the user may see: the same hits
    and scores as Whoosh's matches filtered by the user's entries."""
    service, entries = built
    searcher = service._current()
    staff = ["role:sekretariat"]
    reader = searcher.reader()
    allowed = {d for d in range(searcher.doc_count_all()) if not reader.is_deleted(d)
               and "role:sekretariat" in entries_acl(searcher, d, entries).split()}
    for typed in ('"fælles udbud"', '"følg eller forklar"', 'projekter "fælles udbud"', '"fælles solitær udbud"'):
        q, _text = service.build_query(searcher.schema, typed)
        reference = {d: s for d, s in _reference(q, searcher).items() if d in allowed}
        hidden = set(_reference(q, searcher)) - allowed
        assert reference and hidden, typed  # both sides of the mask have matches
        result = service.search(typed, staff, pagelen=1000)
        assert result.total == len(reference)
        assert {h.uid for h in result.hits} == {searcher.stored_fields(d)["uid"] for d in reference}
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        mask[list(allowed)] = True
        # the service ranks with the statistics of the user's own documents (issue 12's
        # ranking side channel): Whoosh's formula over the allowed documents only
        uids, uscores = VectorScorer(searcher, {}, universe=mask).score(q, mask)
        by_uid = {searcher.stored_fields(int(d))["uid"]: float(s) for d, s in zip(uids, uscores) if mask[d]}
        for hit in result.hits:
            assert hit.score == pytest.approx(by_uid[hit.uid], rel=1e-9)
        assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
        # and the mask given to the scorer changes nothing for the documents it allows
        ids, scores = VectorScorer(searcher, {}).score(q, mask)
        kept = mask[ids]
        assert dict(zip(ids[kept].tolist(), scores[kept].tolist())) == pytest.approx(reference, rel=1e-9)
        # hidden documents that only the phrase matches were never checked
        assert not set(ids.tolist()) & (hidden - _non_phrase_matches(q, searcher))


def entries_acl(searcher, docnum, entries) -> str:
    uid = searcher.stored_fields(docnum)["uid"]
    return entries[int(uid.split(":")[1])]["acl"]


def _non_phrase_matches(q, searcher) -> set:
    """Documents the query's other parts (its words) match, mask or not."""
    if is_phrase(q):
        return set()
    if hasattr(q, "subqueries"):
        rest = [s for s in q.subqueries if not is_phrase(s)]
        return set(searcher.docs_for_query(Q.Or(rest))) if rest else set()
    return set(searcher.docs_for_query(q))


def _old(positions) -> bytes:
    """A value as Whoosh 2.7 wrote it: the pickle without its header and stop."""
    return pack_uint(len(positions)) + pickle.dumps(np.diff(positions, prepend=0).tolist(), 2)[2:-1]


@pytest.mark.parametrize("positions", [
    [0], [5], [0, 1, 2, 3], [3, 3, 4, 9], [0, 255, 256, 600], [7, 70000, 70001], [2**31 + 5],
    list(range(0, 2500, 2)), [1] * 4, list(range(0, 30000, 300)),
])
def test_positions_decode_as_whoosh_encodes_them(positions):
    fmt = formats.Positions()
    new = fmt.encode(positions)  # whoosh-reloaded: a count and a whole pickle
    for values in ([new], [_old(positions)], [new, _old(positions), new], [_old(positions), fmt.encode([2, 4]), new]):
        _check_decoding(values, fmt)


def test_many_positions_decode_at_once():
    """Hundreds of values of every layout together: one-byte deltas, two- and
    four-byte ones, a few long ones (left to Whoosh's decoder) and old ones."""
    fmt = formats.Positions()
    rng = random.Random(3)
    values = []
    for i in range(600):
        n = rng.choice([1, 2, 3, 5, 8, 20, 40]) if i % 50 else rng.randint(100, 1500)
        gap = rng.choice([3, 200, 400, 80000])
        positions = sorted(rng.sample(range(n * gap + 1), n))
        values.append(fmt.encode(positions) if i % 7 else _old(positions))
    _check_decoding(values, fmt)


def _check_decoding(values, fmt):
    counts, positions = decode_positions(values, fmt)
    expected = [fmt.decode_positions(v) for v in values]
    assert counts.tolist() == [len(p) for p in expected]
    assert positions.tolist() == [x for p in expected for x in p]
