"""Back up a populated database, restore it into an empty one: every row and every file is there.

SQLite: the online backup API (`sqlite3.Connection.backup`) while the
service's connection is open. PostgreSQL: `pg_dump -Fc` and `pg_restore` into
a fresh database. Attachments live in MEDIA_ROOT (copied beside the dump); each
restored row's file must hash to the SHA-256 recorded at upload.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from nominations.models import Attachment
from tests.security.conftest import build_world

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _counts(cursor, tables) -> dict[str, int]:
    out = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        out[table] = cursor.fetchone()[0]
    return out


def _sqlite_backup(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    with destination:
        connection.connection.backup(destination)
    destination.close()
    restored = sqlite3.connect(target)
    try:
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [row[0] for row in restored.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = _counts(restored.cursor(), [t for t in tables if not t.startswith("sqlite_")])
        rows = restored.execute("SELECT file, sha256 FROM nominations_attachment").fetchall()
    finally:
        restored.close()
    return counts, rows


def _pg_binary(name: str) -> str:
    found = PG_BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _pg_backup(target: Path) -> dict[str, int]:
    import psycopg

    db = settings.DATABASES["default"]
    conn = {"host": db["HOST"] or "localhost", "port": str(db["PORT"] or 5432), "user": db["USER"]}
    env = {"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin"}
    args = ["-h", conn["host"], "-p", conn["port"], "-U", conn["user"]]
    subprocess.run(
        [_pg_binary("pg_dump"), *args, "-Fc", "-f", str(target), connection.settings_dict["NAME"]],
        check=True,
        env=env,
        timeout=120,
    )
    fresh = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [_pg_binary("pg_restore"), *args, "--no-owner", "--exit-on-error", "-d", fresh, str(target)],
            check=True,
            env=env,
            timeout=120,
        )
        with psycopg.connect(
            host=conn["host"],
            port=conn["port"],
            user=conn["user"],
            password=db["PASSWORD"] or None,
            dbname=fresh,
        ) as restored:
            cursor = restored.cursor()
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            counts = _counts(cursor, [row[0] for row in cursor.fetchall()])
            cursor.execute("SELECT file, sha256 FROM nominations_attachment")
            rows = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    return counts, rows


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_and_every_attachment(tmp_path):
    build_world()
    live_media = Path(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        live = _counts(cursor, tables)
    assert live["nominations_attachment"] == Attachment.objects.count() >= 2
    assert live["nominations_nomination"] >= 7

    if connection.vendor == "postgresql":
        restored, rows = _pg_backup(tmp_path / "thidua.dump")
    else:
        assert connection.vendor == "sqlite"
        restored, rows = _sqlite_backup(tmp_path / "thidua.sqlite3")
    media_copy = tmp_path / "media"
    shutil.copytree(live_media, media_copy)

    assert restored == live  # every table, every row count
    assert len(rows) == live["nominations_attachment"]
    mismatched = [
        name for name, sha in rows if hashlib.sha256((media_copy / name).read_bytes()).hexdigest() != sha
    ]
    assert mismatched == []
