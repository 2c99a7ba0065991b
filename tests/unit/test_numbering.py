import datetime as dt
import multiprocessing

import pytest
import sqlalchemy as sa
import transaction

from rsi_case import numbering
from rsi_case.db import get_engine, get_session_factory, get_tm_session, writer_engine
from rsi_case.numbering import CaseNumber, DocumentNumber, NumberError, two_digit_to_year


@pytest.mark.parametrize("text", ["09/2867", "09-2867", " 09/2867 ", "09 / 2867", "2009/2867", "09\u20132867"])
def test_case_number_accepts_what_people_type(text):
    assert CaseNumber.parse(text) == CaseNumber(2009, 2867)


def test_case_number_formats():
    n = CaseNumber(2009, 2867)
    assert str(n) == "09/2867"
    assert n.slug == "09-2867"
    assert str(CaseNumber(2026, 7)) == "26/0007"


@pytest.mark.parametrize("text", ["62947/09", "62947-09", " 62947/09", "62947/2009"])
def test_document_number_accepts_what_people_type(text):
    assert DocumentNumber.parse(text) == DocumentNumber(2009, 62947)


def test_document_number_formats():
    assert str(DocumentNumber(2009, 62947)) == "62947/09"
    assert DocumentNumber(2026, 12).slug == "00012-26"


@pytest.mark.parametrize("text", ["", "   ", "abc", "09/", "/2867", "9/2867x", "09/28a7", "09/0", "2867", "1/2/3",
                                  "09/1234567", "x" * 500])
def test_bad_case_numbers_say_what_is_wrong(text):
    with pytest.raises(NumberError) as info:
        CaseNumber.parse(text)
    assert info.value.msg  # a message for the user, not a bare ValueError


def test_document_number_typed_as_case_number_is_explained():
    with pytest.raises(NumberError) as info:
        CaseNumber.parse("62947/09")
    assert "document" in info.value.msg.default


@pytest.mark.parametrize("text", ["", "abc", "62947", "62947/9", "/09", "09/2867x", "0/09"])
def test_bad_document_numbers(text):
    with pytest.raises(NumberError):
        DocumentNumber.parse(text)


def test_two_digit_years():
    today = dt.date(2026, 11, 25)
    assert two_digit_to_year(9, today) == 2009
    assert two_digit_to_year(26, today) == 2026
    assert two_digit_to_year(36, today) == 2036
    assert two_digit_to_year(98, today) == 1998


def _session(engine):
    tm = transaction.TransactionManager(explicit=True)
    tm.begin()
    return tm, get_tm_session(get_session_factory(writer_engine(engine)), tm)


def test_allocation_increases_per_year_and_skips_taken_numbers(engine):
    taken = {3, 4}
    got = []
    for year in (2025, 2025, 2026, 2025, 2025):
        tm, s = _session(engine)
        got.append((year, numbering.allocate(s, numbering.CASE_SERIES, year, lambda n: n in taken)))
        tm.commit()
    assert got == [(2025, 1), (2025, 2), (2026, 1), (2025, 5), (2025, 6)]


def test_rolled_back_allocation_hands_out_the_number_again(engine):
    tm, s = _session(engine)
    assert numbering.allocate(s, "document", 2026, lambda n: False) == 1
    tm.abort()
    tm, s = _session(engine)
    assert numbering.allocate(s, "document", 2026, lambda n: False) == 1
    tm.commit()


def _worker(url, count, queue):
    engine = get_engine({"sqlalchemy.url": url})
    got = []
    for _ in range(count):
        tm, s = _session(engine)
        got.append(numbering.allocate(s, numbering.CASE_SERIES, 2026, lambda n: False))
        tm.commit()
    engine.dispose()
    queue.put(got)


def test_parallel_processes_never_get_the_same_number(database_url):
    """Eight processes allocate 25 numbers each from one series at once
    (SQLite's write lock, or PostgreSQL's row lock, makes them queue)."""
    url = database_url
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, 25, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = [n for chunk in results for n in chunk]
    assert len(numbers) == 200
    assert sorted(numbers) == list(range(1, 201))  # unique and gap-free
    for chunk in results:
        assert chunk == sorted(chunk)  # increasing for each caller
    engine = get_engine({"sqlalchemy.url": url})
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT next_value FROM number_series WHERE series='case' AND year=2026")).scalar_one() == 201
    engine.dispose()


@pytest.mark.parametrize("typed,expected", [
    ("15-12-2009", dt.date(2009, 12, 15)), ("15.12.2009", dt.date(2009, 12, 15)), (" 5/1/2010 ", dt.date(2010, 1, 5)),
    ("15-12-09", dt.date(2009, 12, 15)), ("2009-12-15", dt.date(2009, 12, 15)),
    ("15. december 2009", dt.date(2009, 12, 15)), ("15 dec. 2009", dt.date(2009, 12, 15)),
])
def test_dates_typed_the_danish_way(typed, expected):
    from rsi_case.i18n import parse_date_input

    assert parse_date_input(typed) == expected


@pytest.mark.parametrize("typed", ["", "31-02-2024", "12/15/2009x", "i morgen", "15-12", "2009", "99-99-9999"])
def test_nonsense_dates_are_none(typed):
    from rsi_case.i18n import parse_date_input

    assert parse_date_input(typed) is None


@pytest.mark.parametrize("typed,expected", [
    ("9/2867", ["09/2867"]), ("9-2867", ["09/2867"]), ("09/2867", ["09/2867"]), ("2009/2867", ["09/2867"]),
    ("62947/9", ["62947/09"]), ("62947/09", ["62947/09"]), ("4417/10", ["04417/10"]),
    ("12/34", ["12/0034", "00012/34"]), ("Sag nr. 09/2867", ["09/2867"]), ("sagsnr 9/2867", ["09/2867"]),
    ("j.nr. 09/2867", ["09/2867"]), ("Dokumentnr.: 62947/09", ["62947/09"]), ("dok. 62947/9", ["62947/09"]),
    ("B-26-14", ["B-2026-014"]), ("b-2026-14", ["B-2026-014"]), ("beslutning B-2026-014", ["B-2026-014"]),
    ("2867", []), ("sag om udbud", []), ("9/0", ["00009/00"]), ("abc/def", []), ("x" * 500, []), ("", []),
])
def test_typed_numbers_reads_the_short_forms_people_type(typed, expected):
    from rsi_case.numbering import typed_numbers

    assert [str(n) for n in typed_numbers(typed)] == expected


@pytest.mark.parametrize("text", ["9/2867", "62947/9", "Sag nr. 09/2867"])
def test_forms_stay_strict(text):
    """Registering a number is not finding one: the short forms are for the search box only."""
    parse = DocumentNumber.parse if text == "62947/9" else CaseNumber.parse
    with pytest.raises(NumberError):
        parse(text)


@pytest.mark.parametrize("subject,found", [
    ("25/0418", ["25/0418"]),
    ("[Sag 25/0418] Svar på høringen", ["25/0418"]),
    ("SV: Tidsplan for udbud af røntgenudstyr (sag 25/0418)", ["25/0418"]),
    ("Re: SV: Sag 2025/418", ["25/0418"]),
    ("Sag 25/0418 og sag 24/0007", ["25/0418", "24/0007"]),
    ("Sag 25/0418, igen 25/0418", ["25/0418"]),
    ("Mødet 03-12-2026 kl. 10", []),          # a date is not a case number
    ("Dokument 62947/09 vedlagt", []),        # a document number is not either
    ("Version 1.25/3 og telefon 70 10 20 30", []),
    ("", []),
])
def test_the_case_numbers_a_subject_names(subject, found):
    from rsi_case.numbering import case_numbers_in

    assert [str(n) for n in case_numbers_in(subject)] == found
