"""Connection set-up the database engines do not do by themselves."""

from __future__ import annotations

import sqlite3
from typing import Any

# SQLite's limit since 3.32; a build reporting less is believed.
_SQLITE_VARIABLES = 32_766


def use_sqlite_variable_limit(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Batch bulk writes by the limit this SQLite was built with, not Django 5.2's fixed 999
    (Django 6.0 reads it the same way): a 500-line decision is one INSERT per table,
    not one per 60 rows, so its query count does not grow with the annex."""
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.features.max_query_params = min(limit, _SQLITE_VARIABLES)
