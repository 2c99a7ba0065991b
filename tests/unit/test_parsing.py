"""rsi_case.parsing: the one way a number from a request is read."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from pyramid.httpexceptions import HTTPNotFound

from rsi_case.parsing import MAX_ID, ascii_int, ascii_ints, id_or_404


@pytest.mark.parametrize("value, expected", [
    ("1", 1), ("0042", 42), (" 7 ", 7), ("999999999", 999_999_999), ("0", 0),
    ("²", None), ("٣", None), ("１", None), ("1²", None), ("9" * 5000, None), ("1000000000", None),
    ("-1", None), ("+1", None), ("1.0", None), ("1e3", None), ("", None), (" ", None), ("1\n2", None),
    ("1\x00", None), (None, None), (5, None), (b"5", None),
])
def test_only_one_to_nine_ascii_digits_are_a_number(value, expected):
    assert ascii_int(value) == expected


def test_the_bounds_are_part_of_the_answer():
    assert ascii_int("1990", 1900, 2100) == 1990
    assert ascii_int("1899", 1900, 2100) is None
    assert ascii_int("2101", 1900, 2100) is None


def test_a_list_keeps_the_numbers_and_drops_the_rest():
    assert ascii_ints(["3", "²", "x", " 4", "9" * 5000, object()]) == [3, 4]
    assert ascii_ints([str(n) for n in range(500)]) == list(range(200))


def test_an_id_that_is_no_number_is_not_found():
    assert id_or_404("12") == 12
    for value in ("²", "0", "", "9" * 5000, None):
        with pytest.raises(HTTPNotFound):
            id_or_404(value)


@given(st.text(max_size=30))
def test_any_text_is_read_without_an_exception_and_as_int_would_for_ascii_digits(text):
    value = ascii_int(text)
    stripped = text.strip()
    if value is not None:
        assert stripped.isascii() and stripped.isdigit() and int(stripped) == value <= MAX_ID
    elif stripped.isascii() and stripped.isdigit() and len(stripped) <= 9:
        pytest.fail(f"{text!r} is a number")
