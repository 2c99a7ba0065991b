"""Route factories for documents and attachments."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound

from ..cases.resources import CaseResource
from ..numbering import DocumentNumber, NumberError
from ..parsing import id_or_404
from ..security.permissions import document_acl
from .models import Attachment, Document


class DocumentResource:
    def __init__(self, request, document: Document):
        self.request = request
        self.document = document
        self.case = document.case
        self.__name__ = document.number.slug
        self.__parent__ = CaseResource(request, document.case)

    def __acl__(self):
        return document_acl(self.document)


class AttachmentResource:
    def __init__(self, parent: DocumentResource, attachment: Attachment):
        self.attachment = attachment
        self.document = parent.document
        self.__name__ = str(attachment.id)
        self.__parent__ = parent
        self.__acl__ = []


def find_document(dbsession, number: DocumentNumber) -> Document | None:
    return dbsession.execute(
        sa.select(Document).where(Document.year == number.year, Document.seq == number.seq)
    ).scalar_one_or_none()


def document_factory(request):
    try:
        number = DocumentNumber.parse(request.matchdict["document"])
    except NumberError:
        raise HTTPNotFound() from None
    document = find_document(request.dbsession, number)
    if document is None:
        raise HTTPNotFound()
    return DocumentResource(request, document)


def attachment_factory(request):
    parent = document_factory(request)
    attachment = request.dbsession.get(Attachment, id_or_404(request.matchdict["attachment"]))
    if attachment is None or attachment.document_id != parent.document.id:
        raise HTTPNotFound()
    return AttachmentResource(parent, attachment)


def visible_documents_clause(user):
    """document_acl as a query filter (kept in step with it by a test)."""
    if user is None or not user.active:
        return sa.false()
    if user.role == "styregruppe":
        return sa.or_(Document.status == "endelig", Document.final_version.is_not(None))
    return sa.true()


def reads_final_only(user) -> bool:
    """The board reads final versions: while a final document has a new draft,
    it still sees (title, date, text …) the last final version."""
    return user is not None and user.role == "styregruppe"


def title_for(user):
    """The document title a user may read, as a SQL expression (for search)."""
    if not reads_final_only(user):
        return Document.title
    from .models import DocumentVersion

    final_title = (sa.select(DocumentVersion.title)
                   .where(DocumentVersion.document_id == Document.id, DocumentVersion.number == Document.final_version)
                   .correlate(Document).scalar_subquery())
    return sa.case((Document.status == "kladde", final_title), else_=Document.title)


def shown_version(request, resource, permits=None):
    """The version a user reads instead of the current text: the board keeps
    reading the last final version while a new draft is written (None: the
    current text). ``resource`` is the document's DocumentResource;
    ``permits(permission, context)`` answers for someone other than the
    request's user (default: ``request.has_permission``)."""
    doc = resource.document
    if doc.status == "kladde" and doc.final_version:
        from ..security.permissions import Permission
        from .models import DocumentVersion

        if not (permits or request.has_permission)(Permission.DRAFTS_VIEW, resource):
            return request.dbsession.execute(sa.select(DocumentVersion).where(
                DocumentVersion.document_id == doc.id, DocumentVersion.number == doc.final_version)).scalar_one()
    return None


class ReadersView:
    """A document as a reader who reads final versions only sees it in a list."""

    FIELDS = ("title", "kind", "doc_date", "author_name", "status")

    def __init__(self, document, version):
        self.document = document
        self._version = version

    def __getattr__(self, name):
        if name in self.FIELDS and self._version is not None:
            return getattr(self._version, name)
        return getattr(self.document, name)


def as_read_by(dbsession, user, documents: list) -> list:
    """Wrap documents so lists show what ``user`` may read of them."""
    if not reads_final_only(user):
        return documents
    from .models import DocumentVersion

    pending = [(d.id, d.final_version) for d in documents if d.status == "kladde" and d.final_version]
    finals = {}
    if pending:
        rows = dbsession.execute(sa.select(DocumentVersion).where(
            sa.tuple_(DocumentVersion.document_id, DocumentVersion.number).in_(pending))).scalars()
        finals = {v.document_id: v for v in rows}
    return [ReadersView(d, finals.get(d.id)) if d.id in finals else d for d in documents]
