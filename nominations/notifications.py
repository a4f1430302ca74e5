"""Notifications: one in-app notice per recipient, and e-mail after the commit.

`notify(kind, users, path=..., **values)` is the one way in (other apps call
it too: certificates for print jobs). It writes the notices inside the caller's
transaction, so a move that is rolled back tells nobody, and hands the e-mail
to the task backend after the commit (`nominations.tasks`), so a slow mail
server never slows a request. The helpers below pick the recipients of each
workflow step: staff on submit, the proposing unit's heads on its dossier's
fate, a session's members, the chairman for a draft decision.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from awards import roles
from awards.enums import Role
from awards.models import Organization, User
from nominations.enums import NotificationKind as K
from nominations.models import Notification

logger = logging.getLogger(__name__)

# One sentence per kind; values are filled in when the notice is read, in the
# reader's language (the e-mail is always Vietnamese).
TEXTS: dict[str, Any] = {
    K.SUBMITTED: _("Hồ sơ %(ref)s (%(name)s, %(award)s) của %(unit)s đã được nộp, chờ thẩm định."),
    K.RETURNED: _("Hồ sơ %(ref)s (%(name)s, %(award)s) bị trả lại. Lý do: %(reason)s"),
    K.VERIFIED: _("Hồ sơ %(ref)s (%(name)s, %(award)s) đã được thẩm định."),
    K.APPROVED: _("Hồ sơ %(ref)s (%(name)s, %(award)s) được %(body)s đề nghị khen thưởng."),
    K.NOT_APPROVED: _("Hồ sơ %(ref)s (%(name)s, %(award)s) không được %(body)s đề nghị khen thưởng."),
    K.AWARDED: _("%(name)s được tặng %(award)s theo Quyết định số %(number)s (hồ sơ %(ref)s)."),
    K.REVOKED: _("Khen thưởng của hồ sơ %(ref)s (%(name)s, %(award)s) đã bị thu hồi theo văn bản %(act)s."),
    K.SESSION_SCHEDULED: _("Bạn được mời dự %(title)s, ngày %(date)s."),
    K.SESSION_OPENED: _("%(title)s đã bắt đầu: mời bạn biểu quyết %(count)s hồ sơ."),
    K.AGENDA_CHANGED: _("Chương trình %(title)s đã thay đổi: nay gồm %(count)s hồ sơ."),
    K.DECISION_AWAITING: _(
        "Dự thảo Quyết định số %(number)s (%(award)s, %(count)s trường hợp) chờ ký ban hành."
    ),
    K.DECISION_RETURNED: _("Dự thảo Quyết định số %(number)s bị trả lại. Lý do: %(reason)s"),
    K.PRINT_DONE: _("Lệnh in số %(job)s đã xong: %(count)s trang."),
    K.PRINT_FAILED: _("Lệnh in số %(job)s bị lỗi: %(error)s"),
    # A kind may have variants, chosen by the notice's "variant" value.
    f"{K.DEADLINE_REMINDER}:drafts": _(
        "Còn %(days)s ngày đến hạn nộp hồ sơ đợt “%(period)s” (%(closes)s): "
        "đơn vị còn %(drafts)s hồ sơ dự thảo chưa nộp."
    ),
    f"{K.DEADLINE_REMINDER}:nothing": _(
        "Còn %(days)s ngày đến hạn nộp hồ sơ đợt “%(period)s” (%(closes)s): đơn vị chưa nộp hồ sơ nào."
    ),
    K.VOTE_REMINDER: _("%(title)s: bạn còn %(count)s hồ sơ chưa biểu quyết; phiên họp ngày %(date)s."),
}


class _Values(dict):
    """A value a sentence names but the notice lacks reads as a dash, never as "%(x)s"."""

    def __missing__(self, key: str) -> str:
        return "—"


def render_text(kind: str, params: dict[str, Any]) -> str:
    template = TEXTS.get(f"{kind}:{params.get('variant', '')}") or TEXTS.get(kind)
    if template is None:
        return str(kind)
    try:
        return str(template) % _Values(params)
    except (TypeError, ValueError):
        return str(template)


def notify(kind: str, users: Iterable[Any], *, path: str, **values: Any) -> list[Notification]:
    """One notice per distinct active user, linking to `path` (a page, never the API).

    Runs in the caller's transaction; e-mail goes after the commit through the
    task backend, to those who have not turned this kind off.
    """
    if kind not in TEXTS and f"{kind}:{values.get('variant', '')}" not in TEXTS:
        raise ValueError(f"unknown notification kind {kind!r}")
    params = {name: "" if value is None else str(value) for name, value in values.items()}
    seen: set[int] = set()
    rows = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient_id=user.pk, kind=kind, params=params, path=path))
    created = Notification.objects.bulk_create(rows)
    _mail_after_commit([n.pk for n in created])
    return created


def _mail_after_commit(ids: list[int]) -> None:
    if not ids:
        return

    def enqueue() -> None:
        from nominations.tasks import send_notification_emails  # the task imports this module

        send_notification_emails.enqueue(ids)

    transaction.on_commit(enqueue, robust=True)


# --- who is told ------------------------------------------------------------------------------


def _active_users(**filters: Any) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).select_related(None))


def _holding(role: str) -> list[User]:
    # The role itself: an administrator may act as anyone but is not told everything.
    return [u for u in _active_users() if role in roles.roles_of(u)]


def staff_users() -> list[User]:
    return _holding(Role.STAFF)


def chairmen() -> list[User]:
    return _holding(Role.CHAIRMAN)


def unit_heads(organization_id: int) -> list[User]:
    """The heads of the proposing unit: they answer for its dossiers."""
    return [u for u in _active_users(organization_id=organization_id) if roles.is_unit_head(u)]


# --- the workflow's steps ---------------------------------------------------------------------------


def _nomination_values(nomination: Any) -> dict[str, Any]:
    return {
        "ref": nomination.reference,
        "name": nomination.nominee_name,
        "award": nomination.award_type.name,
        "unit": nomination.proposing_organization.name,
    }


def nomination_path(nomination: Any) -> str:
    return f"/nominations/{nomination.pk}/"


def notify_unit(kind: str, nomination: Any, **extra: Any) -> None:
    """Tell the proposing unit's heads about their dossier."""
    notify(
        kind,
        unit_heads(nomination.proposing_organization_id),
        path=nomination_path(nomination),
        **_nomination_values(nomination),
        **extra,
    )


def notify_submitted(nomination: Any) -> None:
    """To the secretariat's staff: a dossier waits for appraisal."""
    notify(K.SUBMITTED, staff_users(), path=nomination_path(nomination), **_nomination_values(nomination))


def notify_returned(nomination: Any, *, reason: str) -> None:
    notify_unit(K.RETURNED, nomination, reason=reason)


def notify_verified(nomination: Any, *, note: str = "") -> None:
    notify_unit(K.VERIFIED, nomination, note=note)


def notify_outcome(nomination: Any, *, approved: bool, body: str) -> None:
    """The council's (or standing board's) outcome for one dossier."""
    notify_unit(K.APPROVED if approved else K.NOT_APPROVED, nomination, body=body)


def notify_awarded(decision: Any, nominations: Iterable[Any]) -> None:
    """To each awarded dossier's unit heads, in a constant number of queries whatever the
    size of the decision (issuing a 500-line annex must not ask per line)."""
    nominations = list(nominations)
    unit_ids = {n.proposing_organization_id for n in nominations}
    heads: dict[int, list[User]] = {}
    for user in _active_users(organization_id__in=unit_ids):
        if roles.is_unit_head(user):
            heads.setdefault(user.organization_id, []).append(user)
    unit_names = dict(Organization.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    award = decision.award_type.name
    rows = []
    for nomination in nominations:
        values = {
            "ref": nomination.reference,
            "name": nomination.nominee_name,
            "award": award,
            "unit": unit_names.get(nomination.proposing_organization_id, ""),
            "number": decision.number,
        }
        params = {name: "" if value is None else str(value) for name, value in values.items()}
        rows.extend(
            Notification(
                recipient_id=user.pk, kind=K.AWARDED, params=params, path=nomination_path(nomination)
            )
            for user in heads.get(nomination.proposing_organization_id, [])
        )
    created = Notification.objects.bulk_create(rows)
    _mail_after_commit([n.pk for n in created])


def notify_revoked(nomination: Any, *, act_number: str) -> None:
    notify_unit(K.REVOKED, nomination, act=act_number)


def session_path(session: Any) -> str:
    return f"/sessions/{session.pk}/"


def _session_values(session: Any) -> dict[str, Any]:
    return {
        "title": session.title,
        "date": session.meeting_date.strftime("%d/%m/%Y"),
        "count": session.items.count(),
    }


def notify_session(kind: str, session: Any) -> None:
    """Scheduled, opened or agenda changed: to the session's members."""
    notify(kind, session.members.all(), path=session_path(session), **_session_values(session))


def decision_path(decision: Any) -> str:
    return f"/decisions/{decision.pk}/"


def notify_decision_awaiting(decision: Any) -> None:
    """A draft decision waits for the chairman's signature."""
    notify(
        K.DECISION_AWAITING,
        chairmen(),
        path=decision_path(decision),
        number=decision.number,
        award=decision.award_type.name,
        count=decision.items.count(),
    )


def notify_decision_returned(decision: Any, *, reason: str) -> None:
    """The chairman sent a draft back: to the staff member who drafted it (or all staff)."""
    author = decision.created_by
    users = [author] if author.is_active and Role.STAFF in roles.roles_of(author) else staff_users()
    notify(K.DECISION_RETURNED, users, path=decision_path(decision), number=decision.number, reason=reason)


def notify_print_job(job: Any, *, failed: bool, count: int = 0, error: str = "") -> None:
    """A print job finished or failed: to its requester."""
    kind = K.PRINT_FAILED if failed else K.PRINT_DONE
    notify(kind, [job.requested_by], path=f"/printing/jobs/{job.pk}/", job=job.pk, count=count, error=error)
