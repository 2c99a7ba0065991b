from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

ROLE_CODES = ("sekretariat", "styregruppe", "arkivar", "admin")


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

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('sekretariat', 'styregruppe', 'arkivar', 'admin')", name="role_known"
        ),
    )

    def __repr__(self) -> str:
        return f"<User {self.login}>"
