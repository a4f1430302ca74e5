"""Award statistics over 1,000,000 register lines, and a 50,000-row .xlsx export.

`statistics_1m`: the statistics endpoint (token auth, the whole middleware
stack, `group_by=year,award_type` over sixteen years) against the same two
GROUP BY queries written by hand in SQL on a raw cursor, interleaved in rounds
of the same run; the ratio is taken round by round (target <= 1.5). The
endpoint's query count is checked (at most 3).

`export_50k`: the register endpoint's `?format=xlsx` for one year (50,000
lines), streamed and consumed; peak traced memory and the process's max RSS
(target <= 200 MB), against openpyxl's write-only writer fed the same rows
from a raw cursor.

`BENCH_RECORDS` changes the size (default 1,000,000).
"""

from __future__ import annotations

import datetime
import io
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path
from openpyxl import Workbook

from awards import clock
from awards.enums import Gender, PositionGroup, Role
from awards.models import AwardRecord, AwardType, EmulationBloc, Organization, Person, User

TOTAL = int(os.environ.get("BENCH_RECORDS", "1000000"))
YEARS = list(range(2006, 2026))  # twenty years: 50,000 lines a year at 1,000,000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PER_ROUND = 3
QUERY = {"year_from": "2010", "year_to": "2025", "group_by": "year,award_type"}

urlpatterns = [path("api/v1/", include("awards.api_urls"))]

_RAW_GROUPED = """
SELECT r.year, t.code, t.name, COUNT(r.id), COALESCE(SUM(r.reward_amount), 0)
FROM awards_awardrecord r JOIN awards_awardtype t ON t.id = r.award_type_id
WHERE NOT r.revoked AND r.year >= %s AND r.year <= %s
GROUP BY r.year, t.code, t.name ORDER BY r.year, t.code
"""
_RAW_TOTALS = """
SELECT COUNT(r.id), COALESCE(SUM(r.reward_amount), 0),
       COUNT(r.id) FILTER (WHERE r.person_id IS NOT NULL),
       COUNT(r.id) FILTER (WHERE r.person_id IS NOT NULL AND p.position_group = 'worker'),
       COUNT(r.id) FILTER (WHERE r.person_id IS NOT NULL AND p.gender = 'female')
FROM awards_awardrecord r LEFT JOIN awards_person p ON p.id = r.person_id
WHERE NOT r.revoked AND r.year >= %s AND r.year <= %s
"""


def _populate(rng: random.Random) -> User:
    started = time.perf_counter()
    province = Organization.objects.create(
        code="SBENCH", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="authority"
    )
    blocs = [EmulationBloc.objects.create(code=f"SB{i}", name=f"Khối thử nghiệm {i}") for i in range(5)]
    units = [
        Organization.objects.create(code=f"SU{i:03d}", name=f"Đơn vị {i}", parent=province, bloc=blocs[i % 5])
        for i in range(100)
    ]
    people = Person.objects.bulk_create(
        (
            Person(
                full_name=f"Người thử {i}",
                gender=Gender.FEMALE if i % 2 else Gender.MALE,
                position_group=PositionGroup.WORKER if i % 3 else PositionGroup.LEADER,
                organization=units[i % 100],
            )
            for i in range(20000)
        ),
        batch_size=5000,
    )
    types = list(AwardType.objects.order_by("code").values_list("pk", flat=True)[:5])
    person_ids = [p.pk for p in people]
    now = clock.now()
    # Plain tuples through the cursor: a million model instances would take longer than the measure.
    sql = (
        "INSERT INTO awards_awardrecord (person_id, organization_id, award_type_id, year, period_id, "
        "decision_number, decision_date, source, nomination_id, revoked, revoked_on, revocation_act, "
        "revocation_reason, reward_amount, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, NULL, %s, %s, 'imported', NULL, %s, NULL, '', '', %s, %s, %s)"
    )
    for start in range(0, TOTAL, 50_000):
        rows = []
        for i in range(start, min(start + 50_000, TOTAL)):
            collective = i % 10 == 0
            year = YEARS[i % len(YEARS)]
            rows.append(
                (
                    None if collective else person_ids[rng.randrange(len(person_ids))],
                    units[i % 100].pk if collective else None,
                    types[i % len(types)],
                    year,
                    f"{i % 500}/QĐ-UBND",
                    datetime.date(year + 1, 1, 10),
                    False,
                    rng.choice((0, 2_700_000, 14_400_000)),
                    now,
                    now,
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    print(f"# {TOTAL:,} register lines generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return User.objects.create(username="stats-staff", roles=[Role.STAFF], organization=province)


def _raw(year_from: int, year_to: int) -> tuple[list, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_RAW_GROUPED, [year_from, year_to])
        rows = cursor.fetchall()
        cursor.execute(_RAW_TOTALS, [year_from, year_to])
        totals = cursor.fetchone()
    return rows, totals


def _median_time(fn, n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _statistics(client: Client, headers: dict) -> list[str]:
    def api():
        response = client.get("/api/v1/statistics/awards/", QUERY, headers=headers)
        assert response.status_code == 200, response.content[:300]
        return response.json()

    data = api()
    rows, totals = _raw(2010, 2025)
    assert [
        (r["keys"]["year"], r["keys"]["award_type"], r["count"], r["reward_total"]) for r in data["rows"]
    ] == [(year, code, count, money) for year, code, _name, count, money in rows], "not the same figures"
    assert data["totals"]["count"] == totals[0] and data["totals"]["female_count"] == totals[4]
    with CaptureQueriesContext(connection) as queries:
        api()
    statistic_queries = [q for q in queries.captured_queries if "awards_awardrecord" in q["sql"]]
    assert len(statistic_queries) <= 3, f"{len(statistic_queries)} queries"
    api_ms, ratios = [], []
    for _ in range(ROUNDS):
        raw_s = _median_time(lambda: _raw(2010, 2025), PER_ROUND)
        api_s = _median_time(api, PER_ROUND)
        api_ms.append(api_s * 1000)
        ratios.append(api_s / raw_s)
    return [
        f"statistics_1m: {statistics.median(api_ms):.1f} ms over {TOTAL:,} lines, {len(statistic_queries)} queries "
        f"(ratio {statistics.median(ratios):.2f} vs raw SQL GROUP BY)   target <= 1.5"
    ]


def _raw_export(year: int) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("raw")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.year, t.name, r.decision_number, r.decision_date, r.reward_amount FROM awards_awardrecord r "
            "JOIN awards_awardtype t ON t.id = r.award_type_id WHERE r.year = %s",
            [year],
        )
        for row in cursor:
            sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return len(stream.getvalue())


def _download(client: Client, headers: dict, year: int) -> int:
    response = client.get("/api/v1/award-records/", {"year": year, "format": "xlsx"}, headers=headers)
    assert response.status_code == 200, response.content[:300]
    return sum(len(chunk) for chunk in response.streaming_content)


def _traced_peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _export(client: Client, headers: dict) -> list[str]:
    year = YEARS[-2]
    expected = AwardRecord.objects.filter(year=year).count()
    size = _download(client, headers, year)
    # Time without tracing (tracemalloc slows Python several times over), then trace.
    seconds = _median_time(lambda: _download(client, headers, year), 3)
    raw_seconds = _median_time(lambda: _raw_export(year), 3)
    peak = _traced_peak(lambda: _download(client, headers, year))
    raw_peak = _traced_peak(lambda: _raw_export(year))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        f"export_50k: {expected:,} rows, {size / 1e6:.1f} MB file in {seconds:.1f} s "
        f"(ratio {seconds / raw_seconds:.2f} vs raw write-only openpyxl {raw_seconds:.1f} s)",
        f"export_50k_peak_memory: {peak / 1e6:.1f} MB traced peak, process max RSS {rss:.0f} MB "
        f"(ratio {peak / raw_peak:.2f} vs raw writer {raw_peak / 1e6:.1f} MB)   target <= 200 MB",
    ]


def run(argv: list[str]) -> list[str]:
    from rest_framework.authtoken.models import Token

    staff = User.objects.filter(username="stats-staff").first()
    if staff is None or AwardRecord.objects.count() < TOTAL:
        staff = _populate(random.Random(1945))
    token, _created = Token.objects.get_or_create(user=staff)
    headers = {"Authorization": f"Token {token.key}"}
    client = Client()
    with override_settings(ROOT_URLCONF=__name__, EXPORT_MAX_ROWS=max(100_000, TOTAL)):
        return _statistics(client, headers) + _export(client, headers)
