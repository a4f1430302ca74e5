"""The register of numbers (sổ vàng): one running sequence per issuing authority and
year, across decisions; given in annex order at issue; unique under concurrent issues."""

from __future__ import annotations

import datetime
import importlib
import threading
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from certificates.models import Certificate, Register
from certificates.services import certificate_render
from tests.certificates.readback import page_lines
from tests.factories.certificates import (
    certificates_of,
    chairman_user,
    issued_decision,
    merit_award_type,
)


def _numbers(decision) -> list[int]:
    return [c.register_number for c in certificates_of(decision)]


@pytest.mark.django_db
def test_numbers_run_on_across_decisions_of_one_year_in_annex_order():
    first = issued_decision(names=["Trần Văn Ba", "Lê Thị Hai"], number="45/QĐ-UBND")
    second = issued_decision(names=["Phạm Văn Một", "Đỗ Thị Tư", "Vũ Văn Năm"], number="46/QĐ-UBND")

    assert _numbers(first) == [1, 2]
    assert _numbers(second) == [3, 4, 5]
    assert [c.nomination.nominee_name for c in certificates_of(second)] == [
        "Phạm Văn Một",
        "Đỗ Thị Tư",
        "Vũ Văn Năm",
    ]
    register = Register.objects.get()
    assert (register.authority, register.year, register.last_number) == (
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        2024,
        5,
    )


@pytest.mark.django_db
def test_numbers_restart_in_the_next_year_and_per_authority():
    this_year = issued_decision(people=2, number="46/QĐ-UBND")
    next_year = issued_decision(people=2, number="3/QĐ-UBND", signed_on=datetime.date(2025, 1, 9))
    other = issued_decision(people=1, number="7/QĐ-UBND", authority="Ủy ban nhân dân tỉnh Lạng Sơn")

    assert _numbers(this_year) == [1, 2]
    assert _numbers(next_year) == [1, 2]
    assert _numbers(other) == [1]
    assert Register.objects.count() == 3


@pytest.mark.django_db
def test_certificate_prints_the_number_as_the_register_expects():
    award_type = merit_award_type()
    award_type.register_suffix = "BK"
    award_type.save()
    issued_decision(people=2, award_type=award_type, number="45/QĐ-UBND")
    second = issued_decision(people=1, award_type=award_type, number="46/QĐ-UBND")
    certificate = certificates_of(second)[0]

    lines = page_lines(certificate_render(certificate=certificate))

    assert certificate.register_label == "3/BK"
    assert any("Số: 3/BK" in line for line in lines), "\n".join(lines)
    assert not any("Số sổ vàng" in line for line in lines)


@pytest.mark.django_db
def test_a_failed_issue_gives_its_numbers_back():
    draft = issued_decision(people=2, number="45/QĐ-UBND", issue=False)
    # Another decision with the same number issued first: the second issue is a 409
    # and its transaction, numbers included, rolls back.
    issued_decision(people=1, number="45/QĐ-UBND")
    response = APIClient()
    response.force_authenticate(user=chairman_user())
    answer = response.post(f"/api/v1/decisions/{draft.pk}/issue/")

    assert answer.status_code == 409
    assert Register.objects.get().last_number == 1
    assert issued_decision(people=1, number="47/QĐ-UBND") and Register.objects.get().last_number == 2


@pytest.mark.django_db
def test_migration_renumbers_existing_certificates_in_issue_order():
    first = issued_decision(people=2, number="45/QĐ-UBND")
    second = issued_decision(people=3, number="46/QĐ-UBND")
    # The state before the migration: every decision numbered 1..N on its own.
    for decision in (first, second):
        old = Register.objects.create(authority=f"cũ {decision.pk}", year=1900)
        for number, certificate in enumerate(certificates_of(decision), start=1):
            Certificate.objects.filter(pk=certificate.pk).update(register=old, register_number=number)
    Register.objects.filter(year=2024).delete()

    migration = importlib.import_module(
        "certificates.migrations.0002_register_of_numbers_leases_profiles_emblems"
    )
    migration.renumber(apps, None)

    assert _numbers(first) == [1, 2]
    assert _numbers(second) == [3, 4, 5]
    assert Register.objects.get(year=2024).last_number == 5


DECISIONS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_of_different_decisions_never_share_a_number():
    """Real threads through the API, on SQLite and PostgreSQL alike."""
    drafts = [issued_decision(people=3, number=f"{40 + i}/QĐ-UBND", issue=False) for i in range(DECISIONS)]
    signer = chairman_user()
    barrier = threading.Barrier(DECISIONS)
    outcomes: list[int | str] = []
    lock = threading.Lock()

    def issue(decision) -> None:
        api = APIClient()
        api.force_authenticate(user=signer)
        try:
            barrier.wait()
            result: int | str = api.post(f"/api/v1/decisions/{decision.pk}/issue/").status_code
        except Exception as exc:  # noqa: BLE001 - an unhandled exception is what a 500 would be
            result = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(outcomes) == Counter({200: DECISIONS})
    numbers = sorted(Certificate.objects.values_list("register_number", flat=True))
    assert numbers == list(range(1, 3 * DECISIONS + 1))
    for decision in drafts:
        # Each decision's certificates are consecutive, in annex order.
        mine = _numbers(decision)
        assert mine == list(range(mine[0], mine[0] + 3))
    assert Register.objects.get().last_number == 3 * DECISIONS
