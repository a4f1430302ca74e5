"""The home page: open periods and each role's to-do list."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from awards import roles
from awards.pages import page
from nominations.enums import DecisionStatus, SessionStatus
from nominations.models import CouncilSession, Decision
from nominations.views.common import (
    S,
    list_url,
    nomination_url,
    open_periods,
    subtree_ids,
    visible_nominations,
)


@page
def home(request):
    user = request.user
    nominations = visible_nominations(user)
    counts = dict(nominations.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    status_rows = [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in S.choices]
    context = {
        "nav": "home",
        "status_rows": status_rows,
        "total": sum(counts.values()),
        "periods": open_periods(),
        "todo": [],
    }
    todo = context["todo"]
    if roles.is_unit_head(user):
        mine = nominations.filter(proposing_organization__in=subtree_ids(user))
        for nomination in mine.filter(status=S.RETURNED).select_related("award_type")[:20]:
            todo.append(
                {
                    "kind": "returned",
                    "text": _("Hồ sơ bị trả lại: %(name)s") % {"name": nomination.nominee_name},
                    "detail": nomination.return_reason,
                    "url": nomination_url(nomination),
                }
            )
        drafts = mine.filter(status=S.DRAFT).count()
        if drafts:
            todo.append(
                {
                    "kind": "draft",
                    "text": _("%(n)d hồ sơ dự thảo chưa nộp") % {"n": drafts},
                    "url": list_url(status=S.DRAFT),
                }
            )
    if roles.is_staff(user):
        submitted = nominations.filter(status=S.SUBMITTED).count()
        if submitted:
            todo.append(
                {
                    "kind": "submitted",
                    "text": _("%(n)d hồ sơ chờ thẩm định") % {"n": submitted},
                    "url": "/inbox/",
                }
            )
        verified_free = nominations.filter(status=S.VERIFIED).exclude(
            agenda_items__session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN]
        )
        if verified_free.exists():
            todo.append(
                {
                    "kind": "verified",
                    "text": _("%(n)d hồ sơ đã thẩm định chưa đưa vào phiên họp")
                    % {"n": verified_free.count()},
                    "url": list_url(status=S.VERIFIED),
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
                    "url": "/decisions/new/",
                }
            )
        for session in CouncilSession.objects.filter(status=SessionStatus.OPEN)[:5]:
            todo.append(
                {
                    "kind": "open",
                    "text": _("Phiên họp đang mở: %(title)s") % {"title": session.title},
                    "url": f"/sessions/{session.pk}/",
                }
            )
    if roles.is_council_member(user):
        for session in CouncilSession.objects.filter(members=user, status=SessionStatus.OPEN):
            pending = session.items.exclude(votes__member=user).count()
            if pending:
                todo.append(
                    {
                        "kind": "vote",
                        # The title already says "Phiên họp …".
                        "text": _("%(title)s: còn %(n)d hồ sơ chưa biểu quyết")
                        % {"title": session.title, "n": pending},
                        "url": f"/sessions/{session.pk}/",
                    }
                )
        context["my_sessions"] = CouncilSession.objects.filter(members=user).exclude(
            status=SessionStatus.CLOSED
        )[:10]
    if roles.is_chairman(user):
        for decision in Decision.objects.filter(status=DecisionStatus.DRAFT).select_related("award_type")[
            :10
        ]:
            todo.append(
                {
                    "kind": "decision",
                    "text": _("Quyết định chờ ban hành: %(number)s — %(award)s")
                    % {"number": decision.number, "award": decision.award_type.name},
                    "url": f"/decisions/{decision.pk}/",
                }
            )
    context["recent"] = nominations.select_related("award_type", "proposing_organization").order_by(
        "-updated_at", "-id"
    )[:8]
    return render(request, "nominations/home.html", context)
