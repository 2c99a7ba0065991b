"""Take 59-svar.png (the answer page of the demo's request for access, with a
draft waiting for approval) and 60-aktindsigtspakke.png (the first pages of
the package PDF as LibreOffice made it, rendered by pdftoppm).

    .venv/bin/python docs/screenshots/svar.py

The demo request (24/2213) gets a decision on every document: one released in
part with a passage withheld (an AccessRedaction, as the redaction screen
records it), one refused, the rest in full; the secretariat makes the draft,
another of the secretariat looks at it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

OUT = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--lang=da-DK"]
PASSWORD = "rsi-demo-adgang"


def decide_all(app) -> str:
    """Decisions on every document of the demo request; returns the request case's slug."""
    import sqlalchemy as sa

    from rsi_case.aktindsigt import services
    from rsi_case.aktindsigt.models import AccessRedaction, AccessRequest
    from rsi_case.db import get_engine
    from rsi_case.documents.sanitize import html_to_text
    from rsi_case.security.models import User
    from sqlalchemy.orm import Session

    engine = get_engine(app.registry.settings)
    with Session(engine) as db:
        access = db.execute(sa.select(AccessRequest)).scalars().first()
        user = db.execute(sa.select(User).where(User.login == "sekretariat")).scalar_one()
        docs = services.documents(db, user, access)
        entries, partly = {}, None
        for i, doc in enumerate(docs):
            words = html_to_text(doc.body_html or "").split()
            if partly is None and not doc.attachments and len(words) > 30:
                partly = doc
                entries[doc.id] = services.Entry("delvis", "p30_2", "Enhedspriser undtages.")
                passage = " ".join(words[12:16])
                db.add(AccessRedaction(request_id=access.id, document_id=doc.id, passage=passage, ground="p30_2",
                                       created_by_id=user.id))
            elif i == 2:
                entries[doc.id] = services.Entry("afslag", "p23", "Internt arbejdsdokument.")
            else:
                entries[doc.id] = services.Entry("fuld")
        services.decide(db, access, user, entries, {d.id: d for d in docs})
        slug = access.case.number.slug
        db.commit()
    return slug


def main():
    import webtest
    from playwright.sync_api import sync_playwright
    from webtest.http import StopableWSGIServer

    from _demo import demo_app

    # a mail server named (nothing is sent): the approval offers to mail the answer to the requester
    app, tmp = demo_app(extra={"rsi_case.mail.smtp_host": "127.0.0.1", "rsi_case.mail.smtp_port": "9"})
    slug = decide_all(app)
    url = f"/cases/{slug}/access-request/answer"
    # the secretariat makes the draft (a real LibreOffice run)
    b = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    login = b.get("/login").forms["login-form"]
    login["login"], login["password"] = "sekretariat", PASSWORD
    login.submit()
    page = b.get(url)
    made = page.forms["access-package-form"].submit()
    assert made.status_int == 303, made.text[:2000]
    pdf = b.get(f"/cases/{slug}/access-request/package.pdf").body
    server = StopableWSGIServer.create(app, host="127.0.0.1")
    server.wait()
    base = server.application_url.rstrip("/")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 860})
            page = context.new_page()
            page.goto(base + "/login")
            page.fill("#login", "lhj")  # another of the secretariat: the one who approves
            page.fill("#password", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / "59-svar.png"), full_page=True)
            print("wrote 59-svar.png")
            # the page with a draft to approve is a state the route sweep's world never reaches: axe it here
            from tests.browser.a11y import axe, describe

            found = axe(page)
            print("axe (WCAG 2.1 A/AA):", "\n".join(describe(found)) if found else "nothing found")
            browser.close()
    finally:
        server.shutdown()
    # the package's first pages, side by side
    from PIL import Image

    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "pakke.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", str(path), str(Path(work) / "side")],
                       check=True, timeout=120)
        pages = sorted(Path(work).glob("side-*.png"), key=lambda p: int(re.findall(r"(\d+)", p.stem)[-1]))
        images = [Image.open(p).convert("RGB") for p in pages]
        gap = 16
        width = sum(i.width for i in images) + gap * (len(images) + 1)
        height = max(i.height for i in images) + 2 * gap
        sheet = Image.new("RGB", (width, height), (200, 204, 210))
        x = gap
        for image in images:
            sheet.paste(image, (x, gap))
            x += image.width + gap
        sheet.save(OUT / "60-aktindsigtspakke.png", optimize=True)
        print("wrote 60-aktindsigtspakke.png")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
