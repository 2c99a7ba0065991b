"""Issue 16, point 6: a case's participating regions and its follow-or-explain
box are one truth. Ticking regions on a new or edited case is what the box
(and the matrix) say; saving the box is what the case says."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import count
from tests.functional.test_participation import FULL, _slug, form_data, states

ALL = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


def tick(form, *regions):
    for box in form.fields["checkbox"]:
        if box._value in ALL:
            box.checked = box._value in regions


def box(page) -> dict:
    """The case page's follow-or-explain card: region name -> what it says."""
    card = [c for c in page.html.select(".card") if "Følg eller forklar" in c.get_text()][-1]
    return {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in zip(card.select("dt"), card.select("dd"))}


def participating(page) -> str:
    dts = page.html.select("dl dt")
    return next(dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in dts if dt.get_text(strip=True) == "Deltagende regioner")


def test_ticking_regions_on_a_new_case_is_what_its_follow_or_explain_box_says(as_role, engine):
    b = as_role("sekretariat")
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Fælles sikker mail"
    form["category"] = "tvaergaaende"
    tick(form, "hovedstaden", "syddanmark", "nordjylland")
    page = form.submit("save", status=303).follow()
    assert box(page) == {"Region Hovedstaden": "deltager", "Region Sjælland": "ikke afklaret",
                         "Region Syddanmark": "deltager", "Region Midtjylland": "ikke afklaret",
                         "Region Nordjylland": "deltager"}
    assert participating(page) == "Region Hovedstaden Region Syddanmark Region Nordjylland"
    slug = page.request.path.rsplit("/", 1)[-1]
    # the follow-or-explain page and the matrix agree; the change is kept and audited
    rows = b.get(f"/cases/{slug}/participation")
    assert [o["value"] for o in rows.html.select("select[name=hovedstaden-state] option[selected]")] == ["deltager"]
    assert count(engine, "SELECT COUNT(*) FROM region_participation WHERE state = 'deltager'") == 3
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == 3
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'participation_change'") == 3


def test_editing_the_case_moves_the_box_and_the_box_moves_the_case(as_role, make_case, engine):
    case = make_case(title="Fælles laboratoriesystem")
    b = as_role("sekretariat")
    b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **FULL), status=303)
    # (the box said: three take part, Midtjylland waits, Nordjylland stays out)
    form = b.get(f"/cases/{_slug(case)}/edit").forms["deform"]
    assert sorted(box_._value for box_ in form.fields["checkbox"] if box_.checked and box_._value in ALL) == [
        "hovedstaden", "sjaelland", "syddanmark"]
    # tick Nordjylland (it now takes part), untick Sjælland (no longer recorded as taking part)
    tick(form, "hovedstaden", "syddanmark", "nordjylland")
    page = form.submit("save", status=303).follow()
    assert box(page) == {"Region Hovedstaden": "deltager", "Region Sjælland": "ikke afklaret",
                         "Region Syddanmark": "deltager", "Region Midtjylland": "afventer 01-01-2028",
                         "Region Nordjylland": "deltager"}
    assert participating(page) == "Region Hovedstaden Region Syddanmark Region Nordjylland"
    saved = states(engine, case)
    assert "sjaelland" not in saved and saved["nordjylland"] == ("deltager", "", None)
    assert saved["midtjylland"][0] == "afventer"  # not ticked, its reason kept
    with engine.connect() as conn:
        last = conn.execute(sa.text("SELECT old_state, state, reason FROM region_participation_changes "
                                    "WHERE region = 'nordjylland' ORDER BY id DESC")).first()
    assert tuple(last) == ("afstaar", "deltager", "")
    # and the other way: the box saved, the case's regions follow (as before)
    b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, sjaelland=("deltager", "", "")), status=303)
    assert participating(b.get(f"/cases/{_slug(case)}")) == (
        "Region Hovedstaden Region Sjælland Region Syddanmark Region Nordjylland")
    # saving the case form unchanged changes nothing in the box
    before = count(engine, "SELECT COUNT(*) FROM region_participation_changes")
    b.get(f"/cases/{_slug(case)}/edit").forms["deform"].submit("save", status=303)
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == before
    assert box(b.get(f"/cases/{_slug(case)}"))["Region Sjælland"] == "deltager"
