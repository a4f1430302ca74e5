"""Certificates: ORM rows → the renderer's dataclasses, single renders and print jobs.

The drawing is ``certificates.rendering`` (pure: dataclasses in, bytes out). This
module reads the database, checks what may be printed, and does the bookkeeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from awards import clock, roles
from awards.errors import ConflictError
from certificates.emblems import emblems_for
from certificates.enums import PrintJobStatus, PrintMode
from certificates.models import Certificate, PrintJob, PrintProfile
from certificates.rendering import (
    MODES,
    CertificateContent,
    LayoutError,
    MissingGlyphError,
    NoBlankError,
    OffSheetError,
    RenderingError,
    available_layouts,
    check_on_sheet,
    load_layout,
    place,
    render_calibration_page,
    render_certificates,
)
from nominations.enums import DecisionStatus
from nominations.models import Decision

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_CERTIFICATES_PER_JOB",
    "certificate_contents",
    "certificate_render",
    "certificates_for_rendering",
    "iter_certificate_contents",
    "mark_printed",
    "print_job_create",
    "print_job_queryset",
    "print_job_retry",
    "print_profile_calibration",
    "render_options",
    "rendering_error_message",
]

MAX_CERTIFICATES_PER_JOB = 5000

# Everything a page needs, in one query however many certificates there are.
_RELATED = (
    "decision__award_type",
    "decision__period",
    "award_record",
    "nomination__nominee_person__organization",
    "nomination__nominee_organization__parent",
)


# Only the columns a page reads: compiling and converting nine tables' worth of
# columns was most of a single certificate's database cost.
_COLUMNS = (
    "register_number",
    "register_suffix",
    "code",
    "decision__number",
    "decision__signed_on",
    "decision__signer_name",
    "decision__signer_title",
    "decision__authority",
    "decision__place",
    "decision__citation",
    "decision__award_type__name",
    "decision__award_type__certificate_layout",
    "decision__award_type__certificate_title",
    "decision__period__year",
    "award_record__revoked",
    "award_record__revoked_on",
    "nomination__nominee_name",
    "nomination__nominee_person__full_name",
    "nomination__nominee_person__gender",
    "nomination__nominee_person__position",
    "nomination__nominee_person__organization__name",
    "nomination__nominee_organization__name",
    "nomination__nominee_organization__parent__name",
)


def certificates_for_rendering(queryset: QuerySet[Certificate] | None = None) -> QuerySet[Certificate]:
    """Certificates with everything a page needs, in one query."""
    qs = queryset if queryset is not None else Certificate.objects.all()
    return qs.select_related(*_RELATED).only(*_COLUMNS)


# --- content ------------------------------------------------------------------------------------


def _authority_line(authority: str) -> str:
    """'Ủy ban nhân dân tỉnh Bắc Ninh' → 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH' (line 3)."""
    upper = " ".join(authority.split()).upper()
    if upper.startswith("CHỦ TỊCH"):
        return upper
    return f"CHỦ TỊCH {upper}"


def _signer_title_lines(signer_title: str) -> tuple[str, ...]:
    # "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (as the decision PDF reads it).
    return tuple(line.strip() for line in signer_title.replace(" / ", "\n").splitlines() if line.strip())


def _citation(decision: Decision) -> str:
    text = " ".join((decision.citation or "").split())
    if not text:
        return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {decision.period.year}"
    # The decision's article 1 continues a sentence ("…, đã có thành tích…"); the
    # certificate starts one.
    return text[:1].upper() + text[1:]


def _recipient(certificate: Certificate) -> tuple[str, str]:
    nomination = certificate.nomination
    person = nomination.nominee_person
    if person is not None:
        detail = ", ".join(part for part in (person.position, person.organization.name) if part)
        return f"{person.salutation} {person.full_name}", detail
    organization = nomination.nominee_organization
    parent = organization.parent.name if organization.parent_id else ""
    return organization.name, parent


def _verify_prefix() -> str:
    # One reverse() per document rather than per page.
    marker = "CODE"
    path = reverse("certificate-verify", kwargs={"code": marker})
    return f"{settings.PUBLIC_BASE_URL}{path[: path.rindex(marker)]}"


def _content(certificate: Certificate, verify_prefix: str) -> CertificateContent:
    decision = certificate.decision
    award_type = decision.award_type
    recipient, detail = _recipient(certificate)
    return CertificateContent(
        register_number=certificate.register_number,
        register_suffix=certificate.register_suffix,
        layout_code=award_type.certificate_layout or "generic",
        authority_line=_authority_line(decision.authority),
        award_title=award_type.certificate_title or award_type.name,
        recipient_name=recipient,
        recipient_detail=detail,
        citation=_citation(decision),
        decision_number=decision.number,
        decision_date=decision.signed_on,
        place=decision.place,
        signer_title_lines=_signer_title_lines(decision.signer_title),
        signer_name=decision.signer_name,
        verify_url=f"{verify_prefix}{certificate.code}/",
        province_name=" ".join(decision.authority.split()).upper(),
        year=decision.period.year,
    )


def iter_certificate_contents(certificates: Iterable[Certificate]) -> Iterator[CertificateContent]:
    """Contents one by one (a print job streams them into the renderer)."""
    prefix = _verify_prefix()
    for certificate in certificates:
        yield _content(certificate, prefix)


def certificate_contents(certificates: Iterable[Certificate]) -> list[CertificateContent]:
    """The renderer's dataclasses for `certificates`, in the given order.

    A queryset is read with its relations joined: one query for any number.
    """
    if isinstance(certificates, QuerySet):
        certificates = certificates_for_rendering(certificates)
    return list(iter_certificate_contents(certificates))


# --- rendering ----------------------------------------------------------------------------------


def _describe(certificate: Certificate) -> str:
    return _("bằng khen số sổ vàng %(n)s của Quyết định số %(d)s (%(who)s)") % {
        "n": certificate.register_label,
        "d": certificate.decision.number,
        "who": certificate.nomination.nominee_name,
    }


def _sheet_message(exc: OffSheetError | NoBlankError, profile: PrintProfile | None) -> str:
    if isinstance(exc, NoBlankError):
        return _(
            "Mẫu “%(layout)s” không có phôi in sẵn (mẫu chữ cờ được in đầy đủ cho nơi sản xuất cờ): "
            "hãy chọn chế độ in đầy đủ."
        ) % {"layout": exc.layout_name}
    left, top, right, bottom = exc.box
    return _(
        "Dòng “%(field)s” của mẫu “%(layout)s” sẽ nằm ngoài tờ giấy %(w)s × %(h)s mm của %(profile)s "
        "(từ %(l).1f đến %(r).1f mm theo chiều ngang, %(t).1f đến %(b).1f mm theo chiều dọc): "
        "hãy sửa độ lệch, khổ giấy hoặc chọn in thu phóng vừa khổ giấy."
    ) % {
        "field": exc.field,
        "layout": exc.layout_name,
        "w": f"{exc.paper[0]:g}",
        "h": f"{exc.paper[1]:g}",
        "profile": _("hồ sơ máy in “%(n)s”") % {"n": profile.name} if profile else _("mẫu"),
        "l": left,
        "r": right,
        "t": top,
        "b": bottom,
    }


def check_printable(layout_codes: Iterable[str], *, mode: str, profile: PrintProfile | None) -> None:
    """Refuse (400, naming the field and the profile) before anything is drawn or queued:
    blank mode for a layout without a blank, a field that would fall off the paper."""
    options = render_options(profile)
    for code in sorted(set(layout_codes)):
        try:
            layout = load_layout(code)
        except LayoutError:
            continue  # reported with the certificate's name when it is drawn
        sheet = place(
            layout,
            mode=mode,
            paper_mm=options.get("page_size_mm"),
            scaling=options.get("scaling", {}).get(code, "actual"),
            offset_x_mm=options.get("offset_x_mm", 0),
            offset_y_mm=options.get("offset_y_mm", 0),
        )
        try:
            check_on_sheet(layout, sheet, mode)
        except (OffSheetError, NoBlankError) as exc:
            key = "mode" if isinstance(exc, NoBlankError) else "profile"
            raise ValidationError({key: [_sheet_message(exc, profile)]}) from exc


def rendering_error_message(exc: RenderingError, certificate: Certificate | None) -> str:
    """A Vietnamese sentence naming the certificate and, for a glyph, the character."""
    where = _describe(certificate) if certificate is not None else _("lệnh in")
    if isinstance(exc, MissingGlyphError):
        return _(
            "Không in được %(where)s: ký tự “%(char)s” (U+%(code)04X) không có trong phông chữ %(font)s. "
            "Hãy sửa lại dữ liệu."
        ) % {"where": where, "char": exc.char, "code": exc.codepoint, "font": exc.font}
    return _("Không in được %(where)s: %(why)s") % {"where": where, "why": exc}


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValidationError({"mode": [_("Chế độ in phải là “full” (đầy đủ) hoặc “blank” (in lên phôi).")]})


def render_options(profile: PrintProfile | None) -> dict[str, Any]:
    """The renderer's offsets and paper for a print profile (none: the layout's own page)."""
    if profile is None:
        return {}
    size = profile.page_size_mm
    return {
        "offset_x_mm": float(profile.offset_x_mm),
        "offset_y_mm": float(profile.offset_y_mm),
        "page_size_mm": (float(size[0]), float(size[1])) if size else None,
        "scaling": {code: profile.scaling_for(code) for code in (profile.layout_scaling or {})},
    }


def _refuse_revoked(certificate: Certificate) -> None:
    if certificate.is_revoked:
        raise ConflictError(
            _("%(what)s đã bị thu hồi ngày %(d)s: không được in.")
            % {
                "what": _describe(certificate)[:1].upper() + _describe(certificate)[1:],
                "d": certificate.revoked_on.strftime("%d/%m/%Y") if certificate.revoked_on else "—",
            }
        )


def mark_printed(ids: Iterable[int]) -> None:
    """Print bookkeeping: one UPDATE for any number of certificates."""
    Certificate.objects.filter(pk__in=list(ids)).update(
        print_count=F("print_count") + 1, last_printed_at=clock.now()
    )


def _loaded_for_rendering(certificate: Certificate) -> bool:
    """True when the row was read with `certificates_for_rendering` (the API's detail
    query does): rendering then costs no further query."""
    nomination_loaded = Certificate.nomination.is_cached(certificate)
    return (
        Certificate.decision.is_cached(certificate)
        and Certificate.award_record.is_cached(certificate)
        and nomination_loaded
        and type(certificate.nomination).nominee_person.is_cached(certificate.nomination)
        and type(certificate.nomination).nominee_organization.is_cached(certificate.nomination)
    )


def certificate_render(
    *, certificate: Certificate, mode: str = PrintMode.FULL, profile: PrintProfile | None = None
) -> bytes:
    """One certificate as a one-page PDF.

    `certificate` is re-read with its relations unless it was read with
    `certificates_for_rendering`. Refuses a revoked certificate (409) and an
    unknown mode (400); a text the font
    cannot print is a 400 naming the certificate and the character. Side effect:
    the certificate's print count and time, updated after the PDF is made.
    """
    _check_mode(mode)
    if not _loaded_for_rendering(certificate):
        certificate = certificates_for_rendering().order_by().get(pk=certificate.pk)
    _refuse_revoked(certificate)
    content = _content(certificate, _verify_prefix())
    check_printable([content.layout_code], mode=mode, profile=profile)
    try:
        data = render_certificates(
            [content], mode=mode, emblems=emblems_for([content.layout_code]), **render_options(profile)
        )
    except RenderingError as exc:
        raise ValidationError(rendering_error_message(exc, certificate)) from exc
    mark_printed([certificate.pk])
    return data


# --- print profiles -----------------------------------------------------------------------------


def print_profile_calibration(*, profile: PrintProfile, layout_code: str | None = None) -> bytes:
    """The profile's calibration page: a millimetre grid on its paper, shifted by its
    offsets, with a layout's blank-mode fields marked when `layout_code` names one.

    Refuses an unknown layout (400) and a profile without a paper size (409). No side effect.
    """
    if layout_code is not None and layout_code not in available_layouts():
        raise ValidationError({"layout": [_("Không có mẫu in “%(c)s”.") % {"c": layout_code[:50]}]})
    layout = load_layout(layout_code) if layout_code else None
    if profile.page_size_mm is None:
        raise ConflictError(_("Hồ sơ máy in chưa có khổ giấy."))
    width, height = profile.page_size_mm
    if layout is not None:
        check_printable([layout.code], mode=PrintMode.BLANK, profile=profile)
    try:
        return render_calibration_page(
            paper_width_mm=float(width),
            paper_height_mm=float(height),
            offset_x_mm=float(profile.offset_x_mm),
            offset_y_mm=float(profile.offset_y_mm),
            title=f"TRANG CĂN CHỈNH MÁY IN — {profile.name}",
            layout=layout,
            scaling=profile.scaling_for(layout.code) if layout else "actual",
        )
    except RenderingError as exc:
        raise ValidationError(_("Không in được trang căn chỉnh: %(why)s") % {"why": exc}) from exc


# --- print jobs ---------------------------------------------------------------------------------


def print_job_queryset(job: PrintJob) -> QuerySet[Certificate]:
    """The certificates a job prints, valid ones only, in register-number order."""
    if job.decision_id is not None:
        qs = Certificate.objects.filter(decision_id=job.decision_id)
    else:
        qs = Certificate.objects.filter(print_jobs=job)
    return qs.filter(award_record__revoked=False).order_by("decision_id", "register_number")


def print_job_create(
    *,
    actor: Any,
    decision: Decision | None = None,
    certificate_ids: Iterable[int] | None = None,
    mode: str = PrintMode.FULL,
    profile: PrintProfile | None = None,
) -> PrintJob:
    """Queue the rendering of one PDF for a decision (its valid certificates) or a list.

    Staff only. Refuses (400) both or neither target, a draft decision, unknown or
    revoked certificates, more than MAX_CERTIFICATES_PER_JOB. Side effect: the
    task is enqueued once the transaction commits; it never runs before this
    returns (`_enqueue`).
    """
    if not roles.is_staff(actor):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được in bằng khen."))
    _check_mode(mode)
    ids = list(dict.fromkeys(certificate_ids)) if certificate_ids is not None else None
    if (decision is None) == (ids is None):
        raise ValidationError(_("Cần chọn đúng một: một quyết định, hoặc danh sách bằng khen."))
    with transaction.atomic():
        total = _decision_total(decision) if decision is not None else _checked_list(ids)
        check_printable(_job_layouts(decision, ids), mode=mode, profile=profile)
        job = PrintJob.objects.create(
            requested_by=actor, decision=decision, mode=mode, profile=profile, total=total
        )
        if ids is not None:
            job.certificates.set(ids)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def print_job_retry(*, job: PrintJob, actor: Any) -> PrintJob:
    """Resume an interrupted job (its lease expired: the process rendering it died) or
    a failed one: back to queued, rendered again from the first page into one
    complete PDF. Staff or the job's requester. 409 for a job that is done, queued
    or still running. One transaction with the job row locked, so two clicks on
    "retry" queue it once.
    """
    if not (roles.is_staff(actor) or job.requested_by_id == getattr(actor, "pk", None)):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng hoặc người tạo lệnh in được in lại."))
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().get(pk=job.pk)
        shown = job.shown_status(clock.now())
        if shown not in (PrintJobStatus.INTERRUPTED, PrintJobStatus.FAILED):
            raise ConflictError(
                _(
                    "Lệnh in số %(n)s đang ở trạng thái “%(s)s”: chỉ lệnh in bị gián đoạn hoặc bị lỗi mới in lại được."
                )
                % {"n": job.pk, "s": PrintJobStatus(shown).label}
            )
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJobStatus.QUEUED,
            done=0,
            error="",
            file="",
            started_at=None,
            finished_at=None,
            lease_expires_at=None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def _decision_total(decision: Decision) -> int:
    """The decision's printable certificates; 400 for a draft or none left."""
    if decision.status == DecisionStatus.DRAFT:
        raise ValidationError({"decision": [_("Quyết định chưa được ban hành, chưa có bằng khen để in.")]})
    total = Certificate.objects.filter(decision=decision, award_record__revoked=False).count()
    if total == 0:
        raise ValidationError({"decision": [_("Quyết định không còn bằng khen nào còn hiệu lực để in.")]})
    return total


def _checked_list(ids: list[int]) -> int:
    """The number of certificates listed; 400 for none, too many, unknown or revoked ones."""

    def refuse(message: str) -> ValidationError:
        return ValidationError({"certificates": [message]})

    if not ids:
        raise refuse(_("Cần chọn ít nhất một bằng khen."))
    if len(ids) > MAX_CERTIFICATES_PER_JOB:
        raise refuse(_("Một lệnh in tối đa %(n)s bằng khen.") % {"n": MAX_CERTIFICATES_PER_JOB})
    found = {
        c.pk: c for c in Certificate.objects.filter(pk__in=ids).select_related("award_record", "decision")
    }
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise refuse(_("Không tìm thấy bằng khen: %(ids)s.") % {"ids": ", ".join(unknown[:20])})
    revoked = [found[i] for i in ids if found[i].is_revoked]
    if revoked:
        listed = ", ".join(f"{c.decision.number} #{c.register_label}" for c in revoked[:20])
        raise refuse(_("Bằng khen đã bị thu hồi, không được in: %(list)s.") % {"list": listed})
    return len(ids)


def _job_layouts(decision: Decision | None, ids: list[int] | None) -> set[str]:
    if decision is not None:
        return {decision.award_type.certificate_layout or "generic"}
    codes = Certificate.objects.filter(pk__in=ids).values_list(
        "decision__award_type__certificate_layout", flat=True
    )
    return {code or "generic" for code in codes.distinct()}


def _enqueue(job_id: int) -> None:
    """Hand the job to the task backend; never draw it inside the request that asked.

    A synchronous backend ("immediate") would run the task right here, before the
    response: the job is then drawn in a thread of this process instead (its lease
    shows it interrupted if the process stops first). The database backend queues it
    for `manage.py db_worker`.
    """
    from django_tasks.backends.immediate import ImmediateBackend

    from certificates.tasks import render_print_job

    if isinstance(render_print_job.get_backend(), ImmediateBackend):
        name = f"print-job-{job_id}"
        threading.Thread(target=_enqueue_in_thread, args=(job_id,), name=name, daemon=True).start()
        return
    _enqueue_now(job_id)


def _enqueue_in_thread(job_id: int) -> None:
    try:
        _enqueue_now(job_id)
    finally:
        connections.close_all()  # this thread's own connections


def _enqueue_now(job_id: int) -> None:
    from certificates.tasks import render_print_job

    try:
        result = render_print_job.enqueue(job_id=job_id)
    except Exception as exc:  # a broken queue must not lose the job silently
        logger.exception("print job %s could not be queued", job_id)
        PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.QUEUED).update(
            status=PrintJobStatus.FAILED,
            error=_("Không đưa được lệnh in vào hàng đợi: %(why)s") % {"why": type(exc).__name__},
            finished_at=clock.now(),
        )
        return
    PrintJob.objects.filter(pk=job_id).update(task_result_id=str(result.id)[:64])
