"""Issuing refuses a draft whose dossiers changed under it, word for word, and writes
nothing: the decision stays a draft, no register line, no dossier awarded."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from awards.errors import ConflictError
from awards.models import AwardRecord, BaseSalary, RuleSet
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import Decision, Nomination
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, flag_rules, merit_draft, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    return merit_draft()


def _refusal(draft) -> str:
    with pytest.raises(ConflictError) as refused:
        decisions.decision_issue(decision=draft, actor=chairman(), confirm_unverified=True)
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT
    assert not AwardRecord.objects.exists()
    assert not Nomination.objects.filter(status=NominationStatus.AWARDED).exists()
    return refused.value.message


def _dossier(draft) -> Nomination:
    return draft.items.get().nomination


def test_a_dossier_no_longer_proposed_is_named(draft):
    dossier = _dossier(draft)
    Nomination.objects.filter(pk=dossier.pk).update(status=NominationStatus.VERIFIED)

    assert _refusal(draft) == (
        f"Hồ sơ {dossier.reference} không còn ở trạng thái “được đề nghị khen thưởng”."
    )


def test_a_dossier_of_another_award_is_named(draft):
    dossier = _dossier(draft)
    Nomination.objects.filter(pk=dossier.pk).update(award_type=flag_rules().award_type)

    assert _refusal(draft) == f"Hồ sơ {dossier.reference} khác hình thức khen thưởng."


@pytest.mark.parametrize("actor", [AnonymousUser, staff, lambda: UserFactory(roles=[])])
def test_only_the_chairman_issues_and_says_so(draft, actor):
    with pytest.raises(PermissionDenied) as refused:
        decisions.decision_issue(decision=draft, actor=actor(), confirm_unverified=True)

    assert str(refused.value) == "Chỉ Chủ tịch (người ký) được ban hành quyết định."
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


def test_a_dossier_left_without_rules_in_force_is_named(draft):
    dossier = _dossier(draft)
    RuleSet.objects.filter(award_type=dossier.award_type).update(effective_from=datetime.date(2030, 1, 1))

    assert _refusal(draft) == f"Không có bộ quy tắc áp dụng cho hồ sơ {dossier.reference}."
