"""Issue 16, point 3: "Ny version" says what it did, and an unchanged new
draft can be discarded by the one who started it — leaving no empty draft
in the history; a changed draft, or someone else's, is kept."""

import sqlalchemy as sa

from tests.conftest import count

BODY = "<h2>Baggrund</h2><p>Den samlede ramme er 120 mio. kr.</p>"


def versions(engine, doc):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(
            "SELECT v.number, v.status FROM document_versions v JOIN documents d ON d.id = v.document_id "
            "WHERE d.seq = :seq AND d.year = :year ORDER BY v.number"), {"seq": doc.seq, "year": doc.year}).all()]


def state(engine, doc):
    with engine.connect() as conn:
        return tuple(conn.execute(sa.text(
            "SELECT version, final_version, status, body_html FROM documents WHERE seq = :seq AND year = :year"),
            {"seq": doc.seq, "year": doc.year}).one())


def flash(page) -> str:
    return " ".join(a.get_text(" ", strip=True) for a in page.html.select(".alert-success, .alert-danger"))


def make_final(b, doc):
    form = b.get(f"/documents/{doc.slug}/edit").forms["deform"]
    form["status"] = "endelig"
    form.submit("save", status=303)


def press_new_version(b, doc):
    page = b.get(f"/documents/{doc.slug}")
    form = [f for f in page.forms.values() if (f.action or "").endswith("/new-version")][0]
    r = form.submit(status=303)
    assert r.location.endswith(f"/documents/{doc.slug}/edit")
    return r.follow()


def test_new_version_says_what_happened_and_an_unchanged_draft_is_discarded(as_role, make_case, make_document,
                                                                            engine):
    doc = make_document(make_case(), title="Strategi for laboratorieområdet", body=BODY, kind="strategi")
    sek = as_role("sekretariat")
    make_final(sek, doc)
    assert versions(engine, doc) == [(1, "kladde"), (2, "endelig")]
    final_state = state(engine, doc)
    form_page = press_new_version(sek, doc)
    notice = form_page.html.select_one("#new-draft").get_text(" ", strip=True)
    assert notice.startswith("Du har startet version 3 som en ny kladde af den endelige version 2. "
                             "Styregruppen læser fortsat version 2, indtil kladden markeres som endelig.")
    assert "kassér kladden" in notice and "Kassér den nye kladde" in notice
    assert versions(engine, doc)[-1] == (3, "kladde")
    # someone else (who may edit too) is told whose draft it is, and may not discard it
    admin = as_role("admin")
    other = admin.get(f"/documents/{doc.slug}/edit")
    assert other.html.select_one("#new-draft").get_text(" ", strip=True).startswith(
        "Test Sekretariat har startet version 3 som en ny kladde")
    assert "discard-draft-form" not in other.forms
    token = admin.csrf_token(f"/documents/{doc.slug}/edit")
    r = admin.post(f"/documents/{doc.slug}/edit", {"csrf_token": token, "discard_draft": "1", "base_version": "3"},
                   status=303)
    assert flash(r.follow()) == "Kun den, der startede den nye kladde, kan kassere den."
    assert versions(engine, doc)[-1] == (3, "kladde")
    # the board may not edit, so may not discard; no token, no discard
    board = as_role("styregruppe")
    board.post(f"/documents/{doc.slug}/edit", {"csrf_token": board.csrf_token(f"/documents/{doc.slug}"),
                                               "discard_draft": "1", "base_version": "3"}, status=403)
    sek.post(f"/documents/{doc.slug}/edit", {"discard_draft": "1", "base_version": "3"}, status=400)
    assert versions(engine, doc)[-1] == (3, "kladde")
    # its author discards it: the final version is the document again, and the history has no empty draft
    r = form_page.forms["discard-draft-form"].submit("discard_draft", status=303)
    assert r.location.endswith(f"/documents/{doc.slug}")
    page = r.follow()
    assert flash(page) == "Den nye kladde (version 3) blev kasseret: version 2, den endelige, er igen dokumentet."
    assert versions(engine, doc) == [(1, "kladde"), (2, "endelig")]
    assert state(engine, doc) == final_state
    history = sek.get(f"/documents/{doc.slug}/history")
    assert "Ny kladde efter" not in history.text
    assert "Ny version" in page.text  # final again: a new version may be started again
    sek.get(f"/documents/{doc.slug}/edit", status=403)
    with engine.connect() as conn:
        details = [d for (d,) in conn.execute(sa.text(
            "SELECT CAST(detail AS TEXT) FROM audit_log WHERE action = 'document_edit' ORDER BY id")).all()]
    assert any("discarded_draft" in (d or "") for d in details)
    assert any("discard_draft" in (d or "") and "others" in (d or "") for d in details)


def test_a_changed_draft_is_not_discarded(as_role, make_case, make_document, engine):
    doc = make_document(make_case(), title="Handlingsplan 2026", body=BODY, kind="notat")
    sek = as_role("sekretariat")
    make_final(sek, doc)
    form_page = press_new_version(sek, doc)
    stale = form_page.forms["discard-draft-form"]
    # the text changed (a save is a new version): the notice and the button are gone, a stale button refuses
    form = sek.get(f"/documents/{doc.slug}/edit").forms["deform"]
    form["body"] = BODY.replace("120", "150")
    form.submit("save", status=303)
    assert "new-draft" not in sek.get(f"/documents/{doc.slug}/edit").text
    r = stale.submit("discard_draft", status=303)
    assert flash(r.follow()).startswith("Den nye kladde er blevet ændret, så den blev ikke kasseret")
    assert versions(engine, doc) == [(1, "kladde"), (2, "endelig"), (3, "kladde"), (4, "kladde")]
    assert "150 mio. kr." in state(engine, doc)[3]


def test_a_draft_with_a_new_file_is_not_discarded(as_role, make_case, make_document, engine):
    doc = make_document(make_case(), title="Notat om telefoni", body=BODY, kind="notat")
    sek = as_role("sekretariat")
    make_final(sek, doc)
    form_page = press_new_version(sek, doc)
    sek.post(f"/documents/{doc.slug}/attachments", {"csrf_token": sek.csrf_token(f"/documents/{doc.slug}")},
             upload_files=[("file", "budget.txt", b"ny fil")], status=303)
    r = form_page.forms["discard-draft-form"].submit("discard_draft", status=303)
    assert "Den nye kladde er blevet ændret, så den blev ikke kasseret" in flash(r.follow())
    assert versions(engine, doc)[-1] == (3, "kladde") and count(engine, "SELECT COUNT(*) FROM attachments") == 1
