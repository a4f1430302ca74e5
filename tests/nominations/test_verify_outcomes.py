"""What verification records and binds when it succeeds, and who may verify.

Written from the mutants mutmut made of `nomination_verify`, `_lock_subject` and
`_bind_initiatives` (the refusals' sentences are in test_verify_refusals.py).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from awards import eligibility
from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination, Notification
from tests.factories.awards import InitiativeFactory
from tests.factories.nominations import (
    CollectiveNominationFactory,
    NominationFactory,
    RuleSetFactory,
    unit_head_of,
)

pytestmark = pytest.mark.django_db

STREAK = {"check": "rating_streak", "level": "excellent", "years": 2}


def _submitted(criteria=None, factory=NominationFactory, **kwargs):
    rules = RuleSetFactory(criteria=criteria or {})
    return factory(status=S.SUBMITTED, award_type=rules.award_type, **kwargs)


def test_only_staff_verify():
    nomination = _submitted()

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_verify(nomination=nomination, actor=nomination.created_by)

    assert str(refused.value) == "Thao tác này chỉ dành cho: Cán bộ Ban Thi đua - Khen thưởng."
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


def test_an_eligible_nominee_keeps_no_override_even_when_one_is_given(staff):
    nomination = _submitted()

    services.nomination_verify(nomination=nomination, actor=staff, note="Đủ", override_reason="Không cần")

    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.override_reason == ""
    event = stored.events.get()
    assert event.data == {"eligibility": stored.eligibility, "initiative_ids": []}
    assert (event.from_status, event.to_status, event.actor, event.comment) == (
        S.SUBMITTED,
        S.VERIFIED,
        staff,
        "Đủ",
    )


def test_an_overridden_result_is_stored_whole_with_the_reason(staff):
    nomination = _submitted(STREAK)
    expected = eligibility.describe(
        eligibility.evaluate(
            award_type=nomination.award_type,
            subject=nomination.nominee_person,
            period=nomination.period,
            exclude_nomination_id=nomination.pk,
        )
    )

    services.nomination_verify(nomination=nomination, actor=staff, override_reason="Chủ tịch chỉ đạo")

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.status, stored.override_reason, stored.eligibility) == (
        S.VERIFIED,
        "Chủ tịch chỉ đạo",
        expected,
    )
    assert stored.events.get().data == {
        "eligibility": expected,
        "initiative_ids": [],
        "override_reason": "Chủ tịch chỉ đạo",
    }


def test_a_units_dossier_is_verified_too(staff):
    nomination = _submitted(factory=CollectiveNominationFactory)

    services.nomination_verify(nomination=nomination, actor=staff)

    assert Nomination.objects.get(pk=nomination.pk).status == S.VERIFIED


def test_the_counted_initiatives_are_bound_once_each_in_order(staff):
    nomination = _submitted(
        {"all_of": [{"check": "initiatives", "count": 2}, {"check": "initiatives", "count": 1}]}
    )
    person = nomination.nominee_person
    # Created first, recognized last: the engine lists it second.
    later = InitiativeFactory(person=person, recognized_on=datetime.date(2023, 9, 1))
    earlier = InitiativeFactory(person=person, recognized_on=datetime.date(2023, 3, 1))

    services.nomination_verify(nomination=nomination, actor=staff)

    assert nomination.events.get().data["initiative_ids"] == sorted([later.pk, earlier.pk])
    for initiative in (later, earlier):
        initiative.refresh_from_db()
        assert (initiative.used_by_nomination_id, initiative.used_by_reference) == (
            nomination.pk,
            nomination.reference,
        )


def test_verification_tells_the_units_heads_with_the_note(staff):
    nomination = _submitted()
    second_head = unit_head_of(nomination.proposing_organization)

    services.nomination_verify(nomination=nomination, actor=staff, note="Hồ sơ đầy đủ")

    notices = Notification.objects.filter(kind="verified")
    assert {n.recipient_id for n in notices} == {nomination.created_by_id, second_head.pk}
    assert {n.params["note"] for n in notices} == {"Hồ sơ đầy đủ"}


def test_an_initiative_another_dossier_took_is_refused_naming_it(staff):
    # The engine never counts a taken initiative; this is the race it loses meanwhile.
    nomination = _submitted()
    taker = _submitted()
    by_reference = InitiativeFactory(used_by_nomination_id=taker.pk, used_by_reference="HS-2023-000777")
    by_id = InitiativeFactory(used_by_nomination_id=taker.pk, used_by_reference="")
    free = InitiativeFactory()
    ours = InitiativeFactory(used_by_nomination_id=nomination.pk, used_by_reference=nomination.reference)
    locked = Nomination.objects.get(pk=nomination.pk)

    with pytest.raises(ConflictError) as refused:
        services._bind_initiatives(locked, [ours.pk, free.pk, by_reference.pk, by_id.pk])

    refs = ", ".join(sorted(["HS-2023-000777", str(taker.pk)]))
    assert (
        refused.value.message
        == f"Sáng kiến đã được dùng cho hồ sơ {refs}: mỗi sáng kiến chỉ được tính một lần."
    )


def test_free_initiatives_and_our_own_are_bound_without_complaint(staff):
    nomination = _submitted()
    free = InitiativeFactory()
    ours = InitiativeFactory(used_by_nomination_id=nomination.pk, used_by_reference="cũ")

    services._bind_initiatives(Nomination.objects.get(pk=nomination.pk), [free.pk, ours.pk])

    for initiative in (free, ours):
        initiative.refresh_from_db()
        assert (initiative.used_by_nomination_id, initiative.used_by_reference) == (
            nomination.pk,
            nomination.reference,
        )


def test_only_the_counted_initiatives_are_bound(staff):
    nomination = _submitted({"check": "initiatives", "count": 1})
    counted = InitiativeFactory(person=nomination.nominee_person, recognized_on=datetime.date(2023, 2, 1))
    spare = InitiativeFactory(person=nomination.nominee_person, recognized_on=datetime.date(2023, 8, 1))
    someone_elses = InitiativeFactory()

    services.nomination_verify(nomination=nomination, actor=staff)

    assert nomination.events.get().data["initiative_ids"] == [counted.pk]
    for initiative in (spare, someone_elses):
        initiative.refresh_from_db()
        assert (initiative.used_by_nomination_id, initiative.used_by_reference) == (None, "")
