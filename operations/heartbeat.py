"""A worker says it is alive: one row per `db_worker`, refreshed from a thread.

A thread and not the worker's loop, so a worker busy with a 5,000-page print
job still beats; a worker killed with SIGKILL stops beating, which `/readyz` sees.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

from awards import clock
from operations.models import WorkerHeartbeat

logger = logging.getLogger("operations.heartbeat")


def beat(worker_id: str, started_at) -> None:
    now = clock.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": now,
        },
    )
    # Rows of workers gone for a day are history, not news.
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()


def seen_since(seconds: int):
    return WorkerHeartbeat.objects.filter(last_seen__gte=clock.now() - timedelta(seconds=seconds))


class HeartbeatThread(threading.Thread):
    def __init__(self, worker_id: str, interval: float | None = None):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or settings.WORKER_HEARTBEAT_SECONDS
        self.started_at = clock.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.started_at)
            except DatabaseError:
                # The database is away: the worker's loop will notice too; keep trying.
                logger.warning("heartbeat of worker %s not written", self.worker_id)
            self.stopping.wait(self.interval)
        connection.close()
