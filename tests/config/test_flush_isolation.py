"""A transactional test's flush leaves the next test a migrated database.

Every transactional test ends with a flush of every table; `tests/conftest.py`
puts back the rows the data migrations loaded (the catalogue as the later
migrations rewrote it, not only as `awards/0003` first wrote it), so no test
depends on where xdist or pytest-django placed it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from awards.models import AwardType, BaseSalary, RuleSet
from tests.factories.awards import AwardTypeFactory
from tests.factories.nominations import BaseSalaryFactory


def _migrated_rows() -> list:
    return [
        list(AwardType.objects.order_by("pk").values()),
        list(RuleSet.objects.order_by("pk").values()),
        list(BaseSalary.objects.order_by("pk").values()),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_back_the_catalogue_as_every_data_migration_left_it():
    before = _migrated_rows()
    # What the later data migrations wrote, which a reload of awards/0003 alone would miss.
    assert AwardType.objects.get(code="merit_chairman").register_suffix == "BK"
    assert RuleSet.objects.exists()
    assert all(rule_set.decision_grounds for rule_set in RuleSet.objects.all())
    assert any(rule_set.figure_sources for rule_set in RuleSet.objects.all())

    call_command("flush", interactive=False, verbosity=0)

    assert _migrated_rows() == before
    # New rows take keys the restored ones do not hold (PostgreSQL's sequences too).
    award_type = AwardTypeFactory(code="after_flush")
    salary = BaseSalaryFactory(effective_from=datetime.date(2030, 1, 1))
    assert award_type.pk not in {row["id"] for row in before[0]}
    assert salary.pk not in {row["id"] for row in before[2]}
