"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


MIN_LENGTH = 12
MAX_LENGTH = 1024
_COMMON: frozenset[str] | None = None


def _common() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        from pathlib import Path

        text = (Path(__file__).with_name("common_passwords.txt")).read_text(encoding="utf-8")
        _COMMON = frozenset(line.strip().lower() for line in text.splitlines()
                            if line.strip() and not line.startswith("#"))
    return _COMMON


def password_problem(password: str, *, login: str = "", full_name: str = ""):
    """Why ``password`` may not be used, or None. No composition rules
    (NIST 800-63B): long enough, not a known common one, not the user's own
    name, not one character or a plain sequence repeated."""
    from ..i18n import _

    if len(password) < MIN_LENGTH:
        return _("password-too-short", default="The password must be at least ${min} characters.",
                 mapping={"min": MIN_LENGTH})
    if len(password) > MAX_LENGTH:
        return _("password-too-long", default="The password can be at most ${max} characters.",
                 mapping={"max": MAX_LENGTH})
    lowered = password.lower()
    if lowered in _common():
        return _("password-common", default="This password is among the most used and easy to guess. Choose another.")
    if len(set(lowered)) <= 2:
        return _("password-repetitive", default="The password repeats the same characters. Choose another.")
    names = [login.lower()] + [part.lower() for part in full_name.split() if len(part) >= 4]
    if any(name and len(name) >= 3 and name in lowered and len(lowered) - len(name) < 8 for name in names):
        return _("password-personal", default="The password is too close to your name or user name.")
    return None


# computed once: used to spend the same time on unknown logins
DUMMY_HASH = hash_password("not-a-real-password-only-for-timing")
