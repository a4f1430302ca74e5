"""The home page's to-do list: what each role of the user has waiting, with where to do it.

One builder per role; a user with several roles gets each list in turn. Every
link comes from `reverse()`, so a renamed route cannot leave a dead link here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from awards import roles
from awards.models import Organization
from nominations.enums import DecisionStatus, NominationStatus, SessionStatus
from nominations.models import CouncilSession, Decision, Nomination

S = NominationStatus
TodoItem = dict[str, Any]


def _list_url(status: str) -> str:
    return f"{reverse('nomination-list')}?{urlencode({'status': status})}"


def _unit_head_todo(user: Any, nominations: QuerySet[Nomination]) -> list[TodoItem]:
    mine = nominations.filter(
        proposing_organization__in=Organization.objects.subtree_of(user.organization).values("id")
    )
    todo = [
        {
            "kind": "returned",
            "text": _("Hồ sơ bị trả lại: %(name)s") % {"name": nomination.nominee_name},
            "detail": nomination.return_reason,
            "url": reverse("nomination-detail", args=[nomination.pk]),
        }
        for nomination in mine.filter(status=S.RETURNED).select_related("award_type")[:20]
    ]
    drafts = mine.filter(status=S.DRAFT).count()
    if drafts:
        todo.append(
            {
                "kind": "draft",
                "text": _("%(n)d hồ sơ dự thảo chưa nộp") % {"n": drafts},
                "url": _list_url(S.DRAFT),
            }
        )
    return todo


def _staff_todo(nominations: QuerySet[Nomination]) -> list[TodoItem]:
    todo = []
    submitted = nominations.filter(status=S.SUBMITTED).count()
    if submitted:
        todo.append(
            {
                "kind": "submitted",
                "text": _("%(n)d hồ sơ chờ thẩm định") % {"n": submitted},
                "url": reverse("inbox"),
            }
        )
    verified_free = nominations.filter(status=S.VERIFIED).exclude(
        agenda_items__session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN]
    )
    if verified_free.exists():
        todo.append(
            {
                "kind": "verified",
                "text": _("%(n)d hồ sơ đã thẩm định chưa đưa vào phiên họp") % {"n": verified_free.count()},
                "url": _list_url(S.VERIFIED),
            }
        )
    approved_free = nominations.filter(status=S.APPROVED).exclude(
        decision_items__decision__status=DecisionStatus.DRAFT
    )
    if approved_free.exists():
        todo.append(
            {
                "kind": "approved",
                "text": _("%(n)d hồ sơ được đề nghị chưa có dự thảo quyết định")
                % {"n": approved_free.count()},
                "url": reverse("decision-create"),
            }
        )
    todo += [
        {
            "kind": "open",
            "text": _("Phiên họp đang mở: %(title)s") % {"title": session.title},
            "url": reverse("session-detail", args=[session.pk]),
        }
        for session in CouncilSession.objects.filter(status=SessionStatus.OPEN)[:5]
    ]
    return todo


def _council_member_todo(user: Any) -> list[TodoItem]:
    todo = []
    for session in CouncilSession.objects.filter(members=user, status=SessionStatus.OPEN):
        pending = session.items.exclude(votes__member=user).count()
        if pending:
            todo.append(
                {
                    "kind": "vote",
                    # The title already says "Phiên họp …".
                    "text": _("%(title)s: còn %(n)d hồ sơ chưa biểu quyết")
                    % {"title": session.title, "n": pending},
                    "url": reverse("session-detail", args=[session.pk]),
                }
            )
    return todo


def _chairman_todo() -> list[TodoItem]:
    drafts = Decision.objects.filter(status=DecisionStatus.DRAFT).select_related("award_type")[:10]
    return [
        {
            "kind": "decision",
            "text": _("Quyết định chờ ban hành: %(number)s — %(award)s")
            % {"number": decision.number, "award": decision.award_type.name},
            "url": reverse("decision-detail", args=[decision.pk]),
        }
        for decision in drafts
    ]


def todo_for(user: Any, nominations: QuerySet[Nomination]) -> list[TodoItem]:
    """The user's to-do items, role by role; `nominations` is what the user may see."""
    todo: list[TodoItem] = []
    if roles.is_unit_head(user):
        todo += _unit_head_todo(user, nominations)
    if roles.is_staff(user):
        todo += _staff_todo(nominations)
    if roles.is_council_member(user):
        todo += _council_member_todo(user)
    if roles.is_chairman(user):
        todo += _chairman_todo()
    return todo
