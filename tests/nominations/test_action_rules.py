"""Submitting, returning, confirming and withdrawing: who may, what is recorded, who is told.

Written from the mutants mutmut made of `nomination_submit`, `nomination_return`,
`nomination_confirm`, `nomination_withdraw` and `rule_set_of`: each refusal word for word
with nothing written, the event's fields, and the notices' recipients and values.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from awards import clock
from awards.enums import DocumentKind, ReviewBody, Role
from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.enums import SessionStatus
from nominations.models import AgendaItem, Nomination, Notification
from tests.factories.awards import UserFactory
from tests.factories.nominations import (
    AttachmentFactory,
    CouncilSessionFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
    unit_head_of,
)

pytestmark = pytest.mark.django_db

NOT_THE_UNIT = "Chỉ đơn vị đề nghị mới được thực hiện thao tác này."
STAFF_ONLY = "Thao tác này chỉ dành cho: Cán bộ Ban Thi đua - Khen thưởng."
MOMENT = datetime.datetime(2024, 1, 3, 9, 30, tzinfo=datetime.UTC)


def _notices(kind):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


# --- submit ----------------------------------------------------------------------------------------


def test_another_unit_may_not_submit(other_head):
    nomination = NominationFactory()

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_submit(nomination=nomination, actor=other_head)

    assert str(refused.value) == NOT_THE_UNIT


def test_a_first_submission_after_the_deadline_is_refused_with_the_dates():
    late = PeriodFactory(
        name="Đợt muộn", opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 10)
    )
    nomination = NominationFactory(period=late)

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message_dict == {
        "period": ["Đợt “Đợt muộn” chỉ nhận hồ sơ từ 01/11/2023 đến 10/12/2023."]
    }
    assert Nomination.objects.get(pk=nomination.pk).status == S.DRAFT


def test_the_given_day_decides_whether_the_period_is_open():
    late = PeriodFactory(opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 10))
    nomination = NominationFactory(period=late)

    services.nomination_submit(
        nomination=nomination, actor=nomination.created_by, today=datetime.date(2023, 11, 1)
    )

    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


def test_the_missing_documents_are_named_by_label_in_the_rule_sets_order(person, period, unit_head):
    rules = RuleSetFactory(
        required_documents=[
            DocumentKind.MINUTES,
            DocumentKind.PROPOSAL,
            DocumentKind.ACHIEVEMENT_REPORT,
            "hand_drawn_map",
        ]
    )
    nomination = NominationFactory(
        proposing_organization=person.organization,
        nominee_person=person,
        period=period,
        award_type=rules.award_type,
    )
    AttachmentFactory(nomination=nomination, kind=DocumentKind.PROPOSAL)

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message_dict == {
        "attachments": [
            "Hồ sơ còn thiếu tài liệu bắt buộc: Biên bản họp xét, Báo cáo thành tích, hand_drawn_map."
        ]
    }
    assert Nomination.objects.get(pk=nomination.pk).events.count() == 0


def test_a_submission_records_the_rules_the_time_and_the_event(staff):
    rules = RuleSetFactory()
    period = PeriodFactory(opens_on=datetime.date(2024, 1, 3), closes_on=datetime.date(2024, 1, 3))
    nomination = NominationFactory(award_type=rules.award_type, period=period)
    head = nomination.created_by

    with clock.frozen_at(MOMENT):
        services.nomination_submit(nomination=nomination, actor=head)

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.status, stored.rule_set, stored.submitted_at) == (S.SUBMITTED, rules, MOMENT)
    event = stored.events.get()
    assert (event.from_status, event.to_status, event.actor, event.comment, event.data) == (
        S.DRAFT,
        S.SUBMITTED,
        head,
        "",
        {},
    )
    assert nomination.status == S.SUBMITTED


def test_a_submission_tells_the_secretariats_staff(staff):
    nomination = NominationFactory()
    other_staff = UserFactory(roles=[Role.STAFF])

    services.nomination_submit(nomination=nomination, actor=nomination.created_by)

    notices = _notices("submitted")
    assert {n.recipient_id for n in notices} == {staff.pk, other_staff.pk}
    assert notices[0].path == f"/nominations/{nomination.pk}/"
    assert notices[0].params == {
        "ref": nomination.reference,
        "name": nomination.nominee_name,
        "award": nomination.award_type.name,
        "unit": nomination.proposing_organization.name,
    }


# --- return ----------------------------------------------------------------------------------------


def test_only_staff_return_a_dossier():
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_return(nomination=nomination, actor=nomination.created_by, reason="Thiếu")

    assert str(refused.value) == STAFF_ONLY
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    ("reason", "message"),
    [("  ", "Cần nêu lý do trả lại hồ sơ."), ("r" * 5001, "Không được dài quá 5000 ký tự.")],
)
def test_a_return_needs_a_reason_within_5000_characters(staff, reason, message):
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        services.nomination_return(nomination=nomination, actor=staff, reason=reason)

    assert refused.value.message_dict == {"reason": [message]}
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


def test_a_return_keeps_5000_characters_and_tells_the_units_heads(staff):
    nomination = NominationFactory(status=S.SUBMITTED)
    head = nomination.created_by
    second_head = unit_head_of(nomination.proposing_organization)
    reason = "r" * 5000

    services.nomination_return(nomination=nomination, actor=staff, reason=reason)

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.status, stored.return_reason) == (S.RETURNED, reason)
    event = stored.events.get()
    assert (event.actor, event.comment, event.data) == (staff, reason, {})
    notices = _notices("returned")
    assert {n.recipient_id for n in notices} == {head.pk, second_head.pk}
    assert notices[0].params["reason"] == reason
    assert notices[0].params["ref"] == nomination.reference


# --- confirm ---------------------------------------------------------------------------------------


def test_only_staff_confirm():
    nomination = NominationFactory(
        status=S.VERIFIED, award_type=RuleSetFactory(review_body=ReviewBody.NONE).award_type
    )

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_confirm(nomination=nomination, actor=nomination.created_by)

    assert str(refused.value) == STAFF_ONLY


def test_an_award_reviewed_by_a_body_is_refused_naming_it(staff):
    rules = RuleSetFactory(review_body=ReviewBody.STANDING_BOARD)
    nomination = NominationFactory(status=S.VERIFIED, award_type=rules.award_type)

    with pytest.raises(ConflictError) as refused:
        services.nomination_confirm(nomination=nomination, actor=staff)

    assert refused.value.message == (
        f"“{rules.award_type.name}” phải được {rules.get_review_body_display()} xét; "
        "không xác nhận trực tiếp được."
    )
    assert Nomination.objects.get(pk=nomination.pk).status == S.VERIFIED


def test_the_rule_set_recorded_at_appraisal_decides_over_the_one_in_force(staff):
    recorded = RuleSetFactory(review_body=ReviewBody.NONE)
    # Rules that came into force after the appraisal ask for a vote: the recorded ones still hold.
    RuleSetFactory(award_type=recorded.award_type, effective_from=datetime.date(2021, 1, 1))
    nomination = NominationFactory(status=S.VERIFIED, award_type=recorded.award_type, rule_set=recorded)

    services.nomination_confirm(nomination=nomination, actor=staff)

    assert Nomination.objects.get(pk=nomination.pk).status == S.APPROVED


def test_without_recorded_rules_those_in_force_decide(staff):
    old = RuleSetFactory(review_body=ReviewBody.NONE)
    RuleSetFactory(award_type=old.award_type, effective_from=datetime.date(2021, 1, 1))
    nomination = NominationFactory(status=S.VERIFIED, award_type=old.award_type)

    with pytest.raises(ConflictError):
        services.nomination_confirm(nomination=nomination, actor=staff)


def test_a_confirmation_is_recorded_and_told_in_official_words(staff):
    nomination = NominationFactory(
        status=S.VERIFIED, award_type=RuleSetFactory(review_body=ReviewBody.NONE).award_type
    )
    comment = "c" * 5000

    with translation.override("en"):
        services.nomination_confirm(nomination=nomination, actor=staff, comment=comment)

    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.status == S.APPROVED
    assert (stored.events.get().comment, stored.events.get().actor) == (comment, staff)
    notice = Notification.objects.get(kind="approved")
    assert notice.recipient == nomination.created_by
    assert notice.params["body"] == "Ban Thi đua - Khen thưởng"


def test_a_confirmation_comment_over_5000_characters_is_refused(staff):
    nomination = NominationFactory(
        status=S.VERIFIED, award_type=RuleSetFactory(review_body=ReviewBody.NONE).award_type
    )

    with pytest.raises(ValidationError) as refused:
        services.nomination_confirm(nomination=nomination, actor=staff, comment="c" * 5001)

    assert refused.value.message_dict == {"comment": ["Không được dài quá 5000 ký tự."]}


# --- withdraw --------------------------------------------------------------------------------------


def test_another_unit_may_not_withdraw(other_head):
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_withdraw(nomination=nomination, actor=other_head)

    assert str(refused.value) == NOT_THE_UNIT
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


def test_a_withdrawal_comment_is_kept_up_to_5000_characters():
    nomination = NominationFactory(status=S.SUBMITTED)
    too_long = NominationFactory(status=S.SUBMITTED)

    services.nomination_withdraw(nomination=nomination, actor=nomination.created_by, comment="w" * 5000)
    with pytest.raises(ValidationError) as refused:
        services.nomination_withdraw(nomination=too_long, actor=too_long.created_by, comment="w" * 5001)

    assert refused.value.message_dict == {"comment": ["Không được dài quá 5000 ký tự."]}
    event = Nomination.objects.get(pk=nomination.pk).events.get()
    assert (event.to_status, event.comment, event.actor) == (S.WITHDRAWN, "w" * 5000, nomination.created_by)
    assert Nomination.objects.get(pk=too_long.pk).status == S.SUBMITTED


def test_a_dossier_before_an_open_session_cannot_be_withdrawn():
    nomination = NominationFactory(status=S.VERIFIED)
    session = CouncilSessionFactory(period=nomination.period, status=SessionStatus.OPEN)
    AgendaItem.objects.create(session=session, nomination=nomination)

    with pytest.raises(ConflictError) as refused:
        services.nomination_withdraw(nomination=nomination, actor=nomination.created_by)

    assert (
        refused.value.message == "Hồ sơ đang được Hội đồng xét trong phiên họp đang diễn ra, không thể rút."
    )
    assert Nomination.objects.get(pk=nomination.pk).status == S.VERIFIED


@pytest.mark.parametrize("status", [SessionStatus.PLANNED, SessionStatus.CLOSED])
def test_a_dossier_on_a_planned_or_closed_session_may_be_withdrawn(status):
    nomination = NominationFactory(status=S.VERIFIED)
    session = CouncilSessionFactory(period=nomination.period, status=status)
    AgendaItem.objects.create(session=session, nomination=nomination)

    services.nomination_withdraw(nomination=nomination, actor=nomination.created_by)

    assert Nomination.objects.get(pk=nomination.pk).status == S.WITHDRAWN


def test_a_draft_referenced_elsewhere_is_not_deleted():
    nomination = NominationFactory()
    AgendaItem.objects.create(session=CouncilSessionFactory(period=nomination.period), nomination=nomination)

    with pytest.raises(ConflictError) as refused:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message == "Hồ sơ đang được sử dụng ở nơi khác, không thể xóa; hãy rút hồ sơ."
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_no_comment_leaves_the_confirmation_and_withdrawal_events_empty(staff):
    confirmed = NominationFactory(
        status=S.VERIFIED, award_type=RuleSetFactory(review_body=ReviewBody.NONE).award_type
    )
    withdrawn = NominationFactory(status=S.SUBMITTED)

    services.nomination_confirm(nomination=confirmed, actor=staff)
    services.nomination_withdraw(nomination=withdrawn, actor=withdrawn.created_by)

    assert confirmed.events.get().comment == ""
    assert withdrawn.events.get().comment == ""


def test_a_confirmation_without_rules_in_force_says_so(staff):
    # Rules that start after the period's judging day (11/01/2024) do not apply to it.
    rules = RuleSetFactory(review_body=ReviewBody.NONE, effective_from=datetime.date(2025, 1, 1))
    nomination = NominationFactory(status=S.VERIFIED, award_type=rules.award_type)

    with pytest.raises(ValidationError) as refused:
        services.nomination_confirm(nomination=nomination, actor=staff)

    assert refused.value.messages == [
        f"Chưa có bộ quy tắc của “{rules.award_type.name}” có hiệu lực ngày 11/01/2024."
    ]
    assert Nomination.objects.get(pk=nomination.pk).status == S.VERIFIED
