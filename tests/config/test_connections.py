"""Database connections: kept a minute and health-checked on PostgreSQL, per request on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_PRINT = (
    "import json; from django.conf import settings; d = settings.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d.get('CONN_HEALTH_CHECKS', False)]))"
)


def _database_settings(**env: str) -> list:
    child = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DB_CONN_MAX_AGE"}}
    child.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env})
    # Reading the settings opens no connection: no server is needed at that address.
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {_PRINT}"],
        cwd=ROOT, env=child, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgres://app@127.0.0.1:1/thidua"}, [60, True]),
        ({"DATABASE_URL": "postgres://app@127.0.0.1:1/thidua", "DB_CONN_MAX_AGE": "0"}, [0, True]),
        ({"DATABASE_URL": "sqlite:////tmp/thidua-connections.sqlite3"}, [0, False]),
    ],
    ids=["postgresql default", "postgresql per request", "sqlite"],
)
def test_connection_lifetime(env, expected):
    assert _database_settings(**env) == expected
