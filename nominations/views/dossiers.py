"""Dossier pages: the list, the staff inbox, creating, editing, the detail page and documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards import eligibility as eligibility_engine
from awards import exports, roles
from awards.errors import ConflictError
from awards.pages import page
from nominations import attachments, export_columns, page_rows, services
from nominations.checklist import checklist, required_documents, submit_blocker
from nominations.council import rule_set_of
from nominations.forms import (
    AttachmentForm,
    NominationForm,
    one_time_token,
)
from nominations.list_filters import apply_filters, page_of, query_without_page
from nominations.models import Nomination
from nominations.selectors import nomination_acts_for_unit
from nominations.views.common import (
    WITHDRAWABLE,
    S,
    get_visible_nomination,
    open_periods,
    require,
    service_call,
    visible_nominations,
)
from nominations.workflow import EDITABLE


@page
def nomination_list(request):
    user = request.user
    qs = visible_nominations(user).select_related("award_type", "period", "proposing_organization")
    qs, filters = apply_filters(request, qs, default_sort="-updated_at")
    download = exports.page_download(
        request,
        queryset=qs,
        columns=export_columns.NOMINATIONS,
        title=_("Danh sách hồ sơ đề nghị khen thưởng"),
        filename="ho-so-de-nghi.xlsx",
        filters=filters.written(),
    )
    if download is not None:
        return download
    page = _with_links(page_of(request, qs))
    return render(
        request,
        "nominations/list.html",
        {
            "nav": "nominations",
            "page": page,
            "filters": filters,
            "query_string": query_without_page(request),
            "can_create": roles.is_unit_head(user) or roles.is_staff(user),
        },
    )


# What the inbox shows, read as plain rows: the long texts (achievements, grounds,
# reasons) stay in the database and no model instance is built per row.
INBOX_COLUMNS = (
    "id", "reference", "nominee_name", "submitted_at", "award_type__name",
    "proposing_organization__name", "proposing_organization__short_name",
)  # fmt: skip


def _inbox_rows(page):
    detail = page_rows.url_for_pk("nomination-detail")
    appraise = page_rows.url_for_pk("nomination-appraise")
    names = page_rows.Escaped()
    page.object_list = [
        {
            "reference": row["reference"],
            "nominee": row["nominee_name"],
            "award": names[row["award_type__name"]],
            "unit": names[row["proposing_organization__short_name"] or row["proposing_organization__name"]],
            "submitted": page_rows.local_minute(row["submitted_at"]),
            "detail_url": detail(row["id"]),
            "appraise_url": appraise(row["id"]),
        }
        for row in page.object_list
    ]
    return page


def _with_links(page):
    """Each row's link, from one `reverse()` per page (not two per row)."""
    detail = page_rows.url_for_pk("nomination-detail")
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.detail_url = detail(row.pk)
    return page


@page
def inbox(request):
    require(roles.is_staff, request.user)
    qs = visible_nominations(request.user).filter(status=S.SUBMITTED)
    qs, filters = apply_filters(request, qs, default_sort="submitted_at", with_status=False)
    page = _inbox_rows(page_of(request, qs.values(*INBOX_COLUMNS), per_page=50, count_from=qs))
    context = {
        "nav": "inbox",
        "page": page,
        "nominations": page.object_list,
        "filters": filters,
        "query_string": query_without_page(request),
    }
    return render(request, "nominations/inbox.html", context)


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
                ok, nomination = service_call(
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
        period = open_periods()
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
            ok, _result = service_call(
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


def eligibility_of(nomination):
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
        "eligibility": eligibility_of(nomination) if request.GET.get("check") or editable else None,
        "required_documents": document_rows(nomination),
    }
    context["submit_blocker"] = submit_blocker(context["required_documents"])
    return render(request, "nominations/detail.html", context)


def document_rows(nomination) -> list[dict]:
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
        ok, _result = service_call(
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
        "required_documents": document_rows(nomination),
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
        ok, _result = service_call(
            request, None, services.attachment_delete, attachment=attachment, actor=request.user
        )
        if ok:
            messages.success(request, _("Đã xóa tài liệu “%(name)s”.") % {"name": attachment.filename})
    return redirect(reverse("nomination-detail", args=[pk]) + "#documents")


@page
def attachment_download(request, pk: int, aid: int):
    nomination = get_visible_nomination(request.user, pk)
    attachment = get_object_or_404(nomination.attachments, pk=aid)
    return attachments.attachment_response(attachment)
