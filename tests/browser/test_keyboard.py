"""Keyboard only: the archivist's journey — log in, find a past decision in
one query, open it — with Tab, Shift+Tab and Enter, no mouse. After every key
the element with the focus shows a ring of 2 px or more at 3:1 or more
against what is behind it (WCAG 2.4.7 and 1.4.11; tests/browser/a11y.py
measures it), and the first Tab on a page reaches the skip link."""

from __future__ import annotations

import pytest

from rsi_case.demo import content
from tests.browser.a11y import focus_indicator

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Keyboard:
    def __init__(self, page):
        self.page, self.seen, self.problems = page, [], []

    def press(self, key):
        self.page.keyboard.press(key)
        self.check(key)

    def follow(self, key="Enter"):
        """A key that loads the next page: the focus is checked once it is there."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state()
        self.check(f"{key} (new page)")

    def check(self, key=""):
        focus = focus_indicator(self.page)
        if focus is None:
            return None
        self.seen.append(focus["tag"])
        if not focus["ok"]:
            self.problems.append(f"{self.page.url} after {key}: {focus['tag']} {focus['text']!r}: {focus['why']}")
        return focus

    def tab_to(self, test, limit=60, key="Tab"):
        """Tab until the focused element passes ``test`` (a JS predicate on document.activeElement)."""
        for _ in range(limit):
            self.press(key)
            if self.page.evaluate(f"() => ({test})(document.activeElement)"):
                return
        raise AssertionError(f"{limit} × {key} on {self.page.url} never reached {test}: {self.seen[-limit:]}")


def test_the_archivist_finds_a_decision_with_the_keyboard_alone(demo_server, chromium):
    context = chromium.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    keys = Keyboard(page)
    page.goto(demo_server + "/login")
    keys.tab_to("el => el.id === 'login'")
    page.keyboard.type("arkivar")
    keys.press("Tab")
    page.keyboard.type(content.PASSWORD)
    keys.follow("Enter")

    # the home page: the first Tab is the skip link, visible; Enter moves on to the content
    keys.press("Tab")
    skip = page.evaluate("() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                         " return {cls: e.className, w: r.width, h: r.height}; }")
    assert "skip-link" in skip["cls"] and skip["w"] > 20 and skip["h"] > 10, skip
    # through the dark menu to the search field (the menu's links show a yellow ring)
    keys.tab_to("el => el.name === 'q'")
    page.keyboard.type("fælles udbud laboratoriesystem")
    keys.follow("Enter")
    assert "/search" in page.url
    # past the menu with the skip link, then to the first hit (a document or a decision), and open it
    keys.tab_to("el => el.classList.contains('skip-link')", limit=1)  # the first Tab on the new page
    keys.press("Enter")
    keys.tab_to("el => el.tagName === 'A' && el.closest('main') && /\\/(documents|decisions)\\//.test(el.href)", limit=120)
    target = page.evaluate("() => document.activeElement.href")
    keys.follow("Enter")
    assert page.url == target
    # and back up the page with Shift+Tab: the ring stays visible
    for _ in range(6):
        keys.press("Shift+Tab")
    context.close()
    assert len(keys.seen) >= 15, keys.seen
    assert not keys.problems, "\n".join(keys.problems)


def test_a_board_member_opens_a_meeting_and_its_pack_with_the_keyboard(demo_server, chromium):
    context = chromium.new_context(locale="da-DK", viewport={"width": 768, "height": 1024})  # a tablet
    page = context.new_page()
    keys = Keyboard(page)
    page.goto(demo_server + "/login")
    page.focus("#login")
    page.keyboard.type("styregruppe")
    keys.press("Tab")
    page.keyboard.type(content.PASSWORD)
    keys.follow("Enter")
    # on a tablet the menu is folded: its button opens it with Enter
    keys.tab_to("el => el.classList.contains('navbar-toggler')")
    keys.press("Enter")
    page.wait_for_selector(".navbar-collapse.show")
    keys.tab_to("el => el.classList.contains('nav-link') && /\\/meetings$/.test(el.href)")
    keys.follow("Enter")
    keys.tab_to("el => el.closest('main') && /\\/meetings\\/[0-9]+$/.test(el.href || '')")
    keys.follow("Enter")
    # the meeting pack in Word is a link reached by Tab
    keys.tab_to("el => /pack\\.docx/.test(el.href || '')")
    context.close()
    assert not keys.problems, "\n".join(keys.problems)
