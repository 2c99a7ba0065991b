"""Translation helpers. The UI speaks Danish (gettext catalogs under locale/)."""

from __future__ import annotations

import datetime as dt

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("rsi_case")

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


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``15-12-2009``; timestamps are shown in Danish local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_local_tz())
        value = value.date()
    return value.strftime(DATE_FORMAT)


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(_local_tz())
    return value.strftime(DATETIME_FORMAT)


def format_size(num_bytes: int) -> str:
    if num_bytes < 1024:
        return f"{num_bytes} B"
    if num_bytes < 1024 * 1024:
        return f"{num_bytes / 1024:.0f} kB".replace(".", ",")
    return f"{num_bytes / (1024 * 1024):.1f} MB".replace(".", ",")


def includeme(config):
    config.add_translation_dirs("colander:locale/", "deform:locale/", "rsi_case:locale/")
