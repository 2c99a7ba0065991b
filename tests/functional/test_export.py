"""Word for the board: a memo, a case file and a redline, checked the way a
board member's Word would see them — python-docx reads each file back
(styles, tables, lists, fields, tracked changes) and LibreOffice converts it
to PDF, whose text and page count poppler and pypdf read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.office import W, check_package, flat, pages, pdf_text, read_back, to_pdf

ROOT = Path(__file__).resolve().parents[2]

BODY = (
    "<h2>Baggrund</h2><p>Styregruppen besluttede i 2009 at undersøge <strong>fælles telefoni</strong>, "
    "<em>især</em> for <u>akutområdet</u>. Se <a href=\"https://www.regioner.dk/telefoni\">notatet</a>.</p>"
    "<h3>Forudsætninger</h3>"
    "<ol><li>Fælles udbud<ol><li>Markedsdialog</li><li>Udbudsmateriale</li></ol></li><li>Fælles drift</li></ol>"
    "<ul><li>Region Hovedstaden<ul><li>Rigshospitalet</li></ul></li><li>Region Sjælland</li></ul>"
    "<table><thead><tr><th>Indsats</th><th>Ansvarlig region</th><th>Frist</th></tr></thead>"
    "<tbody><tr><td>Udbud</td><td>Region Midtjylland</td><td>01-03-2027</td></tr>"
    "<tr><td colspan=\"2\">Samlet ramme</td><td>120 mio. kr.</td></tr></tbody></table>"
    "<h2>Indstilling</h2><p>Sekretariatet indstiller, at styregruppen godkender planen.</p>")


def _slug(number) -> str:
    return str(number).replace("/", "-")


@pytest.fixture
def memo_doc(make_case, make_document):
    case = make_case(title="Fælles telefoni for regionerne")
    doc = make_document(case, title="Notat om fælles telefoni", body=BODY, doc_date=dt.date(2009, 12, 15),
                        author_phone="+45 2222 3333", author_email="anne.holm@rsi.dk")
    return case, doc


def new_draft(browser, doc) -> None:
    """A new draft version on top of a final document."""
    page = browser.get(f"/documents/{_slug(doc)}")
    form = [f for f in page.forms.values() if (f.action or "").endswith("/new-version")][0]
    form.submit(status=303)


def styles_used(document) -> set[str]:
    return {p.style.name for p in document.paragraphs}


def test_memo_export_is_a_proper_word_memo(as_role, memo_doc, tmp_path):
    case, doc = memo_doc
    r = as_role("sekretariat").get(f"/documents/{_slug(doc)}/export.docx")
    assert r.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in r.headers["Content-Disposition"] and ".docx" in r.headers["Content-Disposition"]
    body = check_package(r.body)
    d = read_back(r.body)
    texts = [p.text for p in d.paragraphs]
    # kind in capitals, title, header block, body
    assert "NOTAT" in texts and "Notat om fælles telefoni" in texts
    header = [[c.text for c in row.cells] for row in d.tables[0].rows]
    assert ["Dato", "15-12-2009"] in header and ["Sag nr.", str(case)] in header
    assert ["Dokumentnr.", str(doc)] in header and ["Telefon", "+45 2222 3333"] in header
    assert ["E-mail", "anne.holm@rsi.dk"] in header and ["Sagsbehandler", "Test Sekretariat"] in header
    assert d.tables[0].style.name == "RSI Hovedblok"
    # the template's named styles: headings, lists
    used = styles_used(d)
    assert {"RSI Dokumenttype", "Title", "Heading 1", "Heading 2", "List Paragraph", "Normal"} <= used
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == ["Baggrund", "Indstilling"]
    # emphasis is carried over
    runs = {r.text.strip(): r for p in d.paragraphs for r in p.runs}
    assert runs["fælles telefoni"].bold and runs["især"].italic and runs["akutområdet"].underline
    # a real link
    links = list(body.iter(W + "hyperlink"))
    assert links and "notatet" in "".join(t.text for t in links[0].iter(W + "t"))
    assert "https://www.regioner.dk/telefoni" in {rel.target_ref for rel in d.part.rels.values()}
    # real Word lists: nested levels, numbered and bulleted
    items = [(p.text, p._p.pPr.numPr) for p in d.paragraphs if p.style.name == "List Paragraph"]
    levels = {text: int(num.ilvl.val) for text, num in items if num is not None}
    assert levels == {"Fælles udbud": 0, "Markedsdialog": 1, "Udbudsmateriale": 1, "Fælles drift": 0,
                      "Region Hovedstaden": 0, "Rigshospitalet": 1, "Region Sjælland": 0}
    # the table: its header row repeats on each page, the merged cell spans two columns
    table = d.tables[1]
    assert table.style.name == "RSI Tabel"
    assert [c.text for c in table.rows[0].cells] == ["Indsats", "Ansvarlig region", "Frist"]
    assert table.rows[0]._tr.trPr.find(W + "tblHeader") is not None
    assert table.rows[2].cells[0].text == table.rows[2].cells[1].text == "Samlet ramme"
    # footer: traceable, page numbers as fields
    footer = d.sections[0].footer
    footer_xml = footer._element.xml
    assert "Version 1 — kladde" in footer.paragraphs[0].text and str(doc) in footer.paragraphs[0].text
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Side" in footer.paragraphs[0].text
    # the letterhead of the template
    assert "Regionernes fælles sundheds-it" in d.sections[0].header.paragraphs[0].text
    # core properties for Word's own fields and search
    cp = d.core_properties
    assert cp.title == "Notat om fælles telefoni" and cp.author == "Test Sekretariat"
    assert cp.identifier == str(doc) and str(case) in cp.keywords and str(doc) in cp.keywords
    assert cp.category == "notat" and cp.version == "1"
    # LibreOffice opens and lays it out: one page, with header block and body text
    pdf = to_pdf(r.body, tmp_path)
    text = flat(pdf_text(pdf))
    assert pages(pdf) == 1
    for expected in ("NOTAT", "Notat om fælles telefoni", "Dato", "15-12-2009", f"Sag nr. {case}",
                     f"Dokumentnr. {doc}", "anne.holm@rsi.dk", "Baggrund", "Markedsdialog", "Ansvarlig region",
                     "Samlet ramme", "Sekretariatet indstiller", "Side 1 af 1", "Version 1 — kladde"):
        assert expected in text, expected


def test_the_board_gets_the_final_version_of_a_document_being_redrafted(as_role, make_case, make_document):
    case = make_case()
    doc = make_document(case, title="Strategi 2026", body="<p>Den vedtagne tekst.</p>", status="endelig")
    sek = as_role("sekretariat")
    new_draft(sek, doc)
    form = sek.get(f"/documents/{_slug(doc)}/edit").forms["deform"]
    form["title"] = "Strategi 2026 (udkast til revision)"
    form["body"] = "<p>Et hemmeligt udkast.</p>"
    form.submit("save", status=303)
    board = read_back(as_role("styregruppe").get(f"/documents/{_slug(doc)}/export.docx").body)
    text = "\n".join(p.text for p in board.paragraphs)
    assert "Den vedtagne tekst." in text and "Strategi 2026" in text
    assert "hemmeligt" not in text and "udkast til revision" not in text
    assert "Version 1 — endelig" in board.sections[0].footer.paragraphs[0].text
    staff = read_back(sek.get(f"/documents/{_slug(doc)}/export.docx").body)
    assert "Et hemmeligt udkast." in "\n".join(p.text for p in staff.paragraphs)


def test_case_file_has_cover_list_contents_and_each_document_on_its_own_page(as_role, make_case, make_document,
                                                                             tmp_path):
    case = make_case(title="Fælles laboratoriesystem", lead_region="midtjylland",
                     participating_regions=["hovedstaden", "syddanmark"])
    docs = [make_document(case, title=f"Dokument nummer {i}", body=f"<h2>Afsnit {i}</h2><p>Tekst i dokument {i}.</p>",
                          doc_date=dt.date(2024, 3, i)) for i in range(1, 4)]
    r = as_role("arkivar").get(f"/cases/{_slug(case)}/export.docx")
    check_package(r.body)
    d = read_back(r.body)
    texts = [p.text for p in d.paragraphs]
    assert f"Sag {case}" in texts and "Fælles laboratoriesystem" in texts
    cover = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert cover["Lederregion"] == "Region Midtjylland" and "Region Syddanmark" in cover["Deltagende regioner"]
    assert cover["Dokumenter i udskriften"] == "3"
    # the aktliste
    aktliste = d.tables[1]
    assert [c.text for c in aktliste.rows[0].cells] == ["Nr.", "Dokumentnr.", "Type", "Titel", "Dato", "Status"]
    assert [row.cells[1].text for row in aktliste.rows[1:]] == [str(n) for n in docs]
    assert aktliste.rows[2].cells[4].text == "02-03-2024"
    # each document starts a new page, with its own header block
    starts = [p for p in d.paragraphs if p.style.name == "RSI Dokumentstart"]
    assert [p.text for p in starts] == ["Aktliste"] + [f"Dokument nummer {i}" for i in range(1, 4)]
    assert d.styles["RSI Dokumentstart"].paragraph_format.page_break_before
    assert sum(1 for t in d.tables if t.style.name == "RSI Hovedblok") == 4  # the cover's and one per document
    # body headings sit below the document titles (Heading 2), so the contents list documents only
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 2"] == ["Afsnit 1", "Afsnit 2", "Afsnit 3"]
    toc = [p for p in d.paragraphs if p.style.name == "TOC 1"]
    assert len(toc) == 3 and all("PAGEREF" in p._p.xml for p in toc)
    # LibreOffice: cover, list + contents, one page per document; the contents show page numbers
    pdf = to_pdf(r.body, tmp_path)
    assert pages(pdf) == 5
    text = pdf_text(pdf)
    for i, n in enumerate(docs, start=3):
        assert re.search(rf"{re.escape(str(n))}\s+Dokument nummer {i - 2}\.*\s*{i}\b", text), text
    assert "Side 5 af 5" in flat(text) and "Tekst i dokument 3." in text


def test_case_file_of_chosen_documents_leaves_out_what_the_user_may_not_see(as_role, make_case, make_document):
    case = make_case()
    final = make_document(case, title="Endeligt beslutningsoplæg", status="endelig")
    draft = make_document(case, title="Kladde til referat", status="kladde")
    other = make_document(case, title="Tredje dokument", status="endelig")

    def titles(b, query=""):
        d = read_back(b.get(f"/cases/{_slug(case)}/export.docx{query}").body)
        return [p.text for p in d.paragraphs if p.style.name == "RSI Dokumentstart"][1:]

    sek = as_role("sekretariat")
    assert titles(sek) == ["Endeligt beslutningsoplæg", "Kladde til referat", "Tredje dokument"]
    assert titles(sek, f"?doc={_slug(other)}&doc={_slug(final)}") == ["Endeligt beslutningsoplæg", "Tredje dokument"]
    # the board never gets a draft, even when it asks for it by number
    board = as_role("styregruppe")
    assert titles(board) == ["Endeligt beslutningsoplæg", "Tredje dokument"]
    assert titles(board, f"?doc={_slug(draft)}&doc={_slug(other)}") == ["Tredje dokument"]
    r = board.get(f"/cases/{_slug(case)}/export.docx?doc={_slug(draft)}", status=303)
    page = r.follow()
    assert "Der er ingen dokumenter at eksportere" in page.text
    assert "Kladde til referat" not in page.text
    # nonsense in the selection is no error: nothing chosen that exists
    sek.get(f"/cases/{_slug(case)}/export.docx?doc=ikke-et-nummer&doc=99999-99", status=303)


def test_case_export_is_audited(as_role, make_case, make_document, engine):
    from tests.conftest import count

    case = make_case()
    make_document(case)
    as_role("arkivar").get(f"/cases/{_slug(case)}/export.docx")
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_ref = :ref",
                 ref=str(case)) == 1


def test_case_page_offers_the_whole_file_and_a_selection(as_role, make_case, make_document):
    case = make_case()
    doc = make_document(case)
    page = as_role("styregruppe").get(f"/cases/{_slug(case)}")
    assert f"/cases/{_slug(case)}/export.docx" not in page.text  # the board sees no draft, so nothing to export
    page = as_role("sekretariat").get(f"/cases/{_slug(case)}")
    form = page.forms["export-form"]
    form.get("doc", index=0).checked = True
    r = form.submit()
    assert r.content_type.endswith("wordprocessingml.document")
    assert f"/documents/{_slug(doc)}/export.docx" in as_role("sekretariat").get(f"/documents/{_slug(doc)}").text


REDLINE_V1 = ("<h2>Økonomi</h2><p>Den samlede ramme er 120 mio. kr. over tre år.</p>"
              "<p>Dette afsnit udgår.</p><ol><li>Første skridt</li><li>Andet skridt</li></ol>")
REDLINE_V2 = ("<h2>Økonomi</h2><p>Den samlede ramme er 140 mio. kr. over tre år.</p>"
              "<ol><li>Første skridt</li><li>Andet skridt</li><li>Tredje skridt</li></ol>"
              "<p>Et helt nyt afsnit om risici.</p>")


def test_redline_carries_words_own_tracked_changes(as_role, make_case, make_document, tmp_path):
    case = make_case()
    doc = make_document(case, title="Handlingsplan", body=REDLINE_V1, kind="handlingsplan")
    sek = as_role("sekretariat")
    form = sek.get(f"/documents/{_slug(doc)}/edit").forms["deform"]
    form["body"] = REDLINE_V2
    form["title"] = "Handlingsplan 2026"
    form.submit("save", status=303)
    diff_page = sek.get(f"/documents/{_slug(doc)}/diff?a=1&b=2")
    assert f"/documents/{_slug(doc)}/redline.docx?a=1&amp;b=2" in diff_page.text
    r = sek.get(f"/documents/{_slug(doc)}/redline.docx?a=1&b=2")
    body = check_package(r.body)

    def texts(tag, inner):
        return [" ".join("".join(t.text or "" for t in el.iter(W + inner)).split()) for el in body.iter(W + tag)]

    inserted, deleted = texts("ins", "t"), texts("del", "delText")
    assert "140" in inserted and "120" in deleted
    assert "Et helt nyt afsnit om risici." in inserted and "Tredje skridt" in inserted
    assert "Dette afsnit udgår." in deleted
    changes = list(body.iter(W + "ins")) + list(body.iter(W + "del"))
    assert {c.get(W + "author") for c in changes} == {"Test Sekretariat"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", c.get(W + "date")) for c in changes)
    # the equal text is plain text, not a change
    plain = " ".join(t.text for t in body.iter(W + "t") if not any(
        a.tag in (W + "ins", W + "del") for a in t.iterancestors()))
    assert "Den samlede ramme er" in plain and "mio. kr. over tre år." in plain
    # the changed title is listed among the changed fields
    d = read_back(r.body)
    def cell_text(cell):  # (python-docx's .text leaves out runs inside w:ins / w:del)
        return "".join(t.text or "" for t in cell._tc.iter(W + "t", W + "delText"))

    fields = {cell_text(row.cells[0]): (cell_text(row.cells[1]), cell_text(row.cells[2])) for row in d.tables[1].rows[1:]}
    assert fields["Titel"] == ("Handlingsplan", "Handlingsplan 2026")
    # the list continues its numbering across the changed items (one list, not three)
    num_ids = {p._p.pPr.numPr.numId.val for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None}
    assert len(num_ids) == 1
    # LibreOffice opens it and shows the changes
    text = flat(pdf_text(to_pdf(r.body, tmp_path)))
    assert "140" in text and "120" in text and "Et helt nyt afsnit om risici." in text


def test_redline_between_versions_the_board_may_not_see_is_refused(as_role, make_case, make_document):
    case = make_case()
    doc = make_document(case, title="Strategi", body="<p>Vedtaget.</p>", status="endelig")
    sek = as_role("sekretariat")
    new_draft(sek, doc)
    as_role("styregruppe").get(f"/documents/{_slug(doc)}/redline.docx?a=1&b=2", status=404)
    sek.get(f"/documents/{_slug(doc)}/redline.docx?a=1&b=2", status=200)
    sek.get(f"/documents/{_slug(doc)}/redline.docx?a=x&b=99", status=404)


def test_an_imported_word_memo_keeps_its_structure_when_exported_again(as_role, make_case, make_document):
    from rsi_case.documents.importer import read_memo

    original = (ROOT / "docs" / "eksempler" / "gammelt-notat-18342-11.docx").read_bytes()
    memo = read_memo(original, "gammelt-notat.docx")
    case = make_case()
    doc = make_document(case, title=memo.title or "Importeret", body=memo.body_html)
    source = read_back(original)
    again = read_back(as_role("sekretariat").get(f"/documents/{_slug(doc)}/export.docx").body)

    def headings(d):
        return [p.text.strip() for p in d.paragraphs if p.style.name.startswith("Heading") and p.text.strip()]

    def emphasis(d):
        return {(r.text.strip(), bool(r.bold), bool(r.italic)) for p in d.paragraphs for r in p.runs
                if r.text.strip() and (r.bold or r.italic) and not p.style.name.startswith(("Heading", "Title"))}

    def list_items(d):  # numbered by the paragraph or by its list style
        return [p.text.strip() for p in d.paragraphs
                if (p._p.pPr is not None and p._p.pPr.numPr is not None) or p.style.name.startswith("List")]

    def table_texts(tables):
        return [[c.text.strip() for c in row.cells] for t in tables for row in t.rows]

    body_headings = [h for h in headings(source) if h != memo.title]  # the title is the memo's own field
    assert body_headings and headings(again) == body_headings
    assert list_items(source) and list_items(again) == list_items(source)
    source_tables = table_texts(source.tables[1:])  # (the first is the memo's header block, read as fields)
    assert source_tables and all(row in table_texts(again.tables) for row in source_tables)
    body_emphasis = {e for e in emphasis(source) if e[0] != "NOTAT"}  # (the kind line: its own style on export)
    assert body_emphasis and body_emphasis <= emphasis(again)
    assert "NOTAT" in [p.text for p in again.paragraphs if p.style.name == "RSI Dokumenttype"]


ODD = ("<table><tr><td><table><tr><td>indlejret <strong>tabel</strong></td></tr></table></td>"
       "<td rowspan=\"3\" colspan=\"99999\">spænder</td></tr></table>"
       "<ul><li></li><li><p></p></li><li>sidste</li></ul><ol start=\"7\"><li>syv</li></ol>"
       "<p>Billede mangler: <img src=\"/documents/99999-99/attachments/1\" alt=\"Kort\"></p>"
       "<p><img src=\"https://example.org/ekstern.png\" alt=\"Eksternt\"></p>"
       "<h5>Dyb overskrift</h5><p>Tegn\x0b der\x1f ikke er gyldige i XML\ufffe.</p><p>a<br>b</p>"
       "<div><span>løs tekst</span> i div</div><blockquote>Citat</blockquote><hr>")


def test_odd_html_and_an_empty_document_still_export(as_role, make_case, make_document, db, tmp_path):
    import sqlalchemy as sa

    from rsi_case.documents.models import Document

    case = make_case()
    odd = make_document(case, title="Mærkelig HTML", body="<p>x</p>")
    with db() as s:  # straight into the database: what an old import or another tool might leave
        s.execute(sa.update(Document).where(Document.seq == odd.seq, Document.year == odd.year)
                  .values(body_html=ODD))
    empty = make_document(case, title="Tomt dokument", body="")
    sek = as_role("sekretariat")
    r = sek.get(f"/documents/{_slug(odd)}/export.docx")
    check_package(r.body)
    d = read_back(r.body)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "[Billede: Kort]" in text and "[Billede: Eksternt]" in text and "ikke er gyldige i XML." in text
    assert "syv" in text and "løs tekst i div" in text and "Citat" in text
    nested = d.tables[1].rows[0].cells[0].tables
    assert nested and "indlejret tabel" in nested[0].rows[0].cells[0].text
    seven = [p for p in d.paragraphs if p.text == "syv"][0]
    num_id = seven._p.pPr.numPr.numId.val
    numbering = d.part.numbering_part.element
    start = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val')
    assert start == ["7"]
    assert "tabel" in flat(pdf_text(to_pdf(r.body, tmp_path)))
    e = sek.get(f"/documents/{_slug(empty)}/export.docx")
    check_package(e.body)
    assert "(Dokumentet har ingen tekst.)" in [p.text for p in read_back(e.body).paragraphs]


def test_images_that_are_attachments_are_embedded(as_role, make_case, make_document, db, tmp_path):
    import base64

    import sqlalchemy as sa

    from rsi_case.documents.models import Document

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    case = make_case()
    doc = make_document(case, title="Med billede")
    sek = as_role("sekretariat")
    sek.post(f"/documents/{_slug(doc)}/attachments", {"csrf_token": sek.csrf_token(f"/documents/{_slug(doc)}")},
             upload_files=[("file", "kort.png", png, "image/png")], status=303)
    att_id = re.search(rf"/documents/{_slug(doc)}/attachments/(\d+)", sek.get(f"/documents/{_slug(doc)}").text).group(1)
    with db() as s:
        s.execute(sa.update(Document).where(Document.seq == doc.seq, Document.year == doc.year).values(
            body_html=f'<p>Kortet:</p><p><img src="/documents/{_slug(doc)}/attachments/{att_id}" alt="Kort" width="200"></p>'))
    r = sek.get(f"/documents/{_slug(doc)}/export.docx")
    check_package(r.body)
    d = read_back(r.body)
    assert len(d.inline_shapes) == 1 and "[Billede" not in "\n".join(p.text for p in d.paragraphs)
    # a user who may not open the document does not get its image into another export
    assert any(rel.reltype.endswith("/image") for rel in d.part.rels.values())


def test_a_300_page_document_exports(as_role, make_case, make_document, db, tmp_path):
    import sqlalchemy as sa

    from rsi_case.documents.models import Document

    paragraph = ("<p>" + "Regionerne har aftalt en fælles plan for drift og udvikling af sundheds-it. " * 6 + "</p>")
    sections = "".join(f"<h2>Afsnit {i}</h2>" + paragraph * 6 for i in range(1, 421))
    case = make_case()
    doc = make_document(case, title="Meget langt dokument")
    with db() as s:
        s.execute(sa.update(Document).where(Document.seq == doc.seq, Document.year == doc.year).values(body_html=sections))
    r = as_role("sekretariat").get(f"/documents/{_slug(doc)}/export.docx")
    check_package(r.body)
    pdf = to_pdf(r.body, tmp_path)
    assert 250 <= pages(pdf) <= 400
    assert f"Side {pages(pdf)} af {pages(pdf)}" in flat(pdf_text(pdf))


def test_each_tracked_change_carries_the_author_of_the_version_that_made_it(as_role, make_case, make_document):
    case = make_case()
    doc = make_document(case, title="Notat", body="<p>Første afsnit om budget.</p><p>Andet afsnit.</p>")

    def save(browser, body):
        form = browser.get(f"/documents/{_slug(doc)}/edit").forms["deform"]
        form["body"] = body
        form.submit("save", status=303)

    save(as_role("sekretariat"), "<p>Første afsnit om det samlede budget.</p><p>Andet afsnit.</p>")
    save(as_role("admin"), "<p>Første afsnit om det samlede budget.</p><p>Andet afsnit.</p><p>Tilføjet af admin.</p>")
    body = check_package(as_role("arkivar").get(f"/documents/{_slug(doc)}/redline.docx?a=1&b=3").body)
    by_author = {}
    for el in body.iter(W + "ins"):
        text = "".join(t.text or "" for t in el.iter(W + "t")).strip()
        if text:
            by_author.setdefault(el.get(W + "author"), []).append(text)
    assert by_author["Test Admin"] == ["Tilføjet af admin."]
    assert "samlede" in " ".join(by_author["Test Sekretariat"])
    d = read_back(as_role("arkivar").get(f"/documents/{_slug(doc)}/redline.docx?a=1&b=3").body)
    assert {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}["Ændret af"] == \
        "Test Admin, Test Sekretariat"
