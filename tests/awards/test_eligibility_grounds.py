"""Grounds, legal bases and the result's shape: which ground is found or refused, which law each
check cites, the pledge the province may add, and the form a nomination stores."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from awards.eligibility import Subject, describe, evaluate, evaluate_many
from awards.enums import HoldKind
from tests.awards.conftest import LEGAL_BASIS
from tests.factories.awards import (
    HoldFactory,
    InitiativeFactory,
    OrganizationFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

EXCELLENT_YEAR = {"check": "rating_streak", "level": "excellent", "years": 1}
ONE_INITIATIVE = {"check": "initiatives", "count": 1}
GROUNDS = {
    "requires": {"check": "no_hold"},
    "grounds": [
        {"code": "a", "label": "Lập thành tích đột xuất", "judged": True, "legal_basis": "Điểm a"},
        {"code": "b", "judged": True},
        {"code": "c", "expr": ONE_INITIATIVE, "legal_basis": "Điểm c"},
        {"code": "d", "expr": EXCELLENT_YEAR},
        {"code": "e", "recipient": "collective", "expr": {"check": "manual", "text": "Tập thể"}},
    ],
}


def codes(result):
    return [c.code for c in result.checks]


# --- grounds ----------------------------------------------------------------------------------------------


def test_a_claimed_judged_ground_waits_for_the_clerk_with_its_own_legal_basis(rules_with, period_2023):
    award = rules_with(GROUNDS)

    labelled = evaluate(award_type=award, subject=PersonFactory(), period=period_2023, ground="a")
    bare = evaluate(award_type=award, subject=PersonFactory(), period=period_2023, ground=" b ")

    assert (labelled.eligible, labelled.ground, codes(labelled)) == (True, "a", ["no_hold", "ground_judged"])
    judged = labelled.checks[1]
    assert judged.detail == "Căn cứ (a) Lập thành tích đột xuất: cần cán bộ thẩm định xác nhận."
    assert (judged.passed, judged.legal_basis) == (True, "Điểm a")
    assert (bare.ground, bare.checks[1].detail) == ("b", "Căn cứ (b): cần cán bộ thẩm định xác nhận.")
    assert bare.checks[1].legal_basis == LEGAL_BASIS


def test_the_first_computed_ground_met_is_found_and_only_its_checks_are_shown(rules_with, period_2023):
    award = rules_with(GROUNDS)
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert (result.eligible, result.ground, codes(result)) == (True, "d", ["no_hold", "rating_streak"])


def test_an_earlier_ground_wins_when_both_are_met(rules_with, period_2023):
    award = rules_with(GROUNDS)
    person = PersonFactory()
    RatingFactory(person=person, year=2023)
    initiative = InitiativeFactory(person=person)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert (result.ground, codes(result)) == ("c", ["no_hold", "initiatives"])
    assert result.initiative_ids == (initiative.pk,)
    assert result.checks[1].legal_basis == "Điểm c"


def test_no_ground_met_shows_every_ground_tried(rules_with, period_2023):
    award = rules_with(GROUNDS)

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert (result.eligible, result.ground) == (False, "")
    assert codes(result) == ["no_hold", "initiatives", "rating_streak"]
    assert [c.legal_basis for c in result.checks] == [LEGAL_BASIS, "Điểm c", LEGAL_BASIS]


def test_a_ground_met_does_not_lift_a_failed_requirement(rules_with, period_2023):
    award = rules_with(GROUNDS)
    person = PersonFactory()
    RatingFactory(person=person, year=2023)
    # An investigation blocks the requirement but leaves the rating year countable.
    HoldFactory(person=person, kind=HoldKind.INVESTIGATION)

    found = evaluate(award_type=award, subject=person, period=period_2023)
    claimed = evaluate(award_type=award, subject=person, period=period_2023, ground="d")

    assert (found.eligible, found.ground) == (False, "d")
    assert (claimed.eligible, claimed.ground) == (False, "d")


def test_a_claimed_computed_ground_is_judged_alone(rules_with, period_2023):
    award = rules_with(GROUNDS)
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    refused = evaluate(award_type=award, subject=person, period=period_2023, ground="c")
    met = evaluate(award_type=award, subject=person, period=period_2023, ground="d")

    assert (refused.eligible, refused.ground, codes(refused)) == (False, "c", ["no_hold", "initiatives"])
    assert (met.eligible, met.ground, codes(met)) == (True, "d", ["no_hold", "rating_streak"])


def test_a_ground_of_the_other_recipient_kind_is_refused_on_the_ground_field(rules_with, period_2023):
    award = rules_with(GROUNDS)

    with pytest.raises(ValidationError) as info:
        evaluate(award_type=award, subject=PersonFactory(), period=period_2023, ground="e")
    unit = evaluate(award_type=award, subject=OrganizationFactory(), period=period_2023, ground="e")

    assert info.value.message_dict == {"ground": ["Căn cứ “e” không có trong bộ quy tắc cho đối tượng này."]}
    assert (unit.eligible, unit.ground) == (True, "e")


def test_without_a_computed_ground_the_clerk_must_choose_one(rules_with, period_2023):
    award = rules_with(
        {
            "requires": {"check": "no_hold"},
            "grounds": [
                {"code": "a", "judged": True},
                {"code": "z", "recipient": "collective", "expr": {"check": "no_hold"}},
            ],
        }
    )

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert (result.eligible, result.ground, codes(result)) == (False, "", ["no_hold", "ground"])
    choose = result.checks[1]
    assert choose.detail == "Cần chọn căn cứ đề nghị (do cán bộ thẩm định xác nhận)."
    assert (choose.passed, choose.legal_basis) == (False, LEGAL_BASIS)


def test_grounds_without_requirements(rules_with, period_2023):
    award = rules_with({"grounds": [{"code": "d", "expr": EXCELLENT_YEAR}]})
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert (result.eligible, result.ground, codes(result)) == (True, "d", ["rating_streak"])


# --- legal bases -------------------------------------------------------------------------------------------


def test_each_check_cites_its_own_basis_else_its_groups_else_the_rule_sets(rules_with, period_2023):
    award = rules_with(
        {
            "all_of": [
                {"check": "no_hold", "legal_basis": "Khoản 1"},
                {"any_of": [{"check": "manual", "text": "Đoàn kết"}], "legal_basis": "Khoản 2"},
                {"all_of": [{"check": "registered"}]},
            ]
        }
    )

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert [(c.code, c.legal_basis) for c in result.checks] == [
        ("no_hold", "Khoản 1"),
        ("manual", "Khoản 2"),
        ("registered", LEGAL_BASIS),
    ]


def test_a_groups_basis_reaches_the_checks_under_it(rules_with, period_2023):
    award = rules_with(
        {"all_of": [{"check": "no_hold"}, {"check": "registered"}], "legal_basis": "Điều 24 Nghị định 98"}
    )

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert [c.legal_basis for c in result.checks] == ["Điều 24 Nghị định 98"] * 2


# --- the pledge the province may ask for ---------------------------------------------------------------------


def test_a_pledge_asked_for_is_checked_after_the_criteria(rules_with, period_2023):
    award = rules_with({"check": "no_hold"}, options={"requires_registration": True})
    unit = OrganizationFactory()
    RegistrationFactory(period=period_2023, organization=unit)

    result = evaluate(award_type=award, subject=unit, period=period_2023)

    assert result.eligible and codes(result) == ["no_hold", "registered"]


def test_a_pledge_asked_for_by_a_rule_set_with_only_grounds(rules_with, period_2023):
    award = rules_with(
        {"grounds": [{"code": "d", "expr": EXCELLENT_YEAR}]}, options={"requires_registration": True}
    )
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    result = evaluate(award_type=award, subject=person, period=period_2023)

    assert (result.eligible, result.ground) == (False, "d")
    assert codes(result) == ["registered", "rating_streak"]


def test_a_pledge_the_criteria_already_check_is_not_checked_twice(rules_with, period_2023):
    award = rules_with({"check": "registered"}, options={"requires_registration": True})

    result = evaluate(award_type=award, subject=OrganizationFactory(), period=period_2023)

    assert codes(result) == ["registered"]


def test_a_pledge_switched_off_is_not_checked(rules_with, period_2023):
    award = rules_with({"check": "no_hold"}, options={"requires_registration": False})

    result = evaluate(award_type=award, subject=OrganizationFactory(), period=period_2023)

    assert result.eligible and codes(result) == ["no_hold"]


# --- the result ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "subject", "kind"),
    [(("collective",), "person", "cá nhân"), (("individual",), "unit", "tập thể")],
)
def test_a_nominee_of_the_wrong_kind_is_refused_by_name(rules_with, period_2023, kinds, subject, kind):
    award = rules_with({"check": "no_hold"}, kinds=kinds)
    nominee = PersonFactory() if subject == "person" else OrganizationFactory()

    result = evaluate(award_type=award, subject=nominee, period=period_2023, ground="x")

    assert (result.eligible, result.ground, result.initiative_ids) == (False, "x", ())
    [check] = result.checks
    assert (check.code, check.passed, check.legal_basis) == ("recipient_kind", False, LEGAL_BASIS)
    assert check.detail == f"“{award.name}” không dành cho {kind}."
    assert result.rule_set_id == award.rule_sets.get().pk


def test_describe_is_the_stored_form(rules_with, period_2023):
    award = rules_with(
        {"all_of": [{"check": "initiatives", "count": 1}, {"check": "manual", "text": "Đoàn kết"}]}
    )
    person = PersonFactory()
    initiative = InitiativeFactory(person=person)

    stored = describe(evaluate(award_type=award, subject=person, period=period_2023))

    assert stored["eligible"] is True and stored["ground"] == ""
    assert stored["initiative_ids"] == [initiative.pk]
    assert stored["rule_set_id"] == award.rule_sets.get().pk
    assert [{k: v for k, v in c.items() if k != "detail"} for c in stored["checks"]] == [
        {"code": "initiatives", "passed": True, "state": "met", "missing": "", "legal_basis": LEGAL_BASIS},
        {
            "code": "manual",
            "passed": True,
            "state": "pending",
            "missing": "Cán bộ Ban Thi đua - Khen thưởng xác nhận khi thẩm định hồ sơ.",
            "legal_basis": LEGAL_BASIS,
        },
    ]
    assert stored["checks"][1]["detail"] == "Đoàn kết: cần cán bộ thẩm định xác nhận."
    assert set(stored) == {"eligible", "ground", "checks", "initiative_ids", "rule_set_id"}


def test_evaluate_many_judges_each_with_its_own_ground_and_dossier(rules_with, period_2023):
    award = rules_with(GROUNDS)
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    InitiativeFactory(person=second, used_by_nomination_id=8, used_by_reference="HS-8")

    results = evaluate_many(
        award_type=award,
        period=period_2023,
        subjects=[first, second, third],
        grounds=["a", "c", None],
        exclude_nomination_ids=[None, 8, None],
    )

    assert [(r.ground, r.eligible) for r in results] == [("a", True), ("c", True), ("", False)]


def test_evaluate_many_of_nobody_reads_nothing(rules_with, period_2023, django_assert_num_queries):
    award = rules_with({"check": "no_hold"})

    with django_assert_num_queries(0):
        assert evaluate_many(award_type=award, period=period_2023, subjects=[]) == []


def test_evaluate_many_refuses_arguments_that_do_not_pair_up(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})
    people = PersonFactory.create_batch(2)

    for extra in ({"grounds": ["", "", ""]}, {"exclude_nomination_ids": [None]}):
        with pytest.raises(
            ValueError, match=r"^grounds and exclude_nomination_ids must match subjects one to one$"
        ):
            evaluate_many(award_type=award, period=period_2023, subjects=people, **extra)


def test_rule_set_missing_names_the_award_and_the_day(rules_with):
    from awards.eligibility import rule_set_for
    from tests.factories.awards import PeriodFactory

    award = rules_with({"check": "no_hold"})
    early = PeriodFactory(year=2018, rules_date=None)

    with pytest.raises(ValidationError) as info:
        rule_set_for(award_type=award, period=early)

    assert info.value.messages == [f"Chưa có bộ quy tắc của “{award.name}” có hiệu lực ngày 10/12/2018."]


def test_subject_keys(db):
    person, unit = PersonFactory(), OrganizationFactory()

    assert Subject.of(person) == Subject(person_id=person.pk)
    assert Subject.of(unit) == Subject(organization_id=unit.pk)
    assert Subject.of(Subject.of(unit)).key == ("organization", unit.pk)
    assert (Subject.of(person).key, Subject.of(person).recipient_kind) == (
        ("person", person.pk),
        "individual",
    )
    assert Subject.of(unit).recipient_kind == "collective"
    with pytest.raises(TypeError, match=r"^not a nominee: 'Sở'$"):
        Subject.of("Sở")


def test_grounds_none_of_which_fits_the_nominee_leave_nothing_to_find(rules_with, period_2023):
    award = rules_with({"grounds": [{"code": "z", "recipient": "collective", "expr": {"check": "no_hold"}}]})

    result = evaluate(award_type=award, subject=PersonFactory(), period=period_2023)

    assert (result.eligible, result.ground, codes(result)) == (False, "", ["ground"])


def test_evaluate_many_reads_people_and_units_together(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 1})
    person, unit = PersonFactory(), OrganizationFactory()
    RatingFactory(person=person, year=2023)
    RatingFactory(person=None, organization=unit, year=2023)

    results = evaluate_many(award_type=award, period=period_2023, subjects=[person, unit])

    assert [r.eligible for r in results] == [True, True]
