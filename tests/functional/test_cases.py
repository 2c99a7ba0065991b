import datetime as dt
import re
import threading

import pytest
import sqlalchemy as sa

from rsi_case.cases.models import Case
from tests.conftest import Browser, count
from rsi_case.i18n import today as danish_today

THIS_YEAR = danish_today().year % 100


def new_case_form(b, **values):
    form = b.get("/cases/new").forms["deform"]
    form["title"] = values.pop("title", "Fælles sikker mail")
    form["category"] = values.pop("category", "tvaergaaende")
    for key, value in values.items():
        form[key] = value
    return form


def test_secretariat_creates_a_case_with_the_next_number(as_role):
    b = as_role("sekretariat")
    form = new_case_form(b, description="Regionerne samler sikker mail.", lead_region="midtjylland")
    form.get("checkbox", index=0).checked = True
    form.get("checkbox", index=3).checked = True
    r = form.submit("save", status=303)
    assert r.location.endswith(f"/cases/{THIS_YEAR:02d}-0001")
    page = r.follow()
    assert "Fælles sikker mail" in page.text
    assert f"{THIS_YEAR:02d}/0001" in page.text
    assert "Region Midtjylland" in page.text and "Region Hovedstaden" in page.text
    r = new_case_form(b, title="Næste sag").submit("save", status=303)
    assert r.location.endswith(f"/cases/{THIS_YEAR:02d}-0002")


def test_empty_title_keeps_everything_typed(as_role, engine):
    b = as_role("sekretariat")
    form = new_case_form(b, title="   ", description="Min lange beskrivelse, som ikke må gå tabt.")
    r = form.submit("save", status=200)
    assert "Min lange beskrivelse, som ikke må gå tabt." in r.text
    assert "Giv sagen en titel." in r.text  # Danish, from the catalog
    assert count(engine, "SELECT COUNT(*) FROM cases") == 0


def test_closing_date_before_opening_is_refused(as_role):
    b = as_role("sekretariat")
    form = new_case_form(b, opened_on="01-05-2024", closed_on="01-04-2024")
    r = form.submit("save", status=200)
    assert "En sag kan ikke lukkes, før den er åbnet" in r.text


def test_bogus_choices_are_refused_not_500(as_role):
    b = as_role("sekretariat")
    token = b.csrf_token("/cases/new")
    r = b.post("/cases/new", {"csrf_token": token, "title": "x", "category": "nonsense", "status": "hacked",
                              "responsible": "99999", "lead_region": "atlantis", "opened_on": "not-a-date", "save": "save"}, status=200)
    assert "has-error" in r.text or "is-invalid" in r.text or "error" in r.text


def test_case_list_filters_sorts_and_pages(as_role, make_case):
    for i in range(30):
        make_case(title=f"Sag nummer {i:02d}", category="drift" if i % 3 == 0 else "indkoeb",
                  status="lukket" if i % 5 == 0 else "aaben")
    make_case(title="Historisk sag", number="09/2867", opened_on=dt.date(2009, 3, 2))
    b = as_role("sekretariat")
    page = b.get("/cases")
    assert "31 sager" in page.text
    assert len(re.findall(r'class="number"><a href', page.text)) == 25
    page2 = b.get("/cases?page=2")
    assert len(re.findall(r'class="number"><a href', page2.text)) == 6
    drift = b.get("/cases?category=drift")
    assert "10 sager" in drift.text
    closed = b.get("/cases?status=lukket")
    assert "6 sager" in closed.text
    old = b.get("/cases?year=2009")
    assert "1 sager" in old.text and "09/2867" in old.text
    by_title = b.get("/cases?sort=title&size=50")
    titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', by_title.text)
    assert titles == sorted(titles)
    oldest = b.get("/cases?sort=number_asc")
    assert oldest.text.index("09/2867") < oldest.text.index("Sag nummer")


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "page=-1", "page=abc", "size=7", "sort=drop+table",
                                   "status=x", "category=%01", "responsible=abc", "page=999999"])
def test_nonsense_filters_never_break_the_list(as_role, make_case, query):
    make_case()
    b = as_role("arkivar")
    r = b.get("/cases?" + query)
    assert r.status_int == 200
    assert "laboratoriesystem" in r.text


def test_filter_by_responsible(as_role, make_case, users):
    make_case(title="Min sag", responsible_id=users["sekretariat"])
    make_case(title="Admins sag", responsible_id=users["admin"])
    b = as_role("sekretariat")
    page = b.get(f"/cases?responsible={users['admin']}")
    assert "Admins sag" in page.text and "Min sag" not in page.text


def test_case_view_shows_metadata_and_document_list(as_role, make_case, make_document):
    number = make_case(title="Fælles telefoni", lead_region="nordjylland")
    make_document(number, title="Beslutningsoplæg om telefoni", kind="beslutningsoplaeg", status="endelig",
                  author_name="Lone Bech", doc_date=dt.date(2024, 3, 5))
    make_document(number, title="Referat", kind="moedereferat", status="endelig")
    b = as_role("sekretariat")
    page = b.get(f"/cases/{number.slug}")
    assert "Fælles telefoni" in page.text and "Region Nordjylland" in page.text
    for text in ("Beslutningsoplæg om telefoni", "beslutningsoplæg", "Lone Bech", "05-03-2024", "endelig",
                 "mødereferat"):
        assert text in page.text


@pytest.mark.parametrize("path", ["/cases/99-9999", "/cases/abc", "/cases/62947-09", "/cases/09-0", "/cases/%01"])
def test_unknown_or_malformed_case_is_a_danish_404(as_role, path):
    b = as_role("sekretariat")
    r = b.get(path, status=404)
    assert "Siden blev ikke fundet" in r.text or "ikke finde" in r.text


def test_edit_case_and_status_flow(as_role, make_case):
    number = make_case()
    b = as_role("sekretariat")
    form = b.get(f"/cases/{number.slug}/edit").forms["deform"]
    assert [v for v, *_ in form["status"].options] == ["aaben", "lukket"]
    form["title"] = "Nyt navn"
    form["status"] = "lukket"
    form.submit("save", status=303)
    page = b.get(f"/cases/{number.slug}")
    assert "Nyt navn" in page.text and danish_today().strftime("%d-%m-%Y") in page.text
    form = b.get(f"/cases/{number.slug}/edit").forms["deform"]
    assert [v for v, *_ in form["status"].options] == ["lukket", "aaben", "arkiveret"]
    form["status"] = "arkiveret"
    form.submit("save", status=303)
    # archived: read-only for everyone, admin included
    for role in ("sekretariat", "admin"):
        br = as_role(role)
        br.get(f"/cases/{number.slug}/edit", status=403)
        token = br.csrf_token(f"/cases/{number.slug}")
        br.post(f"/cases/{number.slug}/edit", {"csrf_token": token, "title": "x"}, status=403)
        br.get(f"/cases/{number.slug}/documents/new", status=403)
        page = br.get(f"/cases/{number.slug}")
        assert "Rediger sag" not in page.text


def test_status_cannot_jump_from_open_to_archived(as_role, make_case):
    number = make_case()
    b = as_role("sekretariat")
    form = b.get(f"/cases/{number.slug}/edit").forms["deform"]
    form["status"].force_value("arkiveret")
    r = form.submit("save", status=200)
    assert count_status(b, number) == "aaben"


def count_status(b, number):
    page = b.get(f"/cases/{number.slug}")
    return "aaben" if "status-aaben" in page.text else "other"


def test_roles_on_cases(as_role, make_case):
    number = make_case()
    archived = make_case(title="Arkiveret sag", status="arkiveret", closed_on=dt.date(2024, 6, 1))
    board = as_role("styregruppe")
    board.get("/cases/new", status=403)
    board.get(f"/cases/{number.slug}/edit", status=403)
    assert "Fælles udbud af laboratoriesystem" in board.get("/cases").text
    # the board reads open and closed cases; archived ones are the archivist's
    board.get(f"/cases/{archived.slug}", status=404)
    assert "Arkiveret sag" not in board.get("/cases").text
    archivist = as_role("arkivar")
    archivist.get(f"/cases/{archived.slug}", status=200)
    archivist.get("/cases/new", status=403)
    archivist.get(f"/cases/{number.slug}/edit", status=403)
    assert "Arkiveret sag" in archivist.get("/cases?status=arkiveret").text


def test_admin_registers_a_historic_case_and_a_taken_number_is_refused(as_role, make_case, engine):
    b = as_role("admin")
    form = new_case_form(b, title="Fælles udbud af laboratoriesystem", historic_number=" 09/2867 ",
                         opened_on="02-03-2009", status="arkiveret")
    r = form.submit("save", status=303)
    assert r.location.endswith("/cases/09-2867")
    form = new_case_form(b, title="Dublet", description="Teksten her bevares", historic_number="09-2867")
    r = form.submit("save", status=200)
    assert "09/2867 er allerede i brug" in r.text
    assert "Teksten her bevares" in r.text
    form = new_case_form(b, title="Forkert", historic_number="62947/09")
    r = form.submit("save", status=200)
    assert "dokumentnummer" in r.text
    assert count(engine, "SELECT COUNT(*) FROM cases") == 1


def test_secretariat_cannot_choose_a_historic_number(as_role):
    b = as_role("sekretariat")
    form = b.get("/cases/new").forms["deform"]
    assert "historic_number" not in form.fields


def test_parallel_case_creation_over_http(app, users, engine):
    """Eight browsers create five cases each at the same time: 40 distinct numbers."""
    browsers = []
    for _ in range(8):
        b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
        b.login("sekretariat")
        browsers.append(b)
    forms = [[new_case_form(b, title=f"Parallel {i}-{j}") for j in range(5)] for i, b in enumerate(browsers)]
    errors = []
    barrier = threading.Barrier(len(browsers))

    def run(i):
        try:
            barrier.wait()
            for form in forms[i]:
                r = form.submit("save")
                assert r.status_int == 303, r.status
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(browsers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    with engine.connect() as conn:
        seqs = conn.execute(sa.select(Case.seq).order_by(Case.seq)).scalars().all()
    assert seqs == list(range(1, 41))


def test_post_without_csrf_is_refused(as_role, engine):
    b = as_role("sekretariat")
    r = b.post("/cases/new", {"title": "x", "category": "drift", "save": "save"}, status=400)
    assert "sikkerhed" in r.text.lower()
    assert count(engine, "SELECT COUNT(*) FROM cases") == 0


def _page_ids_plan(engine, user_id: int) -> str:
    """The database's plan for a deep case-list page's ids (page 2 of 25, number
    order) as a secretariat user sees it, one line per step."""
    from rsi_case.cases.resources import visible_cases_clause
    from rsi_case.cases.views import CaseListQuery, page_ids_statement
    from rsi_case.security.models import User

    with sa.orm.Session(engine) as s:
        user = s.get(User, user_id)
        statement = page_ids_statement([visible_cases_clause(user)], CaseListQuery({"page": "2"}))
        compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            return "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE cases")  # the visibility map, as autovacuum keeps it
    with engine.begin() as conn:
        # a handful of rows is cheapest to scan and sort whole; at 10,000 cases it
        # is not: with those two off the planner shows what the indexes can do
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_sort = off")
        return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}"))


def test_deep_case_list_page_ids_come_from_one_covering_index_in_sort_order(engine, users, make_case):
    """A deep page skips index entries, not rows: the ids of page n in number
    order are read from ix_cases_year_seq_confidential_id alone (it holds the
    column the visibility rule reads), in the index's order, with no sort."""
    for i in range(30):
        make_case(title=f"Sag {i}")
    plan = _page_ids_plan(engine, users["sekretariat"])
    if engine.dialect.name == "sqlite":
        assert "SCAN cases USING COVERING INDEX ix_cases_year_seq_confidential_id" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        assert "Index Only Scan Backward using ix_cases_year_seq_confidential_id on cases" in plan, plan
        assert "Sort" not in plan, plan
