"""The answer to a request for access: the aktliste, and the package.

The package is ONE PDF -- the cover letter (templates/aktindsigt/svarbrev.pt,
the organisation's to edit), the aktliste, then the text of every released
document as released (``release.released_html``), in order -- written as a
Word file with the exports' builder and converted by LibreOffice, with the
released PDF attachments appended (pdfunite). Beside it a zip of the released
files: each released document as a PDF named by its number (``62947-09.pdf``)
and its released attachments (``62947-09-bilag-1.pdf``) -- no title words in
any name. The PDF's metadata is neutral ("Aktindsigt 26/0012").

Nothing is made while a document lacks a decision, was changed after it, or
cannot be released (``RedactionError``); and a package in which any withheld
passage can still be read (its text, its metadata, the zip's names and
contents) is refused too -- the last check, after everything is built.

LibreOffice, pdfunite and pdftotext run as their own process group with a
time limit (killed as one), each LibreOffice run with its own profile in a
temporary folder; pypdf (which reads the appended, untrusted PDFs) runs in the
limited child of rsi_case.sandbox.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from html import escape
from pathlib import Path

from docx.shared import Cm
from pyramid.renderers import render

from .. import sandbox
from ..documents.models import Document
from ..export.builder import clean_text
from ..export.documents import _column_widths, _core, _info_table, new_builder
from ..i18n import _, format_date, ngettext, pluralize, today as danish_today
from ..vocab import ACCESS_DECISIONS, ACCESS_GROUND_REFS, ACCESS_GROUNDS, DOCUMENT_KINDS
from . import pdf_redaction, services
from .redaction import RedactionError, found_in_text
from .release import RELEASED, all_redactions, released_files, released_html, released_title
from .release import problems as release_problems

PDF = "application/pdf"
ZIP = "application/zip"
CSV = "text/csv; charset=utf-8"


def _t(localizer, term, **mapping):
    return localizer.translate(term, mapping=mapping or None)


# -- the aktliste -------------------------------------------------------------------------

@dataclasses.dataclass
class AktRow:
    n: int
    document: Document
    decision: object | None  # AccessDecision
    title: str  # as released: a withheld passage is not in it
    changed: bool

    @property
    def released(self) -> bool:
        return self.decision is not None and self.decision.decision in RELEASED

    @property
    def ground_ref(self) -> str:
        return ACCESS_GROUND_REFS.get(self.decision.ground, "") if self.decision is not None else ""


def aktliste(db, localizer, user, access) -> list[AktRow]:
    """Every document of the concerned cases ``user`` may see, in number order, with its decision."""
    have = services.decisions(db, access)
    rows = []
    for n, doc in enumerate(services.documents(db, user, access), 1):
        decision = have.get(doc.id)
        title = released_title(db, localizer, access, decision) if decision is not None else doc.title
        rows.append(AktRow(n, doc, decision, title, services.changed_since_decided(decision, doc)))
    return rows


def row_labels(localizer, row: AktRow) -> dict:
    decision = row.decision
    return {
        "number": str(row.document.number), "date": format_date(row.document.doc_date), "title": row.title,
        "kind": _t(localizer, DOCUMENT_KINDS.get(row.document.kind, row.document.kind)),
        "decision": _t(localizer, ACCESS_DECISIONS[decision.decision]) if decision is not None
        else _t(localizer, _("access-package-undecided", default="not decided")),
        # the ground's label names its paragraph first ("§ 30, nr. 1 – enkeltpersoners private forhold")
        "ground": _t(localizer, ACCESS_GROUNDS[decision.ground])
        if decision is not None and decision.ground in ACCESS_GROUNDS else "",
        "ground_ref": row.ground_ref,
    }


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet does not run: a leading = + - @ (or tab/CR) is quoted away."""
    value = clean_text(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def aktliste_csv(localizer, rows: list[AktRow]) -> bytes:
    """The aktliste for a spreadsheet: semicolons and a BOM, as Danish Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_t(localizer, m) for m in (
        _("access-aktliste-col-n", default="No."), _("access-aktliste-col-number", default="Document no."),
        _("access-aktliste-col-date", default="Date"), _("access-aktliste-col-title", default="Title"),
        _("access-aktliste-col-kind", default="Kind"), _("access-aktliste-col-decision", default="Decision"),
        _("access-aktliste-col-ground", default="Ground"))])
    for row in rows:
        labels = row_labels(localizer, row)
        writer.writerow([str(row.n)] + [_cell(labels[k]) for k in ("number", "date", "title", "kind", "decision",
                                                                      "ground")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- what stands in the way of a package --------------------------------------------------

REDACTION_MESSAGES = {
    "redaction-not-found": _("access-package-redaction-not-found", default=(
        "A passage marked for withholding is no longer in the text (the document changed since it was marked): "
        "look at the withheld passages again.")),
    "redaction-not-removable": _("access-package-redaction-not-removable", default=(
        "A withheld passage could still be read after it was removed: the document cannot be released this way.")),
    "redaction-too-short": _("access-package-redaction-too-short", default=(
        "A withheld passage is too short to be found safely (at least two characters).")),
    "redaction-not-released": _("access-package-redaction-not-released", default=(
        "The decision releases nothing of this document.")),
    "redaction-attachment-not-pdf": _("access-package-redaction-attachment-not-pdf", default=(
        "An attachment of a document released in part is not a PDF and cannot be released in part: save it as PDF "
        "and attach the PDF instead, or decide the document otherwise.")),
    "redaction-pdf-encrypted": _("access-package-redaction-pdf-encrypted", default=(
        "A PDF attachment of a document released in part is locked with a password and cannot be redacted.")),
    "redaction-pdf-too-heavy": _("access-package-redaction-pdf-too-heavy", default=(
        "A PDF attachment of a document released in part is too large or too slow to redact.")),
    "redaction-pdf-too-many-pages": _("access-package-redaction-pdf-too-many-pages", default=(
        "A PDF attachment of a document released in part has too many pages to redact.")),
    "redaction-pdf-unreadable": _("access-package-redaction-pdf-unreadable", default=(
        "A PDF attachment of a document released in part cannot be read (damaged or not a PDF).")),
}
REDACTION_UNKNOWN = _("access-package-redaction-unknown", default="The document cannot be released as decided.")


def redaction_message(localizer, exc: RedactionError) -> str:
    return _t(localizer, REDACTION_MESSAGES.get(exc.msgid, REDACTION_UNKNOWN))


ANSWERED = _("access-package-answered", default="The request has been answered: its answer is approved and filed.")


@dataclasses.dataclass
class Problem:
    row: AktRow | None
    message: str


def problems(db, localizer, access, rows: list[AktRow]) -> list[Problem]:
    """What must be put right before a package can be made (translated)."""
    found = []
    if access.status != "aaben":
        found.append(Problem(None, _t(localizer, ANSWERED)))
    for row in rows:
        if row.decision is None:
            found.append(Problem(row, _t(localizer, _("access-package-no-decision",
                                                      default="The document has no decision yet."))))
            continue
        if row.changed:
            found.append(Problem(row, _t(localizer, _("access-package-changed", default=(
                "changed after the decision: look at the document and save its decision again.")))))
            continue
        if not row.released:
            continue
        if row.decision.decision == "delvis":
            # what stands in the way of releasing it in part, without reading its files: a page view
            # must not rebuild its PDFs (making the package does, and says so if one fails)
            found.extend(Problem(row, localizer.translate(msg))
                         for msg in release_problems(db, localizer, access, row.decision))
    return found


def decided_snapshot(rows: list[AktRow]) -> dict:
    """What a package is made from: document id -> [decision, ground, version decided]."""
    return {str(r.document.id): [r.decision.decision, r.decision.ground, r.decision.document_version]
            for r in rows if r.decision is not None}


# -- running the tools --------------------------------------------------------------------

class PackageFailed(Exception):
    """The package could not be made; ``message`` is a message id for the user."""

    def __init__(self, message, detail: str = "", mapping=None):
        super().__init__(f"{message}: {detail}" if detail else str(message))
        self.message = message
        self.mapping = mapping or {}
        self.detail = detail


TOOL_FAILED = _("access-package-tool-failed", default=(
    "The package could not be made (the conversion to PDF failed or took too long). Nothing was saved; try again "
    "in a moment."))

_LAUNCHER = (
    "import os, resource, sys\n"
    "mem, cpu = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "if mem:\n"
    "    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))\n"
    "os.execvp(sys.argv[3], sys.argv[3:])\n"
)


@dataclasses.dataclass(frozen=True)
class Limits:
    seconds: float = 120.0  # one LibreOffice run for the whole package
    memory_mb: int = 1024  # pdfunite and pdftotext (LibreOffice maps more than it uses: no address limit)
    # rebuilding the PDF attachments of documents released in part, all together: with LibreOffice's
    # run the package stays inside the web worker's timeout (production.ini: 300 s)
    redaction_seconds: float = 120.0
    pdf: pdf_redaction.PdfLimits = pdf_redaction.DEFAULT_LIMITS

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(seconds=float(settings.get("rsi_case.aktindsigt.convert_timeout_seconds", cls.seconds)),
                   memory_mb=int(settings.get("rsi_case.aktindsigt.tool_memory_mb", cls.memory_mb)),
                   redaction_seconds=float(settings.get("rsi_case.aktindsigt.redaction_budget_seconds",
                                                        cls.redaction_seconds)),
                   pdf=pdf_redaction.PdfLimits.from_settings(settings))


TOO_MUCH_TO_REDACT = _("access-package-too-much-to-redact", default=(
    "The PDF attachments of the documents released in part take too long to redact in one go. Nothing was saved: "
    "release fewer of them in part, or split the request's answer."))


def run_tool(args: list[str], workdir: str, seconds: float, memory_mb: int = 0) -> tuple[int, bytes]:
    """``args`` in its own process group, with CPU, core and (``memory_mb``) address-space limits;
    killed as a group after ``seconds``. Returns (exit code, stdout)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL")}
    env.update(HOME=workdir, TMPDIR=workdir, PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-I", "-c", _LAUNCHER, str(memory_mb * 1024 * 1024), str(int(seconds) + 1), *args]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, cwd=workdir, start_new_session=True)
    try:
        out, _err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        sandbox.kill_group(proc)
        raise PackageFailed(TOOL_FAILED, f"{args[0]}: more than {seconds:g} s") from None
    finally:
        sandbox.kill_group(proc)
    return proc.returncode, out



def to_pdf(sources: list[Path], workdir: Path, limits: Limits) -> list[Path]:
    """Word files to PDF, in one LibreOffice run with a profile of its own."""
    out = workdir / "pdf"
    out.mkdir()
    profile = (workdir / "profile").as_uri()
    code, _out = run_tool(["soffice", f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
                           "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out),
                           *map(str, sources)], str(workdir), limits.seconds)
    made = [out / (s.stem + ".pdf") for s in sources]
    missing = [p.name for p in made if not p.is_file() or p.stat().st_size == 0]
    if code != 0 or missing:
        raise PackageFailed(TOOL_FAILED, f"soffice exit {code}, missing {missing}")
    return made


def unite(pdfs: list[Path], out: Path, workdir: Path, limits: Limits) -> None:
    code, _out = run_tool(["pdfunite", *map(str, pdfs), str(out)], str(workdir), limits.seconds, limits.memory_mb)
    if code != 0 or not out.is_file():
        raise PackageFailed(TOOL_FAILED, f"pdfunite exit {code}")


def pdf_text(path: Path, workdir: Path, limits: Limits) -> str:
    code, out = run_tool(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], str(workdir), limits.seconds,
                         limits.memory_mb)
    if code != 0:
        raise PackageFailed(TOOL_FAILED, f"pdftotext exit {code}")
    return out.decode("utf-8", "replace")


def finish_pdf_in_child(src: str, dst: str, title: str, author: str, subject: str) -> dict:
    """The united PDF with neutral metadata only (pdfunite keeps none; the Word file's own are
    replaced, the appended files' are not carried over); returns its page count and what it says."""
    import logging

    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(src)
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": subject, "/Creator": "RSI Sag",
                         "/Producer": "RSI Sag"})
    with open(dst, "wb") as fh:
        writer.write(fh)
    check = PdfReader(dst)
    meta = check.metadata or {}
    return {"pages": len(check.pages), "meta": " ".join(str(v) for v in meta.values())}


sandbox.preload(__name__)


# -- building ------------------------------------------------------------------------------

@dataclasses.dataclass
class Built:
    pdf: bytes
    zip: bytes
    pages: int
    pdf_name: str
    zip_name: str


def safe_extension(filename: str, content_type: str) -> str:
    ext = os.path.splitext(filename or "")[1].lower()
    if re.fullmatch(r"\.[a-z0-9]{1,8}", ext):
        return ext
    return ".pdf" if content_type.split(";")[0].strip() == PDF else ".bin"


def neutral_title(access) -> str:
    return f"Aktindsigt {access.case.number}"


def base_name(access) -> str:
    return f"aktindsigt-{access.case.number.slug}"


def decision_lines(localizer, rows: list[AktRow]) -> list[str]:
    counts = {}
    for row in rows:
        counts[row.decision.decision] = counts.get(row.decision.decision, 0) + 1
    return [pluralize(localizer, DECISION_COUNTS[kind], counts[kind]) for kind in ACCESS_DECISIONS if counts.get(kind)]


DECISION_COUNTS = {
    "fuld": ngettext("Full access to ${n} document", "Full access to ${n} documents"),
    "delvis": ngettext("Partial access to ${n} document", "Partial access to ${n} documents"),
    "afslag": ngettext("Access refused to ${n} document", "Access refused to ${n} documents"),
    "ikke_omfattet": ngettext("${n} document is not covered by the request",
                              "${n} documents are not covered by the request"),
}


def letter_html(request, access, rows: list[AktRow], signer, on: dt.date) -> str:
    """The cover letter from the organisation's template, as HTML for the builder."""
    localizer = request.localizer
    used = sorted({r.decision.ground for r in rows if r.decision is not None and r.decision.ground in ACCESS_GROUNDS},
                  key=list(ACCESS_GROUNDS).index)
    values = {
        "organisation": (request.registry.settings.get("rsi_case.aktindsigt.organisation") or "").strip(),
        "requester_name": access.requester_name, "requester_contact": access.requester_contact,
        "date": format_date(on), "received": format_date(access.received_on),
        "case_number": str(access.case.number), "subject": access.subject,
        "decisions": decision_lines(localizer, rows),
        "grounds": [{"ref": ACCESS_GROUND_REFS[g], "label": _t(localizer, ACCESS_GROUNDS[g])} for g in used],
        "partly": any(r.decision is not None and r.decision.decision == "delvis" for r in rows),
        "documents": len(rows), "released": sum(1 for r in rows if r.released),
        "signer_name": signer.full_name, "signer_email": signer.email or "", "signer_phone": signer.phone or "",
    }
    return render("rsi_case:templates/aktindsigt/svarbrev.pt", values, request=request)


def _keep_ending_together(b, blocks: list, last: int = 3) -> None:
    """The letter's last paragraphs -- the end of the complaint guidance, the
    greeting and the signature, whatever the organisation's template says --
    on one page: a signature alone at the top of a page reads as a letter
    nobody signed."""
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(el, b.doc) for el in blocks if el.tag.endswith("}p")][-last:]
    for i, paragraph in enumerate(paragraphs):
        paragraph.paragraph_format.keep_together = True
        if i < len(paragraphs) - 1:
            paragraph.paragraph_format.keep_with_next = True


def _aktliste_table(b, localizer, rows: list[AktRow]) -> None:
    heads = [_t(localizer, m) for m in (
        _("access-aktliste-col-n", default="No."), _("access-aktliste-col-number", default="Document no."),
        _("access-aktliste-col-date", default="Date"), _("access-aktliste-col-title", default="Title"),
        _("access-aktliste-col-kind", default="Kind"), _("access-aktliste-col-decision", default="Decision"),
        _("access-aktliste-col-ground", default="Ground"))]
    body = []
    for row in rows:
        labels = row_labels(localizer, row)
        body.append("<tr>" + "".join(f"<td>{escape(v, quote=False)}</td>" for v in (
            str(row.n), labels["number"], labels["date"], labels["title"], labels["kind"], labels["decision"],
            labels["ground_ref"])) + "</tr>")
    b.html(f"<table><thead><tr>{''.join(f'<th>{escape(h, quote=False)}</th>' for h in heads)}</tr></thead>"
           f"<tbody>{''.join(body)}</tbody></table>")
    _column_widths(b.doc.tables[-1], [Cm(0.8), Cm(2.4), Cm(2.3), Cm(4.4), Cm(1.9), Cm(2.4), Cm(1.8)])


def _document_section(b, localizer, access, row: AktRow, html: str, files: list[str]) -> None:
    labels = row_labels(localizer, row)
    b.paragraph(f"{labels['number']} {labels['title']}", "RSI Dokumentstart")
    t = lambda m: _t(localizer, m)  # noqa: E731
    info = [(t(_("access-aktliste-col-number", default="Document no.")), labels["number"]),
            (t(_("access-aktliste-col-date", default="Date")), labels["date"]),
            (t(_("access-aktliste-col-kind", default="Kind")), labels["kind"]),
            (t(_("access-aktliste-col-decision", default="Decision")), labels["decision"])]
    if labels["ground"]:
        info.append((t(_("access-aktliste-col-ground", default="Ground")), labels["ground"]))
    if files:
        info.append((t(_("access-package-files", default="Released files")), ", ".join(files)))
    _info_table(b, info)
    written = b.html(html or "", heading_offset=1)
    if not written:
        p = b.paragraph(t(_("access-package-empty-body", default="(The document has no text of its own.)")))
        for run in p.runs:
            run.italic = True


def _finish(b, access, organisation: str) -> bytes:
    title = neutral_title(access)
    b.footer(title)
    _core(b, title, organisation, "Svar på anmodning om aktindsigt", "", "", None, None)
    return b.save()


def build(request, access, rows: list[AktRow], signer, store, limits: Limits, on: dt.date | None = None) -> Built:
    """The package's PDF and zip. Raises RedactionError (a document cannot be released),
    PackageFailed (a tool failed, or a withheld passage can still be read)."""
    db, localizer = request.dbsession, request.localizer
    on = on or danish_today()
    organisation = request.registry.settings.get("rsi_case.aktindsigt.organisation", "") or "RSI Sag"
    released = [r for r in rows if r.released]
    bodies, files = {}, {}
    budget_ends = time.monotonic() + limits.redaction_seconds
    for row in released:
        bodies[row.document.id] = released_html(db, localizer, access, row.decision)
        pdf_limits = limits.pdf
        if row.decision.decision == "delvis" and row.document.attachments:
            left = budget_ends - time.monotonic()
            if left < 1:
                raise PackageFailed(TOO_MUCH_TO_REDACT)
            pdf_limits = dataclasses.replace(limits.pdf, seconds=min(limits.pdf.seconds, left))
        try:
            files[row.document.id] = released_files(db, localizer, store, access, row.decision, pdf_limits)
        except RedactionError as exc:
            if exc.msgid == "redaction-pdf-too-heavy" and time.monotonic() >= budget_ends - 1:
                raise PackageFailed(TOO_MUCH_TO_REDACT) from None
            raise
    names = {}  # document id -> [(zip name, content type, bytes)]
    for row in released:
        slug = row.document.number.slug
        names[row.document.id] = [(f"{slug}-bilag-{i}{safe_extension(name, ctype)}", ctype, data)
                                  for i, (name, ctype, data) in enumerate(files[row.document.id], 1)]
    resolve = _image_resolver(request, access, released)

    with tempfile.TemporaryDirectory(prefix="rsi-aktindsigt-") as tmp:
        work = Path(tmp)
        # the package: letter, aktliste, each released document's text
        b = new_builder(resolve_image=resolve)
        _keep_ending_together(b, b.html(letter_html(request, access, rows, signer, on)))
        b.paragraph(_t(localizer, _("access-package-aktliste", default="Document list (aktliste)")),
                    "RSI Dokumentstart")
        _aktliste_table(b, localizer, rows)
        for row in released:
            _document_section(b, localizer, access, row, bodies[row.document.id],
                              [n for n, _c, _d in names[row.document.id]])
        sources = [work / "pakke.docx"]
        sources[0].write_bytes(_finish(b, access, organisation))
        # each released document on its own, for the zip
        for row in released:
            one = new_builder(resolve_image=resolve)
            _document_section(one, localizer, access, row, bodies[row.document.id],
                              [n for n, _c, _d in names[row.document.id]])
            path = work / f"{row.document.number.slug}.docx"
            path.write_bytes(_finish(one, access, organisation))
            sources.append(path)
        pdfs = to_pdf(sources, work, limits)
        # the released PDF attachments after the package's own pages
        appended = []
        for row in released:
            for name, ctype, data in names[row.document.id]:
                if ctype.split(";")[0].strip() == PDF:
                    path = work / name
                    path.write_bytes(data)
                    appended.append(path)
        united = work / "samlet.pdf"
        if appended:
            unite([pdfs[0], *appended], united, work, limits)
        else:
            united = pdfs[0]
        final = work / "pakke.pdf"
        try:
            info = sandbox.run(finish_pdf_in_child, str(united), str(final), neutral_title(access), organisation,
                               "Svar på anmodning om aktindsigt",
                               limits=sandbox.Limits(seconds=limits.seconds, memory_mb=limits.memory_mb))
        except sandbox.Failed as exc:
            raise PackageFailed(TOOL_FAILED, f"pypdf: {exc}") from None
        pdf = final.read_bytes()
        # the zip: each document's PDF, its released files, the aktliste
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("aktliste.csv", aktliste_csv(localizer, rows))
            for row, doc_pdf in zip(released, pdfs[1:]):
                z.writestr(f"{row.document.number.slug}.pdf", doc_pdf.read_bytes())
                for name, _ctype, data in names[row.document.id]:
                    z.writestr(name, data)
        zipped = buf.getvalue()
        # the last check: no withheld passage anywhere in what leaves
        texts = [pdf_text(final, work, limits), info.get("meta", "")]
        texts += [pdf_text(p, work, limits) for p in pdfs[1:]]
        with zipfile.ZipFile(io.BytesIO(zipped)) as z:
            texts.append(" ".join(z.namelist()))
            texts.append(z.read("aktliste.csv").decode("utf-8-sig"))
        _check_nothing_withheld_remains(db, access, rows, "\n".join(texts))
    stem = base_name(access)
    return Built(pdf=pdf, zip=zipped, pages=int(info.get("pages", 0)), pdf_name=f"{stem}.pdf",
                 zip_name=f"{stem}-filer.zip")


LEAK = _("access-package-leak", default=(
    "A passage withheld from ${number} can still be read in the package (in another document released, a title "
    "or a file). Nothing was saved: withhold it there too, or look at the decisions again."))


def _check_nothing_withheld_remains(db, access, rows: list[AktRow], text: str) -> None:
    for row in rows:
        if row.decision is None or row.decision.decision != "delvis":
            continue
        # every passage of the document: its text's, its annexes', and one marked in an annex since removed
        if any(found_in_text(text, red.passage) for red in all_redactions(db, access, row.document.id)):
            raise PackageFailed(LEAK, mapping={"number": str(row.document.number)})


def _image_resolver(request, access, released: list[AktRow]):
    """Images of the released texts: only pictures attached to a document released in full
    (a picture cannot be redacted, so a text released in part shows "[Billede]")."""
    from ..export.views import image_resolver

    full = {r.document.id for r in released if r.decision.decision == "fuld"}

    def permits(_permission, context):
        return getattr(context, "document", None) is not None and context.document.id in full

    return image_resolver(request, permits)
