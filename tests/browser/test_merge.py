"""Two browsers edit one document at once (issue 16, point 1): what each
types in the editor survives — merged by itself where they wrote in
different places, resolved on the conflict page where they wrote in the same
paragraph — and the conflict page passes axe."""

import pytest

from tests.browser.a11y import BLOCKING, axe, describe
from tests.browser.test_every_page import open_page, ready

pytestmark = pytest.mark.browser

BODY = ("<h2>Baggrund</h2><p>Regionerne har siden 2009 samarbejdet om fælles indkøb.</p>"
        "<h2>Mål</h2><p>Et fælles system i alle fem regioner inden 2028.</p>"
        "<h2>Økonomi</h2><p>Den samlede ramme er 120 mio. kr.</p>")


def type_after(page, paragraph_text, words):
    """Click at the end of the paragraph that reads ``paragraph_text`` in the editor, and type."""
    frame = page.frame_locator(".tox-edit-area iframe")
    frame.locator("p", has_text=paragraph_text).click()
    page.keyboard.press("End")
    page.keyboard.type(words)


def open_editor(page, base, slug):
    page.goto(f"{base}/documents/{slug}/edit")
    ready(page)


def save(page):
    with page.expect_navigation() as nav:
        page.click("button[name=save]")
    return nav.value


def blocking(page):
    return [v for v in axe(page) if v["impact"] in BLOCKING]


def test_two_browsers_edit_one_document_and_nothing_is_lost(server, chromium, make_case, make_document):
    doc = make_document(make_case(), title="Strategi for laboratorieområdet", body=BODY, kind="strategi")
    one = open_page(chromium, server, "sekretariat")
    two = open_page(chromium, server, "admin")

    # different paragraphs: the second save merges by itself, and says so
    open_editor(one, server, doc.slug)
    open_editor(two, server, doc.slug)
    type_after(one, "120 mio. kr.", " Hertil 5 mio. kr. til drift.")
    type_after(two, "fælles indkøb.", " Tilføjet i den anden browser.")
    assert save(one).status == 200
    response = save(two)
    assert response.status == 200 and f"/documents/{doc.slug}" in two.url and "/edit" not in two.url
    assert "Begge sæt ændringer er bevaret" in two.inner_text(".alert-success")
    memo = two.inner_text("article.memo")
    assert "Hertil 5 mio. kr. til drift." in memo and "Tilføjet i den anden browser." in memo

    # the same paragraph: the conflict page, side by side, accessible
    open_editor(one, server, doc.slug)
    open_editor(two, server, doc.slug)
    type_after(one, "inden 2028.", " Første browsers tilføjelse.")
    type_after(two, "inden 2028.", " Anden browsers tilføjelse.")
    save(one)
    response = save(two)
    assert response.status == 409
    place = two.locator("fieldset.merge-block")
    assert place.count() == 1
    assert "Første browsers tilføjelse." in place.locator(".merge-theirs").inner_text()
    assert "Anden browsers tilføjelse." in place.locator(".merge-yours").inner_text()
    found = blocking(two)
    assert not found, "\n".join(describe(found))

    # Gem without choosing: refused, nothing lost, the errors accessible too
    response = save(two)
    assert response.status == 400
    assert "Vælg, hvilken tekst der skal gælde her" in two.inner_text(".merge-errors")
    found = blocking(two)
    assert not found, "\n".join(describe(found))

    # a combined text, then saved: both browsers' words, and the first merge's too
    two.get_by_label("Skriv en samlet tekst:").check()
    two.fill("textarea[name=own-b0]", "Et fælles system i alle fem regioner inden 2028. Første og anden browsers tilføjelse.")
    response = save(two)
    assert response.status == 200 and "/edit" not in two.url
    memo = two.inner_text("article.memo")
    assert "Første og anden browsers tilføjelse." in memo
    assert "Hertil 5 mio. kr. til drift." in memo and "Tilføjet i den anden browser." in memo
    # the first browser sees it too
    one.goto(f"{server}/documents/{doc.slug}")
    assert "Første og anden browsers tilføjelse." in one.inner_text("article.memo")
    # nothing in the console but chromium's note of the two answers meant to be 409 and 400 (no CSP report)
    expected = {"Failed to load resource: the server responded with a status of 409 (Conflict)",
                "Failed to load resource: the server responded with a status of 400 (Bad Request)"}
    assert one.console_errors == [] and sorted(two.console_errors) == sorted(expected)
    one.context.close()
    two.context.close()
