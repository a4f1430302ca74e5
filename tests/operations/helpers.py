"""Run a management command as an operator would: another process, its own database and media."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, database_url: str, media_root: Path, check: bool = True, timeout: int = 180):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "0",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


@contextmanager
def second_database(tmp_path: Path):
    """An empty database of the same kind as the test database; yields (url, query)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "second.sqlite3"

        def query(sql: str):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        yield f"sqlite:///{path}", query
        return
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict

    def query(sql: str):
        with psycopg.connect(
            host=db["HOST"] or "localhost",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=name,
        ) as conn:
            return conn.execute(sql).fetchall()

    try:
        yield _pg_url(name), query
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def live_database_url() -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return _pg_url(connection.settings_dict["NAME"])


def media_hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "readyz" not in path.parts
    }


def live_media() -> Path:
    return Path(settings.MEDIA_ROOT)
