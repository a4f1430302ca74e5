"""Fifty chairmen's clicks on "issue" at once: one decision, issued once (docs/architecture.md, "Reliability").

Real threads through the API, on SQLite and PostgreSQL alike: the decision row
lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) lets the first issue
it; the others then find it issued and get 409. Nothing is a server error and
nothing is written twice.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from awards.models import AwardRecord, BaseSalary
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import NominationEvent
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, merit_rules, staff, verified

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
def test_decision_issue_fifty_at_once_one_succeeds():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period = fixed_period()
    rules = merit_rules()
    nominations = [verified(rules, period, status=NominationStatus.APPROVED) for _ in range(5)]
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
    signer = chairman()
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[int | str] = []
    lock = threading.Lock()

    def issue() -> None:
        client = APIClient()
        client.force_authenticate(user=signer)
        try:
            barrier.wait()
            result: int | str = client.post(f"/api/v1/decisions/{decision.pk}/issue/").status_code
        except Exception as exc:  # noqa: BLE001 - an unhandled exception is what a 500 would be
            result = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=issue) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(outcomes) == Counter({200: 1, 409: ATTEMPTS - 1})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert decision.total_reward == 5 * 2_700_000
    assert AwardRecord.objects.count() == 5
    assert NominationEvent.objects.filter(to_status=NominationStatus.AWARDED).count() == 5
