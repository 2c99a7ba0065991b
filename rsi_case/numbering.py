"""Case and document numbers: parsing, formatting and safe allocation.

A case number is ``YY/NNNN`` (year of creation, running number within the
year, e.g. ``09/2867``); a document number is ``NNNNN/YY`` (``62947/09``).
In URLs the slash becomes a hyphen.

Allocation takes the next value of a per-(series, year) counter with one
``UPDATE … SET next_value = next_value + 1 … RETURNING``: the row lock (on
PostgreSQL) or the write lock (SQLite, whose write transactions start with
``BEGIN IMMEDIATE``) makes concurrent allocations queue, so every caller
gets its own number.  A number that is already taken — registered by hand
under a historic number — is skipped, never handed out twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import Base
from .i18n import _, today as danish_today

CASE_SERIES = "case"
DOCUMENT_SERIES = "document"
DECISION_SERIES = "decision"  # the board's decisions, B-2026-014
SERIES = (CASE_SERIES, DOCUMENT_SERIES, DECISION_SERIES)

MAX_SEQ = 999_999


class NumberSeries(Base):
    """The next running number of one series in one calendar year."""

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    next_value: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    __table_args__ = (
        sa.CheckConstraint("next_value >= 1", name="next_value_positive"),
        sa.CheckConstraint("series IN ('case', 'document', 'decision')", name="series_known"),
    )


class NumberError(ValueError):
    """A number a person typed that we cannot read; ``msg`` is Danish-ready."""

    def __init__(self, msg, mapping=None):
        super().__init__(str(msg))
        self.msg = msg
        self.mapping = mapping or {}


def two_digit_to_year(yy: int, today: dt.date | None = None) -> int:
    """``09`` -> 2009; a year more than a decade ahead is taken as last century."""
    today = today or danish_today()
    century = today.year // 100 * 100
    year = century + yy
    if year > today.year + 10:
        year -= 100
    return year


_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2212": "-"})
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    # people paste numbers with odd spaces and dashes from Word
    return _SPACE.sub("", (text or "").strip().translate(_DASHES))


# (compiled once: the search box reads every query as a possible number, bench/search.py times it)
_CASE = re.compile(r"(\d{2}|\d{4})[/-](\d{1,6})")
_CASE_LIKE_DOCUMENT = re.compile(r"\d{1,6}[/-]\d{2}")
_DOCUMENT = re.compile(r"(\d{1,6})[/-](\d{2}|\d{4})")
_DECISION = re.compile(r"B-?(\d{4})[/-](\d{1,6})")


@dataclasses.dataclass(frozen=True, order=True)
class CaseNumber:
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.year % 100:02d}/{self.seq:04d}"

    @property
    def slug(self) -> str:
        return f"{self.year % 100:02d}-{self.seq:04d}"

    @classmethod
    def parse(cls, text: str) -> CaseNumber:
        raw = _clean(text)
        if not raw:
            raise NumberError(_("number-case-empty", default="Enter a case number, e.g. 09/2867."))
        m = _CASE.fullmatch(raw)
        if not m:
            if _CASE_LIKE_DOCUMENT.fullmatch(raw):
                raise NumberError(
                    _("number-case-looks-like-document",
                      default="“${value}” looks like a document number. A case number is written year/number, e.g. 09/2867."),
                    {"value": text.strip()},
                )
            raise NumberError(
                _("number-case-invalid",
                  default="“${value}” is not a case number. Write two digits for the year, a slash and the running number, e.g. 09/2867."),
                {"value": text.strip()[:40]},
            )
        year_s, seq_s = m.groups()
        year = int(year_s) if len(year_s) == 4 else two_digit_to_year(int(year_s))
        seq = int(seq_s)
        if seq < 1:
            raise NumberError(_("number-zero", default="The running number must be at least 1."))
        return cls(year, seq)


@dataclasses.dataclass(frozen=True, order=True)
class DocumentNumber:
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.seq:05d}/{self.year % 100:02d}"

    @property
    def slug(self) -> str:
        return f"{self.seq:05d}-{self.year % 100:02d}"

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        raw = _clean(text)
        if not raw:
            raise NumberError(_("number-doc-empty", default="Enter a document number, e.g. 62947/09."))
        m = _DOCUMENT.fullmatch(raw)
        if not m or (len(m.group(1)) == 2 and len(m.group(2)) == 4):
            raise NumberError(
                _("number-doc-invalid",
                  default="“${value}” is not a document number. Write the running number, a slash and two digits for the year, e.g. 62947/09."),
                {"value": text.strip()[:40]},
            )
        seq_s, year_s = m.groups()
        year = int(year_s) if len(year_s) == 4 else two_digit_to_year(int(year_s))
        seq = int(seq_s)
        if seq < 1:
            raise NumberError(_("number-zero", default="The running number must be at least 1."))
        return cls(year, seq)


@dataclasses.dataclass(frozen=True, order=True)
class DecisionNumber:
    """A board decision: ``B-2026-014`` (B, the year the meeting was held, its running number)."""

    year: int
    seq: int

    def __str__(self) -> str:
        return f"B-{self.year}-{self.seq:03d}"

    @property
    def slug(self) -> str:
        return str(self)

    @classmethod
    def parse(cls, text: str) -> DecisionNumber:
        raw = _clean(text).upper()
        if not raw:
            raise NumberError(_("number-decision-empty", default="Enter a decision number, e.g. B-2026-014."))
        m = _DECISION.fullmatch(raw)
        if not m:
            raise NumberError(
                _("number-decision-invalid",
                  default="“${value}” is not a decision number. Write B, the year and the running number, e.g. B-2026-014."),
                {"value": text.strip()[:40]},
            )
        year, seq = int(m.group(1)), int(m.group(2))
        if seq < 1:
            raise NumberError(_("number-zero", default="The running number must be at least 1."))
        if not 1900 <= year <= 2200:
            raise NumberError(_("number-decision-invalid",
                                default="“${value}” is not a decision number. Write B, the year and the running number, e.g. B-2026-014."),
                              {"value": text.strip()[:40]})
        return cls(year, seq)


# -- numbers as people type them into a search box ---------------------------------

#: a label in front of a number, as it is copied from a memo's header: "Sag nr. 09/2867",
#: "sagsnr 09/2867", "j.nr. 09/2867", "Dokumentnr.: 62947/09", "dok. 62947/09", "beslutning B-2026-014"
_TYPED_LABEL = re.compile(
    r"^\s*(?:sag(?:s)?\s*(?:nr|nummer)?|j\s*\.?\s*nr|dok(?:ument)?\s*\.?\s*(?:nr|nummer)?|beslutning(?:snr)?|nr)"
    r"\s*\.?\s*:?\s*(?=[0-9bB])", re.I)
PLAUSIBLE_YEARS = range(1900, 2101)
#: every form below, cleaned: digits, a slash or hyphen, digits (a decision's B in front)
_TYPED_SHAPE = re.compile(r"(?:B-?)?\d{1,6}[/-]\d{1,6}")


def typed_numbers(text: str) -> list:
    """Every case, document or decision number a search text can be read as,
    the likeliest first: the forms :meth:`CaseNumber.parse` and friends
    accept (whose year is a real year: ``4417/10`` is document 04417/10, not
    case 4417/0010), and the short forms people type -- a one-digit year
    (``9/2867`` is case 09/2867, ``62947/9`` document 62947/09), a two-digit
    decision year (``B-26-14``), a label in front (``Sag nr. 09/2867``).
    Forms stay strict: this is for finding, not for registering a number."""
    raw = _TYPED_LABEL.sub("", text or "", count=1)
    compact = _clean(raw).upper()
    if not _TYPED_SHAPE.fullmatch(compact):  # (most searches are words: no parsing for them)
        return []
    found = []
    for cls, shape in ((CaseNumber, _CASE), (DocumentNumber, _DOCUMENT), (DecisionNumber, _DECISION)):
        if not shape.fullmatch(compact):  # (the pattern its parse begins with: no exception to raise)
            continue
        try:
            number = cls.parse(raw)
        except NumberError:
            continue
        if number.year in PLAUSIBLE_YEARS:
            found.append(number)
    if not found and (m := re.fullmatch(r"([0-9])[/-]([0-9]{1,6})", compact)) and int(m.group(2)):
        found.append(CaseNumber(two_digit_to_year(int(m.group(1))), int(m.group(2))))
    if not found and (m := re.fullmatch(r"([0-9]{1,6})[/-]([0-9])", compact)) and int(m.group(1)):
        found.append(DocumentNumber(two_digit_to_year(int(m.group(2))), int(m.group(1))))
    if not found and (m := re.fullmatch(r"B-?([0-9]{2})[/-]([0-9]{1,6})", compact)) and int(m.group(2)):
        found.append(DecisionNumber(two_digit_to_year(int(m.group(1))), int(m.group(2))))
    return list(dict.fromkeys(found))


#: a case number standing on its own in a text ("SV: Tidsplan (sag 25/0418)", "[Sag 25/0418]"), not part of
#: a date ("03-12-2026") or of a longer number
_CASE_IN_TEXT = re.compile(r"(?<![\w/.-])(?:\d{2}|\d{4})[/-]\d{1,6}(?![\w/-]|\.\d)")


def case_numbers_in(text: str) -> list:
    """The case numbers a text (a mail's subject) names, in order, each once:
    every number-shaped word read as :func:`typed_numbers` reads a typed
    search, keeping the readings that are case numbers."""
    found = []
    for match in _CASE_IN_TEXT.finditer(text or ""):
        found.extend(n for n in typed_numbers(match.group(0)) if isinstance(n, CaseNumber))
    return list(dict.fromkeys(found))


def _ensure_series(session: Session, series: str, year: int) -> None:
    table = NumberSeries.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other backends are not supported
        raise RuntimeError(f"unsupported database: {dialect}")
    stmt = insert(table).values(series=series, year=year, next_value=1).on_conflict_do_nothing()
    session.execute(stmt)


def allocate(session: Session, series: str, year: int, taken: Callable[[int], bool]) -> int:
    """Hand out the next free number of ``series`` in ``year``.

    ``taken(n)`` says whether number n is already used (a historic
    registration); such numbers are skipped.
    """
    if series not in SERIES:
        raise ValueError(series)
    _ensure_series(session, series, year)
    col = NumberSeries.next_value
    while True:
        stmt = (
            sa.update(NumberSeries)
            .where(NumberSeries.series == series, NumberSeries.year == year)
            .values(next_value=col + 1)
            .returning(col)
        )
        value = session.execute(stmt).scalar_one() - 1
        if value > MAX_SEQ:
            raise RuntimeError(f"number series {series}/{year} is exhausted")
        if not taken(value):
            return value


def next_value(session: Session, series: str, year: int) -> int:
    row = session.get(NumberSeries, (series, year))
    return row.next_value if row else 1


def set_next_value(session: Session, series: str, year: int, value: int) -> None:
    _ensure_series(session, series, year)
    session.execute(
        sa.update(NumberSeries)
        .where(NumberSeries.series == series, NumberSeries.year == year)
        .values(next_value=value)
    )
