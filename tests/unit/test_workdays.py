"""The deadline of a request for access: 7 Danish working days after its receipt."""

import datetime as dt

import pytest

from rsi_case.aktindsigt import workdays

D = dt.date


@pytest.mark.parametrize("received, due", [
    # an ordinary week: Monday -> the Wednesday after next
    (D(2026, 11, 2), D(2026, 11, 11)),
    # Easter 2026: skærtorsdag 2/4, langfredag 3/4, 2. påskedag 6/4 are not counted
    (D(2026, 3, 31), D(2026, 4, 14)),
    # Christmas 2026: juleaftensdag, juledag, 2. juledag (a Saturday), nytårsaftensdag, nytårsdag
    (D(2026, 12, 18), D(2027, 1, 4)),
    (D(2026, 12, 23), D(2027, 1, 7)),
    # Easter 2027 (28/3): skærtorsdag 25/3 and langfredag 26/3, 2. påskedag 29/3
    (D(2027, 3, 22), D(2027, 4, 5)),
    # Kristi himmelfart 14/5 2026, and pinse: 2. pinsedag 25/5 2026
    (D(2026, 5, 11), D(2026, 5, 21)),
    (D(2026, 5, 20), D(2026, 6, 1)),
    # grundlovsdag, 5 June 2026, a Friday
    (D(2026, 6, 1), D(2026, 6, 11)),
    # store bededag still closed in 2023 (5 May), gone from 2024 (26 April 2024 is a working day)
    (D(2023, 5, 1), D(2023, 5, 11)),
    (D(2024, 4, 22), D(2024, 5, 1)),
    # received on a Saturday: the first working day is the Monday
    (D(2026, 11, 7), D(2026, 11, 17)),
])
def test_the_deadline_counts_danish_working_days(received, due):
    assert workdays.deadline(received) == due


def test_closed_days_and_working_days():
    assert not workdays.is_working_day(D(2026, 12, 24))
    assert not workdays.is_working_day(D(2026, 12, 31))
    assert not workdays.is_working_day(D(2026, 6, 5))
    assert not workdays.is_working_day(D(2026, 4, 3))
    assert workdays.is_working_day(D(2026, 5, 1))  # 1 May is a working day in the public administration
    assert workdays.is_working_day(D(2026, 5, 15))  # the Friday after Kristi himmelfart is not a holiday
    assert not workdays.is_working_day(D(2026, 12, 5))  # Saturday


def test_working_days_between_counts_both_ways():
    assert workdays.working_days_between(D(2026, 12, 18), D(2027, 1, 4)) == 7
    assert workdays.working_days_between(D(2027, 1, 4), D(2026, 12, 18)) == -7
    assert workdays.working_days_between(D(2026, 12, 4), D(2026, 12, 4)) == 0
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2026, 1, 1), -1)


def test_the_request_case_title_is_the_start_of_what_is_asked():
    from rsi_case.aktindsigt.services import case_title

    assert case_title("Kontrakten med leverandøren") == "Aktindsigt: Kontrakten med leverandøren"
    assert case_title("aktindsigt i sagen om telefoni") == "Aktindsigt i sagen om telefoni"
    long = case_title("Alle dokumenter om " + "udbud af telefoni og kontrakter " * 10)
    assert long.endswith(" …") and len(long) <= len("Aktindsigt: ") + 122 and "  " not in long
    assert case_title("  \n ") == "Aktindsigt"
