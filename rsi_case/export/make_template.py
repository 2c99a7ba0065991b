"""Write the Word template of the exports: ``templates/docx/rsi-sag.docx``.

The template is the organisation's to restyle: open it in Word, change the
styles, the letterhead in the page header, margins or fonts, and save it
under the same name — the exports only ever refer to the styles by name
(``STYLES`` below) and never set a font, size or colour themselves. This
script made the first version and documents what the builder relies on:

    .venv/bin/python -m rsi_case.export.make_template [path]
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "docx" / "rsi-sag.docx"

# every style the builder uses (it fails loudly if a restyled template lost one)
STYLES = {
    "paragraph": ["Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Paragraph",
                  "Quote", "Footer", "Header", "TOC Heading", "TOC 1",
                  "RSI Dokumenttype", "RSI Metadata", "RSI Brevhoved", "RSI Sidefod", "RSI Forside titel",
                  "RSI Forside undertitel", "RSI Dokumentstart", "RSI Billedtekst", "RSI Tabeltekst",
                  "RSI Tabeloverskrift"],
    "character": ["Hyperlink"],
    "table": ["RSI Tabel", "RSI Hovedblok"],
}
# the two multi-level lists, found by name in numbering.xml
BULLETS, NUMBERS = "RSI Punktopstilling", "RSI Nummerering"

INK = RGBColor(0x1F, 0x2A, 0x44)
ACCENT = RGBColor(0x1D, 0x4E, 0x89)
GREY = RGBColor(0x59, 0x5F, 0x69)
FONT = "Arial"  # LibreOffice uses the metric-compatible Liberation Sans
# The language every run is declared in unless it says otherwise: Word spell-checks and
# hyphenates by it (python-docx's default template says en-US, so Word checked Danish as English)
LANGUAGE = "da-DK"


def _font(style, size=None, bold=None, italic=None, color=None, caps=None):
    f = style.font
    f.name = FONT
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if color is not None:
        f.color.rgb = color
    if caps is not None:
        f.all_caps = caps
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(docx.oxml.ns.qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # a theme font would win
        fonts.attrib.pop(docx.oxml.ns.qn(attr), None)


def declare_danish(doc) -> None:
    """Declare the document Danish: the default run language (docDefaults) and the theme's
    font language, in styles.xml, settings.xml and Word 2010's copy of the styles
    (stylesWithEffects.xml) — wherever the template says en-US."""
    w = docx.oxml.ns.qn
    styles = doc.styles.element
    defaults = styles.find(w("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    lang = rpr.find(w("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(w("w:val"), LANGUAGE)
    lang.set(w("w:eastAsia"), LANGUAGE)
    for style_lang in styles.iter(w("w:lang")):  # a style that names a language names Danish
        for attr in ("w:val", "w:eastAsia"):
            if style_lang.get(w(attr)) == "en-US":
                style_lang.set(w(attr), LANGUAGE)
    settings = doc.settings.element
    theme_lang = settings.find(w("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(w("w:val"), LANGUAGE)
        if theme_lang.get(w("w:eastAsia")) == "en-US":
            theme_lang.set(w("w:eastAsia"), LANGUAGE)
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = part.blob.replace(b'w:val="en-US"', f'w:val="{LANGUAGE}"'.encode()).replace(
                b'w:eastAsia="en-US"', f'w:eastAsia="{LANGUAGE}"'.encode())
    doc.core_properties.language = LANGUAGE


def _paragraph_style(doc, name, base="Normal"):
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
        style.quick_style = True
    return style


def _table_style(doc, name, xml_inner):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    for child in parse_xml(f"<w:root {nsdecls('w')}>{xml_inner}</w:root>"):
        style.element.append(child)
    return style


def _numbering(doc):
    """Two multi-level lists (bullets; 1. a. i.) that the builder restarts per list."""
    numbering = doc.part.numbering_part.element
    levels_bullet = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{sym}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{360 + 360 * i}" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr></w:lvl>'
        for i, (sym, font) in enumerate([("•", FONT), ("–", FONT), ("▪", FONT)] * 3))
    formats = [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3."), ("decimal", "%4."),
               ("lowerLetter", "%5."), ("lowerRoman", "%6."), ("decimal", "%7."), ("lowerLetter", "%8."),
               ("lowerRoman", "%9.")]
    levels_number = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{400 + 400 * i}" w:hanging="400"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(formats))
    for abstract_id, name, levels in ((90, BULLETS, levels_bullet), (91, NUMBERS, levels_number)):
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>{levels}</w:abstractNum>')
        first_num = numbering.find(docx.oxml.ns.qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)


def build(path: Path = TEMPLATE) -> Path:
    doc = docx.Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != docx.oxml.ns.qn("w:sectPr"):
            body.remove(child)
    doc.core_properties.title = "RSI Sag — skabelon"
    doc.core_properties.author = "RSI Sag"
    declare_danish(doc)

    normal = doc.styles["Normal"]
    _font(normal, 10.5, color=INK)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before, after in (("Heading 1", 14, 14, 6), ("Heading 2", 12, 12, 4), ("Heading 3", 11, 10, 3)):
        style = doc.styles[name]
        _font(style, size, bold=True, italic=False, color=ACCENT)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    _font(doc.styles["Title"], 20, bold=True, color=INK)
    doc.styles["Title"].paragraph_format.space_after = Pt(12)
    title_ppr = doc.styles["Title"].element.pPr
    if title_ppr is not None:  # the default template draws a rule under Title
        for border in title_ppr.findall(docx.oxml.ns.qn("w:pBdr")):
            title_ppr.remove(border)
    _font(doc.styles["Subtitle"], 13, italic=False, color=GREY)
    _font(doc.styles["Quote"], 10.5, italic=True, color=GREY)
    doc.styles["Quote"].paragraph_format.left_indent = Cm(1)
    _font(doc.styles["List Paragraph"], 10.5, color=INK)
    doc.styles["List Paragraph"].paragraph_format.space_after = Pt(3)
    _font(doc.styles["TOC Heading"], 14, bold=True, color=ACCENT)

    toc1 = _paragraph_style(doc, "TOC 1")
    _font(toc1, 10.5, color=INK)
    toc1.paragraph_format.space_after = Pt(4)
    toc1.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    kind = _paragraph_style(doc, "RSI Dokumenttype")
    _font(kind, 10, bold=True, color=ACCENT, caps=True)
    kind.paragraph_format.space_before = Pt(18)
    kind.paragraph_format.space_after = Pt(2)
    meta = _paragraph_style(doc, "RSI Metadata")
    _font(meta, 9, color=INK)
    meta.paragraph_format.space_after = Pt(0)
    meta.paragraph_format.line_spacing = 1.0
    letterhead = _paragraph_style(doc, "RSI Brevhoved", base="Header")
    _font(letterhead, 9, color=GREY)
    letterhead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    letterhead.paragraph_format.space_after = Pt(0)
    footer = _paragraph_style(doc, "RSI Sidefod")
    _font(footer, 8, color=GREY)
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    cover = _paragraph_style(doc, "RSI Forside titel", base="Title")
    _font(cover, 26, bold=True, color=INK)
    cover.paragraph_format.space_before = Pt(120)
    cover_sub = _paragraph_style(doc, "RSI Forside undertitel", base="Subtitle")
    _font(cover_sub, 14, color=GREY)
    cover_sub.paragraph_format.space_after = Pt(36)
    start = _paragraph_style(doc, "RSI Dokumentstart", base="Heading 1")
    _font(start, 16, bold=True, color=INK)
    start.paragraph_format.page_break_before = True
    start.paragraph_format.space_before = Pt(0)
    caption = _paragraph_style(doc, "RSI Billedtekst")
    _font(caption, 9, italic=True, color=GREY)
    cell = _paragraph_style(doc, "RSI Tabeltekst")
    _font(cell, 9.5, color=INK)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    head = _paragraph_style(doc, "RSI Tabeloverskrift", base="RSI Tabeltekst")
    _font(head, 9.5, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF))

    link = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = ACCENT
    link.font.underline = True

    border = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6B0BF"/>'
    borders = "".join(border.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    _table_style(doc, "RSI Tabel", (
        '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="19"/></w:rPr>'
        f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1D4E89"/></w:tcPr></w:tblStylePr>'))
    _table_style(doc, "RSI Hovedblok", (
        '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>'
        '<w:tblPr><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="120" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:color w:val="595F69"/></w:rPr></w:tblStylePr>'))
    _numbering(doc)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)
    header = section.header
    first = header.paragraphs[0]
    first.style = letterhead
    run = first.add_run("Regionernes fælles sundheds-it")
    run.bold = True
    header.add_paragraph("Sekretariatet · Dampfærgevej 22 · 2100 København Ø · www.regioner.dk", style=letterhead)
    section.footer.paragraphs[0].style = footer

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(build(Path(argv[0]) if argv else TEMPLATE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
