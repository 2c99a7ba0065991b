"""Real clients for Word files in tests: LibreOffice converts a .docx to PDF
(``soffice --headless --convert-to pdf``), poppler reads its text
(``pdftotext``), pypdf counts its pages, and python-docx reads the file back.

``.ci/run`` installs LibreOffice and poppler; a missing tool fails the test
(it is not skipped). Each conversion gets its own LibreOffice profile, so
parallel test workers do not fight over one.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import docx
from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice (soffice) is not installed: run .ci/run, which installs it"
    return path


def to_pdf(data: bytes, workdir: Path, name: str = "export") -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"{name}.docx"
    source.write_bytes(data)
    profile = workdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
        capture_output=True, text=True, timeout=240)
    pdf = workdir / f"{name}.pdf"
    assert result.returncode == 0 and pdf.exists(), f"LibreOffice could not convert: {result.stdout} {result.stderr}"
    shutil.rmtree(profile, ignore_errors=True)
    return pdf


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is not installed: run .ci/run, which installs it"
    out = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def read_back(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def check_package(data: bytes) -> etree._Element:
    """What Word's "repair" complains about, as far as a test can see it: a
    sound zip, well-formed parts, every relationship id used in the body
    defined, every list pointing to a defined numbering, every table cell
    ending in a paragraph, unique ids of bookmarks and tracked changes."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= names
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(z.read(name))  # well-formed
        body = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        numbering = etree.fromstring(z.read("word/numbering.xml")) if "word/numbering.xml" in names else None
    rel_ids = {r.get("Id") for r in rels}
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    for el in body.iter():
        for attr in (R + "id", R + "embed"):
            if el.get(attr):
                assert el.get(attr) in rel_ids, f"undefined relationship {el.get(attr)}"
    if numbering is not None:
        nums = {n.get(W + "numId") for n in numbering.iter(W + "num")}
        for num_id in body.iter(W + "numId"):
            assert num_id.get(W + "val") in nums, "a list refers to an undefined numbering"
    for tc in body.iter(W + "tc"):
        blocks = [c for c in tc if c.tag in (W + "p", W + "tbl")]
        assert blocks and blocks[-1].tag == W + "p", "a table cell must end with a paragraph"
    for tag in ("ins", "del"):
        ids = [el.get(W + "id") for el in body.iter(W + tag)]
        assert all(ids)
    revision_ids = [el.get(W + "id") for el in body.iter(W + "ins", W + "del")]
    assert len(revision_ids) == len(set(revision_ids)), "tracked change ids must be unique"
    marks = [el.get(W + "name") for el in body.iter(W + "bookmarkStart")]
    assert len(marks) == len(set(marks))
    return body
