"""The nomination workflow as data: which action moves which state where.

Pure Python (no ORM, no request): tested without a database. Services in
`nominations.services` are the only callers that change a status, and each
asks `check_transition` first (docs/architecture.md: one table, no FSM library).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.errors import TransitionError
from nominations.enums import NominationStatus

S = NominationStatus


@dataclass(frozen=True)
class Action:
    """A named move of the workflow: from any of `sources` to `target`."""

    code: str
    label: object  # lazy Vietnamese verb phrase, e.g. "nộp"
    sources: frozenset[str]
    target: str


# Every action of the diagram in docs/architecture.md. `approve`/`reject` are the session's
# outcome (council engineer), `award` the decision's issue, `revoke` a later act.
ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action("submit", gettext_lazy("nộp"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
        Action("return", gettext_lazy("trả lại"), frozenset({S.SUBMITTED}), S.RETURNED),
        Action("verify", gettext_lazy("thẩm định"), frozenset({S.SUBMITTED}), S.VERIFIED),
        Action("confirm", gettext_lazy("xác nhận"), frozenset({S.VERIFIED}), S.APPROVED),
        Action(
            "withdraw",
            gettext_lazy("rút"),
            frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED}),
            S.WITHDRAWN,
        ),
        Action("approve", gettext_lazy("thông qua"), frozenset({S.VERIFIED}), S.APPROVED),
        Action("reject", gettext_lazy("không thông qua"), frozenset({S.VERIFIED}), S.NOT_APPROVED),
        Action("award", gettext_lazy("khen thưởng"), frozenset({S.APPROVED}), S.AWARDED),
        Action("revoke", gettext_lazy("thu hồi"), frozenset({S.AWARDED}), S.REVOKED),
    )
}

# The transition table: state → the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(a.target for a in ACTIONS.values() if state in a.sources) for state in S.values
}

# States a nomination never leaves.
TERMINAL: frozenset[str] = frozenset(state for state, targets in TRANSITIONS.items() if not targets)

# States in which the proposing unit may still change the dossier and its documents.
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})


def can_transition(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def _label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return status


def check_transition(current: str, to: str) -> None:
    """Raise TransitionError (409) with a Vietnamese sentence when `current → to` is not allowed."""
    if can_transition(current, to):
        return
    if current == to:
        raise TransitionError(_("Hồ sơ đã ở trạng thái “%(status)s”.") % {"status": _label(current)})
    if current in TERMINAL:
        raise TransitionError(
            _("Hồ sơ ở trạng thái “%(status)s” đã kết thúc, không thể chuyển sang “%(to)s”.")
            % {"status": _label(current), "to": _label(to)}
        )
    raise TransitionError(
        _("Không thể chuyển hồ sơ từ trạng thái “%(status)s” sang “%(to)s”.")
        % {"status": _label(current), "to": _label(to)}
    )


def check_action(current: str, action: str) -> str:
    """Check that `action` may run from `current`; return the target state."""
    move = ACTIONS[action]
    if current in move.sources:
        return move.target
    if current == move.target:
        raise TransitionError(
            _("Không thể %(action)s: hồ sơ đã ở trạng thái “%(status)s”.")
            % {"action": move.label, "status": _label(current)}
        )
    allowed = ", ".join(f"“{_label(s)}”" for s in sorted(move.sources, key=S.values.index))
    raise TransitionError(
        _(
            "Không thể %(action)s hồ sơ đang ở trạng thái “%(status)s”: chỉ %(action)s được hồ sơ ở trạng thái %(allowed)s."
        )
        % {"action": move.label, "status": _label(current), "allowed": allowed}
    )
