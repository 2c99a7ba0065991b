"""The search change log (table ``search_outbox``): records whose index
entries must be refreshed, appended in the same transaction as the change
itself — so a rolled-back change never reaches the index, and a committed
one is never forgotten, whatever happens to an index or a process
afterwards. Append-only: every node's index reads it with its own cursor
(cursor.py); rows are pruned after ``rsi_case.search.log_days``."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class SearchOutbox(Base):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # "case" (with its documents and decisions), "document" or "decision"
    object_id: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (sa.CheckConstraint("kind IN ('case', 'document', 'decision')", name="kind_known"),)
