"""The criteria expression parser: pure Python, no database."""

from __future__ import annotations

import pytest

from awards.criteria import AllOf, AnyOf, Check, CriteriaError, parse_criteria


def test_plain_expression_parses_nested_any_of_and_all_of():
    criteria = parse_criteria(
        {
            "any_of": [
                {"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 2},
                {
                    "all_of": [
                        {"check": "rating_streak", "level": "excellent", "years": 2},
                        {"check": "initiatives", "count": 2},
                    ]
                },
            ]
        }
    )

    assert isinstance(criteria.requires, AnyOf)
    assert isinstance(criteria.requires.items[1], AllOf)
    assert criteria.check_codes() == {"title_streak", "rating_streak", "initiatives"}
    assert criteria.history_years() == 2


def test_empty_criteria_is_allowed():
    assert parse_criteria({}).checks() == []


def test_unknown_check_is_named_with_its_place():
    with pytest.raises(CriteriaError) as info:
        parse_criteria({"all_of": [{"check": "no_hold"}, {"check": "lucky_number"}]})

    assert "criteria.all_of[1]" in str(info.value)
    assert "lucky_number" in str(info.value)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"check": "rating_streak", "level": "superb", "years": 2}, "level"),
        ({"check": "rating_streak", "level": "excellent"}, "years"),
        ({"check": "rating_streak", "level": "excellent", "years": 99}, "years"),
        ({"check": "initiatives", "count": True}, "count"),
        ({"check": "no_hold", "colour": "red"}, "colour"),
        ({"all_of": []}, "all_of"),
        ({"all_of": [{"check": "no_hold"}], "any_of": []}, "check"),
        ("no_hold", "JSON"),
    ],
)
def test_bad_parameters_are_refused(raw, fragment):
    with pytest.raises(CriteriaError) as info:
        parse_criteria(raw)

    assert fragment in str(info.value)


def test_title_streak_must_name_a_known_award_type_when_codes_are_given():
    raw = {"check": "title_streak", "award_type": "medal_of_nothing", "years": 2}

    with pytest.raises(CriteriaError):
        parse_criteria(raw, award_type_codes={"merit_chairman"})
    assert isinstance(parse_criteria(raw).requires, Check)


def test_grounds_form_with_computed_and_judged_grounds():
    criteria = parse_criteria(
        {
            "requires": {"check": "no_hold"},
            "grounds": [
                {"code": "i", "label": "Đột xuất", "judged": True},
                {
                    "code": "iv",
                    "recipient": "individual",
                    "expr": {"check": "initiatives", "count": 2, "years": 2},
                },
            ],
        }
    )

    assert [g.code for g in criteria.grounds] == ["i", "iv"]
    assert criteria.grounds[0].judged and criteria.grounds[1].expr is not None


def test_a_ground_needs_either_an_expression_or_judged():
    with pytest.raises(CriteriaError):
        parse_criteria({"grounds": [{"code": "i"}]})
    with pytest.raises(CriteriaError):
        parse_criteria({"grounds": [{"code": "i", "judged": True, "expr": {"check": "no_hold"}}]})


def test_deeply_nested_expressions_are_refused():
    raw: dict = {"check": "no_hold"}
    for _ in range(20):
        raw = {"all_of": [raw]}

    with pytest.raises(CriteriaError):
        parse_criteria(raw)
