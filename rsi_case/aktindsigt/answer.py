"""The answer's life: a draft package made and kept (its bytes in the attachment
store), replaced by a newer draft, approved by a second person -- then filed in
the request's own case as a final, frozen document, the request answered, and
(optionally) the package mailed to the requester."""

from __future__ import annotations

import datetime as dt
from html import escape

import sqlalchemy as sa

from ..db import utcnow
from ..i18n import _, format_date, today as danish_today
from . import package as pkg
from .package_models import AccessPackage, AccessPackageFile

ANSWER_TITLE = "Svar på anmodning om aktindsigt"


class NotApproved(Exception):
    def __init__(self, message, mapping=None, status: int = 409):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}
        self.status = status


def current(db, access) -> AccessPackage | None:
    """The package that counts: the approved one, else the newest draft."""
    return db.execute(sa.select(AccessPackage).where(
        AccessPackage.request_id == access.id, AccessPackage.state.in_(("udkast", "godkendt", "sendt")))
        .order_by(AccessPackage.id.desc()).limit(1)).scalar_one_or_none()


def approved(db, access) -> AccessPackage | None:
    return db.execute(sa.select(AccessPackage).where(
        AccessPackage.request_id == access.id, AccessPackage.state.in_(("godkendt", "sendt")))
        .order_by(AccessPackage.id.desc()).limit(1)).scalar_one_or_none()


def keep(db, store, access, built: pkg.Built, rows, user, now: dt.datetime | None = None) -> AccessPackage:
    """Store a new draft; an unapproved draft before it is replaced."""
    now = now or utcnow()
    # (one statement with the state in its condition: a draft approved meanwhile stays approved)
    db.execute(sa.update(AccessPackage).where(AccessPackage.request_id == access.id, AccessPackage.state == "udkast")
               .values(state="erstattet").execution_options(synchronize_session="fetch"))
    package = AccessPackage(request_id=access.id, state="udkast", pages=built.pages,
                            decided=pkg.decided_snapshot(rows), made_by_id=user.id, made_at=now)
    for kind, name, ctype, data in (("pdf", built.pdf_name, pkg.PDF, built.pdf),
                                    ("zip", built.zip_name, pkg.ZIP, built.zip)):
        sha, size = store.put_bytes(data)
        package.files.append(AccessPackageFile(kind=kind, filename=name, content_type=ctype, size=size, sha256=sha))
    db.add(package)
    db.flush()
    return package


def stale(rows, package: AccessPackage) -> bool:
    """The decisions or the documents changed since the package was made."""
    return pkg.decided_snapshot(rows) != package.decided or any(r.changed for r in rows)


def check_approval(access, package: AccessPackage | None, rows, user) -> None:
    """Raises NotApproved saying why ``user`` may not approve ``package`` now."""
    if access.status != "aaben" or package is None or package.state != "udkast":
        raise NotApproved(_("access-package-not-draft", default=(
            "There is no draft answer to approve (it was replaced by a newer one, or the answer is already "
            "approved). Look at the newest draft.")), status=409)
    if package.made_by_id == user.id:
        raise NotApproved(_("access-package-self-approval", default=(
            "You made this draft, so someone else must approve it: the answer to a request for access is always "
            "approved by a second person.")), status=403)
    if stale(rows, package):
        raise NotApproved(_("access-package-stale", default=(
            "Decisions or documents have changed since the draft was made: make a new draft and have it "
            "approved.")), status=409)


def claim(db, package: AccessPackage, user) -> bool:
    """Take ``package`` for approval by ``user``, in one conditional UPDATE
    of the draft's row, before anything is mailed or filed: False if
    another approval took it first (a double click on *Godkend*, or two
    approvers at once). On PostgreSQL the second UPDATE waits for the
    first transaction and then finds the row taken; on SQLite the second
    transaction cannot write after the first committed (its snapshot is
    old), fails, and the request is retried, when the draft is no longer a
    draft. Undone by :func:`release` if the approval stops (the mail could
    not be sent)."""
    from sqlalchemy.orm.attributes import set_committed_value

    taken = db.execute(sa.update(AccessPackage).where(
        AccessPackage.id == package.id, AccessPackage.state == "udkast", AccessPackage.approved_by_id.is_(None))
        .values(approved_by_id=user.id).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        return False
    set_committed_value(package, "approved_by_id", user.id)
    return True


def release(package: AccessPackage) -> None:
    """The draft free to be approved again (the approval stopped before it was filed)."""
    package.approved_by_id = None


def file_answer(request, access, package: AccessPackage, user, now: dt.datetime | None = None):
    """The approved package filed in the request's own case: a final, frozen document
    with the PDF and the zip attached; the request is answered."""
    from ..documents.services import add_attachment, create_document
    from ..security.audit import audit

    db = request.dbsession
    now = now or utcnow()
    on = danish_today()
    maker = package.made_by.full_name if package.made_by else ""
    body = (f"<p>{escape(ANSWER_TITLE)} {escape(str(access.case.number))}: svarbrev, aktliste og de udleverede "
            f"dokumenter (PDF) og de udleverede filer (zip). Lavet af {escape(maker)} "
            f"{escape(format_date(package.made_at))}, godkendt af {escape(user.full_name)} {escape(format_date(on))}."
            "</p>")
    doc = create_document(db, case=access.case, user=user, today=on, kind="bilag", title=ANSWER_TITLE,
                          status="endelig", body_html=body, author_id=user.id, author_name=user.full_name,
                          author_phone=user.phone or "", author_email=user.email or "")
    doc.frozen = True  # the answer as sent: no one changes it, not even by a new version or another file
    for f in package.files:
        add_attachment(db, doc, sha256=f.sha256, size=f.size, content_type=f.content_type, filename=f.filename,
                       user=user)
    package.state = "godkendt"
    package.approved_by_id = user.id
    package.approved_at = now
    package.document_id = doc.id
    access.status = "besvaret"
    access.answered_on = on
    db.flush()
    audit(request, "document_create", object_type="document", object_ref=str(doc.number), case=access.case,
          kind="bilag", access_answer=True)
    return doc
