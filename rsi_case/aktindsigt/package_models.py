"""The answer to a request for access: the package made of it (one PDF and a
zip of the released files, their bytes in the attachment store), who made it,
and who approved it -- never the same person."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User
from .models import AccessRequest

PACKAGE_STATES = ("udkast", "erstattet", "godkendt", "sendt")


class AccessPackage(Base):
    """One package made for a request. ``udkast``: made, waiting for a second
    person's approval; ``erstattet``: a newer draft replaced it; ``godkendt``:
    approved and filed in the request's case as ``document`` (final, frozen);
    ``sendt``: approved and sent by mail to the requester too. ``decided`` is
    what the package was made from: document id -> [decision, ground, document
    version], so a later change can be seen against it."""

    __tablename__ = "access_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("access_requests.id", ondelete="CASCADE"), nullable=False)
    state: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="udkast")
    pages: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    decided: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    made_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    sent_to: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[AccessRequest] = relationship()
    made_by: Mapped[User | None] = relationship(foreign_keys=[made_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    document: Mapped[Document | None] = relationship()
    files: Mapped[list[AccessPackageFile]] = relationship(
        cascade="all, delete-orphan", order_by="AccessPackageFile.id", back_populates="package")

    def file(self, kind: str) -> AccessPackageFile | None:
        return next((f for f in self.files if f.kind == kind), None)

    __table_args__ = (
        sa.CheckConstraint("state IN ('udkast', 'erstattet', 'godkendt', 'sendt')", name="access_package_state_known"),
        sa.Index("ix_access_packages_request_state", "request_id", "state"),
    )


class AccessPackageFile(Base):
    """A file of a package: the PDF or the zip. The bytes are in the attachment
    store under ``sha256`` (the column name the store's check and backup look for)."""

    __tablename__ = "access_package_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(sa.ForeignKey("access_packages.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)

    package: Mapped[AccessPackage] = relationship(back_populates="files")

    __table_args__ = (
        sa.UniqueConstraint("package_id", "kind", name="uq_access_package_files_kind"),
        sa.CheckConstraint("kind IN ('pdf', 'zip')", name="access_package_file_kind_known"),
    )
