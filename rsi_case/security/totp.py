"""The second factor for local accounts: an authenticator app (TOTP, RFC 6238)
and one-time recovery codes.

* The secret is stored encrypted (Fernet, with a key derived from
  ``rsi_case.secret``): the app must read it to check a code, so it cannot be
  hashed; a copy of the database alone does not give the secrets. Changing
  ``rsi_case.secret`` makes every enrolment unreadable (users enrol again,
  an administrator resets them).
* A code is accepted once: the 30-second step of the last accepted code is
  kept, and a code from that step or an earlier one is refused (a code seen
  over a shoulder cannot be replayed). One step of clock drift either way is
  allowed.
* Recovery codes (10, shown once) are stored as HMAC-SHA-256 hashes and each
  works once.
* The enrolment QR code is drawn by the app itself (segno, SVG as a
  ``data:`` URI: the page's CSP allows ``img-src 'self' data:``); the secret
  never goes to an outside service.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from ..db import utcnow
from .models import PasskeyCredential, RecoveryCode, TotpSecret

ISSUER = "RSI Sag"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"rsi-case totp secrets\x00" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(app_secret: str, totp_secret: str) -> str:
    return _fernet(app_secret).encrypt(totp_secret.encode()).decode("ascii")


def decrypt(app_secret: str, stored: str) -> str | None:
    try:
        return _fernet(app_secret).decrypt(stored.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None


def start_enrolment(dbsession, app_secret: str, user) -> str:
    """A new, unconfirmed secret for the user (replacing an unconfirmed one)."""
    secret = pyotp.random_base32()
    row = dbsession.get(TotpSecret, user.id)
    if row is None:
        row = TotpSecret(user_id=user.id)
        dbsession.add(row)
    row.secret_encrypted = encrypt(app_secret, secret)
    row.confirmed_at = None
    row.last_step = 0
    dbsession.flush()
    return secret


def provisioning_uri(secret: str, user) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.login, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI, drawn here."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#1b2a3a")


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-")[:32]


def check_code(dbsession, app_secret: str, user, code: str, *, now: float, confirming: bool = False) -> bool:
    """Whether ``code`` is a fresh, right code for the user's secret; a right
    code marks its step as used (and confirms an enrolment)."""
    row = dbsession.get(TotpSecret, user.id)
    code = _normalise(code)
    if row is None or (row.confirmed_at is None) != confirming or not (code.isascii() and code.isdigit()
                                                                      and len(code) == 6):
        return False
    secret = decrypt(app_secret, row.secret_encrypted)
    if secret is None:
        return False
    totp = pyotp.TOTP(secret)
    step_now = int(now // totp.interval)
    for step in (step_now - 1, step_now, step_now + 1):
        if step > row.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            row.last_step = step
            if confirming:
                row.confirmed_at = utcnow()
            return True
    return False


def has_totp(dbsession, user) -> bool:
    row = dbsession.get(TotpSecret, user.id)
    return row is not None and row.confirmed_at is not None


def has_passkey(dbsession, user) -> bool:
    return dbsession.execute(sa.select(sa.func.count()).select_from(PasskeyCredential)
                             .where(PasskeyCredential.user_id == user.id)).scalar_one() > 0


def _code_hash(app_secret: str, code: str) -> str:
    return hmac.new(app_secret.encode(), b"recovery:" + _normalise(code).lower().encode(), hashlib.sha256).hexdigest()


def new_recovery_codes(dbsession, app_secret: str, user) -> list[str]:
    """Replace the user's recovery codes; the clear codes are returned once."""
    dbsession.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        dbsession.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(app_secret, raw)))
    dbsession.flush()
    return codes


def use_recovery_code(dbsession, app_secret: str, user, code: str) -> bool:
    """Spend one recovery code; False if it is wrong or already used."""
    if not 8 <= len(_normalise(code)) <= 12:
        return False
    digest = _code_hash(app_secret, code)
    row = dbsession.execute(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest)).scalar_one_or_none()
    if row is None or row.used_at is not None:
        return False
    row.used_at = utcnow()
    return True


def remaining_recovery_codes(dbsession, user) -> int:
    return dbsession.execute(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).scalar_one()


def remove_second_factors(dbsession, user) -> None:
    """An administrator's reset for a user who lost their phone and codes."""
    dbsession.execute(sa.delete(TotpSecret).where(TotpSecret.user_id == user.id))
    dbsession.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    dbsession.execute(sa.delete(PasskeyCredential).where(PasskeyCredential.user_id == user.id))


def remove_totp(dbsession, user) -> None:
    dbsession.execute(sa.delete(TotpSecret).where(TotpSecret.user_id == user.id))
    dbsession.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
