"""The print job task (django-tasks): one PDF for a whole job.

Default configuration: the immediate backend runs it in-process right after the
job's transaction commits. Production: ``TASKS_BACKEND=database`` and
``manage.py db_worker`` (django-tasks-db). Either way no row lock is held while
drawing or storing (STYLE.md, "Slow I/O outside the transaction"): progress and
the outcome are single-row UPDATEs.
"""

from __future__ import annotations

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from awards import clock
from certificates.enums import PrintJobStatus
from certificates.models import Certificate, PrintJob
from certificates.rendering import RenderingError, render_certificates
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


@task()
def render_print_job(job_id: int) -> dict:
    """Render the job's certificates (valid ones, register-number order) into one PDF,
    store it under a random name in private media, and mark the job done or failed."""
    now = clock.now()
    # Claim the job: a retried or duplicated task finds it no longer queued.
    claimed = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.QUEUED).update(
        status=PrintJobStatus.RUNNING, started_at=now, done=0
    )
    if not claimed:
        return {"job": job_id, "skipped": True}
    job = PrintJob.objects.select_related("profile").get(pk=job_id)
    queryset = print_job_queryset(job)
    total = queryset.count()
    PrintJob.objects.filter(pk=job_id).update(total=total)
    printed: list[int] = []
    current: list[Certificate | None] = [None]

    def rows():
        for certificate in certificates_for_rendering(queryset).iterator(chunk_size=_CHUNK):
            current[0] = certificate
            printed.append(certificate.pk)
            yield certificate

    def on_page(done: int) -> None:
        if done % PROGRESS_EVERY == 0 and done < total:
            PrintJob.objects.filter(pk=job_id).update(done=done)

    try:
        if total == 0:
            raise _NothingToPrint
        data = render_certificates(
            iter_certificate_contents(rows()), mode=job.mode, on_page=on_page, **render_options(job.profile)
        )
        name = default_storage.save(
            f"print-jobs/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}.pdf", ContentFile(data)
        )
    except _NothingToPrint:
        return _fail(job_id, _("Không còn bằng khen nào còn hiệu lực để in."))
    except RenderingError as exc:
        return _fail(job_id, rendering_error_message(exc, current[0]))
    except Exception as exc:
        _fail(job_id, _("Lỗi khi in: %(why)s") % {"why": type(exc).__name__})
        raise
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintJobStatus.DONE,
        done=len(printed),
        total=len(printed),
        file=name,
        finished_at=clock.now(),
    )
    mark_printed(printed)
    notify_print_job(PrintJob.objects.get(pk=job_id), failed=False, count=len(printed))
    return {"job": job_id, "pages": len(printed), "bytes": len(data)}


class _NothingToPrint(Exception):
    pass


def _fail(job_id: int, message: str) -> dict:
    logger.warning("print job %s failed: %s", job_id, message)
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintJobStatus.FAILED, error=message[:2000], finished_at=clock.now()
    )
    notify_print_job(PrintJob.objects.get(pk=job_id), failed=True, error=message[:300])
    return {"job": job_id, "error": message}
