"""The evaluator, the regimes chosen by date, grounds, successors, and the initial rule sets."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.eligibility import EligibilityResult, evaluate, evaluate_many, rule_set_for
from awards.enums import RatingLevel
from tests.factories.awards import (
    AwardRecordFactory,
    AwardTypeFactory,
    BlocResultFactory,
    InitiativeFactory,
    OrganizationFactory,
    PeriodFactory,
    PersonFactory,
    RatingFactory,
)

pytestmark = pytest.mark.django_db

NESTED = {
    "any_of": [
        {"check": "rating_streak", "level": "excellent", "years": 2},
        {
            "all_of": [
                {"check": "rating_streak", "level": "good", "years": 1},
                {"any_of": [{"check": "initiatives", "count": 1}, {"check": "manual", "text": "Đột xuất"}]},
            ]
        },
    ]
}


def test_nested_any_of_shows_only_the_passing_branch(rules_with, period_2023):
    award = rules_with(NESTED)
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert result.eligible
    assert [c.code for c in result.checks] == ["rating_streak"]


def test_nested_all_of_inside_any_of_passes_through_its_inner_any_of(rules_with, period_2023):
    award = rules_with(NESTED)
    person = PersonFactory()
    RatingFactory(person=person, year=2023, level=RatingLevel.GOOD)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert result.eligible
    assert [c.code for c in result.checks] == ["rating_streak", "manual"]


def test_nested_expression_that_fails_lists_every_check(rules_with, period_2023):
    award = rules_with(
        {
            "all_of": [
                {"check": "no_hold"},
                {"any_of": [{"check": "leads_bloc"}, {"check": "initiatives", "count": 1}]},
            ]
        }
    )

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert not result.eligible
    assert [(c.code, c.passed) for c in result.checks] == [
        ("no_hold", True),
        ("leads_bloc", False),
        ("initiatives", False),
    ]


def test_as_dict_has_the_documented_shape(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})

    data = evaluate(award_type=award, subject=PersonFactory(), period=period_2023).as_dict()

    assert set(data) == {"eligible", "ground", "checks"}
    assert set(data["checks"][0]) == {"code", "passed", "state", "detail", "missing", "legal_basis"}
    assert data["checks"][0]["state"] == "met"


def test_the_two_regimes_are_chosen_by_the_date_the_period_is_judged(merit):
    judged_2024 = PeriodFactory(year=2023, rules_date=datetime.date(2024, 1, 10))
    judged_2025_june = PeriodFactory(year=2024, rules_date=datetime.date(2025, 6, 30))
    judged_2026 = PeriodFactory(year=2025, rules_date=datetime.date(2026, 1, 10))

    assert rule_set_for(award_type=merit, period=judged_2024).effective_from == datetime.date(2024, 1, 1)
    assert "98/2023" in rule_set_for(award_type=merit, period=judged_2025_june).legal_basis
    newer = rule_set_for(award_type=merit, period=judged_2026)
    assert newer.effective_from == datetime.date(2025, 7, 1)
    assert "Điều 54 Nghị định 152/2025/NĐ-CP" in newer.legal_basis


def test_no_rule_set_in_force_is_a_vietnamese_validation_error(merit):
    early = PeriodFactory(year=2022, rules_date=datetime.date(2023, 1, 10))

    with pytest.raises(ValidationError) as info:
        rule_set_for(award_type=merit, period=early)

    assert "Chưa có bộ quy tắc" in info.value.messages[0]


def test_result_names_its_rule_set(merit, period_2023):
    result = evaluate(award_type=merit, subject=PersonFactory(), period=period_2023)

    assert result.rule_set_id == rule_set_for(award_type=merit, period=period_2023).pk


# --- the chairman's certificate: grounds -----------------------------------------------------------------


def test_merit_finds_ground_iv_by_two_grassroots_soldier_titles(merit, period_2023, no_provider):
    person = PersonFactory()
    soldier = AwardTypeFactory(code="emulation_soldier_grassroots")
    AwardRecordFactory(award_type=soldier, person=person, year=2022)
    AwardRecordFactory(award_type=soldier, person=person, year=2023)

    result = evaluate(award_type=merit, subject=person, period=period_2023)

    assert result.eligible and result.ground == "iv"
    assert {"no_hold", "no_duplicate", "title_streak"} <= {c.code for c in result.checks}
    assert all(c.legal_basis for c in result.checks)


def test_merit_ground_iv_by_excellence_and_two_initiatives(merit, period_2023, no_provider):
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)
    first = InitiativeFactory(person=person, recognized_on=datetime.date(2022, 5, 1))
    second = InitiativeFactory(person=person, recognized_on=datetime.date(2023, 5, 1))

    result = evaluate(award_type=merit, subject=person, period=period_2023)

    assert result.eligible and result.ground == "iv"
    assert set(result.initiative_ids) == {first.pk, second.pk}


def test_merit_without_a_computed_ground_is_not_eligible(merit, period_2023, no_provider):
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    result = evaluate(award_type=merit, subject=person, period=period_2023)

    assert not result.eligible and result.ground == ""
    assert {"title_streak", "rating_streak", "initiatives"} <= {c.code for c in result.checks}


def test_merit_with_a_claimed_judged_ground_needs_the_clerks_confirmation(merit, period_2023, no_provider):
    result = evaluate(award_type=merit, subject=PersonFactory(), period=period_2023, ground="ii")

    judged = [c for c in result.checks if c.code == "ground_judged"]
    assert result.eligible and result.ground == "ii"
    assert judged[0].passed and "cần cán bộ thẩm định xác nhận" in judged[0].detail


def test_merit_with_an_unknown_ground_is_a_400_on_ground(merit, period_2023):
    with pytest.raises(ValidationError) as info:
        evaluate(award_type=merit, subject=PersonFactory(), period=period_2023, ground="ix")

    assert "ground" in info.value.message_dict


def test_merit_collective_ground_iv_by_two_excellent_years(merit, period_2023, no_provider):
    unit = OrganizationFactory()
    RatingFactory(person=None, organization=unit, year=2022)
    RatingFactory(person=None, organization=unit, year=2023)

    result = evaluate(award_type=merit, subject=unit, period=period_2023)

    assert result.eligible and result.ground == "iv"


def test_flag_needs_the_bloc_lead_and_an_excellent_year(flag, period_2023, no_provider):
    leader = BlocResultFactory(period=period_2023).organization
    RatingFactory(person=None, organization=leader, year=2023)
    follower = BlocResultFactory(period=period_2023, rank=2, is_leading=False).organization
    RatingFactory(person=None, organization=follower, year=2023)

    ok, refused = evaluate_many(award_type=flag, period=period_2023, subjects=[leader, follower])

    assert ok.eligible and ok.ground == ""
    assert not refused.eligible


# --- successors -----------------------------------------------------------------------------------------------


def test_ratings_and_titles_of_a_predecessor_count_for_its_successor(merit, period_2023, no_provider):
    successor = OrganizationFactory(name="Sở Nội vụ (mới)")
    predecessor = OrganizationFactory(name="Sở Nội vụ (cũ)", successor=successor)
    RatingFactory(person=None, organization=predecessor, year=2022)
    RatingFactory(person=None, organization=successor, year=2023)

    result = evaluate(award_type=merit, subject=successor, period=period_2023)

    streak = next(c for c in result.checks if c.code == "rating_streak")
    assert result.eligible
    assert "đơn vị tiền thân Sở Nội vụ (cũ)" in streak.detail


def test_history_follows_a_chain_of_successors(rules_with, period_2023):
    award = rules_with({"check": "title_streak", "award_type": "excellent_collective", "years": 3})
    excellent = AwardTypeFactory(code="excellent_collective")
    newest = OrganizationFactory()
    middle = OrganizationFactory(successor=newest)
    oldest = OrganizationFactory(successor=middle)
    for unit, year in ((oldest, 2021), (middle, 2022), (newest, 2023)):
        AwardRecordFactory(award_type=excellent, person=None, organization=unit, year=year)

    assert evaluate(award_type=award, subject=newest, period=period_2023).eligible
    assert not evaluate(award_type=award, subject=middle, period=period_2023).eligible


def test_evaluate_many_keeps_the_order_and_its_arguments_one_to_one(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})
    people = PersonFactory.create_batch(3)

    results = evaluate_many(award_type=award, period=period_2023, subjects=people)

    assert len(results) == 3 and all(isinstance(r, EligibilityResult) for r in results)
    with pytest.raises(ValueError):
        evaluate_many(award_type=award, period=period_2023, subjects=people, grounds=[""])
