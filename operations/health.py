"""`/readyz`: can this process serve, and is the work behind it moving?

`/healthz` (config/urls.py) stays the cheap liveness probe for the proxy;
`/readyz` is for monitoring. Both answer JSON and never name a host, a user or
an error message (they are public).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.heartbeat import seen_since

_migrations_done = False  # once none are pending, this process's code never adds any


def _database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, "unavailable"
    return True, "ok"


def _media() -> tuple[bool, str]:
    name = f"readyz/{uuid.uuid4().hex}.probe"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception:  # noqa: BLE001 - OSError on disk; object storage clients raise their own types
        return False, "not writable"
    return True, "ok"


def _migrations() -> tuple[bool, int]:
    global _migrations_done
    if _migrations_done:
        return True, 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_done = pending == 0
    return pending == 0, pending


def uses_database_tasks() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db")


def _tasks() -> tuple[bool, dict]:
    from django_tasks_db.models import DBTaskResult

    window = settings.WORKER_STALE_SECONDS
    workers = seen_since(window).count()
    waiting = DBTaskResult.objects.ready().count()
    return workers > 0, {"workers_seen": workers, "seen_within_seconds": window, "waiting": waiting}


@never_cache
@require_GET
def readyz(request):
    ok, state = _database()
    checks: dict = {"database": state}
    if ok:
        for name, check in (("media", _media), ("migrations_pending", _migrations)):
            passed, checks[name] = check()
            ok = ok and passed
        if uses_database_tasks():
            passed, checks["tasks"] = _tasks()
            ok = ok and passed
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
