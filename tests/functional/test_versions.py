"""Versions: every save kept, compared, restorable — and no lost updates."""

import re
import threading

import pytest
import sqlalchemy as sa

from rsi_case.documents.models import DocumentVersion
from tests.conftest import Browser, count

BODY = ("<h2>Baggrund</h2><p>Regionerne har siden 2009 samarbejdet om fælles indkøb af laboratoriesystemer.</p>"
        "<h2>Mål</h2><p>Et fælles system i alle fem regioner inden 2028.</p>"
        "<ul><li>Fælles analysekoder</li><li>Én leverandør</li></ul>"
        "<h2>Økonomi</h2><p>Den samlede ramme er 120 mio. kr.</p>")


@pytest.fixture
def doc(make_case, make_document):
    return make_document(make_case(), title="Strategi for laboratorieområdet", body=BODY, kind="strategi")


def edit(b, doc, **values):
    form = b.get(f"/documents/{doc.slug}/edit").forms["deform"]
    for key, value in values.items():
        form[key] = value
    return form


def versions(engine, doc):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT v.number, v.title, v.status, v.note FROM document_versions v JOIN documents d "
            "ON d.id = v.document_id WHERE d.seq = :seq ORDER BY v.number"), {"seq": doc.seq}).all()


def test_every_save_is_a_version_with_its_full_state(as_role, doc, engine):
    b = as_role("sekretariat")
    assert [v[0] for v in versions(engine, doc)] == [1]
    edit(b, doc, title="Strategi for laboratorieområdet 2026", note="Indarbejdet kommentarer fra Region Midt",
         body=BODY.replace("120 mio. kr.", "135 mio. kr.")).submit("save", status=303)
    edit(b, doc, body=BODY.replace("120 mio. kr.", "135 mio. kr.") + "<p>Nyt afsnit om drift.</p>").submit("save", status=303)
    rows = versions(engine, doc)
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[1][1] == "Strategi for laboratorieområdet 2026" and rows[1][3] == "Indarbejdet kommentarer fra Region Midt"
    # any version can be opened as it was
    v1 = b.get(f"/documents/{doc.slug}/versions/1")
    assert "120 mio. kr." in v1.text and "135 mio. kr." not in v1.text and "Strategi for laboratorieområdet</h1>" in v1.text
    v2 = b.get(f"/documents/{doc.slug}/versions/2")
    assert "135 mio. kr." in v2.text and "Nyt afsnit om drift" not in v2.text
    b.get(f"/documents/{doc.slug}/versions/99", status=404)
    b.get(f"/documents/{doc.slug}/versions/abc", status=404)


def test_history_newest_first_with_author_note_and_summary(as_role, doc):
    b = as_role("sekretariat")
    edit(b, doc, title="Ny titel", note="Titel rettet", body=BODY + "<p>Et.</p><p>To.</p><p>Tre.</p>").submit("save", status=303)
    page = b.get(f"/documents/{doc.slug}/history")
    rows = page.html.select("table.history tbody tr")
    assert [r.select_one("td").get_text(" ", strip=True).split()[0] for r in rows] == ["2", "1"]
    newest = rows[0].get_text(" ", strip=True)
    assert "+3 afsnit" in newest and "titel ændret" in newest and "Titel rettet" in newest
    assert "Test Sekretariat" in newest
    assert "oprettet" in rows[1].get_text(" ", strip=True)
    # compare against the current version in one click
    link = rows[1].find("a", string=re.compile("Sammenlign med nuværende"))
    assert link["href"].endswith("diff?a=1&b=2")


def test_compare_marks_words_fields_and_moves(as_role, doc):
    b = as_role("sekretariat")
    moved = ("<h2>Mål</h2><p>Et fælles system i alle fem regioner inden 2028.</p>"
             "<h2>Baggrund</h2><p>Regionerne har siden 2009 samarbejdet tæt om fælles indkøb af laboratoriesystemer.</p>"
             "<ul><li>Fælles analysekoder</li><li>Én leverandør</li><li>Fælles drift</li></ul>"
             "<h2>Økonomi</h2><p>Den samlede ramme er 120 mio. kr.</p>")
    edit(b, doc, body=moved, status="endelig").submit("save", status=303)
    page = b.get(f"/documents/{doc.slug}/diff", params={"a": 1, "b": 2})
    html = page.text
    assert "<ins>tæt </ins>" in html or "<ins>tæt" in html  # word-level insertion inside the paragraph
    assert "Fælles drift" in page.html.select_one(".diff-insert").get_text()
    assert page.html.select(".diff-moved-to") and page.html.select(".diff-moved-from")
    assert "flyttet hertil" in html
    # metadata: the status field changed from draft to final
    meta = page.html.select_one("table").get_text(" ", strip=True)
    assert "Status" in meta and "kladde" in meta and "endelig" in meta
    # order of a and b does not matter; nonsense versions are 404
    assert b.get(f"/documents/{doc.slug}/diff", params={"a": 2, "b": 1}).status_int == 200
    b.get(f"/documents/{doc.slug}/diff", params={"a": "x", "b": 1}, status=404)


def test_restore_makes_a_new_version(as_role, doc, engine):
    b = as_role("sekretariat")
    edit(b, doc, body="<p>Alt er skrevet om.</p>").submit("save", status=303)
    page = b.get(f"/documents/{doc.slug}/history")
    form = [f for f in page.forms.values() if "/versions/1/restore" in (f.action or "")][0]
    form.submit(status=303)
    rows = versions(engine, doc)
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[2][3] == "Gendannet fra version 1"
    current = b.get(f"/documents/{doc.slug}")
    assert "120 mio. kr." in current.text and "Alt er skrevet om." not in current.text
    assert "Alt er skrevet om." in b.get(f"/documents/{doc.slug}/versions/2").text  # nothing overwritten


def test_two_users_editing_at_once_the_second_gets_a_conflict_and_keeps_their_text(app, users, doc, engine):
    """Both change the same sentence: the second is shown the conflict (the
    disjoint merges are in test_merge_edits.py)."""
    first = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    first.login("sekretariat")
    second = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    second.login("admin")
    form1 = edit(first, doc, body=BODY.replace("2028", "2027"), note="Tidligere frist")
    mine = BODY.replace("2028", "2030") + "<p>Min lange tilføjelse om leverandørstyring, som ikke må gå tabt.</p>"
    form2 = edit(second, doc, body=mine, title="Admins titel")
    form1.submit("save", status=303)
    r = form2.submit("save", status=409)
    assert "en anden gemte først" in r.text.lower()
    assert "Tidligere frist" in r.text  # who saved and their note
    assert "2027" in r.html.select_one(".merge-theirs").get_text()  # what the other person changed
    retry = r.forms["merge-form"]
    assert "Min lange tilføjelse om leverandørstyring" in retry["body"].value  # nothing typed is lost
    assert retry["title"].value == "Admins titel"
    assert retry["base_version"].value == "2"
    retry["choice-b0"] = "yours"
    retry.submit("save", status=303)  # resolved and saved on top of the newest
    assert [r[0] for r in versions(engine, doc)] == [1, 2, 3]


def test_twenty_parallel_saves_on_one_base_exactly_one_wins(app, users, doc, engine):
    browsers = []
    for i in range(20):
        b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
        b.login("sekretariat" if i % 2 else "admin")
        browsers.append(b)
    forms = [edit(b, doc, body=BODY + f"<p>Unik tekst nummer {i}.</p>") for i, b in enumerate(browsers)]
    results: dict[int, object] = {}
    barrier = threading.Barrier(len(forms))

    def save(i):
        barrier.wait()
        results[i] = forms[i].submit("save", expect_errors=True)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(forms))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    statuses = sorted(r.status_int for r in results.values())
    assert statuses.count(303) == 1 and statuses.count(409) == 19
    assert [v[0] for v in versions(engine, doc)] == [1, 2]
    with engine.connect() as conn:
        current = conn.execute(sa.text("SELECT body_html FROM documents WHERE seq = :s"), {"s": doc.seq}).scalar()
    for i, r in results.items():
        text = f"Unik tekst nummer {i}."
        if r.status_int == 303:
            assert text in current
        else:  # the loser still has every word of it in the conflict form
            assert text in r.forms["merge-form"]["body"].value


def test_final_means_final_and_a_new_version_is_explicit(as_role, doc, engine):
    b = as_role("sekretariat")
    edit(b, doc, status="endelig", note="Godkendt af styregruppen").submit("save", status=303)
    b.get(f"/documents/{doc.slug}/edit", status=403)
    page = b.get(f"/documents/{doc.slug}")
    assert "Ny version" in page.text
    board = as_role("styregruppe")
    assert "Ny version" not in board.get(f"/documents/{doc.slug}").text
    form = [f for f in page.forms.values() if (f.action or "").endswith("/new-version")][0]
    r = form.submit(status=303)
    assert r.location.endswith(f"/documents/{doc.slug}/edit")
    edit(b, doc, body=BODY.replace("120", "150")).submit("save", status=303)
    page = b.get(f"/documents/{doc.slug}")
    assert "ændret, siden det blev endeligt" in page.text and "version 2" in page.text
    # the board keeps reading the final version while the draft is written
    board_page = board.get(f"/documents/{doc.slug}")
    assert "120 mio. kr." in board_page.text and "150 mio. kr." not in board_page.text
    assert "Du læser den endelige version" in board_page.text
    history = board.get(f"/documents/{doc.slug}/history")
    assert "Kun de endelige versioner vises." in history.text
    board.get(f"/documents/{doc.slug}/versions/4", status=404)  # a draft version
    # who marked it final, and when
    sek_history = b.get(f"/documents/{doc.slug}/history").text
    assert "markeret endelig" in sek_history and "Godkendt af styregruppen" in sek_history
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT final_version, version, status FROM documents WHERE seq = :s"),
                            {"s": doc.seq}).one() == (2, 4, "kladde")


def test_attachments_keep_their_old_files(as_role, doc, engine):
    b = as_role("sekretariat")
    token = b.csrf_token(f"/documents/{doc.slug}")
    b.post(f"/documents/{doc.slug}/attachments", {"csrf_token": token},
           upload_files=[("file", "budget.txt", b"version et")], status=303)
    att_id = count(engine, "SELECT id FROM attachments")
    b.post(f"/documents/{doc.slug}/attachments/{att_id}", {"csrf_token": token},
           upload_files=[("file", "budget-rettet.txt", b"version to")], status=303)
    assert b.get(f"/documents/{doc.slug}/attachments/{att_id}").body == b"version to"
    assert b.get(f"/documents/{doc.slug}/attachments/{att_id}/revisions/1").body == b"version et"
    assert b.get(f"/documents/{doc.slug}/attachments/{att_id}/revisions/2").body == b"version to"
    b.get(f"/documents/{doc.slug}/attachments/{att_id}/revisions/3", status=404)
    page = b.get(f"/documents/{doc.slug}")
    assert "Versioner af filen (2)" in page.text


def test_case_metadata_keeps_a_history(as_role, make_case):
    number = make_case(title="Fælles telefoni")
    b = as_role("sekretariat")
    form = b.get(f"/cases/{number.slug}/edit").forms["deform"]
    form["title"] = "Fælles telefoni og omstilling"
    form["status"] = "lukket"
    form.get("checkbox", index=4).checked = True
    form.submit("save", status=303)
    page = b.get(f"/cases/{number.slug}/history")
    cards = page.html.select(".card")
    assert len(cards) == 2
    newest = cards[0].get_text(" ", strip=True)
    assert "Fælles telefoni og omstilling" in newest and "lukket" in newest and "Region Nordjylland" in newest
    assert "Ændret:" in newest and "Titel" in newest
    assert "Fælles telefoni" in cards[1].get_text(" ", strip=True)


def test_version_bodies_share_their_unchanged_blocks(as_role, doc, engine):
    b = as_role("sekretariat")
    before = count(engine, "SELECT COUNT(*) FROM text_blocks")
    edit(b, doc, body=BODY.replace("120 mio. kr.", "121 mio. kr.")).submit("save", status=303)
    assert count(engine, "SELECT COUNT(*) FROM text_blocks") == before + 1  # one changed paragraph, one new block
