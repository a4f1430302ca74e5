"""One computation of reward amounts: what a draft decision prints is what issuing freezes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from awards.models import BaseSalary
from certificates.decision_and_minutes import decision_content
from nominations import decisions
from nominations.enums import NominationStatus
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, merit_rules, staff, verified

pytestmark = pytest.mark.django_db

APPROVED = NominationStatus.APPROVED


def test_draft_prints_the_amounts_issuing_freezes():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period = fixed_period()
    rules = merit_rules(reward_multiple_individual=Decimal("1.5"), reward_multiple_collective=Decimal("3.0"))
    nominations = [
        verified(rules, period, status=APPROVED),
        verified(rules, period, collective=True, status=APPROVED),
    ]
    decision = decisions.decision_create(
        actor=staff(),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=nominations,
    )

    draft = decision_content(decision)
    decisions.decision_issue(decision=decision, actor=chairman())
    issued = decision_content(decision)

    frozen = [item.amount for item in decision.items.order_by("position")]
    assert frozen == [2_700_000, 5_400_000]
    assert draft.total_amount == issued.total_amount == sum(frozen) == 8_100_000
    assert draft.total_in_words == issued.total_in_words
    assert [decisions.nomination_reward(n, 1_800_000) for n in nominations] == [
        (Decimal("1.5"), 2_700_000),
        (Decimal("3.0"), 5_400_000),
    ]


def test_no_rule_set_means_no_reward():
    period = fixed_period()
    nomination = verified(merit_rules(effective_from=datetime.date(2030, 1, 1)), period, status=APPROVED)

    assert decisions.nomination_reward(nomination, 1_800_000) is None
