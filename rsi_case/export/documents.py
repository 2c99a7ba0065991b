"""The three Word exports: a memo, a whole case file, and a redline between
two versions. Each takes plain data (``Memo``, ``CaseInfo``) so it can be
built in a request, a test or a benchmark alike; the words on the page come
from the gettext catalog through ``translate``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import lxml.html
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from ..documents.diff import word_diff
from ..documents.sanitize import element_text
from ..i18n import _, format_date, today as danish_today
from .builder import WordBuilder, clean_text

HEADING_OF_BLOCK = {"h1": "Heading 1", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 3",
                    "h6": "Heading 3", "blockquote": "Quote"}

L = {  # every label on the page (Danish through the catalog)
    "date": _("docx-date", default="Date"),
    "case": _("docx-case", default="Case no."),
    "document": _("docx-document", default="Document no."),
    "author": _("docx-author", default="Case officer"),
    "from": _("docx-from", default="From"),
    "to": _("docx-to", default="To"),
    "phone": _("docx-phone", default="Phone"),
    "email": _("docx-email", default="E-mail"),
    "trace": _("docx-trace", default="Document no. ${number} · Version ${version} — ${status}"),
    "case_trace": _("docx-case-trace", default="Case ${number} · case file printed ${date}"),
    "cover": _("docx-cover", default="Case ${number}"),
    "status": _("docx-status", default="Status"),
    "category": _("docx-category", default="Category"),
    "responsible": _("docx-responsible", default="Responsible"),
    "opened": _("docx-opened", default="Opened"),
    "lead_region": _("docx-lead-region", default="Lead region"),
    "regions": _("docx-regions", default="Participating regions"),
    "documents": _("docx-documents", default="Documents in this file"),
    "printed": _("docx-printed", default="Printed ${date} by ${name}"),
    "sent": _("docx-sent", default="Sent to the board ${date} by ${name}"),
    "aktliste": _("docx-aktliste", default="Document list"),
    "toc": _("docx-toc", default="Contents"),
    "col_no": _("docx-col-no", default="No."),
    "col_number": _("docx-col-number", default="Document no."),
    "col_kind": _("docx-col-kind", default="Type"),
    "col_title": _("docx-col-title", default="Title"),
    "col_date": _("docx-col-date", default="Date"),
    "col_status": _("docx-col-status", default="Status"),
    "empty_body": _("docx-empty-body", default="(The document has no text.)"),
    "redline_kind": _("docx-redline-kind", default="Changes"),
    "redline_versions": _("docx-redline-versions", default="Version ${a} (${date_a}) → version ${b} (${date_b})"),
    "redline_compared": _("docx-redline-compared", default="Compared"),
    "redline_by": _("docx-redline-by", default="Changed by"),
    "redline_note": _("docx-redline-note", default="The changes are Word's own tracked changes: use Review → Accept or Reject. Text that only moved is shown deleted in its old place and inserted in its new one."),
    "redline_none": _("docx-redline-none", default="The text of the two versions is the same."),
    "redline_meta": _("docx-redline-meta", default="Changed fields"),
    "redline_field": _("docx-redline-field", default="Field"),
    "redline_before": _("docx-redline-before", default="Before"),
    "redline_after": _("docx-redline-after", default="After"),
    "redline_trace": _("docx-redline-trace", default="Document no. ${number} · changes from version ${a} to ${b}"),
    "pack": _("docx-pack", default="Meeting pack"),
    "pack_when": _("docx-pack-when", default="${title} ${date} at ${start}"),
    "pack_place": _("docx-pack-place", default="Place"),
    "pack_participants": _("docx-pack-participants", default="Participants"),
    "pack_state": _("docx-pack-state", default="State"),
    "pack_agenda": _("docx-pack-agenda", default="Agenda"),
    "pack_item": _("docx-pack-item", default="Item ${n}: ${title}"),
    "pack_late": _("docx-pack-late", default="(added after the agenda was sent)"),
    "pack_recommendation": _("docx-pack-recommendation", default="Recommendation"),
    "pack_papers": _("docx-pack-papers", default="Papers"),
    "pack_no_papers": _("docx-pack-no-papers", default="No papers."),
    "pack_annex": _("docx-pack-annex", default="Annex ${n}: ${title}"),
    "pack_annex_follows": _("docx-pack-annex-follows", default="Annex ${n} will follow (it is still a draft)."),
    "pack_annex_draft": _("docx-pack-annex-draft", default="(draft: will follow to the board when it is final)"),
    "pack_closed": _("docx-pack-closed", default="The item is closed: it is read by those who may open its case."),
    "pack_trace": _("docx-pack-trace", default="Meeting pack · ${title} ${date}"),
    "pack_item_trace": _("docx-pack-item-trace", default="Meeting pack · ${title} ${date} · item ${n}"),
    "add_kind": _("docx-add-kind", default="Addendum to the meeting pack"),
    "add_title": _("docx-add-title", default="Changes since the meeting pack of ${date}"),
    "add_meeting": _("docx-add-meeting", default="Meeting"),
    "add_new_items": _("docx-add-new-items", default="New items"),
    "add_new_item": _("docx-add-new-item", default="Item ${n}: ${title}"),
    "add_withdrawn": _("docx-add-withdrawn", default="Withdrawn items"),
    "add_withdrawn_item": _("docx-add-withdrawn-item", default="Item ${n}: ${title} is withdrawn"),
    "add_changed": _("docx-add-changed", default="Changed items"),
    "add_changed_item": _("docx-add-changed-item", default="Item ${n}: ${title} (changed: ${fields})"),
    "add_field_title": _("docx-add-field-title", default="Title"),
    "add_field_recommendation": _("docx-add-field-recommendation", default="New recommendation"),
    "add_field_case": _("docx-add-field-case", default="Case"),
    "add_before_after": _("docx-add-before-after", default="Before: ${before}. Now: ${after}."),
    "add_none": _("docx-add-none", default="(none)"),
    "add_renumbered": _("docx-add-renumbered", default="Renumbered items"),
    "add_renumbered_item": _("docx-add-renumbered-item", default="Item ${old} is now item ${new}: ${title}"),
    "add_new_papers": _("docx-add-new-papers", default="New annexes"),
    "add_removed_papers": _("docx-add-removed-papers", default="Removed annexes"),
    "add_removed_paper": _("docx-add-removed-paper", default="Annex ${n}: ${number} ${title} is no longer part of the pack"),
    "add_new_versions": _("docx-add-new-versions", default="Annexes in a new version"),
    "add_new_version": _("docx-add-new-version", default="Annex ${n}: ${number} ${title}, version ${version} (was version ${old})"),
    "add_version_title": _("docx-add-version-title", default="${title} (version ${version})"),
    "add_trace": _("docx-add-trace", default="Addendum to the meeting pack · ${title} ${date} · changes since ${since}"),
}


@dataclasses.dataclass
class Memo:
    number: str
    case_number: str
    case_title: str
    kind: str
    kind_label: str
    title: str
    doc_date: dt.date
    status: str
    status_label: str
    version: int
    author_name: str = ""
    author_phone: str = ""
    author_email: str = ""
    body_html: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    parties: dict | None = None  # a filed mail's {"from": …, "to": …}


@dataclasses.dataclass
class CaseInfo:
    number: str
    title: str
    status_label: str
    category_label: str
    responsible: str
    opened_on: dt.date | None
    lead_region: str
    regions: str
    printed_by: str


def _header_block(b: WordBuilder, memo: Memo, t, container=None) -> None:
    rows = [(t("date"), format_date(memo.doc_date)), (t("case"), memo.case_number), (t("document"), memo.number)]
    if memo.parties:
        rows += [(t("from"), memo.parties["from"] or "—"), (t("to"), memo.parties["to"] or "—")]
    for key, value in (("author", memo.author_name), ("phone", memo.author_phone), ("email", memo.author_email)):
        if value:
            rows.append((t(key), value))
    _info_table(b, rows, container)


def _info_table(b: WordBuilder, rows, container=None, label_width=Cm(3.4)) -> None:
    container = container if container is not None else b.doc
    table = container.add_table(rows=len(rows), cols=2)
    table.style = b.doc.styles["RSI Hovedblok"]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = parse_xml(f'<w:tblLook {nsdecls("w")}/>')
        table._tbl.tblPr.append(look)
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:firstColumn"), "1")
    look.set(qn("w:val"), "0080")
    _column_widths(table, [label_width, Cm(16) - label_width])
    for row, (label, value) in zip(table.rows, rows):
        for cell, text in zip(row.cells, (label, value)):
            p = cell.paragraphs[0]
            p.style = b.doc.styles["RSI Metadata"]
            p.add_run(clean_text(text))
    b.paragraph("")


def _body(b: WordBuilder, memo: Memo, t, heading_offset: int) -> None:
    written = b.html(memo.body_html or "", heading_offset=heading_offset)
    if not written:
        p = b.paragraph(t("empty_body"))
        for run in p.runs:
            run.italic = True


def _core(b: WordBuilder, title: str, author: str, subject: str, keywords: str, category: str,
          created: dt.datetime | None, modified: dt.datetime | None, identifier: str = "", version: str = "",
          comments: str = "") -> None:
    cp = b.doc.core_properties
    cp.title = clean_text(title)[:255]
    cp.author = clean_text(author)[:255]
    cp.last_modified_by = clean_text(author)[:255]
    cp.subject = clean_text(subject)[:255]
    cp.keywords = clean_text(keywords)[:255]
    cp.category = clean_text(category)[:255]
    cp.identifier = clean_text(identifier)[:255]
    cp.version = clean_text(version)[:255]
    cp.comments = clean_text(comments)[:255]
    cp.language = "da-DK"
    cp.revision = 1
    if created:
        cp.created = created.replace(tzinfo=None) if created.tzinfo is None else created.astimezone(dt.UTC).replace(tzinfo=None)
    if modified:
        cp.modified = modified.replace(tzinfo=None) if modified.tzinfo is None else modified.astimezone(dt.UTC).replace(tzinfo=None)


def danish():
    """The Danish localizer's translate (for exports built outside a request)."""
    from pathlib import Path

    from pyramid.i18n import make_localizer

    return make_localizer("da", [str(Path(__file__).resolve().parents[1] / "locale")]).translate


def _translator(translate):
    translate = translate or danish()

    def t(key, **mapping):
        return translate(L[key], mapping=mapping or None)
    return t


def new_builder(resolve_image=None, base_url: str = "", template=None) -> WordBuilder:
    kwargs = {"resolve_image": resolve_image, "base_url": base_url}
    if template is not None:
        kwargs["template"] = template
    return WordBuilder(**kwargs)


# -- a memo ----------------------------------------------------------------------

def write_memo(b: WordBuilder, memo: Memo, t) -> None:
    b.paragraph(memo.kind_label.upper(), "RSI Dokumenttype")
    b.paragraph(memo.title, "Title")
    _header_block(b, memo, t)
    _body(b, memo, t, heading_offset=0)


def memo_docx(memo: Memo, translate=None, resolve_image=None, base_url: str = "", template=None) -> bytes:
    t = _translator(translate)
    b = new_builder(resolve_image, base_url, template)
    write_memo(b, memo, t)
    b.footer(t("trace", number=memo.number, version=memo.version, status=memo.status_label))
    _core(b, memo.title, memo.author_name, f"{memo.case_number} {memo.case_title}",
          f"{memo.number}; {memo.case_number}", memo.kind_label, memo.created_at, memo.updated_at,
          identifier=memo.number, version=str(memo.version), comments=memo.status_label)
    return b.save()


# -- a case file -------------------------------------------------------------------

def case_file_docx(case: CaseInfo, memos: list[Memo], translate=None, resolve_image=None, base_url: str = "",
                   template=None, today: dt.date | None = None) -> bytes:
    t = _translator(translate)
    today = today or danish_today()
    b = new_builder(resolve_image, base_url, template)
    # cover
    b.paragraph(t("cover", number=case.number), "RSI Forside titel")
    b.paragraph(case.title, "RSI Forside undertitel")
    rows = [(t("status"), case.status_label), (t("category"), case.category_label),
            (t("responsible"), case.responsible), (t("opened"), format_date(case.opened_on))]
    if case.lead_region:
        rows.append((t("lead_region"), case.lead_region))
    if case.regions:
        rows.append((t("regions"), case.regions))
    rows.append((t("documents"), str(len(memos))))
    _info_table(b, rows, label_width=Cm(4.5))
    b.paragraph(t("printed", date=format_date(today), name=case.printed_by), "RSI Metadata")
    # document list (aktliste)
    start = b.paragraph(t("aktliste"), "RSI Dokumentstart")
    start.paragraph_format.keep_with_next = True
    headers = [t("col_no"), t("col_number"), t("col_kind"), t("col_title"), t("col_date"), t("col_status")]
    rows_html = "".join(
        f"<tr><td>{i}</td><td>{_esc(m.number)}</td><td>{_esc(m.kind_label)}</td><td>{_title_cell(m, t)}</td>"
        f"<td>{format_date(m.doc_date)}</td><td>{_esc(m.status_label)}</td></tr>" for i, m in enumerate(memos, 1))
    b.html(f"<table><thead><tr>{''.join(f'<th>{_esc(h)}</th>' for h in headers)}</tr></thead>"
           f"<tbody>{rows_html}</tbody></table>")
    _column_widths(b.doc.tables[-1], [Cm(0.9), Cm(2.4), Cm(3.2), Cm(5.6), Cm(2.1), Cm(1.8)])
    # contents: one line per document, a link to it and its page number as a
    # PAGEREF field to its bookmark (LibreOffice computes these when it lays the
    # file out; Word refreshes them on opening). Not a Word TOC field: inside
    # one, LibreOffice keeps the stale cached result.
    b.paragraph(t("toc"), "TOC Heading")
    toc_paragraphs = [b.paragraph("", "TOC 1") for _m in memos]
    # documents, each from a new page
    bookmarks = []
    for memo in memos:
        heading = b.paragraph(f"{memo.title}", "RSI Dokumentstart")
        bookmarks.append(b.bookmark(heading))
        b.paragraph(f"{memo.kind_label} · {memo.number}".upper(), "RSI Dokumenttype")
        _header_block(b, memo, t)
        _body(b, memo, t, heading_offset=1)
    for p, memo, mark in zip(toc_paragraphs, memos, bookmarks):
        b.toc_line(p, memo.number, memo.title, mark, hanging=Cm(2.1))
    b.update_fields_on_open()
    b.footer(t("case_trace", number=case.number, date=format_date(today)))
    _core(b, f"{case.number} {case.title}", case.printed_by, case.title, case.number, case.category_label,
          None, None, identifier=case.number)
    return b.save()


def _title_cell(memo: Memo, t) -> str:
    """The aktliste's title, and a filed mail's parties under it."""
    if not memo.parties:
        return _esc(memo.title)
    return (f"<p>{_esc(memo.title)}</p><p>{_esc(t('from'))}: {_esc(memo.parties['from'] or '—')}</p>"
            f"<p>{_esc(t('to'))}: {_esc(memo.parties['to'] or '—')}</p>")


def _column_widths(table, widths) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _esc(text) -> str:
    from html import escape

    return escape(clean_text(text), quote=False)


# -- a redline ------------------------------------------------------------------------

@dataclasses.dataclass
class Side:
    """One of the two versions compared."""
    number: int
    created_at: dt.datetime
    author: str


def redline_docx(memo: Memo, changes, meta, a: Side, b_side: Side, translate=None, resolve_image=None,
                 base_url: str = "", template=None, attribute=None) -> bytes:
    """``changes`` from ``documents.diff.diff_blocks``; ``meta`` from
    ``meta_changes`` as (label, before, after). Insertions and deletions are
    tracked changes by whoever made them: ``attribute(change)`` gives
    (author, time) — the version that brought the change in — and without it
    every change is the later version's author's, at its time."""
    t = _translator(translate)
    b = new_builder(resolve_image, base_url, template)
    author, when = b_side.author or "RSI Sag", b_side.created_at
    who = {}
    for change in changes:
        if change.op != "equal":
            who[id(change)] = (attribute(change) if attribute else None) or (author, when)
    authors = sorted({name for name, _when in who.values()}) or [author]
    b.paragraph(f"{memo.kind_label} — {t('redline_kind')}".upper(), "RSI Dokumenttype")
    b.paragraph(memo.title, "Title")
    rows = [(t("case"), memo.case_number), (t("document"), memo.number),
            (t("redline_compared"), t("redline_versions", a=a.number, date_a=format_date(a.created_at),
                                      b=b_side.number, date_b=format_date(b_side.created_at))),
            (t("redline_by"), ", ".join(authors))]
    _info_table(b, rows)
    note = b.paragraph(t("redline_note"), "RSI Billedtekst")
    note.paragraph_format.space_after = Cm(0.3)
    if meta:
        b.paragraph(t("redline_meta"), "Heading 2")
        table = b.doc.add_table(rows=1 + len(meta), cols=3)
        table.style = b.doc.styles["RSI Tabel"]
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for cell, text in zip(table.rows[0].cells, (t("redline_field"), t("redline_before"), t("redline_after"))):
            cell.paragraphs[0].style = b.doc.styles["RSI Tabeloverskrift"]
            cell.paragraphs[0].add_run(text)
        for row, (label, before, after) in zip(table.rows[1:], meta):
            cells = row.cells
            cells[0].paragraphs[0].style = b.doc.styles["RSI Tabeltekst"]
            cells[0].paragraphs[0].add_run(clean_text(label))
            for cell, text, kind in ((cells[1], before, "w:del"), (cells[2], after, "w:ins")):
                p = cell.paragraphs[0]
                p.style = b.doc.styles["RSI Tabeltekst"]
                run = p.add_run(clean_text(text))
                b.track_runs(p._p, kind, author, when, runs=[run._r])
        b.paragraph("")
    if not any(c.op != "equal" for c in changes):
        b.paragraph(t("redline_none"), "RSI Billedtekst")
    previous_list = None  # (ordered) of the list the previous block belonged to
    for change in changes:
        block = change.new if change.new is not None else change.old
        ordered = _list_type(block.html) if block.kind == "li" else None
        continuing = ordered is not None and previous_list == ordered
        by, at = who.get(id(change), (author, when))
        if change.op == "equal":
            b.html(change.new.html, continue_list=continuing)
        elif change.op in ("insert", "moved-to"):
            b.mark_inserted(b.html(change.new.html, continue_list=continuing), by, at)
        elif change.op in ("delete", "moved-from"):
            b.mark_deleted(b.html(change.old.html, continue_list=continuing), by, at)
        else:  # a changed block: its words
            _changed_block(b, change, by, at, continuing, ordered)
        previous_list = ordered
    b.footer(t("redline_trace", number=memo.number, a=a.number, b=b_side.number))
    _core(b, f"{memo.title} — {t('redline_kind')}", author, f"{memo.case_number} {memo.case_title}",
          f"{memo.number}; {memo.case_number}", memo.kind_label, None, when, identifier=memo.number,
          version=f"{a.number}-{b_side.number}")
    return b.save()


def _list_type(html: str) -> bool:
    return html.lstrip().startswith("<ol")


def _cells(html: str) -> list[str]:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return []
    return [element_text(c) for c in root.iter("td", "th")]


def _changed_block(b: WordBuilder, change, author, when, continuing: bool, ordered) -> None:
    old, new = change.old, change.new
    if new.kind == "tr":
        old_cells, new_cells = _cells(old.html), _cells(new.html)
        if old_cells and len(old_cells) == len(new_cells):
            written = b.html(new.html)
            tables = [el for el in written if el.tag == qn("w:tbl")]
            if tables:
                cells = list(tables[0].iter(qn("w:tc")))
                for tc, before, after in zip(cells, old_cells, new_cells):
                    for child in [c for c in tc if c.tag in (qn("w:p"), qn("w:tbl"))]:
                        tc.remove(child)
                    from docx.table import _Cell

                    cell = _Cell(tc, b.doc)
                    b.tracked_paragraph(word_diff(before, after), "RSI Tabeltekst", author, when, container=cell)
                return
    if new.kind == "li":
        p = b.tracked_paragraph(change.words, "List Paragraph", author, when)
        b.number_paragraph(p, bool(ordered), continuing)
        return
    style = HEADING_OF_BLOCK.get(new.kind, "Normal")
    b.tracked_paragraph(change.words, style, author, when)


# -- a meeting pack ---------------------------------------------------------------------

@dataclasses.dataclass
class PackItem:
    number: int
    title: str
    case_number: str = ""
    case_title: str = ""
    recommendation: str = ""
    late: bool = False
    papers: list = dataclasses.field(default_factory=list)  # [Memo]
    closed: bool = False  # a closed item (meetings.access): its number and "Lukket punkt" as its title, nothing else
    labels: list = dataclasses.field(default_factory=list)   # the papers' annex labels ("2.1"); none: 1, 2, 3 …
    pending: list = dataclasses.field(default_factory=list)  # labels of the papers that follow (drafts the reader
    #                                                          may not read: their label only, never their title)
    drafts: list = dataclasses.field(default_factory=list)   # labels of papers here that are drafts (they follow
    #                                                          to the board once final)

    def annexes(self) -> list[tuple[str, "Memo | None"]]:
        """(label, paper) in annex order; the paper None for one that follows."""
        labels = self.labels or [f"{self.number}.{k}" for k in range(1, len(self.papers) + 1)]
        rows = list(zip(labels, self.papers)) + [(label, None) for label in self.pending]
        return sorted(rows, key=lambda row: [int(part) for part in row[0].split(".") if part.isdigit()])


_ANNEX_PREFIX = re.compile(r"^\s*(?:bilag|annex)\s+\d+(?:\.\d+)*\s*[:.\u2013\u2014-]?\s*", re.IGNORECASE)


def annex_title(title: str) -> str:
    """A paper's title under its annex label: without an annex label of its own
    ("Bilag 4.1: Hovedpunkter …" is written once as "Bilag 4.1: Hovedpunkter …",
    not "Bilag 4.1: Bilag 4.1: …"; a paper keeps its old label in its title when
    it is laid before another meeting, where its label is another)."""
    stripped = _ANNEX_PREFIX.sub("", title or "", count=1)
    return stripped or title


@dataclasses.dataclass
class PackInfo:
    title: str
    date: dt.date
    start: str
    place: str
    state_label: str
    meetings_case: str
    participants: list
    printed_by: str
    sent: bool = False  # a pack as sent to the board says "Udsendt", not "Udskrevet"


def meeting_pack_docx(info: PackInfo, items: list[PackItem], translate=None, resolve_image=None,
                      base_url: str = "", template=None, today: dt.date | None = None) -> bytes:
    """The whole meeting for the board: a front page, the agenda with item
    numbers and page references, then each item (case, recommendation, its
    annexes "Bilag 3.2") and each annex from a new page with its header block."""
    t = _translator(translate)
    today = today or danish_today()
    b = new_builder(resolve_image, base_url, template)
    b.paragraph(t("pack"), "RSI Forside titel")
    b.paragraph(t("pack_when", title=info.title, date=format_date(info.date), start=info.start), "RSI Forside undertitel")
    rows = [(t("pack_place"), info.place), (t("pack_state"), info.state_label), (t("case"), info.meetings_case)]
    if info.participants:
        rows.append((t("pack_participants"), ", ".join(info.participants)))
    _info_table(b, rows, label_width=Cm(4.5))
    b.paragraph(t("sent" if info.sent else "printed", date=format_date(today), name=info.printed_by), "RSI Metadata")
    start = b.paragraph(t("pack_agenda"), "RSI Dokumentstart")
    start.paragraph_format.keep_with_next = True
    agenda_lines = []
    for item in items:
        p = b.paragraph("", "TOC 1")
        agenda_lines.append(p)
    item_marks = [_write_item(b, item, t) for item in items]
    for p, item, mark in zip(agenda_lines, items, item_marks):
        b.toc_line(p, f"{item.number}.", item.title, mark, hanging=Cm(0.8), tail=t("pack_late") if item.late else "")
    b.update_fields_on_open()
    b.footer(t("pack_trace", title=info.title, date=format_date(info.date)))
    _core(b, f"{t('pack')} {info.title} {format_date(info.date)}", info.printed_by, info.title, info.meetings_case,
          t("pack"), None, None, identifier=info.meetings_case)
    return b.save()


def _write_item(b: WordBuilder, item: PackItem, t, heading_style: str = "RSI Dokumentstart") -> str:
    """One agenda item: its heading (bookmarked; the name is returned), case,
    recommendation and list of annexes, then each annex from a new page."""
    heading = b.paragraph(t("pack_item", n=item.number, title=item.title), heading_style)
    mark = b.bookmark(heading)
    if item.late:
        b.paragraph(t("pack_late"), "RSI Billedtekst")
    if item.closed:
        b.paragraph(t("pack_closed"), "RSI Billedtekst")
        return mark
    if item.case_number:
        _info_table(b, [(t("case"), f"{item.case_number} {item.case_title}")])
    if item.recommendation:
        b.paragraph(t("pack_recommendation"), "Heading 2")
        b.paragraph(item.recommendation)
    b.paragraph(t("pack_papers"), "Heading 2")
    annexes = item.annexes()
    if not annexes:
        b.paragraph(t("pack_no_papers"), "RSI Billedtekst")
    for label, memo in annexes:
        if memo is None:
            b.paragraph(t("pack_annex_follows", n=label), "List Paragraph")
            continue
        line = t("pack_annex", n=label, title=f"{memo.number} {annex_title(memo.title)}")
        b.paragraph(line + (" " + t("pack_annex_draft") if label in item.drafts else ""), "List Paragraph")
    for label, memo in annexes:
        if memo is not None:
            _write_annex(b, label, memo, t)
    return mark


def _write_annex(b: WordBuilder, label: str, memo: Memo, t, title: str | None = None) -> None:
    """A paper laid before the board, from a new page: "Bilag 2.1: title", its kind and number, header block, text."""
    b.paragraph(t("pack_annex", n=label, title=title or annex_title(memo.title)), "RSI Dokumentstart")
    b.paragraph(f"{memo.kind_label} · {memo.number}".upper(), "RSI Dokumenttype")
    _header_block(b, memo, t)
    _body(b, memo, t, heading_offset=1)


def meeting_item_docx(info: PackInfo, item: PackItem, translate=None, resolve_image=None, base_url: str = "",
                      template=None) -> bytes:
    """One agenda item of the meeting pack on its own: the same pages as in the whole pack."""
    t = _translator(translate)
    b = new_builder(resolve_image, base_url, template)
    b.paragraph(t("pack_when", title=info.title, date=format_date(info.date), start=info.start).upper(),
                "RSI Dokumenttype")
    _write_item(b, item, t, heading_style="Title")
    b.footer(t("pack_item_trace", title=info.title, date=format_date(info.date), n=item.number))
    _core(b, f"{t('pack_item', n=item.number, title=item.title)}", info.printed_by,
          f"{info.title} {format_date(info.date)}", f"{info.meetings_case}; {item.case_number}".strip("; "),
          t("pack"), None, None, identifier=info.meetings_case)
    return b.save()


# -- an addendum to a meeting pack already sent --------------------------------------------

@dataclasses.dataclass
class Addendum:
    """What changed since the pack (or addendum) of ``since``: lists to read, and
    papers to read in full (new items with their annexes, new annexes, newer versions)."""
    since: dt.date
    new_items: list = dataclasses.field(default_factory=list)       # [PackItem], written in full
    withdrawn: list = dataclasses.field(default_factory=list)       # [(old number, title)]
    changed: list = dataclasses.field(default_factory=list)         # [(number, title, [(field, before, after)])]
    renumbered: list = dataclasses.field(default_factory=list)      # [(old number, new number, title)]
    new_papers: list = dataclasses.field(default_factory=list)      # [(annex label, Memo)], written in full
    removed_papers: list = dataclasses.field(default_factory=list)  # [(old annex label, number, title)]
    new_versions: list = dataclasses.field(default_factory=list)    # [(annex label, Memo, old version)], in full


ADDENDUM_FIELDS = {"title": "add_field_title", "recommendation": "add_field_recommendation", "case": "add_field_case"}


def addendum_lines(addendum: Addendum, translate=None) -> list[tuple[str, list[str]]]:
    """The addendum's summary as (section heading, lines), for the Word file and the stored document alike."""
    t = _translator(translate)
    sections = [
        (t("add_new_items"), [t("add_new_item", n=i.number, title=i.title)
                              + (" " + t("pack_late") if i.late else "") for i in addendum.new_items]),
        (t("add_withdrawn"), [t("add_withdrawn_item", n=n, title=title) for n, title in addendum.withdrawn]),
        (t("add_changed"), [t("add_changed_item", n=n, title=title,
                              fields=", ".join(t(ADDENDUM_FIELDS[f]) for f, _b, _a in fields))
                            for n, title, fields in addendum.changed]),
        (t("add_renumbered"), [t("add_renumbered_item", old=old, new=new, title=title)
                               for old, new, title in addendum.renumbered]),
        (t("add_new_papers"), [t("pack_annex", n=label, title=f"{m.number} {annex_title(m.title)}")
                               for label, m in addendum.new_papers]),
        (t("add_removed_papers"), [t("add_removed_paper", n=label, number=number, title=title)
                                   for label, number, title in addendum.removed_papers]),
        (t("add_new_versions"), [t("add_new_version", n=label, number=m.number, title=m.title, version=m.version,
                                   old=old) for label, m, old in addendum.new_versions]),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def pack_addendum_docx(info: PackInfo, addendum: Addendum, translate=None, resolve_image=None, base_url: str = "",
                       template=None, today: dt.date | None = None) -> bytes:
    """A short "changed since the pack of <date>": what is new or changed,
    then only the new and changed texts, so the board reads nothing twice."""
    t = _translator(translate)
    today = today or danish_today()
    b = new_builder(resolve_image, base_url, template)
    b.paragraph(t("add_kind").upper(), "RSI Dokumenttype")
    b.paragraph(t("add_title", date=format_date(addendum.since)), "Title")
    _info_table(b, [(t("add_meeting"), t("pack_when", title=info.title, date=format_date(info.date), start=info.start)),
                    (t("pack_place"), info.place), (t("case"), info.meetings_case)], label_width=Cm(4.5))
    b.paragraph(t("sent" if info.sent else "printed", date=format_date(today), name=info.printed_by), "RSI Metadata")
    for heading, lines in addendum_lines(addendum, translate):
        b.paragraph(heading, "Heading 1")
        for line in lines:
            b.paragraph(line, "List Paragraph")
    for n, title, fields in addendum.changed:
        b.paragraph(t("pack_item", n=n, title=title), "Heading 2")
        for field, before, after in fields:
            b.paragraph(t(ADDENDUM_FIELDS[field]), "Heading 3")
            if field == "recommendation":
                b.paragraph(after or t("add_none"))
            else:
                b.paragraph(t("add_before_after", before=before or t("add_none"), after=after or t("add_none")))
    for item in addendum.new_items:
        _write_item(b, item, t)
    for label, memo in addendum.new_papers:
        _write_annex(b, label, memo, t)
    for label, memo, old in addendum.new_versions:
        _write_annex(b, label, memo, t, title=t("add_version_title", title=annex_title(memo.title), version=memo.version))
    b.footer(t("add_trace", title=info.title, date=format_date(info.date), since=format_date(addendum.since)))
    _core(b, t("add_title", date=format_date(addendum.since)), info.printed_by, f"{info.title} {format_date(info.date)}",
          info.meetings_case, t("add_kind"), None, None, identifier=info.meetings_case)
    return b.save()
