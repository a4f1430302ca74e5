"""The council's arithmetic, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nominations.tally import Ballot, is_recused, percent, quorum_met, reaches, share_text, tally_item

EIGHTY = Decimal("0.800")
HALF = Decimal("0.500")
TWO_THIRDS = Decimal("0.667")


def _ballots(yes=(), no=(), abstain=(), written=()):
    ballots = {}
    for choice, ids in (("yes", yes), ("no", no), ("abstain", abstain)):
        for member in ids:
            ballots[member] = Ballot(choice=choice, written=member in written)
    return ballots


def test_tally_eighty_percent_of_all_members_counts_written_opinions():
    # 15 members, 12 present, 3 absent who voted in writing: 12 yes of 15 = 80 %.
    members = range(1, 16)
    present = range(1, 13)
    ballots = _ballots(yes=[*range(1, 10), 13, 14, 15], no=[10], abstain=[11, 12], written={13, 14, 15})

    result = tally_item(
        members=members,
        present=present,
        recused=(),
        ballots=ballots,
        threshold=EIGHTY,
        threshold_base="members",
    )

    assert (result.members, result.present, result.yes, result.no, result.abstain, result.written) == (
        15,
        12,
        12,
        1,
        2,
        3,
    )
    assert result.outcome == "approved"


def test_tally_eighty_percent_of_all_members_fails_when_absent_give_no_opinion():
    # The same 11 yes among those present, 3 absent silent: 11/15 = 73 % < 80 %,
    # although 11/12 of those present would pass.
    ballots = _ballots(yes=range(1, 12), no=[12])

    result = tally_item(
        members=range(1, 16),
        present=range(1, 13),
        recused=(),
        ballots=ballots,
        threshold=EIGHTY,
        threshold_base="members",
    )

    assert result.yes == 11
    assert result.written == 0
    assert result.outcome == "not_approved"


def test_tally_simple_majority_of_those_present():
    # 9 members, 7 present: 4 yes is more than half of 7.
    ballots = _ballots(yes=[1, 2, 3, 4], no=[5, 6], abstain=[7])

    result = tally_item(
        members=range(1, 10),
        present=range(1, 8),
        recused=(),
        ballots=ballots,
        threshold=HALF,
        threshold_base="present",
    )

    assert result.outcome == "approved"


def test_tally_simple_majority_of_all_members_is_not_reached_by_those_present():
    ballots = _ballots(yes=[1, 2, 3, 4], no=[5, 6], abstain=[7])

    result = tally_item(
        members=range(1, 10),
        present=range(1, 8),
        recused=(),
        ballots=ballots,
        threshold=HALF,
        threshold_base="members",
    )

    assert result.outcome == "not_approved"


def test_tally_tie_is_not_a_majority():
    ballots = _ballots(yes=[1, 2, 3], no=[4, 5, 6])

    result = tally_item(
        members=range(1, 7),
        present=range(1, 7),
        recused=(),
        ballots=ballots,
        threshold=HALF,
        threshold_base="present",
    )

    assert (result.yes, result.no) == (3, 3)
    assert result.outcome == "not_approved"


def test_tally_exactly_half_with_abstentions_is_not_a_majority():
    ballots = _ballots(yes=[1, 2], no=[3], abstain=[4])

    result = tally_item(
        members=range(1, 5),
        present=range(1, 5),
        recused=(),
        ballots=ballots,
        threshold=HALF,
        threshold_base="present",
    )

    assert result.outcome == "not_approved"


def test_tally_exactly_eighty_percent_passes():
    ballots = _ballots(yes=range(1, 9), no=[9, 10])

    result = tally_item(
        members=range(1, 11),
        present=range(1, 11),
        recused=(),
        ballots=ballots,
        threshold=EIGHTY,
        threshold_base="members",
    )

    assert result.outcome == "approved"


def test_tally_recused_member_is_left_out_of_base_and_counts():
    # 5 members, member 5 recused: 4 yes of the 4 who may vote is 100 %.
    ballots = _ballots(yes=[1, 2, 3, 4, 5])

    result = tally_item(
        members=range(1, 6),
        present=range(1, 6),
        recused=[5],
        ballots=ballots,
        threshold=EIGHTY,
        threshold_base="members",
    )

    assert (result.yes, result.recused, result.members) == (4, 1, 5)
    assert result.outcome == "approved"


def test_tally_with_nobody_to_count_is_not_approved():
    result = tally_item(
        members=[1], present=[], recused=[], ballots={}, threshold=HALF, threshold_base="present"
    )

    assert result.outcome == "not_approved"


def test_quorum_two_thirds_stored_as_0667():
    assert quorum_met(members=9, present=6, quorum=TWO_THIRDS)
    assert not quorum_met(members=9, present=5, quorum=TWO_THIRDS)
    assert not quorum_met(members=0, present=0, quorum=TWO_THIRDS)


def test_quorum_eighty_percent_for_award_sessions():
    assert quorum_met(members=15, present=12, quorum=EIGHTY)
    assert not quorum_met(members=15, present=11, quorum=EIGHTY)


def test_reaches_tolerance_is_half_a_stored_step():
    assert reaches(2, 3, TWO_THIRDS)
    assert not reaches(666, 1000, TWO_THIRDS)


def test_is_recused_for_nominee_or_proposer_organization():
    assert is_recused(member_organization_id=7, nominee_organization_id=7, proposing_organization_id=1)
    assert is_recused(member_organization_id=1, nominee_organization_id=None, proposing_organization_id=1)
    assert not is_recused(member_organization_id=2, nominee_organization_id=7, proposing_organization_id=1)
    assert not is_recused(
        member_organization_id=None, nominee_organization_id=None, proposing_organization_id=1
    )


# --- the share reached, as pages and minutes print it -----------------------------------------


def _share(*, yes, no, members, present=None, recused=(), threshold, base):
    present = members if present is None else present
    ballots = {m: Ballot("yes") for m in range(1, yes + 1)}
    ballots.update({m: Ballot("no") for m in range(yes + 1, yes + no + 1)})
    tally = tally_item(
        members=range(1, members + 1),
        present=range(1, present + 1),
        recused=recused,
        ballots=ballots,
        threshold=threshold,
        threshold_base=base,
    )
    text = share_text(
        yes=tally.yes, base=tally.base, threshold=tally.threshold, threshold_base=base, recused=tally.recused
    )
    return tally.outcome, text


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # The flag: 80 % of all members.
        (
            {"yes": 3, "no": 1, "members": 5, "threshold": "0.800", "base": "members"},
            ("not_approved", "3/5 = 60,0 % < 80 % của tổng số thành viên"),
        ),
        (
            {"yes": 4, "no": 1, "members": 5, "threshold": "0.800", "base": "members"},
            ("approved", "4/5 = 80,0 % ≥ 80 % của tổng số thành viên"),
        ),
        # Two thirds stored as 0.667: 6 of 9 reaches it, 5 of 9 does not.
        (
            {"yes": 6, "no": 3, "members": 9, "threshold": "0.667", "base": "members"},
            ("approved", "6/9 = 66,7 % ≥ 66,7 % của tổng số thành viên"),
        ),
        (
            {"yes": 5, "no": 4, "members": 9, "threshold": "0.667", "base": "present"},
            ("not_approved", "5/9 = 55,6 % < 66,7 % của số thành viên có mặt"),
        ),
        # A majority must be exceeded: a tie is not an approval.
        (
            {"yes": 3, "no": 3, "members": 6, "threshold": "0.500", "base": "members"},
            ("not_approved", "3/6 = 50,0 %, không quá 50 % của tổng số thành viên (cần quá bán)"),
        ),
        (
            {"yes": 3, "no": 2, "members": 6, "present": 5, "threshold": "0.500", "base": "present"},
            ("approved", "3/5 = 60,0 % > 50 % của số thành viên có mặt (cần quá bán)"),
        ),
        (
            {"yes": 2, "no": 3, "members": 6, "present": 5, "threshold": "0.500", "base": "present"},
            ("not_approved", "2/5 = 40,0 % < 50 % của số thành viên có mặt (cần quá bán)"),
        ),
        # A recused member neither votes nor counts in the base.
        (
            {"yes": 4, "no": 0, "members": 6, "recused": [6], "threshold": "0.800", "base": "members"},
            (
                "approved",
                "4/5 = 80,0 % ≥ 80 % của tổng số thành viên; không tính 1 thành viên không tham gia biểu quyết",
            ),
        ),
        (
            {"yes": 2, "no": 2, "members": 5, "recused": [5], "threshold": "0.500", "base": "present"},
            (
                "not_approved",
                "2/4 = 50,0 %, không quá 50 % của số thành viên có mặt (cần quá bán); "
                "không tính 1 thành viên không tham gia biểu quyết",
            ),
        ),
    ],
)
def test_share_text_for_ties_exact_threshold_and_below_on_both_bases(case, expected):
    assert _share(**case) == expected


def test_percent_uses_the_vietnamese_decimal_comma():
    assert (percent(80), percent(Decimal("66.7")), percent(Decimal("60"), 1)) == ("80 %", "66,7 %", "60,0 %")
