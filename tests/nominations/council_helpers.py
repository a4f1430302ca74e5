"""Builders shared by the council and decision tests (not a test module)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from awards.enums import ReviewBody, Role, ThresholdBase
from awards.models import RuleSet
from nominations import council, decisions
from nominations.enums import NominationStatus, SessionBody
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.nominations import (
    AwardTypeFactory,
    CollectiveNominationFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
    council_member,
)


def fixed_period(**kwargs):
    """The demo year: 2023 achievements, reviewed in January 2024."""
    defaults = {
        "year": 2023,
        "opens_on": datetime.date(2023, 10, 1),
        "closes_on": datetime.date(2023, 12, 10),
        "rules_date": datetime.date(2024, 1, 11),
    }
    defaults.update(kwargs)
    return PeriodFactory(**defaults)


# Codes of their own: the initial data migration seeds flag_province and
# merit_chairman with rule sets that would otherwise take precedence by date.


def flag_rules(**kwargs):
    """The flag: full council, 80 % of all members, quorum 80 %, 8.0 × base salary."""
    defaults = {
        "award_type": AwardTypeFactory(
            code="test_flag", name="Cờ thi đua của Ủy ban nhân dân tỉnh", recipient_kinds=["collective"]
        ),
        "review_body": ReviewBody.COUNCIL,
        "vote_threshold": Decimal("0.800"),
        "threshold_base": ThresholdBase.MEMBERS,
        "quorum": Decimal("0.800"),
        "reward_multiple_collective": Decimal("8.0"),
    }
    defaults.update(kwargs)
    return RuleSetFactory(**defaults)


def merit_rules(**kwargs):
    """The chairman's certificate of merit: standing board, simple majority of those present."""
    defaults = {
        "award_type": AwardTypeFactory(
            code="test_merit",
            name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            recipient_kinds=["individual", "collective"],
        ),
        "review_body": ReviewBody.STANDING_BOARD,
        "vote_threshold": Decimal("0.500"),
        "threshold_base": ThresholdBase.PRESENT,
        "quorum": Decimal("0.667"),
        "reward_multiple_individual": Decimal("1.5"),
        "reward_multiple_collective": Decimal("3.0"),
    }
    defaults.update(kwargs)
    return RuleSetFactory(**defaults)


def verified(rule_set, period, *, collective=False, status=NominationStatus.VERIFIED, **kwargs):
    factory = CollectiveNominationFactory if collective else NominationFactory
    return factory(award_type=rule_set.award_type, period=period, status=status, **kwargs)


def decision_draft(rules, period, nominations, *, actor=None):
    """Draft decision 46/QĐ-UBND (signed 11/01/2024 by the chairman) of `nominations`."""
    return decisions.decision_create(
        actor=actor or staff(),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=nominations,
    )


def merit_draft(*, actor=None):
    """Draft decision 46/QĐ-UBND (signed 11/01/2024) of one approved certificate-of-merit
    dossier of the demo year."""
    period, rules = fixed_period(), merit_rules()
    return decision_draft(
        rules, period, [verified(rules, period, status=NominationStatus.APPROVED)], actor=actor
    )


def staff():
    return UserFactory(roles=[Role.STAFF])


def chairman():
    return UserFactory(roles=[Role.CHAIRMAN], full_name="Vũ Việt Văn")


def planned_session(*, members, agenda, period, body=SessionBody.COUNCIL, secret_ballot=False, actor=None):
    return council.session_create(
        actor=actor or staff(),
        title="Phiên họp xét khen thưởng năm 2023",
        meeting_date=datetime.date(2024, 1, 5),
        period=period,
        body=body,
        secret_ballot=secret_ballot,
        members=members,
        agenda=agenda,
        place="Bắc Ninh",
        chair_name="Vũ Việt Văn",
        secretary_name="Lê Thị Thư",
    )


def open_session(*, members, agenda, period, **kwargs):
    actor = kwargs.pop("actor", None) or staff()
    session = planned_session(members=members, agenda=agenda, period=period, actor=actor, **kwargs)
    return council.session_open(session=session, actor=actor), actor


def members(n):
    return [council_member(organization=OrganizationFactory()) for _ in range(n)]


def unverify_multiples(award_type) -> RuleSet:
    """Both reward multiples of `award_type`'s rule set marked unverified, with their sources."""
    rules = RuleSet.objects.get(award_type=award_type)
    rules.figure_sources["reward_multiple_individual"] = {
        "source": "Nghị định 98/2023/NĐ-CP",
        "verified": False,
    }
    rules.figure_sources["reward_multiple_collective"] = {
        "source": "Nghị định 73/2024/NĐ-CP",
        "verified": False,
    }
    rules.save()
    return rules
