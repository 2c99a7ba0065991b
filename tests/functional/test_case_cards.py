"""The case page gathers its cards from the features that register them
(``config.add_case_card``): the documents, follow-or-explain, the action plan
and the decisions made in the case — each card deciding for itself, with the
reader's permissions, whether it has anything to show."""

from __future__ import annotations

import datetime as dt

from rsi_case.cases.cards import registered
from tests.conftest import add_user
from tests.functional.test_decisions import _held


def card_numbers(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.html.select(".case-decisions table.decisions td:first-child a")]


def test_every_feature_registers_its_card_in_order(app):
    cards = registered(app.registry)
    assert [(c.column, c.name) for c in cards if c.column == "main"] == [("main", "documents"), ("main", "decisions")]
    assert [c.name for c in cards if c.column == "side"] == ["access_request", "mail", "participation", "actions", "parties"]


def test_the_case_page_lists_the_decisions_made_in_the_case(as_role, make_case, make_document, db, users):
    lab = make_case(title="Fælles udbud af laboratoriesystem", number="24/0100", category="indkoeb")
    other = make_case(title="Fælles telefoni", number="24/0101", category="indkoeb")
    make_document(lab, title="Beslutningsoplæg om laboratoriesystem", status="endelig")
    _held(db, users, dt.date(2024, 5, 1), [("Laboratoriesystem", str(lab), "Styregruppen godkendte udbuddet."),
                                           ("Telefoni", str(other), "Telefonien blev udskudt.")])
    _held(db, users, dt.date(2025, 2, 3), [("Laboratoriesystem", str(lab), "Kontrakten blev tildelt.")])
    for role in ("styregruppe", "arkivar", "sekretariat"):
        page = as_role(role).get(f"/cases/{lab.slug}")
        assert card_numbers(page) == ["B-2025-001", "B-2024-001"], role  # newest first, only this case's
        card = page.html.select_one(".case-decisions")
        assert "Beslutninger i sagen (2)" in card.get_text(" ", strip=True)
        assert "Kontrakten blev tildelt." in card.text and "Telefonien" not in card.text
        assert "01-05-2024" in card.text  # the meeting's day, dd-mm-yyyy
        # the documents card comes first, then the decisions
        text = page.text
        assert text.index("Beslutningsoplæg om laboratoriesystem") < text.index("Kontrakten blev tildelt.")
    # a case without decisions has no decisions card (not an empty one)
    page = as_role("styregruppe").get(f"/cases/{make_case(title='Nyt projekt', number='24/0102').slug}")
    assert page.html.select_one(".case-decisions") is None


def test_decisions_are_shown_only_to_those_who_may_see_their_meeting(as_role, app, make_case, db, users):
    """An outside user granted one case reads that case, not the meetings case
    where the board met: its decisions stay out of their case page, as out of
    the register and search."""
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case

    lab = make_case(title="Fælles udbud af laboratoriesystem", number="24/0100", category="indkoeb")
    _held(db, users, dt.date(2024, 5, 1), [("Laboratoriesystem", str(lab), "Styregruppen godkendte udbuddet.")])
    with db() as s:
        ekstern = add_user(s, "ekstern", "bruger", full_name="Ekstern Projektleder")
        case = find_case(s, lab)
        case.grants.append(CaseGrant(principal=f"user:{ekstern.id}", role="laeser"))
    from tests.conftest import Browser

    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("ekstern")
    page = b.get(f"/cases/{lab.slug}")
    assert page.html.select_one(".case-decisions") is None
    assert "B-2024-001" not in page.text and "godkendte udbuddet" not in page.text
    assert card_numbers(as_role("styregruppe").get(f"/cases/{lab.slug}")) == ["B-2024-001"]


def test_a_decision_under_a_closed_item_is_not_shown_on_another_case(as_role, make_case, db, users, engine):
    """Belt and braces: a decision is listed only if its agenda item is open
    to the reader (``Reader``), whatever case the decision row names — here a
    row pointing at an open case while its item is about a confidential one."""
    import sqlalchemy as sa

    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case

    secret = make_case(title="Hemmeligt projekt", number="24/0777")
    open_case = make_case(title="Åbent udbud", number="24/0778")
    with db() as s:
        case = find_case(s, secret)
        case.confidential = True
        case.grants.append(CaseGrant(principal=f"user:{users['arkivar']}", role="laeser", granted_by_id=users["admin"]))
    _held(db, users, dt.date(2024, 6, 1), [("Forhandling", str(secret), "Forhandlingen fortsætter.")])
    with engine.begin() as conn:
        open_id = conn.execute(sa.text("SELECT id FROM cases WHERE year = 2024 AND seq = 778")).scalar_one()
        conn.execute(sa.text("UPDATE decisions SET case_id = :c"), {"c": open_id})
    page = as_role("styregruppe").get(f"/cases/{open_case.slug}")
    assert page.html.select_one(".case-decisions") is None and "Forhandlingen" not in page.text
    as_role("styregruppe").get(f"/cases/{secret.slug}", status=404)
    # the archivist may open the confidential case: the item is open to them
    assert card_numbers(as_role("arkivar").get(f"/cases/{open_case.slug}")) == ["B-2024-001"]


def test_the_side_cards_follow_the_reader(as_role, make_case):
    """Follow-or-explain for joint projects only; an empty action plan only for those who may add actions."""
    joint = make_case(title="Fælles udbud", number="24/0200", category="indkoeb")
    sek, board = as_role("sekretariat").get(f"/cases/{joint.slug}"), as_role("styregruppe").get(f"/cases/{joint.slug}")
    assert sek.html.select_one(".action-plan-card") is not None
    assert board.html.select_one(".action-plan-card") is None
    assert "Følg eller forklar" in board.text
