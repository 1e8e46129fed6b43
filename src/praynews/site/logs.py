"""How praynews's log lines look (PRAYNEWS_LOG_FORMAT): plain text for a person reading a
terminal or a journal, or one JSON object per line for a log collector.

The JSON lines are made by python-json-logger, not by a formatter of ours: it keeps a
record's extra fields (Django's status_code) and serialises what json cannot (a request).
Both the Django settings (LOGGING) and the CLI, which logs before Django starts and in
commands that never start it, take their formatter from here.
"""

from __future__ import annotations

import logging

from praynews.site.config import choice_setting

LOG_FORMATS = ("plain", "json")
# Each line: time (ISO 8601, UTC), level, logger, message, the record's extra fields, and the
# traceback when an exception was logged with it.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "traceback"},
    "timestamp": "time",
}


def log_format() -> str:
    return choice_setting("PRAYNEWS_LOG_FORMAT", LOG_FORMATS)


def formatter(plain: str) -> logging.Formatter:
    """The chosen format's formatter; `plain` is the text format used when it is plain."""
    if log_format() == "plain":
        return logging.Formatter(plain)
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(**{key: value for key, value in JSON_FORMATTER.items() if key != "()"})
