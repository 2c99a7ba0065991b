from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User


class WordToken(Base):
    """The key in a Word link (``/dav/<token>/<document>/…``): Word does not
    share the browser's cookie, so the link itself says who is asking.

    Bound to one user and one document, with a purpose (``edit`` or
    ``view``); short-lived, renewed while the user's lock on the document is
    held; stored as its SHA-256 only (256 random bits, shown once in the link)."""

    __tablename__ = "word_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False, index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    user: Mapped[User] = relationship()
    document: Mapped[Document] = relationship()

    __table_args__ = (sa.CheckConstraint("purpose IN ('edit', 'view')", name="purpose_known"),)
