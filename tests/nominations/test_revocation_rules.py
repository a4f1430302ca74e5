"""Revocation, rule by rule: each test fails when one condition of
`decisions.nomination_revoke` (its act checked in `_revocation_act`, its lines
marked in `_mark_revoked`) is changed. Written from the mutants mutmut made of them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import clock
from awards.models import AwardRecord, BaseSalary
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, merit_rules, staff, verified

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2024, 1, 11)
TODAY = datetime.datetime(2024, 3, 1, 9, 0)


@pytest.fixture
def issued():
    """An issued decision of two certificates of merit, signed on SIGNED_ON, and its signer."""
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period, rules = fixed_period(), merit_rules()
    first = verified(rules, period, status=NominationStatus.APPROVED)
    second = verified(rules, period, status=NominationStatus.APPROVED)
    decision = decisions.decision_create(
        actor=staff(),
        number="46/QĐ-UBND",
        signed_on=SIGNED_ON,
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=[first, second],
    )
    signer = chairman()
    decisions.decision_issue(decision=decision, actor=signer)
    return decision, first, second, signer


def _revoke(nomination, signer, **kwargs):
    fields = {"reason": "Kê khai sai", "act_number": "120/QĐ-UBND"} | kwargs
    with clock.frozen_at(TODAY):
        return decisions.nomination_revoke(nomination=nomination, actor=signer, **fields)


def _refusal(nomination, signer, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        _revoke(nomination, signer, **kwargs)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert not AwardRecord.objects.get(nomination_id=nomination.pk).revoked
    return exc.value.message_dict


def test_every_missing_field_is_named_at_once(issued):
    _decision, first, _second, signer = issued

    errors = _refusal(first, signer, reason=" ", act_number="")

    assert errors == {"reason": ["Cần nêu lý do thu hồi."], "act_number": ["Cần nhập số văn bản thu hồi."]}


def test_the_act_number_may_have_100_characters_not_101(issued):
    _decision, first, _second, signer = issued

    errors = _refusal(first, signer, act_number="1" * 101)
    assert errors == {"act_number": ["Số văn bản thu hồi quá dài (tối đa 100 ký tự)."]}

    _revoke(first, signer, act_number="1" * 100)
    assert AwardRecord.objects.get(nomination_id=first.pk).revocation_act == "1" * 100


def test_a_revocation_dated_before_the_signing_is_refused_on_the_signing_day_allowed(issued):
    _decision, first, _second, signer = issued

    errors = _refusal(first, signer, revoked_on=SIGNED_ON - datetime.timedelta(days=1))
    assert errors == {"revoked_on": ["Ngày thu hồi không được trước ngày ký quyết định khen thưởng."]}

    _revoke(first, signer, revoked_on=SIGNED_ON)
    assert AwardRecord.objects.get(nomination_id=first.pk).revoked_on == SIGNED_ON


def test_without_a_date_the_revocation_is_dated_today(issued):
    decision, first, _second, signer = issued

    _revoke(first, signer)

    record = AwardRecord.objects.get(nomination_id=first.pk)
    item = decision.items.get(nomination=first)
    assert record.revoked_on == item.revoked_on == TODAY.date()


def test_both_lines_keep_the_act_and_the_decision_stays_issued_until_its_last_line(issued):
    decision, first, second, signer = issued

    _revoke(
        first,
        signer,
        reason="  Kê khai sai  ",
        act_number=" 120/QĐ-UBND ",
        revoked_on=datetime.date(2024, 2, 1),
    )

    record = AwardRecord.objects.get(nomination_id=first.pk)
    item = decision.items.get(nomination=first)
    assert (record.revoked, record.revoked_on, record.revocation_act, record.revocation_reason) == (
        True,
        datetime.date(2024, 2, 1),
        "120/QĐ-UBND",
        "Kê khai sai",
    )
    assert (item.revoked_on, item.revocation_act, item.revocation_reason) == (
        datetime.date(2024, 2, 1),
        "120/QĐ-UBND",
        "Kê khai sai",
    )
    assert not AwardRecord.objects.get(nomination_id=second.pk).revoked
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED

    _revoke(second, signer)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED


def test_the_timeline_keeps_the_act_in_its_data_and_its_sentence(issued):
    _decision, first, _second, signer = issued

    revoked = _revoke(first, signer, revoked_on=datetime.date(2024, 2, 1))

    event = revoked.events.order_by("pk").last()
    assert revoked.status == NominationStatus.REVOKED
    assert event.data == {"act_number": "120/QĐ-UBND", "revoked_on": "2024-02-01", "reason": "Kê khai sai"}
    assert event.comment == "Thu hồi theo văn bản số 120/QĐ-UBND ngày 01/02/2024: Kê khai sai"
