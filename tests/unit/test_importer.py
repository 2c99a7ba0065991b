"""Reading a Word memo (rsi_case.documents.importer.read_memo).

The memos are built with the same builder the demo data uses
(rsi_case.demo.wordmemo.build_memo), or with python-docx directly where a
header needs a shape the builder does not make.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zipfile
import zlib

import docx
import pytest
from docx.shared import Inches

from rsi_case.demo.wordmemo import SAMPLE, build_memo, sample_memo
from rsi_case.documents.importer import ImportFailed, parse_danish_date, read_memo
from rsi_case.numbering import CaseNumber, DocumentNumber


_READ: dict = {}


def memo(**kw):
    """read_memo of a built memo; identical memos are read once per session."""
    key = repr(sorted(kw.items()))
    if key not in _READ:
        _READ[key] = _memo(**kw)
    return _READ[key]


def _memo(**kw):
    args = dict(title="Notat om fælles udbud", paragraphs=[("p", "Brødtekst.")], date=dt.date(2009, 12, 15),
                case_number="09/2867", document_number="62947/09", author="Lone Bech Hansen",
                phone="+45 7841 2210", email="lbh@rsi-sag.dk")
    args.update(kw)
    return read_memo(build_memo(**args), "notat.docx")


def docx_bytes(build) -> bytes:
    """A .docx made by ``build(document)``."""
    document = docx.Document()
    document.core_properties.title = ""
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# --- the header block ----------------------------------------------------------


@pytest.mark.parametrize("as_table", [True, False], ids=["table", "paragraphs"])
def test_header_fields_are_recognised(as_table):
    m = memo(header_as_table=as_table)
    assert m.doc_date == dt.date(2009, 12, 15)
    assert m.case_number == CaseNumber(2009, 2867)
    assert m.document_number == DocumentNumber(2009, 62947)
    assert str(m.document_number) == "62947/09"
    assert m.author_name == "Lone Bech Hansen"
    assert m.author_phone == "+45 7841 2210"
    assert m.author_email == "lbh@rsi-sag.dk"
    assert m.title == "Notat om fælles udbud"
    assert m.kind == "notat"
    assert m.warnings == []


def test_sample_memo_is_read_completely():
    m = read_memo(sample_memo(), "eksempel.docx")
    assert m.title == SAMPLE["title"]
    assert m.doc_date == SAMPLE["date"]
    assert str(m.case_number) == "09/2867"
    assert str(m.document_number) == "18342/11"
    assert m.author_name == SAMPLE["author"]


@pytest.mark.parametrize("as_table", [True, False], ids=["table", "paragraphs"])
@pytest.mark.parametrize("word,kind", [("STRATEGI", "strategi"), ("Handlingsplan", "handlingsplan"),
                                       ("MØDEREFERAT", "moedereferat"), ("BESLUTNINGSOPLÆG", "beslutningsoplaeg")])
def test_kind_word_sets_the_kind(word, kind, as_table):
    m = memo(kind_word=word, header_as_table=as_table)
    assert m.kind == kind


def test_without_kind_word_the_kind_is_notat():
    assert memo(kind_word="").kind == "notat"


@pytest.mark.parametrize("written,expected", [
    ("15-12-2009", dt.date(2009, 12, 15)),
    ("15.12.2009", dt.date(2009, 12, 15)),
    ("15/12/2009", dt.date(2009, 12, 15)),
    ("15. december 2009", dt.date(2009, 12, 15)),
    ("15. December 2009", dt.date(2009, 12, 15)),
    ("1. maj 2010", dt.date(2010, 5, 1)),
    ("den 3. marts 2011", dt.date(2011, 3, 3)),
    ("15-12-09", dt.date(2009, 12, 15)),
    ("2009-12-15", dt.date(2009, 12, 15)),
])
def test_parse_danish_date(written, expected):
    assert parse_danish_date(written) == expected


@pytest.mark.parametrize("written", ["", "snart", "31-02-2009", "15. blomstermåned 2009", "45-45-2009"])
def test_parse_danish_date_gives_none_for_nonsense(written):
    assert parse_danish_date(written) is None


@pytest.mark.parametrize("written", ["15-12-2009", "15.12.2009", "15. december 2009", "Dato: 15. december 2009"])
def test_date_formats_in_a_memo_header(written):
    label_line = written if written.startswith("Dato") else f"Dato: {written}"

    def build(d):
        d.add_paragraph(label_line)
        d.add_paragraph("Sag nr.: 09/2867")
        d.add_paragraph("Dokumentnr.: 62947/09")
        d.add_heading("Notat om datoer", level=1)
        d.add_paragraph("Indhold.")

    m = read_memo(docx_bytes(build), "d.docx")
    assert m.doc_date == dt.date(2009, 12, 15)


@pytest.mark.parametrize("case_line,doc_line", [
    ("Sag nr.: 09/2867", "Dokumentnr.: 62947/09"),
    ("Sagsnr. 09/2867", "Dok. nr. 62947/09"),
    ("Sagsnummer: 09-2867", "Dokumentnummer: 62947-09"),
    ("Sag nr: 2009/2867", "Dokument nr.: 62947/2009"),
])
def test_case_and_document_number_labels(case_line, doc_line):
    def build(d):
        d.add_paragraph("Dato: 15-12-2009")
        d.add_paragraph(case_line)
        d.add_paragraph(doc_line)
        d.add_heading("Notat", level=1)
        d.add_paragraph("Indhold.")

    m = read_memo(docx_bytes(build), "n.docx")
    assert m.case_number == CaseNumber(2009, 2867)
    assert m.document_number == DocumentNumber(2009, 62947)


def test_several_fields_on_one_tab_separated_line():
    def build(d):
        d.add_paragraph("Dato: 15-12-2009\tSag nr.: 09/2867\tDokumentnr.: 62947/09")
        d.add_heading("Notat på én linje", level=1)
        d.add_paragraph("Indhold.")

    m = read_memo(docx_bytes(build), "t.docx")
    assert m.doc_date == dt.date(2009, 12, 15)
    assert str(m.case_number) == "09/2867"
    assert str(m.document_number) == "62947/09"


def test_memo_without_header_has_no_numbers():
    m = memo(date=None, case_number=None, document_number=None, author="", phone="", email="")
    assert m.doc_date is None
    assert m.case_number is None
    assert m.document_number is None
    assert m.title == "Notat om fælles udbud"


# --- the title -------------------------------------------------------------------


def test_title_from_first_heading_even_when_core_title_differs():
    m = memo(title="Overskriften", core_title="Skabelon-titel fra Word")
    assert m.title == "Overskriften"


def test_title_from_core_properties_when_there_is_no_heading():
    def build(d):
        d.core_properties.title = "Titel fra egenskaber"
        d.add_paragraph("Første afsnit.")
        d.add_paragraph("Andet afsnit.")

    m = read_memo(docx_bytes(build), "x.docx")
    assert m.title == "Titel fra egenskaber"
    assert "Første afsnit." in m.body_html


def test_title_from_first_paragraph_as_last_resort():
    def build(d):
        d.add_paragraph("Dato: 15-12-2009")
        d.add_paragraph("Orientering om tidsplanen")
        d.add_paragraph("Selve teksten.")

    m = read_memo(docx_bytes(build), "x.docx")
    assert m.title == "Orientering om tidsplanen"
    assert "Selve teksten." in m.body_html
    # the title is not repeated as the body's first line
    assert "Orientering om tidsplanen" not in m.body_html


def test_title_skips_a_kind_word_heading():
    def build(d):
        d.add_heading("NOTAT", level=1)
        d.add_heading("Det egentlige emne", level=1)
        d.add_paragraph("Tekst.")

    assert read_memo(docx_bytes(build), "x.docx").title == "Det egentlige emne"


def test_empty_document_gets_its_file_name_as_title():
    m = read_memo(docx_bytes(lambda d: None), "Mødenotat.docx")
    assert m.title == "Mødenotat"
    assert m.body_html == ""


# --- the body --------------------------------------------------------------------


@pytest.mark.parametrize("as_table", [True, False], ids=["table", "paragraphs"])
def test_header_block_kind_line_and_title_are_removed_from_the_body(as_table):
    m = memo(header_as_table=as_table, paragraphs=[("p", "Det første rigtige afsnit.")])
    body = m.body_html
    for gone in ("15-12-2009", "09/2867", "62947/09", "Sagsbehandler", "7841", "lbh@rsi-sag.dk", "NOTAT",
                 "Notat om fælles udbud"):
        assert gone not in body, (gone, body)
    assert body == "<p>Det første rigtige afsnit.</p>"


def test_headings_are_shifted_one_level_down():
    m = memo(paragraphs=[("h1", "Indledning"), ("p", "a"), ("h2", "Delafsnit"), ("p", "b")])
    assert "<h2>Indledning</h2>" in m.body_html
    assert "<h3>Delafsnit</h3>" in m.body_html
    assert "<h1" not in m.body_html


def test_lists_tables_and_bold_are_kept():
    m = memo(paragraphs=[
        ("p", "Et **fælles udbud** for regionerne."),
        ("bullet", "Første punkt"),
        ("bullet", "Andet punkt"),
        ("number", "Trin et"),
        ("table", "Milepæl;Dato|Tilbudsfrist;15. juni 2011"),
        ("bold", "Helt fed linje"),
    ])
    body = m.body_html
    assert "<strong>fælles udbud</strong>" in body
    assert "<ul><li>Første punkt</li><li>Andet punkt</li></ul>" in body
    assert "<li>Trin et</li>" in body
    assert "<table>" in body and "Tilbudsfrist" in body and "15. juni 2011" in body
    assert "<strong>Helt fed linje</strong>" in body


def test_headings_that_are_also_kind_words_stay_in_the_body():
    # "Indstilling", "Bilag", "Referat" are ordinary section headings in a memo;
    # only the kind line at the top goes
    m = memo(paragraphs=[("h2", "Baggrund"), ("p", "a"), ("h2", "Indstilling"), ("p", "b"),
                         ("h2", "Bilag"), ("p", "c")])
    body = m.body_html
    assert "<h3>Baggrund</h3>" in body
    assert "<h3>Indstilling</h3>" in body
    assert "<h3>Bilag</h3>" in body


def test_body_paragraphs_that_start_like_header_labels_are_kept():
    text = "Dato for næste møde er 3. maj 2010."
    mail = "Mail fra regionen er vedlagt som bilag."
    m = memo(paragraphs=[("p", "Indledning."), ("p", text), ("p", mail)])
    assert text in m.body_html
    assert mail in m.body_html


def test_a_body_table_with_date_and_author_columns_is_kept():
    # below the first paragraph a table is content, even if its cells look like labels
    m = memo(paragraphs=[("p", "Tidsplanen er:"), ("table", "Dato;Sagsbehandler|1. april 2011;Lone")])
    assert "<table>" in m.body_html
    assert "1. april 2011" in m.body_html


def test_body_is_sanitised():
    def build(d):
        d.add_heading("Titel", level=1)
        d.add_paragraph("<script>alert(1)</script> tekst")

    m = read_memo(docx_bytes(build), "x.docx")
    assert "<script" not in m.body_html
    assert "&lt;script&gt;" in m.body_html  # it was text in Word, and stays harmless text


def test_images_give_a_warning_and_no_broken_image():
    def build(d):
        d.add_heading("Med billede", level=1)
        d.add_paragraph("Før billedet.")
        d.add_picture(io.BytesIO(tiny_png()), width=Inches(1))
        d.add_paragraph("Efter billedet.")

    m = read_memo(docx_bytes(build), "x.docx")
    assert len(m.warnings) == 1
    assert m.warnings[0].mapping == {"count": 1}
    assert "<img" not in m.body_html
    assert "Før billedet." in m.body_html and "Efter billedet." in m.body_html


# --- what cannot be read ---------------------------------------------------------


@pytest.mark.parametrize("data", [b"", os.urandom(4096), b"PK\x03\x04 not really a zip",
                                  b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"],
                         ids=["empty", "random", "fake-zip-magic", "pdf"])
def test_not_a_docx_raises_import_failed(data):
    with pytest.raises(ImportFailed) as err:
        read_memo(data, "notat.docx")
    assert err.value.mapping["name"] == "notat.docx"


def test_a_zip_that_is_not_a_docx_raises_import_failed():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hej.txt", "ikke word")
    with pytest.raises(ImportFailed):
        read_memo(out.getvalue(), "arkiv.docx")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.99])
def test_a_truncated_docx_raises_import_failed(fraction):
    data = sample_memo()
    with pytest.raises(ImportFailed):
        read_memo(data[: int(len(data) * fraction)], "afkortet.docx")


def test_a_docx_with_a_damaged_document_part_raises_import_failed():
    data = sample_memo()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            zout.writestr(info, content)
    with pytest.raises(ImportFailed):
        read_memo(out.getvalue(), "skadet.docx")


def test_a_docx_with_flipped_bytes_raises_import_failed():
    data = bytearray(sample_memo())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    for i in range(start, start + 200):
        data[i] ^= 0x55
    with pytest.raises(ImportFailed):
        read_memo(bytes(data), "skadet.docx")
