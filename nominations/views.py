"""HTML pages of the process: home, nominations, appraisal.

Views stay thin: a form validates the input, a service function (the same one
the API calls) does the work, and domain errors become messages beside the
fields or at the top of the page. Objects a user may not see are looked up
through the same selectors as the API, so they answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards import clock, exports, roles
from awards import eligibility as eligibility_engine
from awards.errors import ConflictError, PayloadTooLarge
from awards.models import AwardType, Period
from awards.pages import page
from nominations import decisions, documents, export_columns, services
from nominations.checklist import checklist, required_documents, submit_blocker
from nominations.council import rule_set_of
from nominations.enums import DecisionStatus, NominationStatus, SessionStatus
from nominations.forms import (
    AttachmentForm,
    NominationForm,
    ReasonForm,
    RevokeForm,
    VerifyForm,
    apply_service_error,
    one_time_token,
)
from nominations.list_filters import apply_filters
from nominations.models import CouncilSession, Decision, Nomination
from nominations.selectors import nomination_acts_for_unit, nominations_visible_to
from nominations.workflow import ACTIONS, EDITABLE

WITHDRAWABLE = ACTIONS["withdraw"].sources


S = NominationStatus


def visible_nominations(user):
    """Every nomination the user may see: the API's selector, one set of rules."""
    return nominations_visible_to(user=user)


def require(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def _open_periods():
    today = clock.today()
    periods = Period.objects.filter(closes_on__gte=today).order_by("closes_on")
    rows = []
    for period in periods[:6]:
        rows.append(
            {
                "period": period,
                "days_left": (period.closes_on - today).days,
                "is_open": period.accepts_submissions_on(today),
            }
        )
    return rows


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
        "periods": _open_periods(),
        "todo": [],
    }
    todo = context["todo"]
    if roles.is_unit_head(user):
        mine = nominations.filter(proposing_organization__in=_subtree_ids(user))
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
                    "url": _list_url(status=S.DRAFT),
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
                    "url": _list_url(status=S.VERIFIED),
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


def _subtree_ids(user):
    from awards.models import Organization

    return Organization.objects.subtree_of(user.organization).values("id")


def nomination_url(nomination) -> str:
    return f"/nominations/{nomination.pk}/"


def _list_url(**params) -> str:
    from urllib.parse import urlencode

    return "/nominations/?" + urlencode(params)


# --- nominations: list and detail -------------------------------------------------------------


def _written_filters(*, q: str, status: str, period_id: str, award_type: str) -> list[tuple[str, str]]:
    """The list's filters, in words, for the first rows of its .xlsx download."""
    period = None
    if period_id.isascii() and period_id.isdigit() and len(period_id) <= 18:
        period = Period.objects.filter(pk=int(period_id)).values_list("name", flat=True).first()
    award = (
        AwardType.objects.filter(code=award_type).values_list("name", flat=True).first()
        if award_type
        else None
    )
    return [
        (_("Tìm"), q),
        (_("Trạng thái"), dict(S.choices).get(status)),
        (_("Đợt"), period),
        (_("Hình thức"), award),
    ]


@page
def nomination_list(request):
    user = request.user
    qs = visible_nominations(user).select_related("award_type", "period", "proposing_organization")
    qs, filters = apply_filters(request, qs, default_sort="-updated_at")
    chosen = filters.values
    download = exports.page_download(
        request,
        queryset=qs,
        columns=export_columns.NOMINATIONS,
        title=_("Danh sách hồ sơ đề nghị khen thưởng"),
        filename="ho-so-de-nghi.xlsx",
        filters=_written_filters(
            q=chosen["q"],
            status=chosen["status"],
            period_id=chosen["period"],
            award_type=chosen["award_type"],
        ),
    )
    if download is not None:
        return download
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "nominations/list.html",
        {
            "nav": "nominations",
            "page": page,
            "filters": filters,
            "query_string": _query_without_page(request),
            "can_create": roles.is_unit_head(user) or roles.is_staff(user),
        },
    )


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@page
def inbox(request):
    require(roles.is_staff, request.user)
    qs = (
        visible_nominations(request.user)
        .filter(status=S.SUBMITTED)
        .select_related("award_type", "period", "proposing_organization")
    )
    qs, filters = apply_filters(request, qs, default_sort="submitted_at", with_status=False)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "nav": "inbox",
        "page": page,
        "nominations": page.object_list,
        "filters": filters,
        "query_string": _query_without_page(request),
    }
    return render(request, "nominations/inbox.html", context)


def get_visible_nomination(user, pk: int) -> Nomination:
    return get_object_or_404(
        visible_nominations(user).select_related(
            "award_type", "period", "proposing_organization", "nominee_person", "nominee_organization"
        ),
        pk=pk,
    )


# --- nominations: create, edit, documents, transitions -----------------------------------------


def _service_call(request, form, func, **kwargs):
    """Run a service; map its domain errors onto the form or the page. Returns (ok, result)."""
    try:
        return True, func(**kwargs)
    except ValidationError as error:
        if isinstance(error, services.DuplicateNomination):
            _show_duplicate(request, form, error)
        elif form is not None:
            apply_service_error(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False, None
    except PayloadTooLarge as error:
        if form is not None:
            form.add_error("file" if "file" in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
        return False, None
    except ConflictError as error:
        if form is not None:
            form.add_error(None, error.message)
        else:
            messages.error(request, error.message)
        return False, None


def _show_duplicate(request, form, error) -> None:
    """The other dossier's reference beside the field, and a link to it when allowed."""
    if form is None:
        messages.error(request, error.page_message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.page_message)
    form.duplicate = {"reference": error.existing.reference, "url": error.url}


def _can_prepare(user) -> bool:
    return roles.is_unit_head(user) or roles.is_staff(user)


@page
def nomination_create(request):
    require(_can_prepare, request.user)
    duplicate = None
    if request.method == "POST":
        form = NominationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            token = data["form_token"]
            try:
                earlier = _created_with(token, request.user)
                if earlier is not None:
                    raise services.AlreadyCreated(earlier)
                ok, nomination = _service_call(
                    request,
                    form,
                    services.nomination_create,
                    actor=request.user,
                    creation_token=token,
                    **{name: data[name] for name in services.EDITABLE_FIELDS},
                )
            except services.AlreadyCreated as done:
                return _already_created(request, done.nomination)
            if ok:
                messages.success(
                    request,
                    _("Đã lập hồ sơ %(ref)s. Tiếp theo: tải lên tài liệu và kiểm tra điều kiện.")
                    % {"ref": nomination.reference},
                )
                return redirect("nomination-detail", pk=nomination.pk)
            duplicate = getattr(form, "duplicate", None)
    else:
        initial = {"form_token": one_time_token()}
        period = _open_periods()
        if period:
            initial["period"] = period[0]["period"].pk
        form = NominationForm(user=request.user, initial=initial)
    context = {"nav": "nomination-create", "form": form, "duplicate": duplicate}
    return render(request, "nominations/form.html", context, status=400 if form.errors else 200)


def _created_with(token: str, user) -> Nomination | None:
    if not token:
        return None
    return Nomination.objects.filter(creation_token=token, created_by=user).first()


def _already_created(request, nomination: Nomination):
    """The same form came again (Back, then save): nothing new, go to what it made."""
    messages.info(
        request,
        _("Biểu mẫu này đã được lưu thành hồ sơ %(ref)s; không lập thêm hồ sơ mới.")
        % {"ref": nomination.reference},
    )
    return redirect("nomination-detail", pk=nomination.pk)


@page
def nomination_edit(request, pk: int):
    nomination = get_visible_nomination(request.user, pk)
    if not nomination_acts_for_unit(user=request.user, nomination=nomination):
        raise PermissionDenied
    if nomination.status not in EDITABLE:
        messages.error(request, _("Chỉ sửa được hồ sơ ở trạng thái dự thảo hoặc bị trả lại."))
        return redirect("nomination-detail", pk=nomination.pk)
    initial = {
        "period": nomination.period_id,
        "award_type": nomination.award_type.code,
        "recipient_kind": nomination.recipient_kind,
        "nominee_person": nomination.nominee_person_id,
        "nominee_organization": nomination.nominee_organization_id,
        "achievements": nomination.achievements,
        "ground": nomination.ground,
    }
    if request.method == "POST":
        form = NominationForm(request.POST, user=request.user, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            ok, _result = _service_call(
                request,
                form,
                services.nomination_update,
                nomination=nomination,
                actor=request.user,
                changes={
                    "period": data["period"],
                    "award_type": data["award_type"],
                    "nominee_person": data["nominee_person"],
                    "nominee_organization": data["nominee_organization"],
                    "achievements": data["achievements"],
                    "ground": data["ground"],
                },
            )
            if ok:
                messages.success(request, _("Đã lưu hồ sơ."))
                return redirect("nomination-detail", pk=nomination.pk)
    else:
        form = NominationForm(user=request.user, initial=initial)
    context = {
        "nav": "nominations",
        "form": form,
        "nomination": nomination,
        "duplicate": getattr(form, "duplicate", None),
    }
    return render(request, "nominations/form.html", context, status=400 if form.errors else 200)


def _eligibility_of(nomination):
    """The engine's checks for the page: each with its state, explanation and legal basis.

    The same call the verify service makes, so the preview is what staff will see.
    After appraisal the stored result is shown (what staff confirmed then).
    """
    if nomination.eligibility and nomination.status not in EDITABLE | {S.SUBMITTED}:
        return checklist(nomination.eligibility, status=nomination.status)
    subject = nomination.nominee_person or nomination.nominee_organization
    try:
        result = eligibility_engine.evaluate(
            award_type=nomination.award_type,
            subject=subject,
            period=nomination.period,
            ground=nomination.ground,
            exclude_nomination_id=nomination.pk,
        )
    except (ValidationError, ConflictError, LookupError):
        return checklist(nomination.eligibility, status=nomination.status)
    return checklist(result.as_dict(), status=nomination.status)


@page
def nomination_detail(request, pk: int):
    nomination = get_visible_nomination(request.user, pk)
    user = request.user
    acts = nomination_acts_for_unit(user=user, nomination=nomination)
    editable = acts and nomination.status in EDITABLE
    context = {
        "nav": "nominations",
        "nomination": nomination,
        "events": nomination.events.select_related("actor").order_by("at", "id"),
        "attachments": nomination.attachments.all(),
        "acts_for_unit": acts,
        "editable": editable,
        "can_withdraw": acts and nomination.status in WITHDRAWABLE,
        "can_appraise": roles.is_staff(user) and nomination.status == S.SUBMITTED,
        "can_confirm": roles.is_staff(user) and nomination.status == S.VERIFIED,
        "can_revoke": roles.is_chairman(user) and nomination.status == S.AWARDED,
        "attachment_form": AttachmentForm() if editable else None,
        "eligibility": _eligibility_of(nomination) if request.GET.get("check") or editable else None,
        "required_documents": _required_documents(nomination),
    }
    context["submit_blocker"] = submit_blocker(context["required_documents"])
    return render(request, "nominations/detail.html", context)


def _required_documents(nomination) -> list[dict]:
    rule_set = rule_set_of(nomination)
    required = list(getattr(rule_set, "required_documents", None) or [])
    present = set(nomination.attachments.values_list("kind", flat=True))
    return required_documents(required, present)


@page
def attachment_upload(request, pk: int):
    nomination = get_visible_nomination(request.user, pk)
    if not nomination_acts_for_unit(user=request.user, nomination=nomination):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("nomination-detail", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        ok, _result = _service_call(
            request,
            form,
            services.attachment_add,
            nomination=nomination,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=upload,
            filename=upload.name,
            size=upload.size,
        )
        if ok:
            messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": upload.name})
            return redirect(reverse("nomination-detail", args=[pk]) + "#documents")
    context = {
        "nav": "nominations",
        "nomination": nomination,
        "events": nomination.events.select_related("actor"),
        "attachments": nomination.attachments.all(),
        "acts_for_unit": True,
        "editable": nomination.status in EDITABLE,
        "can_withdraw": nomination.status in WITHDRAWABLE,
        "attachment_form": form,
        "required_documents": _required_documents(nomination),
    }
    context["submit_blocker"] = submit_blocker(context["required_documents"])
    return render(request, "nominations/detail.html", context, status=400)


@page
def attachment_delete(request, pk: int, aid: int):
    nomination = get_visible_nomination(request.user, pk)
    attachment = get_object_or_404(nomination.attachments, pk=aid)
    if not nomination_acts_for_unit(user=request.user, nomination=nomination):
        raise PermissionDenied
    if request.method == "POST":
        ok, _result = _service_call(
            request, None, services.attachment_delete, attachment=attachment, actor=request.user
        )
        if ok:
            messages.success(request, _("Đã xóa tài liệu “%(name)s”.") % {"name": attachment.filename})
    return redirect(reverse("nomination-detail", args=[pk]) + "#documents")


@page
def attachment_download(request, pk: int, aid: int):
    nomination = get_visible_nomination(request.user, pk)
    attachment = get_object_or_404(nomination.attachments, pk=aid)
    return documents.attachment_response(attachment)


def _transition_view(service_name: str, success: str, *, acts_for_unit: bool = False, staff: bool = False):
    @page
    def view(request, pk: int):
        nomination = get_visible_nomination(request.user, pk)
        if acts_for_unit and not nomination_acts_for_unit(user=request.user, nomination=nomination):
            raise PermissionDenied
        if staff and not roles.is_staff(request.user):
            raise PermissionDenied
        if request.method == "POST":
            ok, _result = _service_call(
                request, None, getattr(services, service_name), nomination=nomination, actor=request.user
            )
            if ok:
                messages.success(request, success % {"ref": nomination.reference})
        return redirect("nomination-detail", pk=pk)

    return view


nomination_submit = _transition_view(
    "nomination_submit", _lazy("Đã nộp hồ sơ %(ref)s tới Ban Thi đua - Khen thưởng."), acts_for_unit=True
)
nomination_withdraw = _transition_view(
    "nomination_withdraw", _lazy("Đã rút hồ sơ %(ref)s."), acts_for_unit=True
)
nomination_confirm = _transition_view(
    "nomination_confirm", _lazy("Đã xác nhận hồ sơ %(ref)s được đề nghị khen thưởng."), staff=True
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
                ok, _result = _service_call(
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
                ok, _result = _service_call(
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
    eligibility = _eligibility_of(nomination)
    context = {
        "nav": "inbox",
        "nomination": nomination,
        "events": nomination.events.select_related("actor").order_by("at", "id"),
        "attachments": nomination.attachments.all(),
        "eligibility": eligibility,
        "required_documents": _required_documents(nomination),
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
        ok, _result = _service_call(
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
