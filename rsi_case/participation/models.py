"""Follow or explain (følg eller forklar): each region's part in a joint project.

Every region takes part in every agreed joint project unless it gives a
written reason to stay out (afstår) or to join later (afventer, with the
date it expects to). ``RegionParticipation`` holds the current state per
case and region; ``ParticipationChange`` keeps every change (who, when,
from what to what), append-only, so the board can see how a project's
support developed.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..security.models import User

STATE_CHECK = "state IN ('deltager', 'afventer', 'afstaar')"


class RegionParticipation(Base):
    __tablename__ = "region_participation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False)
    region: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    state: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    expected_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    updated_by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("case_id", "region", name="uq_region_participation_case_region"),
        sa.CheckConstraint(STATE_CHECK, name="state_known"),
        # the rule of "follow or explain", in the database too
        sa.CheckConstraint("state = 'deltager' OR length(trim(reason)) > 0", name="reason_given"),
        sa.CheckConstraint("state != 'afventer' OR expected_on IS NOT NULL", name="expected_date_given"),
    )


class ParticipationChange(Base):
    """One change of one region's state in one case (never updated or deleted)."""

    __tablename__ = "region_participation_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False, index=True)
    region: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    old_state: Mapped[str | None] = mapped_column(sa.String(20))
    state: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    expected_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    changed_by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(STATE_CHECK, name="state_known"),)
