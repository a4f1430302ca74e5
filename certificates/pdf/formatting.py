"""Dates and money written the way Vietnamese administrative documents write them."""

from __future__ import annotations

from datetime import date


def vietnamese_date(d: date) -> str:
    """'ngày 11 tháng 01 năm 2024': day and month zero-padded, as the official example."""
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def short_date(d: date) -> str:
    """'11/01/2024', as on line 8 of the certificate."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_vnd(amount: int) -> str:
    """'2.700.000': thousands separated by dots, no decimals (the đồng has no subunit)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def format_mm(value: float) -> str:
    """'+3,5' / '-2' / '0': a signed millimetre figure with the Vietnamese decimal comma."""
    text = f"{value:+.2f}".rstrip("0").rstrip(".")
    if text in ("+0", "-0"):
        return "0"
    return text.replace(".", ",")
