"""Every check's sentence, word for word, in each of its outcomes: met, not met, not yet known.

The detail is what the clerk reads on the dossier and what the decision drafts quote, so each
branch of each check is pinned whole (its mark, its years, its predecessor note, its missing part).
"""

from __future__ import annotations

import datetime

import pytest

from awards.eligibility import evaluate
from awards.enums import HoldKind, InitiativeScope, RatingLevel
from tests.awards.conftest import LEGAL_BASIS
from tests.factories.awards import (
    AwardRecordFactory,
    AwardTypeFactory,
    BlocResultFactory,
    HoldFactory,
    InitiativeFactory,
    OrganizationFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"
STREAK_HEAD = f"Cần 2 năm liên tục xếp loại “{EXCELLENT}” trở lên đến năm 2023."
SOLDIER = "emulation_soldier_grassroots"
DISCIPLINE_NOTE = "chưa được tính vì đang trong hoặc trước khi hết thời hạn kỷ luật ✗"


def the_check(award, subject, period, code, **kwargs):
    result = evaluate(award_type=award, subject=subject, period=period, **kwargs)
    [check] = [c for c in result.checks if c.code == code]
    # Stored as JSON and compared with `is`: a true boolean, never None.
    assert type(check.passed) is bool and type(result.eligible) is bool
    return result, check


# --- rating_streak ------------------------------------------------------------------------------


def test_rating_streak_met_reads_every_year(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    RatingFactory(person=person, year=2023)

    result, check = the_check(award, person, period_2023, "rating_streak")

    assert result.eligible
    assert check.detail == f"{STREAK_HEAD} Năm 2022: {EXCELLENT} ✓; năm 2023: {EXCELLENT} ✓."
    assert (check.passed, check.status, check.missing) == (True, "met", "")


def test_rating_streak_with_no_rating_is_unknown_and_names_every_missing_year(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})

    result, check = the_check(award, PersonFactory(), period_2023, "rating_streak")

    assert not result.eligible
    assert check.detail == (
        f"{STREAK_HEAD} Năm 2022: chưa có kết quả xếp loại; năm 2023: chưa có kết quả xếp loại."
    )
    assert (check.passed, check.status) == (False, "unknown")
    assert check.missing == (
        "Kết quả xếp loại năm 2022, 2023: đơn vị cập nhật hoặc Ban Thi đua - Khen thưởng nhập từ tệp."
    )


def test_rating_streak_a_year_under_discipline_fails_even_with_a_year_unknown(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    HoldFactory(person=person, starts_on=D(2022, 1, 5), ends_on=D(2022, 4, 1))

    _result, check = the_check(award, person, period_2023, "rating_streak")

    assert check.detail == f"{STREAK_HEAD} Năm 2022: {DISCIPLINE_NOTE}; năm 2023: chưa có kết quả xếp loại."
    # A year that cannot count is a failure, not a gap someone can still fill.
    assert (check.passed, check.status, check.missing) == (False, "not_met", "")


def test_rating_streak_a_low_year_fails_the_streak_whatever_comes_after(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory()
    RatingFactory(person=person, year=2022, level=RatingLevel.GOOD)
    RatingFactory(person=person, year=2023)

    _result, check = the_check(award, person, period_2023, "rating_streak")

    assert check.detail == f"{STREAK_HEAD} Năm 2022: {GOOD} ✗; năm 2023: {EXCELLENT} ✓."
    assert (check.passed, check.status) == (False, "not_met")


def test_rating_streak_maternity_year_counts_whatever_its_level(rules_with, period_2023):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    person = PersonFactory(gender="female")
    RatingFactory(person=person, year=2022, level=RatingLevel.NOT_COMPLETED, maternity_leave=True)
    RatingFactory(person=person, year=2023)

    result, check = the_check(award, person, period_2023, "rating_streak")

    assert result.eligible and check.status == "met"
    assert check.detail == f"{STREAK_HEAD} Năm 2022: nghỉ thai sản, được tính ✓; năm 2023: {EXCELLENT} ✓."


def test_rating_streak_of_a_merged_unit_takes_its_own_rating_then_the_lowest_predecessor(
    rules_with, period_2023
):
    award = rules_with({"check": "rating_streak", "level": "excellent", "years": 2})
    unit = OrganizationFactory(name="Sở Mới")
    good = OrganizationFactory(name="Sở Cũ A", successor=unit)
    excellent = OrganizationFactory(name="Sở Cũ B", successor=unit)
    RatingFactory(person=None, organization=good, year=2022, level=RatingLevel.GOOD)
    RatingFactory(person=None, organization=excellent, year=2022)
    RatingFactory(person=None, organization=unit, year=2023)
    RatingFactory(person=None, organization=good, year=2023, level=RatingLevel.COMPLETED)

    _result, check = the_check(award, unit, period_2023, "rating_streak")

    assert check.detail == (
        f"{STREAK_HEAD} Năm 2022: {GOOD} (của đơn vị tiền thân Sở Cũ A) ✗; năm 2023: {EXCELLENT} ✓."
    )
    assert not check.passed


# --- title_streak -------------------------------------------------------------------------------------


def test_title_streak_met_quotes_each_decision(rules_with, period_2023):
    award = rules_with({"check": "title_streak", "award_type": SOLDIER, "years": 2})
    person = PersonFactory()
    soldier = AwardTypeFactory(code=SOLDIER)
    AwardRecordFactory(award_type=soldier, person=person, year=2022, decision_number="5/QĐ-UBND")
    AwardRecordFactory(award_type=soldier, person=person, year=2023, decision_number="9/QĐ-UBND")

    result, check = the_check(award, person, period_2023, "title_streak")

    assert result.eligible and check.passed
    assert check.detail == (
        "Cần 2 năm liên tục đạt danh hiệu “Chiến sĩ thi đua cơ sở” đến năm 2023. "
        "Năm 2022: đạt (Quyết định số 5/QĐ-UBND) ✓; năm 2023: đạt (Quyết định số 9/QĐ-UBND) ✓."
    )


def test_title_streak_of_an_unknown_title_names_its_code_and_the_missing_years(rules_with, period_2023):
    award = rules_with({"check": "title_streak", "award_type": "no_such_title", "years": 1})

    _result, check = the_check(award, PersonFactory(), period_2023, "title_streak")

    assert check.detail == (
        "Cần 1 năm liên tục đạt danh hiệu “no_such_title” đến năm 2023. "
        "Năm 2023: chưa có trong sổ khen thưởng ✗."
    )
    assert (check.passed, check.status) == (False, "not_met")


def test_title_streak_of_a_merged_unit_names_the_predecessor(rules_with, period_2023):
    title = AwardTypeFactory(code="unit_title_x", name="Tập thể lao động xuất sắc X")
    award = rules_with({"check": "title_streak", "award_type": title.code, "years": 2})
    unit = OrganizationFactory(name="Sở Mới")
    old = OrganizationFactory(name="Sở Cũ", successor=unit)
    AwardRecordFactory(award_type=title, person=None, organization=old, year=2022, decision_number="1/QĐ")
    AwardRecordFactory(award_type=title, person=None, organization=unit, year=2023, decision_number="2/QĐ")

    result, check = the_check(award, unit, period_2023, "title_streak")

    assert result.eligible
    assert check.detail == (
        "Cần 2 năm liên tục đạt danh hiệu “Tập thể lao động xuất sắc X” đến năm 2023. "
        "Năm 2022: đạt (Quyết định số 1/QĐ) (của đơn vị tiền thân Sở Cũ) ✓; "
        "năm 2023: đạt (Quyết định số 2/QĐ) ✓."
    )


def test_title_streak_does_not_count_years_before_a_discipline_ends(rules_with, period_2023):
    award = rules_with({"check": "title_streak", "award_type": SOLDIER, "years": 2})
    person = PersonFactory()
    soldier = AwardTypeFactory(code=SOLDIER)
    AwardRecordFactory(award_type=soldier, person=person, year=2022, decision_number="5/QĐ-UBND")
    AwardRecordFactory(award_type=soldier, person=person, year=2023, decision_number="9/QĐ-UBND")
    HoldFactory(person=person, starts_on=D(2022, 1, 5), ends_on=D(2022, 6, 1))

    result, check = the_check(award, person, period_2023, "title_streak")

    assert not result.eligible
    assert check.passed is False and check.status == "not_met"
    assert check.detail == (
        "Cần 2 năm liên tục đạt danh hiệu “Chiến sĩ thi đua cơ sở” đến năm 2023. "
        f"Năm 2022: {DISCIPLINE_NOTE}; năm 2023: đạt (Quyết định số 9/QĐ-UBND) ✓."
    )


# --- initiatives -------------------------------------------------------------------------------------


def test_initiatives_list_the_counted_ones_and_the_number_usable(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 2, "years": 2})
    person = PersonFactory()
    first = InitiativeFactory(person=person, title="Một cửa", recognized_on=D(2022, 1, 1))
    second = InitiativeFactory(person=person, title="Số hóa", recognized_on=D(2022, 6, 1))
    InitiativeFactory(person=person, title="Lưu trữ", recognized_on=D(2023, 12, 31))
    InitiativeFactory(person=person, title="Quá cũ", recognized_on=D(2021, 12, 31))

    result, check = the_check(award, person, period_2023, "initiatives")

    assert check.detail == (
        "Cần 2 sáng kiến được công nhận trong năm 2022–2023, chưa dùng cho khen thưởng khác. "
        "Có 3: «Một cửa» (01/01/2022), «Số hóa» (01/06/2022) ✓."
    )
    assert result.initiative_ids == (first.pk, second.pk)


def test_initiatives_none_in_the_year(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1})

    result, check = the_check(award, PersonFactory(), period_2023, "initiatives")

    assert check.detail == (
        "Cần 1 sáng kiến được công nhận trong năm 2023, chưa dùng cho khen thưởng khác. "
        "Chưa có sáng kiến nào ✗."
    )
    assert (check.passed, check.status, result.initiative_ids) == (False, "not_met", ())


def test_initiatives_are_for_individuals_only(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1})

    _result, check = the_check(award, OrganizationFactory(), period_2023, "initiatives")

    assert check.detail == (
        "Cần 1 sáng kiến được công nhận trong năm 2023, chưa dùng cho khen thưởng khác. "
        "Sáng kiến chỉ tính cho cá nhân."
    )
    assert (check.passed, check.legal_basis) == (False, LEGAL_BASIS)


def test_initiatives_used_elsewhere_are_named_and_not_counted(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 2})
    person = PersonFactory()
    own = InitiativeFactory(
        person=person, title="Của hồ sơ này", used_by_nomination_id=41, recognized_on=D(2023, 2, 1)
    )
    InitiativeFactory(person=person, title="Đã dùng", used_by_nomination_id=77, recognized_on=D(2023, 3, 1))
    InitiativeFactory(
        person=person, title="Sổ cũ", used_by_reference="QĐ 12/2022", recognized_on=D(2023, 4, 1)
    )

    result, check = the_check(award, person, period_2023, "initiatives", exclude_nomination_id=41)

    assert check.detail == (
        "Cần 2 sáng kiến được công nhận trong năm 2023, chưa dùng cho khen thưởng khác. "
        "Có 1: «Của hồ sơ này» (01/02/2023); «Đã dùng» đã dùng cho hồ sơ 77; "
        "«Sổ cũ» đã dùng cho hồ sơ QĐ 12/2022 ✗."
    )
    # Not enough: none of them is bound to the dossier.
    assert not check.passed and result.initiative_ids == ()
    assert own.pk not in result.initiative_ids


def test_initiatives_of_the_required_scope_or_wider_count(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 2, "scope": "province"})
    person = PersonFactory()
    province = InitiativeFactory(person=person, scope=InitiativeScope.PROVINCE, recognized_on=D(2023, 2, 1))
    InitiativeFactory(person=person, scope=InitiativeScope.GRASSROOTS, recognized_on=D(2023, 3, 1))
    national = InitiativeFactory(person=person, scope=InitiativeScope.NATIONAL, recognized_on=D(2023, 4, 1))

    result, check = the_check(award, person, period_2023, "initiatives")

    assert check.passed and result.initiative_ids == (province.pk, national.pk)


def test_initiatives_before_a_discipline_ends_do_not_count(rules_with, period_2023):
    award = rules_with({"check": "initiatives", "count": 1, "years": 2})
    person = PersonFactory()
    InitiativeFactory(person=person, title="Trước", recognized_on=D(2022, 8, 1))
    HoldFactory(person=person, starts_on=D(2022, 1, 5), ends_on=D(2022, 6, 1))

    result, check = the_check(award, person, period_2023, "initiatives")

    assert check.detail == (
        "Cần 1 sáng kiến được công nhận trong năm 2022–2023, chưa dùng cho khen thưởng khác. "
        "Chưa có sáng kiến nào ✗."
    )
    assert not result.eligible


# --- leads_bloc ----------------------------------------------------------------------------------------


def test_leads_bloc_met(rules_with, period_2023):
    award = rules_with({"check": "leads_bloc"})
    row = BlocResultFactory(period=period_2023, bloc__name="Khối các sở")

    _result, check = the_check(award, row.organization, period_2023, "leads_bloc")

    assert check.detail == "Được suy tôn dẫn đầu Khối các sở năm 2023 ✓."
    assert (check.passed, check.status) == (True, "met")


def test_leads_bloc_of_a_predecessor_counts_for_its_successor(rules_with, period_2023):
    award = rules_with({"check": "leads_bloc"})
    unit = OrganizationFactory(name="Sở Mới")
    old = OrganizationFactory(name="Sở Cũ", successor=unit)
    BlocResultFactory(period=period_2023, organization=unit, bloc__name="Khối A", rank=3, is_leading=False)
    BlocResultFactory(period=period_2023, organization=old, bloc__name="Khối B")

    _result, check = the_check(award, unit, period_2023, "leads_bloc")

    assert check.detail == "Được suy tôn dẫn đầu Khối B năm 2023 (của đơn vị tiền thân Sở Cũ) ✓."
    assert check.passed


@pytest.mark.parametrize(("rank", "shown"), [(2, "2"), (None, "—")])
def test_leads_bloc_not_elected_gives_the_rank(rules_with, period_2023, rank, shown):
    award = rules_with({"check": "leads_bloc"})
    row = BlocResultFactory(period=period_2023, bloc__name="Khối huyện", rank=rank, is_leading=False)

    _result, check = the_check(award, row.organization, period_2023, "leads_bloc")

    assert check.detail == f"Không được suy tôn dẫn đầu Khối huyện năm 2023 (xếp hạng {shown}) ✗."
    assert (check.passed, check.status, check.missing) == (False, "not_met", "")


def test_leads_bloc_without_a_result_is_unknown_and_says_who_enters_it(rules_with, period_2023):
    award = rules_with({"check": "leads_bloc"})

    _result, check = the_check(award, OrganizationFactory(), period_2023, "leads_bloc")

    assert check.detail == "Chưa có kết quả khối thi đua của đơn vị trong đợt này."
    assert (check.passed, check.status, check.legal_basis) == (False, "unknown", LEGAL_BASIS)
    assert check.missing == "Kết quả bình xét của khối thi đua: Ban Thi đua - Khen thưởng nhập."


def test_leads_bloc_for_a_person(rules_with, period_2023):
    award = rules_with({"check": "leads_bloc"})

    _result, check = the_check(award, PersonFactory(), period_2023, "leads_bloc")

    assert (check.detail, check.passed, check.status) == ("Chỉ áp dụng cho tập thể.", False, "not_met")


# --- no_hold ---------------------------------------------------------------------------------------------


def test_no_hold_met_gives_the_span_looked_at(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})

    _result, check = the_check(award, PersonFactory(), period_2023, "no_hold")

    assert check.detail == (
        "Không bị kỷ luật, điều tra, thanh tra hay khiếu nại đang xác minh từ 01/01/2023 đến 10/01/2024 ✓."
    )


def test_no_hold_lists_the_holds_oldest_first(rules_with, period_2023):
    award = rules_with({"check": "no_hold"})
    person = PersonFactory()
    HoldFactory(person=person, kind=HoldKind.INVESTIGATION, starts_on=D(2023, 12, 20))
    HoldFactory(person=person, kind=HoldKind.DISCIPLINE, starts_on=D(2023, 3, 1), ends_on=D(2023, 5, 1))

    _result, check = the_check(award, person, period_2023, "no_hold")

    assert check.detail == (
        "Đang có trường hợp tạm hoãn khen thưởng: Kỷ luật từ 01/03/2023 đến 01/05/2023; "
        "Điều tra từ 20/12/2023 đến nay ✗."
    )
    assert (check.passed, check.status) == (False, "not_met")


# --- no_duplicate ------------------------------------------------------------------------------------------


def test_no_duplicate_met(rules_with, period_2023, no_provider):
    award = rules_with({"check": "no_duplicate"})

    _result, check = the_check(award, PersonFactory(), period_2023, "no_duplicate")

    assert check.detail == "Chưa được đề nghị hay khen thưởng cho thành tích của đợt này ✓."
    assert check.passed


def test_no_duplicate_names_the_award_and_the_open_dossier(rules_with, period_2023):
    from awards import eligibility

    award = rules_with({"check": "no_duplicate"})
    person = PersonFactory()
    AwardRecordFactory(award_type=award, person=person, year=2023, decision_number="46/QĐ-UBND")

    def provider(*, period, subject_keys, exclude_nomination_ids):
        return {("person", person.pk): ["HS-2024-0001"]}

    previous = eligibility._open_nominations_provider
    eligibility.register_open_nominations_provider(provider)
    try:
        _result, check = the_check(award, person, period_2023, "no_duplicate")
    finally:
        eligibility.register_open_nominations_provider(previous)

    assert check.detail == (
        "Thành tích của đợt này đã được đề nghị hoặc khen thưởng: "
        f"{award.name} năm 2023 (Quyết định số 46/QĐ-UBND); hồ sơ HS-2024-0001 đang xử lý ✗."
    )
    assert not check.passed


# --- registered --------------------------------------------------------------------------------------------


def test_registered_both_sentences(rules_with, period_2023):
    award = rules_with({"check": "registered"})
    pledged, silent = OrganizationFactory(), OrganizationFactory()
    RegistrationFactory(period=period_2023, organization=pledged)

    _ok, met = the_check(award, pledged, period_2023, "registered")
    _refused, not_met = the_check(award, silent, period_2023, "registered")

    assert (met.detail, met.passed) == ("Đã đăng ký thi đua trong đợt này ✓.", True)
    assert (not_met.detail, not_met.passed) == ("Chưa đăng ký thi đua trong đợt này ✗.", False)
