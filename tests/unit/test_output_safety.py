"""Every user-supplied text is escaped where it is shown: templates may use
``structure`` (unescaped output) only for deform's rendered forms (deform
escapes every value) and for document bodies, which the nh3 allow-list
sanitised on the way in."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ALLOWED = {
    "form", "upload_form", "confirm_form", "reset_form",  # deform output
    "body",  # a document body or version body: sanitised rich text (rsi_case.documents.sanitize)
    "snippet",  # search snippets: Whoosh's HtmlFormatter escapes the text around <mark>
    "c.html()",  # a diff: stored (sanitised) blocks and escaped words (rsi_case.documents.diff)
}


def test_structure_only_on_forms_and_sanitised_rich_text():
    found = set()
    for path in TEMPLATES.rglob("*.pt"):
        if path.parent.name == "deform":
            continue  # overrides of deform's own widget templates
        for expr in re.findall(r"structure\s+([^\"']+)[\"']", path.read_text()):
            found.add(expr.strip())
            assert expr.strip() in ALLOWED, f"{path.relative_to(TEMPLATES)}: structure {expr}"
    assert found  # the scan saw the templates


@pytest.mark.parametrize("evil", ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>',
                                  "javascript:alert(1)", "{{7*7}}${7*7}"])
def test_hostile_titles_and_names_are_escaped_everywhere(as_role, make_case, make_document, evil, db, users):
    from rsi_case.security.models import User

    with db() as s:
        s.get(User, users["sekretariat"]).full_name = evil
    number = make_case(title=evil, description=evil)
    doc = make_document(number, title=evil, author_name=evil)
    b = as_role("sekretariat")
    for url in ("/", "/cases", f"/cases/{number.slug}", f"/documents/{doc.slug}", f"/documents/{doc.slug}/edit",
                f"/cases/{number.slug}/edit", "/search?q=" + evil):
        page = b.get(url)
        assert "<script>alert" not in page.text, url
        assert "<img src=x onerror" not in page.text, url
