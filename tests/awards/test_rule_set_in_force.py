"""One rule for "the rule set in force on a date", whether read from the database or from prefetched rows."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Prefetch

from awards.models import AwardType, RuleSet
from awards.models.catalogue import rule_set_in_force
from tests.factories.nominations import AwardTypeFactory, RuleSetFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def award_type():
    award_type = AwardTypeFactory()
    RuleSetFactory(award_type=award_type, effective_from=D(2024, 1, 1), legal_basis="98")
    RuleSetFactory(award_type=award_type, effective_from=D(2025, 7, 1), legal_basis="152")
    return award_type


@pytest.mark.parametrize(
    ("on", "basis"),
    [
        (D(2023, 12, 31), None),
        (D(2024, 1, 1), "98"),
        (D(2025, 6, 30), "98"),
        (D(2025, 7, 1), "152"),
        (D(2030, 1, 1), "152"),
    ],
)
def test_database_and_prefetched_rows_agree(award_type, on, basis, django_assert_num_queries):
    prefetched = AwardType.objects.prefetch_related(
        Prefetch("rule_sets", queryset=RuleSet.objects.all())
    ).get(pk=award_type.pk)
    fresh = AwardType.objects.get(pk=award_type.pk)

    with django_assert_num_queries(0):
        from_rows = prefetched.rule_set_on(on)
    from_database = fresh.rule_set_on(on)

    assert getattr(from_rows, "legal_basis", None) == getattr(from_database, "legal_basis", None) == basis


def test_the_pure_rule_ignores_order():
    early = RuleSet(effective_from=D(2024, 1, 1))
    late = RuleSet(effective_from=D(2025, 7, 1))

    assert rule_set_in_force([late, early], D(2025, 1, 1)) is early
    assert rule_set_in_force([early, late], D(2026, 1, 1)) is late
    assert rule_set_in_force([], D(2026, 1, 1)) is None


def test_leaders_per_bloc_reads_each_award_types_rule_set_in_force(award_type):
    RuleSet.objects.filter(award_type=award_type, legal_basis="98").update(options={"leaders_per_bloc": 3})
    RuleSet.objects.filter(award_type=award_type, legal_basis="152").update(options={"leaders_per_bloc": 2})
    RuleSet.objects.exclude(award_type=award_type).update(options={})

    assert RuleSet.leaders_per_bloc_on(D(2025, 1, 1)) == 3
    assert RuleSet.leaders_per_bloc_on(D(2025, 8, 1)) == 2
    assert RuleSet.leaders_per_bloc_on(D(2023, 1, 1)) == 1
