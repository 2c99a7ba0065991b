"""Turn a held-out memo's source (``memos/*.txt``) into a real Word file.

The sources are written by hand in a small plain-text markup, so the set can
be read, reviewed and regenerated; this module makes of each one the kind
of .docx a secretariat produces in Word: a header block (Dato, Sag nr.,
Dokumentnr., Sagsbehandler, Tlf., E-mail) as a table, as lines or in the
page header, the kind word (NOTAT, REFERAT, …), the title as Word's
Heading 1 or Title style, headings with Word's heading styles, bulleted and
numbered lists with Word's list styles, tables, bold runs and page breaks.

Source format::

    kind: NOTAT                  (the kind word; "-" for none)
    title: Cybersikkerhed i regionerne
    date: 12-03-2024
    case: 22/1140
    doc: 11802/24
    author: Mette Kjær Sørensen
    phone: +45 2163 4410
    email: mks@regionernes-sundheds-it.dk
    header: table                (table | lines | page: the header block as a table,
                                  as paragraphs, or in the page header)
    titlestyle: heading          (heading | title)
    ---
    # Heading 1 / ## Heading 2 / ### Heading 3
    A paragraph; lines until a blank line are one paragraph. **bold** runs.
    - a bulleted item
    1. a numbered item (Word's List Number style)
    | a table | row |            (consecutive rows are one table; the first is the header)
    ===                          (a page break)
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEMOS = HERE / "memos"


@dataclasses.dataclass
class MemoSource:
    name: str
    meta: dict
    body: list  # (kind, payload): ("h1"|"h2"|"h3"|"p"|"bullet"|"number", text) | ("table", rows) | ("break", None)

    @property
    def document_number(self) -> str:
        return self.meta["doc"]

    @property
    def case_number(self) -> str:
        return self.meta["case"]


def parse(text: str, name: str = "") -> MemoSource:
    head, _sep, rest = text.partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        if line.strip():
            key, _c, value = line.partition(":")
            meta[key.strip()] = value.strip()
    body: list = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush():
        if para:
            body.append(("p", " ".join(para)))
            para.clear()
        if table:
            body.append(("table", [row[:] for row in table]))
            table.clear()

    for raw in rest.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if line.startswith("|"):
            if para:
                flush()
            table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if table:
            flush()
        if line.strip() == "===":
            flush()
            body.append(("break", None))
        elif m := re.match(r"^(#{1,3}) (.+)$", line):
            flush()
            body.append((f"h{len(m.group(1))}", m.group(2).strip()))
        elif m := re.match(r"^- (.+)$", line):
            flush()
            body.append(("bullet", m.group(1).strip()))
        elif m := re.match(r"^\d+\. (.+)$", line):
            flush()
            body.append(("number", m.group(1).strip()))
        elif body and body[-1][0] in ("bullet", "number") and raw.startswith("  ") and not para:
            kind, prev = body[-1]
            body[-1] = (kind, prev + " " + line.strip())  # a list item continued on the next line
        else:
            para.append(line.strip())
    flush()
    return MemoSource(name=name, meta=meta, body=body)


def load(directory: Path = MEMOS) -> list[MemoSource]:
    return [parse(p.read_text(encoding="utf-8"), p.stem) for p in sorted(directory.glob("*.txt"))]


def _runs(paragraph, text: str) -> None:
    for i, part in enumerate(text.split("**")):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def build(memo: MemoSource) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    meta = memo.meta
    document = docx.Document()
    document.core_properties.title = meta.get("title", "")
    document.core_properties.author = meta.get("author", "")
    fields = [(label, meta[key]) for label, key in (
        ("Dato", "date"), ("Sag nr.", "case"), ("Dokumentnr.", "doc"), ("Sagsbehandler", "author"),
        ("Tlf.", "phone"), ("E-mail", "email")) if meta.get(key)]
    kind_word = meta.get("kind", "NOTAT")
    style = meta.get("header", "table")
    if style == "page":
        header = document.sections[0].header
        header.paragraphs[0].text = kind_word if kind_word != "-" else ""
        for label, value in fields:
            header.add_paragraph(f"{label}: {value}")
    elif style == "lines":
        for label, value in fields:
            document.add_paragraph(f"{label}: {value}")
    else:
        table = document.add_table(rows=len(fields), cols=2)
        for row, (label, value) in zip(table.rows, fields):
            row.cells[0].text = label + ":"
            row.cells[1].text = value
    if kind_word != "-" and style != "page":
        p = document.add_paragraph()
        run = p.add_run(kind_word)
        run.bold = True
        run.font.size = Pt(16)
    if meta.get("titlestyle") == "title":
        document.add_paragraph(meta["title"], style="Title")
    else:
        document.add_heading(meta["title"], level=1)
    for kind, payload in memo.body:
        if kind in ("h1", "h2", "h3"):
            # the memo's own title is Heading 1: its chapters start one level down
            document.add_heading(payload, level=min(3, int(kind[1]) + 1))
        elif kind == "bullet":
            _runs(document.add_paragraph(style="List Bullet"), payload)
        elif kind == "number":
            _runs(document.add_paragraph(style="List Number"), payload)
        elif kind == "table":
            width = max(len(r) for r in payload)
            table = document.add_table(rows=len(payload), cols=width)
            table.style = "Table Grid"
            for r, (row, values) in enumerate(zip(table.rows, payload)):
                for cell, value in zip(row.cells, values + [""] * (width - len(values))):
                    cell.text = ""
                    _runs(cell.paragraphs[0], f"**{value}**" if r == 0 and value else value)
        elif kind == "break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            _runs(document.add_paragraph(), payload)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plain_text(memo: MemoSource) -> str:
    """The memo's words (for the judging aid and page estimates), not its Word file."""
    parts = [memo.meta.get("title", "")]
    for kind, payload in memo.body:
        if kind == "table":
            parts.extend(" ".join(row) for row in payload)
        elif payload:
            parts.append(payload.replace("**", ""))
    return "\n".join(parts)


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Write the held-out memos as .docx files (to inspect them).")
    ap.add_argument("out", help="folder for the .docx files")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for memo in load():
        (out / f"{memo.name}.docx").write_bytes(build(memo))
        words = len(plain_text(memo).split())
        print(f"{memo.name:45} {memo.document_number:9} {memo.case_number:8} {words:6} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
