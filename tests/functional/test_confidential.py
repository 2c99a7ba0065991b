"""Confidential cases and local roles (issue 3).

A confidential case does not exist for anyone outside its grants: not its
pages (404, never 403), not its documents or attachments, not a search hit,
a number jump, a count, a year in the year filter or a dashboard entry.  A
unique word planted in its title, a document's title and body and an
attachment's file name is the probe: for an outsider every page reads exactly
as it did before the case was created.

Local roles (laeser / redaktoer / ejer) are granted on one case, to a user or
a group, on the case's sharing page; each change there is audited.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
import sqlalchemy as sa

from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from rsi_case.documents.resources import find_document
from rsi_case.documents.services import add_attachment
from rsi_case.numbering import CaseNumber, DocumentNumber
from rsi_case.security.models import Group, User
from tests.conftest import Browser, add_user, count

WORD = "Xylofonkvarteret"
# a year in which no other case exists: the year filter must not offer 2007
SECRET = CaseNumber.parse("07/0001")
SECRET_DRAFT = DocumentNumber.parse("00101/07")
SECRET_FINAL = DocumentNumber.parse("00102/07")
ATTACHMENT_NAME = f"{WORD}-bilag.txt"
ATTACHMENT_BYTES = f"Bilag om {WORD}".encode()
MISSING = CaseNumber.parse("07/0002")  # a number that was never used
SECRET_CLOSED = CaseNumber.parse("07/0003")  # a closed one too: the archivist's dashboard lists closed cases

RECORD_LINK = re.compile(r"/(?:cases/\d{2}-\d{4}|documents/\d{5}-\d{2})(?:/attachments/\d+)?")


# --- the world ------------------------------------------------------------------

def login(app, name, **environ):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost", **environ})
    b.login(name)
    return b


@pytest.fixture
def world(make_case, make_document, db, users):
    """Visible cases for everyone, a group, and the people of the tests:
    betroet (secretariat, will get redaktoer on the secret case by user),
    gruppemedlem (bruger, will see it through group membership), ekstern
    (bruger with a laeser grant on an ordinary case only)."""
    telefoni = make_case(title="Fælles telefoni", number="24/2213", status="aaben")
    mail = make_case(title="Sikker mail og telefoni", number="19/0100", status="lukket", closed_on=dt.date(2020, 1, 1),
                     opened_on=dt.date(2019, 2, 1))
    archived = make_case(title="Laboratoriesystem", number="09/2867", status="arkiveret",
                         closed_on=dt.date(2011, 9, 30), opened_on=dt.date(2009, 3, 2))
    draft = make_document(telefoni, title="Udkast til telefoniaftale", status="kladde")
    final = make_document(telefoni, title="Aftale om fælles telefoni", status="endelig", number="12345/24")
    make_document(mail, title="Referat om sikker mail", status="endelig")
    with db() as s:
        group = Group(name="region-midt", title="Region Midtjylland — projektledere")
        s.add(group)
        betroet = add_user(s, "betroet", "sekretariat", full_name="Betroet Medarbejder")
        member = add_user(s, "gruppemedlem", "bruger", full_name="Gruppe Medlem")
        member.groups.append(group)
        ekstern = add_user(s, "ekstern", "bruger", full_name="Ekstern Projektleder")
        kollega = add_user(s, "kollega", "sekretariat", full_name="Kollega Sekretariat")
        case = find_case(s, telefoni)
        case.grants.append(CaseGrant(principal=f"user:{ekstern.id}", role="laeser"))
        s.flush()
        ids = {"betroet": betroet.id, "gruppemedlem": member.id, "ekstern": ekstern.id, "kollega": kollega.id,
               "group": group.id, **users}
    return {"telefoni": telefoni, "mail": mail, "archived": archived, "draft": draft, "final": final, "ids": ids}


@pytest.fixture
def plant(app, db, make_case, make_document, world):
    """Create the confidential case with the planted word everywhere; returns
    the attachment's download path."""
    def do():
        ids = world["ids"]
        # responsible: the secretariat user, who has no grant (a strong test of "my open cases")
        make_case(title=f"Fortroligt telefoniprojekt {WORD}", number=str(SECRET), opened_on=dt.date(2007, 3, 1),
                  description=f"Om {WORD}.", responsible_id=ids["sekretariat"])
        make_document(SECRET, title=f"Tidsplan for {WORD}", number=str(SECRET_DRAFT), status="kladde",
                      body=f"<p>{WORD} kladde.</p>")
        make_document(SECRET, title=f"Beslutning om {WORD}", number=str(SECRET_FINAL), status="endelig",
                      body=f"<p>{WORD} endelig.</p>")
        make_case(title=f"Afsluttet {WORD}-udbud", number=str(SECRET_CLOSED), opened_on=dt.date(2007, 5, 1),
                  status="lukket", closed_on=dt.date(2024, 12, 1))
        sha, size = app.registry["rsi_case.blobs"].put(io.BytesIO(ATTACHMENT_BYTES))
        with db() as s:
            for number in (SECRET, SECRET_CLOSED):
                case = find_case(s, number)
                case.confidential = True
                case.grants.append(CaseGrant(principal=f"user:{ids['betroet']}", role="redaktoer",
                                             granted_by_id=ids["admin"]))
                case.grants.append(CaseGrant(principal=f"group:{ids['group']}", role="laeser",
                                             granted_by_id=ids["admin"]))
            doc = find_document(s, SECRET_FINAL)
            att = add_attachment(s, doc, sha256=sha, size=size, content_type="text/plain; charset=utf-8",
                                 filename=ATTACHMENT_NAME, user=s.get(User, ids["admin"]))
            # a mail filed in the confidential case: its sender, recipients, notes and body image
            from rsi_case.documents.services import create_document
            from rsi_case.mail.models import MailMessage
            admin = s.get(User, ids["admin"])
            mail = create_document(s, case=find_case(s, SECRET), user=admin, kind="email", status="endelig",
                                   title=f"SV: {WORD}", body_html=f"<p>Mail om {WORD}.</p>",
                                   doc_date=dt.date(2024, 3, 1), author_name=f"{WORD} Afsender")
            add_attachment(s, mail, sha256=sha, size=size, content_type="text/plain; charset=utf-8",
                           filename=f"{WORD}-billede.txt", user=admin)
            s.add(MailMessage(document=mail, direction="indgaaende", sender_name=f"{WORD} Afsender",
                              sender_address=f"{WORD.lower()}@example.dk",
                              recipients={"to": [{"name": WORD, "address": "x@example.dk"}], "cc": []},
                              filename=f"{WORD}.eml", content_type="message/rfc822", size=size, sha256=sha,
                              inline_images={"logo@hemmelig": sha}, notes=[]))
            # a request for access to the confidential case, registered by one who may see it:
            # its own case, the deadline on the dashboard and the list are theirs alone
            from rsi_case.aktindsigt import services as aktindsigt

            aktindsigt.register(s, s.get(User, ids["betroet"]), requester_name=f"{WORD} Journalist",
                                requester_contact=f"{WORD.lower()}@avis.example", press=True,
                                received_on=dt.date.today(), subject=f"Aktindsigt i {WORD}",
                                cases=[find_case(s, SECRET)])
            return f"/documents/{SECRET_FINAL.slug}/attachments/{att.id}"
    return do


# --- what a user can see ----------------------------------------------------------

def main_of(page):
    main = page.html.find("main")
    assert main is not None
    return main


def links(page) -> set[str]:
    found = set()
    for a in main_of(page).find_all("a", href=True):
        m = RECORD_LINK.search(a["href"])
        if m:
            found.add(m.group(0))
    return found


def list_total(page) -> int:
    m = re.search(r"(\d+) sager", page.text)
    assert m, "no '<n> sager' on the case list"
    return int(m.group(1))


# the planted word misspelled, alone and next to a misspelled public word: "Mente du …?"
# must not start offering it once the case exists (issue 12)
MISSPELLED = WORD[:5] + "x" + WORD[6:]
SEARCHES = (WORD, "telefoni", str(SECRET), SECRET.slug, str(SECRET_DRAFT), SECRET_FINAL.slug,
            MISSPELLED, f"{MISSPELLED} telefonii")


def observe(b) -> dict:
    """Everything an ordinary page tells a user about which records exist."""
    seen = {}
    page = b.get("/cases", params={"size": 100})
    seen["list"] = (list_total(page), links(page))
    seen["years"] = [o["value"] for o in page.html.select("#f-year option") if o["value"]]
    for status in ("aaben", "lukket", "arkiveret"):
        page = b.get("/cases", params={"status": status, "size": 100})
        seen[f"list:{status}"] = (list_total(page), links(page))
    page = b.get("/cases", params={"year": "2007"})
    seen["list:2007"] = (list_total(page), links(page))
    home = b.get("/")
    seen["home"] = ([d.get_text(strip=True) for d in home.html.select(".fs-3.fw-semibold")], links(home))
    for q in SEARCHES:
        r = b.get("/search", params={"q": q})
        if r.status_int == 303:  # a number jump
            seen[f"search:{q}"] = (303, {RECORD_LINK.search(r.location).group(0)}, False)
        else:
            seen[f"search:{q}"] = (r.status_int, links(r), "gav ingen resultater" in r.text)
            lead = [p.get_text(" ", strip=True) for p in main_of(r).select("p.lead") if "Mente du" in p.get_text()]
            seen[f"suggest:{q}"] = (lead, b.get("/api/search", params={"q": q}).json["suggestion"])
    return seen


def assert_word_absent(b):
    for url in ("/cases?size=100", "/cases?status=aaben", "/cases?status=lukket", "/", f"/cases/{SECRET.slug}"):
        r = b.get(url, expect_errors=True)
        assert WORD.lower() not in r.text.lower(), url


SECRET_URLS = (
    f"/cases/{SECRET.slug}",
    f"/cases/{SECRET.slug}/edit",
    f"/cases/{SECRET.slug}/sharing",
    f"/cases/{SECRET.slug}/audit",
    f"/cases/{SECRET.slug}/documents/new",
    f"/cases/{SECRET.slug}/documents/new?kind=notat",
    f"/cases/{SECRET.slug}/import",
    f"/documents/{SECRET_DRAFT.slug}",
    f"/documents/{SECRET_FINAL.slug}",
    f"/documents/{SECRET_DRAFT.slug}/edit",
    f"/documents/{SECRET_FINAL.slug}/edit",
)


def assert_does_not_exist(b, attachment_url):
    for url in (*SECRET_URLS, attachment_url, attachment_url + "?download=1"):
        r = b.get(url, status=404)
        assert WORD not in r.text and "Siden blev ikke fundet" in r.text, url
    token = b.csrf_token("/")
    for url, params in ((f"/cases/{SECRET.slug}/edit", {"title": "x", "save": "save"}),
                        (f"/cases/{SECRET.slug}/sharing", {"confidential": "0"}),
                        (f"/cases/{SECRET.slug}/sharing", {"grant": "grant", "principal": "user:1", "role": "ejer"}),
                        (f"/cases/{SECRET.slug}/documents/new", {"title": "x", "save": "save"}),
                        (f"/cases/{SECRET.slug}/import", {"read": "read"}),
                        (f"/documents/{SECRET_DRAFT.slug}/edit", {"title": "x", "save": "save"}),
                        (f"/documents/{SECRET_FINAL.slug}/attachments", {})):
        r = b.post(url, {"csrf_token": token, **params}, status=404)
        assert WORD not in r.text, url
        # without a token too: a 400 "form expired" would tell that the case exists
        b.post(url, params, status=404)


# each outsider and how many ordinary cases they see
OUTSIDERS = {"sekretariat": 3, "styregruppe": 2, "arkivar": 3, "ekstern": 1}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_for_an_outsider_the_confidential_case_was_never_there(app, world, plant, engine, who):
    b = login(app, who)
    before = observe(b)
    # the comparison below is not vacuous: each outsider's pages list real records
    assert before["list"][0] == OUTSIDERS[who] == len(before["list"][1])
    assert before["search:telefoni"][1] and before["home"][0]
    # (and "Mente du" works for them: the misspelled public word is corrected)
    assert "telefoni" in (before[f"suggest:{MISSPELLED} telefonii"][1] or "").lower()
    attachment_url = plant()
    after = observe(b)
    assert after == before
    assert_word_absent(b)
    # nothing found, no number jump
    assert after[f"search:{WORD}"] == (200, set(), True)
    for q in (str(SECRET), SECRET.slug, str(SECRET_DRAFT), SECRET_FINAL.slug):
        assert after[f"search:{q}"][0] == 200, q  # not a 303 to the record
    assert "2007" not in after["years"]
    assert_does_not_exist(b, attachment_url)
    # the outsider's POSTs changed nothing
    assert count(engine, "SELECT COUNT(*) FROM documents WHERE year = 2007") == 2
    assert count(engine, "SELECT COUNT(*) FROM attachments") == 2  # the final document's and the mail's
    assert count(engine, "SELECT title || '|' || CASE WHEN confidential THEN '1' ELSE '0' END FROM cases "
                         "WHERE year = 2007 AND seq = 1") == \
        f"Fortroligt telefoniprojekt {WORD}|1"


@pytest.mark.parametrize("who", ("styregruppe", "arkivar"))
def test_every_route_under_the_case_or_its_documents_is_404(app, world, plant, who):
    """Whatever pages a case or document gets (versions, exports, ...), an
    outsider gets 404 on all of them, for GET and POST alike."""
    from pyramid.interfaces import IRoutesMapper

    attachment_id = plant().rsplit("/", 1)[1]
    values = {"case": SECRET.slug, "document": SECRET_FINAL.slug, "attachment": attachment_id}
    urls = []
    for route in app.registry.getUtility(IRoutesMapper).get_routes():
        names = re.findall(r"{(\w+)", route.pattern)
        if "case" in names or "document" in names:
            urls.append(route.generate({n: values.get(n, "1") for n in names}))
    assert len(urls) >= 8, urls
    b = login(app, who)
    token = b.csrf_token("/")
    for url in urls:
        b.get(url, status=404)
        b.get(url, params={"a": "1", "b": "2", "kind": "notat", "download": "1"}, status=404)
        b.post(url, {"csrf_token": token, "save": "save", "title": "x"}, status=404)


GRANTED = ("betroet", "gruppemedlem", "admin")


@pytest.mark.parametrize("who", GRANTED)
def test_the_granted_users_and_admin_see_and_use_the_case(app, world, plant, who):
    attachment_url = plant()
    b = login(app, who)
    seen = observe(b)
    assert f"/cases/{SECRET.slug}" in seen["list"][1]
    assert "2007" in seen["years"]
    assert seen["list:2007"] == (2, {f"/cases/{SECRET.slug}", f"/cases/{SECRET_CLOSED.slug}"})
    assert f"/cases/{SECRET_CLOSED.slug}" in seen["list:lukket"][1]
    assert f"/cases/{SECRET.slug}" in seen[f"search:{WORD}"][1]
    assert f"/documents/{SECRET_FINAL.slug}" in seen[f"search:{WORD}"][1]
    assert f"/cases/{SECRET.slug}" in seen["search:telefoni"][1]
    r = b.get("/search", params={"q": str(SECRET)}, status=303)
    assert r.location.endswith(f"/cases/{SECRET.slug}")
    r = b.get("/search", params={"q": SECRET_FINAL.slug}, status=303)
    assert r.location.endswith(f"/documents/{SECRET_FINAL.slug}")
    page = b.get(f"/cases/{SECRET.slug}")
    assert WORD in page.text and "fortrolig" in page.text
    assert {f"/documents/{SECRET_DRAFT.slug}", f"/documents/{SECRET_FINAL.slug}"} <= links(page)
    doc = b.get(f"/documents/{SECRET_FINAL.slug}")
    assert ATTACHMENT_NAME in doc.text
    assert b.get(attachment_url).body == ATTACHMENT_BYTES


def test_a_redaktoer_grant_on_a_confidential_case_lets_them_write(app, world, plant, engine):
    plant()
    b = login(app, "betroet")
    form = b.get(f"/cases/{SECRET.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
    form["title"] = f"Nyt notat om {WORD}"
    form["body"] = "<p>Tekst.</p>"
    r = form.submit("save", status=303)
    new_doc = r.location.rsplit("/", 1)[1]
    assert count(engine, "SELECT COUNT(*) FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.year = 2007") == 4  # two planted, the mail, and the new one
    # but not share it: a redaktoer is no owner
    b.get(f"/cases/{SECRET.slug}/sharing", status=403)
    # the group's laeser reads, does not write (403: they know the case exists)
    member = login(app, "gruppemedlem")
    member.get(f"/documents/{new_doc}", status=200)
    member.get(f"/cases/{SECRET.slug}/edit", status=403)
    member.get(f"/cases/{SECRET.slug}/documents/new", status=403)
    # the new document is as invisible as the rest
    login(app, "arkivar").get(f"/documents/{new_doc}", status=404)


def test_a_confidential_404_is_the_same_page_as_a_missing_case(app, world, plant):
    """Its existence is information: the refusal must look exactly like a
    number that was never used (status, title, text and navigation)."""
    plant()

    def normalised(b, url):
        r = b.get(url, status=404)
        text = re.sub(r'name="csrf_token" value="[^"]+"', "", r.text)
        return text.replace(SECRET.slug, "N").replace(MISSING.slug, "N")

    for who in ("sekretariat", "arkivar"):
        b = login(app, who)
        # e.g. the archivist's menu keeps its "Revisionsspor" entry on both
        assert normalised(b, f"/cases/{SECRET.slug}") == normalised(b, f"/cases/{MISSING.slug}"), who


def test_probing_a_confidential_number_leaves_no_trace_the_prober_can_read(app, world, plant, engine):
    """An archivist who tries the address of a confidential case and of an
    unused number must not be able to tell them apart in the audit trail."""
    plant()
    b = login(app, "arkivar")
    b.get(f"/cases/{SECRET.slug}", status=404)
    b.get(f"/cases/{MISSING.slug}", status=404)
    page = b.get("/audit", params={"user": "arkivar"})
    text = page.html.select_one("table.audit-table").get_text(" ")
    # the refused attempt is recorded (admin sees it) ...
    admin_view = login(app, "admin").get("/audit", params={"action": "denied"})
    assert SECRET.slug in admin_view.html.select_one("table.audit-table").get_text(" ")
    # ... against the case, so the prober's own view of the trail is the same for both numbers
    assert SECRET.slug not in text and MISSING.slug not in text
    csv_text = b.get("/audit.csv", params={"user": "arkivar"}).body.decode("utf-8-sig")
    assert SECRET.slug not in csv_text and MISSING.slug not in csv_text


def test_the_archivists_audit_page_knows_nothing_of_the_case(app, world, plant):
    attachment_url = plant()
    insider = login(app, "betroet")
    insider.get(f"/cases/{SECRET.slug}")
    insider.get(f"/documents/{SECRET_FINAL.slug}")
    insider.get(attachment_url)
    admin = login(app, "admin")
    form = admin.get(f"/cases/{SECRET.slug}/edit").forms["deform"]
    form["description"] = f"Mere om {WORD}."
    form.submit("save", status=303)
    archivist = login(app, "arkivar")
    for params in ({}, {"object": str(SECRET)}, {"object": SECRET.slug}, {"object": str(SECRET_FINAL)},
                   {"user": "betroet"}, {"user": "admin"}, {"action": "attachment_download"}):
        page = archivist.get("/audit", params=params)
        table = page.html.select_one("table.audit-table").get_text(" ")
        for needle in (WORD, str(SECRET), SECRET.slug, str(SECRET_FINAL), SECRET_FINAL.slug, ATTACHMENT_NAME):
            assert needle not in table, (params, needle)
    # admin sees those same events (the action cell carries the action's code as its title)
    page = admin.get("/audit", params={"object": str(SECRET)})
    table = page.html.select_one("table.audit-table")
    actions = {td["title"] for td in table.select("td[title]")}
    assert "betroet" in table.get_text(" ") and {"case_view", "attachment_download", "case_edit"} <= actions


# --- local roles on an ordinary case -------------------------------------------------

def grant(db, number, principal, role):
    with db() as s:
        case = find_case(s, number)
        case.grants.append(CaseGrant(principal=principal, role=role))


@pytest.fixture
def pl(app, db):
    """A region's project manager: role bruger, no grants yet."""
    with db() as s:
        uid = add_user(s, "projektleder", "bruger", full_name="Region Projektleder").id
    return uid


def test_a_bruger_with_a_laeser_grant_sees_only_that_case_and_cannot_edit(app, world, pl, db):
    telefoni, mail = world["telefoni"], world["mail"]
    b = login(app, "projektleder")
    assert list_total(b.get("/cases")) == 0
    grant(db, telefoni, f"user:{pl}", "laeser")
    page = b.get("/cases")
    assert list_total(page) == 1 and links(page) == {f"/cases/{telefoni.slug}"}
    assert links(b.get("/")) == {f"/cases/{telefoni.slug}"}
    r = b.get("/search", params={"q": "telefoni"})
    assert links(r) == {f"/cases/{telefoni.slug}", f"/documents/{world['draft'].slug}",
                        f"/documents/{world['final'].slug}"}
    page = b.get(f"/cases/{telefoni.slug}", status=200)
    assert page.html.find("a", href=re.compile(r"/(edit|sharing|documents/new)$")) is None
    b.get(f"/documents/{world['final'].slug}", status=200)
    # reading is all: 403 (the case is not secret, so no need to hide it)
    for url in (f"/cases/{telefoni.slug}/edit", f"/cases/{telefoni.slug}/documents/new?kind=notat",
                f"/cases/{telefoni.slug}/sharing", f"/documents/{world['final'].slug}/edit", "/cases/new"):
        b.get(url, status=403)
    # other ordinary cases are not theirs, and do not exist for them: the same 404 as a
    # number never used, so a bruger cannot enumerate which numbers exist (issue 12)
    for tail in ("", "/edit", "/audit", "/export.docx", "/participation", "/actions"):
        url, never = f"/cases/{mail.slug}{tail}", f"/cases/{MISSING.slug}{tail}"
        assert b.get(url, status=404).text == b.get(never, status=404).text.replace(never, url), url


def test_a_redaktoer_grant_lets_a_bruger_create_documents_but_not_share(app, world, pl, db, engine):
    telefoni = world["telefoni"]
    grant(db, telefoni, f"user:{pl}", "redaktoer")
    b = login(app, "projektleder")
    form = b.get(f"/cases/{telefoni.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
    form["title"] = "Regionens bemærkninger"
    form["body"] = "<p>Bemærkninger.</p>"
    r = form.submit("save", status=303)
    assert b.get(r.location).status_int == 200
    assert count(engine, "SELECT COUNT(*) FROM documents WHERE title = 'Regionens bemærkninger'") == 1
    b.get(f"/cases/{telefoni.slug}/edit", status=200)
    b.get(f"/cases/{telefoni.slug}/sharing", status=403)
    b.get(f"/cases/{world['mail'].slug}/documents/new?kind=notat", status=404)  # not hers: not there


def test_only_an_ejer_opens_the_sharing_page(app, world, pl, db):
    telefoni = world["telefoni"]
    b = login(app, "projektleder")
    for role in ("laeser", "redaktoer"):
        grant(db, telefoni, f"user:{pl}", role)
        b.get(f"/cases/{telefoni.slug}/sharing", status=403)
    grant(db, telefoni, f"user:{pl}", "ejer")
    page = b.get(f"/cases/{telefoni.slug}/sharing")
    assert "Deling og adgang" in page.text
    case_page = b.get(f"/cases/{telefoni.slug}")  # the case page links to it
    assert case_page.html.find("a", href=re.compile(f"/cases/{telefoni.slug}/sharing$")) is not None
    form = page.forms["deform"]
    form["principal"] = f"user:{world['ids']['ekstern']}"
    form["role"] = "redaktoer"
    form.submit("grant", status=303)
    with db() as s:
        case = find_case(s, telefoni)
        roles = {(g.principal, g.role) for g in case.grants}
    assert (f"user:{world['ids']['ekstern']}", "redaktoer") in roles
    # and the group route works for a bruger just as well
    with db() as s:
        user = s.get(User, pl)
        user.groups.append(s.get(Group, world["ids"]["group"]))
    with db() as s:
        case = find_case(s, world["mail"])
        case.grants.append(CaseGrant(principal=f"group:{world['ids']['group']}", role="laeser"))
    assert f"/cases/{world['mail'].slug}" in links(b.get("/cases"))  # groups are read at each request


# --- marking confidential from the creation form ------------------------------------

def test_confidential_from_the_creation_form_makes_creator_and_responsible_owners(app, world, engine, db):
    b = login(app, "sekretariat")
    form = b.get("/cases/new").forms["deform"]
    assert "confidential" in form.fields
    form["title"] = f"Ny fortrolig sag {WORD}"
    form["category"] = "drift"
    form["responsible"] = str(world["ids"]["kollega"])
    form["confidential"] = True
    r = form.submit("save", status=303)
    slug = r.location.rsplit("/", 1)[1]
    number = CaseNumber.parse(slug)
    with db() as s:
        case = find_case(s, number)
        assert case.confidential
        assert {(g.principal, g.role) for g in case.grants} == {
            (f"user:{world['ids']['sekretariat']}", "ejer"), (f"user:{world['ids']['kollega']}", "ejer")}
    assert b.get(f"/cases/{slug}").status_int == 200
    assert login(app, "kollega").get(f"/cases/{slug}/sharing").status_int == 200
    login(app, "styregruppe").get(f"/cases/{slug}", status=404)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM audit_log WHERE action = 'case_create'")).mappings().one()
    assert row["object_ref"] == str(number) and as_json(row["detail"])["confidential"] is True


# --- the sharing page -------------------------------------------------------------

def audit_rows(engine, action):
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM audit_log WHERE action = :a ORDER BY id"), {"a": action}).mappings().all()
    return [{**r, "detail": as_json(r["detail"])} for r in rows]


def as_json(value):
    """A JSON column read with plain SQL: text on SQLite, already parsed by psycopg on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def grants_of(db, number):
    with db() as s:
        case = find_case(s, number)
        return [(g.id, g.principal, g.role) for g in case.grants]


def flash(page):
    return " ".join(el.get_text(" ", strip=True) for el in page.html.select(".alert"))


def test_sharing_page_flow_is_audited(app, world, db, engine):
    telefoni, ids = world["telefoni"], world["ids"]
    b = login(app, "sekretariat")
    url = f"/cases/{telefoni.slug}/sharing"
    page = b.get(url)
    assert "Ikke fortrolig" in page.text and "Gør fortrolig" in page.text
    existing = grants_of(db, telefoni)  # ekstern's laeser grant from the world
    assert "Ekstern Projektleder (ekstern)" in page.text

    # give a user and a group access
    form = page.forms["deform"]
    form["principal"] = f"user:{ids['betroet']}"
    form["role"] = "redaktoer"
    page = form.submit("grant", status=303).follow()
    assert "Betroet Medarbejder (betroet) har nu adgang til sag 24/2213." in flash(page)
    assert "må læse og skrive" in page.text
    form = page.forms["deform"]
    form["principal"] = f"group:{ids['group']}"
    form["role"] = "laeser"
    page = form.submit("grant", status=303).follow()
    assert "Region Midtjylland — projektledere" in page.text
    assert len(grants_of(db, telefoni)) == len(existing) + 2

    # the same again is refused with a message
    form = page.forms["deform"]
    form["principal"] = f"group:{ids['group']}"
    form["role"] = "laeser"
    r = form.submit("grant", status=200)
    assert "Denne adgang er allerede givet." in r.text
    assert len(grants_of(db, telefoni)) == len(existing) + 2

    adds = audit_rows(engine, "grant_add")
    assert [(a["detail"]["principal"], a["detail"]["role"]) for a in adds] == [
        (f"user:{ids['betroet']}", "redaktoer"), (f"group:{ids['group']}", "laeser")]
    assert all(a["login"] == "sekretariat" and a["case_ref"] == "24/2213" and a["object_ref"] == "24/2213"
               and a["outcome"] == "ok" for a in adds)

    # remove the group's access
    gid = next(g for g, p, _r in grants_of(db, telefoni) if p.startswith("group:"))
    token = b.csrf_token(url)
    page = b.post(url, {"csrf_token": token, "revoke": str(gid)}, status=303).follow()
    assert "har ikke længere den adgang til sag 24/2213" in flash(page)
    assert gid not in [g for g, *_rest in grants_of(db, telefoni)]
    removed = audit_rows(engine, "grant_remove")
    assert len(removed) == 1 and removed[0]["detail"] == {"principal": f"group:{ids['group']}", "role": "laeser"}
    # removing it twice is harmless
    page = b.post(url, {"csrf_token": token, "revoke": str(gid)}, status=303).follow()
    assert "allerede fjernet" in flash(page)
    assert len(audit_rows(engine, "grant_remove")) == 1

    # make confidential: the sharer becomes an owner and keeps access; outsiders lose it
    page = b.post(url, {"csrf_token": token, "confidential": "1"}, status=303).follow()
    assert "Sag 24/2213 er nu fortrolig." in flash(page)
    assert "Fjern fortrolighed" in page.text
    assert (f"user:{ids['sekretariat']}", "ejer") in [(p, r) for _g, p, r in grants_of(db, telefoni)]
    b.get(f"/cases/{telefoni.slug}", status=200)
    board = login(app, "styregruppe")
    board.get(f"/cases/{telefoni.slug}", status=404)
    login(app, "betroet").get(f"/cases/{telefoni.slug}", status=200)  # redaktoer grant holds

    # remove confidentiality
    page = b.post(url, {"csrf_token": token, "confidential": "0"}, status=303).follow()
    assert "Sag 24/2213 er ikke længere fortrolig." in flash(page)
    board.get(f"/cases/{telefoni.slug}", status=200)
    changes = audit_rows(engine, "case_confidential")
    assert [c["detail"]["confidential"] for c in changes] == [True, False]
    assert all(c["case_ref"] == "24/2213" and c["login"] == "sekretariat" for c in changes)


def test_the_last_owner_of_a_confidential_case_stays_unless_admin_removes_them(app, world, db, engine):
    b = login(app, "sekretariat")
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Fortrolig personalesag"
    form["category"] = "drift"
    form["responsible"] = str(world["ids"]["sekretariat"])
    form["confidential"] = True
    slug = form.submit("save", status=303).location.rsplit("/", 1)[1]
    number = CaseNumber.parse(slug)
    [(gid, principal, role)] = grants_of(db, number)
    assert (principal, role) == (f"user:{world['ids']['sekretariat']}", "ejer")
    url = f"/cases/{slug}/sharing"
    token = b.csrf_token(url)
    page = b.post(url, {"csrf_token": token, "revoke": str(gid)}, status=303).follow()
    assert "Den sidste ejer af en fortrolig sag kan ikke fjernes" in flash(page)
    assert grants_of(db, number) == [(gid, principal, role)]
    assert audit_rows(engine, "grant_remove") == []
    # with a second owner, the first may go
    form = page.forms["deform"]
    form["principal"] = f"user:{world['ids']['kollega']}"
    form["role"] = "ejer"
    form.submit("grant", status=303)
    b.post(url, {"csrf_token": token, "revoke": str(gid)}, status=303)
    assert [(p, r) for _g, p, r in grants_of(db, number)] == [(f"user:{world['ids']['kollega']}", "ejer")]
    b.get(f"/cases/{slug}", status=404)  # gone for the one who removed themselves
    # admin may remove the last owner
    [(last, *_rest)] = grants_of(db, number)
    admin = login(app, "admin")
    admin.post(url, {"csrf_token": admin.csrf_token(url), "revoke": str(last)}, status=303)
    assert grants_of(db, number) == []
    assert [r["login"] for r in audit_rows(engine, "grant_remove")] == ["sekretariat", "admin"]


def test_sharing_changes_need_the_csrf_token(app, world, db, engine):
    telefoni = world["telefoni"]
    b = login(app, "sekretariat")
    before = grants_of(db, telefoni)
    b.post(f"/cases/{telefoni.slug}/sharing", {"confidential": "1"}, status=400)
    b.post(f"/cases/{telefoni.slug}/sharing", {"grant": "grant", "principal": f"user:{world['ids']['betroet']}",
                                               "role": "ejer"}, status=400)
    assert grants_of(db, telefoni) == before
    with db() as s:
        assert find_case(s, telefoni).confidential is False
    assert audit_rows(engine, "grant_add") == [] and audit_rows(engine, "case_confidential") == []
    assert len(audit_rows(engine, "csrf_refused")) == 2


def test_grants_to_unknown_principals_or_roles_are_refused(app, world, db):
    telefoni = world["telefoni"]
    b = login(app, "sekretariat")
    url = f"/cases/{telefoni.slug}/sharing"
    before = grants_of(db, telefoni)
    token = b.csrf_token(url)
    for principal, role in (("user:99999", "laeser"), ("role:admin", "laeser"), ("group:abc", "laeser"),
                            (f"user:{world['ids']['betroet']}", "admin"), ("", "laeser")):
        r = b.post(url, {"csrf_token": token, "grant": "grant", "principal": principal, "role": role}, status=200)
        assert "is-invalid" in r.text, (principal, role)
    assert grants_of(db, telefoni) == before


# --- closed agenda items: decisions and items about the confidential case ------------------
#
# The planted word is in the item's title and recommendation, its paper's title and the decision's
# text; the decision number is the other secret. For everyone who may not open the case the item
# is a closed item ("Lukket punkt") on every page, export, feed and search answer.

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CLOSED_TITLE = f"Forlig om {WORD}"


def _meeting_post(b, mid, **fields):
    return b.post(f"/meetings/{mid}", {"csrf_token": b.csrf_token(f"/meetings/{mid}"), **fields}, status="*")


def _rows(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).all()


def _new_meeting(b) -> int:
    r = b.post("/meetings/new", {"csrf_token": b.csrf_token("/meetings/new"), "title": "Styregruppemøde",
                                 "date": "10-12-2026", "start": "13:00", "end": "16:00", "place": "Sorø", "save": "1"},
               status=303)
    return int(re.search(r"/meetings/(\d+)", r.location).group(1))


def _agenda(app, world, plant, engine, db):
    """A meeting with an open item (telephony) and two about the confidential case, put there by
    its owner ``betroet`` (a redaktoer grant): one with the confidential paper, one later withdrawn.
    The region's user ``ekstern`` reads the meetings case too. Returns browsers and ids."""
    plant()
    sek, owner = login(app, "sekretariat"), login(app, "betroet")  # the secretariat user has no grant
    mid = _new_meeting(sek)
    with db() as s:
        from rsi_case.meetings.models import Meeting

        meetings_case = s.get(Meeting, mid).case
        meetings_case.grants.append(CaseGrant(principal=f"user:{world['ids']['ekstern']}", role="laeser"))
    _meeting_post(sek, mid, add_item="1", title="Aftalen om fælles telefoni", case=str(world["telefoni"]),
                  recommendation="Det indstilles, at aftalen godkendes.")
    _meeting_post(owner, mid, add_item="1", title=CLOSED_TITLE, case=str(SECRET),
                  recommendation=f"Formanden bemyndiges til at forhandle om {WORD}.")
    _meeting_post(owner, mid, add_item="1", title=f"Orientering om {WORD}", case=str(SECRET), recommendation="")
    items = dict(_rows(engine, "SELECT title, id FROM agenda_items"))
    ids = {"meeting": mid, "open": items["Aftalen om fælles telefoni"], "closed": items[CLOSED_TITLE],
           "withdrawn": items[f"Orientering om {WORD}"],
           "paper": _rows(engine, "SELECT id FROM documents WHERE year = 2007 AND seq = 102")[0][0],
           "open_paper": _rows(engine, "SELECT id FROM documents WHERE year = 2024 AND seq = 12345")[0][0]}
    _meeting_post(sek, mid, papers="1", item=ids["open"], document=ids["open_paper"])
    _meeting_post(owner, mid, papers="1", item=ids["closed"], document=ids["paper"])
    return sek, owner, ids


@pytest.fixture
def closed_item(app, world, plant, engine, db):
    """The whole life of the meeting: pressed by the secretariat user without access (pack, addendum,
    held, minutes, approval), the closed item and its decision written by the owner — the decision
    corrected after it got its number, so the audit trail has an event naming that number."""
    sek, owner, ids = _agenda(app, world, plant, engine, db)
    mid = ids["meeting"]
    assert _meeting_post(sek, mid, send_pack="1", last="").status_int == 303
    _meeting_post(owner, mid, edit_item="1", item=ids["closed"], title=CLOSED_TITLE + " (rettet)", case=str(SECRET),
                  recommendation=f"Formanden bemyndiges til at indgå forlig om {WORD}.")
    _meeting_post(owner, mid, withdraw="1", item=ids["withdrawn"])
    _meeting_post(sek, mid, add_item="1", title="Eventuelt", case="", recommendation="")
    first = _rows(engine, "SELECT id FROM pack_sendings")[0][0]
    assert _meeting_post(sek, mid, send_pack="1", last=str(first)).status_int == 303
    _meeting_post(owner, mid, decision="1", item=ids["closed"], text=f"Styregruppen drøftede {WORD}.")
    _meeting_post(sek, mid, decision="1", item=ids["open"], text="Aftalen blev godkendt.")
    _meeting_post(sek, mid, advance="1", **{"from": "dagsorden_udsendt"})
    r = _meeting_post(owner, mid, decision="1", item=ids["closed"], text=f"Styregruppen bemyndigede formanden om {WORD}.")
    assert r.status_int == 303
    _meeting_post(sek, mid, minutes="1")
    _meeting_post(sek, mid, advance="1", **{"from": "afholdt"})
    (state,), = _rows(engine, "SELECT state FROM meetings")
    assert state == "referat_godkendt" and len(_rows(engine, "SELECT id FROM pack_sendings")) == 2
    numbers = dict(_rows(engine, "SELECT item_id, 'B-' || year || '-' || substr('00' || seq, -3) FROM decisions"))
    ids.update(closed_number=numbers[ids["closed"]], open_number=numbers[ids["open"]])
    assert ids["closed_number"] != ids["open_number"] and ids["closed_number"].startswith("B-2026-")
    return ids


def docx_text(data: bytes) -> str:
    """All the text of a Word file — body, headers, footers, properties — a paragraph's runs joined."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def text_of(r) -> str:
    if r.content_type == DOCX:
        return docx_text(r.body)
    return r.body.decode("utf-8", errors="replace")


def route_urls(app, values: dict) -> list[str]:
    """Every GET-able URL of the application's route table, filled in with every combination of
    ``values`` (a route with a placeholder not in ``values`` fails the test: fill it in here)."""
    from itertools import product

    from pyramid.interfaces import IRoutesMapper

    urls = []
    for route in app.registry.getUtility(IRoutesMapper).get_routes():
        if route.name.startswith("__"):  # static files
            continue
        names = re.findall(r"{(\w+)", route.pattern)
        missing = [n for n in names if n not in values]
        assert not missing, f"route {route.name}: no values for {missing}"
        for combination in product(*(values[n] for n in names)):
            url = route.generate(dict(zip(names, map(str, combination))))
            urls.append(url)
            if "document" in names:
                urls.append(url + "?a=1&b=2")
    return urls


def crawl_values(app, db, engine, world, ids, login_name) -> dict:
    from rsi_case.meetings.services import calendar_token
    from rsi_case.security.models import User

    with db() as s:
        user = s.query(User).filter_by(login=login_name).one()
        token = calendar_token(app.registry.settings["rsi_case.secret"], user)
        user_id = user.id
    meetings_case = _rows(engine, "SELECT c.year, c.seq FROM meetings m JOIN cases c ON c.id = m.case_id")[0]
    documents = [str(DocumentNumber(y, s_)).replace("/", "-") for y, s_ in _rows(engine, "SELECT year, seq FROM documents")]
    # issue 19: the cases of requests for access (the one for the confidential case planted): their
    # pages, the answer, the extension
    requests = [CaseNumber(y, s_).slug for y, s_ in _rows(
        engine, "SELECT c.year, c.seq FROM access_requests r JOIN cases c ON c.id = r.case_id")]
    return {
        "case": [CaseNumber(*meetings_case).slug, SECRET.slug, world["telefoni"].slug, *requests],
        "document": documents, "version": [1, 2], "revision": [1], "cid": ["logo@hemmelig"],
        "attachment": [a for (a,) in _rows(engine, "SELECT id FROM attachments")],
        "meeting": [ids["meeting"]], "item": [ids["open"], ids["closed"], ids["withdrawn"]],
        "sending": [s_ for (s_,) in _rows(engine, "SELECT id FROM pack_sendings")],
        "decision": [ids["closed_number"], ids["open_number"]],
        "user": [user_id], "token": [token], "filename": ["x.docx"],
    }


# every role that may not open the confidential case: the board, the archivist, the secretariat
# user who pressed every button of the meeting, another secretariat user, and a region's user
# (role bruger) who reads the meetings case through a grant
NOT_THE_CASES = ("arkivar", "styregruppe", "sekretariat", "kollega", "ekstern")


@pytest.mark.parametrize("who", NOT_THE_CASES)
def test_for_those_who_may_not_open_its_case_an_item_is_a_closed_item_everywhere(app, world, plant, engine, db,
                                                                                  closed_item, who):
    ids = closed_item
    secrets = (WORD.lower(), ids["closed_number"].lower())
    b = login(app, who)
    seen, problems = {}, []
    # 1. every route of the application, every way it can be filled in (the audit pages come first:
    #    nobody has searched for the number yet, so any mention of it there is a leak)
    for url in route_urls(app, crawl_values(app, db, engine, world, ids, who)):
        r = b.get(url, expect_errors=True)
        seen[url] = r
        if r.status_int >= 500:
            problems.append(f"{url}: {r.status}")
            continue
        text = (text_of(r) + r.headers.get("Location", "")).lower()
        for secret in secrets:
            if secret in text and secret not in url.lower():  # (a not-found page may repeat what was asked)
                problems.append(f"{url} ({r.status}, {r.content_type}) shows {secret!r}")
    assert not problems, f"{who}:\n  " + "\n  ".join(problems)
    # the crawl was not vacuous: it read the meeting, the item's Word files and the records of the meetings case
    mid = ids["meeting"]
    page = seen[f"/meetings/{mid}"]
    assert page.status_int == 200
    closed_heading = [h.get_text(" ", strip=True) for h in page.html.select(".closed-item h3")]
    assert closed_heading == ["2. Lukket punkt", "Lukket punkt trukket"], closed_heading
    assert "Aftalen om fælles telefoni" in page.text and ids["open_number"] in page.text
    assert seen[f"/meetings/{mid}/items/{ids['closed']}.docx"].status_int == 404
    assert seen[f"/meetings/{mid}/items/{ids['open']}.docx"].status_int == 200
    pack = seen[f"/meetings/{mid}/pack.docx"]
    assert pack.status_int == 200 and "Punkt 2: Lukket punkt" in docx_text(pack.body)
    sendings = [u for u in seen if "/sendings/" in u and seen[u].status_int == 200]
    assert len(sendings) == 2 and all("Lukket punkt" in docx_text(seen[u].body) for u in sendings)
    exports = [u for u in seen if u.endswith("/export.docx") and "/cases/" in u and seen[u].status_int == 200]
    minutes_text = " ".join(docx_text(seen[u].body) for u in exports)
    assert "2. Lukket punkt" in minutes_text and "Aftalen blev godkendt." in minutes_text  # the minutes, in the case file
    assert seen[f"/decisions/{ids['closed_number']}"].status_int == 404
    assert seen[f"/decisions/{ids['open_number']}"].status_int == 200
    # 2. what is typed: the word and the number find nothing, the number jumps nowhere
    r = b.get("/search", params={"q": WORD})
    assert "gav ingen resultater" in r.text and not links(r)
    for q in (WORD, ids["closed_number"], ids["closed_number"].lower(), "forlig", "bemyndigede"):
        api = b.get("/api/search", params={"q": q}).json
        assert api["total"] == 0 or not any(secret in json.dumps(api).lower() for secret in secrets), (q, api)
        assert b.get("/search", params={"q": q}).status_int == 200, q  # no jump
    assert b.get("/api/search", params={"q": "godkendt", "type": "decision"}).json["total"] == 1  # the open one
    register = b.get("/decisions", params={"q": WORD})
    assert "0 beslutninger" in register.text
    register = b.get("/decisions")
    assert ids["open_number"] in register.text and ids["closed_number"] not in register.text


@pytest.mark.parametrize("who", ("betroet", "admin"))
def test_those_who_may_open_the_case_read_the_item_and_its_decision(app, world, plant, engine, db, closed_item, who):
    """Its owner and admin read the item everywhere it is theirs to read — but the records of the
    meetings case (the minutes, the packs as sent), read by all, hold it as a closed item for them too."""
    ids = closed_item
    mid = ids["meeting"]
    b = login(app, who)
    page = b.get(f"/meetings/{mid}").text
    for text in (CLOSED_TITLE + " (rettet)", f"indgå forlig om {WORD}", f"Beslutning om {WORD}",
                 f"bemyndigede formanden om {WORD}", ids["closed_number"]):
        assert text in page, text
    decision = b.get(f"/decisions/{ids['closed_number']}").text
    assert f"bemyndigede formanden om {WORD}" in decision and CLOSED_TITLE in decision
    assert ids["closed_number"] in b.get("/decisions").text
    assert WORD in docx_text(b.get(f"/meetings/{mid}/pack.docx").body)
    assert f"Beslutning om {WORD}" in docx_text(b.get(f"/meetings/{mid}/items/{ids['closed']}.docx").body)
    if who == "admin":  # (the index's readers of a decision are the principals reading both cases: the
        # owner reads the meetings case by role and the case by grant, so search errs on hiding it from them)
        api = b.get("/api/search", params={"q": WORD, "type": "decision"}).json
        assert [h["number"] for h in api["hits"]] == [ids["closed_number"]]
    # the minutes and the packs as sent: the same for everyone who reads the meetings case
    (minutes,), = _rows(engine, "SELECT body_html FROM documents WHERE kind = 'moedereferat'")
    assert WORD not in minutes and ids["closed_number"] not in minutes and "<h2>2. Lukket punkt</h2>" in minutes
    for (number,) in _rows(engine, "SELECT s.id FROM pack_sendings s"):
        sent = docx_text(b.get(f"/meetings/{mid}/sendings/{number}.docx").body)
        assert WORD not in sent and "Lukket punkt" in sent


def _state(engine) -> dict:
    tables = ("agenda_items", "agenda_papers", "decisions", "meetings")
    return {t: sorted(map(repr, _rows(engine, f"SELECT * FROM {t}"))) for t in tables}


def test_only_those_who_may_open_the_case_change_a_closed_item(app, world, plant, engine, db):
    """A secretariat user without access gets the not-found page (as for an item that does not
    exist) for every change of the item and its decision, and nothing changes; the owner's same
    requests go through. Moving it is the meeting's business: allowed to both."""
    sek, owner, ids = _agenda(app, world, plant, engine, db)
    mid = ids["meeting"]
    _meeting_post(sek, mid, send_pack="1", last="")  # dagsorden udsendt: items, papers and decisions all open
    _meeting_post(owner, mid, decision="1", item=ids["closed"], text=f"Drøftet: {WORD}.")
    changes = (("edit_item", {"title": "Omdøbt", "case": "", "recommendation": "Ny"}), ("withdraw", {}),
               ("papers", {}), ("decision", {"text": "Overskrevet."}), ("decision", {"text": ""}))
    for who in ("sekretariat", "kollega"):
        b = login(app, who)
        for button, fields in changes:
            before = _state(engine)
            r = _meeting_post(b, mid, **{button: "1", "item": ids["closed"], **fields})
            assert r.status_int == 404 and "Siden blev ikke fundet" in r.text and WORD not in r.text, (who, button)
            assert _state(engine) == before, (who, button)
    # moving: the agenda's order only
    before = _rows(engine, "SELECT id, title, recommendation, case_id, withdrawn FROM agenda_items ORDER BY id")
    positions = dict(_rows(engine, "SELECT id, position FROM agenda_items"))
    assert _meeting_post(sek, mid, move="up", item=ids["closed"]).status_int == 303
    after = dict(_rows(engine, "SELECT id, position FROM agenda_items"))
    assert after[ids["closed"]] == positions[ids["open"]] and after[ids["open"]] == positions[ids["closed"]]
    assert _rows(engine, "SELECT id, title, recommendation, case_id, withdrawn FROM agenda_items ORDER BY id") == before
    # the owner may do each of them
    for button, fields in (("decision", {"text": f"Rettet: {WORD}."}), ("papers", {}),
                           ("edit_item", {"title": CLOSED_TITLE, "case": str(SECRET), "recommendation": "Ny"}),
                           ("withdraw", {})):
        before = _state(engine)
        r = _meeting_post(owner, mid, **{button: "1", "item": ids["closed"], **fields})
        assert r.status_int == 303, (button, r.status)
        assert _state(engine) != before, button


# --- issue 19: the year's report and the insight page ------------------------------------

def test_the_year_report_counts_nothing_of_a_confidential_request_and_insight_is_for_admin(app, world, plant):
    """The request about the confidential case is its grantees' alone: not in the report's
    counts (or CSV) of anyone else; a person's insight is the administrator's (who sees it all)."""
    plant()
    year = dt.date.today().year
    for who, expected in (("kollega", "0 anmodninger"), ("sekretariat", "0 anmodninger"), ("betroet", "1 anmodning")):
        b = login(app, who)
        page = b.get("/access-requests/report", params={"year": year})
        assert f"{expected} modtaget i {year}" in page.text, who
        got = b.get("/access-requests/report.csv", params={"year": year})
        received = [line for line in got.body.decode("utf-8-sig").splitlines() if ";Modtaget;" in line]
        assert received == [f"Anmodninger;Modtaget;{expected[0]}"], (who, received)
        for text in (page.text, got.body.decode("utf-8-sig")):
            assert WORD.lower() not in text.lower()
        assert b.get("/insight", expect_errors=True).status_int == 403
    admin = login(app, "admin")
    token = admin.csrf_token("/insight")
    found = admin.post("/insight", {"csrf_token": token, "name": f"{WORD} Journalist"})
    assert "anmoder om aktindsigt" in found.html.select_one(".insight-records").get_text()
