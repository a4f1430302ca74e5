"""The print job task (django-tasks): one PDF for a whole job.

Default (``TASKS_BACKEND=database``): queued when the job's transaction commits and
run by ``manage.py db_worker`` (django-tasks-db; `make run` starts one, production runs
it under systemd). With the immediate backend it runs in a thread of the web
process, never inside the request (``services._enqueue``). Either way no row lock is held while
drawing or storing (docs/architecture.md, "Slow I/O outside the transaction"): progress and
the outcome are single-row UPDATEs.
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils.translation import gettext as _
from django_tasks import task

from awards import clock
from certificates.emblems import emblems_for
from certificates.enums import PrintJobStatus
from certificates.models import Certificate, PrintJob
from certificates.rendering import RenderingError, available_layouts, render_certificates
from certificates.services import (
    certificates_for_rendering,
    iter_certificate_contents,
    mark_printed,
    print_job_queryset,
    render_options,
    rendering_error_message,
)
from nominations.notifications import notify_print_job

logger = logging.getLogger(__name__)

# Progress is written every this many pages (and at the end): one cheap UPDATE
# per 25 pages costs nothing next to drawing them.
PROGRESS_EVERY = 25
_CHUNK = 250


def lease_seconds() -> int:
    return int(getattr(settings, "PRINT_JOB_LEASE_SECONDS", 60))


def _lease() -> datetime.datetime:
    return clock.now() + datetime.timedelta(seconds=lease_seconds())


@task()
def render_print_job(job_id: int) -> dict:
    """Render the job's certificates (valid ones, register-number order) into one PDF,
    store it under a random name in private media, and mark the job done or failed.

    The job is claimed with a lease, renewed with every progress write; if this
    process dies, the lease runs out and the job shows as interrupted (retry:
    ``services.print_job_retry``). Every write is fenced by the attempt number, so
    a process that comes back after its job was retried changes nothing.
    """
    claimed = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.QUEUED).update(
        status=PrintJobStatus.RUNNING,
        started_at=clock.now(),
        done=0,
        lease_expires_at=_lease(),
        attempts=F("attempts") + 1,
    )
    if not claimed:  # a duplicated task: the job is no longer queued
        return {"job": job_id, "skipped": True}
    job = PrintJob.objects.select_related("profile").get(pk=job_id)
    return _render(
        job, PrintJob.objects.filter(pk=job_id, attempts=job.attempts, status=PrintJobStatus.RUNNING)
    )


def _render(job: PrintJob, mine) -> dict:
    """Draw, store and record one attempt at `job`; `mine` is the attempt's own row."""
    job_id = job.pk
    queryset = print_job_queryset(job)
    total = queryset.count()
    mine.update(total=total)
    printed: list[int] = []
    current: list[Certificate | None] = [None]

    def rows():
        for certificate in _in_chunks(queryset):
            current[0] = certificate
            printed.append(certificate.pk)
            yield certificate

    def on_page(done: int) -> None:
        if done % PROGRESS_EVERY == 0 and done < total:
            mine.update(done=done, lease_expires_at=_lease())

    try:
        if total == 0:
            raise _NothingToPrint
        data = render_certificates(
            iter_certificate_contents(rows()),
            mode=job.mode,
            on_page=on_page,
            emblems=emblems_for(available_layouts()),
            **render_options(job.profile),
        )
        mine.update(lease_expires_at=_lease())
        name = default_storage.save(
            f"print-jobs/{clock.today():%Y/%m}/{secrets.token_hex(16)}.pdf", ContentFile(data)
        )
    except _NothingToPrint:
        return _fail(job_id, mine, _("Không còn bằng khen nào còn hiệu lực để in."))
    except RenderingError as exc:
        return _fail(job_id, mine, rendering_error_message(exc, current[0]))
    except Exception as exc:
        _fail(job_id, mine, _("Lỗi khi in: %(why)s") % {"why": type(exc).__name__})
        raise
    finished = mine.update(
        status=PrintJobStatus.DONE,
        done=len(printed),
        total=len(printed),
        file=name,
        finished_at=clock.now(),
        lease_expires_at=None,
    )
    if not finished:  # retried meanwhile: the newer attempt owns the job
        default_storage.delete(name)
        return {"job": job_id, "superseded": True}
    mark_printed(printed)
    notify_print_job(PrintJob.objects.get(pk=job_id), failed=False, count=len(printed))
    return {"job": job_id, "pages": len(printed), "bytes": len(data)}


def _in_chunks(queryset):
    """The certificates in the queryset's order, read _CHUNK at a time, each read finished
    before the pages are drawn. An open cursor would hold a read snapshot across the
    progress writes: on SQLite (WAL) a write from another process meanwhile (a login, the
    worker's heartbeat) then makes the next progress UPDATE fail with "database is locked"."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found = certificates_for_rendering(Certificate.objects.filter(pk__in=chunk)).in_bulk()
        yield from (found[pk] for pk in chunk if pk in found)


class _NothingToPrint(Exception):
    pass


def _fail(job_id: int, mine, message: str) -> dict:
    logger.warning("print job %s failed: %s", job_id, message)
    mine.update(
        status=PrintJobStatus.FAILED, error=message[:2000], finished_at=clock.now(), lease_expires_at=None
    )
    notify_print_job(PrintJob.objects.get(pk=job_id), failed=True, error=message[:300])
    return {"job": job_id, "error": message}
