"""Extending a request's deadline (offentlighedsloven § 36, stk. 2): the new
deadline must be a later working day — across Easter and Christmas the
holidays and the days offices are closed are refused, with the next working
day named."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from rsi_case.aktindsigt import workdays
from rsi_case.aktindsigt.extension import date_problem

D = dt.date


def access(deadline):
    return SimpleNamespace(deadline=deadline)


def test_received_before_easter_then_extended_past_it():
    received = D(2026, 3, 30)  # the Monday of Holy Week
    original = workdays.deadline(received)
    assert original == D(2026, 4, 13)  # 2/4, 3/4 and 6/4 are holidays
    req = access(original)
    assert date_problem(req, D(2026, 4, 27)) is None
    # back into Easter, or the day itself: not later
    assert date_problem(req, D(2026, 4, 6))[0] == "access-extend-not-later"
    assert date_problem(req, original)[0] == "access-extend-not-later"


@pytest.mark.parametrize("deadline, new, next_day", [
    (D(2026, 3, 27), D(2026, 4, 2), D(2026, 4, 7)),     # skærtorsdag: langfredag, påskedag, 2. påskedag follow
    (D(2026, 3, 27), D(2026, 4, 6), D(2026, 4, 7)),     # 2. påskedag
    (D(2025, 12, 19), D(2025, 12, 24), D(2025, 12, 29)),  # juleaftensdag, jul, then a weekend
    (D(2026, 12, 18), D(2026, 12, 26), D(2026, 12, 28)),  # 2. juledag (a Saturday)
    (D(2026, 12, 18), D(2026, 12, 31), D(2027, 1, 4)),    # nytårsaftensdag, nytårsdag, a weekend
    (D(2026, 5, 29), D(2026, 6, 5), D(2026, 6, 8)),       # grundlovsdag (a Friday)
])
def test_a_closed_day_is_refused_and_the_next_working_day_named(deadline, new, next_day):
    msgid, mapping = date_problem(access(deadline), new)
    assert msgid == "access-extend-not-working-day"
    assert mapping == {"date": new, "next": next_day}
    assert date_problem(access(deadline), next_day) is None


def test_the_request_deadline_across_christmas_then_extended_into_january():
    received = D(2026, 12, 18)
    original = workdays.deadline(received)
    assert original == D(2027, 1, 4)
    assert date_problem(access(original), D(2027, 1, 15)) is None
    assert date_problem(access(original), D(2027, 1, 2))[0] == "access-extend-not-later"


def test_nonsense_dates():
    req = access(D(2026, 4, 13))
    assert date_problem(req, None)[0] == "date-invalid"
    assert date_problem(req, D(1999, 1, 4))[0] == "date-invalid"
    assert date_problem(req, D(2028, 4, 13))[0] == "access-extend-too-far"
