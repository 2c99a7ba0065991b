"""What a request releases of one document: its text as decided (whole, or
with the withheld passages removed), its attachments (as they are, or PDFs
rebuilt without the withheld words), the names of the released files, and
what stands in the way of a release (``problems``), for the package and the zip.

Attachments of a document released in part:

- a PDF is always rebuilt from pictures of its pages (pdf_redaction.redact_pdf),
  whether or not a passage was marked in it: the passages of the document's
  text and other annexes are withheld in it too wherever they occur (a name
  withheld in a memo is withheld in its annex), and flattening drops what a reader of the original
  could dig out -- a text layer under a picture, annotations, form fields,
  attached files, metadata -- none of which a person deciding the request saw;
- a scanned PDF (no text of its own) is redacted in its OCR copy when there is
  one (the copy's text layer gives the words' places on the same pictures);
- a plain-text file (.txt, .csv) is released with the passages replaced by marks;
- any other file (Word, Excel, pictures, mail) is refused: it can hide text the
  extraction does not see (tracked changes, comments, properties, earlier
  versions, words in a picture), so "no passage in its text" proves nothing.
  Save it as PDF and attach the PDF instead, or decide the document otherwise.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..documents.sanitize import html_to_text
from ..filenames import download_name
from ..i18n import _
from ..vocab import ACCESS_GROUND_REFS
from . import pdf_redaction
from .models import AccessDecision, AccessRedaction, AccessRequest
from .pdf_redaction import PdfCut, PdfLimits
from .redaction import Cut, RedactionError, found_in_text, normalise, pattern, redact_html, redact_text

RELEASED = ("fuld", "delvis")


def mark(localizer, ground: str) -> str:
    """The visible mark where a passage was: "[Undtaget, jf. offentlighedslovens § 30, nr. 1]"."""
    return localizer.translate(_("redaction-mark", default="[Withheld, cf. ${ref} of the Access to Public "
                                                          "Administration Files Act]",
                                 mapping={"ref": ACCESS_GROUND_REFS.get(ground, ground)}))


def as_cut(localizer, redaction: AccessRedaction) -> Cut:
    """A withheld passage as the text's redaction takes it: its words and the mark naming its ground."""
    return Cut(redaction.passage, mark(localizer, redaction.ground))


def text_cuts(db, localizer, access: AccessRequest, document) -> list[Cut]:
    """What is withheld from the document's text: its own passages (each must be there), and
    every passage marked in one of its annexes that occurs in the text too -- a passage
    marked anywhere in a document is withheld everywhere in what is released of it."""
    reds = all_redactions(db, access, document.id)
    text = html_to_text(document.body_html or "")
    return [as_cut(localizer, r) for r in reds if r.attachment_id is None or found_in_text(text, r.passage)]


def released_html(db, localizer, access: AccessRequest, decision: AccessDecision) -> str:
    """The body as released: whole on full access, with every passage of the text
    withheld on partial access. A refused document releases nothing (raises)."""
    if decision.decision not in RELEASED:
        raise RedactionError("redaction-not-released")
    body = decision.document.body_html or ""
    if decision.decision == "fuld":
        return body
    return redact_html(body, text_cuts(db, localizer, access, decision.document))


def released_title(db, localizer, access: AccessRequest, decision: AccessDecision) -> str:
    """The title as released: every passage withheld from the document (its text or an annex)
    is withheld from the title too."""
    title = decision.document.title or ""
    if decision.decision != "delvis":
        return title
    return redact_text(title, [as_cut(localizer, r) for r in all_redactions(db, access, decision.document_id)])


def short_mark(localizer, ground: str) -> str:
    """The mark written in a box painted over a PDF: "Undtaget, § 30, nr. 1"."""
    return localizer.translate(_("redaction-mark-short", default="Withheld, ${ref}",
                                 mapping={"ref": ACCESS_GROUND_REFS.get(ground, ground)}))


TEXT_FILES = (".txt", ".csv")


def is_pdf(attachment) -> bool:
    return attachment.filename.lower().endswith(".pdf") or attachment.content_type.split(";")[0].strip() == \
        "application/pdf"


def is_text(attachment) -> bool:
    return attachment.filename.lower().endswith(TEXT_FILES)


def releasable_in_part(attachment) -> bool:
    return is_pdf(attachment) or is_text(attachment)


def all_redactions(db, access: AccessRequest, document_id: int) -> list[AccessRedaction]:
    return db.execute(sa.select(AccessRedaction).where(
        AccessRedaction.request_id == access.id, AccessRedaction.document_id == document_id)
        .order_by(AccessRedaction.id)).scalars().all()


def pdf_source(db, store, attachment, limits: PdfLimits = pdf_redaction.DEFAULT_LIMITS) -> tuple[bytes, list[str]]:
    """The PDF whose pictures and words are released for ``attachment``, and its words
    page by page: the file itself, or -- a scan without text of its own -- its OCR copy."""
    data = store.read(attachment.sha256)
    pages = pdf_redaction.pdf_pages_text(data, limits)
    if any(p.strip() for p in pages):
        return data, pages
    from ..ocr.models import OcrJob

    job = db.execute(sa.select(OcrJob).where(OcrJob.attachment_id == attachment.id,
                                             OcrJob.source_sha256 == attachment.sha256, OcrJob.state == "done")
                     .order_by(OcrJob.id.desc()).limit(1)).scalar_one_or_none()
    if job is not None and job.sha256 and store.exists(job.sha256):
        copy = store.read(job.sha256)
        try:
            return copy, pdf_redaction.pdf_pages_text(copy, limits)
        except RedactionError:
            pass
    return data, pages


def _withheld_name(text: str, passages: list[str], localizer) -> str:
    """A file name's stem with every passage in it withheld; a name that separates its
    words with dashes or underscores ("jens_kjærgaard.pdf") is read with spaces too."""
    word = localizer.translate(_("redaction-in-name", default="withheld"))
    for candidate in (text, text.replace("_", " ").replace("-", " ").replace(".", " ")):
        if any(found_in_text(candidate, p) for p in passages):
            for passage in sorted(passages, key=lambda p: -len(normalise(p))):
                candidate = pattern(passage).sub(f"[{word}]", candidate)
            text = candidate
    return text


def released_name(localizer, document, index: int, attachment, passages: list[str] = (), extension: str = "") -> str:
    """The name a released file gets: the document's number, the attachment's place, and
    its own name with every withheld passage taken out ("62947-09 bilag 1 - Notat om [undtaget].pdf")."""
    filename = attachment.filename or ""
    stem, dot, ext = filename.rpartition(".")
    if not dot or len(ext) > 8 or not ext.isalnum():
        stem, ext = filename, ""
    extension = extension or (f".{ext.lower()}" if ext else "")
    label = localizer.translate(_("redaction-file-label", default="annex ${n}", mapping={"n": index}))
    stem = _withheld_name(stem, list(passages), localizer)
    if any(found_in_text(stem, p) for p in passages):  # (cannot happen: the name says nothing then)
        stem = ""
    return download_name(f"{document.number.slug} {label}" + (f" - {stem}" if stem.strip() else ""), extension, 120)


def released_files(db, localizer, store, access: AccessRequest, decision: AccessDecision,
                   limits: PdfLimits = pdf_redaction.DEFAULT_LIMITS) -> list[tuple[str, str, bytes]]:
    """The document's attachments as released, as (file name, content type, bytes).
    Full access: the files as they are. Partial access: PDFs rebuilt without the
    withheld words, text files with them replaced by marks, anything else refused
    (RedactionError "redaction-attachment-not-pdf"), see the module's notes."""
    if decision.decision not in RELEASED:
        raise RedactionError("redaction-not-released")
    document = decision.document
    if decision.decision == "fuld":
        return [(released_name(localizer, document, i, a), a.content_type, store.read(a.sha256))
                for i, a in enumerate(document.attachments, start=1)]
    reds = all_redactions(db, access, document.id)
    passages = [r.passage for r in reds]
    out = []
    for i, att in enumerate(document.attachments, start=1):
        own = [r for r in reds if r.attachment_id == att.id]
        others = [r for r in reds if r.attachment_id != att.id]  # the text's and the other annexes' passages
        if is_pdf(att):
            data, _pages = pdf_source(db, store, att, limits)
            cuts = [PdfCut(r.passage, short_mark(localizer, r.ground), True) for r in own] + \
                   [PdfCut(r.passage, short_mark(localizer, r.ground), False) for r in others]
            out.append((released_name(localizer, document, i, att, passages, ".pdf"), "application/pdf",
                        pdf_redaction.redact_pdf(data, cuts, limits)))
        elif is_text(att) and not own:
            raw = store.read(att.sha256)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            cuts = [as_cut(localizer, r) for r in others]
            text = redact_text(text, cuts)
            if any(found_in_text(text, c.passage) for c in cuts):
                raise RedactionError("redaction-not-removable")
            out.append((released_name(localizer, document, i, att, passages), "text/plain; charset=utf-8",
                        text.encode("utf-8")))
        else:
            raise RedactionError("redaction-attachment-not-pdf")
    return out


PROBLEMS = {
    "redaction-none": _("redaction-none", default="Document ${number} is released in part, but no passage is "
                                                  "withheld: mark what is withheld, or decide full access."),
    "redaction-not-found": _("redaction-not-found-in", default="Document ${number}: a withheld passage is no longer "
                                                               "in ${where} (the document has changed since it was "
                                                               "marked). Look at the passages again."),
    "redaction-not-removable": _("redaction-not-removable-in", default="Document ${number}: a withheld passage "
                                                                       "could not be removed from ${where}."),
    "redaction-attachment-not-pdf": _("redaction-attachment-not-pdf", default=(
        "Document ${number}: ${where} cannot be released in part, as it is not a PDF. Save it as PDF and attach the "
        "PDF instead, or decide the document otherwise.")),
    "redaction-pdf": _("redaction-pdf-problem", default="Document ${number}: ${where} cannot be read to withhold "
                                                        "passages in it (damaged, encrypted or too large)."),
}


def _where(localizer, index: int | None) -> str:
    if index is None:
        return localizer.translate(_("redaction-where-text", default="the text"))
    if index == 0:
        return localizer.translate(_("redaction-where-gone", default="an annex no longer on the document"))
    return localizer.translate(_("redaction-where-annex", default="annex ${n}", mapping={"n": index}))


def problems(db, localizer, access: AccessRequest, decision: AccessDecision, store=None,
             limits: PdfLimits = pdf_redaction.DEFAULT_LIMITS) -> list[str]:
    """What stands in the way of releasing the document as decided, as message ids with
    their mappings (TranslationStrings: each equals its msgid; ``localizer.translate``
    gives the words): a partial decision with no passage withheld, a passage no longer
    found (the document or an annex changed after it was marked), an attachment that
    cannot be released in part. With ``store`` the passages of PDF annexes are looked
    up in the files themselves (in the limited child); without it only their annex's
    presence is checked. No passage's words are in any message."""
    if decision.decision != "delvis":
        return []
    document = decision.document
    number = str(document.number)
    found: list[str] = []

    def problem(key, index=None):
        msg = PROBLEMS[key]
        found.append(_(str(msg), default=msg.default, mapping={"number": number, "where": _where(localizer, index)}))

    reds = all_redactions(db, access, document.id)
    if not reds:
        problem("redaction-none")
    in_text = text_cuts(db, localizer, access, document)
    if in_text:
        try:
            redact_html(document.body_html or "", in_text)
        except RedactionError as exc:
            problem("redaction-not-removable" if exc.msgid == "redaction-not-removable" else "redaction-not-found")
    index = {a.id: i for i, a in enumerate(document.attachments, start=1)}
    for att in document.attachments:
        if not releasable_in_part(att):
            problem("redaction-attachment-not-pdf", index[att.id])
    for att_id in sorted({r.attachment_id for r in reds if r.attachment_id is not None}):
        att = next((a for a in document.attachments if a.id == att_id), None)
        if att is None or not is_pdf(att):
            problem("redaction-not-found", index.get(att_id, 0))
    if store is None:
        return found
    for att in document.attachments:  # every PDF annex is rebuilt: each must be readable
        if not is_pdf(att):
            continue
        try:
            _data, pages = pdf_source(db, store, att, limits)
        except (RedactionError, OSError):
            problem("redaction-pdf", index[att.id])
            continue
        if any(r.attachment_id == att.id and not any(found_in_text(p, r.passage) for p in pages) for r in reds):
            problem("redaction-not-found", index[att.id])
    return found
