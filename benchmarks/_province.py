"""A generated province for the scale benchmark and the smoke test (not a benchmark itself).

`generate(scale)` fills an empty, migrated database with a province of the given
size from a fixed seed: organizations in a tree, people, users of each role,
three annual periods, dossiers in every state, and decisions issued through the
service (`nominations.decisions`), so certificates, award records and register
numbers are what production writes. `bulk_decision(n)` issues one decision of n
certificates in an existing database (the smoke test's long print job).

Bulk inserts for what has no side effects (people, dossiers); the services for
what has (issuing). Names are Vietnamese, NFC, with their search and sort keys.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from dataclasses import dataclass

from django.db import transaction

from awards import clock
from awards.enums import Gender, RecipientKind, Role
from awards.models import AwardType, Organization, Period, Person, User
from awards.text import search_key, vietnamese_sort_key
from nominations import decisions
from nominations.enums import NominationStatus
from nominations.models import Nomination

SEED = 20261127


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    people: int
    dossiers: int
    certificates: int


SCALES = {
    "large": Scale("large", units=1500, people=100_000, dossiers=50_000, certificates=30_000),
    "small": Scale("small", units=150, people=10_000, dossiers=5_000, certificates=3_000),
}
PER_DECISION = 500
SIGNED_ON = datetime.date(2024, 1, 11)

_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Xuân"]
_GIVEN = ["Thưởng", "Hương", "Mai", "Hùng", "Dũng", "Lan", "Tuấn", "Hà", "Sơn", "Yến", "Đạt", "Ánh", "Khoa"]
_UNIT_KINDS = ["Sở", "Ủy ban nhân dân huyện", "Trường Trung học phổ thông", "Bệnh viện", "Trung tâm"]


def _log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _name(rng: random.Random, i: int) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)} {i}"


def _organizations(scale: Scale) -> list[Organization]:
    province = Organization.objects.create(
        code="TINH", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="authority"
    )
    parents = Organization.objects.bulk_create(
        Organization(code=f"K{i:02d}", name=f"Khối cơ quan số {i}", parent=province) for i in range(30)
    )
    units = [
        Organization(
            code=f"DV{i:05d}",
            name=f"{_UNIT_KINDS[i % len(_UNIT_KINDS)]} số {i}",
            parent=parents[i % len(parents)],
        )
        for i in range(scale.units - 31)
    ]
    return [province, *parents, *Organization.objects.bulk_create(units, batch_size=2000)]


def people_in(
    rng: random.Random, count: int, organizations: list[Organization], start: int = 0
) -> list[Person]:
    people = []
    for i in range(start, start + count):
        name = _name(rng, i)
        people.append(
            Person(
                code=f"CB{i:06d}",
                full_name=name,
                gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                birth_year=rng.randrange(1965, 2000),
                position="Chuyên viên",
                organization=organizations[i % len(organizations)],
                search_key=search_key(name),
                sort_key=vietnamese_sort_key(name),
            )
        )
    return Person.objects.bulk_create(people, batch_size=2000)


def _users(province: Organization) -> dict[str, User]:
    users = {}
    for username, role in (
        ("bench-staff", Role.STAFF),
        ("bench-chairman", Role.CHAIRMAN),
        ("bench-head", Role.UNIT_HEAD),
    ):
        users[role] = User.objects.create(username=username, roles=[role], organization=province)
    return users


def nominations_for(
    people: list[Person], *, period: Period, award_type: AwardType, status: str, creator: User, tag: str
) -> list[Nomination]:
    now = clock.now()
    rows = [
        Nomination(
            reference=f"HS-{period.year}-{tag}{i:06d}",
            period=period,
            award_type=award_type,
            nominee_person=person,
            recipient_kind=RecipientKind.INDIVIDUAL,
            nominee_name=person.full_name,
            search_key=person.search_key,
            proposing_organization_id=person.organization_id,
            created_by=creator,
            achievements="Hoàn thành xuất sắc nhiệm vụ được giao.",
            status=status,
            submitted_at=None if status == NominationStatus.DRAFT else now - datetime.timedelta(minutes=i),
            created_at=now - datetime.timedelta(minutes=i),
            updated_at=now - datetime.timedelta(minutes=i),
        )
        for i, person in enumerate(people)
    ]
    with transaction.atomic():
        return Nomination.objects.bulk_create(rows, batch_size=2000)


def issue(nominations: list[Nomination], *, number: str, period: Period, award_type: AwardType, users) -> int:
    decision = decisions.decision_create(
        actor=users[Role.STAFF],
        number=number,
        signed_on=max(SIGNED_ON, period.opens_on),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Thử nghiệm",
        place="Thử nghiệm",
        award_type=award_type,
        period=period,
        nominations=nominations,
    )
    return decisions.decision_issue(decision=decision, actor=users[Role.CHAIRMAN], confirm_unverified=True).pk


def _periods() -> list[Period]:
    return [
        Period.objects.create(
            year=year,
            name=f"Khen thưởng tổng kết năm {year} (thử nghiệm)",
            opens_on=datetime.date(year, 10, 1),
            closes_on=datetime.date(year, 12, 10),
            rules_date=SIGNED_ON,
        )
        for year in (2021, 2022, 2023)
    ]


def generate(scale: Scale) -> None:
    """Fill an empty, migrated database. Deterministic: the same seed, the same province."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    organizations = _organizations(scale)
    people = people_in(rng, scale.people, organizations[31:] or organizations)
    users = _users(organizations[0])
    periods = _periods()
    merit = AwardType.objects.get(code="merit_chairman")
    _log(
        f"{len(organizations):,} organizations, {len(people):,} people in {time.perf_counter() - started:.1f} s"
    )

    awarded = people[: scale.certificates]
    others = people[scale.certificates : scale.dossiers]
    statuses = [
        s for s in NominationStatus.values if s not in (NominationStatus.AWARDED, NominationStatus.APPROVED)
    ]
    for index, status in enumerate(statuses):
        nominations_for(
            others[index :: len(statuses)],
            period=periods[index % 3],
            award_type=merit,
            status=status,
            creator=users[Role.UNIT_HEAD],
            tag=f"S{index}",
        )
    for start in range(0, len(awarded), PER_DECISION):
        chunk = awarded[start : start + PER_DECISION]
        period = periods[(start // PER_DECISION) % 3]
        approved = nominations_for(
            chunk,
            period=period,
            award_type=merit,
            status=NominationStatus.APPROVED,
            creator=users[Role.UNIT_HEAD],
            tag=f"A{start:06d}-",
        )
        issue(
            approved,
            number=f"{start // PER_DECISION + 1}/QĐ-TN",
            period=period,
            award_type=merit,
            users=users,
        )
        if start // PER_DECISION % 10 == 0:
            _log(f"{start + len(chunk):,} certificates issued, {time.perf_counter() - started:.0f} s")
    _log(f"province '{scale.name}' generated in {time.perf_counter() - started:.1f} s")


def bulk_decision(count: int, number: str = "901/QĐ-TN") -> int:
    """One issued decision of `count` certificates in an existing (e.g. demo) database."""
    rng = random.Random(SEED)
    unit = Organization.objects.create(code=f"KHOI-{number[:3]}", name="Đơn vị kiểm thử in hàng loạt")
    people = people_in(rng, count, [unit], start=900_000)
    users = {
        Role.STAFF: User.objects.create(
            username=f"bulk-staff-{number[:3]}", roles=[Role.STAFF], organization=unit
        ),
        Role.CHAIRMAN: User.objects.create(
            username=f"bulk-chair-{number[:3]}", roles=[Role.CHAIRMAN], organization=unit
        ),
    }
    period = Period.objects.create(
        year=2023,
        name=f"Khen thưởng đột xuất {number}",
        opens_on=datetime.date(2023, 10, 1),
        closes_on=datetime.date(2023, 12, 10),
        rules_date=SIGNED_ON,
    )
    merit = AwardType.objects.get(code="merit_chairman")
    approved = nominations_for(
        people,
        period=period,
        award_type=merit,
        status=NominationStatus.APPROVED,
        creator=users[Role.STAFF],
        tag="K",
    )
    return issue(approved, number=number, period=period, award_type=merit, users=users)
