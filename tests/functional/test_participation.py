"""Follow or explain: each region's participation in a joint project, the
reason rule, the history of changes, the audit trail, and the matrix of
projects × regions — trimmed to what the user may see."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import count

REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


def _slug(number) -> str:
    return str(number).replace("/", "-")


def form_data(b, case, **rows):
    data = {"csrf_token": b.csrf_token(f"/cases/{_slug(case)}/participation"), "save": "1"}
    for region in REGIONS:
        state, reason, expected = rows.get(region, ("", "", ""))
        data.update({f"{region}-state": state, f"{region}-reason": reason, f"{region}-expected_on": expected})
    return data


def states(engine, case):
    with engine.connect() as conn:
        return {r.region: (r.state, r.reason, r.expected_on) for r in conn.execute(sa.text(
            "SELECT p.region, p.state, p.reason, p.expected_on FROM region_participation p JOIN cases c "
            "ON c.id = p.case_id WHERE c.seq = :seq AND c.year = :year"), {"seq": case.seq, "year": case.year})}


FULL = {
    "hovedstaden": ("deltager", "", ""),
    "sjaelland": ("deltager", "", ""),
    "syddanmark": ("deltager", "", ""),
    "midtjylland": ("afventer", "Den nuværende kontrakt løber til udgangen af 2027.", "01-01-2028"),
    "nordjylland": ("afstaar", "Regionen indfører en samlet klinisk platform, hvor laboratoriedelen indgår.", ""),
}


def test_the_secretariat_records_each_regions_participation(as_role, make_case, engine):
    case = make_case(title="Fælles laboratoriesystem")
    b = as_role("sekretariat")
    r = b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **FULL), status=303)
    assert "(5 ændret)" in r.follow().text
    saved = states(engine, case)
    assert saved["midtjylland"][0] == "afventer" and str(saved["midtjylland"][2]) == "2028-01-01"
    assert saved["nordjylland"] == ("afstaar", FULL["nordjylland"][1], None)
    assert saved["hovedstaden"] == ("deltager", "", None)
    # the case's participating regions follow
    with engine.connect() as conn:
        regions = conn.execute(sa.text("SELECT participating_regions FROM cases WHERE seq = :s AND year = :y"),
                               {"s": case.seq, "y": case.year}).scalar_one()
    if isinstance(regions, str):  # a JSON column read with plain SQL: text on SQLite, a list from psycopg
        regions = __import__("json").loads(regions)
    assert sorted(regions) == ["hovedstaden", "sjaelland", "syddanmark"]
    # versioned and audited: one change and one audit event per region
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == 5
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'participation_change'") == 5
    # the case page shows the states
    page = b.get(f"/cases/{_slug(case)}")
    assert "Følg eller forklar" in page.text and "afventer" in page.text and "01-01-2028" in page.text


def test_a_later_change_is_kept_beside_the_first(as_role, make_case, engine):
    case = make_case()
    b = as_role("sekretariat")
    b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **FULL), status=303)
    later = dict(FULL, midtjylland=("deltager", "", ""))
    b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **later), status=303)
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == 6
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes WHERE region = 'midtjylland' "
                         "AND old_state = 'afventer' AND state = 'deltager'") == 1
    page = b.get(f"/cases/{_slug(case)}/participation").text
    assert page.count("Den nuværende kontrakt løber til udgangen af 2027.") == 1  # in the history only
    # saving the same again changes nothing
    r = b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **later), status=303)
    assert "Intet blev ændret" in r.follow().text
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == 6


def test_a_region_cannot_wait_or_stay_out_without_a_reason(as_role, make_case, engine):
    case = make_case()
    b = as_role("sekretariat")
    rows = dict(FULL, midtjylland=("afventer", "  ", ""), nordjylland=("afstaar", "", ""),
                hovedstaden=("deltager", "", ""), syddanmark=("afventer", "Afventer budget.", "ikke-en-dato"))
    r = b.post(f"/cases/{_slug(case)}/participation", form_data(b, case, **rows), status=400)
    assert "Intet blev gemt" in r.text
    assert "Skriv, hvorfor regionen venter." in r.text
    assert "Skriv, hvornår regionen forventer at gå med (dd-mm-åååå)." in r.text
    assert "Skriv, hvorfor regionen står uden for" in r.text
    assert "»ikke-en-dato« er ikke en dato" in r.text
    assert "Afventer budget." in r.text and 'value="ikke-en-dato"' in r.text  # what was typed is kept
    assert states(engine, case) == {}
    assert count(engine, "SELECT COUNT(*) FROM region_participation_changes") == 0


def test_the_board_reads_the_matrix_but_cannot_change_it(as_role, make_case, engine):
    open_case = make_case(title="Fælles telefoni")
    own = make_case(title="Sekretariatets budget", category="egen_drift")
    b = as_role("sekretariat")
    b.post(f"/cases/{_slug(open_case)}/participation", form_data(b, open_case, **FULL), status=303)
    board = as_role("styregruppe")
    matrix = board.get("/participation").text
    assert str(open_case) in matrix and "Fælles telefoni" in matrix and "Sekretariatets budget" not in matrix
    assert "Regionen indfører en samlet klinisk platform" in matrix and "01-01-2028" in matrix
    page = board.get(f"/cases/{_slug(open_case)}/participation")
    assert 'name="midtjylland-state"' not in page.text and "afstår" in page.text
    board.post(f"/cases/{_slug(open_case)}/participation", {"csrf_token": board.csrf_token()}, status=403)
    assert str(own)  # (the organisation's own business is no joint project)


def test_a_confidential_project_is_not_in_the_matrix_of_those_without_access(as_role, make_case, db, users):
    from rsi_case.cases.resources import find_case
    from rsi_case.participation import services
    from rsi_case.security.models import User

    secret = make_case(title="Hemmeligt fusionsprojekt", confidential=True)
    with db() as s:
        case = find_case(s, secret)
        services.save(s, case, s.get(User, users["admin"]),
                      {"nordjylland": services.Entry("afstaar", "Fortrolig begrundelse om fusion.")})
    for role in ("sekretariat", "styregruppe", "arkivar"):
        text = as_role(role).get("/participation?status=alle").text
        assert "Hemmeligt fusionsprojekt" not in text and "Fortrolig begrundelse" not in text
        as_role(role).get(f"/cases/{_slug(secret)}/participation", status=404)
    assert "Fortrolig begrundelse om fusion." in as_role("admin").get("/participation?status=alle").text
