"""Throttling of failed sign-ins that cannot be used to lock others out.

Failures are counted under three keys (table ``login_throttle``, so the
counts hold across processes and nodes):

* ``pair:<account>|<address>`` — this account from this address: **blocked**
  after ``block_after`` failures in the window. Guessing one account from
  one place stops.
* ``address:<address>`` — everything from this address: **blocked** after
  ``address_block_after`` failures (guessing many accounts from one place).
* ``account:<account>`` — the account from anywhere: **only slowed down**
  (a growing pause, at most ``max_delay`` seconds). An account is never
  blocked as such: whoever hammers the chair's account from ten addresses
  blocks those ten addresses, and the chair still signs in from her own.

Unknown account names are counted exactly like real ones and the message
never says which, so throttling reveals nothing about which accounts exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..db import utcnow
from .models import LoginThrottle


@dataclasses.dataclass(frozen=True)
class Policy:
    window: dt.timedelta = dt.timedelta(minutes=15)
    slow_after: int = 3           # failures of an account before answers slow down
    max_delay: float = 4.0        # seconds
    block_after: int = 10         # failures of one account from one address before a block
    address_block_after: int = 30  # failures from one address (any accounts) before a block
    block_for: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings) -> Policy:
        return cls(
            window=dt.timedelta(minutes=float(settings.get("rsi_case.login_window_minutes", 15))),
            slow_after=int(settings.get("rsi_case.login_slow_after", 3)),
            max_delay=float(settings.get("rsi_case.login_max_delay", 4.0)),
            block_after=int(settings.get("rsi_case.login_block_after", 10)),
            address_block_after=int(settings.get("rsi_case.login_address_block_after", 30)),
            block_for=dt.timedelta(minutes=float(settings.get("rsi_case.login_block_minutes", 15))),
        )


def _account(login: str) -> str:
    return login.strip().lower()[:100]


def _keys(login: str, address: str | None) -> dict[str, str]:
    """kind -> key; ``account`` only slows down, the others block."""
    found = {"account": f"account:{_account(login)}"}
    if address:
        found["pair"] = f"pair:{_account(login)}|{address[:64]}"
        found["address"] = f"address:{address[:64]}"
    return found


def blocked_until(dbsession, login: str, address: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the block on this account *from this address* (or on this
    address) ends; None when not blocked. The account alone never blocks."""
    now = now or utcnow()
    latest = None
    for kind, key in _keys(login, address).items():
        if kind == "account":
            continue
        row = dbsession.get(LoginThrottle, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            latest = max(latest or row.blocked_until, row.blocked_until)
    return latest


def record_failure(dbsession, policy: Policy, login: str, address: str | None,
                   now: dt.datetime | None = None) -> float:
    """Count a failure; return how many seconds to pause before answering."""
    now = now or utcnow()
    limits = {"account": None, "pair": policy.block_after, "address": policy.address_block_after}
    account_failures = 0
    for kind, key in _keys(login, address).items():
        row = dbsession.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, first_failure_at=now)
            dbsession.add(row)
        elif now - row.first_failure_at > policy.window and (row.blocked_until is None or row.blocked_until <= now):
            row.failures = 0
            row.first_failure_at = now
            row.blocked_until = None
        row.failures += 1
        if limits[kind] is not None and row.failures >= limits[kind]:
            row.blocked_until = now + policy.block_for
        if kind == "account":
            account_failures = row.failures
    dbsession.flush()
    if account_failures <= policy.slow_after:
        return 0.0
    return min(policy.max_delay, 0.25 * 2 ** (account_failures - policy.slow_after - 1))


def record_success(dbsession, login: str, address: str | None) -> None:
    """A good sign-in clears the account's counts (not the address's: one
    success must not unlock guessing at other accounts from there)."""
    keys = _keys(login, address)
    for kind in ("account", "pair"):
        if kind in keys:
            row = dbsession.get(LoginThrottle, keys[kind])
            if row is not None:
                dbsession.delete(row)
