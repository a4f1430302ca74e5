"""Dump and restore the database, consistently while the service runs.

SQLite: the online backup API copies a consistent snapshot page by page.
PostgreSQL: `pg_dump -Fc` inside an exported snapshot, and the row counts of the
manifest are read in that same snapshot, so they describe exactly what was dumped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from operations.backup import BackupError

DUMP_TIMEOUT = 6 * 3600


def table_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def _pg_tool(name: str) -> str:
    folders = [settings.PG_BIN_DIR] if settings.PG_BIN_DIR else []
    # Debian's versioned folder holds every tool; the newest dumps every older server.
    folders += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(_("Không tìm thấy chương trình %(name)s (đặt PG_BIN_DIR).") % {"name": name})
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432)]
    if db["USER"]:
        args += ["-U", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=DUMP_TIMEOUT, check=False)  # noqa: S603
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise BackupError(_("%(what)s thất bại: %(detail)s") % {"what": what, "detail": detail[0]})


def dump(target: Path) -> tuple[dict[str, int], list[list[str]]]:
    """Write the database to `target`; return (rows per table, applied migrations) of that copy."""
    if connection.vendor == "sqlite":
        return _sqlite_dump(target)
    if connection.vendor == "postgresql":
        return _pg_dump(target)
    raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": connection.vendor})


def dump_name() -> str:
    return "database/db.sqlite3" if connection.vendor == "sqlite" else "database/db.dump"


def _sqlite_dump(target: Path):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(_("Bản sao SQLite không toàn vẹn."))
        # A single file: the copy must not depend on a WAL beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = [
            row[0]
            for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        cursor = copy.cursor()
        return table_counts(cursor, tables), applied_migrations(cursor)
    finally:
        copy.close()


def _pg_dump(target: Path):
    args, env = _pg_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = [_pg_tool("pg_dump"), *args, "-Fc", f"--snapshot={snapshot}", "-f", str(target)]
        _run([*command, connection.settings_dict["NAME"]], env, "pg_dump")
        counts = table_counts(cursor, connection.introspection.table_names(cursor))
        return counts, applied_migrations(cursor)


def current_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.introspection.table_names(cursor))


def restore(source: Path) -> None:
    if connection.vendor == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source)


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        # Page by page into the live file: other connections see the old or the new database.
        origin.backup(connection.connection)
    finally:
        origin.close()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        if cursor.fetchone()[0] != "ok":
            raise BackupError(_("Cơ sở dữ liệu sau khi phục hồi không toàn vẹn."))


def _pg_restore(source: Path) -> None:
    args, env = _pg_args()
    connection.close()  # pg_restore drops tables this process may hold open
    command = [
        _pg_tool("pg_restore"),
        *args,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
        "-d",
        connection.settings_dict["NAME"],
        str(source),
    ]
    _run(command, env, "pg_restore")
