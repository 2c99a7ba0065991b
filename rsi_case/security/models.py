from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow

# "bruger": someone outside the secretariat and the board (e.g. a region's
# project manager) who sees only the cases granted to them
ROLE_CODES = ("sekretariat", "styregruppe", "arkivar", "admin", "bruger")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(Base):
    """A person who can log in. Users are deactivated, never deleted."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    phone: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    # changed at logout: a session cookie copied before it no longer works
    session_token: Mapped[str] = mapped_column(sa.String(64), nullable=False, default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    groups: Mapped[list[Group]] = relationship(secondary="user_groups", back_populates="members",
                                               order_by="Group.title")

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('sekretariat', 'styregruppe', 'arkivar', 'admin', 'bruger')", name="role_known"
        ),
    )

    def __repr__(self) -> str:
        return f"<User {self.login}>"


class Group(Base):
    """A named group of users (e.g. "Region Midtjylland — projektledere"),
    to which access to a confidential case can be granted at once."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    members: Mapped[list[User]] = relationship(secondary="user_groups", back_populates="groups",
                                               order_by="User.full_name")


user_groups = sa.Table(
    "user_groups",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("group_id", sa.ForeignKey("groups.id"), primary_key=True),
)


class LoginThrottle(Base):
    """Failed logins counted per account name and per address."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    first_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One line of the audit trail. Append-only: the application never updates
    or deletes a row, and database triggers refuse it (see the migration).

    Case and user references are plain values, not foreign keys: an event is
    written in its own transaction, also about a request that rolled back.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.Integer)
    login: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    action: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_type: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="")
    object_ref: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    case_id: Mapped[int | None] = mapped_column(sa.Integer)
    case_ref: Mapped[str] = mapped_column(sa.String(16), nullable=False, default="")
    address: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    outcome: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="ok")
    detail: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)

    __table_args__ = (
        sa.Index("ix_audit_log_at", "at"),
        sa.Index("ix_audit_log_case_id_at", "case_id", "at"),
        sa.Index("ix_audit_log_user_id_at", "user_id", "at"),
        sa.Index("ix_audit_log_action_at", "action", "at"),
        sa.CheckConstraint("outcome IN ('ok', 'denied', 'failed', 'error')", name="outcome_known"),
    )
