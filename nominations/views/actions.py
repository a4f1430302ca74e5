"""Workflow actions on one dossier: submit, withdraw, confirm, appraise, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import roles
from awards.pages import page
from nominations import decisions, services
from nominations.forms import (
    ReasonForm,
    RevokeForm,
    VerifyForm,
)
from nominations.selectors import nomination_acts_for_unit
from nominations.views.common import S, get_visible_nomination, require, service_call
from nominations.views.dossiers import document_rows, eligibility_of


def _transition_view(service_name: str, success: str, *, acts_for_unit: bool = False, staff: bool = False):
    @page
    def view(request, pk: int):
        nomination = get_visible_nomination(request.user, pk)
        if acts_for_unit and not nomination_acts_for_unit(user=request.user, nomination=nomination):
            raise PermissionDenied
        if staff and not roles.is_staff(request.user):
            raise PermissionDenied
        if request.method == "POST":
            ok, _result = service_call(
                request, None, getattr(services, service_name), nomination=nomination, actor=request.user
            )
            if ok:
                messages.success(request, success % {"ref": nomination.reference})
        return redirect("nomination-detail", pk=pk)

    return view


nomination_submit = _transition_view(
    "nomination_submit",
    gettext_lazy("Đã nộp hồ sơ %(ref)s tới Ban Thi đua - Khen thưởng."),
    acts_for_unit=True,
)


nomination_withdraw = _transition_view(
    "nomination_withdraw", gettext_lazy("Đã rút hồ sơ %(ref)s."), acts_for_unit=True
)


nomination_confirm = _transition_view(
    "nomination_confirm", gettext_lazy("Đã xác nhận hồ sơ %(ref)s được đề nghị khen thưởng."), staff=True
)


@page
def nomination_appraise(request, pk: int):
    """Staff's appraisal: documents, checks, warnings; return, verify or override."""
    require(roles.is_staff, request.user)
    nomination = get_visible_nomination(request.user, pk)
    return_form = ReasonForm(prefix="ret")
    verify_form = VerifyForm(prefix="ver")
    status = 200
    if request.method == "POST":
        if nomination.status != S.SUBMITTED:
            messages.error(request, _("Hồ sơ không còn ở trạng thái chờ thẩm định."))
            return redirect("nomination-detail", pk=pk)
        action = request.POST.get("action")
        if action == "return":
            return_form = ReasonForm(request.POST, prefix="ret")
            if return_form.is_valid():
                ok, _result = service_call(
                    request,
                    return_form,
                    services.nomination_return,
                    nomination=nomination,
                    actor=request.user,
                    reason=return_form.cleaned_data["reason"],
                )
                if ok:
                    messages.success(request, _("Đã trả lại hồ sơ %(ref)s.") % {"ref": nomination.reference})
                    return redirect("inbox")
        elif action == "verify":
            verify_form = VerifyForm(request.POST, prefix="ver")
            if verify_form.is_valid():
                ok, _result = service_call(
                    request,
                    verify_form,
                    services.nomination_verify,
                    nomination=nomination,
                    actor=request.user,
                    note=verify_form.cleaned_data["note"],
                    override_reason=verify_form.cleaned_data["override_reason"],
                )
                if ok:
                    messages.success(
                        request, _("Đã thẩm định hồ sơ %(ref)s.") % {"ref": nomination.reference}
                    )
                    return redirect("inbox")
        status = 400
    eligibility = eligibility_of(nomination)
    context = {
        "nav": "inbox",
        "nomination": nomination,
        "events": nomination.events.select_related("actor").order_by("at", "id"),
        "attachments": nomination.attachments.all(),
        "eligibility": eligibility,
        "required_documents": document_rows(nomination),
        "return_form": return_form,
        "verify_form": verify_form,
        "warnings": _appraisal_warnings(nomination, eligibility),
    }
    return render(request, "nominations/appraise.html", context, status=status)


_WARNING_CODES = {"no_duplicate", "no_hold"}


def _appraisal_warnings(nomination, eligibility) -> list[dict]:
    """Duplicate and hold warnings, from the engine's checks (one set of rules)."""
    if not eligibility:
        return []
    return [
        c
        for c in eligibility.get("checks", [])
        if not c.get("passed") and (c.get("code") in _WARNING_CODES or "hold" in str(c.get("code")))
    ]


@page
def nomination_revoke(request, pk: int):
    require(roles.is_chairman, request.user)
    nomination = get_visible_nomination(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = service_call(
            request,
            form,
            decisions.nomination_revoke,
            nomination=nomination,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            act_number=form.cleaned_data["act_number"],
        )
        if ok:
            messages.success(
                request, _("Đã thu hồi khen thưởng của hồ sơ %(ref)s.") % {"ref": nomination.reference}
            )
            return redirect("nomination-detail", pk=pk)
    return render(
        request,
        "nominations/revoke.html",
        {"nav": "decisions", "nomination": nomination, "form": form},
        status=400 if form.errors else 200,
    )
