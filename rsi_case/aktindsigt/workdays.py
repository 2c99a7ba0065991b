"""Danish working days, for the deadline of a request for access.

Offentlighedsloven § 36: a request is answered as soon as possible and, if
not within 7 working days of its receipt, the requester is told why and when
to expect the answer. A working day here is a weekday that is not a public
holiday (helligdag: nytårsdag, skærtorsdag, langfredag, påskedag,
2. påskedag, Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag,
2. juledag — and store bededag up to 2023, abolished from 2024) nor one of
the days public offices are closed by agreement: grundlovsdag (5 June),
juleaftensdag (24 December) and nytårsaftensdag (31 December). The holiday
calendar is the ``holidays`` package's Danish one (its ``optional``
category holds the three closing days, and 1 May, which is a working day in
the public administration and so not counted as closed here).
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

DEADLINE_WORKING_DAYS = 7  # offentlighedsloven § 36, stk. 2

_CLOSED_BY_AGREEMENT = ((6, 5), (12, 24), (12, 31))


@functools.lru_cache(maxsize=64)
def closed_days(year: int) -> frozenset[dt.date]:
    """The weekdays and holidays of ``year`` on which no working day is counted (weekends aside)."""
    days = set(holidays.DK(years=year))
    days.update(dt.date(year, month, day) for month, day in _CLOSED_BY_AGREEMENT)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in closed_days(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (the day of receipt itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))


def deadline(received_on: dt.date) -> dt.date:
    return add_working_days(received_on, DEADLINE_WORKING_DAYS)
