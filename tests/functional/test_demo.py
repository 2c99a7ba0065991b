"""The demo organisation is the first thing a newcomer sees: it loads through
the real loader, and each demo login sees what its role allows."""

import datetime as dt
import re
import shutil

import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.db import get_engine
from rsi_case.demo import access, content
from rsi_case.demo.loader import load_demo
from tests.conftest import Browser, settings_for


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, template_db):
    tmp = tmp_path_factory.mktemp("demo")
    path = tmp / "demo.sqlite"
    shutil.copy(template_db, path)
    settings = settings_for(tmp, path)
    engine = get_engine(settings)
    load_demo(engine, settings)
    engine.dispose()
    return tmp


@pytest.fixture
def demo_app(demo_template, tmp_path):
    shutil.copy(demo_template / "demo.sqlite", tmp_path / "demo.sqlite")
    shutil.copytree(demo_template / "blobs", tmp_path / "blobs")
    return main({}, **settings_for(tmp_path, tmp_path / "demo.sqlite"))


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
    assert years == (2009, 2026) and categories == 6
    assert statuses == {"aaben", "lukket", "arkiveret"}
    assert words > 10000


def test_each_demo_login_sees_what_its_role_allows(demo_app):
    sek = login(demo_app, "sekretariat")
    n_all = len(content.CASES)
    assert total(sek.get("/cases")) == n_all + 1  # the secretariat head owns the confidential case
    assert "Ny sag" in sek.get("/").text
    board = login(demo_app, "styregruppe")
    archived = sum(c["status"] == "arkiveret" for c in content.CASES)
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
    assert page.count("referat godkendt") >= 3 and "dagsorden udsendt" in page
    meeting = re.search(r'href="(http://localhost/meetings/\d+)">Styregruppemøde</a>', page).group(1)
    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        june = conn.execute(sa.text("SELECT id FROM meetings WHERE starts_at LIKE '2026-06-18%'")).scalar_one()
    text = b.get(f"/meetings/{june}").text
    assert "Aftalen om fælles telefoni" in text and "24/2213" in text and "Bilag 4.1" in text
    assert meeting


def test_the_demo_has_action_plans_with_overdue_actions(demo_app):
    from rsi_case.demo.actions import PLANS

    engine = demo_app.registry["db.engine"]
    with engine.connect() as conn:
        per_case = dict(conn.execute(sa.text(
            "SELECT c.year || '/' || c.seq, COUNT(*) FROM actions a JOIN cases c ON c.id = a.case_id "
            "GROUP BY c.id")).all())
        overdue = conn.execute(sa.text("SELECT COUNT(*) FROM actions WHERE status != 'afsluttet' "
                                       "AND deadline < :today"), {"today": dt.date.today()}).scalar()
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
