"""Logs can be JSON lines: one valid JSON object a line, exceptions included."""

import json
import logging

from rsi_case.logs import JsonFormatter


def record(**kw):
    return logging.LogRecord("rsi_case.errors", logging.ERROR, __file__, 42, "incident %s: æøå", ("abc123",), **kw)


def test_a_record_is_one_line_of_json_with_its_fields():
    line = JsonFormatter().format(record(exc_info=None))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "rsi_case.errors"
    assert entry["message"] == "incident abc123: æøå" and entry["time"].endswith("+00:00")


def test_an_exception_and_extra_fields_stay_inside_the_one_line():
    try:
        raise ValueError("boom\nwith a second line")
    except ValueError:
        import sys

        rec = record(exc_info=sys.exc_info())
    rec.incident = "abc123"
    line = JsonFormatter().format(rec)
    assert line.count("\n") == 0
    entry = json.loads(line)
    assert "ValueError: boom" in entry["exception"] and entry["incident"] == "abc123"


def test_production_ini_names_the_json_formatter():
    from pathlib import Path
    import configparser

    ini = configparser.ConfigParser(interpolation=None)
    ini.read(Path(__file__).resolve().parents[2] / "production.ini")
    assert ini["formatter_json"]["class"] == "rsi_case.logs.JsonFormatter"
    assert "json" in [k.strip() for k in ini["formatters"]["keys"].split(",")]
