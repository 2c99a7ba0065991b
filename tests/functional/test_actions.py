"""Action plans that are followed up: actions with a responsible region,
deadline and status, dated progress notes, "overdue", the overview across
projects, and the status report (statusrapport) in Word — each trimmed to
what the user may see."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from rsi_case.actions.services import today as actions_today
from tests.conftest import count

TODAY = actions_today()  # the Danish date, as the application counts deadlines
YESTERDAY = TODAY - dt.timedelta(days=1)
LATER = dt.date(2099, 6, 30)


def _slug(number) -> str:
    return str(number).replace("/", "-")


def d(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def url(case) -> str:
    return f"/cases/{_slug(case)}/actions"


def add(b, case, expect=303, **fields):
    data = {"csrf_token": b.csrf_token(url(case)), "add": "1", "title": "", "description": "", "region": "",
            "deadline": "", "status": "ikke_startet", "document": ""}
    data.update(fields)
    return b.post(url(case), data, status=expect)


def action_ids(engine, title=None) -> list[int]:
    with engine.connect() as conn:
        sql = "SELECT id FROM actions" + (" WHERE title = :t" if title else "") + " ORDER BY id"
        return list(conn.execute(sa.text(sql), {"t": title}).scalars())


def row(engine, action_id):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT * FROM actions WHERE id = :i"), {"i": action_id}).mappings().one()


def version(engine, action_id) -> str:
    return str(row(engine, action_id)["version"])


def note(b, case, action_id, version, expect=303, **fields):
    data = {"csrf_token": b.csrf_token(url(case)), "note": "1", "action": str(action_id), "version": version,
            "noted_on": d(TODAY), "text": "", "status": ""}
    data.update(fields)
    return b.post(url(case), data, status=expect)


def edit(b, case, action_id, version, expect=303, **fields):
    data = {"csrf_token": b.csrf_token(url(case)), "edit": "1", "action": str(action_id), "version": version,
            "title": "Titel", "description": "", "region": "", "deadline": d(LATER), "document": ""}
    data.update(fields)
    return b.post(url(case), data, status=expect)


def make_action(db, users, case_number, title, deadline, status="ikke_startet", region="syddanmark", **kw):
    """An action straight into the database (for worlds the tests read)."""
    from rsi_case.actions import services
    from rsi_case.cases.resources import find_case
    from rsi_case.security.models import User

    with db() as s:
        case = find_case(s, case_number)
        action = services.create_action(s, case, s.get(User, users["sekretariat"]), services.Fields(
            title=title, description=kw.get("description", ""), region=region, deadline=deadline,
            document_id=kw.get("document_id"), status=status))
        for noted_on, text, new in kw.get("notes", ()):
            services.add_note(s, action, s.get(User, users["sekretariat"]), noted_on, text, new, action.version)
        return action.id


# -- adding, changing, following up ---------------------------------------------------------

def test_the_secretariat_adds_an_action_and_follows_it_up(as_role, make_case, engine):
    case = make_case(title="Fælles telefoni for regionerne")
    b = as_role("sekretariat")
    r = add(b, case, title="Overgang af alle sygehuse", description="Holbæk Sygehus først.", region="sjaelland",
            deadline="15-12-2099", status="i_gang")
    assert r.location.endswith(url(case) + f"#action-{action_ids(engine)[0]}")
    assert "Indsatsen blev tilføjet." in r.follow().text
    (aid,) = action_ids(engine)
    saved = row(engine, aid)
    assert (saved["title"], saved["region"], str(saved["deadline"]), saved["status"], saved["position"]) == (
        "Overgang af alle sygehuse", "sjaelland", "2099-12-15", "i_gang", 1)
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'action_create' AND object_ref = :r",
                 r=str(aid)) == 1
    # a second action goes after it; no region means the secretariat carries it
    add(b, case, title="Fælles uddannelsesmateriale", deadline="1. marts 2099")
    second = row(engine, action_ids(engine, "Fælles uddannelsesmateriale")[0])
    assert second["position"] == 2 and second["region"] is None and str(second["deadline"]) == "2099-03-01"

    # progress: a note with a status change, then a note alone, dated earlier
    note(b, case, aid, version(engine, aid), noted_on="10-11-2026", status="forsinket",
         text="Akutmodtagelserne venter på rettelsen til mobilklienten.")
    note(b, case, aid, version(engine, aid), noted_on="02-10-2026", status="forsinket",
         text="Holbæk Sygehus er overgået.")
    with engine.connect() as conn:
        notes = conn.execute(sa.text("SELECT noted_on, text, old_status, new_status FROM action_notes "
                                     "ORDER BY id")).all()
    assert [(str(n[0]), n[2], n[3]) for n in notes] == [("2026-11-10", "i_gang", "forsinket"),
                                                        ("2026-10-02", None, None)]
    assert row(engine, aid)["status"] == "forsinket"
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'action_note'") == 2
    page = b.get(url(case)).text
    # the history, newest date first, with the change of status
    first, later = page.index("10-11-2026"), page.index("02-10-2026")
    assert first < later and "Holbæk Sygehus er overgået." in page
    assert re.search(r"i gang →\s*<span class=\"badge action-status-forsinket\">forsinket</span>", page)
    # a status change alone is a note too; an empty note is refused
    note(b, case, aid, version(engine, aid), status="afsluttet")
    assert row(engine, aid)["status"] == "afsluttet"
    r = note(b, case, aid, version(engine, aid), expect=400, status="afsluttet", text="  ")
    assert "Skriv, hvad der er sket, eller vælg en ny status." in r.text
    assert count(engine, "SELECT COUNT(*) FROM action_notes") == 3

    # the case page shows the plan with statuses and deadlines
    case_page = b.get(f"/cases/{_slug(case)}").text
    assert "Handlingsplan" in case_page and "Fælles uddannelsesmateriale" in case_page and "01-03-2099" in case_page
    assert "afsluttet" in case_page and f"{url(case)}#action-{aid}" in case_page


def test_bad_input_is_refused_in_danish_and_what_was_typed_is_kept(as_role, make_case, engine):
    case = make_case()
    b = as_role("sekretariat")
    r = add(b, case, expect=400, title="  ", description="Min beskrivelse", deadline="31-02-2026", region="atlantis")
    assert "Intet blev gemt" in r.text
    assert "Skriv, hvad der skal gøres." in r.text
    assert "»31-02-2026« er ikke en dato" in r.text
    assert "Vælg en af de fem regioner eller sekretariatet." in r.text
    assert 'value="31-02-2026"' in r.text and "Min beskrivelse</textarea>" in r.text
    r = add(b, case, expect=400, title="Kravspecifikation", deadline="", status="på vej")
    assert "Skriv fristen (dd-mm-åååå)." in r.text and "Vælg en af statusserne." in r.text
    assert 'value="Kravspecifikation"' in r.text
    # a plan document from another case (or no plan at all) is not taken
    r = add(b, case, expect=400, title="Kravspecifikation", deadline="01-01-2027", document="999999")
    assert "Vælg en af sagens handlingsplaner." in r.text
    assert count(engine, "SELECT COUNT(*) FROM actions") == 0

    add(b, case, title="Kravspecifikation", deadline="01-01-2027")
    (aid,) = action_ids(engine)
    r = note(b, case, aid, version(engine, aid), expect=400, noted_on="i morgen", text="Udkast sendt i høring.")
    assert "»i morgen« er ikke en dato" in r.text and "Udkast sendt i høring.</textarea>" in r.text
    r = note(b, case, aid, version(engine, aid), expect=400, noted_on=d(TODAY + dt.timedelta(days=3)), text="Frem i tiden.")
    assert "En fremdriftsnote kan ikke dateres frem i tiden." in r.text
    r = note(b, case, aid, version(engine, aid), expect=400, text="Ukendt status.", status="næsten")
    assert "Vælg en af statusserne." in r.text
    r = edit(b, case, aid, version(engine, aid), expect=400, title="", deadline="32-13-2026")
    assert "Skriv, hvad der skal gøres." in r.text and 'value="32-13-2026"' in r.text
    assert 'open="open"' in r.text  # the failed edit form is shown open
    assert count(engine, "SELECT COUNT(*) FROM action_notes") == 0 and row(engine, aid)["title"] == "Kravspecifikation"
    # an action that is not in this case: a message, nothing changed
    other = make_case(title="En anden sag")
    r = note(b, other, aid, "1", text="Forkert sag.")
    assert "Den indsats findes ikke (længere) i denne sag." in r.follow().text
    b.post(url(case), {"csrf_token": b.csrf_token(url(case)), "edit": "1", "action": "x"}, status=303)
    assert count(engine, "SELECT COUNT(*) FROM action_notes") == 0


def test_an_edit_from_a_stale_page_is_refused_and_keeps_what_was_typed(as_role, make_case, engine):
    case = make_case()
    sek, admin = as_role("sekretariat"), as_role("admin")
    add(sek, case, title="Juridisk afklaring", region="syddanmark", deadline="30-09-2099")
    (aid,) = action_ids(engine)
    seen = version(engine, aid)  # both open the page at version 1
    r = edit(admin, case, aid, seen, title="Juridisk afklaring af behandlingsgrundlag", region="syddanmark",
             deadline="31-10-2099")
    assert "Indsatsen blev gemt." in r.follow().text
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'action_edit' AND outcome = 'ok'") == 1
    r = edit(sek, case, aid, seen, expect=409, title="Min ændrede titel", region="midtjylland", deadline="01-12-2099")
    assert "En anden har ændret indsatsen" in r.text
    assert 'value="Min ændrede titel"' in r.text and 'value="01-12-2099"' in r.text
    saved = row(engine, aid)
    assert saved["title"] == "Juridisk afklaring af behandlingsgrundlag" and saved["region"] == "syddanmark"
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'action_edit' AND outcome = 'failed'") == 1
    # a status change from the stale page is refused too; a note alone is never stale
    note(sek, case, aid, seen, expect=409, text="Afsluttet.", status="afsluttet")
    assert row(engine, aid)["status"] == "ikke_startet"
    note(sek, case, aid, seen, text="Møde med Datatilsynet holdt.", status="ikke_startet")
    assert count(engine, "SELECT COUNT(*) FROM action_notes") == 1
    # saved again on top of the newest, it goes through
    edit(sek, case, aid, version(engine, aid), title="Min ændrede titel", region="midtjylland", deadline="01-12-2099")
    assert row(engine, aid)["title"] == "Min ændrede titel"
    r = edit(sek, case, aid, version(engine, aid), title="Min ændrede titel", region="midtjylland", deadline="01-12-2099")
    assert "Intet blev ændret." in r.follow().text


def test_the_board_reads_and_an_archived_case_is_read_only(as_role, make_case, db, users, engine):
    case = make_case(title="Fælles genomplatform")
    archived = make_case(title="Gammel handlingsplan", status="arkiveret")
    make_action(db, users, case, "Kravspecifikation", LATER)
    aid = make_action(db, users, archived, "Gammel indsats", dt.date(2013, 6, 30), status="afsluttet")
    board = as_role("styregruppe")
    page = board.get(url(case)).text
    assert "Kravspecifikation" in page and 'name="note"' not in page and 'id="action-form"' not in page
    board.post(url(case), {"csrf_token": board.csrf_token(), "add": "1", "title": "x", "deadline": "01-01-2030"},
               status=403)
    sek = as_role("sekretariat")
    page = sek.get(url(archived)).text
    assert "Gammel indsats" in page and "arkiveret" in page and 'id="action-form"' not in page
    assert 'id="note-form-' not in page
    sek.post(url(archived), {"csrf_token": sek.csrf_token(), "note": "1", "action": str(aid), "version": "2",
                             "text": "Sen note."}, status=403)
    assert count(engine, "SELECT COUNT(*) FROM action_notes") == 0


# -- overdue -----------------------------------------------------------------------------------

def test_overdue_is_a_passed_deadline_of_an_action_not_completed(db, users, make_case):
    from rsi_case.actions import services
    from rsi_case.actions.models import Action
    from rsi_case.security.models import User

    on = dt.date(2026, 11, 25)
    case = make_case()
    cases = {
        "yesterday, in progress": (dt.date(2026, 11, 24), "i_gang", True),
        "yesterday, never marked delayed": (dt.date(2026, 11, 24), "ikke_startet", True),
        "long ago, delayed": (dt.date(2026, 3, 31), "forsinket", True),
        "yesterday, completed": (dt.date(2026, 11, 24), "afsluttet", False),
        "today": (dt.date(2026, 11, 25), "i_gang", False),
        "tomorrow, delayed": (dt.date(2026, 11, 26), "forsinket", False),
    }
    ids = {name: make_action(db, users, case, name, deadline, status) for name, (deadline, status, _o) in cases.items()}
    with db() as s:
        admin = s.get(User, users["admin"])
        for name, (_d, _s, overdue) in cases.items():
            assert services.is_overdue(s.get(Action, ids[name]), on) is overdue, name
        # the query says the same as the rule
        found = services.overview(s, admin, services.Selection({"overdue": "1"}), on)
        assert {a.title for a in found} == {n for n, (_d, _s, o) in cases.items() if o}
        totals = services.totals(s, admin, services.Selection({}), on)
        assert (totals["overdue"], totals["i_gang"], totals["forsinket"], totals["all"]) == (3, 2, 2, 6)
        # a day later, today's deadline has passed too
        later = services.overview(s, admin, services.Selection({"overdue": "1"}), dt.date(2026, 11, 26))
        assert "today" in {a.title for a in later}


# -- the overview ------------------------------------------------------------------------------

def _rows(page) -> list[tuple[str, str]]:
    """(row class, action title) of the overview's rows, in order."""
    body = page.text.split('<table class="table table-sm align-top actions-overview">', 1)[1]
    return [(cls, title) for cls, title in re.findall(
        r'<tr class="([^"]*)">\s*<td class="text-nowrap[^"]*">[^<]*</td>\s*<td[^>]*><a href="[^"]*">([^<]*)</a>', body)]


def test_the_overview_sorts_by_deadline_highlights_overdue_and_filters(as_role, make_case, db, users):
    phone = make_case(title="Fælles telefoni", category="drift")
    genome = make_case(title="Fælles genomplatform", category="tvaergaaende")
    closed = make_case(title="Afsluttet projekt", category="drift", status="lukket")
    make_action(db, users, phone, "Overgang Region Syddanmark", LATER, "ikke_startet", "syddanmark")
    make_action(db, users, phone, "Test af vagtplanintegration", YESTERDAY, "i_gang", "syddanmark",
                notes=[(YESTERDAY, "Testmiljøet er først klar i december.", None)])
    make_action(db, users, genome, "Juridisk afklaring", dt.date(2026, 9, 30), "forsinket", "syddanmark")
    make_action(db, users, genome, "Retningslinjer godkendt", dt.date(2026, 6, 30), "afsluttet", "midtjylland")
    make_action(db, users, genome, "Skabelon for gevinstgrundlag", TODAY, "i_gang", None)
    make_action(db, users, closed, "Indsats i lukket sag", dt.date(2020, 1, 1), "i_gang", "nordjylland")
    b = as_role("styregruppe")
    page = b.get("/actions")
    assert _rows(page) == [
        ("", "Retningslinjer godkendt"),
        ("action-overdue", "Juridisk afklaring"),
        ("action-overdue", "Test af vagtplanintegration"),
        ("", "Skabelon for gevinstgrundlag"),
        ("", "Overgang Region Syddanmark"),
    ]
    assert "Testmiljøet er først klar i december." in page.text  # the latest progress note
    assert 'class="total-overdue">2<' in page.text and 'class="total-i_gang">2<' in page.text
    assert 'class="total-afsluttet">1<' in page.text and "Sekretariatet" in page.text
    # filters
    assert [t for _c, t in _rows(b.get("/actions?overdue=1"))] == ["Juridisk afklaring", "Test af vagtplanintegration"]
    assert [t for _c, t in _rows(b.get("/actions?status=forsinket"))] == ["Juridisk afklaring"]
    assert [t for _c, t in _rows(b.get("/actions?region=sekretariat"))] == ["Skabelon for gevinstgrundlag"]
    by_region = b.get("/actions?region=syddanmark&category=drift")
    assert [t for _c, t in _rows(by_region)] == ["Test af vagtplanintegration", "Overgang Region Syddanmark"]
    assert 'class="total-overdue">1<' in by_region.text and 'class="total-i_gang">1<' in by_region.text
    assert [t for _c, t in _rows(b.get("/actions?cases=alle&region=nordjylland"))] == ["Indsats i lukket sag"]
    # nonsense in the query string is ignored, never an error
    assert len(_rows(b.get("/actions?status=x&region=%3Cscript%3E&category=1&cases=nej&overdue=2"))) == 5
    # the report link carries the selection
    assert "/actions/statusrapport.docx?status=forsinket" in b.get("/actions?status=forsinket").text
    home = b.get("/").text
    assert 'href="http://localhost/actions"' in home  # in the main navigation
    assert overdue_tile(home) == 2  # and the front page counts the overdue actions in open cases


def overdue_tile(page) -> int:
    return int(re.search(r'id="overdue-actions">.*?fs-3 fw-semibold text-dark">(\d+)<', page, re.S).group(1))


def test_a_confidential_project_is_in_nobodys_overview_or_report_but_its_own(as_role, make_case, db, users):
    from tests.office import read_back

    secret = make_case(title="Hemmeligt fusionsprojekt", confidential=True)
    public = make_case(title="Fælles telefoni")
    make_action(db, users, secret, "Fortrolig forhandling med leverandør", YESTERDAY, "i_gang")
    make_action(db, users, public, "Offentlig indsats", LATER, "i_gang")
    for role in ("sekretariat", "styregruppe", "arkivar"):
        b = as_role(role)
        page = b.get("/actions?cases=alle").text
        assert "Fortrolig forhandling" not in page and "Hemmeligt fusionsprojekt" not in page
        assert 'class="total-overdue">0<' in page and 'class="total-i_gang">1<' in page  # not in the counts either
        text = "\n".join(p.text for p in read_back(b.get("/actions/statusrapport.docx?cases=alle").body).paragraphs)
        assert "Hemmeligt fusionsprojekt" not in text and str(secret) not in text
        b.get(url(secret), status=404)
        if role != "arkivar":
            assert overdue_tile(b.get("/").text) == 0
        else:
            assert 'id="overdue-actions"' not in b.get("/").text
        b.get(url(secret) + "/statusrapport.docx", status=404)
    admin = as_role("admin").get("/actions?cases=alle").text
    assert "Fortrolig forhandling med leverandør" in admin and 'class="total-overdue">1<' in admin
    assert overdue_tile(as_role("admin").get("/").text) == 1


def test_a_plan_the_board_may_not_read_is_not_named_to_it(as_role, make_case, make_document, db, users):
    case = make_case(title="Fælles strategi")
    draft_plan = make_document(case, title="Udkast til handlingsplan 2027", kind="handlingsplan", status="kladde")
    final_plan = make_document(case, title="Handlingsplan 2026", kind="handlingsplan", status="endelig")
    with db() as s:
        from rsi_case.documents.models import Document

        ids = {doc.title: doc.id for doc in s.query(Document)}
    make_action(db, users, case, "Indsats fra udkastet", LATER, document_id=ids["Udkast til handlingsplan 2027"])
    make_action(db, users, case, "Indsats fra planen", LATER, document_id=ids["Handlingsplan 2026"])
    sek = as_role("sekretariat").get(url(case)).text
    assert "Udkast til handlingsplan 2027" in sek and str(draft_plan) in sek
    board = as_role("styregruppe").get(url(case)).text
    assert "Indsats fra udkastet" in board and "Udkast til handlingsplan 2027" not in board
    assert str(draft_plan) not in board and str(final_plan) in board
    from tests.office import read_back

    doc = read_back(as_role("styregruppe").get(url(case) + "/statusrapport.docx").body)
    cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Handlingsplan 2026" in cells and "Udkast til handlingsplan 2027" not in cells
    # a plan is chosen among the case's own action plans
    b = as_role("sekretariat")
    add(b, case, title="Ny indsats", deadline="01-01-2099", document=str(ids["Handlingsplan 2026"]))


# -- the status report in Word -------------------------------------------------------------------

def test_the_status_report_is_a_word_file_of_the_current_state(as_role, make_case, db, users, engine, tmp_path):
    from tests.office import check_package, flat, pdf_text, read_back, to_pdf

    phone = make_case(title="Fælles telefoni for regionerne", lead_region="nordjylland", category="drift")
    genome = make_case(title="Fælles platform for genomdata", lead_region="syddanmark", category="tvaergaaende")
    make_action(db, users, phone, "Overgang af Region Sjællands sygehuse", YESTERDAY, "i_gang", "sjaelland",
                notes=[(dt.date(2026, 10, 1), "Holbæk Sygehus er overgået.", None),
                       (dt.date(2026, 11, 10), "Akutmodtagelserne venter på rettelsen.", "forsinket")])
    make_action(db, users, phone, "Overgang af Region Hovedstaden", LATER, "ikke_startet", "hovedstaden")
    make_action(db, users, genome, "Retningslinjer for samtykke", dt.date(2026, 6, 30), "i_gang", None,
                notes=[(dt.date(2026, 6, 18), "", "afsluttet")])
    b = as_role("sekretariat")
    r = b.get("/actions/statusrapport.docx")
    assert r.content_type.endswith("wordprocessingml.document")
    assert "Statusrapport" in r.headers["Content-Disposition"]
    check_package(r.body)
    doc = read_back(r.body)
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("RSI Forside titel", "Statusrapport") in paras
    assert ("RSI Forside undertitel", f"Handlingsplaner — status pr. {d(TODAY)}") in paras
    headings = [t for s, t in paras if s == "Heading 1"]
    assert headings == ["Samlet status", f"{phone} Fælles telefoni for regionerne", f"{genome} Fælles platform for genomdata"]
    summary = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert summary == [["Status", "Indsatser"], ["ikke startet", "1"], ["i gang", "0"], ["forsinket", "1"],
                       ["afsluttet", "1"], ["Overskredet (fristen er passeret, ikke afsluttet)", "1"], ["I alt", "3"]]
    phone_rows = [[c.text for c in row.cells] for row in doc.tables[3].rows]
    assert phone_rows[0] == ["Nr.", "Indsats", "Ansvarlig", "Frist", "Status", "Seneste fremdrift"]
    assert phone_rows[1] == ["1", "Overgang af Region Sjællands sygehuse", "Region Sjælland", d(YESTERDAY),
                             "forsinket — overskredet", "10-11-2026: Akutmodtagelserne venter på rettelsen."]
    assert phone_rows[2][1:5] == ["Overgang af Region Hovedstaden", "Region Hovedstaden", "30-06-2099", "ikke startet"]
    assert phone_rows[2][5] == "—"
    # overdue is bold; the rest is not
    overdue_runs = [r for p in doc.tables[3].rows[1].cells[1].paragraphs for r in p.runs]
    assert overdue_runs and all(r.bold for r in overdue_runs)
    assert not any(r.bold for p in doc.tables[3].rows[2].cells[1].paragraphs for r in p.runs)
    genome_rows = [[c.text for c in row.cells] for row in doc.tables[5].rows]
    assert genome_rows[1][2:] == ["Sekretariatet", "30-06-2026", "afsluttet", "18-06-2026: Status ændret til afsluttet."]
    info = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert ["Lederregion", "Region Nordjylland"] in info and ["Status", "2 indsatser, heraf 1 overskredet"] in info
    assert doc.core_properties.title == f"Statusrapport {d(TODAY)}"
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND CAST(detail AS TEXT) LIKE '%statusrapport%'") == 1
    # LibreOffice reads it and lays it out
    text = flat(pdf_text(to_pdf(r.body, tmp_path)))
    assert "Statusrapport" in text and "Samlet status" in text and f"{phone} Fælles telefoni for regionerne" in text
    for words in ("Overgang af", "Sjællands", "Akutmodtagelserne", "overskredet", d(YESTERDAY), "Side 1 af"):
        assert words in text, words
    # the selection: overdue only; and one case's own report
    only = read_back(b.get("/actions/statusrapport.docx?overdue=1").body)
    only_text = " ".join(c.text for t in only.tables for row in t.rows for c in row.cells)
    assert "kun overskredne" in only_text and "Overgang af Region Hovedstaden" not in only_text
    assert str(genome) not in " ".join(p.text for p in only.paragraphs)
    case_doc = read_back(b.get(url(phone) + "/statusrapport.docx").body)
    assert [p.text for p in case_doc.paragraphs if p.style.name == "Heading 1"] == [
        "Samlet status", f"{phone} Fælles telefoni for regionerne"]
    assert "/statusrapport.docx" in b.get(url(phone)).text
    # nothing to report is still a report, saying so
    empty = read_back(b.get("/actions/statusrapport.docx?status=i_gang&region=midtjylland").body)
    assert "Ingen indsatser i udvalget." in [p.text for p in empty.paragraphs]


def test_the_secretariat_files_the_report_in_the_case_as_a_draft_progress_report(
        as_role, make_case, make_document, db, users, engine):
    from tests.office import read_back

    case = make_case(title="Fælles telefoni for regionerne")
    closed = make_case(title="Lukket projekt", status="lukket")
    make_document(case, title="Udkast til implementeringsplan", kind="handlingsplan", status="kladde")
    with engine.connect() as conn:
        plan_id = conn.execute(sa.text("SELECT id FROM documents WHERE kind = 'handlingsplan'")).scalar_one()
    make_action(db, users, case, "Test af vagtplanintegration", YESTERDAY, "i_gang", document_id=plan_id,
                notes=[(YESTERDAY, "Testmiljøet er først klar i december.", None)])
    assert "Udkast til implementeringsplan" in as_role("sekretariat").get(url(case)).text
    make_action(db, users, closed, "Afsluttende evaluering", YESTERDAY, "afsluttet")
    b = as_role("sekretariat")
    page = b.get(url(case))
    assert f'value="Statusrapport: Fælles telefoni for regionerne, {d(TODAY)}"' in page.text
    r = b.post(url(case), {"csrf_token": b.csrf_token(url(case)), "file": "1", "file_title": " "}, status=400)
    assert "Giv rapporten en titel" in r.text and 'open="open"' in r.text
    r = b.post(url(case), {"csrf_token": b.csrf_token(url(case)), "file": "1",
                           "file_title": "Statusrapport til styregruppemødet"}, status=303)
    with engine.connect() as conn:
        doc = conn.execute(sa.text("SELECT * FROM documents WHERE kind = 'statusrapport'")).mappings().one()
        att = conn.execute(sa.text("SELECT * FROM attachments WHERE document_id = :d"), {"d": doc["id"]}).mappings().one()
    number = f"{doc['seq']:05d}-{str(doc['year'])[2:]}"
    assert r.location.endswith(f"/documents/{number}")
    assert "blev lagt på sagen som dokument" in r.follow().text
    assert (doc["title"], doc["status"], str(doc["doc_date"])) == ("Statusrapport til styregruppemødet", "kladde",
                                                                   str(TODAY))
    assert "Test af vagtplanintegration" in doc["body_html"] and "overskredet" in doc["body_html"]
    assert "Testmiljøet er først klar i december." in doc["body_html"]
    # the filed report is for the board once final: it names no draft plan
    assert "Udkast til implementeringsplan" not in doc["body_html"]
    assert att["filename"] == f"Statusrapport {d(TODAY)}.docx"
    word = read_back(b.get(f"/documents/{number}/attachments/{att['id']}").body)
    assert any(p.text == "Statusrapport" for p in word.paragraphs)
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'document_create' "
                         "AND CAST(detail AS TEXT) LIKE '%statusrapport%'") == 1
    # a draft: not the board's until the secretariat marks it final
    as_role("styregruppe").get(f"/documents/{number}", status=404)
    # a closed case takes no new documents
    assert 'id="file-form"' not in b.get(url(closed)).text
    b.post(url(closed), {"csrf_token": b.csrf_token(url(closed)), "file": "1", "file_title": "x"}, status=403)
