"""Editing in Word over WebDAV (issue 17): Word's own request sequence, the
check-out on the document page, and what the Word link may not do."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest
import sqlalchemy as sa
import webtest

from ..conftest import Browser

LOCKINFO = (b'<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/>'
            b'</D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>Test Sekretariat</D:href></D:owner>'
            b'</D:lockinfo>')
PROPFIND = (b'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getcontentlength/>'
            b'<D:getlastmodified/><D:resourcetype/><D:lockdiscovery/><D:supportedlock/>'
            b'<Z:Win32FileAttributes xmlns:Z="urn:schemas-microsoft-com:"/></D:prop></D:propfind>')
PROPPATCH = (b'<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" '
             b'xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop><Z:Win32LastModifiedTime>Sat, 05 Dec 2026 '
             b'01:00:00 GMT</Z:Win32LastModifiedTime></D:prop></D:set></D:propertyupdate>')


def word_docx(*paragraphs: str, tracked: bool = False) -> bytes:
    d = docx.Document()
    d.add_heading("Strategi for fælles sundheds-it", level=1)
    for text in paragraphs:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    data = out.getvalue()
    if tracked:  # a tracked insertion, as Word writes it
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "word/document.xml":
                    body = body.replace(b"</w:body>", b'<w:p><w:ins w:id="1" w:author="X" w:date="2026-12-05T01:00:00Z">'
                                        b"<w:r><w:t>indsat</w:t></w:r></w:ins></w:p></w:body>")
                z.writestr(item, body)
        data = out.getvalue()
    return data


@pytest.fixture
def doc(make_case, make_document):
    case = make_case()
    return make_document(case, title="Strategi 2027", body="<p>Første udkast.</p>")


def open_in_word(b: Browser, number, status=200):
    """Press "Åbn i Word" on the document page; the WebDAV path and the ms-word link."""
    page = b.get(f"/documents/{number.slug}")
    form = page.forms[[i for i, f in page.forms.items() if f.action.endswith("/word")][0]]
    result = form.submit(status=status)
    link = result.html.select_one("#word-link")["href"]
    m = re.fullmatch(r"ms-word:(ofe|ofv)\|u\|(https?://[^/]+)(/dav/.+)", link)
    assert m, link
    return m.group(3), m.group(1)


@pytest.fixture
def word(app):
    """Word itself: no cookie, no CSRF token, only the link."""
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"}, lint=False)  # DAV methods

    def call(method, path, body=b"", status=None, **headers):
        return client.request(path, method=method, body=body, headers=headers, status=status, expect_errors=True)

    return call


def folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/"


def versions(engine, number):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT v.number, v.note, u.full_name, s.sha256 FROM document_versions v "
            "JOIN documents d ON d.id = v.document_id LEFT JOIN users u ON u.id = v.created_by_id "
            "LEFT JOIN version_sources s ON s.document_id = d.id AND s.version = v.number "
            "WHERE d.year = :y AND d.seq = :s ORDER BY v.number"), {"y": number.year, "s": number.seq}).all()


def checkouts(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT * FROM document_checkouts")).mappings().all()


def lock_token(response) -> str:
    return response.headers["Lock-Token"].strip("<>")


def test_word_request_sequence_saves_versions_and_releases_the_lock(app, as_role, word, doc, engine):
    b = as_role("sekretariat")
    path, mode = open_in_word(b, doc)
    assert mode == "ofe"
    r = word("OPTIONS", folder(path), status=200)
    assert r.headers["MS-Author-Via"] == "DAV" and r.headers["DAV"] == "1, 2"
    assert "LOCK" in r.headers["Allow"]
    head = word("HEAD", path, status=200)
    assert int(head.headers["Content-Length"]) > 1000
    locked = word("LOCK", path, LOCKINFO, status=200, Timeout="Second-3600", Depth="0")
    token = lock_token(locked)
    assert token.startswith("opaquelocktoken:") and b"Second-3600" in locked.body
    get = word("GET", path, status=200)
    assert zipfile.is_zipfile(io.BytesIO(get.body)) and b"word/document.xml" in get.body
    found = word("PROPFIND", path, PROPFIND, status=207, Depth="0")
    assert b"<D:getcontentlength>" in found.body and token.encode() in found.body
    assert b"Win32FileAttributes" in found.body and b"404 Not Found" in found.body
    word("PROPPATCH", path, PROPPATCH, status=207, If=f"(<{token}>)")
    # the document page says who has it since when
    page = b.get(f"/documents/{doc.slug}")
    assert "Redigeres i Word af Test Sekretariat siden" in page.html.select_one(".checkout").get_text(" ", strip=True)

    first = word_docx("Første afsnit fra Word.")
    word("PUT", path, first, status=204, If=f"<{path}> (<{token}>)")
    refreshed = word("LOCK", path, status=200, Timeout="Second-3600", If=f"(<{token}>)")
    assert lock_token(refreshed) == token
    second = word_docx("Andet afsnit fra Word.", tracked=True)
    word("PUT", path, second, status=204, If=f"(<{token}>)")
    # the same .docx comes back, not an export of it
    assert word("GET", path, status=200).body == second
    word("UNLOCK", path, status=204, **{"Lock-Token": f"<{token}>"})
    assert checkouts(engine) == []

    rows = versions(engine, doc)
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[1].note == "Gemt fra Word" and rows[1].full_name == "Test Sekretariat" and rows[1].sha256
    assert rows[2].note.startswith("Gemt fra Word · ") and "registrerede ændringer" in rows[2].note
    page = b.get(f"/documents/{doc.slug}")
    assert "Andet afsnit fra Word." in page.text and "Første udkast" not in page.text
    assert page.html.select_one(".checkout") is None
    # and the search finds the text saved from Word
    found = b.get("/search", {"q": "afsnit fra Word"})
    assert "Strategi 2027" in found.text
    # editing that version in the browser says what the browser cannot keep
    form = b.get(f"/documents/{doc.slug}/edit")
    assert "Denne version er gemt fra Word" in form.html.select_one("#from-word").get_text()
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(sa.text("SELECT action FROM audit_log ORDER BY id"))]
    assert {"word_token_create", "document_lock", "document_unlock", "document_edit"} <= set(actions)


def test_an_expired_token_is_404_and_the_lock_keeps_it_alive(app, as_role, word, doc):
    b = as_role("sekretariat")
    path, _mode = open_in_word(b, doc)
    later = lambda minutes: lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)  # noqa: E731
    app.registry["rsi_case.clock"] = later(11)  # the link lives 10 minutes unused
    assert word("OPTIONS", folder(path)).status_int == 404
    assert word("GET", path).status_int == 404
    del app.registry["rsi_case.clock"]
    path, _mode = open_in_word(b, doc)
    token = lock_token(word("LOCK", path, LOCKINFO, status=200, Timeout="Second-1800"))
    app.registry["rsi_case.clock"] = later(25)  # within the lock (and its grace): still valid, refresh it
    word("LOCK", path, status=200, Timeout="Second-1800", If=f"(<{token}>)")
    app.registry["rsi_case.clock"] = later(60)  # the refreshed lock holds until 55 min, the link until 65
    word("PUT", path, word_docx("Gemt sent."), status=204, If=f"(<{token}>)")
    app.registry["rsi_case.clock"] = later(24 * 60)  # past everything
    assert word("GET", path).status_int == 404


def test_a_save_without_the_lock_or_with_a_stale_one_is_refused_and_logged(app, as_role, word, doc, engine):
    b = as_role("sekretariat")
    path, _mode = open_in_word(b, doc)
    data = word_docx("Uden lås.")
    assert word("PUT", path, data).status_int == 423  # never locked
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    assert word("PUT", path, data).status_int == 423  # locked, but the request names no lock
    stale = "opaquelocktoken:00000000-0000-0000-0000-000000000000"
    assert word("PUT", path, data, If=f"(<{stale}>)").status_int == 412
    word("UNLOCK", path, status=204, **{"Lock-Token": f"<{token}>"})
    assert word("PUT", path, data, If=f"(<{token}>)").status_int == 412  # released: the token is stale
    assert [r.number for r in versions(engine, doc)] == [1]
    with engine.connect() as conn:
        reasons = [r.detail for r in conn.execute(sa.text(
            "SELECT detail FROM audit_log WHERE action = 'document_edit' AND outcome = 'failed'"))]
    assert len(reasons) == 4


@pytest.mark.parametrize("body, status", [
    (b"not a word file at all", 415),
    (b"PK\x03\x04 broken zip", 400),
    ("bomb", 400),
    ("big", 413),
])
def test_bad_files_are_refused_with_the_right_status_and_nothing_is_saved(app, as_role, word, doc, engine, body, status):
    from ..bombs import flat_bomb

    if body == "bomb":
        body = flat_bomb(64, name="word/document.xml")
    elif body == "big":
        app.registry["rsi_case.max_upload_bytes"] = 50_000
        body = word_docx("x" * 10) + b"\0" * 60_000
    b = as_role("sekretariat")
    path, _mode = open_in_word(b, doc)
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    r = word("PUT", path, body, If=f"(<{token}>)")
    assert r.status_int == status, r.text
    assert [v.number for v in versions(engine, doc)] == [1]
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM version_sources")).scalar() == 0
        logged = conn.execute(sa.text("SELECT detail FROM audit_log WHERE action = 'document_edit' "
                                      "AND outcome = 'failed'")).scalars().all()
    assert len(logged) == 1


def test_the_document_is_never_made_deleted_moved_or_copied_over_from_outside(as_role, word, doc, engine):
    path, _mode = open_in_word(as_role("sekretariat"), doc)
    assert word("MKCOL", path).status_int == 405  # the document's name is taken
    assert word("DELETE", path).status_int == 403
    assert word("MOVE", path, Destination=folder(path) + "andet.docx").status_int == 403
    assert word("DELETE", folder(path)).status_int == 403
    assert word("COPY", path, Destination="http://elsewhere.example/x.docx").status_int == 403
    for r in (word("DELETE", path), word("MOVE", path, Destination=folder(path) + "y")):
        assert r.text.strip()
    assert [v.number for v in versions(engine, doc)] == [1]


def test_the_token_authenticates_no_other_route(app, as_role, word, doc, make_document, engine):
    path, _mode = open_in_word(as_role("sekretariat"), doc)
    clear = path.split("/")[2]
    other = make_document(doc_case(engine, doc), title="Andet notat")
    # another document under the same token: 404
    assert word("GET", f"/dav/{clear}/{other.slug}/{other.slug}.docx").status_int == 404
    assert word("GET", f"/dav/{clear}/{other.slug}/{doc.slug}.docx").status_int == 404
    assert word("OPTIONS", f"/dav/{clear}/{other.slug}/").status_int == 404
    # the token anywhere else is nothing: a cookie-less request is sent to the login page
    for where in ({"Authorization": f"Bearer {clear}"}, {"Cookie": f"rsi_session={clear}"}):
        assert word("GET", f"/documents/{doc.slug}", **where).status_int == 303
    assert word("GET", f"/documents/{doc.slug}?token={clear}").status_int == 303
    assert word("POST", f"/documents/{doc.slug}/word").status_int in (303, 400)
    # a made-up or cut token is a plain 404, never a login page
    assert word("GET", f"/dav/{clear[:-1]}x/{doc.slug}/{doc.slug}.docx").status_int == 404
    assert word("OPTIONS", f"/dav/{'a' * 43}/{doc.slug}/").status_int == 404


def doc_case(engine, number):
    from rsi_case.numbering import CaseNumber

    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT c.year, c.seq FROM cases c JOIN documents d ON d.case_id = c.id "
                                   "WHERE d.year = :y AND d.seq = :s"), {"y": number.year, "s": number.seq}).one()
    return CaseNumber(row.year, row.seq)


def test_a_reader_gets_a_read_only_link_and_cannot_lock_or_save(as_role, word, make_case, make_document):
    case = make_case()
    final = make_document(case, title="Endelig strategi", status="endelig")
    path, mode = open_in_word(as_role("styregruppe"), final)
    assert mode == "ofv"
    assert word("GET", path).status_int == 200
    assert word("LOCK", path, LOCKINFO).status_int == 403
    assert word("PUT", path, word_docx("nej")).status_int == 403
    # a final document is read-only for the secretariat too
    path, mode = open_in_word(as_role("sekretariat"), final)
    assert mode == "ofv"
    assert word("LOCK", path, LOCKINFO).status_int == 403


def test_a_frozen_document_or_an_archived_case_is_read_only(as_role, word, make_case, make_document, db, engine):
    from rsi_case.cases.resources import find_case
    from rsi_case.documents.resources import find_document

    case = make_case()
    frozen = make_document(case, title="Godkendt referat")
    archived_case = make_case(title="Arkiveret sag")
    in_archive = make_document(archived_case, title="Arkiveret notat")
    with db() as s:
        find_document(s, frozen).frozen = True
        find_case(s, archived_case).status = "arkiveret"
    b = as_role("sekretariat")
    for number in (frozen, in_archive):
        path, mode = open_in_word(b, number)
        assert mode == "ofv"
        assert word("LOCK", path, LOCKINFO).status_int == 403
        assert word("PUT", path, word_docx("nej")).status_int == 403


def test_confidential_document_link_dies_when_access_goes(app, as_role, word, make_case, make_document, db, users):
    from rsi_case.cases.resources import find_case

    case = make_case(title="Fortrolig sag")
    number = make_document(case, title="Fortroligt notat")
    path, _mode = open_in_word(as_role("sekretariat"), number)
    assert word("GET", path).status_int == 200
    with db() as s:
        find_case(s, case).confidential = True  # no grant for the secretariat
    for method in ("OPTIONS", "HEAD", "GET", "PROPFIND", "LOCK", "PUT", "UNLOCK", "PROPPATCH", "DELETE"):
        r = word(method, path)
        assert r.status_int == 404, method
        assert b"Fortrolig" not in r.body


def test_the_browser_form_is_read_only_while_checked_out_and_release(app, as_role, word, doc, engine):
    holder = as_role("sekretariat")
    path, _mode = open_in_word(holder, doc)
    word("LOCK", path, LOCKINFO, status=200)
    admin = as_role("admin")
    # the edit form: not offered, and a POST saves nothing but shows back what was typed
    page = admin.get(f"/documents/{doc.slug}/edit")
    assert "Redigeres i Word af Test Sekretariat" in page.text and "deform" not in page.forms
    token = admin.csrf_token(f"/documents/{doc.slug}")
    r = admin.post(f"/documents/{doc.slug}/edit", {"csrf_token": token, "title": "Min titel",
                                                    "body": "<p>Min tekst</p>", "base_version": "1"}, status=409)
    assert "Min tekst" in r.text
    # another Word user: read-only link, and LOCK is refused
    other_path, mode = open_in_word(admin, doc)
    assert mode == "ofv"
    assert word("LOCK", other_path, LOCKINFO).status_int == 403
    assert [v.number for v in versions(engine, doc)] == [1]
    # a reader may not release; the admin may (with CSRF)
    with_token = admin.get(f"/documents/{doc.slug}")
    assert with_token.html.select_one(".checkout form") is not None
    admin.post(f"/documents/{doc.slug}/checkout/release", {}, status=400)  # no CSRF token: refused
    assert len(checkouts(engine)) == 1
    admin.post(f"/documents/{doc.slug}/checkout/release", {"csrf_token": token}, status=303)
    assert checkouts(engine) == []
    page = admin.get(f"/documents/{doc.slug}/edit")
    assert "deform" in page.forms


def test_a_reader_cannot_release_someone_elses_checkout(app, as_role, word, make_case, make_document, db, users,
                                                        engine):
    from rsi_case.cases.resources import find_case
    from rsi_case.cases.models import CaseGrant

    case = make_case()
    number = make_document(case, title="Delt notat", status="kladde")
    from ..conftest import add_user

    with db() as s:
        c = find_case(s, case)
        outsider = add_user(s, "bruger", "bruger", full_name="Ekstern Læser")
        s.add(CaseGrant(case=c, principal=f"user:{outsider.id}", role="laeser"))
    path, _mode = open_in_word(as_role("sekretariat"), number)
    word("LOCK", path, LOCKINFO, status=200)
    reader = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    reader.login("bruger")
    page = reader.get(f"/documents/{number.slug}")
    assert page.html.select_one(".checkout form") is None
    token = reader.csrf_token(f"/documents/{number.slug}")
    reader.post(f"/documents/{number.slug}/checkout/release", {"csrf_token": token}, status=403)
    assert len(checkouts(engine)) == 1


def test_opening_in_word_needs_a_post_with_csrf(as_role, doc):
    b = as_role("sekretariat")
    b.get(f"/documents/{doc.slug}/word", status=404)
    b.post(f"/documents/{doc.slug}/word", {}, status=400)



# -- the If header on the document: lock tokens, ETags, Not (RFC 4918 §10.4) ---------------

def test_a_save_is_conditional_on_the_lock_and_the_etag(as_role, word, doc, engine):
    path, _mode = open_in_word(as_role("sekretariat"), doc)
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    etag = word("HEAD", path, status=200).headers["ETag"]
    data = word_docx("Betinget gemt.")
    # the lock, but an old ETag: the file changed since the client read it
    assert word("PUT", path, data, If=f'(<{token}> ["{doc.year}-0"])').status_int == 412
    # "anything but no lock" is true, but the lock itself is not named: locked
    assert word("PUT", path, data, If="(Not <DAV:no-lock>)").status_int == 423
    # DAV:no-lock names no lock: false, whatever else
    assert word("PUT", path, data, If=f"(<DAV:no-lock> [{etag}])").status_int == 412
    assert word("PUT", path, data, If="(<DAV:no-lock").status_int == 400  # unreadable
    assert [v.number for v in versions(engine, doc)] == [1]
    saved = word("PUT", path, data, If=f"(<{token}> [{etag}]) (Not <DAV:no-lock> [{etag}])")
    assert saved.status_int == 204
    # the ETag moved with the new version: the old one no longer holds
    assert saved.headers["ETag"] != etag
    assert word("PUT", path, data, If=f"(<{token}> [{etag}])").status_int == 412
    assert word("PUT", path, data, If=f"(<{token}> [{saved.headers['ETag']}])").status_int == 204
    assert [v.number for v in versions(engine, doc)] == [1, 2, 3]


DEADPROP = (b'<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:">'
            b'<D:set><D:prop><Z:Win32FileAttributes>00000020</Z:Win32FileAttributes></D:prop></D:set></D:propertyupdate>')
ASK = (b'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
       b'<Z:Win32FileAttributes xmlns:Z="urn:schemas-microsoft-com:"/></D:prop></D:propfind>')


def test_properties_set_by_word_are_kept_and_live_ones_refused(as_role, word, doc, make_document, engine):
    path, _mode = open_in_word(as_role("sekretariat"), doc)
    r = word("PROPPATCH", path, DEADPROP, status=207)
    assert b"200 OK" in r.body
    found = word("PROPFIND", path, ASK, status=207, Depth="0")
    assert b">00000020</" in found.body and b"404" not in found.body
    # a live property is the server's: refused, and the whole PROPPATCH with it (nothing kept)
    both = DEADPROP.replace(b"00000020", b"00000021").replace(
        b"</D:prop></D:set>", b"<D:getetag>x</D:getetag></D:prop></D:set>")
    r = word("PROPPATCH", path, both, status=207)
    assert b"403 Forbidden" in r.body and b"424 Failed Dependency" in r.body
    assert b">00000020</" in word("PROPFIND", path, ASK, status=207, Depth="0").body
    # a read-only link changes nothing
    final = make_document(doc_case(engine, doc), title="Endelig", status="endelig")
    path_r, mode = open_in_word(as_role("sekretariat"), final)
    assert mode == "ofv"
    assert word("PROPPATCH", path_r, DEADPROP).status_int == 403


# -- the scratch folder: clients' temporary files, a MOVE onto the document is a save ----------

def test_temporary_files_beside_the_document_and_a_move_onto_it_saves(as_role, word, doc, engine):
    b = as_role("sekretariat")
    path, _mode = open_in_word(b, doc)
    base = folder(path)
    # LibreOffice's lock file, Word's owner file: kept for this link, listed in the folder
    assert word("PUT", base + ".~lock.x.docx%23", b"LibreOffice lock", status=201).status_int == 201
    assert word("GET", base + ".~lock.x.docx%23", status=200).body == b"LibreOffice lock"
    listing = word("PROPFIND", base, status=207, Depth="1").body
    assert listing.count(b"<D:response>") == 3 and b".~lock.x.docx%23" in listing
    # save via a temporary file moved onto the document: without the document's lock, refused
    word("PUT", base + "tmp123.tmp", word_docx("Gemt via midlertidig fil."), status=201)
    assert word("MOVE", base + "tmp123.tmp", Destination=path).status_int == 423
    assert [v.number for v in versions(engine, doc)] == [1]
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    moved = word("MOVE", base + "tmp123.tmp", Destination="http://localhost" + path, If=f"<{path}> (<{token}>)")
    assert moved.status_int == 204, moved.text
    rows = versions(engine, doc)
    assert [r.number for r in rows] == [1, 2] and rows[1].note == "Gemt fra Word" and rows[1].sha256
    assert word("GET", base + "tmp123.tmp").status_int == 404  # moved: gone from the folder
    assert "Gemt via midlertidig fil." in b.get(f"/documents/{doc.slug}").text
    # a damaged temporary file moved onto it: refused like a PUT, nothing saved, the file stays
    word("PUT", base + "bad.tmp", b"PK\x03\x04 broken", status=201)
    # (an untagged list is about the request's own resource, the temporary file: not this lock)
    assert word("MOVE", base + "bad.tmp", Destination=path, If=f"(<{token}>)").status_int == 412
    assert word("MOVE", base + "bad.tmp", Destination=path, If=f"<{path}> (<{token}>)").status_int == 400
    assert [r.number for r in versions(engine, doc)] == [1, 2]
    assert word("GET", base + "bad.tmp").status_int == 200
    # another link (the same user's next one) sees none of it
    other, _mode = open_in_word(b, doc)
    assert word("GET", folder(other) + ".~lock.x.docx%23").status_int == 404
    assert word("PROPFIND", folder(other), status=207, Depth="1").body.count(b"<D:response>") == 2


def test_the_scratch_folder_is_bounded_and_read_only_links_cannot_write(app, as_role, word, doc, engine,
                                                                         make_document):
    from rsi_case.dav.scratch import Limits

    app.registry["rsi_case.word_scratch_limits"] = Limits(
        {"rsi_case.word_scratch_entries": "3", "rsi_case.word_scratch_mb": str(10_000 / 1024 / 1024)}, 8_000)
    path, _mode = open_in_word(as_role("sekretariat"), doc)
    base = folder(path)
    assert word("PUT", base + "a", b"x" * 9_000).status_int == 413  # one file over the file limit
    word("PUT", base + "a", b"x" * 6_000, status=201)
    assert word("PUT", base + "b", b"x" * 6_000).status_int == 507  # the folder's bytes
    word("PUT", base + "a", b"x" * 7_000, status=204)  # replacing frees what it replaces
    word("MKCOL", base + "d", status=201)
    word("PUT", base + "d/c", b"", status=201)
    assert word("MKCOL", base + "e").status_int == 507  # the folder's count
    assert word("COPY", base + "a", Destination=base + "f").status_int == 507
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM dav_scratch")).scalar() == 3
    # a read-only link writes nothing
    final = make_document(doc_case(engine, doc), title="Endelig", status="endelig")
    view_path, mode = open_in_word(as_role("sekretariat"), final)
    assert mode == "ofv"
    for method in ("PUT", "MKCOL", "LOCK"):
        assert word(method, folder(view_path) + "x", LOCKINFO if method == "LOCK" else b"").status_int == 403


def test_the_scratch_folder_dies_with_the_token_and_with_access(app, as_role, word, make_case, make_document, db,
                                                                engine):
    from rsi_case.cases.resources import find_case

    case = make_case(title="Fortrolig sag")
    number = make_document(case, title="Fortroligt notat")
    b = as_role("sekretariat")
    path, _mode = open_in_word(b, number)
    word("PUT", folder(path) + "kladde.tmp", b"fortrolig kladde", status=201)
    with db() as s:
        find_case(s, case).confidential = True
    for method in ("GET", "PROPFIND", "PUT", "DELETE", "MKCOL", "LOCK", "MOVE", "COPY"):
        r = word(method, folder(path) + "kladde.tmp")
        assert r.status_int == 404 and b"kladde" not in r.body, method
    with db() as s:
        find_case(s, case).confidential = False
    assert word("GET", folder(path) + "kladde.tmp", status=200).body == b"fortrolig kladde"
    # past the token's life: unreachable, and the next write anywhere removes it
    fresh, _mode = open_in_word(b, number)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE word_tokens SET expires_at = :past WHERE prefix = :p"),
                     {"past": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1), "p": path.split("/")[2][:8]})
    assert word("GET", folder(path) + "kladde.tmp").status_int == 404
    word("PUT", folder(fresh) + "ny.tmp", b"ny", status=201)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT path FROM dav_scratch")).scalars().all() == ["ny.tmp"]
