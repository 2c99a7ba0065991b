"""What changed in a meeting pack since it was sent (meetings.packs.compare):
a pure comparison of two snapshots."""

from __future__ import annotations

from rsi_case.meetings.packs import compare


def item(id, number, title, recommendation="", case="", late=False):
    return {"id": id, "number": number, "title": title, "recommendation": recommendation, "case": case, "late": late}


def paper(item, document, annex, version, number="00001/26", title="Bilag"):
    return {"item": item, "document": document, "annex": annex, "version": version * 100,
            "version_number": version, "number": number, "title": title}


SENT = {
    "items": [item(1, 1, "Godkendelse af dagsorden"), item(2, 2, "Telefoni", "Godkend aftalen.", "24/2213"),
              item(3, 3, "Genomdata", "Tag til efterretning.", "26/0211"), item(4, 4, "Eventuelt")],
    "papers": [paper(2, 10, "2.1", 1, "00010/26", "Beslutningsoplæg"), paper(2, 11, "2.2", 2, "00011/26", "Tidsplan"),
               paper(3, 12, "3.1", 1, "00012/26", "Notat om genomdata")],
}


def test_the_same_snapshot_has_no_changes():
    changes = compare(SENT, SENT)
    assert not changes and changes.new_items == [] and changes.new_versions == []


def test_every_kind_of_change_is_found_once():
    now = {
        # item 1 withdrawn: 2, 3 and 4 move up; 2 gets a new recommendation; 3 a new title; a late item 5
        "items": [item(2, 1, "Telefoni", "Godkend aftalen med tillæg.", "24/2213"),
                  item(3, 2, "Genomdata i praksis", "Tag til efterretning.", "26/0211"),
                  item(4, 3, "Eventuelt"), item(5, 4, "Cyberangreb", "Orientering.", "", late=True)],
        # 2.2 has a new version, 2.1 is removed, 3 gets a new paper, the new item brings its own
        "papers": [paper(2, 11, "1.1", 3, "00011/26", "Tidsplan"), paper(3, 12, "2.1", 1), paper(3, 13, "2.2", 1),
                   paper(5, 14, "4.1", 1)],
    }
    c = compare(SENT, now)
    assert [i["id"] for i in c.new_items] == [5] and c.new_items[0]["late"]
    assert [i["title"] for i in c.withdrawn_items] == ["Godkendelse af dagsorden"]
    assert [(then["id"], [f for f, _b, _a in fields]) for then, _now, fields in c.changed_items] == [
        (2, ["recommendation"]), (3, ["title"])]
    assert c.changed_items[1][2] == [("title", "Genomdata", "Genomdata i praksis")]
    assert [(then["number"], now["number"]) for then, now in c.renumbered] == [(2, 1), (3, 2), (4, 3)]
    # the new item's paper comes with the item; the withdrawn item had none
    assert [(p["item"], p["document"]) for p in c.new_papers] == [(3, 13)]
    assert [(p["annex"], p["title"]) for p in c.removed_papers] == [("2.1", "Beslutningsoplæg")]
    assert [(then["version_number"], now["version_number"], now["annex"]) for then, now in c.new_versions] == [
        (2, 3, "1.1")]


def test_a_withdrawn_items_papers_go_with_it_and_a_paper_moved_is_removed_and_new():
    now = {"items": [item(1, 1, "Godkendelse af dagsorden"), item(2, 2, "Telefoni", "Godkend aftalen.", "24/2213"),
                     item(4, 3, "Eventuelt")],
           "papers": [paper(2, 10, "2.1", 1), paper(4, 11, "3.1", 2)]}
    c = compare(SENT, now)
    assert [i["id"] for i in c.withdrawn_items] == [3]
    assert [(p["item"], p["document"]) for p in c.removed_papers] == [(2, 11)]  # not item 3's paper
    assert [(p["item"], p["document"]) for p in c.new_papers] == [(4, 11)]
    assert [(t["number"], n["number"]) for t, n in c.renumbered] == [(4, 3)]


def test_a_case_hidden_from_the_board_since_is_a_change_of_the_item():
    now = {"items": [dict(i, case="") if i["id"] == 3 else i for i in SENT["items"]], "papers": SENT["papers"]}
    c = compare(SENT, now)
    assert [(t["id"], fields) for t, _n, fields in c.changed_items] == [(3, [("case", "26/0211", "")])]


def test_an_empty_first_snapshot_makes_everything_new():
    c = compare({"items": [], "papers": []}, SENT)
    assert [i["id"] for i in c.new_items] == [1, 2, 3, 4] and c.new_papers == [] and bool(c)


def closed(id, number, late=False):
    """An item as a pack closed to its reader keeps it (meetings.access): its number, nothing else."""
    return {**item(id, number, ""), "late": late, "closed": True}


def test_of_an_item_closed_since_nothing_is_said_but_its_number():
    """Genomdata (item 3, with a paper) became a closed item after the pack was sent, and item 1 was
    withdrawn: the addendum may renumber it, but must not repeat its old title, recommendation or
    case as "changed", nor name its paper as removed."""
    now = {"items": [item(2, 1, "Telefoni", "Godkend aftalen.", "24/2213"), closed(3, 2), item(4, 3, "Eventuelt")],
           "papers": [paper(2, 10, "1.1", 1, "00010/26", "Beslutningsoplæg"), paper(2, 11, "1.2", 2, "00011/26", "Tidsplan")]}
    c = compare(SENT, now)
    assert c.changed_items == []
    assert c.removed_papers == []
    assert [(t["id"], t["number"], n["number"]) for t, n in c.renumbered] == [(2, 2, 1), (3, 3, 2), (4, 4, 3)]
    assert [i["id"] for i in c.withdrawn_items] == [1]


def test_an_item_opened_since_is_a_changed_item_with_its_papers_new():
    then = {"items": [item(1, 1, "Godkendelse af dagsorden"), closed(3, 2)], "papers": []}
    now = {"items": [item(1, 1, "Godkendelse af dagsorden"), item(3, 2, "Genomdata", "Tag til efterretning.", "26/0211")],
           "papers": [paper(3, 12, "2.1", 1, "00012/26", "Notat om genomdata")]}
    c = compare(then, now)
    assert [(t["id"], [f for f, _b, _a in fields]) for t, _n, fields in c.changed_items] == [
        (3, ["title", "recommendation", "case"])]
    assert [(p["item"], p["document"]) for p in c.new_papers] == [(3, 12)]
