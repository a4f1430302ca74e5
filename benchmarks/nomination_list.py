"""The nomination list API against a bare `.values()` view, 100,000 nominations.

Both views run through the whole middleware stack of the same process, on the
same database, in the same run: rounds interleave them and the ratio is taken
round by round (docs/architecture.md, "Performance"). The API call is authenticated by token as a
staff member, with filters and ordering; the bare view applies the same
filters and returns the same 50 rows' columns, with no count and no auth.

Prints: `nomination_list: <ms> (ratio x.xx vs bare values view)`.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time

from django.db import transaction
from django.http import JsonResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path

from awards import clock
from awards.enums import Gender, RecipientKind, Role
from awards.models import AwardType, Organization, Period, Person, User
from awards.text import search_key, vietnamese_sort_key
from nominations.enums import NominationStatus
from nominations.models import Nomination
from nominations.serializers import LIST_VALUES

TOTAL = int(os.environ.get("BENCH_NOMINATIONS", "100000"))
ROUNDS = 5
PER_ROUND = 40
QUERY = {"status": "submitted", "year": "2023", "award_type": "merit_chairman", "page_size": "50"}

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang"]
_GIVEN = ["Thưởng", "Hương", "Mai", "Hùng", "Dũng", "Lan", "Tuấn", "Hà", "Sơn", "Yến", "Đạt", "Ánh"]


def bare_values_view(request):
    """The limit: one query, `.values()`, JSON. Same filters, order and columns."""
    rows = (
        Nomination.objects.exclude(status=NominationStatus.DRAFT)
        .filter(
            status=QUERY["status"],
            period_id__in=Period.objects.filter(year=int(QUERY["year"])).values("pk"),
            award_type_id__in=AwardType.objects.filter(code=QUERY["award_type"]).values("pk"),
        )
        .order_by("-created_at", "-id")
        .values(*LIST_VALUES.values())[:50]
    )
    return JsonResponse({"results": list(rows)})


urlpatterns = [
    path("bench/bare-nominations/", bare_values_view),
    path("api/v1/", include("nominations.api_urls")),
]


def _populate(rng: random.Random) -> User:
    started = time.perf_counter()
    province = Organization.objects.create(
        code="BENCH", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="authority"
    )
    units = [
        Organization.objects.create(code=f"BU{i:03d}", name=f"Đơn vị thử nghiệm {i}", parent=province)
        for i in range(100)
    ]
    people = _people(rng, units)
    creator = User.objects.create(username="bench-head", roles=[Role.UNIT_HEAD], organization=units[0])
    staff = User.objects.create(username="bench-staff", roles=[Role.STAFF], organization=province)
    _nominations(rng, people, creator)
    print(f"# {TOTAL:,} nominations generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return staff


def _people(rng: random.Random, units: list[Organization]) -> list[Person]:
    people = []
    for i in range(20000):
        name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)} {i}"
        people.append(
            Person(
                full_name=name,
                gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                organization=units[i % len(units)],
                search_key=search_key(name),
                sort_key=vietnamese_sort_key(name),
            )
        )
    return Person.objects.bulk_create(people, batch_size=2000)


def _nominations(rng: random.Random, people: list[Person], creator: User) -> None:
    """TOTAL nominations over three years and four award types, in random states."""
    periods = [
        Period.objects.create(
            year=year,
            name=f"Khen thưởng năm {year}",
            opens_on=datetime.date(year, 11, 1),
            closes_on=datetime.date(year, 12, 10),
        )
        for year in (2022, 2023, 2024)
    ]
    award_types = list(AwardType.objects.filter(code__in=["merit_chairman", "flag_province"]))
    award_types += list(AwardType.objects.exclude(code__in=["merit_chairman", "flag_province"])[:2])
    statuses = list(NominationStatus.values)
    now = clock.now()
    batch: list[Nomination] = []
    for i in range(TOTAL):
        person = people[i % len(people)]
        period = periods[i % 3]
        batch.append(
            Nomination(
                reference=f"HS-{period.year}-B{i:06d}",
                period=period,
                award_type=award_types[i % len(award_types)],
                nominee_person=person,
                recipient_kind=RecipientKind.INDIVIDUAL,
                nominee_name=person.full_name,
                search_key=person.search_key,
                proposing_organization_id=person.organization_id,
                created_by=creator,
                achievements="Hoàn thành xuất sắc nhiệm vụ được giao.",
                status=statuses[rng.randrange(len(statuses))],
                submitted_at=now - datetime.timedelta(minutes=i),
                created_at=now - datetime.timedelta(minutes=i),
                updated_at=now - datetime.timedelta(minutes=i),
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Nomination.objects.bulk_create(batch)
            batch = []
    if batch:
        Nomination.objects.bulk_create(batch)


def _time(client: Client, url: str, data: dict | None, headers: dict, n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, data, headers=headers)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:200]
    return statistics.median(samples)


def run(argv: list[str]) -> list[str]:
    from rest_framework.authtoken.models import Token

    # A kept database (BENCH_DATABASE_URL) is filled once and reused.
    staff = User.objects.filter(username="bench-staff").first()
    if staff is None or Nomination.objects.count() < TOTAL:
        staff = _populate(random.Random(2023))
    token, _created = Token.objects.get_or_create(user=staff)
    headers = {"Authorization": f"Token {token.key}"}
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        api = client.get("/api/v1/nominations/", {**QUERY, "ordering": "-created_at"}, headers=headers).json()
        bare = client.get("/bench/bare-nominations/").json()
        assert [r["id"] for r in api["results"]] == [r["id"] for r in bare["results"]], "not the same rows"
        assert len(api["results"]) == 50
        _time(client, "/api/v1/nominations/", QUERY, headers, 20)  # warm-up
        _time(client, "/bench/bare-nominations/", None, {}, 20)
        api_ms, ratios = [], []
        for _ in range(ROUNDS):
            bare_s = _time(client, "/bench/bare-nominations/", None, {}, PER_ROUND)
            api_s = _time(client, "/api/v1/nominations/", QUERY, headers, PER_ROUND)
            api_ms.append(api_s * 1000)
            ratios.append(api_s / bare_s)
    return [
        f"nomination_list: {statistics.median(api_ms):.2f} "
        f"(ratio {statistics.median(ratios):.2f} vs bare values view)"
    ]
