"""Route factories for documents and attachments."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound

from ..cases.resources import CaseResource
from ..numbering import DocumentNumber, NumberError
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
    raw = request.matchdict["attachment"]
    if not raw.isdigit() or len(raw) > 12:
        raise HTTPNotFound()
    attachment = request.dbsession.get(Attachment, int(raw))
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
