"""Reward money: amounts and the amount in Vietnamese words. Pure functions, no ORM.

Decree 152/2025/NĐ-CP Art. 49: the reward is the base salary in force on the
decision's signing date times the award's multiple, "làm tròn số lên hàng chục
nghìn đồng" (rounded up to the next 10,000 đ).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

__all__ = ["amount_in_words", "reward_amount", "round_up_to_10k"]

_STEP = Decimal(10_000)

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Group names below a billion; above it the reading repeats with "tỷ".
_GROUP_NAMES = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def _as_decimal(value: int | str | Decimal) -> Decimal:
    if isinstance(value, float):
        # A binary float would carry its error into the money (0.3 is 0.29999...).
        value = repr(value)
    return Decimal(value)


def round_up_to_10k(amount: int | str | Decimal) -> int:
    """Round up to the next multiple of 10,000 đ (702,000 → 710,000; 2,700,000 stays)."""
    value = _as_decimal(amount)
    if value < 0:
        raise ValueError("amount must not be negative")
    return int((value / _STEP).to_integral_value(rounding=ROUND_CEILING) * _STEP)


def reward_amount(base_salary: int | str | Decimal, multiple: int | str | Decimal) -> int:
    """Base salary × multiple, rounded up to 10,000 đ, computed in Decimal."""
    return round_up_to_10k(_as_decimal(base_salary) * _as_decimal(multiple))


def _read_tens_units(tens: int, units: int, *, after_hundreds: bool) -> list[str]:
    words: list[str] = []
    if tens == 0:
        if units:
            # "linh" only follows a hundreds word: 105 "một trăm linh năm", 5 "năm".
            if after_hundreds:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words.extend([_DIGITS[tens], "mươi"])
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_group(group: int, *, leading: bool) -> list[str]:
    """Read 0..999. A group after a larger one keeps "không trăm" (7,020,000 →
    "bảy triệu không trăm hai mươi nghìn"), as official documents write it."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words.extend([_DIGITS[hundreds], "trăm"])
    words.extend(_read_tens_units(tens, units, after_hundreds=bool(words)))
    return words


def _read_below_billion(n: int, *, leading: bool) -> list[str]:
    groups = []
    for _name in _GROUP_NAMES:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue  # a zero group is not read: 1,000,500 "một triệu năm trăm"
        words.extend(_read_group(group, leading=leading and not words))
        if _GROUP_NAMES[index]:
            words.append(_GROUP_NAMES[index])
    return words


def _read(n: int, *, leading: bool = True) -> list[str]:
    if n >= _BILLION:
        billions, rest = divmod(n, _BILLION)
        words = [*_read(billions, leading=leading), "tỷ"]
        if rest:
            words.extend(_read_below_billion(rest, leading=False))
        return words
    return _read_below_billion(n, leading=leading)


def amount_in_words(n: int) -> str:
    """The amount as a decision writes it: 7,020,000 → "Bảy triệu không trăm hai mươi nghìn đồng"."""
    if isinstance(n, bool) or int(n) != n:
        raise ValueError("amount must be a whole number of đồng")
    n = int(n)
    if n < 0:
        raise ValueError("amount must not be negative")
    words = _read(n) if n else ["không"]
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
