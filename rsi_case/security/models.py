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


# -- sign-in: server-side sessions, identities, second factors, API tokens ------

class WebSession(Base):
    """A browser session kept on the server. The cookie holds only a random
    key; the row is found by the key's SHA-256 (a copy of the table gives no
    usable cookies). ``user_id`` is empty before sign-in (the session then
    only carries the login form's CSRF token and sign-in steps)."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    address: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    method: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="")
    data: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)


class OidcIdentity(Base):
    """A user's account at an identity provider: the provider's stable
    subject, never the e-mail address (which can change or be reused)."""

    __tablename__ = "oidc_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    issuer: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="issuer_subject"),)


class TotpSecret(Base):
    """A user's authenticator-app secret, encrypted with a key derived from
    ``rsi_case.secret`` (the app must read it to check codes). A code is used
    at most once: ``last_step`` is the last 30-second step accepted."""

    __tablename__ = "totp_secrets"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    secret_encrypted: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class RecoveryCode(Base):
    """A one-time recovery code, stored as a keyed hash only."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PasskeyCredential(Base):
    """A WebAuthn credential (a passkey or a security key)."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    credential_id: Mapped[str] = mapped_column(sa.String(700), unique=True, nullable=False)  # base64url
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    transports: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A bearer token for ``/api/*``: stored as its SHA-256 only (the token
    has 256 bits of randomness, so a plain hash is enough), shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    scope: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # requests counted in the current minute (the rate limit), across processes
    window_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    window_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (sa.CheckConstraint("scope IN ('read', 'write')", name="scope_known"),)
