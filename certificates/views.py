"""HTML pages of the output side: printing, print profiles, decision and minutes PDFs.

The PDFs are built by the certificates app's own functions (the same ones the
API serves); these views only check who may see what and stream the bytes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards import roles
from awards.pages import page
from certificates import documents
from certificates.rendering import RenderingError
from nominations import council, decisions
from nominations.enums import DecisionStatus, SessionStatus


def _pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@page
def decision_pdf(request, pk: int):
    user = request.user
    if not (roles.is_staff(user) or roles.is_chairman(user)):
        raise PermissionDenied
    decision = get_object_or_404(decisions.decisions_visible_to(user), pk=pk)
    try:
        data = documents.decision_pdf(decision=decision)
    except RenderingError as error:
        messages.error(request, _("Không thể in văn bản: %(why)s") % {"why": error})
        return redirect("decision-detail", pk=pk)
    safe_number = decision.number.replace("/", "-")
    draft = "du-thao-" if decision.status == DecisionStatus.DRAFT else ""
    return _pdf_response(
        data, f"{draft}quyet-dinh-{safe_number}.pdf", inline=request.GET.get("download") != "1"
    )


@page
def session_minutes(request, pk: int):
    session = get_object_or_404(council.sessions_visible_to(request.user), pk=pk)
    if session.status != SessionStatus.CLOSED:
        messages.error(request, _("Biên bản chỉ có sau khi kết thúc phiên họp."))
        return redirect("session-detail", pk=pk)
    try:
        data = documents.minutes_pdf(session=session)
    except RenderingError as error:
        messages.error(request, _("Không thể in văn bản: %(why)s") % {"why": error})
        return redirect("session-detail", pk=pk)
    return _pdf_response(data, f"bien-ban-phien-hop-{session.pk}.pdf")


@page
def print_home(request):
    if not roles.is_staff(request.user):
        raise PermissionDenied
    issued = decisions.decisions_visible_to(request.user).exclude(status=DecisionStatus.DRAFT)
    return render(
        request,
        "certificates/print_home.html",
        {"nav": "printing", "decisions": issued.select_related("award_type")[:50], "ready": False},
    )
