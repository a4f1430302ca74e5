"""The staff inbox page against a bare `.values()` view of the same rows.

    BENCH_SCALE=small python -m benchmarks inbox   # 150 units, 5,000 dossiers (a person each)
    python -m benchmarks inbox                     # 1,500 units, 50,000 dossiers

A province from `benchmarks/_province.py` (fixed seed, bulk inserts), with a fifth of
its dossiers submitted, the rest in other states. The page is `/inbox/` as a staff
member sees it (session login, header, filters, the first 50 rows and the count);
the limit is one `.values()` query of the same 50 rows and columns returned as JSON
through the same middleware. Rounds interleave them and the ratio is taken round by
round; on SQLite times are this process's CPU time, as in `province_pages`.

Prints: `inbox: <ms> (ratio x.xx vs bare values view of the 50 rows)   target <= 2`, then
the floor of that ratio measured the same way: `inbox_layout` (the site's layout around
an empty page, signed in), `inbox_rows_template` (the bare view's rows through the
least a Django template can do with them: a cell per value, no layout, no login) and
`inbox_floor` (layout + rows - 1: what any Django-template page of these rows costs).
"""

from __future__ import annotations

import os
import random
import statistics
import time

from django.http import HttpResponse, JsonResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path

from awards.enums import Role
from awards.models import AwardType, Organization, User
from benchmarks import _province
from benchmarks.province_pages import _clock, empty_page, rows_template
from nominations.enums import NominationStatus
from nominations.models import Nomination

ROUNDS = 5
PER_ROUND = 10
ROWS = 50
# Staff codes past the other benchmarks' people: `make bench` runs them all in one database.
PEOPLE_FROM = 1_000_000
_STATES = [s for s in NominationStatus.values if s != NominationStatus.SUBMITTED]


COLUMNS = (
    "id", "reference", "nominee_name", "award_type__name",
    "proposing_organization__short_name", "proposing_organization__name", "submitted_at",
)  # fmt: skip


def _rows():
    rows = Nomination.objects.filter(status=NominationStatus.SUBMITTED).order_by("submitted_at", "id")
    return rows.values(*COLUMNS)[:ROWS]


def bare_inbox(request):
    """The limit: the inbox's first 50 rows, its order and columns, one query."""
    return JsonResponse({"results": list(_rows())})


_ROWS_TEMPLATE = rows_template(COLUMNS)


def template_inbox(request):
    return HttpResponse(_ROWS_TEMPLATE.render({"rows": _rows()}))


urlpatterns = [
    path("bench/inbox/", bare_inbox),
    path("bench/inbox-rows/", template_inbox),
    path("bench/empty/", empty_page),
    path("", include("config.urls")),
]


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
    people = _province.people_in(rng, scale.dossiers, units, start=PEOPLE_FROM)
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
        started = _clock()
        response = client.get(url)
        samples.append(_clock() - started)
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
        inbox_ms, inbox_ratio = _ratio(client, "/inbox/")
        layout_ms, layout_ratio = _ratio(client, "/bench/empty/")
        rows_ms, rows_ratio = _ratio(client, "/bench/inbox-rows/")
    floor = layout_ratio + rows_ratio - 1
    return [
        f"inbox: {inbox_ms:.1f} ms, {waiting:,} waiting at {scale.name} scale "
        f"(ratio {inbox_ratio:.2f} vs bare values view of the {ROWS} rows)   target <= 2",
        f"inbox_layout: {layout_ms:.1f} ms (ratio {layout_ratio:.2f} vs the inbox's bare view: the layout around an empty page)",
        f"inbox_rows_template: {rows_ms:.1f} ms (ratio {rows_ratio:.2f} vs the inbox's bare view: its {ROWS} rows through a minimal template, no layout, no login)",
        f"inbox_floor: ratio {floor:.2f} (layout + minimal rows - 1: any template page of these rows; the page's own work {inbox_ratio - floor:.2f})",
    ]  # fmt: skip


def _ratio(client: Client, url: str) -> tuple[float, float]:
    """Median milliseconds of `url` and its median ratio to the bare view, round by round."""
    _timed(client, url, 3), _timed(client, "/bench/inbox/", 3)
    times, ratios = [], []
    for _ in range(ROUNDS):
        base = _timed(client, "/bench/inbox/", PER_ROUND)
        took = _timed(client, url, PER_ROUND)
        times.append(took * 1000)
        ratios.append(took / base)
    return statistics.median(times), statistics.median(ratios)
