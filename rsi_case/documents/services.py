"""Creating documents and attaching files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile

import sqlalchemy as sa

from ..db import utcnow

from .. import numbering
from ..i18n import _, today as danish_today
from ..numbering import DocumentNumber
from . import filetypes
from .models import Attachment, AttachmentRevision, Document
from .sanitize import clean_html
from .storage import BlobStore, TooLarge
from .versions import save_version, state_of


class DocumentNumberTaken(Exception):
    def __init__(self, number: DocumentNumber):
        super().__init__(str(number))
        self.number = number
        self.message = _("document-number-taken", default="Document number ${number} is already in use.")
        self.mapping = {"number": str(number)}


def document_number_taken(dbsession, year: int, seq: int) -> bool:
    return dbsession.execute(
        sa.select(sa.literal(1)).where(Document.year == year, Document.seq == seq)
    ).first() is not None


def create_document(dbsession, *, case, user, number: DocumentNumber | None = None,
                    today: dt.date | None = None, body_html: str = "", **fields) -> Document:
    today = today or danish_today()
    if number is not None:
        if document_number_taken(dbsession, number.year, number.seq):
            raise DocumentNumberTaken(number)
        year, seq = number.year, number.seq
    else:
        year = today.year
        seq = numbering.allocate(dbsession, numbering.DOCUMENT_SERIES, year,
                                 lambda n: document_number_taken(dbsession, year, n))
    fields.setdefault("doc_date", today)
    fields.setdefault("status", "kladde")
    note = fields.pop("note", "")
    body = clean_html(body_html)
    doc = Document(case=case, year=year, seq=seq, body_html=body, version=0,
                   created_by_id=user.id if user else None, updated_by_id=user.id if user else None, **fields)
    dbsession.add(doc)
    dbsession.flush()
    save_version(dbsession, doc, user=user, state=state_of(doc), body_html=body, base=0, note=note)
    return doc


class UploadError(Exception):
    def __init__(self, message, mapping=None):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}


def blob_store(request) -> BlobStore:
    return request.registry["rsi_case.blobs"]


def max_upload_bytes(request) -> int:
    return request.registry["rsi_case.max_upload_bytes"]


def spool_upload(request, upload, prefix: str) -> tuple[str, int, str]:
    """Copy an upload into a temporary file in the store's folder (the same
    file system as the store), at most ``max_upload_bytes``; returns (path,
    size, sha256). Raises TooLarge, and then leaves no file behind. The
    caller removes the file."""
    limit = max_upload_bytes(request)
    root = blob_store(request).root
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=root)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            upload.file.seek(0)
            while chunk := upload.file.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp, size, digest.hexdigest()


def store_upload(request, upload) -> tuple[str, int, str, str]:
    """Check and store an uploaded file (a cgi.FieldStorage-like object).

    Returns (sha256, size, content_type, filename). Raises UploadError with a
    Danish-ready message when it is missing, too large, or not what it says.
    """
    if upload is None or not getattr(upload, "filename", None):
        raise UploadError(_("upload-missing", default="Choose a file to upload."))
    filename = filetypes.safe_filename(upload.filename)
    limit = max_upload_bytes(request)
    store = blob_store(request)
    tmp = None
    try:
        # check the bytes before they get a name in the store
        tmp, size, _sha = spool_upload(request, upload, prefix=".check-")
        content_type = filetypes.check(filename, tmp, request.registry["rsi_case.zip_limits"])
        with open(tmp, "rb") as fh:
            sha, size = store.put(fh)
    except TooLarge:
        raise UploadError(
            _("upload-too-large", default="The file “${name}” is larger than the limit of ${limit} MB."),
            {"name": filename, "limit": limit // (1024 * 1024)},
        ) from None
    except filetypes.FileTypeError as exc:
        raise UploadError(exc.message, exc.mapping) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return sha, size, content_type, filename


def add_attachment(dbsession, document: Document, *, sha256: str, size: int, content_type: str,
                   filename: str, user) -> Attachment:
    att = Attachment(document=document, sha256=sha256, size=size, content_type=content_type,
                     filename=filename, uploaded_by_id=user.id if user else None)
    att.revisions.append(AttachmentRevision(number=1, sha256=sha256, size=size, content_type=content_type,
                                            filename=filename, uploaded_by_id=user.id if user else None))
    dbsession.add(att)
    dbsession.flush()
    return att


def replace_attachment_file(dbsession, att: Attachment, *, sha256: str, size: int, content_type: str,
                            filename: str, user) -> AttachmentRevision:
    """Upload a new file under an existing attachment; the old one stays as a revision."""
    number = max((r.number for r in att.revisions), default=0) + 1
    rev = AttachmentRevision(number=number, sha256=sha256, size=size, content_type=content_type, filename=filename,
                             uploaded_by_id=user.id if user else None)
    att.revisions.append(rev)
    att.sha256, att.size, att.content_type, att.filename = sha256, size, content_type, filename
    att.uploaded_by_id = rev.uploaded_by_id
    att.uploaded_at = rev.uploaded_at = utcnow()
    dbsession.flush()
    return rev
