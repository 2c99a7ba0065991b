"""Take the screenshots in docs/screenshots/ from a fresh demo database.

    .venv/bin/python docs/screenshots/take.py [NAME-PREFIX ...]

(with prefixes, e.g. ``26-``, only the shots whose file names start with one of them)

Serves the app (demo data, Danish catalog) on a free local port and drives
Debian's chromium with Playwright.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=da-DK"]

PHONE, TABLET = {"width": 390, "height": 844}, {"width": 768, "height": 1024}
SHOTS = [
    # (file, login, path, full page[, viewport: desktop 1280 × 860 unless given])
    ("01-forside-sekretariat.png", "sekretariat", "/", True),
    ("02-sagsliste.png", "sekretariat", "/cases", True),
    ("03-sag.png", "sekretariat", "/cases/09-2867", True),
    ("04-dokument.png", "sekretariat", "/documents/62947-09", True),
    ("05-dokumentformular.png", "sekretariat", "/cases/26-0211/documents/new?kind=strategi", True),
    ("06-forside-styregruppe.png", "styregruppe", "/", True),
    ("07-forside-arkivar.png", "arkivar", "/", True),
    ("08-import.png", "sekretariat", "/cases/26-0211/import", False),
    ("09-nummerserier.png", "admin", "/admin/numbers", True),
    ("10-historik.png", "sekretariat", "/documents/61590-25/history", True),
    ("11-sammenlign.png", "sekretariat", "/documents/61590-25/diff?a=1&b=4", True),
    ("12-deling-fortrolig.png", "sekretariat", "/cases/25-1877/sharing", True),
    ("13-revisionsspor.png", "arkivar", "/audit", False),
    ("14-sagslog.png", "admin", "/cases/09-2867/audit", False),
    ("15-brugerside.png", "admin", "/admin/users/1", True),
    ("16-soegning.png", "arkivar", "/search?q=f%C3%A6lles+udbud+laboratoriesystem", True),
    ("20-foelg-eller-forklar.png", "styregruppe", "/participation", True),
    ("21-regionernes-deltagelse.png", "sekretariat", "/cases/24-2213/participation", True),
    ("22-moeder.png", "sekretariat", "/meetings", True),
    ("23-moede.png", "sekretariat", "/meetings/3", True),
    ("26-handlinger.png", "styregruppe", "/actions", True),
    ("27-handlingsplan.png", "sekretariat", "/cases/24-2213/actions", False),
    ("30-beslutningsregister.png", "arkivar", "/decisions?category=indkoeb&from=2015", True),
    ("31-beslutning.png", "styregruppe", "/decisions/B-2026-017", True),
    # the board reads on tablets and phones (issue 16): below 768 px the lists are stacked rows
    ("40-telefon-sag.png", "styregruppe", "/cases/24-2213", True, PHONE),  # an open case: the board does not see archived ones
    ("41-telefon-moeder.png", "styregruppe", "/meetings", True, PHONE),
    ("42-telefon-foelg-eller-forklar.png", "styregruppe", "/participation", True, PHONE),
    ("43-tablet-sagsliste.png", "sekretariat", "/cases", False, TABLET),
    ("44-tablet-moede.png", "styregruppe", "/meetings/3", True, TABLET),
    ("45-tablet-handlinger.png", "styregruppe", "/actions", False, TABLET),
    ("46-tilgaengelighedserklaering.png", "styregruppe", "/accessibility", True),
    # signing in (issue 15): the login page with single sign-on, enrolling an authenticator app, Mine sessioner
    ("47-log-ind.png", None, "/login", False),
    ("48-totp-tilmelding.png", "sekretariat", "/account/second-factor", True),
    ("49-mine-sessioner.png", "sekretariat", "/account/sessions", True),
    ("50-api-noegler.png", "sekretariat", "/account/tokens", True),
    # mail into the case (issue 18): the two example mails filed on a case page, then the filed Outlook mail
    ("51-journaliser-mail.png", "sekretariat", "/cases/24-2213", False),
    ("52-mail-dokument.png", "sekretariat", "/cases/24-2213", True),
    ("53-parter.png", "sekretariat", "/cases/24-2213#parter", False),
    # requests for access (issue 19): the front page with the deadline, the list, the decisions
    ("54-aktindsigt-forside.png", "sekretariat", "/", False),
    ("55-aktindsigt-liste.png", "sekretariat", "/access-requests", False),
    ("56-aktindsigt-afgoerelser.png", "sekretariat", "/access-requests", True),
    ("57-aktindsigt-registrer.png", "sekretariat", "/access-requests/new", True),
    # issue 19, points 5-6: the year's report; insight for a named person (who first was searched for and read)
    ("61-aarsrapport.png", "sekretariat", "/access-requests/report", True),
    ("62-indsigt.png", "admin", "/insight", True),

    # withholding passages (issue 19, point 3): the partly released memo, two passages withheld, a third selected
    ("58-undtagelser.png", "sekretariat", "/access-requests", True),
]
# (issue 19) before the shot: another user's visits (login, path, link to follow or None), so the audit has them
BEFORE = {"62-indsigt.png": [("sekretariat", "/search?q=Jonas+Kragh", "css:main a.fs-5"),
                             ("arkivar", "/search?q=%22Jonas+Kragh%22", None)]}
# (issue 19) a form filled in and sent: {selector: value}, then the button
FILL = {"62-indsigt.png": ({"#name": "Jonas Kragh"}, "#insight-form button[type=submit]:not([formaction])")}
# a shot that first files mails on the page (the mail card's file field)
UPLOAD = {"51-journaliser-mail.png": [ROOT / "docs/eksempler/svar-fra-region-midtjylland.eml",
                                       ROOT / "docs/eksempler/svar-fra-region-hovedstaden.msg"]}
# a shot of the page a link leads to (its text, or css:SELECTOR); 52- needs 51- first (it files the mail)
FOLLOW = {"52-mail-dokument.png": "SV: Tidsplan for udbud", "56-aktindsigt-afgoerelser.png": "css:table.access-requests a",
          "58-undtagelser.png": "css:table.access-requests a"}
# a shot that needs a click first: its button
CLICK = {"48-totp-tilmelding.png": "button[name=start]"}
# the login page as a region sees it: single sign-on configured (nothing is fetched from the
# provider until the button is pressed)
SSO = {"rsi_case.oidc.issuer": "https://login.microsoftonline.com/5d3e2773-e07f-4432-a630-1a0f68a28a05/v2.0",
       "rsi_case.oidc.client_id": "rsi-sag", "rsi_case.oidc.title": "Log ind med din regions konto",
       "rsi_case.oidc.group_map": "rsi-sekretariat = sekretariat"}


def withhold(page):
    """58-: on the request's page, the partly released memo's "Undtag tekst"; two passages are
    withheld by the form, a third is selected in the text and taken by "Undtag markeret tekst"."""
    page.click("tr:has(option[value=delvis][selected]) a:has-text('Undtag tekst')")
    page.wait_for_load_state("networkidle")
    for passage, ground in (("ikke kan opsiges før tid uden betydelige omkostninger", "p30_2"),
                            ("ca. 19.000", "p33_3")):
        page.fill("#passage", passage)
        page.select_option("#ground", ground)
        page.click("#redaction-form button[name=add]")
        page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
        const cell = [...document.querySelectorAll('#redaction-source td')].find(td => td.textContent.startsWith('Regionens akuttelefoni'));
        const range = document.createRange(); range.selectNodeContents(cell);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        document.dispatchEvent(new Event('selectionchange'));
    }""")
    page.wait_for_timeout(200)
    page.click("#redaction-take")


PREPARE = {"58-undtagelser.png": withhold}


def main():
    from playwright.sync_api import sync_playwright
    from webtest.http import StopableWSGIServer

    from _demo import demo_app

    # (the demo's admin has no authenticator app: the shots of admin pages skip the second step)
    app, tmp = demo_app(extra={**SSO, "rsi_case.auth.second_factor": "off"})
    server = StopableWSGIServer.create(app, host="127.0.0.1")
    server.wait()
    base = server.application_url.rstrip("/")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, login, path, full, *viewport in SHOTS:
                if sys.argv[1:] and not name.startswith(tuple(sys.argv[1:])):
                    continue
                for who, where, follow in BEFORE.get(name, ()):
                    visit = browser.new_context(locale="da-DK")
                    other = visit.new_page()
                    other.goto(base + "/login")
                    other.fill("#login", who)
                    other.fill("#password", "rsi-demo-adgang")
                    other.click("#login-form button[type=submit]")
                    other.wait_for_load_state("networkidle")
                    other.goto(base + where)
                    if follow:
                        other.click(follow[4:])
                    other.wait_for_load_state("networkidle")
                    visit.close()
                context = browser.new_context(locale="da-DK", viewport=viewport[0] if viewport else {"width": 1280, "height": 860})
                page = context.new_page()
                if login is not None:
                    page.goto(base + "/login")
                    page.fill("#login", login)
                    page.fill("#password", "rsi-demo-adgang")
                    page.click("#login-form button[type=submit]")
                    page.wait_for_load_state("networkidle")
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if name in CLICK:
                    page.click(CLICK[name])
                    page.wait_for_load_state("networkidle")
                if name in UPLOAD:
                    page.set_input_files("#mail-files", [str(f) for f in UPLOAD[name]])
                    page.click("#journaliser button[type=submit]")
                    page.wait_for_load_state("networkidle")
                if name in FILL:
                    fields, button = FILL[name]
                    for selector, value in fields.items():
                        page.fill(selector, value)
                    page.click(button)
                    page.wait_for_load_state("networkidle")
                if name in FOLLOW:
                    target = FOLLOW[name]
                    page.click(target[4:] if target.startswith("css:") else f"a:has-text('{target}')")
                    page.wait_for_load_state("networkidle")
                if name in PREPARE:
                    PREPARE[name](page)
                if "#" in path:
                    page.locator(path.split("#", 1)[1].join(("#", ""))).scroll_into_view_if_needed()
                if "documents/new" in path:
                    page.wait_for_selector(".tox-tinymce")
                    page.fill("input[name=title]", "Fælles strategi for genomdata 2027–2030")
                page.screenshot(path=str(OUT / name), full_page=full)
                print("wrote", name)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
