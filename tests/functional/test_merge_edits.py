"""Two people edit one document at once: the second save is merged with the
first, block by block, against the version both started from — never a lost
update (issue 16, point 1)."""

import pytest
import sqlalchemy as sa

from tests.conftest import Browser, count

BODY = ("<h2>Baggrund</h2><p>Regionerne har siden 2009 samarbejdet om fælles indkøb af laboratoriesystemer.</p>"
        "<h2>Mål</h2><p>Et fælles system i alle fem regioner inden 2028.</p>"
        "<ul><li>Fælles analysekoder</li><li>Én leverandør</li></ul>"
        "<h2>Økonomi</h2><p>Den samlede ramme er 120 mio. kr.</p>")
THEIR_SENTENCE = "Et fælles system i alle fem regioner inden 2027."
MY_SENTENCE = "Et fælles system i alle fem regioner inden 2030."
MY_PARAGRAPH = "Min tilføjelse om leverandørstyring, som ikke må gå tabt."


@pytest.fixture
def doc(make_case, make_document):
    return make_document(make_case(), title="Strategi for laboratorieområdet", body=BODY, kind="strategi")


def browser(app, login):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(login)
    return b


@pytest.fixture
def two(app, users):
    return browser(app, "sekretariat"), browser(app, "admin")


def edit(b, doc, **values):
    form = b.get(f"/documents/{doc.slug}/edit").forms["deform"]
    for key, value in values.items():
        form[key] = value
    return form


def current(engine, doc):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version, title, body_html FROM documents WHERE seq = :s"),
                            {"s": doc.seq}).one()


def versions(engine, doc):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT v.number, v.note FROM document_versions v JOIN documents d ON d.id = v.document_id "
            "WHERE d.seq = :s ORDER BY v.number"), {"s": doc.seq}).all()


def test_edits_to_different_blocks_merge_by_themselves_and_the_user_is_told(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027"), note="Tidligere frist")
    mine = edit(second, doc, body=BODY + f"<p>{MY_PARAGRAPH}</p>", title="Strategi for laboratorieområdet 2026")
    theirs.submit("save", status=303)
    r = mine.submit("save", status=303)  # no conflict page: nothing collides
    page = r.follow()
    flash = page.html.select_one(".alert-success").get_text(" ", strip=True)
    assert "Test Sekretariat gemte version 2" in flash and "Gemt som version 3" in flash
    assert "Begge sæt ændringer er bevaret" in flash and "1 ændret sted i teksten fra Test Sekretariat og 1 ændret sted fra dig" in flash
    version, title, body = current(engine, doc)
    assert version == 3 and THEIR_SENTENCE in body and MY_PARAGRAPH in body and "2028" not in body
    assert title == "Strategi for laboratorieområdet 2026"
    assert versions(engine, doc)[-1][1] == "Flettet med version 2"
    # an ordinary new version: the history shows it and says it was merged
    history = second.get(f"/documents/{doc.slug}/history").html.select("table.history tbody tr")[0].get_text(" ", strip=True)
    assert "flettet med version 2" in history and "Flettet med version 2" in history
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'document_edit' AND outcome = 'ok' "
                         "AND CAST(detail AS TEXT) LIKE '%merged_with%'") == 1


def test_same_block_is_a_conflict_that_cannot_be_saved_until_resolved(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027"))
    mine = edit(second, doc, body=BODY.replace("2028", "2030") + f"<p>{MY_PARAGRAPH}</p>", note="Min note")
    theirs.submit("save", status=303)
    r = mine.submit("save", status=409)
    assert "en anden gemte først" in r.text.lower()
    assert "1 sted har I begge ændret det samme." in r.text
    assert "0 ændrede steder i teksten fra de andre og 1 ændret sted fra dig" in r.text  # the added paragraph
    places = r.html.select("fieldset.merge-block")
    assert len(places) == 1  # the added paragraph merged by itself; the sentence both changed did not
    assert THEIR_SENTENCE in places[0].select_one(".merge-theirs").get_text()
    assert MY_SENTENCE in places[0].select_one(".merge-yours").get_text()
    assert "2028" in places[0].select_one(".merge-base").get_text()
    form = r.forms["merge-form"]
    assert form["base_version"].value == "2" and form["merge_base"].value == "1"  # merged against 2, from 1
    assert MY_PARAGRAPH in form["body"].value  # every word typed is carried
    assert current(engine, doc)[0] == 2

    # Gem again without choosing (a draft typed in the combined text, but no choice): refused,
    # the form intact, nothing saved
    form["own-b0"] = "Mit udkast til en samlet tekst."
    refused = form.submit("save", status=400)
    assert "Vælg, hvilken tekst der skal gælde her" in refused.text
    again = refused.forms["merge-form"]
    assert again["own-b0"].value == "Mit udkast til en samlet tekst."
    assert again["base_version"].value == "2" and MY_PARAGRAPH in again["body"].value
    assert again["note"].value == "Min note"
    assert [v[0] for v in versions(engine, doc)] == [1, 2]
    assert THEIR_SENTENCE in current(engine, doc)[2]  # their sentence is still there

    # a combined text resolves it
    again["choice-b0"] = "own"
    again["own-b0"] = "Et fælles system i alle fem regioner inden 2027, senest 2030."
    r = again.submit("save", status=303)
    version, _title, body = current(engine, doc)
    assert version == 3 and "inden 2027, senest 2030." in body and MY_PARAGRAPH in body
    assert "2028" not in body and THEIR_SENTENCE not in body
    assert versions(engine, doc)[-1][1] == "Min note · Flettet med version 2"
    assert "Dokumentet blev gemt som version 3: dit 1 valg og alt det øvrige er flettet med version 2" in r.follow().text


@pytest.mark.parametrize("choice, expected, gone", [("theirs", THEIR_SENTENCE, MY_SENTENCE),
                                                    ("yours", MY_SENTENCE, THEIR_SENTENCE)])
def test_picking_a_side_keeps_that_side_and_the_rest_of_both(two, doc, engine, choice, expected, gone):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027").replace("120 mio", "150 mio"))
    mine = edit(second, doc, body=BODY.replace("2028", "2030") + f"<p>{MY_PARAGRAPH}</p>")
    theirs.submit("save", status=303)
    form = mine.submit("save", status=409).forms["merge-form"]
    form["choice-b0"] = choice
    form.submit("save", status=303)
    body = current(engine, doc)[2]
    assert expected in body and gone not in body and "150 mio" in body and MY_PARAGRAPH in body


def test_deleting_a_paragraph_the_other_edited_is_a_conflict(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("<p>Den samlede ramme er 120 mio. kr.</p>", ""))
    mine = edit(second, doc, body=BODY.replace("120 mio", "135 mio"))
    theirs.submit("save", status=303)
    r = mine.submit("save", status=409)
    place = r.html.select_one("fieldset.merge-block")
    assert "135 mio" in place.select_one(".merge-yours").get_text() and "fjernet" in place.select_one(".merge-theirs").get_text()


def test_a_third_save_during_resolution_is_detected_again(app, two, doc, engine):
    first, second = two
    edit(first, doc, body=BODY.replace("2028", "2027")).submit("save", status=303)
    mine = edit(second, doc, body=BODY.replace("2028", "2030"))
    # the second's edit started from version 1 too: its form is older than version 2
    mine["base_version"] = "1"
    form = mine.submit("save", status=409).forms["merge-form"]
    # while the second resolves, the first saves again: the same sentence, and the budget
    edit(first, doc, body=BODY.replace("2028", "2026").replace("120 mio", "150 mio")).submit("save", status=303)
    form["choice-b0"] = "yours"
    r = form.submit("save", status=409)  # not saved on top of version 3: merged again, against it
    assert [v[0] for v in versions(engine, doc)] == [1, 2, 3]
    again = r.forms["merge-form"]
    assert again["base_version"].value == "3" and again["merge_base"].value == "2"
    place = r.html.select_one("fieldset.merge-block")
    assert "2026" in place.select_one(".merge-theirs").get_text() and "2030" in place.select_one(".merge-yours").get_text()
    assert "2027" in place.select_one(".merge-base").get_text()
    again["choice-b0"] = "yours"
    again.submit("save", status=303)
    version, _t, body = current(engine, doc)
    assert version == 4 and MY_SENTENCE in body and "150 mio" in body  # the third save's budget is kept


def test_a_third_save_elsewhere_during_resolution_merges_by_itself(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027"))
    mine = edit(second, doc, body=BODY.replace("2028", "2030"))
    theirs.submit("save", status=303)
    form = mine.submit("save", status=409).forms["merge-form"]
    edit(first, doc, body=BODY.replace("2028", "2027").replace("120 mio", "150 mio")).submit("save", status=303)
    form["choice-b0"] = "yours"
    r = form.submit("save", status=303)
    assert "gemte version 3" in r.follow().text
    version, _t, body = current(engine, doc)
    assert version == 4 and MY_SENTENCE in body and "150 mio" in body


def test_fields_same_rule_and_an_own_title(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, title="Deres titel", doc_date="01-02-2026")
    mine = edit(second, doc, title="Min titel", author_phone="70 10 20 30")
    theirs.submit("save", status=303)
    r = mine.submit("save", status=409)
    assert [f.select_one("legend").get_text(" ", strip=True) for f in r.html.select("fieldset.merge-field")] == ["Felt: Titel"]
    form = r.forms["merge-form"]
    form["choice-f-title"] = "own"
    form["own-f-title"] = ""
    refused = form.submit("save", status=400)  # an own title must be a title
    assert "Giv dokumentet en titel." in refused.text
    form = refused.forms["merge-form"]
    form["own-f-title"] = "Fælles titel"
    form.submit("save", status=303)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT title, doc_date, author_phone FROM documents WHERE seq = :s"),
                           {"s": doc.seq}).one()
    assert row[0] == "Fælles titel" and str(row[1]) == "2026-02-01" and row[2] == "70 10 20 30"


def test_identical_edits_are_no_conflict(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027"))
    mine = edit(second, doc, body=BODY.replace("2028", "2027"))
    theirs.submit("save", status=303)
    mine.submit("save", status=303)
    assert THEIR_SENTENCE in current(engine, doc)[2]


def test_bad_versions_and_missing_token_never_save_and_never_500(two, doc, engine):
    first, second = two
    theirs = edit(first, doc, body=BODY.replace("2028", "2027"))
    mine = edit(second, doc, body=BODY.replace("2028", "2030"))
    theirs.submit("save", status=303)
    form = mine.submit("save", status=409).forms["merge-form"]
    for merge_base, against in (("999", "2"), ("1", "999"), ("2", "2"), ("0", "2")):
        form["merge_base"], form["base_version"] = merge_base, against
        r = form.submit("save", status=400)
        assert MY_SENTENCE in r.forms["merge-form"]["body"].value  # the user's text, carried on
        assert "Konflikt" in r.text
    form["merge_base"], form["base_version"] = "abc", "2"
    r = form.submit("save", expect_errors=True)
    assert r.status_int < 500 and MY_SENTENCE in r.text
    form["merge_base"] = "1"
    form["choice-b0"] = "yours"
    form["csrf_token"] = "forkert"
    assert form.submit("save", expect_errors=True).status_int in (400, 403)
    assert [v[0] for v in versions(engine, doc)] == [1, 2]
    assert THEIR_SENTENCE in current(engine, doc)[2]
