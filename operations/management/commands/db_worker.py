"""django-tasks-db's worker, plus a heartbeat that `/readyz` reads.

Same command name and options: the operations app comes before django_tasks_db
in INSTALLED_APPS, so `manage.py db_worker` runs this one.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from operations.heartbeat import HeartbeatThread


class Command(db_worker.Command):
    help = "Run a database background worker (with a heartbeat for /readyz)"

    def handle(self, *args, **options):
        heartbeat = HeartbeatThread(options["worker_id"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
