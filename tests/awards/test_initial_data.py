"""The catalogue `migrate` loads, and the model rules the admin enforces."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.criteria import parse_criteria
from awards.models import AwardType, BaseSalary, RuleSet
from tests.factories.awards import OrganizationFactory, PersonFactory, RatingFactory

pytestmark = pytest.mark.django_db

CODES = {
    "flag_province",
    "merit_chairman",
    "advanced_worker",
    "emulation_soldier_grassroots",
    "emulation_soldier_province",
    "advanced_collective",
    "excellent_collective",
}


def test_migrate_loads_the_award_types():
    assert set(AwardType.objects.values_list("code", flat=True)) >= CODES


def test_each_award_type_has_both_regimes_with_valid_criteria():
    for code in CODES:
        rule_sets = RuleSet.objects.filter(award_type__code=code).order_by("effective_from")
        assert [rs.effective_from for rs in rule_sets] == [
            datetime.date(2024, 1, 1),
            datetime.date(2025, 7, 1),
        ]
        for rule_set in rule_sets:
            rule_set.full_clean()
            assert rule_set.legal_basis
            assert all(
                check.legal_basis or rule_set.legal_basis
                for check in parse_criteria(rule_set.criteria).checks()
            )


def test_the_older_regime_marks_its_unchecked_multiple_unverified_without_citing_a_later_act():
    older = RuleSet.objects.get(award_type__code="merit_chairman", effective_from=datetime.date(2024, 1, 1))

    assert "98/2023" in older.legal_basis and "152/2025" not in older.legal_basis
    assert older.figure_source("reward_multiple_individual")["verified"] is False


def test_the_flag_and_the_certificate_figures():
    flag = RuleSet.objects.get(award_type__code="flag_province", effective_from=datetime.date(2025, 7, 1))
    merit = RuleSet.objects.get(award_type__code="merit_chairman", effective_from=datetime.date(2025, 7, 1))

    assert (flag.review_body, flag.vote_threshold, flag.threshold_base) == (
        "council",
        Decimal("0.800"),
        "members",
    )
    assert flag.reward_multiple_collective == Decimal("8.00")
    assert flag.options["leaders_per_bloc"] == 1 and flag.options["requires_registration"] is False
    assert merit.review_body == "standing_board"
    assert (merit.reward_multiple_individual, merit.reward_multiple_collective) == (
        Decimal("1.50"),
        Decimal("3.00"),
    )


def test_base_salaries_are_loaded():
    assert list(BaseSalary.objects.order_by("effective_from").values_list("effective_from", "amount")) == [
        (datetime.date(2019, 7, 1), 1_490_000),
        (datetime.date(2023, 7, 1), 1_800_000),
        (datetime.date(2024, 7, 1), 2_340_000),
    ]
    assert BaseSalary.in_force_on(datetime.date(2024, 1, 11)).amount == 1_800_000


def test_rule_set_clean_refuses_an_unknown_check():
    rule_set = RuleSet.objects.filter(award_type__code="merit_chairman").first()
    rule_set.criteria = {"any_of": [{"check": "no_hold"}, {"check": "palm_reading"}]}

    with pytest.raises(ValidationError) as info:
        rule_set.full_clean()

    assert "palm_reading" in info.value.message_dict["criteria"][0]


def test_rule_set_clean_refuses_bad_documents_and_options():
    rule_set = RuleSet.objects.filter(award_type__code="flag_province").first()
    rule_set.required_documents = ["selfie"]
    rule_set.options = {"leaders_per_bloc": 0}

    with pytest.raises(ValidationError) as info:
        rule_set.full_clean()

    assert {"required_documents", "options"} <= set(info.value.message_dict)


def test_organization_clean_refuses_own_ancestor_and_successor_cycle():
    top = OrganizationFactory()
    child = OrganizationFactory(parent=top)
    top.parent = child
    with pytest.raises(ValidationError):
        top.clean()

    first = OrganizationFactory()
    second = OrganizationFactory(successor=first)
    first.successor = second
    with pytest.raises(ValidationError):
        first.clean()


def test_rating_clean_names_the_year_when_it_repeats():
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    repeat = RatingFactory.build(person=person, year=2022)

    with pytest.raises(ValidationError) as info:
        repeat.clean()

    assert "year" in info.value.message_dict
