"""Reward money and its reading in words (Decree 152/2025 Art. 49)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awards.money import amount_in_words, reward_amount, round_up_to_10k


def test_reward_amount_rounds_up_to_next_10k():
    assert reward_amount(2_340_000, Decimal("0.3")) == 710_000


def test_reward_amount_exact_multiple_is_kept():
    assert reward_amount(1_800_000, Decimal("1.5")) == 2_700_000


def test_reward_amount_flag_multiple():
    assert reward_amount(2_340_000, Decimal("8.0")) == 18_720_000


def test_reward_amount_accepts_a_float_multiple_without_binary_error():
    assert reward_amount(2_340_000, 0.3) == 710_000
    assert reward_amount(1_000_000, 0.6) == 600_000


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        (0, 0),
        (1, 10_000),
        (702_000, 710_000),
        (710_000, 710_000),
        (9_999, 10_000),
        (Decimal("10000.01"), 20_000),
    ],
)
def test_round_up_to_10k(amount, rounded):
    assert round_up_to_10k(amount) == rounded


def test_round_up_to_10k_refuses_negative():
    with pytest.raises(ValueError, match=r"^amount must not be negative$"):
        round_up_to_10k(-1)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (7_020_000, "Bảy triệu không trăm hai mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (18_720_000, "Mười tám triệu bảy trăm hai mươi nghìn đồng"),
        (2_700_000, "Hai triệu bảy trăm nghìn đồng"),
        (710_000, "Bảy trăm mười nghìn đồng"),
        (3_510_000, "Ba triệu năm trăm mười nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (11_000, "Mười một nghìn đồng"),
        (125_000, "Một trăm hai mươi lăm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (100_000_000, "Một trăm triệu đồng"),
        (1_000_010_000, "Một tỷ không trăm mười nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (0, "Không đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_amount_in_words_keeps_linh_and_khong_tram_in_inner_groups():
    assert amount_in_words(2_010_005) == "Hai triệu không trăm mười nghìn không trăm linh năm đồng"


def test_amount_in_words_refuses_negative_and_fractions():
    with pytest.raises(ValueError, match=r"^amount must not be negative$"):
        amount_in_words(-5)
    with pytest.raises(ValueError, match=r"^amount must be a whole number of đồng$"):
        amount_in_words(Decimal("1.5"))


def test_four_after_ten_is_bon_and_after_twenty_is_tu():
    assert amount_in_words(14_000) == "Mười bốn nghìn đồng"
    assert amount_in_words(24_000) == "Hai mươi tư nghìn đồng"


def test_a_round_billion_is_read_in_billions():
    assert amount_in_words(1_000_000_000) == "Một tỷ đồng"
    assert amount_in_words(2_000_000_005) == "Hai tỷ không trăm linh năm đồng"
