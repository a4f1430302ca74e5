"""Two staff members acting on one nomination at the same moment: one move, one event.

Real threads and real transactions: on PostgreSQL the row lock queues them, on
SQLite the IMMEDIATE transactions do; either way the second sees the first's
status and is refused (409).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from awards.enums import Role
from awards.errors import TransitionError
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination, NominationEvent
from tests.factories.awards import UserFactory
from tests.factories.nominations import NominationFactory


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            call()
            result: object = "ok"
        except Exception as exc:  # noqa: BLE001 - recorded and asserted below
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_return_and_verify_at_once_make_one_move(round_):
    nomination = NominationFactory(status=S.SUBMITTED)
    clerk_a = UserFactory(roles=[Role.STAFF])
    clerk_b = UserFactory(roles=[Role.STAFF])

    outcomes = _race(
        [
            lambda: services.nomination_return(
                nomination=Nomination.objects.get(pk=nomination.pk), actor=clerk_a, reason="Thiếu biên bản"
            ),
            lambda: services.nomination_verify(
                nomination=Nomination.objects.get(pk=nomination.pk), actor=clerk_b
            ),
        ]
    )

    nomination.refresh_from_db()
    assert sorted(type(o).__name__ for o in outcomes) == ["TransitionError", "str"]
    assert next(o for o in outcomes if o != "ok").__class__ is TransitionError
    assert nomination.status in {S.RETURNED, S.VERIFIED}
    events = list(NominationEvent.objects.filter(nomination=nomination))
    assert len(events) == 1
    assert (events[0].from_status, events[0].to_status) == (S.SUBMITTED, nomination.status)


@pytest.mark.django_db(transaction=True)
def test_two_verifications_at_once_make_one_move():
    nomination = NominationFactory(status=S.SUBMITTED)
    clerks = [UserFactory(roles=[Role.STAFF]) for _ in range(2)]

    outcomes = _race(
        [
            lambda c=clerk: services.nomination_verify(
                nomination=Nomination.objects.get(pk=nomination.pk), actor=c
            )
            for clerk in clerks
        ]
    )

    assert outcomes.count("ok") == 1
    assert NominationEvent.objects.filter(nomination=nomination).count() == 1
