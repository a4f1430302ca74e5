"""The transition table, without a database: every (state, action) pair."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from awards.errors import TransitionError
from nominations.enums import NominationStatus as S
from nominations.workflow import (
    ACTIONS,
    TERMINAL,
    TRANSITIONS,
    can_transition,
    check_action,
    check_transition,
)

# The moves of the diagram in docs/architecture.md, written out: the table must say exactly this.
EXPECTED_MOVES = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("submit", S.RETURNED): S.SUBMITTED,
    ("return", S.SUBMITTED): S.RETURNED,
    ("verify", S.SUBMITTED): S.VERIFIED,
    ("confirm", S.VERIFIED): S.APPROVED,
    ("withdraw", S.DRAFT): S.WITHDRAWN,
    ("withdraw", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw", S.RETURNED): S.WITHDRAWN,
    ("withdraw", S.VERIFIED): S.WITHDRAWN,
    ("approve", S.VERIFIED): S.APPROVED,
    ("reject", S.VERIFIED): S.NOT_APPROVED,
    ("award", S.APPROVED): S.AWARDED,
    ("revoke", S.AWARDED): S.REVOKED,
}

PAIRS = list(itertools.product(sorted(ACTIONS), S.values))


@pytest.mark.parametrize(("action", "state"), PAIRS)
def test_check_action_allows_exactly_the_listed_moves(action, state):
    expected = EXPECTED_MOVES.get((action, state))

    if expected is None:
        with pytest.raises(TransitionError) as refused:
            check_action(state, action)
        assert "Không thể" in refused.value.message
    else:
        assert check_action(state, action) == expected


@pytest.mark.parametrize(("current", "to"), list(itertools.product(S.values, S.values)))
def test_check_transition_matches_the_table(current, to):
    allowed = {(state, target) for (_a, state), target in EXPECTED_MOVES.items()}

    if (current, to) in allowed:
        check_transition(current, to)
        assert can_transition(current, to)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, to)
        assert not can_transition(current, to)


def test_terminal_states_are_the_ends_of_the_diagram():
    assert frozenset({S.NOT_APPROVED, S.REVOKED, S.WITHDRAWN}) == TERMINAL


def test_transitions_cover_every_state():
    assert set(TRANSITIONS) == set(S.values)


def test_refusal_names_the_current_state_in_vietnamese():
    with pytest.raises(TransitionError) as refused:
        check_action(S.SUBMITTED, "submit")

    assert refused.value.message == "Không thể nộp: hồ sơ đã ở trạng thái “Đã nộp”."


def test_refusal_from_a_terminal_state_says_it_is_over():
    with pytest.raises(TransitionError) as refused:
        check_transition(S.WITHDRAWN, S.SUBMITTED)

    assert "đã kết thúc" in refused.value.message


def test_refused_action_names_the_states_it_needs_in_workflow_order():
    with translation.override("vi"), pytest.raises(TransitionError) as exc:
        check_action(S.APPROVED, "withdraw")

    assert exc.value.message == (
        "Không thể rút hồ sơ đang ở trạng thái “Được đề nghị khen thưởng”: chỉ rút được hồ sơ ở trạng thái "
        "“Dự thảo”, “Đã nộp”, “Trả lại”, “Đã thẩm định”."
    )
