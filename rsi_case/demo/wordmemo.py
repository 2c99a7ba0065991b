"""Build a Word memo the way the secretariat's old system made them: a header
block (Dato, Sag nr., Dokumentnr., Sagsbehandler, Tlf., E-mail), the word
NOTAT, a title and the body. Used for demo attachments, the sample file in
docs/eksempler/ and the import tests."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.shared import Pt


def build_memo(*, title: str, paragraphs: list[tuple[str, str]], date: dt.date | None = None,
               case_number: str | None = None, document_number: str | None = None,
               author: str = "", phone: str = "", email: str = "", kind_word: str = "NOTAT",
               header_as_table: bool = True, core_title: str | None = None) -> bytes:
    """``paragraphs`` is a list of (style, text): style is "h1", "h2", "p",
    "bullet", "number", "bold" or "table:" followed by rows separated by "|"
    and cells by ";"."""
    document = docx.Document()
    document.core_properties.title = core_title if core_title is not None else title
    document.core_properties.author = author
    fields = []
    if date:
        fields.append(("Dato", date.strftime("%d-%m-%Y")))
    if case_number:
        fields.append(("Sag nr.", case_number))
    if document_number:
        fields.append(("Dokumentnr.", document_number))
    if author:
        fields.append(("Sagsbehandler", author))
    if phone:
        fields.append(("Tlf.", phone))
    if email:
        fields.append(("E-mail", email))
    if fields:
        if header_as_table:
            table = document.add_table(rows=len(fields), cols=2)
            for row, (label, value) in zip(table.rows, fields):
                row.cells[0].text = label + ":"
                row.cells[1].text = value
        else:
            for label, value in fields:
                document.add_paragraph(f"{label}: {value}")
    if kind_word:
        p = document.add_paragraph()
        run = p.add_run(kind_word)
        run.bold = True
        run.font.size = Pt(16)
    document.add_heading(title, level=1)
    for style, text in paragraphs:
        if style == "h1":
            document.add_heading(text, level=1)
        elif style == "h2":
            document.add_heading(text, level=2)
        elif style == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif style == "number":
            document.add_paragraph(text, style="List Number")
        elif style == "bold":
            p = document.add_paragraph()
            p.add_run(text).bold = True
        elif style.startswith("table"):
            rows = [r.split(";") for r in text.split("|")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows):
                for cell, value in zip(row.cells, values):
                    cell.text = value
        else:
            p = document.add_paragraph()
            # a little emphasis, as real memos have
            if "**" in text:
                for i, part in enumerate(text.split("**")):
                    run = p.add_run(part)
                    run.bold = i % 2 == 1
            else:
                p.add_run(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SAMPLE = dict(
    title="Fælles udbud af laboratoriesystem – status efter prækvalifikation",
    date=dt.date(2011, 3, 14),
    case_number="09/2867",
    document_number="18342/11",
    author="Lone Bech Hansen",
    phone="+45 7841 2210",
    email="lbh@rsi-sag.dk",
    paragraphs=[
        ("h2", "Baggrund"),
        ("p", "Styregruppen besluttede den 15. december 2009 at gennemføre et **fælles udbud** af "
              "laboratoriesystem for de fem regioner. Prækvalifikationen blev afsluttet i februar 2011."),
        ("h2", "Prækvalifikation"),
        ("p", "Der indkom fem ansøgninger. Fire leverandører blev prækvalificeret på baggrund af referencer, "
              "økonomisk formåen og erfaring med laboratoriesystemer i nordisk sundhedsvæsen."),
        ("bullet", "Fire leverandører går videre til tilbudsfasen"),
        ("bullet", "Én ansøgning blev afvist som ukonditionsmæssig"),
        ("h2", "Tidsplan"),
        ("table", "Milepæl;Dato|Udbudsmateriale udsendes;1. april 2011|Tilbudsfrist;15. juni 2011|Kontrakt underskrives;1. oktober 2011"),
        ("h2", "Indstilling"),
        ("p", "Sekretariatet indstiller, at styregruppen tager orienteringen til efterretning."),
    ],
)


def sample_memo() -> bytes:
    return build_memo(**SAMPLE)
