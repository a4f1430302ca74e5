"""Builders of issued decisions (hence certificates) and print profiles.

Certificates are never built directly: a decision is drafted and issued through
the nominations services, and the certificates app's receiver creates them, so
every test exercises the real path.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from awards.enums import Gender, ReviewBody, Role
from certificates.enums import Paper
from certificates.models import Certificate, PrintProfile
from nominations import decisions
from nominations.enums import NominationStatus
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import (
    AwardTypeFactory,
    BaseSalaryFactory,
    CollectiveNominationFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
)

SIGNED_ON = datetime.date(2024, 1, 11)


class PrintProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrintProfile

    name = factory.Sequence(lambda n: f"Máy in phòng Thi đua số {n}")
    paper = Paper.A3
    offset_x_mm = Decimal("0")
    offset_y_mm = Decimal("0")


def staff_user(**kwargs):
    return UserFactory(roles=[Role.STAFF], **kwargs)


def chairman_user(**kwargs):
    return UserFactory(roles=[Role.CHAIRMAN], **kwargs)


def merit_award_type(code: str = "cert_merit", layout: str = "merit_chairman"):
    """The chairman's certificate of merit, with a code of its own (the seeded one has
    rule sets that would take precedence by date)."""
    award_type = AwardTypeFactory(
        code=code,
        name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        certificate_layout=layout,
        certificate_title="BẰNG KHEN",
    )
    if award_type.rule_sets.exists():
        return award_type
    RuleSetFactory(
        award_type=award_type,
        review_body=ReviewBody.STANDING_BOARD,
        reward_multiple_individual=Decimal("1.5"),
        reward_multiple_collective=Decimal("3.0"),
    )
    return award_type


def issued_decision(
    *,
    names: list[str] | None = None,
    people: int = 3,
    collectives: list[str] | None = None,
    unit=None,
    award_type=None,
    number: str = "46/QĐ-UBND",
    citation: str = "",
    gender: str = Gender.MALE,
    position: str = "Chuyên viên",
    signed_on: datetime.date = SIGNED_ON,
    authority: str = "Ủy ban nhân dân tỉnh Bắc Ninh",
    issue: bool = True,
):
    """A decision issued by the chairman for people (and collectives) of `unit`,
    annex in the given order; returns the decision (left a draft with `issue=False`)."""
    # Seeded by a data migration, but a transactional test's flush removes it.
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    award_type = award_type or merit_award_type()
    unit = unit or OrganizationFactory(name="Văn phòng Ủy ban nhân dân tỉnh")
    period = PeriodFactory(
        year=2023,
        opens_on=datetime.date(2023, 10, 1),
        closes_on=datetime.date(2023, 12, 10),
        rules_date=SIGNED_ON,
    )
    names = names if names is not None else [f"Nguyễn Văn Thưởng {i}" for i in range(1, people + 1)]
    nominations = [
        NominationFactory(
            award_type=award_type,
            period=period,
            status=NominationStatus.APPROVED,
            proposing_organization=unit,
            nominee_person=PersonFactory(full_name=name, organization=unit, position=position, gender=gender),
        )
        for name in names
    ]
    for name in collectives or []:
        nominations.append(
            CollectiveNominationFactory(
                award_type=award_type,
                period=period,
                status=NominationStatus.APPROVED,
                proposing_organization=OrganizationFactory(name=name, parent=unit),
            )
        )
    decision = decisions.decision_create(
        actor=staff_user(),
        number=number,
        signed_on=signed_on,
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority=authority,
        place="Bắc Ninh",
        award_type=award_type,
        period=period,
        nominations=nominations,
        citation=citation,
    )
    if not issue:
        return decision
    return decisions.decision_issue(decision=decision, actor=chairman_user())


def certificates_of(decision) -> list[Certificate]:
    return list(Certificate.objects.filter(decision=decision).order_by("register_number"))
