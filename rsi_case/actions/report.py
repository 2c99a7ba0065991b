"""The status report (statusrapport) for the board: the action plans'
current state in Word — a front page, the totals per status and overdue,
then per project case a table of its actions with the latest progress note.

Built from plain data (``ReportCase``, ``ReportAction``) with the export
builder and the template's named styles only, so a request, a test or the
screenshot script can make one alike."""

from __future__ import annotations

import dataclasses
import datetime as dt

from docx.oxml import OxmlElement
from docx.shared import Cm

from ..export.documents import _column_widths, _core, _esc, _info_table, danish, new_builder
from ..i18n import _, format_date, today as danish_today

L = {  # every label on the page (Danish through the catalog)
    "title": _("docx-report-title", default="Progress report"),
    "subtitle": _("docx-report-subtitle", default="Action plans — status on ${date}"),
    "date": _("docx-date", default="Date"),
    "selection": _("docx-report-selection", default="Selection"),
    "projects": _("docx-report-projects", default="Projects"),
    "printed": _("docx-printed", default="Printed ${date} by ${name}"),
    "summary": _("docx-report-summary", default="Summary"),
    "col_status": _("docx-col-status", default="Status"),
    "col_count": _("docx-report-col-count", default="Actions"),
    "overdue_total": _("docx-report-overdue-total", default="Overdue (deadline passed, not completed)"),
    "total": _("docx-report-total", default="In all"),
    "overdue_note": _("docx-report-overdue-note",
                      default="Overdue actions are marked in bold: their deadline has passed and they are not completed, "
                              "whatever their status says."),
    "lead_region": _("docx-lead-region", default="Lead region"),
    "category": _("docx-category", default="Category"),
    "plan": _("docx-report-plan", default="Action plan"),
    "case_counts": _("docx-report-case-counts", default="${n} actions, ${overdue} overdue"),
    "col_no": _("docx-col-no", default="No."),
    "col_action": _("docx-report-col-action", default="Action"),
    "col_region": _("docx-report-col-region", default="Responsible"),
    "col_deadline": _("docx-report-col-deadline", default="Deadline"),
    "col_progress": _("docx-report-col-progress", default="Latest progress"),
    "overdue": _("docx-report-overdue", default="overdue"),
    "status_changed": _("docx-report-status-changed", default="Status changed to ${status}."),
    "none": _("docx-report-none", default="No actions match the selection."),
    "trace": _("docx-report-trace", default="Progress report · ${date}"),
}


@dataclasses.dataclass
class ReportAction:
    title: str
    region: str            # the region's name (or the secretariat)
    deadline: dt.date
    status: str            # code
    status_label: str
    overdue: bool
    note_on: dt.date | None = None
    note_text: str = ""


@dataclasses.dataclass
class ReportCase:
    number: str
    title: str
    lead_region: str
    category: str
    plans: list = dataclasses.field(default_factory=list)   # ["05044/13 Handlingsplan 2013 …"]
    actions: list = dataclasses.field(default_factory=list)  # [ReportAction]


def status_report_docx(cases: list[ReportCase], status_labels: dict[str, str], printed_by: str,
                       selection: str = "", translate=None, today: dt.date | None = None, template=None) -> bytes:
    """``status_labels``: status code -> its label, in the order to count them."""
    translate = translate or danish()

    def t(key, **mapping):
        return translate(L[key], mapping=mapping or None)

    today = today or danish_today()
    b = new_builder(template=template)
    actions = [a for c in cases for a in c.actions]
    # front
    b.paragraph(t("title"), "RSI Forside titel")
    b.paragraph(t("subtitle", date=format_date(today)), "RSI Forside undertitel")
    rows = [(t("date"), format_date(today))]
    if selection:
        rows.append((t("selection"), selection))
    rows.append((t("projects"), ", ".join(c.number for c in cases) or "—"))
    _info_table(b, rows, label_width=Cm(4.5))
    b.paragraph(t("printed", date=format_date(today), name=printed_by), "RSI Metadata")
    # the totals
    b.paragraph(t("summary"), "Heading 1")
    counts = {code: sum(1 for a in actions if a.status == code) for code in status_labels}
    overdue = sum(1 for a in actions if a.overdue)
    body = "".join(f"<tr><td>{_esc(label)}</td><td>{counts[code]}</td></tr>" for code, label in status_labels.items())
    body += f"<tr><td><strong>{_esc(t('overdue_total'))}</strong></td><td><strong>{overdue}</strong></td></tr>"
    body += f"<tr><td>{_esc(t('total'))}</td><td>{len(actions)}</td></tr>"
    b.html(f"<table><thead><tr><th>{_esc(t('col_status'))}</th><th>{_esc(t('col_count'))}</th></tr></thead>"
           f"<tbody>{body}</tbody></table>")
    _column_widths(b.doc.tables[-1], [Cm(11), Cm(5)])
    if overdue:
        b.paragraph(t("overdue_note"), "RSI Billedtekst")
    if not actions:
        b.paragraph(t("none"), "RSI Billedtekst")
    # per project
    for case in cases:
        heading = b.paragraph(f"{case.number} {case.title}", "Heading 1")
        heading.paragraph_format.keep_with_next = True
        n_overdue = sum(1 for a in case.actions if a.overdue)
        info = []
        if case.lead_region:
            info.append((t("lead_region"), case.lead_region))
        info.append((t("category"), case.category))
        for plan in case.plans:
            info.append((t("plan"), plan))
        info.append((t("col_status"), t("case_counts", n=len(case.actions), overdue=n_overdue)))
        _info_table(b, info, label_width=Cm(4.5))
        head = "".join(f"<th>{_esc(t(k))}</th>" for k in ("col_no", "col_action", "col_region", "col_deadline",
                                                          "col_status", "col_progress"))
        rows_html = []
        for i, a in enumerate(case.actions, 1):
            def strong(text, on=a.overdue):
                return f"<strong>{_esc(text)}</strong>" if on else _esc(text)
            status = strong(a.status_label + (f" — {t('overdue')}" if a.overdue else ""))
            if a.note_on is not None:
                text = a.note_text or t("status_changed", status=a.status_label)
                progress = f"{format_date(a.note_on)}: {_esc(text)}"
            else:
                progress = "—"
            rows_html.append(f"<tr><td>{i}</td><td>{strong(a.title)}</td><td>{_esc(a.region)}</td>"
                             f"<td>{strong(format_date(a.deadline))}</td><td>{status}</td><td>{progress}</td></tr>")
        b.html(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows_html)}</tbody></table>")
        table = b.doc.tables[-1]
        _column_widths(table, [Cm(0.8), Cm(4.0), Cm(2.3), Cm(2.3), Cm(2.6), Cm(4.0)])
        for row in table.rows:  # an action is read on one page
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        b.paragraph("")
    b.footer(t("trace", date=format_date(today)))
    _core(b, f"{t('title')} {format_date(today)}", printed_by, t("subtitle", date=format_date(today)),
          "; ".join(c.number for c in cases), t("title"), None, None)
    return b.save()


def status_report_html(cases: list[ReportCase], status_labels: dict[str, str], translate=None,
                       today: dt.date | None = None) -> str:
    """The same report as a document body (for filing it as a statusrapport
    in the case): the totals and, per project, its actions."""
    translate = translate or danish()

    def t(key, **mapping):
        return _esc(translate(L[key], mapping=mapping or None))

    today = today or danish_today()
    actions = [a for c in cases for a in c.actions]
    out = [f"<p>{t('subtitle', date=format_date(today))}</p>", f"<h2>{t('summary')}</h2>",
           f"<table><thead><tr><th>{t('col_status')}</th><th>{t('col_count')}</th></tr></thead><tbody>"]
    for code, label in status_labels.items():
        out.append(f"<tr><td>{_esc(label)}</td><td>{sum(1 for a in actions if a.status == code)}</td></tr>")
    out.append(f"<tr><td><strong>{t('overdue_total')}</strong></td>"
               f"<td><strong>{sum(1 for a in actions if a.overdue)}</strong></td></tr>")
    out.append(f"<tr><td>{t('total')}</td><td>{len(actions)}</td></tr></tbody></table>")
    for case in cases:
        out.append(f"<h2>{_esc(case.number)} {_esc(case.title)}</h2>")
        for plan in case.plans:
            out.append(f"<p>{t('plan')}: {_esc(plan)}</p>")
        head = "".join(f"<th>{t(k)}</th>" for k in ("col_no", "col_action", "col_region", "col_deadline",
                                                      "col_status", "col_progress"))
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        for i, a in enumerate(case.actions, 1):
            def strong(text, on=a.overdue):
                return f"<strong>{_esc(text)}</strong>" if on else _esc(text)
            progress = "—"
            if a.note_on is not None:
                progress = f"{format_date(a.note_on)}: " + (_esc(a.note_text) if a.note_text
                                                             else t("status_changed", status=a.status_label))
            status = strong(a.status_label + (" — " + translate(L["overdue"]) if a.overdue else ""))
            out.append(f"<tr><td>{i}</td><td>{strong(a.title)}</td><td>{_esc(a.region)}</td>"
                       f"<td>{strong(format_date(a.deadline))}</td><td>{status}</td><td>{progress}</td></tr>")
        out.append("</tbody></table>")
    if not actions:
        out.append(f"<p>{t('none')}</p>")
    return "".join(out)
