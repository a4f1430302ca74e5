"""Council arithmetic: quorum, recusal and each agenda item's outcome. Pure Python, no ORM.

Rules (docs/domain.md, "Council"; Bắc Ninh QĐ 86/2025; Decree 98/2023 Art. 30(7)):

- Quorum: at least `quorum` of the session's members are present. Written
  opinions count as votes, but they do not make a member present.
- An item passes when the votes in favour reach `threshold` of its base: all
  members of the session (`members`, e.g. the flag's 80 % "of all council
  members", with absent members voting in writing) or those taking part
  (`present`: present, plus absent members who gave a written opinion).
- "A majority" (a threshold of one half or less) means *more than* half: a tie
  is never an approval ("quá bán").
- A recused member (their own organization is the nominee or the proposer)
  neither votes nor counts in the item's base.
- Thresholds are stored with three decimals, so two thirds is stored as 0.667:
  a ratio reaches a threshold when it is at most half a step (0.0005) below
  it, so 6 of 9 meets 0.667 and 5 of 9 does not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from django.utils.translation import get_language, gettext

from awards.enums import ThresholdBase
from nominations.enums import ItemOutcome, VoteChoice

__all__ = [
    "Ballot",
    "ItemTally",
    "is_recused",
    "percent",
    "quorum_met",
    "reaches",
    "share_text",
    "tally_item",
]

_HALF_STEP = Fraction(1, 2000)  # half of the 0.001 precision of stored fractions
_HALF = Fraction(1, 2)


@lru_cache(maxsize=64)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """The message in the active language, looked up once per language: a page of
    voting cards words a share per card, and three catalogue lookups each were half
    of that work."""
    return _translated(get_language(), message)


@lru_cache(maxsize=64)
def _fraction(threshold: Decimal | str) -> Fraction:
    """A stored threshold as an exact fraction (the same few thresholds, every item)."""
    return Fraction(Decimal(str(threshold)))


@dataclass(frozen=True)
class Ballot:
    choice: str
    written: bool = False


@dataclass(frozen=True)
class ItemTally:
    members: int
    present: int
    yes: int
    no: int
    abstain: int
    written: int
    recused: int
    outcome: str
    # What the outcome was measured against (stored at closing).
    base: int | None = None
    threshold: Decimal | None = None
    threshold_base: str = ""

    @property
    def approved(self) -> bool:
        return self.outcome == ItemOutcome.APPROVED


def reaches(count: int, base: int, threshold: Decimal | Fraction | str) -> bool:
    """Whether `count` out of `base` reaches the stored fraction `threshold`."""
    if base <= 0:
        return False
    return Fraction(count, base) >= _fraction(threshold) - _HALF_STEP


def quorum_met(*, members: int, present: int, quorum: Decimal | str) -> bool:
    return reaches(present, members, quorum)  # no members: never met (`reaches`)


def is_recused(
    *,
    member_organization_id: int | None,
    nominee_organization_id: int | None,
    proposing_organization_id: int | None,
) -> bool:
    """A member is recused from an item about their own organization."""
    if member_organization_id is None:
        return False
    return member_organization_id in (nominee_organization_id, proposing_organization_id)


def tally_item(
    *,
    members: Collection[int],
    present: Collection[int],
    recused: Collection[int],
    ballots: Mapping[int, Ballot],
    threshold: Decimal | str,
    threshold_base: str,
) -> ItemTally:
    """Count one item's ballots and decide its outcome.

    `members` are the session's member ids, `present` those present, `recused`
    those recused from this item, `ballots` member id → ballot (ballots of
    non-members or recused members are ignored: the services refuse them).
    """
    member_set = set(members)
    present_set = set(present) & member_set
    recused_set = set(recused) & member_set
    counted = {m: b for m, b in ballots.items() if m in member_set and m not in recused_set}
    yes = sum(1 for b in counted.values() if b.choice == VoteChoice.YES)
    no = sum(1 for b in counted.values() if b.choice == VoteChoice.NO)
    abstain = sum(1 for b in counted.values() if b.choice == VoteChoice.ABSTAIN)
    written = sum(1 for b in counted.values() if b.written)

    if threshold_base == ThresholdBase.PRESENT:
        # Those taking part: present, plus absent members whose written opinion counts as a vote
        # (otherwise "3 of 2 present" could pass).
        writers = {m for m, b in counted.items() if b.written}
        base = len((present_set | writers) - recused_set)
    else:
        base = len(member_set - recused_set)
    threshold_fraction = _fraction(threshold)
    passed = reaches(yes, base, threshold)
    if threshold_fraction <= _HALF:
        passed = passed and Fraction(yes, max(base, 1)) > _HALF
    return ItemTally(
        members=len(member_set),
        present=len(present_set),
        yes=yes,
        no=no,
        abstain=abstain,
        written=written,
        recused=len(recused_set),
        outcome=ItemOutcome.APPROVED if passed else ItemOutcome.NOT_APPROVED,
        base=base,
        threshold=Decimal(str(threshold)),
        threshold_base=threshold_base,
    )


def percent(value: Decimal | Fraction | float, decimals: int | None = None) -> str:
    """'60,0 %', '80 %', '66,7 %': Vietnamese decimal comma, a space before the sign.
    Without `decimals`, a whole number prints bare and anything else with one decimal."""
    number = Decimal(str(float(value))) if isinstance(value, Fraction | float) else Decimal(value)
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 1
    text = f"{number:.{decimals}f}".replace(".", ",")
    return f"{text} %"


def share_text(
    *, yes: int, base: int, threshold: Decimal | str, threshold_base: str, recused: int = 0
) -> str:
    """The share reached against the threshold that applied, e.g.
    '3/5 = 60,0 % < 80 % của tổng số thành viên'. A majority (a threshold of one
    half or less) must exceed half, so a tie reads '3/6 = 50,0 %, không quá 50 % …'."""
    of = (
        _("của số thành viên có mặt")
        if threshold_base == ThresholdBase.PRESENT
        else _("của tổng số thành viên")
    )
    limit = _fraction(threshold)
    majority = limit <= _HALF
    limit_text = percent(50) if majority else percent(Decimal(str(threshold)) * 100)
    values = {"yes": yes, "base": base, "limit": limit_text, "of": of}
    if base <= 0:
        text = _("%(yes)s/%(base)s: không có thành viên nào được tính") % values
    else:
        share = Fraction(yes, base)
        values["reached"] = percent(share * 100, 1)
        if majority and share == _HALF:
            text = _("%(yes)s/%(base)s = %(reached)s, không quá %(limit)s %(of)s") % values
        else:
            passed = share > _HALF if majority else reaches(yes, base, threshold)
            op = (">" if majority else "≥") if passed else "<"
            text = f"{yes}/{base} = {values['reached']} {op} {limit_text} {of}"
    if majority:
        text += " " + _("(cần quá bán)")
    if recused:
        text += "; " + _("không tính %(n)s thành viên không tham gia biểu quyết") % {"n": recused}
    return text
