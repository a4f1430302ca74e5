"""`register_search_100k` for `make bench-scale`: the people search at the province's size.

Over HTTP (the gunicorn of benchmarks/_scale.py), one user alone: the accent-insensitive
search `/api/v1/people/?search=` with a mix of common and rare words (accents typed or
not), against an indexed lookup through the same stack, `/api/v1/people/{id}/` (the
primary key); the `?code=` filter of the list is printed beside it. Then, in-process, the same search's queries alone, and the query plans of the search and of the register's
first page, so the figures say whether an index answered (PostgreSQL: the `pg_trgm` GIN
index; SQLite: the FTS5 trigram table) and whether the register is read in index order.
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import quote

# Common and rare words; typed with and without accents (the key is the same).
TERMS = [
    "Nguyễn Văn Hùng",
    "tran thi huong",
    "huong",
    "Lê Thị",
    "đỗ quang khoa 4",
    "ngo xuan yen 77",
    "Bùi Minh Ánh",
    "phan",
]


def _timed_gets(session, url_list: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for url in url_list:
            started = time.perf_counter()
            response = session.get(url, timeout=120)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
    return times


def http_lines(base: str, headers: dict[str, str], rounds: int = 8) -> list[str]:
    import requests

    from awards.models import Person

    chosen = list(Person.objects.order_by("?").values_list("pk", "code")[: len(TERMS)])
    search = [f"{base}/api/v1/people/?search={quote(term)}" for term in TERMS]
    lookup = [f"{base}/api/v1/people/{pk}/" for pk, _code in chosen]
    by_code = [f"{base}/api/v1/people/?code={code}" for _pk, code in chosen]
    session = requests.Session()
    session.headers.update(headers)
    _timed_gets(session, search + lookup + by_code, 1)  # warm all (connections, caches)
    searched, looked_up, coded = [], [], []
    for _ in range(rounds):  # interleaved, so all see the same machine
        searched += _timed_gets(session, search, 1)
        looked_up += _timed_gets(session, lookup, 1)
        coded += _timed_gets(session, by_code, 1)
    people = Person.objects.count()
    p50, base_p50 = statistics.median(searched) * 1000, statistics.median(looked_up) * 1000
    p95 = statistics.quantiles(searched, n=100, method="inclusive")[94] * 1000
    return [
        f"register_search_100k: p50 {p50:.0f} ms, p95 {p95:.0f} ms alone, {people:,} people, "
        f"{len(TERMS)} terms (target p50 <= 50 ms) "
        f"(ratio {p50 / base_p50:.2f} vs indexed lookup /people/{{id}}/ p50 {base_p50:.0f} ms)",
        f"register_code_filter: ?code= p50 {statistics.median(coded) * 1000:.0f} ms "
        f"(ratio {statistics.median(coded) * 1000 / base_p50:.2f} vs the same indexed lookup)",
    ]


def query_lines(rounds: int = 8) -> list[str]:
    """The search's own queries (first page of 50 and the count, as the API runs them: one
    pass of the index, then the 50 rows), without HTTP, against a primary-key lookup: what
    the index buys, whatever the web stack costs."""
    from awards.filters import PersonFilter
    from awards.models import Person
    from config.api import OnePassPaginator

    ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[: len(TERMS)])

    def search(term: str) -> None:
        found = PersonFilter({"search": term}, queryset=Person.objects.select_related("organization")).qs
        page = OnePassPaginator(found, 50).page(1)
        assert page.paginator.count >= len(page.object_list)  # the count came with the page

    def lookup(pk: int) -> None:
        list(Person.objects.filter(pk=pk)[:50])

    searched, looked_up = [], []
    for _ in range(rounds):
        for term, pk in zip(TERMS, ids, strict=True):
            for fn, arg, sink in ((search, term, searched), (lookup, pk, looked_up)):
                started = time.perf_counter()
                fn(arg)
                sink.append(time.perf_counter() - started)
    p50, base = statistics.median(searched) * 1000, statistics.median(looked_up) * 1000
    return [
        f"register_search_100k_queries: p50 {p50:.1f} ms (page of 50 and count) "
        f"(ratio {p50 / base:.1f} vs primary-key lookup {base:.2f} ms)"
    ]


def _plan(queryset) -> str:
    return " ".join(queryset.explain().split())


def plan_lines() -> list[str]:
    """Which index answers the search and the register's first page (EXPLAIN)."""
    from django.db import connection

    from awards.filters import PersonFilter
    from awards.models import AwardRecord, Person
    from config.api import OnePassPaginator

    lines = []
    for term in ("tran thi huong", "huong"):  # rare and common: the API's one-pass page
        found = PersonFilter({"search": term}, queryset=Person.objects.all()).qs
        sql, params = OnePassPaginator(found, 50).ranked_sql(0)
        with connection.cursor() as cursor:
            cursor.execute(
                ("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql, params
            )
            plan = " ".join(" ".join(str(col) for col in row) for row in cursor.fetchall())
        used = [index for index in ("awards_person_search", "person_search_trgm") if index in plan]
        verdict = (
            f"uses {', '.join(used)}" if used else "NO INDEX of awards_person_search, person_search_trgm"
        )
        lines.append(f"register_search_plan '{term}' ({connection.vendor}): {verdict}; plan: {plan[:300]}")
    register = AwardRecord.objects.all()[:50]
    for name, queryset, wanted in (("register_lines_plan", register, ("record_register_order",)),):
        plan = _plan(queryset)
        used = [index for index in wanted if index in plan]
        verdict = f"uses {', '.join(used)}" if used else "NO INDEX of " + ", ".join(wanted)
        lines.append(f"{name} ({connection.vendor}): {verdict}; plan: {plan[:300]}")
    return lines
