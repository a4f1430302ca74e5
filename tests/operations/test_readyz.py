"""/healthz and /readyz: JSON, no secrets, and a stopped worker is noticed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from awards import clock
from operations.heartbeat import beat
from operations.models import WorkerHeartbeat
from tests.operations.helpers import ROOT, live_database_url

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _secrets() -> list[str]:
    db = connection.settings_dict
    return [v for v in (str(db["NAME"]), db["USER"], db["PASSWORD"], db["HOST"], settings.SECRET_KEY) if v]


def _ready(client):
    response = client.get("/readyz")
    body = response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert not [s for s in _secrets() if s in body]
    return response.status_code, json.loads(body)


@pytest.mark.django_db
def test_ready_with_the_in_process_task_backend(client):
    status, body = _ready(client)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "media": "ok", "migrations_pending": 0}}
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    assert not list((settings.MEDIA_ROOT / "readyz").glob("*"))  # the probe cleans up


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS, WORKER_STALE_SECONDS=60)
def test_database_backend_needs_a_recent_worker(client):
    status, body = _ready(client)
    assert status == 503 and body["checks"]["tasks"]["workers_seen"] == 0

    beat("old-worker", clock.now() - timedelta(hours=1))
    WorkerHeartbeat.objects.filter(worker_id="old-worker").update(
        last_seen=clock.now() - timedelta(seconds=90)
    )
    assert _ready(client)[0] == 503

    beat("fresh-worker", clock.now())
    status, body = _ready(client)
    assert status == 200
    assert body["checks"]["tasks"] == {"workers_seen": 1, "seen_within_seconds": 60, "waiting": 0}


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS, WORKER_STALE_SECONDS=3)
def test_a_killed_worker_makes_readyz_fail(client):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789",
        "DATABASE_URL": live_database_url(),
        "TASKS_BACKEND": "database",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    worker = subprocess.Popen(  # the real command an operator runs
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: _ready(client)[0] == 200, 30), _ready(client)
        assert WorkerHeartbeat.objects.get().pid == worker.pid
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert _wait_for(lambda: _ready(client)[0] == 503, 10)
    assert _ready(client)[1]["checks"]["tasks"]["workers_seen"] == 0
