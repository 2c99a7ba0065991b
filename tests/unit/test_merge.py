"""The three-way merge of two edits (rsi_case.documents.merge), on plain lists."""

import time

from rsi_case.documents.merge import Clean, Conflict, merge3, merge_fields

BASE = ["h:Baggrund", "p:Regionerne samarbejder.", "h:Mål", "p:Et system inden 2028.", "h:Økonomi", "p:120 mio. kr."]


def merged(m):
    assert not m.conflicts
    return m.resolve([])


def test_edits_to_different_blocks_merge_by_themselves():
    theirs = BASE[:3] + ["p:Et system inden 2027."] + BASE[4:]
    yours = BASE[:5] + ["p:135 mio. kr."]
    m = merge3(BASE, theirs, yours)
    assert merged(m) == BASE[:3] + ["p:Et system inden 2027."] + ["h:Økonomi", "p:135 mio. kr."]
    assert m.taken("theirs") == 1 and m.taken("yours") == 1


def test_insertions_in_different_places_both_kept():
    theirs = ["p:Indledning."] + BASE
    yours = BASE + ["p:Drift."]
    assert merged(merge3(BASE, theirs, yours)) == ["p:Indledning."] + BASE + ["p:Drift."]


def test_same_block_edited_differently_is_a_conflict_with_base_theirs_and_yours():
    theirs = BASE[:3] + ["p:Et system inden 2027."] + BASE[4:]
    yours = BASE[:3] + ["p:Et system inden 2030."] + BASE[4:]
    m = merge3(BASE, theirs, yours)
    assert m.conflicts == [Conflict(("p:Et system inden 2028.",), ("p:Et system inden 2027.",),
                                    ("p:Et system inden 2030.",))]
    # the rest is there, in order, around the conflict
    assert m.resolve([["X"]]) == BASE[:3] + ["X"] + BASE[4:]
    assert m.resolve([["p:Et system inden 2027."]]) == theirs
    assert m.resolve([["p:Et system inden 2030."]]) == yours


def test_two_different_insertions_at_the_same_place_conflict():
    m = merge3(BASE, BASE + ["p:Deres tilføjelse."], BASE + ["p:Min tilføjelse."])
    assert m.conflicts == [Conflict((), ("p:Deres tilføjelse.",), ("p:Min tilføjelse.",))]


def test_deletion_against_an_edit_conflicts_both_ways():
    edited = BASE[:5] + ["p:135 mio. kr."]
    deleted = BASE[:5]
    for theirs, yours in ((edited, deleted), (deleted, edited)):
        m = merge3(BASE, theirs, yours)
        assert len(m.conflicts) == 1
        c = m.conflicts[0]
        assert c.base == ("p:120 mio. kr.",) and set([c.theirs, c.yours]) == {(), ("p:135 mio. kr.",)}


def test_an_addition_right_beside_an_edit_keeps_both():
    theirs = BASE[:5] + ["p:150 mio. kr."]
    yours = BASE + ["p:Drift."]
    for t, y in ((theirs, yours), (yours, theirs)):
        m = merge3(BASE, t, y)
        assert merged(m) == BASE[:5] + ["p:150 mio. kr.", "p:Drift."]
        assert m.taken("theirs") == m.taken("yours") == 1
    # added before a removed block: the removal holds, the addition too
    assert merged(merge3(BASE, BASE[:5], BASE[:5] + ["p:Ny.", BASE[5]])) == BASE[:5] + ["p:Ny."]
    # an edit that adds blocks too, beside an addition: which comes first is not known
    assert merge3(BASE, BASE[:5] + ["p:150 mio. kr.", "p:Deres."], BASE + ["p:Drift."]).conflicts


def test_deletion_of_a_block_the_other_side_left_alone_is_taken():
    theirs = BASE[:4]  # Økonomi removed
    yours = ["p:Indledning."] + BASE
    assert merged(merge3(BASE, theirs, yours)) == ["p:Indledning."] + BASE[:4]


def test_identical_edits_on_both_sides_are_no_conflict():
    both = BASE[:1] + ["p:Regionerne samarbejder tæt."] + BASE[2:] + ["p:Drift."]
    m = merge3(BASE, both, both)
    assert merged(m) == both
    assert m.taken("both") >= 1 and m.taken("theirs") == m.taken("yours") == 0


def test_one_side_unchanged_gives_the_other():
    changed = ["p:Alt er skrevet om."]
    assert merged(merge3(BASE, BASE, changed)) == changed
    assert merged(merge3(BASE, changed, BASE)) == changed


def test_empty_bodies():
    assert merge3([], [], []).chunks == []
    assert merged(merge3([], [], ["p:Ny."])) == ["p:Ny."]
    assert merged(merge3([], ["p:Deres."], [])) == ["p:Deres."]
    assert merge3([], ["p:Deres."], ["p:Min."]).conflicts == [Conflict((), ("p:Deres.",), ("p:Min.",))]
    # everything deleted by one side, nothing changed by the other
    assert merged(merge3(BASE, [], BASE)) == []
    # deleted on one side, edited on the other: a conflict, never a silent loss
    assert merge3(BASE, [], BASE[:5] + ["p:135 mio. kr."]).conflicts


def test_repeated_blocks_are_merged_in_place():
    base = ["p:", "p:a", "p:", "p:b", "p:"]
    theirs = ["p:", "p:a2", "p:", "p:b", "p:"]
    yours = ["p:", "p:a", "p:", "p:b2", "p:"]
    assert merged(merge3(base, theirs, yours)) == ["p:", "p:a2", "p:", "p:b2", "p:"]


def test_every_chunk_accounts_for_every_block():
    theirs = ["p:Indledning."] + BASE[:3] + ["p:Et system inden 2027."] + BASE[4:]
    yours = BASE[:3] + ["p:Et system inden 2030."] + BASE[4:] + ["p:Drift."]
    m = merge3(BASE, theirs, yours)
    assert m.resolve([list(c.theirs) for c in m.conflicts]) == ["p:Indledning."] + BASE[:3] + \
        ["p:Et system inden 2027."] + BASE[4:] + ["p:Drift."]
    assert all(isinstance(c, (Clean, Conflict)) for c in m.chunks)


def test_huge_and_hostile_inputs_are_bounded():
    start = time.perf_counter()
    # 50,000 blocks, two edits close together in the middle: the common head and tail
    # are cut off, the small middle is merged block by block
    base = [f"p:{i}" for i in range(50_000)]
    theirs, yours = base.copy(), base.copy()
    theirs[25_000] = "p:deres"
    yours[25_010] = "p:min"
    m = merge3(base, theirs, yours)
    assert not m.bounded and m.resolve([]) == base[:25_000] + ["p:deres"] + base[25_001:25_010] + ["p:min"] + base[25_011:]
    # the same blocks changed at both ends: the middle is everything, longer than the bound,
    # so it is one conflict holding both whole sides (nothing lost, nothing quadratic)
    m = merge3(base, ["p:først"] + base, base + ["p:sidst"])
    assert m.bounded and len(m.conflicts) == 1
    assert m.conflicts[0].theirs == ("p:først", *base) and m.conflicts[0].yours == (*base, "p:sidst")
    # a changed middle longer than the bound on every side: one conflict, no quadratic comparison
    base = [f"p:{i % 7}" for i in range(60_000)]
    theirs = ["p:t"] + [f"p:{i % 5}" for i in range(60_000)] + ["p:t"]
    yours = ["p:y"] + [f"p:{i % 3}" for i in range(60_000)] + ["p:y"]
    m = merge3(base, theirs, yours, max_blocks=4000)
    assert m.bounded and len(m.conflicts) == 1 and m.conflicts[0].theirs == tuple(theirs)
    # a changed middle at the bound: compared block by block, within seconds
    n = 4000
    base = [f"p:{i % 2}" for i in range(n)]
    theirs = [f"p:{i % 3}" for i in range(n)]
    yours = [f"p:{(i * 7) % 11}" for i in range(n)]
    m = merge3(base, theirs, yours, max_blocks=n)
    assert not m.bounded
    assert time.perf_counter() - start < 20


def test_fields_same_rule():
    base = {"title": "Strategi", "kind": "notat", "status": "kladde"}
    fm = merge_fields(base, {**base, "title": "Deres titel"}, {**base, "status": "endelig"})
    assert fm.values == {"title": "Deres titel", "kind": "notat", "status": "endelig"}
    assert fm.theirs == ["title"] and fm.conflicts == []
    fm = merge_fields(base, {**base, "title": "Deres"}, {**base, "title": "Min"})
    assert fm.conflicts == ["title"]
    fm = merge_fields(base, {**base, "title": "Samme"}, {**base, "title": "Samme"})
    assert fm.conflicts == [] and fm.values["title"] == "Samme" and fm.theirs == []
