"""Certificate printing end to end against the bare renderer, in the same run.

(a) print_job_5000: a decision of 5,000 certificates (BENCH_CERTIFICATES) printed
    as a print job, database to streamed PDF (job row, task queued and run by one
    `db_worker` pass, content read in one query per chunk, progress and lease UPDATEs, file
    written to media, print counts, then the PDF streamed through
    /api/v1/print-jobs/{id}/pdf/), against the baseline: the same pages drawn from contents
    already in memory by the ReportLab canvas loop (`render_certificates`), no
    database, no file. Target ratio <= 1.3.
(b) certificate_pdf_endpoint: GET /api/v1/certificates/{id}/pdf/ through the
    whole middleware stack with token auth (the query, the render, the print count), against one single-page render of the
    same content. Target ratio <= 1.3.
(c) print_job_peak_memory: Python heap peak (tracemalloc) of the whole job,
    against the baseline render's peak. Target <= 300 MB.
(d) print_job_bytes_per_page: size of the job's PDF per page, against the
    baseline's.

Medians of interleaved rounds; ratios taken round by round (docs/architecture.md, "Performance").
Prints `name: value (ratio x.xx vs baseline)`.
"""

from __future__ import annotations

import datetime
import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from awards.enums import Gender, RecipientKind, ReviewBody, Role
from awards.models import AwardType, BaseSalary, Organization, Period, Person, RuleSet, User
from certificates.enums import PrintJobStatus
from certificates.models import Certificate, PrintJob
from certificates.rendering import render_certificates
from certificates.services import certificate_contents, print_job_create
from nominations import decisions
from nominations.enums import NominationStatus
from nominations.models import Nomination

TOTAL = int(os.environ.get("BENCH_CERTIFICATES", "5000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SINGLE_PER_ROUND = 20

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang"]
_GIVEN = ["Thưởng", "Hương", "Mai", "Hùng", "Dũng", "Lan", "Tuấn", "Hà", "Sơn", "Yến", "Đạt", "Ánh"]


def _log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _setup() -> tuple:
    """TOTAL approved nominations, drafted and issued through the real services."""
    started = time.perf_counter()
    staff = User.objects.create_user("bench_cert_staff", password="x", roles=[Role.STAFF])
    chairman = User.objects.create_user("bench_cert_chairman", password="x", roles=[Role.CHAIRMAN])
    head = User.objects.create_user("bench_cert_head", password="x", roles=[Role.UNIT_HEAD])
    award_type, period = _catalogue()
    nominations = _approved_nominations(award_type, period, head)
    decision = decisions.decision_create(
        actor=staff,
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        place="Bắc Ninh",
        award_type=award_type,
        period=period,
        nominations=nominations,
    )
    decision = decisions.decision_issue(decision=decision, actor=chairman, confirm_unverified=True)
    _log(f"{TOTAL} certificates issued in {time.perf_counter() - started:.1f} s")
    return staff, decision


def _catalogue() -> tuple[AwardType, Period]:
    """The award type with its rule set, the base salary and the period."""
    award_type = AwardType.objects.create(
        code="bench_merit",
        name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        category="commendation",
        recipient_kinds=[RecipientKind.INDIVIDUAL],
        certificate_layout="merit_chairman",
        certificate_title="BẰNG KHEN",
    )
    RuleSet.objects.create(
        award_type=award_type,
        effective_from=datetime.date(2020, 1, 1),
        legal_basis="Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15",
        review_body=ReviewBody.NONE,
        reward_multiple_individual=1.5,
    )
    BaseSalary.objects.get_or_create(effective_from=datetime.date(2023, 7, 1), defaults={"amount": 1_800_000})
    period = Period.objects.create(
        year=2023,
        name="Khen thưởng tổng kết năm 2023 (benchmark)",
        kind="annual",
        opens_on=datetime.date(2023, 10, 1),
        closes_on=datetime.date(2023, 12, 10),
        rules_date=datetime.date(2024, 1, 11),
    )
    return award_type, period


def _approved_nominations(award_type: AwardType, period: Period, head: User) -> list[Nomination]:
    """TOTAL people in ten divisions, each with an approved nomination."""
    office = Organization.objects.create(
        code="BENCH-VP", name="Văn phòng Ủy ban nhân dân tỉnh", kind="office"
    )
    divisions = [
        Organization.objects.create(code=f"BENCH-P{i}", name=f"Phòng Nghiệp vụ {i}", parent=office)
        for i in range(1, 11)
    ]
    nominations = []
    with transaction.atomic():
        people = []
        for i in range(TOTAL):
            person = Person(
                full_name=f"{_FAMILY[i % 12]} {_MIDDLE[(i // 12) % 8]} {_GIVEN[(i // 96) % 12]}",
                gender=Gender.FEMALE if i % 2 else Gender.MALE,
                position="Chuyên viên",
                organization=divisions[i % 10],
                birth_year=1980,
            )
            person.save()
            people.append(person)
        for person in people:
            nomination = Nomination(
                period=period,
                award_type=award_type,
                nominee_person=person,
                proposing_organization=person.organization,
                created_by=head,
                status=NominationStatus.APPROVED,
                achievements="Hoàn thành xuất sắc nhiệm vụ năm 2023.",
            )
            nomination.save()
            nominations.append(nomination)
    return nominations


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _ratio_line(name: str, value: str, ratios: list[float], baseline: str) -> str:
    return f"{name}: {value} (ratio {statistics.median(ratios):.2f} vs {baseline})"


def run(argv: list[str]) -> Iterator[str]:
    staff, decision = _setup()
    contents = certificate_contents(Certificate.objects.filter(decision=decision).order_by("register_number"))
    token_client = Client(HTTP_AUTHORIZATION=f"Token {_token(staff)}")
    yield _bench_endpoint(token_client, decision, contents[0])
    gc.collect()
    yield from _bench_job(token_client, staff, decision, contents)


def _bench_endpoint(token_client: Client, decision, single_content) -> str:
    """(b) the single-certificate endpoint against one single-page render, through the
    whole middleware stack with token authentication (as benchmarks/nomination_list)."""
    certificate = Certificate.objects.get(decision=decision, register_number=1)
    url = f"/api/v1/certificates/{certificate.pk}/pdf/"

    def endpoint() -> None:
        response = token_client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:200]!r}")

    def single() -> None:
        render_certificates([single_content])

    endpoint()
    single()
    end_times, single_times, single_ratios = [], [], []
    for round_no in range(ROUNDS):
        pair = [("endpoint", endpoint), ("single", single)]
        if round_no % 2:
            pair.reverse()
        took = {}
        for label, fn in pair:
            started = time.perf_counter()
            for _ in range(SINGLE_PER_ROUND):
                fn()
            took[label] = (time.perf_counter() - started) / SINGLE_PER_ROUND
        end_times.append(took["endpoint"])
        single_times.append(took["single"])
        single_ratios.append(took["endpoint"] / took["single"])
    return _ratio_line(
        "certificate_pdf_endpoint",
        f"{statistics.median(end_times) * 1000:.1f} ms",
        single_ratios,
        f"one raw single-page render {statistics.median(single_times) * 1000:.1f} ms",
    )


def _bench_job(token_client: Client, staff: User, decision, contents) -> Iterator[str]:
    """(a), (c), (d): the whole print job against the bare renderer."""

    def job() -> PrintJob:
        created = print_job_create(actor=staff, decision=decision, mode="full")  # queues only
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        finished = PrintJob.objects.get(pk=created.pk)
        if finished.status != PrintJobStatus.DONE or finished.done != TOTAL:
            raise SystemExit(f"print job ended {finished.status}: {finished.error}")
        response = token_client.get(f"/api/v1/print-jobs/{finished.pk}/pdf/")
        streamed = sum(len(chunk) for chunk in response.streaming_content)
        if response.status_code != 200 or streamed != default_storage.size(finished.file.name):
            raise SystemExit(f"the job's PDF did not stream: {response.status_code}")
        return finished

    def baseline() -> bytes:
        return render_certificates(contents)

    # Warm up both (fonts registered, layout loaded, code paths compiled).
    job()
    baseline()
    job_times, base_times, ratios = [], [], []
    job_size = base_size = 0
    for round_no in range(ROUNDS):
        order = (job, baseline) if round_no % 2 == 0 else (baseline, job)  # interleaved
        took = {fn: _timed(fn) for fn in order}
        (job_seconds, finished), (base_seconds, rendered) = took[job], took[baseline]
        job_size, base_size = default_storage.size(finished.file.name), len(rendered)
        job_times.append(job_seconds)
        base_times.append(base_seconds)
        ratios.append(job_seconds / base_seconds)
        _log(f"round {round_no + 1}: job {job_seconds:.2f} s, raw render {base_seconds:.2f} s")
    yield _ratio_line(
        f"print_job_{TOTAL}",
        f"{statistics.median(job_times):.2f} s, {TOTAL / statistics.median(job_times):.0f} pages/s",
        ratios,
        f"raw render {statistics.median(base_times):.2f} s",
    )
    job_peak = _peak(job)
    base_peak = _peak(baseline)
    yield (
        f"print_job_peak_memory: {job_peak / 2**20:.1f} MB traced peak, process max RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (target <= 300 MB) "
        f"(ratio {job_peak / base_peak:.2f} vs raw render {base_peak / 2**20:.1f} MB)"
    )
    yield (
        f"print_job_bytes_per_page: {job_size / TOTAL:.0f} B "
        f"(ratio {job_size / base_size:.2f} vs raw render {base_size / TOTAL:.0f} B)"
    )


def _token(user: User) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key
