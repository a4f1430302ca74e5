"""Log formatting: plain text for a terminal, one JSON object per line for a collector.

Every record carries the request id (the `X-Request-ID` answered to the client),
"-" outside a request.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter

from operations.context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonLineFormatter(JsonFormatter):
    """`time` is ISO 8601 in UTC (the web workers run in the service's time zone, gunicorn not)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)


def logging_config(fmt: str, level: str) -> dict:
    formatter = "json" if fmt == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "operations.logs.JsonLineFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["request_id"]}
        },
        "root": {"handlers": ["console"], "level": level},
    }
