"""Eligibility of 1,000 nominees in a constant number of queries, whatever the history."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import evaluate_many
from awards.enums import HoldKind, RatingLevel
from awards.models import AwardRecord, AwardType, Hold, Initiative, Organization, Person, Rating

pytestmark = pytest.mark.django_db

NOMINEES = 1000


def _history(years: int, nominees: int = NOMINEES) -> tuple[list[Person], list[Organization]]:
    parent = Organization.objects.create(code="UBND-Q", name="Ủy ban nhân dân tỉnh")
    units = [Organization.objects.create(code=f"Q{i}", name=f"Sở {i}", parent=parent) for i in range(5)]
    old = Organization.objects.create(code="Q-OLD", name="Sở cũ", successor=units[0])
    people = Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn {i}", gender="male", organization=units[i % 5]) for i in range(nominees)
    )
    soldier = AwardType.objects.get(code="emulation_soldier_grassroots")
    first = 2023 - years + 1
    Rating.objects.bulk_create(
        Rating(person=p, year=y, level=RatingLevel.EXCELLENT) for p in people for y in range(first, 2024)
    )
    Rating.objects.bulk_create(
        Rating(organization=o, year=y, level=RatingLevel.EXCELLENT)
        for o in [*units, old]
        for y in range(first, 2024)
    )
    AwardRecord.objects.bulk_create(
        AwardRecord(
            award_type=soldier,
            person=p,
            year=y,
            decision_number=f"{y}/QĐ",
            decision_date=datetime.date(y + 1, 1, 5),
        )
        for p in people[::2]
        for y in range(first, 2024)
    )
    Initiative.objects.bulk_create(
        Initiative(person=p, title=f"Sáng kiến {y}", recognized_on=datetime.date(y, 5, 1))
        for p in people[::3]
        for y in range(first, 2024)
    )
    Hold.objects.bulk_create(
        Hold(
            person=p,
            kind=HoldKind.DISCIPLINE,
            starts_on=datetime.date(first, 1, 1),
            ends_on=datetime.date(first, 2, 1),
        )
        for p in people[::50]
    )
    return people, [*units, old]


@pytest.mark.parametrize("years", [1, 30])
def test_merit_for_1000_people_takes_a_constant_number_of_queries(
    merit, period_2023, django_assert_num_queries, years
):
    people, _units = _history(years)

    # rule set, ratings, register, title names, holds, initiatives, open nominations
    with django_assert_num_queries(7):
        results = evaluate_many(award_type=merit, period=period_2023, subjects=people)

    assert len(results) == NOMINEES
    # With 30 years, every second person holds two soldier titles and every third has
    # two years' excellence and initiatives: 667 of 1,000. With 1 year, no streak of 2.
    assert sum(r.eligible for r in results) == (667 if years == 30 else 0)


@pytest.mark.parametrize("years", [1, 30])
def test_flag_for_units_takes_a_constant_number_of_queries(
    flag, period_2023, django_assert_num_queries, years
):
    _people, units = _history(years, nominees=10)

    # rule set, successor links, ratings, register, holds, bloc results, open nominations
    with django_assert_num_queries(7):
        evaluate_many(award_type=flag, period=period_2023, subjects=units)


def test_the_same_number_of_queries_for_one_and_for_many(merit, period_2023):
    people, _units = _history(2)

    with CaptureQueriesContext(connection) as one:
        evaluate_many(award_type=merit, period=period_2023, subjects=people[:1])
    with CaptureQueriesContext(connection) as many:
        evaluate_many(award_type=merit, period=period_2023, subjects=people)

    assert len(one.captured_queries) == len(many.captured_queries)
