"""Throttling of failed logins, per account name and per address.

After a few failures the answer is slowed down (a growing pause), and past
a limit logins for that account name or address are blocked for a while.
The same happens whether or not the account exists, and the message never
says which, so throttling reveals nothing about which accounts exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..db import utcnow
from .models import LoginThrottle


@dataclasses.dataclass(frozen=True)
class Policy:
    window: dt.timedelta = dt.timedelta(minutes=15)
    slow_after: int = 3           # failures before answers slow down
    max_delay: float = 4.0        # seconds
    block_after: int = 10         # failures in the window before a block
    block_for: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings) -> Policy:
        return cls(
            window=dt.timedelta(minutes=float(settings.get("rsi_case.login_window_minutes", 15))),
            slow_after=int(settings.get("rsi_case.login_slow_after", 3)),
            max_delay=float(settings.get("rsi_case.login_max_delay", 4.0)),
            block_after=int(settings.get("rsi_case.login_block_after", 10)),
            block_for=dt.timedelta(minutes=float(settings.get("rsi_case.login_block_minutes", 15))),
        )


def keys(login: str, address: str | None) -> list[str]:
    found = [f"account:{login.strip().lower()[:150]}"]
    if address:
        found.append(f"address:{address[:150]}")
    return found


def blocked_until(dbsession, login: str, address: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    now = now or utcnow()
    latest = None
    for key in keys(login, address):
        row = dbsession.get(LoginThrottle, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            latest = max(latest or row.blocked_until, row.blocked_until)
    return latest


def record_failure(dbsession, policy: Policy, login: str, address: str | None,
                   now: dt.datetime | None = None) -> float:
    """Count a failure; return how many seconds to pause before answering."""
    now = now or utcnow()
    worst = 0
    for key in keys(login, address):
        row = dbsession.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, first_failure_at=now)
            dbsession.add(row)
        elif now - row.first_failure_at > policy.window and (row.blocked_until is None or row.blocked_until <= now):
            row.failures = 0
            row.first_failure_at = now
            row.blocked_until = None
        row.failures += 1
        if row.failures >= policy.block_after:
            row.blocked_until = now + policy.block_for
        worst = max(worst, row.failures)
    dbsession.flush()
    if worst <= policy.slow_after:
        return 0.0
    return min(policy.max_delay, 0.25 * 2 ** (worst - policy.slow_after - 1))


def record_success(dbsession, login: str, address: str | None) -> None:
    """A good login clears the account's count (not the address's: one
    success must not unlock guessing at other accounts from there)."""
    row = dbsession.get(LoginThrottle, keys(login, None)[0])
    if row is not None:
        dbsession.delete(row)
