"""Dates as Vietnamese administrative documents write them."""

from __future__ import annotations

from datetime import date

from certificates.rendering import short_date, vietnamese_date


def test_vietnamese_date_pads_day_and_month():
    assert vietnamese_date(date(2024, 1, 11)) == "ngày 11 tháng 01 năm 2024"
    assert vietnamese_date(date(2023, 12, 5)) == "ngày 05 tháng 12 năm 2023"


def test_short_date_pads_day_and_month():
    assert short_date(date(2024, 1, 9)) == "09/01/2024"
