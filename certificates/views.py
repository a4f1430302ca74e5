"""HTML pages of the output side: printing, print profiles, decision and minutes PDFs.

The PDFs are built by the certificates app's own functions (the same ones the
API serves: `certificates.services`); these views only check who may see what,
map the services' refusals onto the page and stream the bytes.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards import clock, pickers, roles
from awards.enums import Role
from awards.errors import ConflictError
from awards.pages import page
from awards.text import search_key
from certificates import decision_and_minutes, emblems, preview, services
from certificates.enums import PrintJobStatus, PrintMode
from certificates.forms import (
    PrintJobForm,
    PrintProfileForm,
    SingleCertificateForm,
    blank_layouts,
    decision_label,
    search_decisions,
)
from certificates.models import LayoutEmblem, PrintJob, PrintProfile
from certificates.rendering import RenderingError, available_layouts, load_layout
from certificates.selectors import certificates_visible_to, print_jobs_visible_to
from nominations import council, decisions, page_rows
from nominations.enums import DecisionStatus, SessionStatus
from nominations.forms import apply_service_error


def _pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    # A decision number is Vietnamese ("46/QĐ-UBND"): a hand-built header would be
    # MIME-encoded by Django and lose the file name and the disposition.
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
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
        data = decision_and_minutes.decision_pdf(decision=decision)
    except RenderingError as error:
        messages.error(request, _("Không thể in văn bản: %(why)s") % {"why": error})
        return redirect("decision-detail", pk=pk)
    # User text in a header: keep letters, digits, dots and dashes only.
    safe_number = re.sub(r"[^\w.-]+", "-", decision.number).strip("-") or str(decision.pk)
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
        data = decision_and_minutes.minutes_pdf(session=session)
    except RenderingError as error:
        messages.error(request, _("Không thể in văn bản: %(why)s") % {"why": error})
        return redirect("session-detail", pk=pk)
    return _pdf_response(data, f"bien-ban-phien-hop-{session.pk}.pdf")


def _error_messages(error: ValidationError | ConflictError) -> list[str]:
    if isinstance(error, ConflictError):
        return [error.message]
    return list(error.messages)


def _print_home_url(decision_id: int | None = None) -> str:
    url = reverse("print-home")
    return f"{url}?{urlencode({'decision': decision_id})}" if decision_id else url


def _issued_decisions(user):
    return (
        decisions.decisions_visible_to(user)
        .exclude(status=DecisionStatus.DRAFT)
        .select_related("award_type")
        .order_by("-signed_on", "-id")
    )


def _shown_decision(request, issued):
    """The decision whose certificates the page lists: `?decision=`, else the newest."""
    raw = request.GET.get("decision", "")
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
            raise Http404
        return get_object_or_404(issued, pk=int(raw))
    return issued.first()


def _start_job(request, form: PrintJobForm):
    """A valid form's print job: the redirect to it, or None with the refusal on the form."""
    data = form.cleaned_data
    chosen = data["certificates"]
    try:
        job = services.print_job_create(
            actor=request.user,
            decision=data["decision"],
            certificate_ids=[c.pk for c in chosen] if chosen is not None else None,
            mode=data["mode"],
            profile=data["profile"],
        )
    except ValidationError as error:
        apply_service_error(form, error)
    except ConflictError as error:
        form.add_error(None, error.message)
    else:
        messages.success(request, _("Đã tạo lệnh in số %(n)s.") % {"n": job.pk})
        return redirect("print-job", pk=job.pk)
    return None


def _certificate_rows(request, visible, shown) -> tuple[page_rows.RowPage, str]:
    """The shown decision's certificates, 50 a page, narrowed by `?cq=` (a name without
    accents, or a register number): a decision of thousands never renders thousands of boxes."""
    query = pickers.query_text(request.GET.get("cq"))
    rows = visible.filter(decision=shown) if shown else visible.none()
    if query:
        key = search_key(query)
        condition = Q(nomination__search_key__contains=key) if key else Q(pk__in=[])
        if query.isascii() and query.isdigit() and len(query) <= 9:
            condition |= Q(register_number=int(query))
        rows = rows.filter(condition)
    rows = rows.select_related("nomination", "award_record").order_by("register_number")
    return page_rows.page_of(request, rows, param="rows"), query


def _print_context(request, form: PrintJobForm, issued, shown, visible) -> dict:
    user = request.user
    rows_page, query = _certificate_rows(request, visible, shown)
    counted = issued.annotate(
        n_valid=Count("certificates", filter=Q(certificates__award_record__revoked=False)),
        n_revoked=Count("certificates", filter=Q(certificates__award_record__revoked=True)),
    )
    jobs = (
        print_jobs_visible_to(user)
        .select_related("decision", "profile")
        .annotate(n_certificates=Count("certificates"))
        .order_by("-created_at", "-id")[:10]
    )
    return {
        "nav": "printing",
        "form": form,
        "decisions": counted[:50],
        "shown": shown,
        "rows": rows_page.rows,
        "rows_page": rows_page,
        "cert_query": query,
        "selected": {str(v) for v in (form["certificates"].value() or [])},
        "jobs": jobs,
        "has_profiles": PrintProfile.objects.exists(),
    }


@page
def print_home(request):
    user = request.user
    roles.require(user, Role.STAFF)
    issued = _issued_decisions(user)
    shown = _shown_decision(request, issued)
    visible = certificates_visible_to(user)
    form = PrintJobForm(
        request.POST or None,
        decisions=issued,
        certificates=visible,
        initial={"decision": shown.pk if shown else None},
    )
    if request.method == "POST" and form.is_valid():
        done = _start_job(request, form)
        if done is not None:
            return done
    context = _print_context(request, form, issued, shown, visible)
    return render(request, "certificates/print_home.html", context, status=400 if form.errors else 200)


@require_GET
@page
def decision_picker(request):
    """The print form's decision picker (JSON): issued decisions this user may print."""
    roles.require(request.user, Role.STAFF)
    return pickers.picker_json(request, _issued_decisions(request.user), search_decisions, decision_label)


@page
def certificate_pdf(request, pk: int):
    """One certificate: GET `?mode=&profile=` (a link), or POST from the printing page's
    row buttons, which send the page's chosen profile (and the CSRF token, never in a URL)."""
    user = request.user
    roles.require(user, Role.STAFF)
    certificate = get_object_or_404(
        services.certificates_for_rendering(certificates_visible_to(user)).order_by(), pk=pk
    )
    data = request.POST if request.method == "POST" else request.GET
    options = SingleCertificateForm(
        {
            "mode": data.get("single_mode") or data.get("mode") or PrintMode.FULL,
            "profile": data.get("profile"),
        }
    )
    back = _print_home_url(certificate.decision_id)
    if not options.is_valid():
        for errors in options.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    try:
        pdf = services.certificate_render(
            certificate=certificate,
            mode=options.cleaned_data["mode"],
            profile=options.cleaned_data["profile"],
        )
    except (ValidationError, ConflictError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
        return redirect(back)
    mode = options.cleaned_data["mode"]
    suffix = "-phoi" if mode == PrintMode.BLANK else ""
    return _pdf_response(
        pdf, f"bang-khen-{certificate.decision_id}-{certificate.register_number}{suffix}.pdf", inline=False
    )


def _visible_job(user, pk: int) -> PrintJob:
    return get_object_or_404(
        print_jobs_visible_to(user).select_related("decision__award_type", "profile", "requested_by"), pk=pk
    )


def _job_state(job: PrintJob) -> dict:
    total = job.total or 0
    percent = round(100 * job.done / total) if total else (100 if job.status == PrintJobStatus.DONE else 0)
    shown = PrintJobStatus(job.shown_status(clock.now()))
    return {
        "id": job.pk,
        "status": shown.value,
        "status_label": str(shown.label),
        "can_retry": shown in (PrintJobStatus.INTERRUPTED, PrintJobStatus.FAILED),
        "done": job.done,
        "total": total,
        "percent": percent,
        "error": job.error,
        "pdf_url": reverse("print-job-pdf", kwargs={"pk": job.pk})
        if job.status == PrintJobStatus.DONE
        else None,
    }


@page
def print_job_detail(request, pk: int):
    job = _visible_job(request.user, pk)
    state = _job_state(job)
    return render(
        request,
        "certificates/print_job.html",
        {
            "nav": "printing",
            "job": job,
            "state": state,
            "n_certificates": job.certificates.count() if job.decision_id is None else None,
            "finished": state["status"] != PrintJobStatus.QUEUED
            and state["status"] != PrintJobStatus.RUNNING,
        },
    )


@page
def print_job_retry(request, pk: int):
    """The job page's "retry" button (POST): the same service as the API's retry."""
    if request.method != "POST":
        return redirect("print-job", pk=pk)
    job = _visible_job(request.user, pk)
    try:
        services.print_job_retry(job=job, actor=request.user)
    except ConflictError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đưa lệnh in số %(n)s vào hàng đợi để in lại.") % {"n": job.pk})
    return redirect("print-job", pk=pk)


@page
def print_job_status(request, pk: int):
    """The job page's progress, polled by static/js/app.js (same fields as the API's)."""
    response = JsonResponse(_job_state(_visible_job(request.user, pk)))
    response["Cache-Control"] = "no-store"
    return response


@page
def print_job_pdf(request, pk: int):
    job = _visible_job(request.user, pk)
    if job.status != PrintJobStatus.DONE or not job.file:
        messages.error(
            request,
            _("Lệnh in chưa xong (%(done)s/%(total)s trang, trạng thái “%(s)s”).")
            % {"done": job.done, "total": job.total, "s": job.get_status_display()},
        )
        return redirect("print-job", pk=pk)
    try:
        handle = default_storage.open(job.file.name, "rb")
    except FileNotFoundError:
        messages.error(request, _("Tệp PDF của lệnh in không còn. Hãy tạo lệnh in mới."))
        return redirect("print-job", pk=pk)
    response = FileResponse(
        handle, as_attachment=True, filename=f"lenh-in-{job.pk}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- print profiles -----------------------------------------------------------------------------


@page
def profile_list(request):
    roles.require(request.user, Role.STAFF)
    profiles = PrintProfile.objects.annotate(n_jobs=Count("print_jobs")).order_by("name", "id")
    return render(request, "certificates/profile_list.html", {"nav": "printing", "profiles": profiles})


def _profile_form(request, instance: PrintProfile | None):
    roles.require(request.user, Role.STAFF)
    form = PrintProfileForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save()
        if instance is None:
            messages.success(request, _("Đã tạo hồ sơ máy in “%(n)s”.") % {"n": profile.name})
        else:
            messages.success(request, _("Đã lưu hồ sơ máy in “%(n)s”.") % {"n": profile.name})
        return redirect("print-profiles")
    return render(
        request,
        "certificates/profile_form.html",
        {
            "nav": "printing",
            "form": form,
            "profile": instance,
            "layouts": _layouts_for(instance),
        },
        status=400 if form.errors else 200,
    )


def _layouts_for(profile: PrintProfile | None) -> list[tuple[str, str]]:
    """Blank layouts, those made for the profile's paper first (the preview's default)."""
    size = profile.page_size_mm if profile else None
    paper = (float(size[0]), float(size[1])) if size else None

    def fits(code: str) -> bool:
        layout = load_layout(code)
        return (layout.page_width_mm, layout.page_height_mm) == paper

    return sorted(blank_layouts(), key=lambda row: not fits(row[0]))


@page
def profile_create(request):
    return _profile_form(request, None)


@page
def profile_edit(request, pk: int):
    roles.require(request.user, Role.STAFF)
    return _profile_form(request, get_object_or_404(PrintProfile, pk=pk))


_PREVIEW_FIELDS = ("paper", "width_mm", "height_mm", "offset_x_mm", "offset_y_mm")


@page
def profile_preview(request, pk: int):
    """PNG: one certificate of `?layout=` in blank mode over the profile's scan, with the
    paper, scaling and offsets given in the query (the form's unsaved values)."""
    roles.require(request.user, Role.STAFF)
    profile = get_object_or_404(PrintProfile, pk=pk)
    code = request.GET.get("layout") or ""
    if code not in available_layouts():
        return JsonResponse({"errors": [_("Không có mẫu in “%(c)s”.") % {"c": code[:50]}]}, status=400)
    candidate = PrintProfile(
        pk=profile.pk, name=profile.name, scan=profile.scan, layout_scaling=dict(profile.layout_scaling or {})
    )
    for name in _PREVIEW_FIELDS:
        value = request.GET.get(name)
        setattr(candidate, name, value if value not in (None, "") else getattr(profile, name))
    scaling = request.GET.get("scaling")
    if scaling:
        candidate.layout_scaling[code] = scaling
    try:
        candidate.clean_fields(exclude=["name", "scan"])  # converts the query's strings first
        candidate.clean()
        services.check_printable([code], mode=PrintMode.BLANK, profile=candidate)
        data = preview.preview_png(
            profile=candidate, layout_code=code, options=services.render_options(candidate)
        )
    except ValidationError as error:
        return JsonResponse({"errors": list(error.messages)}, status=400)
    except RenderingError as error:
        return JsonResponse({"errors": [str(error)]}, status=400)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


@page
def profile_calibration(request, pk: int):
    roles.require(request.user, Role.STAFF)
    profile = get_object_or_404(PrintProfile, pk=pk)
    try:
        data = services.print_profile_calibration(
            profile=profile, layout_code=request.GET.get("layout") or None
        )
    except (ValidationError, ConflictError) as error:
        for message in _error_messages(error):
            messages.error(request, message)
        return redirect("print-profiles")
    return _pdf_response(data, f"can-chinh-may-in-{profile.pk}.pdf", inline=False)


# --- emblems ------------------------------------------------------------------------------------


@page
def emblem_list(request):
    """Each layout's emblem (PNG or SVG, drawn in place of the star in full mode):
    upload one (POST `layout` + `image`) or remove it (POST `layout` + `remove`)."""
    roles.require(request.user, Role.STAFF)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("layout", "")
        try:
            if request.POST.get("remove"):
                emblems.emblem_remove(layout_code=code)
                messages.success(request, _("Đã bỏ quốc huy của mẫu; bằng khen in lại ngôi sao."))
                return redirect("print-emblems")
            upload = request.FILES.get("image")
            if upload is None:
                raise ValidationError(_("Vui lòng chọn tệp ảnh PNG hoặc SVG."))
            emblems.emblem_store(layout_code=code, upload=upload)
        except ValidationError as error:
            errors[code] = list(error.messages)
        else:
            messages.success(request, _("Đã lưu quốc huy của mẫu."))
            return redirect("print-emblems")
    stored = {e.layout_code: e for e in LayoutEmblem.objects.all()}
    rows = [
        {"code": code, "name": name, "emblem": stored.get(code), "errors": errors.get(code, [])}
        for code, name in emblems.emblem_layouts()
    ]
    return render(
        request,
        "certificates/emblems.html",
        {"nav": "printing", "rows": rows},
        status=400 if errors else 200,
    )
