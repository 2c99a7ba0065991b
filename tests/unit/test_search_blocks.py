"""Posting blocks read from their bytes with numpy (rsi_case.search.blocks,
through docsets.read_postings) must give exactly the document numbers and
weights Whoosh's own matcher gives, for every term of every field, on an
index with several segments and deleted documents.

The corpus is made so that every shape of block occurs: dense terms (every
difference one byte), sparse ones (differences of two and four bytes,
which are left to Whoosh's reader), one-document posting lists (kept inline
by Whoosh), blocks of fewer than four postings, weights that are all 1.0,
all equal, or one per posting, and fields with and without positions.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import fields, index as whoosh_index

from rsi_case.search import blocks
from rsi_case.search.docsets import read_postings


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = fields.Schema(
        uid=fields.ID(unique=True, stored=True),
        body=fields.TEXT(phrase=True),  # positions; weights = term frequency
        title=fields.TEXT(phrase=True, field_boost=3.0),  # weights all 3.0 in most blocks
        tags=fields.KEYWORD(),  # no positions
    )
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("blocks")), schema)
    rng = random.Random(11)
    for start, size in ((0, 700), (700, 90000 // 100), (1600, 3)):
        writer = ix.writer()
        for i in range(start, start + size):
            body = ["dense"] * rng.randint(1, 4)
            if i % 300 == 0:
                body.append("sparse")  # differences of 300: two bytes
            if i % 70000 == 5 or i == 1601:
                body.append("lonely")  # one document
            body += rng.choices(["alfa", "beta", "gamma", "delta"], k=rng.randint(0, 6))
            writer.add_document(uid=str(i), body=" ".join(body), title=rng.choice(["dense", "dense beta", "gamma"]),
                                tags=" ".join(rng.sample(["a", "b", "c", "d"], rng.randint(1, 3))))
        writer.commit(merge=False)
    writer = ix.writer()
    for i in list(range(3, 1600, 11)) + [0, 1, 2, 700]:  # (0-2 and 700: a block's first postings)
        writer.delete_by_term("uid", str(i))
    writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.leaf_searchers()) == 3 and s.doc_count() < s.doc_count_all()
    s = ix.searcher()
    yield s
    s.close()


def _whoosh(matcher):
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def test_every_term_reads_as_whoosh_reads_it(searcher):
    shapes = {"numpy": 0, "whoosh": 0}
    parse = blocks._parse

    def counting(raws, n, weights):
        ids, ws, ok = parse(raws, n, weights)
        shapes["numpy"] += int(ok.sum())
        shapes["whoosh"] += int((~ok).sum())
        return ids, ws, ok

    blocks._parse = counting
    try:
        terms = 0
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            for field in ("body", "title", "tags", "uid"):
                for term in reader.lexicon(field):
                    expected_ids, expected_weights = _whoosh(reader.postings(field, term))
                    for weights in (True, False):
                        ids, ws, _values = read_postings(reader.postings(field, term), weights=weights)
                        assert ids.tolist() == expected_ids, (field, term)
                        if weights:
                            assert ws.tolist() == [float(w) for w in expected_weights], (field, term)
                    terms += 1
    finally:
        blocks._parse = parse
    assert terms > 1000
    # both ways were taken: most blocks from their bytes, the odd shapes by Whoosh
    assert shapes["numpy"] > 10 and shapes["whoosh"] > 3, shapes


def test_only_skips_blocks_but_keeps_every_wanted_document(searcher):
    sub, _offset = searcher.leaf_searchers()[1]
    reader = sub.reader()
    all_ids, all_weights = _whoosh(reader.postings("body", b"dense"))
    wanted = np.array(sorted(random.Random(2).sample(all_ids, 5)), dtype=np.int64)
    ids, weights, _values = read_postings(reader.postings("body", b"dense"), weights=True, only=wanted)
    assert set(wanted.tolist()) <= set(ids.tolist())
    assert len(ids) < len(all_ids)  # whole blocks were left unread
    by_id = dict(zip(all_ids, all_weights))
    assert weights.tolist() == [by_id[i] for i in ids.tolist()]
    empty = read_postings(reader.postings("body", b"dense"), only=np.array([10**9], dtype=np.int64))[0]
    assert len(empty) == 0


def test_a_block_that_only_looks_like_the_common_shape_is_left_to_whoosh():
    """Two-byte differences whose bytes happen to read as the tuple's end
    where one-byte differences would have it: the opcodes give it away."""
    import pickle

    ids = [3, 4, 5, 6, 7, 300, 300 + 0x7174]  # the last difference's bytes are "t", "q"
    deltas = tuple(np.diff(ids, prepend=0).tolist())
    raw = pickle.dumps((deltas, None, ("v",) * len(ids)), 2)
    got, _weights, ok = blocks._parse([raw], np.array([len(ids)]), False)
    assert not ok[0] or got.tolist() == ids
