"""Issue 16, point 8: the Word exports' details — an annex label written once,
papers that follow, contents lines whose page number ends the last line, no
"• 1." for typed numbers, and download names cut at a word."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

from docx.oxml.ns import qn

from rsi_case.export.builder import TEXT_WIDTH_TWIPS, WordBuilder
from rsi_case.export.documents import (CaseInfo, Memo, PackInfo, PackItem, annex_title, case_file_docx, danish,
                                       meeting_pack_docx)
from rsi_case.filenames import ascii_fallback, content_disposition, cut_at_word, download_name
from tests.office import check_package, pdf_text, read_back, to_pdf

LONG = ("Beslutningsoplæg om den fælles strategi for sundheds-it i regionerne 2026–2030 med handlingsplan, "
        "økonomisk ramme og tidsplan for implementering")


def memo(number, title, body="<p>Tekst.</p>"):
    return Memo(number=number, case_number="26/0001", case_title="Fælles strategi", kind="notat", kind_label="notat",
                title=title, doc_date=dt.date(2026, 3, 2), status="endelig", status_label="endelig", version=1,
                author_name="Mette Sørensen", body_html=body)


def styles(d, name):
    return [p.text for p in d.paragraphs if p.style.name == name]


INFO = PackInfo(title="Styregruppemøde", date=dt.date(2026, 12, 10), start="13:00", place="Vejle",
                state_label="planlagt", meetings_case="26/0002", participants=[], printed_by="Test", sent=True)


def test_an_annex_label_in_a_papers_own_title_is_written_once():
    assert annex_title("Bilag 4.1: Hovedpunkter i aftalen") == "Hovedpunkter i aftalen"
    assert annex_title("bilag 3.2 – Skitse til arkitektur") == "Skitse til arkitektur"
    assert annex_title("Bilaget om økonomi") == "Bilaget om økonomi" and annex_title("Bilag 4.1") == "Bilag 4.1"
    item = PackItem(number=4, title="Aftalen om fælles telefoni",
                    papers=[memo("27905/26", "Bilag 4.1: Hovedpunkter i aftalen om fælles telefoni")])
    d = read_back(meeting_pack_docx(INFO, [item], translate=danish()))
    assert styles(d, "List Paragraph") == ["Bilag 4.1: 27905/26 Hovedpunkter i aftalen om fælles telefoni"]
    assert "Bilag 4.1: Hovedpunkter i aftalen om fælles telefoni" in styles(d, "RSI Dokumentstart")
    assert "Bilag 4.1: Bilag 4.1" not in "\n".join(p.text for p in d.paragraphs)


def test_a_paper_that_follows_keeps_its_label_and_no_title():
    item = PackItem(number=2, title="Telefoni", papers=[memo("1/26", "Oplæg"), memo("3/26", "Risici")],
                    labels=["2.1", "2.3"], pending=["2.2"])
    d = read_back(meeting_pack_docx(INFO, [item], translate=danish()))
    assert styles(d, "List Paragraph") == ["Bilag 2.1: 1/26 Oplæg", "Bilag 2.2 eftersendes (det er endnu en kladde).",
                                           "Bilag 2.3: 3/26 Risici"]
    assert styles(d, "RSI Dokumentstart")[-2:] == ["Bilag 2.1: Oplæg", "Bilag 2.3: Risici"]
    empty = read_back(meeting_pack_docx(INFO, [PackItem(number=1, title="Eventuelt")], translate=danish()))
    assert "Ingen bilag." in styles(empty, "RSI Billedtekst")


def _toc_paragraphs(d):
    return [p for p in d.paragraphs if p.style.name == "TOC 1"]


def test_contents_lines_wrap_under_themselves_and_keep_the_number_in_its_column():
    memos = [memo(f"{10000 + i}/26", LONG[: 40 + 9 * i]) for i in range(8)]
    case = CaseInfo(number="26/0001", title="Fælles strategi", status_label="åben", category_label="Strategi",
                    responsible="", opened_on=None, lead_region="", regions="", printed_by="Test")
    data = case_file_docx(case, memos, translate=danish(), today=dt.date(2026, 12, 4))
    check_package(data)
    lines = _toc_paragraphs(read_back(data))
    assert len(lines) == 8
    for p in lines:
        ppr = p._p.pPr
        ind = ppr.find(qn("w:ind"))
        hang = int(ind.get(qn("w:hanging")))
        assert int(ind.get(qn("w:left"))) == hang > 0 and int(ind.get(qn("w:right"))) > 0  # wraps under itself
        tabs = {(t.get(qn("w:val")), t.get(qn("w:leader")), int(t.get(qn("w:pos")))) for t in ppr.iter(qn("w:tab"))}
        assert ("right", "dot", TEXT_WIDTH_TWIPS) in tabs and ("left", None, hang) in tabs
        # number, tab, title inside the link; then a tab and the PAGEREF field, last
        link = p._p.find(qn("w:hyperlink"))
        assert [c.tag for r in link for c in r if c.tag != qn("w:rPr")] == [qn("w:t"), qn("w:tab"), qn("w:t")]
        after = [el for el in p._p.iter() if el.tag in (qn("w:tab"), qn("w:instrText"))][-2:]
        assert after[0].tag == qn("w:tab") and "PAGEREF" in after[1].text


def test_in_the_rendered_file_every_contents_line_ends_with_its_page_number(tmp_path):
    """LibreOffice lays the file out: the page number is on the last line of each entry, never alone."""
    memos = [memo(f"{10000 + i}/26", LONG[: 60 + 5 * i]) for i in range(14)]
    case = CaseInfo(number="26/0001", title="Fælles strategi", status_label="åben", category_label="Strategi",
                    responsible="", opened_on=None, lead_region="", regions="", printed_by="Test")
    text = pdf_text(to_pdf(case_file_docx(case, memos, translate=danish()), tmp_path, "sagsakter"))
    contents = text.split("Indhold", 1)[1].split("NOTAT ·", 1)[0]
    entries = re.split(r"\n(?=\s*\d{5}/26\s)", contents.strip())
    entries = [e for e in entries if re.match(r"\s*\d{5}/26\s", e)]
    assert len(entries) == 14
    for entry in entries:
        lines = [line for line in entry.splitlines() if line.strip() and not any(  # (not a page's header or footer)
            mark in line for mark in ("Sekretariatet ·", "Regionernes fælles", "sagsakter udskrevet"))]
        last = next(i for i, line in enumerate(lines) if re.search(r"\d+$", line))  # the line with the number
        assert re.search(r"[^\s.]\s*\.{3,}\s*\d+$", lines[last]), lines  # the title's end, dots, number: one line


def test_typed_numbers_in_bullets_become_one_numbered_list_and_dates_stay_bullets():
    b = WordBuilder()
    b.html("<ul><li>1. Godkend planen</li><li>2. Udpeg en lederregion</li></ul>"
           "<ul><li>1. december 2009: tilslutning</li><li>Januar 2010: udbud</li></ul>")
    d = read_back(b.save())
    items = [p for p in d.paragraphs if p.style.name == "List Paragraph"]
    assert [p.text for p in items] == ["Godkend planen", "Udpeg en lederregion", "1. december 2009: tilslutning",
                                       "Januar 2010: udbud"]
    numbering = d.part.numbering_part.element
    fmt = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        fmt[num.get(qn("w:numId"))] = numbering.xpath(
            f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val')[0]
    kinds = [fmt[p._p.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))] for p in items]
    assert kinds == ["decimal", "decimal", "bullet", "bullet"]


def test_download_names_are_cut_at_a_word_and_keep_their_extension():
    assert cut_at_word("Beslutningsoplæg om den fælles strategi", 30) == "Beslutningsoplæg om den fælles"
    assert cut_at_word("Beslutningsoplæg om den fælles strategi", 29) == "Beslutningsoplæg om den"
    assert cut_at_word("kort", 30) == "kort"
    assert cut_at_word("Ét" + "x" * 50, 20) == ("Ét" + "x" * 50)[:20]  # one long word: cut where it must be
    name = download_name("61590-25 " + LONG, ".docx", limit=80)
    assert name.endswith(".docx") and len(name) <= 85
    stem = name[: -len(".docx")]
    assert LONG.startswith(stem[len("61590-25 "):]) and LONG[len(stem) - len("61590-25 ")] == " "
    assert download_name('a/b:c*"d"', ".docx") == "a b c d .docx".replace(" .docx", ".docx")
    assert ascii_fallback("Mødemappe på Ærø.docx") == "Moedemappe paa Aeroe.docx"
    header = content_disposition("61590-25 Mødemappe på Ærø.docx")
    assert header.startswith('attachment; filename="61590-25 Moedemappe paa Aeroe.docx"; filename*=UTF-8\'\'')
    assert unquote(header.split("UTF-8''", 1)[1]) == "61590-25 Mødemappe på Ærø.docx"
    assert content_disposition("a.pdf", inline=True).startswith("inline; ")
