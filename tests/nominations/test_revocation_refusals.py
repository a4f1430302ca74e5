"""Revocation's refusals and notice: who may revoke (word for word), a missing
register line refused whole, the proposing unit told with the act's number.
Written from the mutants mutmut made of `decisions.nomination_revoke`."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from awards import clock
from awards.enums import Role
from awards.errors import ConflictError
from awards.models import AwardRecord, BaseSalary
from certificates.models import Certificate
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus, NotificationKind
from nominations.models import DecisionItem, Notification
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, decision_draft, fixed_period, merit_rules, verified

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2024, 3, 1, 9, 0)
ONLY_THE_CHAIRMAN = "Chỉ Chủ tịch (người có thẩm quyền khen thưởng) được thu hồi."


@pytest.fixture
def awarded():
    """An awarded nomination of an issued decision (signed 11/01/2024), and its unit's head."""
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period, rules = fixed_period(), merit_rules()
    nomination = verified(rules, period, status=NominationStatus.APPROVED)
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=nomination.proposing_organization)
    decision = decision_draft(rules, period, [nomination])
    decisions.decision_issue(decision=decision, actor=chairman())
    nomination.refresh_from_db()
    return nomination, head


def _revoke(nomination, actor):
    with clock.frozen_at(TODAY):
        return decisions.nomination_revoke(
            nomination=nomination, actor=actor, reason="Kê khai sai", act_number="120/QĐ-UBND"
        )


def _untouched(nomination) -> None:
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert not AwardRecord.objects.filter(revoked=True).exists()
    assert not DecisionItem.objects.filter(revoked_on__isnull=False).exists()
    assert not Notification.objects.filter(kind=NotificationKind.REVOKED).exists()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(roles=[Role.STAFF]),
        lambda: UserFactory(roles=[Role.COUNCIL_MEMBER]),
        lambda: UserFactory(roles=[Role.UNIT_HEAD]),
        lambda: UserFactory(roles=[Role.CHAIRMAN], is_active=False),
        AnonymousUser,
    ],
    ids=["staff", "council_member", "unit_head", "inactive_chairman", "anonymous"],
)
def test_only_the_chairman_revokes_with_the_reason_given(awarded, make_user):
    nomination, _head = awarded

    with pytest.raises(PermissionDenied) as exc:
        _revoke(nomination, make_user())

    assert str(exc.value) == ONLY_THE_CHAIRMAN
    _untouched(nomination)


def test_an_administrator_may_revoke(awarded):
    nomination, _head = awarded

    revoked = _revoke(nomination, UserFactory(roles=[], is_superuser=True))

    assert revoked.status == NominationStatus.REVOKED


@pytest.mark.parametrize("missing", ["record", "line"])
def test_an_award_without_its_register_or_decision_line_is_refused_whole(awarded, missing):
    nomination, _head = awarded
    if missing == "record":
        Certificate.objects.filter(award_record__nomination_id=nomination.pk).delete()
        AwardRecord.objects.filter(nomination_id=nomination.pk).delete()
    else:
        DecisionItem.objects.filter(nomination=nomination).delete()

    with pytest.raises(ConflictError) as exc:
        _revoke(nomination, chairman())

    assert str(exc.value) == "Không tìm thấy quyết định khen thưởng của hồ sơ này trong sổ."
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert nomination.events.filter(to_status=NominationStatus.REVOKED).count() == 0
    assert not Notification.objects.filter(kind=NotificationKind.REVOKED).exists()


def test_the_proposing_units_heads_are_told_with_the_acts_number(awarded):
    nomination, head = awarded
    UserFactory(roles=[Role.UNIT_HEAD])  # another unit's head, not told

    _revoke(nomination, chairman())

    notices = Notification.objects.filter(kind=NotificationKind.REVOKED).order_by("recipient_id")
    assert [(n.recipient_id, n.params["act"], n.path) for n in notices] == [
        (user_id, "120/QĐ-UBND", f"/nominations/{nomination.pk}/")
        for user_id in sorted([nomination.created_by_id, head.pk])
    ]


def test_the_last_line_revoked_revokes_the_decision_and_keeps_its_other_fields(awarded):
    nomination, _head = awarded
    item = DecisionItem.objects.select_related("decision").get(nomination=nomination)

    _revoke(nomination, chairman())

    decision = type(item.decision).objects.get(pk=item.decision_id)
    assert (decision.status, decision.number, decision.total_reward) == (
        DecisionStatus.REVOKED,
        "46/QĐ-UBND",
        item.decision.total_reward,
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"reason": None, "act_number": None},
            {"reason": ["Cần nêu lý do thu hồi."], "act_number": ["Cần nhập số văn bản thu hồi."]},
        ),
        (
            {"reason": "Kê khai sai", "act_number": "120/QĐ-UBND", "revoked_on": datetime.date(2024, 3, 2)},
            {"revoked_on": ["Ngày thu hồi không được sau ngày hôm nay."]},
        ),
    ],
    ids=["none_given", "dated_tomorrow"],
)
def test_each_bad_field_of_the_act_is_named_word_for_word(awarded, fields, errors):
    nomination, _head = awarded

    with clock.frozen_at(TODAY), pytest.raises(ValidationError) as exc:
        decisions.nomination_revoke(nomination=nomination, actor=chairman(), **fields)

    assert exc.value.message_dict == errors
    _untouched(nomination)


def test_an_award_already_revoked_is_a_conflict_whatever_the_date_sent(awarded):
    nomination, _head = awarded
    _revoke(nomination, chairman())

    with clock.frozen_at(TODAY), pytest.raises(ConflictError):
        decisions.nomination_revoke(
            nomination=nomination,
            actor=chairman(),
            reason="Lần hai",
            act_number="121/QĐ-UBND",
            revoked_on=datetime.date(2023, 12, 1),  # before the signing: a 400 if it were awarded
        )
    assert AwardRecord.objects.get(nomination_id=nomination.pk).revocation_act == "120/QĐ-UBND"


def test_a_revocation_dated_before_the_signing_leaves_the_award_whole(awarded):
    nomination, _head = awarded

    with clock.frozen_at(TODAY), pytest.raises(ValidationError) as refused:
        decisions.nomination_revoke(
            nomination=nomination,
            actor=chairman(),
            reason="Kê khai sai",
            act_number="120/QĐ-UBND",
            revoked_on=datetime.date(2024, 1, 10),
        )
    assert refused.value.message_dict == {
        "revoked_on": ["Ngày thu hồi không được trước ngày ký quyết định khen thưởng."]
    }
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert not nomination.events.filter(to_status=NominationStatus.REVOKED).exists()
    assert AwardRecord.objects.get(nomination_id=nomination.pk).revoked is False
