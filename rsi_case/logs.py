"""Log records as JSON lines, for a log collector (journald, Loki, Elastic…).

Choose it in the .ini's logging section (production.ini shows how)::

    [formatter_json]
    class = rsi_case.logs.JsonFormatter

Each record is one line: ``time`` (UTC, ISO 8601), ``level``, ``logger``,
``message``, ``process``, ``thread``, the source ``location``, ``exception``
(the formatted traceback) when there is one, and any ``extra={…}`` fields
the caller gave. Never put passwords, tokens or document text in a log
message (the same rule as for the audit trail).
"""

from __future__ import annotations

import datetime as dt
import json
import logging

# the attributes every LogRecord has; anything else came in through extra={...}
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
            "location": f"{record.module}:{record.lineno}",
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)
