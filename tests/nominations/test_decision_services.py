"""Decisions through their services: drafting, issuing, revoking."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.errors import ConflictError
from awards.models import AwardRecord, BaseSalary
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus
from nominations.signals import decision_issued
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, flag_rules, merit_rules, staff, verified

pytestmark = pytest.mark.django_db

APPROVED = NominationStatus.APPROVED


@pytest.fixture
def salaries():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2019, 7, 1), amount=1_490_000)
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalaryFactory(effective_from=datetime.date(2024, 7, 1), amount=2_340_000)


def _draft(rules, period, nominations, **kwargs):
    fields = {
        "actor": staff(),
        "number": "46/QĐ-UBND",
        "signed_on": datetime.date(2024, 1, 11),
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "award_type": rules.award_type,
        "period": period,
        "nominations": nominations,
        "place": "Bắc Ninh",
    }
    fields.update(kwargs)
    return decisions.decision_create(**fields)


# --- drafting -------------------------------------------------------------------------------------


def test_decision_create_keeps_annex_order():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period, status=APPROVED), verified(rules, period, status=APPROVED)

    decision = _draft(rules, period, [second, first])

    assert [(i.position, i.nomination_id) for i in decision.items.all()] == [(1, second.pk), (2, first.pk)]
    assert decision.status == DecisionStatus.DRAFT


def test_decision_create_mixing_award_types_is_refused():
    period = fixed_period()
    merit, flag = merit_rules(), flag_rules()
    nominations = [
        verified(merit, period, status=APPROVED),
        verified(flag, period, collective=True, status=APPROVED),
    ]

    with pytest.raises(ValidationError) as exc:
        _draft(merit, period, nominations)

    assert "cùng hình thức" in exc.value.message_dict["nominations"][0]


def test_decision_create_unapproved_nomination_is_refused():
    period = fixed_period()
    rules = merit_rules()

    with pytest.raises(ValidationError) as exc:
        _draft(rules, period, [verified(rules, period)])

    assert "chưa được đề nghị khen thưởng" in exc.value.message_dict["nominations"][0]


def test_decision_create_signing_date_before_period_is_refused():
    period = fixed_period()
    rules = merit_rules()

    with pytest.raises(ValidationError) as exc:
        _draft(
            rules, period, [verified(rules, period, status=APPROVED)], signed_on=datetime.date(2023, 9, 30)
        )

    assert "signed_on" in exc.value.message_dict


def test_decision_create_number_of_an_issued_decision_is_conflict(salaries):
    period = fixed_period()
    rules = merit_rules()
    issued = _draft(rules, period, [verified(rules, period, status=APPROVED)])
    decisions.decision_issue(decision=issued, actor=chairman())

    with pytest.raises(ConflictError):
        _draft(rules, period, [verified(rules, period, status=APPROVED)])


def test_decision_create_by_chairman_is_refused():
    period = fixed_period()
    rules = merit_rules()

    with pytest.raises(PermissionDenied):
        _draft(rules, period, [verified(rules, period, status=APPROVED)], actor=chairman())


# --- issuing --------------------------------------------------------------------------------------


def test_decision_issue_freezes_amounts_total_and_words(salaries):
    # Signed 11/01/2024: base salary 1,800,000; flag 8.0 × → 14,400,000 each.
    period = fixed_period()
    rules = flag_rules()
    units = [verified(rules, period, collective=True, status=APPROVED) for _ in range(2)]
    decision = _draft(rules, period, units)

    decisions.decision_issue(decision=decision, actor=chairman())

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert decision.base_salary == 1_800_000
    assert [i.amount for i in decision.items.all()] == [14_400_000, 14_400_000]
    assert decision.total_reward == 28_800_000
    assert decision.total_in_words == "Hai mươi tám triệu tám trăm nghìn đồng"


def test_decision_issue_base_salary_follows_signing_date(salaries):
    period = fixed_period()
    rules = merit_rules()
    amounts = {}
    for number, signed_on in [
        ("1/QĐ-UBND", datetime.date(2023, 6, 30)),
        ("2/QĐ-UBND", datetime.date(2023, 7, 1)),
        ("3/QĐ-UBND", datetime.date(2024, 6, 30)),
        ("4/QĐ-UBND", datetime.date(2024, 7, 1)),
    ]:
        period_for_date = fixed_period(opens_on=datetime.date(2023, 1, 1))
        nomination = verified(rules, period_for_date, status=APPROVED)
        decision = _draft(rules, period_for_date, [nomination], number=number, signed_on=signed_on)
        decisions.decision_issue(decision=decision, actor=chairman())
        decision.refresh_from_db()
        amounts[signed_on] = (decision.base_salary, decision.items.get().amount)

    # Individual certificate of merit: 1.5 × base salary, rounded up to 10,000 đ.
    assert amounts == {
        datetime.date(2023, 6, 30): (1_490_000, 2_240_000),
        datetime.date(2023, 7, 1): (1_800_000, 2_700_000),
        datetime.date(2024, 6, 30): (1_800_000, 2_700_000),
        datetime.date(2024, 7, 1): (2_340_000, 3_510_000),
    }
    assert period is not None


def test_decision_issue_collective_gets_its_own_multiple(salaries):
    period = fixed_period()
    rules = merit_rules()
    person = verified(rules, period, status=APPROVED)
    unit = verified(rules, period, collective=True, status=APPROVED)
    decision = _draft(rules, period, [unit, person], signed_on=datetime.date(2024, 7, 1))

    decisions.decision_issue(decision=decision, actor=chairman())

    assert [(str(i.multiple), i.amount) for i in decision.items.all()] == [
        ("3.00", 7_020_000),
        ("1.50", 3_510_000),
    ]
    decision.refresh_from_db()
    assert decision.total_reward == 10_530_000
    assert decision.total_in_words == "Mười triệu năm trăm ba mươi nghìn đồng"


def test_decision_issue_writes_register_awards_nominations_and_signals(salaries):
    period = fixed_period()
    rules = merit_rules()
    nominations = [verified(rules, period, status=APPROVED) for _ in range(3)]
    decision = _draft(rules, period, list(reversed(nominations)))
    received = []

    def receiver(sender, decision, items, actor, **kwargs):
        received.append([item.nomination_id for item in items])

    decision_issued.connect(receiver, weak=False)
    try:
        decisions.decision_issue(decision=decision, actor=chairman())
    finally:
        decision_issued.disconnect(receiver)

    assert received == [[n.pk for n in reversed(nominations)]]
    records = AwardRecord.objects.order_by("nomination_id")
    assert [r.nomination_id for r in records] == [n.pk for n in nominations]
    assert {(r.decision_number, r.decision_date, r.source, r.year) for r in records} == {
        ("46/QĐ-UBND", datetime.date(2024, 1, 11), "decision", 2023)
    }
    for nomination in nominations:
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.AWARDED
        assert nomination.events.last().to_status == NominationStatus.AWARDED


def test_decision_issue_twice_is_conflict(salaries):
    period = fixed_period()
    rules = merit_rules()
    decision = _draft(rules, period, [verified(rules, period, status=APPROVED)])
    signer = chairman()
    decisions.decision_issue(decision=decision, actor=signer)

    with pytest.raises(ConflictError):
        decisions.decision_issue(decision=decision, actor=signer)

    assert AwardRecord.objects.count() == 1


def test_decision_issue_duplicate_number_is_conflict_and_changes_nothing(salaries):
    period = fixed_period()
    rules = merit_rules()
    first = _draft(rules, period, [verified(rules, period, status=APPROVED)])
    second = _draft(rules, period, [verified(rules, period, status=APPROVED)])
    decisions.decision_issue(decision=first, actor=chairman())

    with pytest.raises(ConflictError):
        decisions.decision_issue(decision=second, actor=chairman())

    second.refresh_from_db()
    assert second.status == DecisionStatus.DRAFT
    assert second.items.get().nomination.status == APPROVED
    assert AwardRecord.objects.count() == 1


def test_decision_issue_same_number_other_year_is_allowed(salaries):
    period = fixed_period()
    rules = merit_rules()
    decisions.decision_issue(
        decision=_draft(rules, period, [verified(rules, period, status=APPROVED)]), actor=chairman()
    )
    later = fixed_period(
        year=2024, opens_on=datetime.date(2024, 10, 1), closes_on=datetime.date(2024, 12, 10)
    )

    decision = _draft(
        rules, later, [verified(rules, later, status=APPROVED)], signed_on=datetime.date(2025, 1, 9)
    )
    decision = decisions.decision_issue(decision=decision, actor=chairman())

    assert decision.status == DecisionStatus.ISSUED


def test_decision_issue_by_staff_is_refused(salaries):
    period = fixed_period()
    rules = merit_rules()
    decision = _draft(rules, period, [verified(rules, period, status=APPROVED)])

    with pytest.raises(PermissionDenied):
        decisions.decision_issue(decision=decision, actor=staff())


def test_decision_issue_without_base_salary_is_conflict():
    BaseSalary.objects.all().delete()
    period = fixed_period()
    rules = merit_rules()
    decision = _draft(rules, period, [verified(rules, period, status=APPROVED)])

    with pytest.raises(ConflictError):
        decisions.decision_issue(decision=decision, actor=chairman())

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_decision_update_and_delete_of_issued_decision_are_conflicts(salaries):
    period = fixed_period()
    rules = merit_rules()
    decision = _draft(rules, period, [verified(rules, period, status=APPROVED)])
    decisions.decision_issue(decision=decision, actor=chairman())

    with pytest.raises(ConflictError):
        decisions.decision_update(decision=decision, actor=staff(), number="47/QĐ-UBND")
    with pytest.raises(ConflictError):
        decisions.decision_delete(decision=decision, actor=staff())

    decision.refresh_from_db()
    assert decision.number == "46/QĐ-UBND"


# --- revoking -------------------------------------------------------------------------------------


def test_nomination_revoke_marks_record_item_and_timeline(salaries):
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period, status=APPROVED)
    decision = _draft(rules, period, [nomination])
    signer = chairman()
    decisions.decision_issue(decision=decision, actor=signer)
    decisions.nomination_revoke(
        nomination=nomination,
        actor=signer,
        reason="Kê khai thành tích không đúng sự thật",
        act_number="120/QĐ-UBND",
        revoked_on=datetime.date(2024, 3, 1),
    )

    nomination.refresh_from_db()
    record = AwardRecord.objects.get(nomination_id=nomination.pk)
    item = decision.items.get()
    decision.refresh_from_db()
    assert nomination.status == NominationStatus.REVOKED
    assert (record.revoked, record.revocation_act, record.revoked_on) == (
        True,
        "120/QĐ-UBND",
        datetime.date(2024, 3, 1),
    )
    assert record.revocation_reason == "Kê khai thành tích không đúng sự thật"
    assert (item.revocation_act, item.amount) == ("120/QĐ-UBND", 2_700_000)
    assert decision.status == DecisionStatus.REVOKED
    event = nomination.events.last()
    assert event.to_status == NominationStatus.REVOKED
    assert event.data["act_number"] == "120/QĐ-UBND"
    assert "120/QĐ-UBND" in event.comment


def test_nomination_revoke_of_unawarded_nomination_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period, status=APPROVED)

    with pytest.raises(ConflictError):
        decisions.nomination_revoke(nomination=nomination, actor=chairman(), reason="Sai", act_number="1/QĐ")

    nomination.refresh_from_db()
    assert nomination.status == APPROVED


def test_nomination_revoke_by_staff_or_without_reason_is_refused(salaries):
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period, status=APPROVED)
    decisions.decision_issue(decision=_draft(rules, period, [nomination]), actor=chairman())

    with pytest.raises(PermissionDenied):
        decisions.nomination_revoke(nomination=nomination, actor=staff(), reason="Sai", act_number="1/QĐ")
    with pytest.raises(ValidationError):
        decisions.nomination_revoke(nomination=nomination, actor=chairman(), reason="  ", act_number="1/QĐ")
    with pytest.raises(ValidationError):
        decisions.nomination_revoke(
            nomination=nomination,
            actor=chairman(),
            reason="Sai",
            act_number="1/QĐ",
            revoked_on=datetime.date(2024, 1, 10),
        )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert not AwardRecord.objects.get().revoked


def test_revoke_judges_the_locked_row_not_a_stale_copy(db):
    from nominations.models import Nomination
    from tests.factories.nominations import NominationFactory

    # Awarded in the database, but without its register and decision lines; the
    # caller's copy was read before the award (still "approved").
    awarded = NominationFactory(status=NominationStatus.AWARDED)
    stale = Nomination.objects.get(pk=awarded.pk)
    stale.status = NominationStatus.APPROVED

    with pytest.raises(ConflictError):
        decisions.nomination_revoke(nomination=stale, actor=chairman(), reason="Khai man", act_number="1/QĐ")

    awarded.refresh_from_db()
    assert awarded.status == NominationStatus.AWARDED
    assert awarded.events.count() == 0
