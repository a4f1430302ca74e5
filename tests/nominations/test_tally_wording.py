"""The tally's edges and its words: the half-step tolerance at its exact boundary, a
share with nobody to count, a majority threshold under one half, the default of no
recused member, and the words in the language of each request (looked up once per
language, never once for all). Written from mutmut's survivors of `nominations/tally.py`."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from awards.enums import ThresholdBase
from nominations.tally import percent, quorum_met, reaches, share_text

ALL = ThresholdBase.MEMBERS


def test_a_share_half_a_step_under_the_stored_threshold_reaches_it():
    # 0.667 stands for two thirds: 1333/2000 = 0.6665 rounds to it, 1332/2000 does not.
    assert reaches(1333, 2000, "0.667")
    assert not reaches(1332, 2000, "0.667")


def test_nobody_to_count_reaches_nothing_and_meets_no_quorum():
    assert not reaches(0, 0, "0")
    assert not reaches(1, 0, "0.5")
    assert not quorum_met(members=0, present=0, quorum="0")


def test_a_share_with_nobody_to_count_says_so():
    assert share_text(yes=0, base=0, threshold="0.800", threshold_base=ALL) == (
        "0/0: không có thành viên nào được tính"
    )


def test_one_member_counted_is_a_share_not_nobody():
    assert share_text(yes=1, base=1, threshold="0.500", threshold_base=ALL) == (
        "1/1 = 100,0 % > 50 % của tổng số thành viên (cần quá bán)"
    )


def test_a_threshold_under_one_half_is_still_a_majority_of_more_than_half():
    # A stored 0.4 would be reached by 2 of 5; a majority must exceed half whatever is stored.
    assert share_text(yes=2, base=5, threshold="0.400", threshold_base=ALL) == (
        "2/5 = 40,0 % < 50 % của tổng số thành viên (cần quá bán)"
    )


def test_without_recused_members_the_share_names_none():
    assert share_text(yes=3, base=5, threshold="0.800", threshold_base=ALL) == (
        "3/5 = 60,0 % < 80 % của tổng số thành viên"
    )


def test_the_words_follow_the_language_of_each_request():
    with translation.override("vi"):
        vietnamese = share_text(yes=0, base=0, threshold="0.500", threshold_base=ALL)
    with translation.override("en"):
        english = share_text(yes=0, base=0, threshold="0.500", threshold_base=ALL)

    assert vietnamese == "0/0: không có thành viên nào được tính (cần quá bán)"
    assert english == "0/0: no member counted (a majority is required)"


def test_a_decimal_percentage_is_printed_exactly_not_through_a_float():
    assert percent(Decimal("12345678901234567.8")) == "12345678901234567,8 %"
