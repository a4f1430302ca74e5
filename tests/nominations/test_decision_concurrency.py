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
from nominations.models import Decision, NominationEvent
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


DRAFTERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_drafts_with_the_same_nominations_make_exactly_one():
    """The database's one-live-decision-per-nomination constraint decides, not a
    check that two transactions could both pass; the losers get a 400 naming the winner."""
    period = fixed_period()
    rules = merit_rules()
    nominations = [verified(rules, period, status=NominationStatus.APPROVED) for _ in range(5)]
    drafter = staff()
    barrier = threading.Barrier(DRAFTERS)
    outcomes: list[tuple[int | str, object]] = []
    lock = threading.Lock()

    def draft(i: int) -> None:
        client = APIClient()
        client.force_authenticate(user=drafter)
        body = {
            "number": f"{i + 1}/QĐ-UBND",
            "signed_on": "2024-01-11",
            "signer_name": "Vũ Việt Văn",
            "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
            "award_type": rules.award_type.code,
            "period": period.pk,
            "nominations": [n.pk for n in nominations],
        }
        try:
            barrier.wait()
            response = client.post("/api/v1/decisions/", body, format="json")
            result: tuple[int | str, object] = (response.status_code, response.json())
        except Exception as exc:  # noqa: BLE001 - an unhandled exception is what a 500 would be
            result = (f"{type(exc).__name__}: {exc}", None)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=draft, args=(i,)) for i in range(DRAFTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(code for code, _ in outcomes) == Counter({201: 1, 400: DRAFTERS - 1})
    assert Decision.objects.count() == 1
    winner = Decision.objects.get()
    assert winner.items.count() == 5
    for code, body in outcomes:
        if code == 400:
            text = str(body)
            assert f"dự thảo quyết định số {winner.number}" in text and f"mã {winner.pk}" in text
