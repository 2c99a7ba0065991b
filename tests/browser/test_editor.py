import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_write_a_memo_in_the_danish_editor_without_any_outside_asset(page, make_case):
    number = make_case(title="Fælles sikker mail")
    login(page)
    page.goto(f"{page.base}/cases/{number.slug}/documents/new?kind=notat")
    page.wait_for_selector(".tox-tinymce")  # TinyMCE started (from a data attribute, no inline script)
    # the editor speaks Danish
    assert page.locator("button[aria-label='Fed']").count() == 1
    page.fill("input[name=title]", "Notat om sikker mail")
    frame = page.frame_locator(".tox-edit-area iframe")
    body = frame.locator("body")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("Regionerne tilslutter sig den fælles løsning.")
    page.click("button[name=save]")
    page.wait_for_url("**/documents/*")
    text = page.inner_text("article.memo")
    assert "Notat om sikker mail" in text
    assert "Regionerne tilslutter sig den fælles løsning." in text
    assert "NOTAT" in text
    # every asset came from this server: no CDN
    outside = [u for u in page.requests_seen if not u.startswith(page.base) and not u.startswith("data:")]
    assert outside == []
    assert page.console_errors == []


def test_leaving_a_form_with_unsaved_text_asks_first(page, make_case):
    number = make_case()
    login(page)
    page.goto(f"{page.base}/cases/{number.slug}/edit")
    page.fill("input[name=title]", "Ændret titel")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    from playwright.sync_api import Error

    with pytest.raises(Error):  # the user chose to stay: navigation aborted
        page.goto(page.base + "/cases")
    assert dialogs == ["beforeunload"]
    assert page.input_value("input[name=title]") == "Ændret titel"
