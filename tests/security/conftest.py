"""A small province with one user per role and an object in every workflow state.

Built from the factories and the services (no demo data), so every security
suite reads the same world: the fuzzer, the hostile-input sweep, the PATCH
matrix and the backup test.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import BaseSalary, Organization, Person, User
from nominations import council, decisions
from nominations.enums import NominationStatus as S
from nominations.models import CouncilSession, Decision, Nomination
from tests.factories.awards import (
    AwardRecordFactory,
    BlocFactory,
    BlocResultFactory,
    HoldFactory,
    InitiativeFactory,
    OrganizationFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.nominations import AttachmentFactory, BaseSalaryFactory
from tests.nominations.council_helpers import fixed_period, merit_rules, verified

# The names the search tests look for: composed here, decomposed in the queries.
NAMES = ["Nguyễn Văn Thưởng", "Đặng Thị Hương", "Trần Thị Ánh Tuyết", "Lê Quang Đạo"]
ROLES = ["anonymous", Role.UNIT_HEAD, Role.STAFF, Role.COUNCIL_MEMBER, Role.CHAIRMAN, Role.ADMIN]


@dataclass
class World:
    office: Organization
    unit: Organization
    other_unit: Organization
    users: dict[str, User]
    other_head: User
    people: list[Person]
    nominations: dict[str, Nomination] = field(default_factory=dict)
    session: CouncilSession | None = None
    issued: Decision | None = None
    draft_decision: Decision | None = None

    def token(self, role: str) -> str | None:
        if role == "anonymous":
            return None
        return Token.objects.get_or_create(user=self.users[role])[0].key

    def client(self, role: str) -> APIClient:
        client = APIClient()
        key = self.token(role)
        if key:
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client


def build_world() -> World:
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    office = OrganizationFactory(code="VP", name="Văn phòng Ủy ban nhân dân tỉnh", kind="office")
    unit = OrganizationFactory(code="PHC", name="Phòng Hành chính - Tổ chức", parent=office)
    other_unit = OrganizationFactory(code="SNV", name="Sở Nội vụ", kind="department")
    # Organizations named after people, for the accent-insensitive search.
    OrganizationFactory(code="THPT-ND", name="Trường THPT Nguyễn Du", kind="unit", parent=other_unit)
    OrganizationFactory(code="TH-DTC", name="Trường Tiểu học Đặng Trần Côn", kind="unit", parent=other_unit)
    secretariat = OrganizationFactory(code="BTDKT", name="Ban Thi đua - Khen thưởng", kind="department")
    users = {
        Role.UNIT_HEAD: UserFactory(username="truongphong", roles=[Role.UNIT_HEAD], organization=unit),
        Role.STAFF: UserFactory(username="chuyenvien", roles=[Role.STAFF], organization=secretariat),
        Role.COUNCIL_MEMBER: UserFactory(username="uyvien", roles=[Role.COUNCIL_MEMBER], organization=office),
        Role.CHAIRMAN: UserFactory(username="chutich", roles=[Role.CHAIRMAN], organization=office),
        Role.ADMIN: UserFactory(username="quantri", roles=[Role.ADMIN], organization=office),
    }
    other_head = UserFactory(username="giamdoc", roles=[Role.UNIT_HEAD], organization=other_unit)
    people = [PersonFactory(full_name=name, organization=unit) for name in NAMES]
    outsider = PersonFactory(full_name="Phạm Minh Châu", organization=other_unit)
    world = World(office, unit, other_unit, users, other_head, people)

    period = fixed_period()
    rules = merit_rules()
    staff, head, chairman = users[Role.STAFF], users[Role.UNIT_HEAD], users[Role.CHAIRMAN]

    def make(person, status, org=unit):
        # One open dossier per person, award type and period: a namesake for each row
        # (the search sweeps still find every name several times).
        if Nomination.objects.filter(nominee_person=person).exists():
            person = PersonFactory(full_name=person.full_name, organization=person.organization)
        return verified(
            rules, period, status=status, nominee_person=person, proposing_organization=org, created_by=head
        )

    n = world.nominations
    n["draft"] = make(people[0], S.DRAFT)
    n["returned"] = make(people[1], S.RETURNED)
    n["submitted"] = make(people[2], S.SUBMITTED)
    n["verified"] = make(people[3], S.VERIFIED)
    n["approved"] = make(people[2], S.APPROVED)
    n["awarded"] = make(people[0], S.APPROVED)
    n["awarded_dang"] = make(people[1], S.APPROVED)
    n["other_unit"] = verified(
        rules,
        period,
        status=S.SUBMITTED,
        nominee_person=outsider,
        proposing_organization=other_unit,
        created_by=other_head,
    )
    AttachmentFactory(nomination=n["draft"], uploaded_by=head)
    AttachmentFactory(nomination=n["submitted"], uploaded_by=head)

    world.session = council.session_create(
        actor=staff,
        title="Phiên họp xét khen thưởng năm 2023",
        meeting_date=datetime.date(2024, 1, 5),
        period=period,
        body="standing_board",
        secret_ballot=False,
        members=[users[Role.COUNCIL_MEMBER]],
        agenda=[n["verified"]],
    )
    common = {
        "signed_on": datetime.date(2024, 1, 11),
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "place": "Bắc Ninh",
        "award_type": rules.award_type,
        "period": period,
    }
    issued = decisions.decision_create(
        actor=staff, number="46/QĐ-UBND", nominations=[n["awarded"], n["awarded_dang"]], **common
    )
    world.issued = decisions.decision_issue(decision=issued, actor=chairman)
    world.draft_decision = decisions.decision_create(
        actor=staff, number="47/QĐ-UBND", nominations=[n["approved"]], **common
    )
    for key, nomination in n.items():
        n[key] = Nomination.objects.get(pk=nomination.pk)

    bloc = BlocFactory(code="KHOI-VP", name="Khối các cơ quan tham mưu")
    BlocResultFactory(bloc=bloc, period=period, organization=unit)
    RegistrationFactory(period=period, organization=unit, award_types=[rules.award_type])
    RatingFactory(person=people[0])
    InitiativeFactory(person=people[0])
    HoldFactory(person=outsider)
    AwardRecordFactory(person=people[3], award_type=rules.award_type, year=2022)
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()
