"""The home page: open periods and each role's to-do list."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render

from awards import roles
from awards.pages import page
from nominations.enums import SessionStatus
from nominations.models import CouncilSession
from nominations.todo import todo_for
from nominations.views.common import S, open_periods, visible_nominations


@page
def home(request):
    user = request.user
    nominations = visible_nominations(user)
    counts = dict(nominations.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    context = {
        "nav": "home",
        "status_rows": [
            {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in S.choices
        ],
        "total": sum(counts.values()),
        "periods": open_periods(),
        "todo": todo_for(user, nominations),
        "recent": nominations.select_related("award_type", "proposing_organization").order_by(
            "-updated_at", "-id"
        )[:8],
    }
    if roles.is_council_member(user):
        context["my_sessions"] = CouncilSession.objects.filter(members=user).exclude(
            status=SessionStatus.CLOSED
        )[:10]
    return render(request, "nominations/home.html", context)
