"""The one transition path, for one row and for many: the events written, the statuses
saved, and the initiatives freed when no award will follow (withdrawn, not approved).

Written from the mutants mutmut made of `_move`, `nomination_transition`,
`nominations_transition` and `_sync`.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from awards import clock
from awards.errors import TransitionError
from awards.models import Initiative
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination, NominationEvent
from tests.factories.awards import InitiativeFactory
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2024, 1, 11, 8, 0, tzinfo=datetime.UTC)


def _bound_initiative(nomination):
    return InitiativeFactory(
        person=nomination.nominee_person,
        used_by_nomination_id=nomination.pk,
        used_by_reference=nomination.reference,
    )


def _binding(initiative):
    initiative.refresh_from_db()
    return initiative.used_by_nomination_id, initiative.used_by_reference


# --- one row ---------------------------------------------------------------------------------------


def test_a_council_rejection_frees_the_initiatives_of_that_dossier_only(staff):
    rejected = NominationFactory(status=S.VERIFIED)
    kept = NominationFactory(status=S.VERIFIED)
    freed, still_bound = _bound_initiative(rejected), _bound_initiative(kept)

    services.nomination_transition(nomination=rejected, to=S.NOT_APPROVED, actor=staff)

    assert _binding(freed) == (None, "")
    assert _binding(still_bound) == (kept.pk, kept.reference)


def test_an_approval_keeps_the_initiatives_bound(staff):
    nomination = NominationFactory(status=S.VERIFIED)
    initiative = _bound_initiative(nomination)

    services.nomination_transition(nomination=nomination, to=S.APPROVED, actor=staff)

    assert _binding(initiative) == (nomination.pk, nomination.reference)


def test_one_move_writes_its_event_and_the_callers_copy_follows(staff):
    nomination = NominationFactory(status=S.VERIFIED)
    stale = Nomination.objects.get(pk=nomination.pk)

    with clock.frozen_at(MOMENT):
        moved = services.nomination_transition(
            nomination=stale, to=S.APPROVED, actor=staff, comment="Thường trực đồng ý"
        )

    event = NominationEvent.objects.get(nomination=nomination)
    assert (event.from_status, event.to_status, event.actor, event.comment, event.data, event.at) == (
        S.VERIFIED,
        S.APPROVED,
        staff,
        "Thường trực đồng ý",
        {},
        MOMENT,
    )
    assert moved.status == stale.status == S.APPROVED
    assert Nomination.objects.get(pk=nomination.pk).status == S.APPROVED


def test_a_refused_move_writes_nothing(staff):
    nomination = NominationFactory(status=S.DRAFT)
    initiative = _bound_initiative(nomination)

    with pytest.raises(TransitionError) as refused:
        services.nomination_transition(nomination=nomination, to=S.NOT_APPROVED, actor=staff)

    assert (
        refused.value.message == "Không thể chuyển hồ sơ từ trạng thái “Dự thảo” sang “Không được đề nghị”."
    )
    assert Nomination.objects.get(pk=nomination.pk).status == S.DRAFT
    assert NominationEvent.objects.count() == 0
    assert _binding(initiative) == (nomination.pk, nomination.reference)


# --- many rows -------------------------------------------------------------------------------------


def test_many_moves_write_one_event_each_with_its_own_data(staff):
    first, second = NominationFactory(status=S.VERIFIED), NominationFactory(status=S.VERIFIED)

    with clock.frozen_at(MOMENT):
        moved = services.nominations_transition(
            nominations=[first, second],
            to=S.APPROVED,
            actor=staff,
            comment="Phiên họp số 1",
            data_for=lambda n: {"ref": n.reference},
        )

    assert moved == [first, second]
    events = {e.nomination_id: e for e in NominationEvent.objects.all()}
    assert set(events) == {first.pk, second.pk}
    for nomination in (first, second):
        event = events[nomination.pk]
        assert (event.from_status, event.to_status, event.actor, event.comment, event.at) == (
            S.VERIFIED,
            S.APPROVED,
            staff,
            "Phiên họp số 1",
            MOMENT,
        )
        assert event.data == {"ref": nomination.reference}
        stored = Nomination.objects.get(pk=nomination.pk)
        assert (stored.status, stored.updated_at) == (S.APPROVED, MOMENT)
        assert (nomination.status, nomination.updated_at) == (S.APPROVED, MOMENT)


def test_many_moves_record_each_rows_own_former_status(staff):
    verified = NominationFactory(status=S.VERIFIED)
    submitted = NominationFactory(status=S.SUBMITTED)

    services.nominations_transition(nominations=[verified, submitted], to=S.WITHDRAWN, actor=staff)

    assert {(e.nomination_id, e.from_status) for e in NominationEvent.objects.all()} == {
        (verified.pk, S.VERIFIED),
        (submitted.pk, S.SUBMITTED),
    }


@pytest.mark.parametrize("data_for", [None, lambda n: None])
def test_without_data_each_event_has_an_empty_dict(staff, data_for):
    nomination = NominationFactory(status=S.VERIFIED)

    services.nominations_transition(nominations=[nomination], to=S.APPROVED, actor=staff, data_for=data_for)

    assert NominationEvent.objects.get().data == {}


def test_one_row_that_cannot_move_stops_them_all(staff):
    movable = NominationFactory(status=S.VERIFIED)
    draft = NominationFactory(status=S.DRAFT)

    # The caller's act is one transaction (no savepoint of its own inside it: it rolls back whole).
    with pytest.raises(TransitionError), transaction.atomic():
        services.nominations_transition(nominations=[movable, draft], to=S.NOT_APPROVED, actor=staff)

    assert Nomination.objects.get(pk=movable.pk).status == S.VERIFIED
    assert NominationEvent.objects.count() == 0
    assert movable.status == S.VERIFIED


def test_rejecting_many_frees_their_initiatives_and_no_one_elses(staff):
    rejected = [NominationFactory(status=S.VERIFIED), NominationFactory(status=S.VERIFIED)]
    other = NominationFactory(status=S.VERIFIED)
    freed = [_bound_initiative(n) for n in rejected]
    kept = _bound_initiative(other)

    services.nominations_transition(nominations=rejected, to=S.NOT_APPROVED, actor=staff)

    assert [_binding(i) for i in freed] == [(None, ""), (None, "")]
    assert _binding(kept) == (other.pk, other.reference)


def test_approving_many_keeps_their_initiatives(staff):
    nomination = NominationFactory(status=S.VERIFIED)
    initiative = _bound_initiative(nomination)

    services.nominations_transition(nominations=[nomination], to=S.APPROVED, actor=staff)

    assert _binding(initiative) == (nomination.pk, nomination.reference)
    assert Initiative.objects.filter(used_by_nomination_id__isnull=True).count() == 0


def test_no_comment_leaves_the_events_empty(staff):
    one, many = NominationFactory(status=S.VERIFIED), NominationFactory(status=S.VERIFIED)

    services.nomination_transition(nomination=one, to=S.APPROVED, actor=staff)
    services.nominations_transition(nominations=[many], to=S.APPROVED, actor=staff)

    assert [e.comment for e in NominationEvent.objects.order_by("pk")] == ["", ""]


def test_one_act_moving_many_carries_one_instant(staff):
    nominations = [NominationFactory(status=S.VERIFIED), NominationFactory(status=S.VERIFIED)]

    services.nominations_transition(nominations=nominations, to=S.APPROVED, actor=staff)

    instants = {e.at for e in NominationEvent.objects.all()}
    instants |= {n.updated_at for n in Nomination.objects.filter(pk__in=[n.pk for n in nominations])}
    assert len(instants) == 1


@pytest.mark.parametrize(
    ("count", "to", "queries"), [(1, S.APPROVED, 3), (3, S.APPROVED, 3), (3, S.NOT_APPROVED, 4)]
)
def test_moving_many_costs_the_same_queries_as_moving_one(
    staff, django_assert_num_queries, count, to, queries
):
    nominations = [NominationFactory(status=S.VERIFIED) for _ in range(count)]

    # Lock and read the statuses, the events, the statuses, the freed initiatives if any:
    # no savepoint of its own inside the caller's transaction.
    with django_assert_num_queries(queries):
        services.nominations_transition(nominations=nominations, to=to, actor=staff)


def test_a_refused_move_leaves_the_callers_whole_act_to_roll_back(staff):
    draft = NominationFactory(status=S.DRAFT)

    with transaction.atomic():
        with pytest.raises(TransitionError):
            services.nominations_transition(nominations=[draft], to=S.NOT_APPROVED, actor=staff)
        # No savepoint to fall back to: nothing else the act wrote may be kept.
        assert transaction.get_rollback()
