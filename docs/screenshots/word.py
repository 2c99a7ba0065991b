"""Render the Word exports of the demo data to PNG: what a board member sees.

    .venv/bin/python docs/screenshots/word.py [NAME-PREFIX ...]

(with prefixes, e.g. ``25-``, only the exports whose names start with one of them)

Loads the demo into a fresh database, fetches a memo, a case file, a
redline, a meeting pack and its addendum, and minutes made from a meeting's
decisions through the application (as the secretariat), converts each with
LibreOffice to PDF and renders pages with pdftoppm into docs/screenshots/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).resolve().parent
EXPORTS = [
    # (name, url, pages to render)
    ("17-word-notat", "/documents/62947-09/export.docx", [1]),
    ("18-word-sagsakter", "/cases/09-2867/export.docx", [1, 2, 3]),
    ("19-word-aendringer", "/documents/61590-25/redline.docx?a=1&b=4", [1, 3]),
    ("24-word-moedemappe", "/meetings/3/pack.docx", [1, 2]),
    ("24-word-moedemappe-tillaeg", "/meetings/4/sendings/5.docx", [1, 2]),
    # (a fourth value: who fetches it; the secretariat when not given)
    ("25-word-statusrapport", "/actions/statusrapport.docx", [1, 2], "styregruppe"),
    # the minutes of the September meeting, made from the meeting and its decisions (PREPARE)
    ("29-word-referat", "/documents/49320-26/export.docx", [1, 2]),
]
# what the secretariat does first: make the September meeting's minutes from its decisions
PREPARE = [("/meetings/4", {"minutes": "1"})]


def main():
    import webtest

    from _demo import demo_app

    app, tmp = demo_app(search_mode="off")
    browsers = {}

    def browser(login):
        if login not in browsers:
            b = browsers[login] = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
            form = b.get("/login").forms[0]
            form["login"], form["password"] = login, "rsi-demo-adgang"
            form.submit(status=303)
        return browsers[login]

    for url, fields in PREPARE:
        token = browser("sekretariat").get(url).html.select_one("input[name=csrf_token]")["value"]
        browser("sekretariat").post(url, {"csrf_token": token, **fields}, status=303)
    try:
        for name, url, pages, *who in EXPORTS:
            if sys.argv[1:] and not name.startswith(tuple(sys.argv[1:])):
                continue
            docx = tmp / f"{name}.docx"
            docx.write_bytes(browser(who[0] if who else "sekretariat").get(url).body)
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp / 'lo'}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(tmp), str(docx)], check=True, capture_output=True, timeout=300)
            for page in pages:
                target = OUT / (f"{name}.png" if len(pages) == 1 else f"{name}-{page}.png")
                subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                                str(tmp / f"{name}.pdf"), str(target.with_suffix(""))], check=True)
                print("wrote", target.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
