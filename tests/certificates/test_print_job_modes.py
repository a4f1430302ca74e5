"""A print job never runs inside the request that starts it, in every task mode.

Real processes against a scratch SQLite file (tests/certificates/test_print_job_crash.py's
`Scratch`): the web server with `TASKS_BACKEND` set, a job of 300 certificates (seconds
of drawing), the POST timed against the job's own start and end.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time

import pytest

from tests.certificates.test_print_job_crash import PEOPLE, ROOT, Scratch


def _job_times(scratch: Scratch, job_id: int) -> tuple[datetime.datetime, datetime.datetime]:
    import sqlite3

    with sqlite3.connect(scratch.db, timeout=20) as db:
        started, finished = db.execute(
            "SELECT started_at, finished_at FROM certificates_printjob WHERE id = ?", (job_id,)
        ).fetchone()
    return datetime.datetime.fromisoformat(started), datetime.datetime.fromisoformat(finished)


# Its own scratch SQLite file whatever the suite's database: CI runs it once (sqlite_ci).
@pytest.mark.sqlite_ci
@pytest.mark.parametrize("mode", ["database", "immediate"])
def test_a_print_job_started_through_the_api_returns_before_the_job_ends(tmp_path, mode, issued):
    scratch = Scratch(tmp_path, mode, template=issued)
    try:
        scratch.serve()
        started = time.monotonic()
        status, body = scratch.request("POST", "/api/v1/print-jobs/", {"decision": scratch.decision})
        answered_in = time.monotonic() - started

        assert status == 202
        assert body["status"] in ("queued", "running") and body["done"] < body["total"] == PEOPLE
        # Read just after the answer: the job is still under way (or waiting for a worker).
        assert scratch.job_row()[1] in ("queued", "running")
        if mode == "database":
            assert body["status"] == "queued"
            scratch.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        job_id, ended, done, total = scratch.wait_job_ended()
        assert (ended, done, total) == ("done", PEOPLE, PEOPLE)
        job_started, job_finished = _job_times(scratch, job_id)
        # The answer took less than drawing the job did: it did not wait for it.
        assert answered_in < (job_finished - job_started).total_seconds()
    finally:
        scratch.stop()


def test_the_default_task_backend_is_the_database_queue():
    child = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "TASKS_BACKEND"}}
    child.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"})
    code = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.TASKS))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    tasks = json.loads(done.stdout.strip().splitlines()[-1])
    assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.django_db(transaction=True)
def test_a_print_job_survives_writes_from_other_connections_while_it_draws(monkeypatch):
    """A worker draws while the web server writes (logins, sessions) and its own heartbeat
    ticks. On SQLite a read left open across the job's progress writes made them fail
    ("database is locked") as soon as another connection wrote in between."""
    import threading

    from django.db import connections

    from awards import clock
    from certificates import tasks
    from certificates.models import PrintJob
    from tests.factories.certificates import issued_decision, staff_user

    monkeypatch.setattr(tasks, "_CHUNK", 10)  # 30 certificates: three reads, progress in between
    monkeypatch.setattr(tasks, "PROGRESS_EVERY", 5)
    decision = issued_decision(people=30)
    other = staff_user()
    job = PrintJob.objects.create(requested_by=other, decision=decision, total=30)
    drawing = threading.Event()

    def another_connection_writes() -> None:
        from awards.models import User

        try:
            while not drawing.is_set():
                User.objects.filter(pk=other.pk).update(last_login=clock.now())
        finally:
            connections.close_all()

    writer = threading.Thread(target=another_connection_writes)
    writer.start()
    try:
        result = tasks.render_print_job.call(job_id=job.pk)
    finally:
        drawing.set()
        writer.join()

    job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("done", 30, ""), result
