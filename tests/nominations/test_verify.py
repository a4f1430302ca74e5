"""Verification: eligibility, override, initiatives counted once, one achievement one award."""

from __future__ import annotations

import datetime

import pytest

from awards.errors import ConflictError
from awards.models import Initiative
from nominations import services
from nominations.enums import NominationStatus as S
from tests.factories.awards import PersonFactory
from tests.factories.nominations import NominationFactory, RuleSetFactory

pytestmark = pytest.mark.django_db

STREAK = {"check": "rating_streak", "level": "excellent", "years": 2}
ONE_INITIATIVE = {"check": "initiatives", "count": 1}


def _submitted(criteria, **kwargs):
    award_type = RuleSetFactory(criteria=criteria).award_type
    return NominationFactory(status=S.SUBMITTED, award_type=award_type, **kwargs)


def test_verify_refuses_an_ineligible_nominee_without_override(staff):
    nomination = _submitted(STREAK)

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=nomination, actor=staff)

    assert "chưa đủ điều kiện" in refused.value.message
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    assert nomination.eligibility is None
    assert nomination.events.count() == 0


def test_verify_with_override_records_the_reason_and_the_result(staff):
    nomination = _submitted(STREAK)

    services.nomination_verify(
        nomination=nomination, actor=staff, override_reason="Thành tích đột xuất được Chủ tịch chỉ đạo"
    )

    nomination.refresh_from_db()
    event = nomination.events.get()
    assert nomination.status == S.VERIFIED
    assert nomination.override_reason == "Thành tích đột xuất được Chủ tịch chỉ đạo"
    assert nomination.eligibility["eligible"] is False
    assert event.data["override_reason"] == nomination.override_reason
    assert event.data["eligibility"]["checks"][0]["code"] == "rating_streak"


def test_verify_stores_the_result_with_the_event(staff):
    nomination = _submitted({})

    services.nomination_verify(nomination=nomination, actor=staff, note="Đủ hồ sơ")

    nomination.refresh_from_db()
    event = nomination.events.get()
    assert nomination.eligibility["eligible"] is True
    assert event.data["eligibility"] == nomination.eligibility
    assert event.comment == "Đủ hồ sơ"
    assert nomination.override_reason == ""


def test_verify_binds_the_initiatives_it_counted(staff):
    nomination = _submitted(ONE_INITIATIVE)
    initiative = Initiative.objects.create(
        person=nomination.nominee_person, title="Số hóa văn bản", recognized_on=datetime.date(2023, 6, 1)
    )

    services.nomination_verify(nomination=nomination, actor=staff)

    initiative.refresh_from_db()
    assert initiative.used_by_nomination_id == nomination.pk
    assert initiative.used_by_reference == nomination.reference
    assert nomination.events.get().data["initiative_ids"] == [initiative.pk]


def test_a_bound_initiative_does_not_support_another_award(staff):
    person = PersonFactory()
    first = _submitted(ONE_INITIATIVE, nominee_person=person, proposing_organization=person.organization)
    Initiative.objects.create(person=person, title="Sáng kiến A", recognized_on=datetime.date(2023, 6, 1))
    services.nomination_verify(nomination=first, actor=staff)
    # Another period's nomination of the same person, needing one initiative.
    second = _submitted(ONE_INITIATIVE, nominee_person=person, proposing_organization=person.organization)

    with pytest.raises(ConflictError):
        services.nomination_verify(nomination=second, actor=staff)

    second.refresh_from_db()
    assert second.status == S.SUBMITTED


def test_verify_refuses_a_second_nomination_for_the_same_achievement_even_with_override(staff):
    person = PersonFactory()
    first = _submitted({}, nominee_person=person, proposing_organization=person.organization)
    services.nomination_verify(nomination=first, actor=staff)
    other_type = RuleSetFactory().award_type
    second = NominationFactory(
        status=S.SUBMITTED,
        award_type=other_type,
        period=first.period,
        nominee_person=person,
        proposing_organization=person.organization,
    )

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=second, actor=staff, override_reason="Vẫn muốn")

    assert first.reference in refused.value.message
    second.refresh_from_db()
    assert second.status == S.SUBMITTED
    assert second.events.count() == 0


def test_a_withdrawn_nomination_no_longer_holds_the_achievement(staff):
    person = PersonFactory()
    first = _submitted({}, nominee_person=person, proposing_organization=person.organization)
    services.nomination_verify(nomination=first, actor=staff)
    services.nomination_withdraw(nomination=first, actor=first.created_by)
    second = NominationFactory(
        status=S.SUBMITTED,
        award_type=first.award_type,
        period=first.period,
        nominee_person=person,
        proposing_organization=person.organization,
    )

    services.nomination_verify(nomination=second, actor=staff)

    assert second.status == S.VERIFIED


def test_the_engines_duplicate_check_sees_open_nominations(staff):
    person = PersonFactory()
    first = _submitted({}, nominee_person=person, proposing_organization=person.organization)
    services.nomination_verify(nomination=first, actor=staff)
    second = _submitted(
        {"check": "no_duplicate"}, nominee_person=person, proposing_organization=person.organization
    )
    second.period = first.period
    second.save()
    from nominations.selectors import nomination_eligibility

    result = nomination_eligibility(nomination=second)

    assert result.eligible is False
    assert first.reference in result.checks[0].detail
