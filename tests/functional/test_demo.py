"""The demo organisation is the first thing a newcomer sees: it loads through
the real loader, and each demo login sees what its role allows."""

import datetime as dt
import re
import shutil

import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.demo import access, content
from rsi_case.meetings.models import Meeting
from tests.conftest import Browser, settings_for


@pytest.fixture
def demo_app(demo_template, make_database, tmp_path):
    url = make_database("demo")
    shutil.copytree(demo_template / "blobs", tmp_path / "blobs")
    app = main({}, **settings_for(tmp_path, url))
    yield app
    app.registry["db.engine"].dispose()


def login(app, name):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(name, content.PASSWORD)
    return b


def total(page):
    return int(re.search(r"(\d+) sager", page.text).group(1))


def test_demo_is_big_and_varied_enough(demo_app):
    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        kinds = dict(conn.execute(sa.text("SELECT kind, COUNT(*) FROM documents GROUP BY kind")).all())
        years = conn.execute(sa.text("SELECT MIN(year), MAX(year) FROM cases")).one()
        categories = conn.execute(sa.text("SELECT COUNT(DISTINCT category) FROM cases")).scalar()
        words = sum(len(re.sub("<[^>]+>", " ", body).split())
                    for body in conn.execute(sa.text("SELECT body_html FROM documents")).scalars())
        statuses = set(conn.execute(sa.text("SELECT DISTINCT status FROM cases")).scalars())
    assert len(kinds) == 8 and min(kinds.values()) >= 3
    assert sum(kinds.values()) >= 60
    assert years == (2009, 2026) and categories == 7  # the six of the organisation, and a request for access
    assert statuses == {"aaben", "lukket", "arkiveret"}
    assert words > 10000


def test_each_demo_login_sees_what_its_role_allows(demo_app):
    sek = login(demo_app, "sekretariat")
    # the cases of the content, and the meetings cases of the earlier years' decisions (demo/decisions.py)
    numbers = {c["number"] for c in content.CASES}
    with demo_app.registry["db.engine"].connect() as conn:
        meeting_cases = conn.execute(sa.text(
            "SELECT c.year, c.seq, c.status FROM meeting_cases m JOIN cases c ON c.id = m.case_id")).all()
        requests = conn.execute(sa.text(
            "SELECT c.year, c.seq, c.status FROM access_requests r JOIN cases c ON c.id = r.case_id")).all()
    extra = [status for year, seq, status in meeting_cases if f"{year % 100:02d}/{seq:04d}" not in numbers]
    assert len(extra) >= 8
    assert len(requests) == 6  # demo/aktindsigt.py: a request of its own case; demo/aktindsigt_year.py: five more
    extra += [status for _year, _seq, status in requests]
    n_all = len(content.CASES) + len(extra)
    assert total(sek.get("/cases")) == n_all + 1  # the secretariat head owns the confidential case
    assert "Ny sag" in sek.get("/").text
    board = login(demo_app, "styregruppe")
    archived = sum(c["status"] == "arkiveret" for c in content.CASES) + extra.count("arkiveret")
    assert total(board.get("/cases")) == n_all - archived
    board.get("/cases/new", status=403)
    drafts = [(c["number"], d["number"]) for c in content.CASES for d in c["documents"] if d["status"] == "kladde"]
    assert drafts
    for case_number, doc_number in drafts:
        slug = case_number.replace("/", "-")
        assert doc_number in sek.get(f"/cases/{slug}").text
        assert doc_number not in board.get(f"/cases/{slug}").text  # drafts are not the board's
    arkivar = login(demo_app, "arkivar")
    assert total(arkivar.get("/cases")) == n_all  # not the confidential one
    arkivar.get("/cases/25-1877", status=404)
    arkivar.get("/audit", status=200)
    admin = login(demo_app, "admin")
    assert total(admin.get("/cases")) == n_all + 1
    admin.get("/admin/users", status=200)
    region = login(demo_app, access.USERS[0]["login"])
    page = region.get("/cases")
    assert total(page) == 1 and "26/0211" in page.text


def test_the_famous_historic_numbers_are_there(demo_app):
    b = login(demo_app, "arkivar")
    page = b.get("/search", params={"q": "09/2867"}, status=303).follow()
    assert "laboratoriesystem" in page.text.lower()
    doc = b.get("/search", params={"q": "62947/09"}, status=303).follow()
    assert "15-12-2009" in doc.text and "Notat 62947-09.docx" in doc.text
    word = b.get(re.search(r'href="([^"]+download=1)"', doc.text).group(1).replace("&amp;", "&"))
    assert word.content_type.endswith("wordprocessingml.document") and word.body[:2] == b"PK"


def test_new_numbers_continue_after_the_historic_ones(demo_app):
    b = login(demo_app, "sekretariat")
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Ny sag efter migrering"
    form["category"] = "drift"
    r = form.submit("save", status=303)
    year = int(r.location.rsplit("/", 1)[1].split("-")[0])
    seq = int(r.location.rsplit("-", 1)[1])
    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        highest = conn.execute(sa.text("SELECT MAX(seq) FROM cases WHERE year = 2000 + :y AND seq <> :s"),
                               {"y": year, "s": seq}).scalar() or 0
    assert seq == highest + 1


def test_the_demo_has_a_follow_or_explain_matrix_with_every_state(demo_app):
    b = login(demo_app, "styregruppe")
    matrix = b.get("/participation").text  # open joint projects
    for state in ("deltager", "afventer", "afstår"):
        assert f'participation-{"afstaar" if state == "afstår" else state}">{state}<' in matrix, state
    assert "30. juni 2027" in matrix and "01-07-2027" in matrix  # Region Hovedstaden waits for its telephony contract
    archived = login(demo_app, "arkivar").get("/participation?status=arkiveret").text
    assert "samlet klinisk platform" in archived and "01-01-2012" in archived  # 09/2867, as its memo tells it


def test_the_demo_has_the_boards_meetings_of_2026(demo_app):
    b = login(demo_app, "styregruppe")
    page = b.get("/meetings").text
    # the calendar follows the day the demo was loaded (test_demo_calendar.py): the board meets again after it
    assert page.count("referat godkendt") >= 3 and "planlagt" in page
    meeting = re.search(r'href="(http://localhost/meetings/\d+)">Styregruppemøde</a>', page).group(1)
    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        june = conn.execute(sa.select(Meeting.id).where(Meeting.starts_at >= dt.datetime(2026, 6, 18, tzinfo=dt.UTC),
                                                        Meeting.starts_at < dt.datetime(2026, 6, 19, tzinfo=dt.UTC))
                            ).scalar_one()
        not_held_in_the_past = conn.execute(sa.select(sa.func.count()).select_from(Meeting).where(
            Meeting.starts_at < dt.datetime.now(dt.UTC), Meeting.state.in_(("planlagt", "dagsorden_udsendt")))
        ).scalar_one()
    assert not_held_in_the_past == 0
    text = b.get(f"/meetings/{june}").text
    assert "Aftalen om fælles telefoni" in text and "24/2213" in text and "Bilag 4.1" in text
    assert meeting


def test_the_demo_has_decisions_with_minutes_and_the_registers_answers(demo_app):
    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        held = conn.execute(sa.text(
            "SELECT m.id, d.status, d.frozen, (SELECT COUNT(*) FROM decisions x WHERE x.meeting_id = m.id) "
            "FROM meetings m JOIN documents d ON d.id = m.minutes_document_id "
            "WHERE m.state = 'referat_godkendt' AND m.starts_at >= :y ORDER BY m.id"),
            {"y": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}).all()
    assert len(held) >= 3 and all(status == "endelig" and frozen and n >= 5 for _id, status, frozen, n in held)
    board = login(demo_app, "styregruppe")
    june = board.get(f"/meetings/{held[2][0]}").text
    assert "B-2026-017" in june and "anbefaler den til underskrift" in june and "godkendt" in june
    # "which decisions has the board made about joint procurement since 2015?" — one request
    archivist = login(demo_app, "arkivar")
    page = archivist.get("/decisions", {"category": "indkoeb", "from": "2015"})
    numbers = [a.get_text(strip=True) for a in page.html.select("table.decisions td:first-child a")]
    assert "B-2019-002" in numbers and "B-2024-002" not in numbers  # (telephony is filed as joint operation)
    assert all(int(n.split("-")[1]) >= 2015 for n in numbers) and "PACS/RIS" in page.text
    # and in full text, across the years, decisions as their own facet
    demo_app.registry["search.indexer"].rebuild()
    api = archivist.get("/api/search", {"q": "udbud", "type": "decision", "from": "01-01-2015"}).json
    assert api["total"] >= 2 and {h["type"] for h in api["hits"]} == {"decision"}
    assert archivist.get("/decisions", {"q": "laboratoriesystem"}).html.select("table.decisions td:first-child a")


def test_the_demo_meetings_have_their_packs_as_sent_and_september_an_addendum(demo_app):
    from tests.office import read_back

    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT m.id, m.state, s.kind, d.title, d.status, d.kind, c.title FROM pack_sendings s "
            "JOIN meetings m ON m.id = s.meeting_id JOIN documents d ON d.id = s.document_id "
            "JOIN cases c ON c.id = d.case_id ORDER BY s.sent_at")).all()
    held = {mid for mid, state, kind, *_rest in rows if kind == "pack" and state in ("afholdt", "referat_godkendt")}
    assert len(held) >= 3
    assert {(status, kind, case) for *_r, status, kind, case in rows} == {("endelig", "dagsorden", "Styregruppemøder 2026")}
    addenda = [r for r in rows if r[2] == "addendum"]
    assert len(addenda) == 1 and addenda[0][3].startswith("Tillæg til mødemappe til Styregruppemøde 24-09-2026")
    september = addenda[0][0]
    b = login(demo_app, "styregruppe")
    page = b.get(f"/meetings/{september}")
    assert [li.get_text(" ", strip=True).split(" udsendt")[0] for li in page.html.select("#mappe li")] == [
        "Mødemappe", "Tillæg"]
    assert page.html.select_one("#mappe li").get_text(" ", strip=True).startswith(
        "Mødemappe udsendt 17-09-2026 kl. 14:00 af ")
    addendum = read_back(b.get(page.html.select("#mappe a[href*='/sendings/']")[1]["href"]).body)
    new = [p.text for p in addendum.paragraphs if p.style.name == "List Paragraph"]
    assert any("Orientering om sikkerhedshændelse" in line and "tilføjet efter udsendelse" in line for line in new)


def test_the_demo_november_meeting_has_a_closed_item_about_the_confidential_case(demo_app):
    """Item 7 of the November meeting is about the confidential case 25/1877: its owners (the demo's
    sekretariat login among them) read it; for the board and the archivist it is "7. Lukket punkt",
    on the page, in the Word files and in the pack as sent."""
    from tests.office import read_back

    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        november = conn.execute(sa.text("SELECT id FROM meetings WHERE CAST(starts_at AS TEXT) LIKE '2026-11-26%'")).scalar_one()
        sending = conn.execute(sa.text("SELECT id FROM pack_sendings WHERE meeting_id = :m"), {"m": november}).scalar_one()

    def words(data):
        d = read_back(data)
        return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])

    for who in ("styregruppe", "arkivar"):
        b = login(demo_app, who)
        page = b.get(f"/meetings/{november}")
        assert [h.get_text(" ", strip=True) for h in page.html.select(".closed-item h3")] == ["7. Lukket punkt"]
        assert [h.get_text(" ", strip=True) for h in page.html.select("ol.agenda h3")][-2:] == [
            "7. Lukket punkt", "8. Eventuelt"]
        assert "forsinkelsesbod" not in page.text and "48810/25" not in page.text
        for url in (f"/meetings/{november}/pack.docx", f"/meetings/{november}/sendings/{sending}.docx"):
            text = words(b.get(url).body)
            assert "Punkt 7: Lukket punkt" in text and "forsinkelsesbod" not in text, (who, url)
    owner = login(demo_app, "sekretariat")
    page = owner.get(f"/meetings/{november}")
    assert [h.get_text(" ", strip=True) for h in page.html.select("ol.agenda h3")][6] == \
        "7. Forlig med leverandøren af PACS/RIS om forsinkelsesbod"
    assert "48810/25" in page.text and "Lukket punkt" not in page.text
    assert "forsinkelsesbod" not in words(owner.get(f"/meetings/{november}/sendings/{sending}.docx").body)


def test_the_demo_has_action_plans_with_overdue_actions(demo_app):
    from rsi_case.actions.services import today as actions_today
    from rsi_case.demo.actions import PLANS

    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        per_case = dict(conn.execute(sa.text(
            "SELECT c.year || '/' || c.seq, COUNT(*) FROM actions a JOIN cases c ON c.id = a.case_id "
            "GROUP BY c.id")).all())
        overdue = conn.execute(sa.text("SELECT COUNT(*) FROM actions WHERE status != 'afsluttet' "
                                       "AND deadline < :today"), {"today": actions_today()}).scalar()
        statuses = set(conn.execute(sa.text("SELECT DISTINCT status FROM actions")).scalars())
        notes = conn.execute(sa.text("SELECT COUNT(*) FROM action_notes")).scalar()
        planned = conn.execute(sa.text("SELECT COUNT(*) FROM actions a JOIN documents d ON d.id = a.document_id "
                                       "WHERE d.kind = 'handlingsplan'")).scalar()
    assert sum(len(p["actions"]) for p in PLANS.values()) == sum(per_case.values()) >= 10
    assert len(per_case) >= 3 and overdue >= 5 and notes >= 15 and planned >= 10
    assert statuses == {"ikke_startet", "i_gang", "forsinket", "afsluttet"}
    board = login(demo_app, "styregruppe")
    page = board.get("/actions").text
    assert page.count('<tr class="action-overdue">') >= 5
    assert "Test af integrationen til regionens personalevagtplan" in page  # overdue, though nobody marked it delayed
    assert "Forligsdrøftelser" not in page  # in the confidential case
    assert "Forligsdrøftelser" in login(demo_app, "sekretariat").get("/actions").text  # its owner sees it
    plan = board.get("/cases/24-2213/actions").text
    assert "33820/26" in plan and "Testmiljøet til vagtplansystemet er først klar i december." in plan
    assert "Handlingsplan" in board.get("/cases/25-0418").text
    report = board.get("/actions/statusrapport.docx")
    assert report.content_type.endswith("wordprocessingml.document") and len(report.body) > 10000


def test_every_number_series_of_the_demo_goes_on_after_its_highest_number(demo_app):
    with demo_app.registry["db.engine"].connect() as conn:
        behind = conn.execute(sa.text(
            "SELECT n.series, n.year, n.next_value, x.highest FROM number_series n JOIN ("
            "  SELECT 'case' AS series, year, MAX(seq) AS highest FROM cases GROUP BY year UNION ALL"
            "  SELECT 'document', year, MAX(seq) FROM documents GROUP BY year UNION ALL"
            "  SELECT 'decision', year, MAX(seq) FROM decisions WHERE seq IS NOT NULL GROUP BY year"
            ") x ON x.series = n.series AND x.year = n.year WHERE n.next_value <= x.highest")).all()
    assert behind == []
