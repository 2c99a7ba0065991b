"""Whole numbers from addresses, query strings and forms, read one safe way.

``str.isdigit()`` is true for ``²`` (which ``int()`` refuses) and for
Arabic-Indic ``٣`` (which ``int()`` reads as 3), and ``int()`` refuses
strings of more than 4,300 digits — each of those was a 500 when a view
checked ``isdigit()`` and then called ``int()``. Every number a request
carries is therefore read here, with an ASCII pattern of at most nine
digits; anything else is "not a number" (``None``), and the caller decides
what that means: 404 for an address naming an object, a Danish message for
a filter or a form field.
"""

from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPNotFound

_DIGITS = re.compile(r"[0-9]{1,9}")

MAX_ID = 999_999_999  # nine digits: every id and running number fits, and int() stays cheap


def ascii_int(value, lo: int = 0, hi: int = MAX_ID) -> int | None:
    """``value`` (a str from the request, spaces around it allowed) as an int
    within [lo, hi], or None when it is not 1-9 ASCII digits or out of range.

    Anything that is not a str — a missing value, an uploaded file where a
    number was expected — is not a number either."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if lo <= number <= hi else None


def ascii_ints(values, lo: int = 0, hi: int = MAX_ID, limit: int = 200) -> list[int]:
    """The numbers among ``values`` (e.g. ``request.POST.getall("document")``),
    the others left out, at most ``limit`` of them."""
    numbers = (ascii_int(v, lo, hi) for v in values)
    return [n for n in numbers if n is not None][:limit]


def id_or_404(value) -> int:
    """A path segment that names an object by its id: not a number means
    there is no such object."""
    number = ascii_int(value, 1)
    if number is None:
        raise HTTPNotFound()
    return number
