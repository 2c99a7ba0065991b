from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..numbering import CaseNumber
from ..security.models import User


class Case(Base):
    """A case file (sag): everything about one matter."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    seq: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    category: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="aaben")
    responsible_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    lead_region: Mapped[str | None] = mapped_column(sa.String(20))
    confidential: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    participating_regions: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    opened_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    closed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    responsible: Mapped[User | None] = relationship(foreign_keys=[responsible_id], lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    grants: Mapped[list[CaseGrant]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                   order_by="CaseGrant.id")

    __table_args__ = (
        sa.UniqueConstraint("year", "seq", name="uq_cases_number"),
        sa.CheckConstraint("status IN ('aaben', 'lukket', 'arkiveret')", name="status_known"),
        sa.CheckConstraint("seq >= 1", name="seq_positive"),
        # the case list filters and sorts on these; its cost must follow the page size
        sa.Index("ix_cases_status_year_seq", "status", "year", "seq"),
        # status and category together ("open procurement cases"): counted and
        # paged from the index alone
        sa.Index("ix_cases_status_category_year_seq", "status", "category", "year", "seq"),
        sa.Index("ix_cases_category_year_seq", "category", "year", "seq"),
        sa.Index("ix_cases_responsible_year_seq", "responsible_id", "year", "seq"),
        sa.Index("ix_cases_updated_at", "updated_at"),
        # the list in number order (the default sort) with the visibility rule's
        # column and the id: a deep page's ids and the count are read from this
        # index alone, in sort order (PostgreSQL otherwise scans and sorts the table)
        sa.Index("ix_cases_year_seq_confidential_id", "year", "seq", "confidential", "id"),
    )

    @property
    def number(self) -> CaseNumber:
        return CaseNumber(self.year, self.seq)

    def __repr__(self) -> str:
        return f"<Case {self.number}>"


class CaseGrant(Base):
    """A local role on one case (Plone-style): ``principal`` ("user:12" or
    "group:3") holds ``role`` ("laeser" reads, "redaktoer" also writes, "ejer"
    also shares) on the
    case and everything in it. For a confidential case, the grants are the
    list of who may see it at all."""

    __tablename__ = "case_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False)
    principal: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="grants")

    __table_args__ = (
        sa.UniqueConstraint("case_id", "principal", "role", name="uq_case_grants_case_principal_role"),
        sa.CheckConstraint("role IN ('laeser', 'redaktoer', 'ejer')", name="role_known"),
        sa.Index("ix_case_grants_principal_case_id", "principal", "case_id"),
    )


class CaseRevision(Base):
    """The case's metadata after one save (title, status, regions, responsible, …),
    so its history can be read back."""

    __tablename__ = "case_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    data: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    changed: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("case_id", "number", name="uq_case_revisions_number"),)
