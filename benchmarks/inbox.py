"""The staff inbox page against a bare `.values()` view of the same rows.

    BENCH_SCALE=small python -m benchmarks inbox   # 150 units, 5,000 dossiers (a person each)
    python -m benchmarks inbox                     # 1,500 units, 50,000 dossiers

A province from `benchmarks/_province.py` (fixed seed, bulk inserts), with a fifth of
its dossiers submitted, the rest in other states. The page is `/inbox/` as a staff
member sees it (session login, header, filters, the first 50 rows and the count);
the limit is one `.values()` query of the same 50 rows and columns returned as JSON
through the same middleware. Rounds interleave them and the ratio is taken round by
round.

Prints: `inbox: <ms> (ratio x.xx vs bare values view of the 50 rows)   target <= 2`.
"""

from __future__ import annotations

import os
import random
import statistics
import time

from django.http import JsonResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path

from awards.enums import Role
from awards.models import AwardType, Organization, User
from benchmarks import _province
from nominations.enums import NominationStatus
from nominations.models import Nomination

ROUNDS = 5
PER_ROUND = 10
ROWS = 50
_STATES = [s for s in NominationStatus.values if s != NominationStatus.SUBMITTED]


def bare_inbox(request):
    """The limit: the inbox's first 50 rows, its order and columns, one query."""
    rows = (
        Nomination.objects.filter(status=NominationStatus.SUBMITTED)
        .order_by("submitted_at", "id")
        .values(
            "id", "reference", "nominee_name", "award_type__name",
            "proposing_organization__short_name", "proposing_organization__name", "submitted_at",
        )[:ROWS]
    )  # fmt: skip
    return JsonResponse({"results": list(rows)})


urlpatterns = [path("bench/inbox/", bare_inbox), path("", include("config.urls"))]


def _populate(scale: _province.Scale) -> User:
    started = time.perf_counter()
    rng = random.Random(_province.SEED)
    province = Organization.objects.create(
        code="IB", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="authority"
    )
    units = Organization.objects.bulk_create(
        (Organization(code=f"IB{i:05d}", name=f"Đơn vị thử nghiệm số {i}", parent=province) for i in range(scale.units)),
        batch_size=2000,
    )  # fmt: skip
    people = _province.people_in(rng, scale.dossiers, units)
    staff = User.objects.create(username="ib-staff", roles=[Role.STAFF], organization=province)
    periods = _province._periods()
    types = list(AwardType.objects.filter(is_active=True).order_by("code")[:4])
    for i in range(0, len(people), 1000):
        # A fifth submitted (the inbox), the rest spread over the other states.
        status = NominationStatus.SUBMITTED if (i // 1000) % 5 == 0 else _STATES[(i // 1000) % len(_STATES)]
        _province.nominations_for(
            people[i : i + 1000], period=periods[(i // 1000) % len(periods)],
            award_type=types[(i // 1000) % len(types)], status=status, creator=staff, tag=f"I{i // 1000:03d}",
        )  # fmt: skip
    _province._log(f"inbox: {len(people):,} dossiers in {time.perf_counter() - started:.1f} s")
    return staff


def _timed(client: Client, url: str, n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def _same_rows(client: Client) -> int:
    """The page and the limit show the same 50 dossiers, in the same order."""
    page = client.get("/inbox/").content.decode()
    bare = client.get("/bench/inbox/").json()["results"]
    references = [row["reference"] for row in bare]
    assert len(references) == ROWS, len(references)
    positions = [page.index(f">{reference}</a>") for reference in references]
    assert positions == sorted(positions), "not the same order"
    return Nomination.objects.filter(status=NominationStatus.SUBMITTED).count()


def run(argv: list[str]) -> list[str]:
    from django.conf import settings

    scale = _province.SCALES.get(os.environ.get("BENCH_SCALE", "large"), _province.SCALES["large"])
    staff = User.objects.filter(username="ib-staff").first() or _populate(scale)
    client = Client()
    client.force_login(staff)
    # No collectstatic in a throwaway run: plain static URLs instead of the manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF=__name__, STORAGES=storages):
        waiting = _same_rows(client)
        _timed(client, "/inbox/", 3), _timed(client, "/bench/inbox/", 3)
        times, ratios = [], []
        for _ in range(ROUNDS):
            base = _timed(client, "/bench/inbox/", PER_ROUND)
            took = _timed(client, "/inbox/", PER_ROUND)
            times.append(took * 1000)
            ratios.append(took / base)
    return [
        f"inbox: {statistics.median(times):.1f} ms, {waiting:,} waiting at {scale.name} scale "
        f"(ratio {statistics.median(ratios):.2f} vs bare values view of the {ROWS} rows)   target <= 2"
    ]
