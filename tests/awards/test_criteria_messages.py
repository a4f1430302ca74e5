"""Every refusal of the criteria parser, with its exact message and place, and what each
parsed node keeps (written to kill the mutants mutmut found alive, docs/testing.md)."""

from __future__ import annotations

import pytest
from django.utils import translation

from awards.criteria import Check, CriteriaError, Ground, parse_criteria

CHECKS = "initiatives, leads_bloc, manual, no_duplicate, no_hold, rating_streak, registered, title_streak"
YEARS = "“years” phải là số nguyên từ 1 đến 30."
KINDS = "“kinds” phải là danh sách loại tạm hoãn."
TEXT = "“text” phải là một câu mô tả (tối đa 2000 ký tự)."
CODE = "Căn cứ cần “code” (tối đa 20 ký tự)."
OPERATORS = "Mỗi điều kiện cần đúng một trong các khóa “check”, “all_of”, “any_of”."


def judged(code="i", **extra):
    return {"code": code, "judged": True, **extra}


REFUSALS = [
    ("x", "criteria: Tiêu chuẩn phải là một đối tượng JSON."),
    ({"all_of": ["x"]}, "criteria.all_of[0]: Mỗi điều kiện phải là một đối tượng JSON."),
    ({"check": "no_hold", "all_of": []}, f"criteria: {OPERATORS}"),
    ({"legal_basis": "x"}, f"criteria: {OPERATORS}"),
    ({"all_of": [{"check": "no_hold"}], "why": 1, "also": 2}, "criteria: Khóa không hợp lệ: also, why."),
    ({"any_of": []}, "criteria: “any_of” phải là danh sách điều kiện không rỗng."),
    ({"check": 7}, f"criteria: Kiểm tra không xác định “7”. Các kiểm tra hợp lệ: {CHECKS}."),
    (
        {"check": "leads_bloc", "years": 2, "kinds": []},
        "criteria: Kiểm tra “leads_bloc” không có tham số: kinds, years.",
    ),
    (
        {"check": "rating_streak", "level": "good"},
        "criteria: Kiểm tra “rating_streak” thiếu tham số “years”.",
    ),
    (
        {"check": "rating_streak", "level": "great", "years": 1},
        "criteria: “level” phải là một trong: excellent, good, completed, not_completed.",
    ),
    ({"check": "rating_streak", "level": "good", "years": 0}, f"criteria: {YEARS}"),
    ({"check": "rating_streak", "level": "good", "years": True}, f"criteria: {YEARS}"),
    ({"check": "rating_streak", "level": "good", "years": 31}, f"criteria: {YEARS}"),
    ({"check": "rating_streak", "level": "good", "years": "2"}, f"criteria: {YEARS}"),
    ({"check": "initiatives", "count": 51}, "criteria: “count” phải là số nguyên từ 1 đến 50."),
    ({"check": "initiatives", "count": 0}, "criteria: “count” phải là số nguyên từ 1 đến 50."),
    ({"check": "initiatives", "count": False}, "criteria: “count” phải là số nguyên từ 1 đến 50."),
    (
        {"check": "initiatives", "count": 1, "scope": "world"},
        "criteria: “scope” phải là một trong: grassroots, province, national.",
    ),
    ({"check": "no_hold", "kinds": "discipline"}, f"criteria: {KINDS}"),
    ({"check": "no_hold", "kinds": []}, f"criteria: {KINDS}"),
    (
        {"check": "no_hold", "kinds": ["discipline", "nap"]},
        "criteria: “kinds” phải là một trong: discipline, investigation, inspection, complaint.",
    ),
    (
        {"check": "title_streak", "award_type": "", "years": 1},
        "criteria: “award_type” phải là mã loại khen thưởng.",
    ),
    (
        {"check": "title_streak", "award_type": "a" * 51, "years": 1},
        "criteria: “award_type” phải là mã loại khen thưởng.",
    ),
    ({"check": "manual", "text": "  "}, f"criteria: {TEXT}"),
    ({"check": "manual", "text": 5}, f"criteria: {TEXT}"),
    ({"check": "manual", "text": "a" * 2001}, f"criteria: {TEXT}"),
    ({"check": "no_hold", "legal_basis": 5}, "criteria: “legal_basis” phải là văn bản (tối đa 2000 ký tự)."),
    (
        {"check": "no_hold", "legal_basis": "a" * 2001},
        "criteria: “legal_basis” phải là văn bản (tối đa 2000 ký tự).",
    ),
    ({"grounds": {}}, "criteria.grounds: “grounds” phải là danh sách."),
    ({"requires": {"check": "no_hold"}, "extra": 1}, "criteria: Khóa không hợp lệ: extra."),
    ({"grounds": [3]}, "criteria.grounds[0]: Mỗi căn cứ phải là một đối tượng JSON."),
    ({"grounds": [judged(why=1, also=2)]}, "criteria.grounds[0]: Khóa không hợp lệ: also, why."),
    ({"grounds": [{"judged": True}]}, f"criteria.grounds[0]: {CODE}"),
    ({"grounds": [judged("  ")]}, f"criteria.grounds[0]: {CODE}"),
    ({"grounds": [judged("x" * 21)]}, f"criteria.grounds[0]: {CODE}"),
    ({"grounds": [judged(label=5)]}, "criteria.grounds[0]: “label” phải là văn bản."),
    (
        {"grounds": [judged(legal_basis=5)]},
        "criteria.grounds[0]: “legal_basis” phải là văn bản (tối đa 2000 ký tự).",
    ),
    ({"grounds": [judged(label="a" * 2001)]}, "criteria.grounds[0]: “label” phải là văn bản."),
    (
        {"grounds": [judged(recipient="household")]},
        "criteria.grounds[0]: “recipient” phải là “individual” hoặc “collective”.",
    ),
    ({"grounds": [{"code": "i", "judged": "yes"}]}, "criteria.grounds[0]: “judged” phải là true hoặc false."),
    (
        {"grounds": [judged(expr={"check": "no_hold"})]},
        "criteria.grounds[0]: Căn cứ cần hoặc “expr” (tính tự động) hoặc “judged”: true (do người xét).",
    ),
    (
        {"grounds": [{"code": "i"}]},
        "criteria.grounds[0]: Căn cứ cần hoặc “expr” (tính tự động) hoặc “judged”: true (do người xét).",
    ),
    ({"grounds": [judged(), judged(recipient="collective")]}, "criteria.grounds: Căn cứ “i” bị lặp."),
    (
        {"grounds": [{"code": "iv", "expr": {"check": "nope"}}]},
        f"criteria.grounds[0].expr: Kiểm tra không xác định “nope”. Các kiểm tra hợp lệ: {CHECKS}.",
    ),
]


@pytest.mark.parametrize(("raw", "message"), REFUSALS)
def test_each_refusal_says_where_and_why(raw, message):
    with translation.override("vi"), pytest.raises(CriteriaError) as info:
        parse_criteria(raw)

    assert str(info.value) == message


def test_grounds_of_different_recipients_may_share_a_code():
    criteria = parse_criteria({"grounds": [judged(recipient="individual"), judged(recipient="collective")]})

    assert [g.recipient for g in criteria.grounds] == ["individual", "collective"]


def test_parsed_checks_keep_their_parameters_and_legal_basis():
    criteria = parse_criteria(
        {
            "requires": {
                "all_of": [
                    {"check": "no_hold", "kinds": ["discipline", "inspection"], "legal_basis": " Điều 4 "},
                    {"check": "manual", "text": "  Đoàn kết nội bộ  "},
                ],
                "legal_basis": "Luật",
            },
            "grounds": [
                {
                    "code": " iv ",
                    "label": " Hai năm ",
                    "recipient": "individual",
                    "expr": {"check": "title_streak", "award_type": "excellent_collective", "years": 3},
                },
                judged("i", label="Đột xuất"),
            ],
        }
    )

    assert criteria.requires.legal_basis == "Luật"
    assert criteria.checks() == [
        Check("no_hold", {"kinds": ["discipline", "inspection"]}, "Điều 4"),
        Check("manual", {"text": "Đoàn kết nội bộ"}, ""),
        Check("title_streak", {"award_type": "excellent_collective", "years": 3}, ""),
    ]
    assert criteria.check_codes() == {"no_hold", "manual", "title_streak"}
    assert criteria.title_codes() == {"excellent_collective"}
    assert criteria.history_years() == 3
    first, second = criteria.grounds
    assert (first.code, first.label, first.recipient, first.judged) == ("iv", "Hai năm", "individual", False)
    assert (second.code, second.judged, second.expr) == ("i", True, None)


def test_history_is_at_least_one_year():
    assert parse_criteria({"check": "leads_bloc"}).history_years() == 1
    assert parse_criteria({}).history_years() == 1


def test_a_ground_applies_to_its_recipient_kind_or_to_both():
    both = Ground("i")
    individual = Ground("iv", recipient="individual")

    assert both.applies_to("individual") and both.applies_to("collective")
    assert individual.applies_to("individual")
    assert not individual.applies_to("collective")


def test_optional_parameters_may_be_left_out():
    assert parse_criteria({"check": "initiatives", "count": 2}).requires.params == {"count": 2}
    assert parse_criteria({"check": "no_hold"}).requires.params == {}
    assert parse_criteria(None).requires is None


def test_a_title_must_name_a_known_award_type():
    raw = {"all_of": [{"check": "title_streak", "award_type": "nope", "years": 1}]}

    with translation.override("vi"), pytest.raises(CriteriaError) as info:
        parse_criteria(raw, award_type_codes={"excellent_collective"})

    assert str(info.value) == "criteria.all_of[0]: Không có loại khen thưởng mã “nope”."
    assert parse_criteria(raw).checks()[0].param("award_type") == "nope"


def _nested(levels: int) -> dict:
    raw: dict = {"check": "no_hold"}
    for _ in range(levels):
        raw = {"all_of": [raw]}
    return raw


def test_nesting_and_size_limits_are_inclusive():
    assert parse_criteria(_nested(8)).check_codes() == {"no_hold"}
    assert len(parse_criteria({"all_of": [{"check": "no_hold"}] * 199}).checks()) == 199

    with translation.override("vi"):
        with pytest.raises(CriteriaError, match="Biểu thức quá lớn hoặc lồng quá sâu"):
            parse_criteria(_nested(9))
        with pytest.raises(CriteriaError, match="Biểu thức quá lớn hoặc lồng quá sâu"):
            parse_criteria({"all_of": [{"check": "no_hold"}] * 200})


def test_ground_limits_defaults_and_legal_basis():
    ground = parse_criteria(
        {"grounds": [judged("x" * 20, label="a" * 2000, legal_basis=" Điều 74 ")]}
    ).grounds[0]
    bare = parse_criteria({"grounds": [judged()]}).grounds[0]

    assert (len(ground.code), len(ground.label), ground.legal_basis) == (20, 2000, "Điều 74")
    assert (bare.label, bare.recipient, bare.legal_basis) == ("", "", "")


def test_a_grounds_expression_starts_one_level_down():
    assert parse_criteria({"grounds": [{"code": "iv", "expr": _nested(7)}]}).check_codes() == {"no_hold"}
    with pytest.raises(CriteriaError, match="lồng quá sâu"):
        parse_criteria({"grounds": [{"code": "iv", "expr": _nested(8)}]})


def test_a_manual_text_may_use_the_whole_length():
    assert len(parse_criteria({"check": "manual", "text": "a" * 2000}).requires.param("text")) == 2000
