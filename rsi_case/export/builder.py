"""Sanitised body HTML into a Word document made from the template.

``WordBuilder`` opens ``templates/docx/rsi-sag.docx`` (styles, letterhead,
margins — see ``make_template``), empties its body and writes into it using
the template's named styles only: headings, paragraphs with bold, italic,
underline, strike-through, sub/superscript and links, real Word lists
(nested, numbered lists restart at 1 or at ``start``), tables with header
rows that repeat on every page and merged cells, nested tables, images, and
fields (page numbers, cross references). What the HTML allow-list lets into
a body (``documents/sanitize.py``) is what this handles; anything else is
read for its text.

Tracked changes for the redline (``mark_inserted`` / ``mark_deleted``) work
on whatever the builder wrote: runs are wrapped in ``w:ins`` / ``w:del``
(with ``w:delText``), paragraph marks and table rows are marked too, so Word
can accept or reject each change.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import lxml.html
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Length

from ..parsing import ascii_int
from .make_template import BULLETS, NUMBERS, STYLES, TEMPLATE, declare_danish

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
TEXT_WIDTH = Cm(16)  # A4 less the template's margins
TEXT_WIDTH_TWIPS = int(TEXT_WIDTH.twips)
TOC_NUMBER_COLUMN_TWIPS = int(Cm(1.2).twips)  # a contents line's text stops this far from the margin
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "hr", "div", "caption",
              "pre", "dl", "section", "article", "header", "footer"}
HEADING_LEVEL = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}


class TemplateError(Exception):
    """The Word template lacks a style the exports use."""


def clean_text(text) -> str:
    return _INVALID_XML.sub("", str(text or ""))


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class WordBuilder:
    def __init__(self, template: Path | str = TEMPLATE, resolve_image=None, base_url: str = ""):
        self.doc = docx.Document(str(template))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._check_styles()
        declare_danish(self.doc)  # also when a restyled template came from an English Word
        self.resolve_image = resolve_image  # src -> bytes | None
        self.base_url = base_url.rstrip("/")
        self.heading_offset = 0
        self._abstract = self._abstract_ids()
        self._bookmark = 0
        self._revision = 1000
        self.missing_images = 0
        self._continue_list = False
        self._last_list = None  # (ordered, numId) of the last top-level list

    # -- the template -------------------------------------------------------------

    def _check_styles(self) -> None:
        kinds = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
                 "table": WD_STYLE_TYPE.TABLE}
        names = {(s.name, s.type) for s in self.doc.styles}
        missing = [n for kind, ns in STYLES.items() for n in ns if (n, kinds[kind]) not in names]
        if missing:
            raise TemplateError(f"the Word template lacks the styles: {', '.join(missing)}")

    def _abstract_ids(self) -> dict[str, str]:
        numbering = self.doc.part.numbering_part.element
        out = {}
        for abstract in numbering.findall(qn("w:abstractNum")):
            name = abstract.find(qn("w:name"))
            if name is not None:
                out[name.get(qn("w:val"))] = abstract.get(qn("w:abstractNumId"))
        if BULLETS not in out or NUMBERS not in out:
            raise TemplateError(f"the Word template lacks the lists {BULLETS!r} and {NUMBERS!r}")
        return out

    def _new_list(self, ordered: bool, start: int | None = None) -> str:
        """A new w:num of the bulleted or numbered list: every list restarts."""
        numbering = self.doc.part.numbering_part.element
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        num_id = str(max(ids, default=0) + 1)
        abstract = self._abstract[NUMBERS if ordered else BULLETS]
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{start if (i == 0 and start) else 1}"/></w:lvlOverride>'
            for i in range(9)) if ordered else ""
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'))
        return num_id

    # -- plain pieces -----------------------------------------------------------------

    def paragraph(self, text: str = "", style: str = "Normal", container=None):
        container = container if container is not None else self.doc
        return container.add_paragraph(clean_text(text), style=style)

    def heading(self, text: str, level: int, container=None):
        style = "Heading %d" % max(1, min(3, level))
        return self.paragraph(text, style, container)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def add_field(self, paragraph, instruction: str, cached: str = "1", style: str | None = None):
        """A Word field (PAGE, NUMPAGES, PAGEREF …) with a cached result."""
        def run_with(child):
            r = OxmlElement("w:r")
            if style:
                rpr = OxmlElement("w:rPr")
                rs = OxmlElement("w:rStyle")
                rs.set(qn("w:val"), style)
                rpr.append(rs)
                r.append(rpr)
            r.append(child)
            paragraph._p.append(r)
            return r

        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        begin.set(qn("w:dirty"), "true")  # Word recomputes it when the file opens
        run_with(begin)
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run_with(instr)
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        run_with(sep)
        text = OxmlElement("w:t")
        text.text = cached
        run_with(text)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run_with(end)

    def bookmark(self, paragraph) -> str:
        """A bookmark around ``paragraph``'s content; returns its name."""
        self._bookmark += 1
        name = f"rsi_dok_{self._bookmark}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark))
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)
        return name

    def internal_link(self, paragraph, text: str, bookmark: str) -> None:
        """``text`` as a link to a bookmark in the same file."""
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("w:anchor"), bookmark)
        hyperlink.set(qn("w:history"), "1")
        paragraph._p.append(hyperlink)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = clean_text(text)
        run.append(t)
        hyperlink.append(run)

    def toc_line(self, paragraph, lead: str, text: str, bookmark: str, *, hanging: Length,
                 tail: str = "") -> None:
        """One contents line: ``lead`` (a number) and ``text`` as a link to
        ``bookmark``, then a dot leader and the page number (a PAGEREF field).

        Laid out so that the page number never gets a line of its own: the
        text wraps before a right indent (the number column) and under itself
        (a hanging indent after ``lead``), while the right tab with the dots
        stands in the number column, at the margin; so the number ends the
        last line of even a long title."""
        ppr = paragraph._p.get_or_add_pPr()
        for old in ppr.findall(qn("w:tabs")) + ppr.findall(qn("w:ind")):
            ppr.remove(old)
        hang = int(hanging.twips)
        ppr.append(parse_xml(
            f'<w:tabs {nsdecls("w")}><w:tab w:val="left" w:pos="{hang}"/>'
            f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'))
        ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="{hang}" w:hanging="{hang}" '
                             f'w:right="{TOC_NUMBER_COLUMN_TWIPS}"/>'))
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("w:anchor"), bookmark)
        hyperlink.set(qn("w:history"), "1")
        paragraph._p.append(hyperlink)
        for piece in (clean_text(lead), None, clean_text(text) + (" " + clean_text(tail) if tail else "")):
            run = OxmlElement("w:r")
            if piece is None:
                run.append(OxmlElement("w:tab"))
            else:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run.append(t)
            hyperlink.append(run)
        paragraph.add_run("\t")
        self.add_field(paragraph, f"PAGEREF {bookmark} \\h", cached="")

    def footer(self, left: str) -> None:
        """The page footer: a trace line (number, version, status) and "Side N af M"."""
        for section in self.doc.sections:
            footer = section.footer
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            for child in list(p._p):
                if child.tag != qn("w:pPr"):
                    p._p.remove(child)
            p.style = self.doc.styles["RSI Sidefod"]
            p.add_run(clean_text(left))
            p.add_run("\tSide ")
            self.add_field(p, "PAGE")
            p.add_run(" af ")
            self.add_field(p, "NUMPAGES")

    def update_fields_on_open(self) -> None:
        """Ask Word to refresh fields (the table of contents' page numbers) on opening."""
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            el = OxmlElement("w:updateFields")
            el.set(qn("w:val"), "true")
            settings.append(el)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    # -- HTML ---------------------------------------------------------------------------

    def html(self, html: str, container=None, heading_offset: int = 0, continue_list: bool = False) -> list:
        """Append a body; returns the block elements written (for tracked changes).
        ``continue_list``: a list at the start goes on numbering the last list
        written (the redline writes a list one item at a time)."""
        container = container if container is not None else self.doc
        before = len(self._blocks_of(container))
        self.heading_offset = heading_offset
        self._continue_list = continue_list
        html = clean_text(html)
        if html.strip():
            try:
                root = lxml.html.fragment_fromstring(html, create_parent="div")
            except Exception:  # (lxml refuses some broken input outright) — keep the text
                import html as htmlmod

                root = lxml.html.fragment_fromstring(f"<p>{htmlmod.escape(html)}</p>", create_parent="div")
            self._flow(root, container, "Normal")
        self._continue_list = False
        return self._blocks_of(container)[before:]

    def number_paragraph(self, paragraph, ordered: bool, continuing: bool) -> None:
        """Make ``paragraph`` an item of a list (the last one, if continuing)."""
        if continuing and self._last_list is not None and self._last_list[0] == ordered:
            num_id = self._last_list[1]
        else:
            num_id = self._new_list(ordered)
            self._last_list = (ordered, num_id)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))

    @staticmethod
    def _blocks_of(container) -> list:
        element = container.element.body if hasattr(container, "element") and hasattr(container.element, "body") \
            else container._tc if hasattr(container, "_tc") else container._element
        return [c for c in element if c.tag in (qn("w:p"), qn("w:tbl"))]

    def _flow(self, root, container, base_style: str) -> None:
        """Block-level content of ``root`` (a div, td, li, blockquote …)."""
        current = None  # the paragraph collecting loose inline content

        def loose():
            nonlocal current
            if current is None:
                current = self.paragraph("", base_style, container)
            return current

        if root.text and root.text.strip():
            self._text(loose(), root.text, {})
        for el in root:
            tag = _tag(el)
            if tag in BLOCK_TAGS or (tag == "img" and current is None and not (el.tail or "").strip()):
                current = None
                self._block(el, container, base_style)
            elif tag:
                self._inline(loose(), el, {})
            if el.tail and el.tail.strip():
                self._text(loose(), el.tail, {})
            elif el.tail and current is not None:
                self._text(current, el.tail, {})

    def _block(self, el, container, base_style: str) -> None:
        tag = _tag(el)
        if tag in HEADING_LEVEL:
            level = HEADING_LEVEL[tag] + self.heading_offset
            p = self.paragraph("", "Heading %d" % min(3, level), container)
            self._inline_children(p, el, {})
        elif tag in ("p", "pre", "caption"):
            style = "RSI Billedtekst" if tag == "caption" else base_style
            p = self.paragraph("", style, container)
            self._inline_children(p, el, {})
        elif tag in ("ul", "ol"):
            ordered = tag == "ol"
            num_id = None
            if self._continue_list and self._last_list is not None and self._last_list[0] == ordered:
                num_id = self._last_list[1]
            self._continue_list = False
            self._list(el, container, level=0, ordered=ordered, num_id=num_id)
        elif tag == "table":
            self._table(el, container)
        elif tag == "blockquote":
            self._flow(el, container, "Quote")
        elif tag == "hr":
            p = self.paragraph("", base_style, container)
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                                 f'w:color="A6B0BF"/></w:pBdr>'))
        elif tag == "img":
            p = self.paragraph("", base_style, container)
            self._image(p, el)
        else:  # div, section, dl …: their content
            self._flow(el, container, base_style)

    # -- inline ---------------------------------------------------------------------------

    def _text(self, paragraph, text: str, fmt: dict, link=None):
        text = _SPACE.sub(" ", clean_text(text))
        if not text:
            return None
        if not paragraph.runs and not paragraph._p.findall(qn("w:hyperlink")):
            text = text.lstrip()
            if not text:
                return None
        target = link if link is not None else paragraph._p
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        if link is not None:
            rs = OxmlElement("w:rStyle")
            rs.set(qn("w:val"), self.doc.styles["Hyperlink"].style_id)
            rpr.append(rs)
        for key, tag in (("bold", "w:b"), ("italic", "w:i"), ("strike", "w:strike")):
            if fmt.get(key):
                rpr.append(OxmlElement(tag))
        if fmt.get("underline"):
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "single")
            rpr.append(u)
        if fmt.get("valign"):
            va = OxmlElement("w:vertAlign")
            va.set(qn("w:val"), fmt["valign"])
            rpr.append(va)
        if len(rpr):
            run.append(rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        target.append(run)
        return run

    def _inline_children(self, paragraph, el, fmt: dict, link=None) -> None:
        if el.text:
            self._text(paragraph, el.text, fmt, link)
        for child in el:
            if _tag(child):
                self._inline(paragraph, child, fmt, link)
            if child.tail:
                self._text(paragraph, child.tail, fmt, link)

    def _inline(self, paragraph, el, fmt: dict, link=None) -> None:
        tag = _tag(el)
        fmt = dict(fmt)
        if tag in ("strong", "b"):
            fmt["bold"] = True
        elif tag in ("em", "i"):
            fmt["italic"] = True
        elif tag == "u":
            fmt["underline"] = True
        elif tag in ("s", "del", "strike"):
            fmt["strike"] = True
        elif tag == "sub":
            fmt["valign"] = "subscript"
        elif tag == "sup":
            fmt["valign"] = "superscript"
        elif tag == "br":
            run = OxmlElement("w:r")
            run.append(OxmlElement("w:br"))
            (link if link is not None else paragraph._p).append(run)
            return
        elif tag == "img":
            self._image(paragraph, el)
            return
        elif tag == "a" and link is None:
            href = (el.get("href") or "").strip()
            target = self._link_target(href)
            if target:
                hyperlink = OxmlElement("w:hyperlink")
                hyperlink.set(qn("r:id"), paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True))
                paragraph._p.append(hyperlink)
                self._inline_children(paragraph, el, fmt, hyperlink)
                return
        elif tag in BLOCK_TAGS:  # a block inside inline content (a list in a table cell's paragraph …)
            self._inline_children(paragraph, el, fmt, link)
            return
        self._inline_children(paragraph, el, fmt, link)

    def _link_target(self, href: str) -> str | None:
        if not href or _INVALID_XML.search(href):
            return None
        if re.match(r"(?i)^(https?:|mailto:)", href):
            return href
        if href.startswith("/") and self.base_url:
            return self.base_url + href
        return None

    def _image(self, paragraph, el) -> None:
        src = (el.get("src") or "").strip()
        alt = clean_text(el.get("alt") or "").strip()
        data = None
        if src and self.resolve_image is not None:
            try:
                data = self.resolve_image(src)
            except Exception:
                data = None
        if data:
            try:
                width = self._image_width(el)
                run = paragraph.add_run()
                run.add_picture(io.BytesIO(data), width=width)
                return
            except Exception:  # not an image python-docx can read
                pass
        self.missing_images += 1
        label = f"[Billede: {alt}]" if alt else "[Billede]"
        note = " — billedet kunne ikke hentes" if src else ""
        p_run = paragraph.add_run(label + note)
        p_run.italic = True

    @staticmethod
    def _image_width(el) -> Emu:
        width = ascii_int((el.get("width") or "").strip().rstrip("px"), 1)
        if width is not None:
            return Emu(min(int(TEXT_WIDTH), width * 9525))  # CSS pixels at 96 dpi
        return TEXT_WIDTH

    # -- lists --------------------------------------------------------------------------------

    def _list(self, el, container, level: int, ordered: bool, num_id: str | None) -> None:
        if not ordered and num_id is None and _typed_numbers(el):
            ordered = True  # "1. …", "2. …" typed into bullets: Word numbers them, once ("• 1." no more)
        if num_id is None:
            start = el.get("start")
            num_id = self._new_list(ordered, ascii_int(start, 0, 10**6 - 1))
        if level == 0:
            self._last_list = (ordered, num_id)
        stray = None  # text directly in the list, outside any item: a browser shows it, so do we

        def stray_paragraph():
            nonlocal stray
            if stray is None:
                stray = self.paragraph("", "List Paragraph", container)
                self._indent(stray, level)
            return stray

        if el.text and el.text.strip():
            self._text(stray_paragraph(), el.text, {})
        for li in el:
            if _tag(li) != "li":
                if _tag(li) in ("ul", "ol"):  # a list directly in a list: one level deeper
                    self._list(li, container, min(level + 1, 8), _tag(li) == "ol",
                               num_id if (_tag(li) == "ol") == ordered else None)
                    stray = None
                elif _tag(li) in BLOCK_TAGS:
                    self._block(li, container, "List Paragraph")
                    stray = None
                elif _tag(li):
                    self._inline(stray_paragraph(), li, {})
                if li.tail and li.tail.strip():
                    self._text(stray_paragraph(), li.tail, {})
                continue
            stray = None
            p = self._list_paragraph(container, num_id, level)
            current = p
            if li.text:
                self._text(current, li.text, {})
            for child in li:
                tag = _tag(child)
                if tag in ("ul", "ol"):
                    nested_ordered = tag == "ol"
                    self._list(child, container, min(level + 1, 8), nested_ordered,
                               num_id if nested_ordered == ordered and not child.get("start") else None)
                    current = None
                elif tag in ("p", "div") and current is not None and not current.runs:
                    self._inline_children(current, child, {})
                elif tag in BLOCK_TAGS:
                    if tag in ("p", "div"):
                        current = self.paragraph("", "List Paragraph", container)
                        self._indent(current, level)
                        self._inline_children(current, child, {})
                    else:
                        self._block(child, container, "List Paragraph")
                        current = None
                elif tag:
                    if current is None:
                        current = self.paragraph("", "List Paragraph", container)
                        self._indent(current, level)
                    self._inline(current, child, {})
                if child.tail and child.tail.strip():
                    if current is None:
                        current = self.paragraph("", "List Paragraph", container)
                        self._indent(current, level)
                    self._text(current, child.tail, {})
            if li.tail and li.tail.strip():
                self._text(stray_paragraph(), li.tail, {})

    def _list_paragraph(self, container, num_id: str, level: int):
        p = self.paragraph("", "List Paragraph", container)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        return p

    @staticmethod
    def _indent(paragraph, level: int) -> None:
        paragraph.paragraph_format.left_indent = Emu(int(Cm(0.64)) * (level + 1))

    # -- tables ---------------------------------------------------------------------------------

    def _table(self, el, container) -> None:
        rows = []  # (tr element, is_header)
        captions = []  # (a table has one; a pasted or hostile one may have more: none is lost)
        for child in el:
            tag = _tag(child)
            if tag == "caption":
                captions.append(child)
            elif tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, tag == "thead") for tr in child if _tag(tr) == "tr")
            elif tag == "tr":
                rows.append((child, False))
        rows = [(tr, head or (len(cells) > 0 and all(_tag(c) == "th" for c in cells)))
                for tr, head in rows for cells in [[c for c in tr if _tag(c) in ("td", "th")]]]
        for caption in captions:
            if not caption.text_content().strip() and not len(caption):
                continue  # (an empty caption is no caption)
            p = self.paragraph("", "RSI Billedtekst", container)
            self._inline_children(p, caption, {})
        if not rows:
            return
        # the grid, with colspan / rowspan (bounded: a hostile 10,000-column span is not a table)
        grid: dict[tuple[int, int], tuple] = {}
        placements = []
        # a span never reaches wider than the widest row has cells: colspan="99999" is not 99,999 columns
        widest = max(sum(1 for x in tr if _tag(x) in ("td", "th")) for tr, _head in rows) or 1
        for r, (tr, _head) in enumerate(rows):
            c = 0
            for cell in (x for x in tr if _tag(x) in ("td", "th")):
                while (r, c) in grid:
                    c += 1
                span = min(_span(cell.get("colspan")), widest)
                down = min(_span(cell.get("rowspan")), len(rows) - r)
                placements.append((r, c, span, down, cell))
                for dr in range(down):
                    for dc in range(span):
                        grid[(r + dr, c + dc)] = (r, c)
                c += span
        ncols = max((c + 1 for (_r, c) in grid), default=1)
        ncols = min(ncols, 63)  # Word's own limit
        table = container.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["RSI Tabel"]
        header_rows = 0
        for tr, head in rows:
            if not head:
                break
            header_rows += 1
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            table._tbl.tblPr.append(look)
        look.set(qn("w:firstRow"), "1" if header_rows else "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:noVBand"), "1")
        look.set(qn("w:val"), "04A0" if header_rows else "0400")
        for r in range(header_rows):  # repeat on every page
            trpr = table.rows[r]._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        for r, c, span, down, cell_el in placements:
            if c >= ncols:
                continue
            cell = table.cell(r, c)
            end_c, end_r = min(ncols - 1, c + span - 1), r + down - 1
            if end_c > c or end_r > r:
                cell = cell.merge(table.cell(end_r, end_c))
            self._cell(cell, cell_el, header=r < header_rows, bold=rows[r][1])

    def _cell(self, cell, el, header: bool, bold: bool) -> None:
        style = "RSI Tabeloverskrift" if header else "RSI Tabeltekst"
        first = cell.paragraphs[0]
        first.style = self.doc.styles[style]
        before = len(cell._tc)
        self._flow(el, cell, style)
        written = list(cell._tc)[before:]
        # the empty paragraph a new cell starts with: use it for the first paragraph
        if written and written[0].tag == qn("w:p") and not first.runs:
            cell._tc.remove(first._p)
        if cell._tc[-1].tag != qn("w:p"):  # Word wants a paragraph last in a cell
            cell.add_paragraph("", style=style)
        if bold and not header:  # a row of <th> further down: bold, as a browser shows it
            for r in cell._tc.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    r.insert(0, rpr)
                if rpr.find(qn("w:b")) is None:
                    rpr.append(OxmlElement("w:b"))

    # -- tracked changes ---------------------------------------------------------------------------

    def _revision_attrs(self, el, author: str, date: dt.datetime) -> None:
        self._revision += 1
        el.set(qn("w:id"), str(self._revision))
        el.set(qn("w:author"), clean_text(author) or "RSI Sag")
        el.set(qn("w:date"), date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def _mark(self, elements, kind: str, author: str, date: dt.datetime) -> None:
        for block in elements:
            for p in ([block] if block.tag == qn("w:p") else list(block.iter(qn("w:p")))):
                ppr = p.find(qn("w:pPr"))
                if ppr is None:
                    ppr = OxmlElement("w:pPr")
                    p.insert(0, ppr)
                rpr = ppr.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    ppr.append(rpr)
                mark = OxmlElement(kind)
                self._revision_attrs(mark, author, date)
                rpr.append(mark)
                self.track_runs(p, kind, author, date)
            if block.tag == qn("w:tbl"):
                for tr in block.iter(qn("w:tr")):
                    trpr = tr.find(qn("w:trPr"))
                    if trpr is None:
                        trpr = OxmlElement("w:trPr")
                        tr.insert(0, trpr)
                    mark = OxmlElement(kind)
                    self._revision_attrs(mark, author, date)
                    trpr.append(mark)

    def mark_inserted(self, elements, author: str, date: dt.datetime) -> None:
        self._mark(elements, "w:ins", author, date)

    def mark_deleted(self, elements, author: str, date: dt.datetime) -> None:
        self._mark(elements, "w:del", author, date)

    def track_runs(self, paragraph_element, kind: str, author: str, date: dt.datetime, runs=None) -> None:
        """Wrap runs of a paragraph in w:ins / w:del (w:t becomes w:delText)."""
        runs = runs if runs is not None else [r for r in paragraph_element.iter(qn("w:r"))
                                               if r.getparent().tag not in (qn("w:ins"), qn("w:del"))]
        for run in runs:
            wrapper = OxmlElement(kind)
            self._revision_attrs(wrapper, author, date)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "w:del":
                for t in run.findall(qn("w:t")):
                    t.tag = qn("w:delText")
                for t in run.findall(qn("w:instrText")):
                    t.tag = qn("w:delInstrText")

    def tracked_paragraph(self, words, style: str, author: str, date: dt.datetime, container=None):
        """A paragraph of (op, text) pieces: equal text plain, insertions and
        deletions as tracked changes."""
        p = self.paragraph("", style, container)
        for op, text in words:
            run = self._text(p, text, {})
            if run is None and op != "equal" and text:
                run = self._text_keep_space(p, text)
            if run is not None and op in ("insert", "delete"):
                self.track_runs(p._p, "w:ins" if op == "insert" else "w:del", author, date, runs=[run])
        return p

    def _text_keep_space(self, paragraph, text):
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = _SPACE.sub(" ", clean_text(text))
        run.append(t)
        paragraph._p.append(run)
        return run


_TYPED_NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+(?=\S)")


def _typed_numbers(el) -> bool:
    """Whether a bulleted list is really a numbered one whose numbers were
    typed (pasted from elsewhere): its items begin "1.", "2.", "3." … in
    order, at least two of them. Then the typed numbers are taken out (the
    list numbers its items itself) and True is returned. A list of dates
    ("1. december", "4. kvartal") does not count from 1 item by item."""
    items = [li for li in el if _tag(li) == "li"]
    if len(items) < 2:
        return False
    for n, li in enumerate(items, start=1):
        m = _TYPED_NUMBER.match(li.text or "")
        if m is None or int(m.group(1)) != n:
            return False
    for li in items:
        li.text = _TYPED_NUMBER.sub("", li.text, count=1)
    return True


def _span(raw) -> int:
    return max(1, min(ascii_int(raw) or 1, 50))
