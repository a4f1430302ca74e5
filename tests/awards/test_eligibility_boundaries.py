"""The register facts the engine reads, at their edges: the days a hold starts and ends, the first
and last day an initiative counts, the year a discipline ends, what counts as the same achievement,
whose pledge counts, and the queries it skips when no criterion needs a fact."""

from __future__ import annotations

import datetime

import pytest

from awards import eligibility
from awards.eligibility import evaluate
from awards.enums import HoldKind, PeriodKind
from awards.models import Initiative
from tests.factories.awards import (
    AwardRecordFactory,
    AwardTypeFactory,
    BlocResultFactory,
    HoldFactory,
    InitiativeFactory,
    OrganizationFactory,
    PeriodFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def passes(award, subject, period, **kwargs) -> bool:
    return evaluate(award_type=award, subject=subject, period=period, **kwargs).eligible


# --- holds: the window is 1 January of the year to the later of the closing and judging days ---------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "blocks"),
    [
        (D(2024, 1, 10), None, True),  # starts on the judging day
        (D(2024, 1, 11), None, False),  # starts the day after
        (D(2022, 5, 1), D(2023, 1, 1), True),  # ends on 1 January of the year
        (D(2022, 5, 1), D(2022, 12, 31), False),  # ends the day before
    ],
)
def test_a_hold_blocks_when_it_touches_the_window(rules_with, period_2023, starts_on, ends_on, blocks):
    award = rules_with({"check": "no_hold"})
    person = PersonFactory()
    HoldFactory(person=person, kind=HoldKind.COMPLAINT, starts_on=starts_on, ends_on=ends_on)

    assert passes(award, person, period_2023) is not blocks


def test_the_window_runs_from_an_early_opening_to_a_late_closing(rules_with):
    award = rules_with({"check": "no_hold"})
    period = PeriodFactory(
        year=2023, opens_on=D(2022, 12, 15), closes_on=D(2024, 1, 20), rules_date=D(2024, 1, 10)
    )
    early, late, clean = PersonFactory(), PersonFactory(), PersonFactory()
    HoldFactory(person=early, kind=HoldKind.INSPECTION, starts_on=D(2022, 6, 1), ends_on=D(2022, 12, 15))
    HoldFactory(person=late, kind=HoldKind.INSPECTION, starts_on=D(2024, 1, 20))

    check = evaluate(award_type=award, subject=clean, period=period).checks[0]

    assert check.detail == (
        "Không bị kỷ luật, điều tra, thanh tra hay khiếu nại đang xác minh từ 15/12/2022 đến 20/01/2024 ✓."
    )
    assert not passes(award, early, period)
    assert not passes(award, late, period)


def test_only_the_named_kinds_of_hold_block(rules_with, period_2023):
    award = rules_with({"check": "no_hold", "kinds": ["investigation"]})
    disciplined, investigated = PersonFactory(), PersonFactory()
    HoldFactory(person=disciplined, kind=HoldKind.DISCIPLINE, starts_on=D(2023, 3, 1))
    HoldFactory(person=investigated, kind=HoldKind.INVESTIGATION, starts_on=D(2023, 3, 1))

    assert passes(award, disciplined, period_2023)
    assert not passes(award, investigated, period_2023)


def test_a_predecessors_hold_blocks_its_successor(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})
    unit = OrganizationFactory()
    old = OrganizationFactory(successor=unit)
    HoldFactory(person=None, organization=old, kind=HoldKind.INSPECTION, starts_on=D(2023, 2, 1))

    assert not passes(award, unit, period_2023)
    assert passes(award, OrganizationFactory(), period_2023)


# --- discipline: achievements count from the year after it ends ----------------------------------------


@pytest.mark.parametrize(
    ("kind", "ends_on", "eligible"),
    [
        (HoldKind.DISCIPLINE, D(2021, 12, 31), True),  # counting starts in 2022: both years count
        (HoldKind.DISCIPLINE, D(2022, 1, 1), False),  # counting starts in 2023
        (HoldKind.DISCIPLINE, None, False),  # still running
        (HoldKind.INVESTIGATION, D(2022, 1, 1), True),  # only a discipline moves the start
    ],
)
def test_counting_starts_the_year_after_a_discipline_ends(rules_with, period_2023, kind, ends_on, eligible):
    # Only the rating streak: the hold itself is outside this check.
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)
    HoldFactory(person=person, kind=kind, starts_on=D(2021, 6, 1), ends_on=ends_on)

    assert passes(award, person, period_2023) is eligible


def test_the_latest_discipline_decides_where_counting_starts(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 3})
    person = PersonFactory()
    for year in (2021, 2022, 2023):
        RatingFactory(person=person, year=year)
    HoldFactory(person=person, starts_on=D(2021, 2, 1), ends_on=D(2021, 3, 1))
    HoldFactory(person=person, starts_on=D(2019, 2, 1), ends_on=D(2019, 3, 1))

    detail = evaluate(award_type=award, subject=person, period=period_2023).checks[0].detail

    assert "Năm 2021: chưa được tính" in detail and "năm 2022: Hoàn thành xuất sắc nhiệm vụ ✓" in detail


def test_a_discipline_of_a_predecessor_moves_the_start_for_its_successor(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    unit = OrganizationFactory()
    old = OrganizationFactory(successor=unit)
    RatingFactory(person=None, organization=unit, year=2022)
    RatingFactory(person=None, organization=unit, year=2023)
    HoldFactory(person=None, organization=old, starts_on=D(2022, 1, 5), ends_on=D(2022, 3, 1))

    assert not passes(award, unit, period_2023)


# --- initiatives at the edges of their years -----------------------------------------------------------


def test_initiatives_count_from_the_first_day_of_the_first_year(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1, "years": 2})
    on_time, too_early = PersonFactory(), PersonFactory()
    InitiativeFactory(person=on_time, recognized_on=D(2022, 1, 1))
    InitiativeFactory(person=too_early, recognized_on=D(2021, 12, 31))

    assert passes(award, on_time, period_2023)
    assert not passes(award, too_early, period_2023)


def test_initiatives_count_to_the_last_day_of_the_year(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1})
    on_time, too_late = PersonFactory(), PersonFactory()
    InitiativeFactory(person=on_time, recognized_on=D(2023, 12, 31))
    InitiativeFactory(person=too_late, recognized_on=D(2024, 1, 1))

    assert passes(award, on_time, period_2023)
    assert not passes(award, too_late, period_2023)


def test_the_earliest_initiatives_are_the_ones_bound(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1})
    person = PersonFactory()
    InitiativeFactory(person=person, recognized_on=D(2023, 9, 1))
    earliest = InitiativeFactory(person=person, recognized_on=D(2023, 2, 1))

    assert evaluate(award_type=award, subject=person, period=period_2023).initiative_ids == (earliest.pk,)


def test_of_two_initiatives_recognised_the_same_day_the_first_recorded_is_bound(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1})
    person, colleague = PersonFactory(), PersonFactory()
    first = InitiativeFactory(person=colleague, recognized_on=D(2023, 5, 1))
    InitiativeFactory(person=person, recognized_on=D(2023, 5, 1))
    # The first one's author corrected after the second was recorded: PostgreSQL writes the row
    # anew, and its index entry, at the end, so without the tie-break on the id it is read second.
    Initiative.objects.filter(pk=first.pk).update(person=person)

    assert evaluate(award_type=award, subject=person, period=period_2023).initiative_ids == (first.pk,)


# --- ratings and titles: the whole streak is read, the oldest year included -----------------------------


def test_the_oldest_year_of_a_streak_is_read(rules_with, period_2023):
    ratings = rules_with({"check": "rating_streak", "level": "good", "years": 3})
    titles = rules_with({"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 3})
    soldier = AwardTypeFactory(code="emulation_soldier_grassroots")
    person = PersonFactory()
    for year in (2021, 2022, 2023):
        RatingFactory(person=person, year=year)
        AwardRecordFactory(award_type=soldier, person=person, year=year)

    assert passes(ratings, person, period_2023)
    assert passes(titles, person, period_2023)


def test_a_title_given_in_an_annual_period_counts(rules_with, period_2023):
    award = rules_with({"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 1})
    soldier = AwardTypeFactory(code="emulation_soldier_grassroots")
    person = PersonFactory()
    annual = PeriodFactory(year=2023, kind=PeriodKind.ANNUAL)
    AwardRecordFactory(award_type=soldier, person=person, year=2023, period=annual)

    assert passes(award, person, period_2023)


# --- the same achievement ------------------------------------------------------------------------------------


def test_the_same_award_in_an_earlier_year_is_not_a_duplicate(rules_with, period_2023, no_provider):
    # The title streak makes the engine read three years of the register.
    award = rules_with(
        {
            "all_of": [
                {"check": "no_duplicate"},
                {"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 3},
            ]
        }
    )
    person = PersonFactory()
    AwardRecordFactory(award_type=award, person=person, year=2022)

    check = evaluate(award_type=award, subject=person, period=period_2023).checks[0]

    assert check.code == "no_duplicate" and check.passed


def test_the_same_award_given_in_this_period_is_a_duplicate_whatever_its_year(
    rules_with, period_2023, no_provider
):
    award = rules_with({"check": "no_duplicate"})
    person = PersonFactory()
    AwardRecordFactory(award_type=award, person=person, year=2024, period=period_2023, decision_number="7/QĐ")

    check = evaluate(award_type=award, subject=person, period=period_2023).checks[0]

    assert not check.passed and f"{award.name} năm 2024 (Quyết định số 7/QĐ)" in check.detail


@pytest.mark.parametrize(
    ("judged_category", "other_category", "same_period", "duplicate"),
    [
        ("commendation", "commendation", True, True),
        ("commendation", "commendation", False, False),  # another period of the same year
        ("commendation", "title", True, False),  # a title is not a second form of commendation
        ("title", "commendation", True, False),
    ],
)
def test_one_achievement_one_commendation(
    rules_with, period_2023, no_provider, judged_category, other_category, same_period, duplicate
):
    award = rules_with({"check": "no_duplicate"}, category=judged_category)
    other = AwardTypeFactory(category=other_category)
    person = PersonFactory()
    thematic = PeriodFactory(year=2023, kind=PeriodKind.THEMATIC)
    AwardRecordFactory(
        award_type=other, person=person, year=2023, period=period_2023 if same_period else thematic
    )

    assert passes(award, person, period_2023) is not duplicate


def test_a_predecessors_award_for_the_period_is_a_duplicate_for_its_successor(
    rules_with, period_2023, no_provider
):
    award = rules_with({"check": "no_duplicate"})
    unit = OrganizationFactory()
    old = OrganizationFactory(successor=unit)
    AwardRecordFactory(award_type=award, person=None, organization=old, year=2023)

    assert not passes(award, unit, period_2023)


def test_a_units_own_award_for_the_period_counts_whatever_its_predecessors_hold(
    rules_with, period_2023, no_provider
):
    award = rules_with({"check": "no_duplicate"})
    unit = OrganizationFactory()
    OrganizationFactory(successor=unit)
    AwardRecordFactory(award_type=award, person=None, organization=unit, year=2023)

    assert not passes(award, unit, period_2023)


def test_open_dossiers_of_a_unit_are_asked_for_by_its_key(rules_with, period_2023):
    award = rules_with({"check": "no_duplicate"})
    unit = OrganizationFactory()
    asked = []

    def provider(*, period, subject_keys, exclude_nomination_ids):
        asked.append((subject_keys, exclude_nomination_ids))
        return {("organization", unit.pk): ["HS-2024-0009"]}

    previous = eligibility._open_nominations_provider
    eligibility.register_open_nominations_provider(provider)
    try:
        result = evaluate(award_type=award, subject=unit, period=period_2023)
    finally:
        eligibility.register_open_nominations_provider(previous)

    assert not result.eligible and "hồ sơ HS-2024-0009 đang xử lý" in result.checks[0].detail
    assert asked == [({("organization", unit.pk)}, set())]


# --- pledges ------------------------------------------------------------------------------------------------------


def test_a_pledge_naming_no_award_type_covers_them_all_and_one_for_another_type_does_not(
    rules_with, period_2023
):
    award = rules_with({"check": "registered"})
    other = AwardTypeFactory()
    everything, elsewhere = OrganizationFactory(), OrganizationFactory()
    RegistrationFactory(period=period_2023, organization=everything)
    RegistrationFactory(period=period_2023, organization=elsewhere, award_types=[other])

    assert passes(award, everything, period_2023)
    assert not passes(award, elsewhere, period_2023)


def test_a_pledge_for_another_period_does_not_count(rules_with, period_2023):
    award = rules_with({"check": "registered"})
    unit = OrganizationFactory()
    RegistrationFactory(period=PeriodFactory(year=2023), organization=unit)

    assert not passes(award, unit, period_2023)


def test_a_predecessors_pledge_counts_for_its_successor(rules_with, period_2023):
    award = rules_with({"check": "registered"})
    unit = OrganizationFactory()
    old = OrganizationFactory(successor=unit)
    RegistrationFactory(period=period_2023, organization=old)

    assert passes(award, unit, period_2023)


def test_a_person_is_covered_by_their_own_units_pledge_only(rules_with, period_2023):
    award = rules_with({"check": "registered"})
    person, elsewhere = PersonFactory(), PersonFactory()
    RegistrationFactory(period=period_2023, organization=elsewhere.organization)

    assert not passes(award, person, period_2023)
    assert passes(award, elsewhere, period_2023)


# --- facts no criterion needs are not read -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "subject_kind", "queries"),
    [
        # the rule set; no bloc results for a person
        ({"check": "leads_bloc"}, "person", 1),
        # the rule set, the successor links, the holds; no initiatives for a unit
        ({"check": "initiatives", "count": 1}, "organization", 3),
        # the rule set, the holds; the open dossiers only for no_duplicate
        ({"check": "no_hold"}, "person", 2),
        # the rule set and the manual check, nothing else
        ({"check": "manual", "text": "Đoàn kết"}, "person", 1),
    ],
)
def test_facts_no_criterion_needs_are_not_read(
    rules_with, period_2023, django_assert_num_queries, criteria, subject_kind, queries
):
    award = rules_with(criteria)
    subject = PersonFactory() if subject_kind == "person" else OrganizationFactory()
    assert eligibility._open_nominations_provider is not None  # the nominations app's provider

    with django_assert_num_queries(queries):
        evaluate(award_type=award, subject=subject, period=period_2023)


def test_a_bloc_lead_of_another_period_does_not_count(rules_with, period_2023):
    award = rules_with({"check": "leads_bloc"})
    last_year = BlocResultFactory(period=PeriodFactory(year=2022), bloc__name="Khối các sở")

    check = evaluate(award_type=award, subject=last_year.organization, period=period_2023).checks[0]

    assert (check.passed, check.status) == (False, "unknown")


def _one_year_of_initiatives_and_a_three_year_streak(rules_with):
    """An award asking one initiative of the last year and a three-year streak, and a
    person who has the streak (so the engine reads initiatives back to 2021)."""
    award = rules_with(
        {
            "all_of": [
                {"check": "initiatives", "count": 1, "years": 1},
                {"check": "rating_streak", "level": "good", "years": 3},
            ]
        }
    )
    person = PersonFactory()
    for year in (2021, 2022, 2023):
        RatingFactory(person=person, year=year)
    return award, person


def test_initiatives_older_than_their_own_years_do_not_count_when_another_check_reads_further(
    rules_with, period_2023
):
    award, person = _one_year_of_initiatives_and_a_three_year_streak(rules_with)
    InitiativeFactory(person=person, recognized_on=D(2022, 12, 31))

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert [(c.code, c.passed) for c in result.checks] == [("initiatives", False), ("rating_streak", True)]


def test_an_initiative_too_old_for_the_check_does_not_hide_a_newer_one(rules_with, period_2023):
    award, person = _one_year_of_initiatives_and_a_three_year_streak(rules_with)
    InitiativeFactory(person=person, recognized_on=D(2022, 6, 1))
    newer = InitiativeFactory(person=person, recognized_on=D(2023, 6, 1))

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert result.eligible and result.initiative_ids == (newer.pk,)


def test_initiatives_of_a_failed_check_are_not_bound(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 2})
    person = PersonFactory()
    InitiativeFactory(person=person)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert (result.eligible, result.initiative_ids) == (False, ())


def test_a_discipline_starting_after_the_judging_day_does_not_touch_the_streak(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)
    HoldFactory(person=person, kind=HoldKind.DISCIPLINE, starts_on=D(2024, 3, 1))

    assert passes(award, person, period_2023)


@pytest.mark.parametrize(
    ("other_starts", "other_ends"),
    [
        (D(2021, 1, 1), D(2023, 2, 1)),  # starts before the discipline
        (D(2022, 3, 1), D(2022, 4, 1)),  # starts after it (the holds are read latest first)
    ],
)
def test_a_discipline_counts_whatever_other_holds_come_before_it(
    rules_with, period_2023, other_starts, other_ends
):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)
    HoldFactory(person=person, kind=HoldKind.INVESTIGATION, starts_on=other_starts, ends_on=other_ends)
    HoldFactory(person=person, kind=HoldKind.DISCIPLINE, starts_on=D(2021, 6, 1), ends_on=D(2022, 1, 1))

    # The discipline ended in 2022: only 2023 counts, one year of the two.
    assert not passes(award, person, period_2023)


def test_holds_are_listed_by_their_start_whatever_their_kind(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})
    person = PersonFactory()
    HoldFactory(person=person, kind=HoldKind.DISCIPLINE, starts_on=D(2023, 6, 1), ends_on=D(2023, 7, 1))
    HoldFactory(person=person, kind=HoldKind.INVESTIGATION, starts_on=D(2023, 2, 1), ends_on=D(2023, 3, 1))

    detail = evaluate(award_type=award, subject=person, period=period_2023).checks[0].detail

    assert detail == (
        "Đang có trường hợp tạm hoãn khen thưởng: Điều tra từ 01/02/2023 đến 01/03/2023; "
        "Kỷ luật từ 01/06/2023 đến 01/07/2023 ✗."
    )
