"""Translation helpers. The UI speaks Danish (gettext catalogs under locale/)."""

from __future__ import annotations

import datetime as dt
import re

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("rsi_case")
DOMAIN = "rsi_case"


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """A message with plural forms ("1 resultat", "2 resultater"): the
    English singular and plural, which are also the msgid and msgid_plural
    (gettext extracts ``ngettext`` calls); the Danish forms come from the
    catalog by its ``Plural-Forms``. Use :func:`pluralize` to show it."""
    return singular, plural


def pluralize(localizer, message: tuple[str, str], n: int, **mapping) -> str:
    """``message`` (from :func:`ngettext`) for the number ``n``; ``${n}`` is ``n``."""
    singular, plural = message
    return localizer.pluralize(singular, plural, n, domain=DOMAIN, mapping={"n": n, **mapping})

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
COPENHAGEN = None


def _local_tz():
    global COPENHAGEN
    if COPENHAGEN is None:
        try:
            from zoneinfo import ZoneInfo

            COPENHAGEN = ZoneInfo("Europe/Copenhagen")
        except Exception:  # pragma: no cover - tzdata missing
            COPENHAGEN = dt.UTC
    return COPENHAGEN


def today() -> dt.date:
    """Today in Denmark: the date a user means (a document's date, a year's
    number series, a deadline) — not the server's UTC date, which is
    yesterday between midnight in Copenhagen and midnight UTC."""
    return dt.datetime.now(_local_tz()).date()


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``15-12-2009``; timestamps are shown in Danish local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_local_tz())
        value = value.date()
    return value.strftime(DATE_FORMAT)


MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}


def _year(value: int) -> int:
    if value < 100:
        return value + (2000 if value < 70 else 1900)
    return value


def parse_danish_date(text: str) -> dt.date | None:
    """Find a date in running text (a memo's header): ``15-12-2009``,
    ``15.12.09``, ``15. december 2009`` or ISO ``2009-12-15``."""
    text = text.strip().lower()
    # not inside a longer number: "2009-12-15" is ISO, not 09-12-(20)15
    m = re.search(r"(?<!\d)(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4}|\d{2})\b", text)
    try:
        if m:
            return dt.date(_year(int(m.group(3))), int(m.group(2)), int(m.group(1)))
        m = re.search(r"(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})", text)
        if m and m.group(2) in MONTHS:
            return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def parse_date_input(text: str) -> dt.date | None:
    """A date typed into a form field: the whole text must be a date."""
    text = (text or "").strip().lower()
    try:
        if m := re.fullmatch(r"(\d{1,2})\s*[.\-/ ]\s*(\d{1,2})\s*[.\-/ ]\s*(\d{4}|\d{2})", text):
            return dt.date(_year(int(m.group(3))), int(m.group(2)), int(m.group(1)))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})", text):
            month = MONTHS.get(m.group(2)) or next((n for name, n in MONTHS.items() if name.startswith(m.group(2))
                                                     and len(m.group(2)) >= 3), None)
            if month:
                return dt.date(int(m.group(3)), month, int(m.group(1)))
    except ValueError:
        return None
    return None


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(_local_tz())
    return value.strftime(DATETIME_FORMAT)


def format_time(value: dt.datetime | None) -> str:
    """The time of day (HH:MM) of a moment today; date and time for any other day."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(_local_tz())
    if value.date() != dt.datetime.now(value.tzinfo).date():
        return value.strftime(DATETIME_FORMAT)
    return value.strftime("%H:%M")


def format_size(num_bytes: int) -> str:
    if num_bytes < 1024:
        return f"{num_bytes} B"
    if num_bytes < 1024 * 1024:
        return f"{num_bytes / 1024:.0f} kB".replace(".", ",")
    return f"{num_bytes / (1024 * 1024):.1f} MB".replace(".", ",")


def locale_negotiator(request):
    """Every page is in the configured language (``pyramid.default_locale_name``,
    da). Pyramid's default negotiator would also take ``_LOCALE_`` from the
    query string, a cookie or the form body — so an error page for a body
    refused as too large or unreadable would read that very body, and
    ``?_LOCALE_=x`` would show the untranslated English defaults."""
    return None


def includeme(config):
    config.add_translation_dirs("colander:locale/", "deform:locale/", "rsi_case:locale/")
    config.set_locale_negotiator(locale_negotiator)
