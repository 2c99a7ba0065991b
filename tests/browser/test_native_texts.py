"""What the browser itself says and does on our forms: its validation
messages and its file chooser speak the browser's language, so they are
replaced by Danish ones; and the focus lands where the user starts typing,
not on a select halfway down (deform wrote ``autofocus="False"``, which in
HTML still means autofocus)."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    return page.evaluate("() => { const e = document.activeElement;"
                         " return {tag: e.tagName, name: e.getAttribute('name') || ''}; }")


def test_a_form_page_starts_on_its_first_field_and_speaks_danish(page, make_case):
    number = make_case()
    login(page)
    page.goto(page.base + "/cases/new")
    assert focused(page) == {"tag": "INPUT", "name": "title"}
    # one autofocus at most: any autofocus attribute, also "False", takes the focus
    assert page.locator("[autofocus]").count() == 1
    # the browser's own check of a required field, in Danish
    page.click("button[name=save]")
    assert page.url.endswith("/cases/new")  # the browser stopped the submit
    assert page.evaluate("() => document.querySelector('input[name=title]').validationMessage") == "Udfyld dette felt."
    page.fill("input[name=title]", "Fælles sikker mail")  # typing clears the message
    assert page.evaluate("() => document.querySelector('input[name=title]').validationMessage") == ""

    page.goto(f"{page.base}/cases/{number.slug}/documents/new?kind=notat")
    page.wait_for_selector(".tox-tinymce")
    assert focused(page) == {"tag": "INPUT", "name": "title"}  # not Dokumenttype or Kategori
    assert page.locator("[autofocus]").count() == 1


def test_a_page_with_a_form_at_its_foot_does_not_jump_to_it(page, make_case):
    number = make_case()
    login(page)
    page.goto(f"{page.base}/cases/{number.slug}/edit")  # a form on a page of its own, but an edit: no jump
    assert focused(page)["tag"] == "BODY"
    assert page.locator("[autofocus]").count() == 0


def test_the_file_chooser_is_danish_and_keeps_the_keyboard(page, make_case, make_document):
    number = make_case()
    doc = make_document(number)
    login(page)
    page.goto(f"{page.base}/documents/{doc.slug}")
    chooser = page.locator("#upload-form")
    assert chooser.locator("label[for=vedhaeft]").inner_text().strip() == "Vælg filer"
    assert chooser.locator("#vedhaeft-names").inner_text().strip() == "Ingen filer valgt"
    # the native input is hidden from sight, not from the keyboard: Tab reaches it, its label shows the ring
    page.focus("#vedhaeft")
    outline = page.evaluate("() => getComputedStyle(document.querySelector('label[for=vedhaeft]')).outlineStyle")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "vedhaeft"
    assert outline == "solid"
    # sending without a file: the browser stops it, in Danish, where the user is looking
    chooser.locator("button[type=submit]").click()
    assert page.evaluate("() => document.getElementById('vedhaeft').validationMessage") == "Vælg en fil."
    page.set_input_files("#vedhaeft", files=[{"name": "budget.txt", "mimeType": "text/plain", "buffer": b"1 2 3"}])
    assert chooser.locator("#vedhaeft-names").inner_text().strip() == "budget.txt"
