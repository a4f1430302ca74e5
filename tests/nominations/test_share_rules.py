"""`services.share_rules`: many dossiers judged by their rules from a few queries, each
reading the rule set `rule_set_of` would have read one by one."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import AwardType, Period
from nominations.models import Nomination
from nominations.services import TALLY_RULE_FIELDS, rule_set_of, share_rules
from tests.nominations.council_helpers import fixed_period, flag_rules, merit_rules, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers():
    """Two award types over two periods; two dossiers carry the rule set recorded at appraisal."""
    merit, flag = merit_rules(), flag_rules()
    old, new = fixed_period(), fixed_period(year=2022, rules_date=datetime.date(2023, 1, 10))
    recorded = merit_rules(award_type=merit.award_type, effective_from=datetime.date(2010, 1, 1))
    made = [
        verified(merit, old),
        verified(merit, new),
        verified(merit, old),
        verified(flag, new, collective=True),
    ]
    Nomination.objects.filter(pk__in=[made[0].pk, made[1].pk]).update(rule_set=recorded)
    return [Nomination.objects.get(pk=n.pk) for n in made], recorded


def _one_by_one(pks):
    return [rule_set_of(Nomination.objects.get(pk=pk)).pk for pk in pks]


def test_every_dossier_reads_the_rule_set_it_would_read_alone(dossiers):
    nominations, recorded = dossiers
    expected = _one_by_one([n.pk for n in nominations])

    share_rules(nominations)

    assert [rule_set_of(n).pk for n in nominations] == expected
    assert expected[:2] == [recorded.pk, recorded.pk] and expected[2] != recorded.pk


def test_one_object_per_id_and_nothing_read_after(dossiers, django_assert_num_queries):
    nominations, _recorded = dossiers

    with django_assert_num_queries(4):  # recorded rule sets, award types, their rule sets, periods
        share_rules(nominations)
    with django_assert_num_queries(0):
        for nomination in nominations:
            rule_set_of(nomination)

    assert nominations[0].rule_set is nominations[1].rule_set
    assert nominations[0].award_type is nominations[1].award_type is nominations[2].award_type
    assert nominations[0].period is nominations[2].period


def test_only_the_rows_needed_are_read(dossiers):
    nominations, _recorded = dossiers
    merit_rules(award_type=AwardType.objects.create(code="unused", name="Không dùng"))
    fixed_period(year=2019)

    with CaptureQueriesContext(connection) as queries:
        share_rules(nominations)

    assert all(" WHERE " in query["sql"] for query in queries.captured_queries)


def test_what_the_caller_holds_is_used_not_read_again(dossiers, django_assert_num_queries):
    nominations, _recorded = dossiers
    types = list(AwardType.objects.filter(pk__in={n.award_type_id for n in nominations}))
    periods = list(Period.objects.filter(pk__in={n.period_id for n in nominations}))

    with django_assert_num_queries(2):  # the recorded rule sets and the types' rule sets
        share_rules(nominations, known=(*types, *periods))

    assert {id(n.award_type) for n in nominations} <= {id(t) for t in types}
    assert {id(n.period) for n in nominations} <= {id(p) for p in periods}


def test_a_joined_period_is_kept_and_the_tally_reads_few_columns(dossiers, django_assert_num_queries):
    nominations, _recorded = dossiers
    joined = list(Nomination.objects.select_related("period").filter(pk__in=[n.pk for n in nominations]))
    expected = _one_by_one([n.pk for n in joined])
    periods = [n.period for n in joined]

    with django_assert_num_queries(3):  # no period read: each came with its dossier
        share_rules(joined, rule_fields=TALLY_RULE_FIELDS)

    assert all(n.period is period for n, period in zip(joined, periods, strict=True))
    assert [rule_set_of(n).pk for n in joined] == expected
    for nomination in joined:  # the rule sets recorded at appraisal and those in force alike
        deferred = rule_set_of(nomination).get_deferred_fields()
        assert "criteria" in deferred and not deferred & set(TALLY_RULE_FIELDS)
    assert "name" in joined[0].award_type.get_deferred_fields()


def test_the_tally_reads_each_period_once_with_what_finds_its_rules(dossiers, django_assert_num_queries):
    nominations, _recorded = dossiers
    # One period judged on its closing day (no rules date), the other on its rules date.
    Period.objects.filter(pk=nominations[2].period_id).update(rules_date=None)
    nominations = [Nomination.objects.get(pk=n.pk) for n in nominations]
    expected = _one_by_one([n.pk for n in nominations])

    with django_assert_num_queries(4):  # recorded rule sets, award types, their rule sets, periods
        share_rules(nominations, rule_fields=TALLY_RULE_FIELDS)
    with django_assert_num_queries(0):  # neither date read afterwards
        found = [rule_set_of(n).pk for n in nominations]

    assert found == expected
    assert nominations[0].period is nominations[2].period
    assert {"opens_on", "year"} <= nominations[2].period.get_deferred_fields()


def test_what_the_caller_holds_stands_only_for_its_own_kind(db):
    # A period and an award type that happen to share an id: each is taken for itself only.
    period = fixed_period(pk=90_001)
    rules = merit_rules(award_type=AwardType.objects.create(pk=90_001, code="same_id", name="Cùng số"))
    nomination = Nomination.objects.get(pk=verified(rules, period).pk)

    share_rules([nomination], known=(period,))

    assert nomination.award_type == rules.award_type and nomination.period is period
    assert rule_set_of(nomination) == rules
