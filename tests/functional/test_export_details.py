"""Issue 16, point 8 through the app: a download name cut at a word with its
Danish letters safe, and one word — "Sagsbehandler" — for who wrote a
document, on the page, in the form, in search and in Word."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tests.office import read_back

LONG = ("Beslutningsoplæg om den fælles strategi for sundheds-it i regionerne 2026–2030 med handlingsplan, "
        "økonomisk ramme og tidsplan")


def test_a_long_title_gives_a_file_name_cut_at_a_word(as_role, make_case, make_document):
    doc = make_document(make_case(), title=LONG, status="endelig")
    r = as_role("sekretariat").get(f"/documents/{doc.slug}/export.docx")
    header = r.headers["Content-Disposition"]
    name = unquote(header.split("filename*=UTF-8''", 1)[1])
    assert name.endswith(".docx") and name.startswith(f"{doc.slug} Beslutningsoplæg om den fælles")
    title_part = name[len(doc.slug) + 1: -len(".docx")]
    assert LONG.startswith(title_part) and LONG[len(title_part)] == " "  # a whole word last
    assert len(title_part) <= 80
    ascii_name = header.split('filename="', 1)[1].split('"', 1)[0]
    assert ascii_name.startswith(f"{doc.slug} Beslutningsoplaeg om den faelles") and ascii_name.endswith(".docx")


def test_one_word_for_who_wrote_a_document_everywhere(as_role, make_case, make_document):
    doc = make_document(make_case(), title="Notat om telefoni", status="endelig", author_name="Mette Sørensen")
    b = as_role("sekretariat")
    page = b.get(f"/documents/{doc.slug}").text
    assert "Sagsbehandler" in page and "Forfatter" not in page
    assert "Forfatter" not in b.get(f"/documents/{doc.slug}/history").text
    d = read_back(b.get(f"/documents/{doc.slug}/export.docx").body)
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "Sagsbehandler" in cells and "Forfatter" not in cells
    results = b.get("/search", {"q": "telefoni"}).text
    assert "Forfatter" not in results
    # the field is called by the word on the page (the old word still works)
    from rsi_case.search.service import FIELD_ALIASES

    assert FIELD_ALIASES["sagsbehandler"] == FIELD_ALIASES["forfatter"] == "author"
    po = (Path(__file__).resolve().parents[2] / "rsi_case/locale/da/LC_MESSAGES/rsi_case.po").read_text()
    assert "orfatter" not in "\n".join(line for line in po.splitlines() if line.startswith(("msgstr", '"')))
