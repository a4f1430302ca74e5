"""Running queued print jobs in tests, as a worker would.

A print job never runs inside the request that starts it: with the database
backend (the default) it waits for `manage.py db_worker`; with the immediate one it
is drawn in a thread. Tests that need the job done use the `print_worker` fixture:
the queue is the database one, as in production, and `print_worker()` makes one
worker pass over everything queued (print jobs and the e-mails they cause) on the
test's own connection, so it works inside the test's transaction too.
"""

from __future__ import annotations

import pytest
from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks() -> int:
    """Run every ready task, oldest first, until none is left (what `db_worker --batch`
    does, without its own transactions and connection handling); returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        # A worker commits each task: what it queued on commit (the e-mails) runs next.
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(result)
        ran += 1
    return ran


@pytest.fixture
def print_worker(settings):
    settings.TASKS = DATABASE_TASKS
    return run_queued_tasks
