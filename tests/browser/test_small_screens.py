"""The board reads on tablets and phones: the lists are read at 390 × 844 (a
phone) and 768 × 1024 (a tablet held upright) with the demo's real titles.

Below 768 px a table's rows become stacked blocks (static/css/app.css): the
number (or date), the status and the title first, every other cell with its
column's name in front. On every list nothing scrolls sideways — not the page,
not a table, not a table's scroll box — no cell is hidden, and no title is cut.
Screenshots of each page go to the test's temporary folder (``--basetemp`` to
keep them)."""

from __future__ import annotations

import pytest

from rsi_case.demo import content
from tests.browser.a11y import too_wide

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENS = {"phone": (390, 844), "tablet": (768, 1024)}
# (name, path, the list's table) — the lists of the issue, with the demo's long titles
LISTS = [
    ("case-list", "/cases", "table.table-cases"),
    ("case-documents", "/cases/09-2867", "table.aktliste"),
    ("meetings", "/meetings", "main table.table"),
    ("register", "/decisions", "table.decisions"),
    ("actions", "/actions", "table.actions-overview"),
    ("case-actions", "/cases/24-2213/actions", "table.actions-table"),
    ("follow-or-explain", "/participation", "table.participation-matrix"),
]

# every body cell with content has a box on screen, and no cell's own content is cut
CELLS_JS = r"""
table => {
  const problems = [];
  table.querySelectorAll("tbody > tr > *").forEach(cell => {
    const text = cell.innerText.trim();
    const r = cell.getBoundingClientRect();
    if (text && (r.width === 0 || r.height === 0 || getComputedStyle(cell).visibility === "hidden")) {
      problems.push("hidden: " + text.slice(0, 40));
    } else if (cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).overflowX !== "visible") {
      problems.push("cut: " + text.slice(0, 40));
    } else if (r.right > document.documentElement.clientWidth + 1) {
      problems.push(`beyond the screen (${Math.round(r.right)} px): ` + text.slice(0, 40));
    }
  });
  return problems;
}
"""

# on a phone: each row a block, its key cell, status and title before the rest
ORDER_JS = r"""
table => {
  const problems = [];
  table.querySelectorAll("tbody > tr").forEach(tr => {
    if (getComputedStyle(tr).display !== "flex") { problems.push("a row is not stacked"); return; }
    const cells = Array.from(tr.children).filter(c => c.innerText.trim());
    const top = c => c.getBoundingClientRect().top;
    const title = tr.querySelector(".cell-title");
    if (!title) { problems.push("no title cell: " + tr.innerText.slice(0, 40)); return; }
    cells.filter(c => !c.matches(".cell-key, .cell-status, .cell-title, :first-child")).forEach(c => {
      if (top(c) < top(title)) { problems.push("before the title: " + c.innerText.trim().slice(0, 40)); }
    });
  });
  return problems;
}
"""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_lists_fit_a_phone_and_a_tablet(demo_server, chromium, screen, tmp_path):
    width, height = SCREENS[screen]
    context = chromium.new_context(locale="da-DK", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(demo_server + "/login")
    page.fill("#login", "sekretariat")
    page.fill("#password", content.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login" not in u)
    problems = []
    for name, path, selector in LISTS:
        page.goto(demo_server + path)
        page.screenshot(path=str(tmp_path / f"{screen}-{name}.png"), full_page=True)
        table = page.locator(selector).first
        assert table.count() and table.locator("tbody > tr").count() >= 2, f"{path}: no rows to look at"
        problems += [f"{screen} {path}: {p}" for p in too_wide(page)]
        problems += [f"{screen} {path}: {p}" for p in table.evaluate(CELLS_JS)]
        if width < 768:
            problems += [f"{screen} {path}: {p}" for p in table.evaluate(ORDER_JS)]
    context.close()
    assert not problems, "\n".join(problems)
