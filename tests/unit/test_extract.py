"""Attachment text for the index (rsi_case.search.extract): Word text read
as a stream finds the same words python-docx found (and the text Word keeps
in places python-docx's paragraphs skip), in bounded memory; PDF and plain
text as before; a file too hard to read raises NoText with its reason."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import docx
import pytest

from rsi_case import sandbox
from rsi_case.demo.wordmemo import sample_memo
from rsi_case.search import extract
from tests import bombs

ROOT = Path(__file__).resolve().parents[2]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def python_docx_text(data: bytes) -> str:
    """What the extraction did before (python-docx, in the web process)."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def with_tables() -> bytes:
    document = docx.Document()
    document.add_heading("Handlingsplan for fælles indkøb", 1)
    document.add_paragraph("Første afsnit\tmed tabulator og en linje").add_run().add_break()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"celle{r}{c} region{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # python-docx repeats a merged cell's text
    table.cell(2, 2).add_table(rows=1, cols=1).cell(0, 0).text = "indlejret tabel"
    document.add_paragraph("Sidste afsnit om telefoniaftalen")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def extracted(tmp_path, name: str, data: bytes, **kw) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return extract.extract_file(name, path, **kw)


@pytest.mark.parametrize("make", [sample_memo, with_tables,
                                  lambda: (ROOT / "docs/eksempler/gammelt-notat-18342-11.docx").read_bytes()])
def test_word_text_has_the_words_python_docx_found(tmp_path, make):
    data = make()
    new = extracted(tmp_path, "bilag.docx", data)
    old = python_docx_text(data)
    assert words(old) <= words(new)
    # the only words added are those python-docx missed in nested tables
    assert words(new) - words(old) <= {"indlejret", "tabel"}


def test_word_text_keeps_paragraphs_apart(tmp_path):
    text = extracted(tmp_path, "bilag.docx", with_tables())
    assert "Handlingsplan for fælles indkøb\nFørste afsnit\tmed tabulator og en linje\n" in text
    assert "celle00 region0\n" in text and text.rstrip().endswith("Sidste afsnit om telefoniaftalen")


def test_word_text_in_links_insertions_content_controls_and_text_boxes_is_found(tmp_path):
    body = ('<w:p><w:hyperlink><w:r><w:t>linktekst</w:t></w:r></w:hyperlink></w:p>'
            '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>indsat</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="a"><w:r><w:delText>slettet</w:delText></w:r></w:del></w:p>'
            '<w:sdt><w:sdtContent><w:p><w:r><w:t>indholdskontrol</w:t></w:r></w:p></w:sdtContent></w:sdt>'
            '<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>tekstboks</w:t></w:r></w:p></w:txbxContent>'
            '</w:pict></w:r></w:p><w:p><w:r><w:t>sundheds</w:t><w:noBreakHyphen/><w:t>it</w:t></w:r></w:p>')
    xml = f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'.encode()
    text = extracted(tmp_path, "bilag.docx", bombs.with_members(bombs.word_file(), replace={"word/document.xml": xml}))
    assert words(text) == {"linktekst", "indsat", "indholdskontrol", "tekstboks", "sundheds", "it"}
    assert "sundheds-it" in text  # the deleted word is not


@pytest.mark.slow
def test_word_text_is_read_in_bounded_memory(tmp_path):
    """24 MB of honest WordprocessingML (mostly formatting, as Word writes it)
    is read whole by a child limited to 48 MB: each element is dropped once
    read. (python-docx builds the whole tree: it needs hundreds of MB.)"""
    rng = random.Random(12)
    letters = "abcdefghijklmnopqrstuvwxyzæøå"
    run = ('<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:b/><w:color w:val="{c}"/>'
           '<w:sz w:val="24"/></w:rPr><w:t>{t}</w:t></w:r>')
    paragraphs = []
    size = 0
    while size < 24 * 1024 * 1024:
        word = "".join(rng.choice(letters) for _ in range(6))
        p = ('<w:p><w:pPr><w:spacing w:after="120" w:line="276"/></w:pPr>'
             + run.format(c=f"{rng.randrange(16**6):06X}", t=word) + run.format(c="000000", t="") + "</w:p>")
        paragraphs.append(p)
        size += len(p)
    paragraphs.append("<w:p><w:r><w:t>slutord</w:t></w:r></w:p>")
    xml = f'<?xml version="1.0"?><w:document {W_NS}><w:body>{"".join(paragraphs)}</w:body></w:document>'.encode()
    data = bombs.with_members(bombs.word_file(), replace={"word/document.xml": xml})
    assert len(xml) / len(data) < 100  # not a bomb: the guard lets it pass
    text = extracted(tmp_path, "stor.docx", data, limits=sandbox.Limits(seconds=60, memory_mb=48))
    assert text.endswith("slutord")
    assert len(text.splitlines()) == len(paragraphs)


def test_text_is_cut_at_max_chars(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_CHARS", 1000)
    assert len(extracted(tmp_path, "noter.txt", "æ".encode() * 5000)) == 1000
    # (the child process has its own MAX_CHARS: what comes back is cut here too)
    assert len(extracted(tmp_path, "stor.docx", bombs.word_file(["ord " * 100] * 50))) == 1000


def test_pdf_and_plain_text(tmp_path):
    assert "Driftsaftalen med leverandoren" in extracted(tmp_path, "a.pdf", bombs.pdf_text("Driftsaftalen med leverandoren"))
    assert extracted(tmp_path, "a.txt", "Referat – æøå".encode()) == "Referat – æøå"
    assert extracted(tmp_path, "b.csv", "Region;Beløb\nNord;1000".encode("cp1252")) == "Region;Beløb\nNord;1000"
    assert extracted(tmp_path, "c.png", b"\x89PNG") == ""


@pytest.mark.parametrize("name,make,reason", [
    ("bombe.docx", lambda: bombs.docx_bomb(300), "refused by the zip guard: ratio"),
    ("latter.docx", bombs.billion_laughs, "error (XMLSyntaxError"),
    ("dyb.docx", lambda: bombs.deep_xml(5000), "Excessive depth"),
    ("ødelagt.docx", lambda: b"PK\x03\x04" + b"\x00" * 64, "refused by the zip guard: damaged"),
    ("ødelagt.pdf", lambda: b"%PDF-1.4\n%%EOF", "error ("),
    ("langsom.pdf", lambda: bombs.pdf_slow(20, 3), "timeout"),
])
def test_a_file_too_hard_to_read_gives_no_text_and_a_reason(tmp_path, name, make, reason):
    with pytest.raises(extract.NoText) as err:
        extracted(tmp_path, name, make(), limits=sandbox.Limits(seconds=3, memory_mb=200))
    assert reason in err.value.reason
