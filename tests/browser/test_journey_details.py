"""Small things that tripped the journeys (issue 16, point 4): making a
document final asks first, and the Word import's preview can be left with
Annullér without creating anything."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_making_a_document_final_asks_first(page, make_case, make_document):
    number = make_case()
    doc = make_document(number, title="Notat om tidsplan", status="kladde")
    login(page)
    page.goto(f"{page.base}/documents/{doc.slug}/edit")
    page.wait_for_selector(".tox-tinymce")
    asked, answer = [], {"confirm": False}

    def on_dialog(d):
        if d.type == "beforeunload":  # leaving the form with changes: yes, leave
            d.accept()
            return
        asked.append(d.message)
        d.accept() if answer["confirm"] else d.dismiss()

    page.on("dialog", on_dialog)
    # the user changes their mind: nothing is saved, the form stays as typed
    page.select_option("select[name=status]", "endelig")
    page.click("button[name=save]")
    assert asked and asked[0].startswith("Gør dokumentet endeligt?")
    assert page.url.endswith("/edit")
    assert page.input_value("select[name=status]") == "endelig"
    page.goto(f"{page.base}/documents/{doc.slug}")
    assert page.locator(".status-badge.status-kladde").count() >= 1

    # saving a draft as a draft asks nothing
    page.goto(f"{page.base}/documents/{doc.slug}/edit")
    page.wait_for_selector(".tox-tinymce")
    page.fill("input[name=title]", "Notat om tidsplan (rettet)")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert len(asked) == 1

    # confirmed: the document is final
    page.goto(f"{page.base}/documents/{doc.slug}/edit")
    page.wait_for_selector(".tox-tinymce")
    answer["confirm"] = True
    page.select_option("select[name=status]", "endelig")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert len(asked) == 2
    page.goto(f"{page.base}/documents/{doc.slug}")
    assert page.locator(".status-badge.status-endelig").count() >= 1
