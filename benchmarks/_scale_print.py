"""`print_job_5000` for `make bench-scale`: a 5,000-certificate print job in the province.

The job as production runs it: `print_job_create` (what the POST does; it only
queues), then one pass of `manage.py db_worker` (claim, draw, store the PDF, print
counts, the requester's notice). The baseline, in the same run: the same 5,000 pages
drawn by the bare ReportLab loop (`render_certificates`) from contents already in
memory. Rounds interleaved; the ratio is taken round by round (target <= 1.3).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

COUNT = 5000
ROUNDS = int(os.environ.get("BENCH_PRINT_ROUNDS", "2"))


def _worker_pass() -> None:
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def lines() -> list[str]:
    from awards.models import User
    from certificates.enums import PrintJobStatus
    from certificates.models import Certificate, PrintJob
    from certificates.rendering import render_certificates
    from certificates.services import certificate_contents, print_job_create

    staff = User.objects.get(username="bench-staff")
    valid = Certificate.objects.filter(award_record__revoked=False).order_by("id")
    ids = list(valid.values_list("id", flat=True)[:COUNT])
    contents = certificate_contents(Certificate.objects.filter(pk__in=ids).order_by("register_number"))
    _worker_pass()  # what earlier steps queued (e-mails) is not the job's time

    def job() -> None:
        created = print_job_create(actor=staff, certificate_ids=ids, mode="full")
        answered = PrintJob.objects.get(pk=created.pk)
        if answered.status != PrintJobStatus.QUEUED:  # the request never draws it
            raise SystemExit(f"the print job was {answered.status} when its request returned")
        _worker_pass()
        done = PrintJob.objects.get(pk=created.pk)
        if done.status != PrintJobStatus.DONE or done.done != len(ids):
            raise SystemExit(f"print job ended {done.status}: {done.error}")

    def raw() -> None:
        render_certificates(contents)

    times: dict[str, list[float]] = {"job": [], "raw": []}
    for round_no in range(ROUNDS):
        pair = [("job", job), ("raw", raw)] if round_no % 2 == 0 else [("raw", raw), ("job", job)]
        for label, fn in pair:
            started = time.perf_counter()
            fn()
            times[label].append(time.perf_counter() - started)
        print(f"# print round {round_no + 1}: job {times['job'][-1]:.1f} s, raw {times['raw'][-1]:.1f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    ratios = [j / r for j, r in zip(times["job"], times["raw"], strict=True)]
    job_s, raw_s = statistics.median(times["job"]), statistics.median(times["raw"])
    return [
        f"print_job_{len(ids)}: {job_s:.1f} s, {len(ids) / job_s:.0f} pages/s, POST to PDF through "
        f"db_worker (target ratio <= 1.3) (ratio {statistics.median(ratios):.2f} vs raw ReportLab "
        f"{raw_s:.1f} s)"
    ]
