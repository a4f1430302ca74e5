"""Certificates, print profiles and print jobs (docs/architecture.md, "Certificates").

A certificate is created when its decision is issued (see ``receivers.py``) and is
never edited afterwards except for its print bookkeeping. Its public status is not
stored: it follows the award record, which revocation marks (Law 06/2022 Art. 93).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models.base import ClockDateTimeField
from certificates.enums import CertificateStatus, LayoutScaling, Paper, PrintJobStatus, PrintMode

# Paper as it goes through the printer, landscape (width, height) in millimetres.
PAPER_SIZES_MM: dict[str, tuple[Decimal, Decimal]] = {
    Paper.A4: (Decimal("297"), Decimal("210")),
    Paper.A3: (Decimal("420"), Decimal("297")),
}
# A printer's misalignment is a few millimetres; anything past this is a typo.
MAX_OFFSET_MM = Decimal("100")
MIN_PAPER_MM = Decimal("50")
MAX_PAPER_MM = Decimal("2000")


def new_verification_code() -> str:
    """128 random bits, URL-safe (22 characters): unguessable, fits in the QR code."""
    return secrets.token_urlsafe(16)


class Register(models.Model):
    """Sổ vàng: one running register of certificate numbers per issuing authority and
    year, across decisions and award types (numbers never restart per decision)."""

    authority = models.CharField(_("cơ quan ban hành"), max_length=255)
    year = models.PositiveIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        ordering = ["-year", "authority"]
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="register_authority_year")]
        verbose_name = _("sổ vàng")
        verbose_name_plural = _("sổ vàng")

    def __str__(self) -> str:
        return f"{self.authority} ({self.year})"


class Certificate(models.Model):
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="certificate"
    )
    decision = models.ForeignKey(
        "nominations.Decision", on_delete=models.PROTECT, related_name="certificates"
    )
    award_record = models.ForeignKey(
        "awards.AwardRecord", on_delete=models.PROTECT, related_name="certificates"
    )
    # Số sổ vàng: the next numbers of the authority's register for the year, given in
    # annex order when the decision is issued.
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="certificates")
    register_number = models.PositiveIntegerField(_("số sổ vàng"))
    # The award type's suffix as it was at issue ("BK" prints "Số: 12/BK").
    register_suffix = models.CharField(_("ký hiệu sổ"), max_length=20, blank=True)
    code = models.CharField(
        _("mã xác thực"), max_length=43, unique=True, default=new_verification_code, editable=False
    )
    print_count = models.PositiveIntegerField(_("số lần in"), default=0)
    last_printed_at = models.DateTimeField(_("lần in gần nhất"), null=True, blank=True)
    created_at = ClockDateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision_id", "register_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "register_number"], name="certificate_register_number"
            ),
        ]
        verbose_name = _("bằng khen, giấy chứng nhận")
        verbose_name_plural = _("bằng khen, giấy chứng nhận")

    def __str__(self) -> str:
        return f"{self.decision_id}#{self.register_number}"

    @property
    def register_label(self) -> str:
        """'12/BK', or '12' for an award type without a suffix."""
        return (
            f"{self.register_number}/{self.register_suffix}"
            if self.register_suffix
            else str(self.register_number)
        )

    @property
    def status(self) -> str:
        return CertificateStatus.REVOKED if self.award_record.revoked else CertificateStatus.VALID

    @property
    def is_revoked(self) -> bool:
        return self.award_record.revoked

    @property
    def revoked_on(self):
        return self.award_record.revoked_on if self.award_record.revoked else None

    @property
    def verify_path(self) -> str:
        return reverse("certificate-verify", kwargs={"code": self.code})

    @property
    def verify_url(self) -> str:
        return f"{settings.PUBLIC_BASE_URL}{self.verify_path}"


def _scan_file_name(instance: PrintProfile, filename: str) -> str:
    # Never derived from user input: the service passes a random name.
    return f"print-profiles/{filename}"


def _emblem_file_name(instance: LayoutEmblem, filename: str) -> str:
    return f"emblems/{filename}"


_OFFSET_VALIDATORS = [MinValueValidator(-MAX_OFFSET_MM), MaxValueValidator(MAX_OFFSET_MM)]
_PAPER_VALIDATORS = [MinValueValidator(MIN_PAPER_MM), MaxValueValidator(MAX_PAPER_MM)]


class PrintProfile(models.Model):
    """A printer with its paper and the correction that puts blank-mode text on the form's lines."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    paper = models.CharField(_("khổ giấy"), max_length=10, choices=Paper.choices, default=Paper.A3)
    width_mm = models.DecimalField(
        _("chiều rộng (mm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_PAPER_VALIDATORS,
        help_text=_("Chỉ dùng với khổ giấy tùy chọn."),
    )
    height_mm = models.DecimalField(
        _("chiều cao (mm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_PAPER_VALIDATORS,
    )
    # Positive x moves the print to the right, positive y up (certificates.rendering).
    offset_x_mm = models.DecimalField(
        _("độ lệch ngang (mm)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=_OFFSET_VALIDATORS,
    )
    offset_y_mm = models.DecimalField(
        _("độ lệch dọc (mm)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=_OFFSET_VALIDATORS,
    )
    # {layout code: "actual" | "fit"}; a layout not named prints at 100 %.
    layout_scaling = models.JSONField(_("cách in từng mẫu"), default=dict, blank=True)
    # A scan of the blank form, shown under the live preview (never printed).
    scan = models.FileField(_("ảnh quét phôi"), upload_to=_scan_file_name, max_length=255, blank=True)
    created_at = ClockDateTimeField(auto_now_add=True)
    updated_at = ClockDateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hồ sơ máy in")
        verbose_name_plural = _("hồ sơ máy in")

    def __str__(self) -> str:
        return self.name

    def scaling_for(self, layout_code: str) -> str:
        value = (self.layout_scaling or {}).get(layout_code)
        return value if value in LayoutScaling.values else LayoutScaling.ACTUAL

    @property
    def page_size_mm(self) -> tuple[Decimal, Decimal] | None:
        if self.paper == Paper.CUSTOM:
            if self.width_mm is None or self.height_mm is None:
                return None
            return (self.width_mm, self.height_mm)
        return PAPER_SIZES_MM.get(self.paper)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.paper == Paper.CUSTOM:
            if self.width_mm is None:
                errors["width_mm"] = _("Khổ giấy tùy chọn cần chiều rộng.")
            if self.height_mm is None:
                errors["height_mm"] = _("Khổ giấy tùy chọn cần chiều cao.")
        else:
            # A named paper has its own size; stale custom sizes would only confuse.
            self.width_mm = self.height_mm = None
        size = self.page_size_mm
        if size is not None:
            width, height = size
            if self.offset_x_mm is not None and abs(self.offset_x_mm) >= width:
                errors["offset_x_mm"] = _(
                    "Độ lệch ngang %(o)s mm vượt ra ngoài khổ giấy (rộng %(w)s mm)."
                ) % {
                    "o": self.offset_x_mm,
                    "w": width,
                }
            if self.offset_y_mm is not None and abs(self.offset_y_mm) >= height:
                errors["offset_y_mm"] = _("Độ lệch dọc %(o)s mm vượt ra ngoài khổ giấy (cao %(h)s mm).") % {
                    "o": self.offset_y_mm,
                    "h": height,
                }
        bad = (
            {
                code: value
                for code, value in (self.layout_scaling or {}).items()
                if not isinstance(code, str) or value not in LayoutScaling.values
            }
            if isinstance(self.layout_scaling, dict)
            else {"": self.layout_scaling}
        )
        if bad:
            errors["layout_scaling"] = _(
                "Cách in mỗi mẫu phải là “actual” (in đúng kích thước) hoặc “fit” (vừa khổ giấy)."
            )
        if errors:
            raise ValidationError(errors)


class LayoutEmblem(models.Model):
    """A province's emblem image for a layout, drawn in place of the star in full mode."""

    layout_code = models.CharField(_("mẫu in"), max_length=64, unique=True)
    image = models.FileField(_("ảnh"), upload_to=_emblem_file_name, max_length=255)
    content_type = models.CharField(max_length=20)  # 'image/png' | 'image/svg+xml'
    created_at = ClockDateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quốc huy / biểu trưng của mẫu in")
        verbose_name_plural = _("quốc huy / biểu trưng của mẫu in")

    def __str__(self) -> str:
        return self.layout_code


def _job_file_name(instance: PrintJob, filename: str) -> str:
    # Never derived from user input: the task passes a random name.
    return f"print-jobs/{filename}"


class PrintJob(models.Model):
    """One PDF for a decision or a list of certificates, rendered by a task."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        "nominations.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="print_jobs"
    )
    certificates = models.ManyToManyField(Certificate, blank=True, related_name="print_jobs")
    mode = models.CharField(_("chế độ in"), max_length=10, choices=PrintMode.choices, default=PrintMode.FULL)
    profile = models.ForeignKey(
        PrintProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="print_jobs"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=PrintJobStatus.choices, default=PrintJobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(upload_to=_job_file_name, max_length=255, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # A running job's claim: renewed as pages are drawn; once it has passed, the
    # process that held it is gone and the job may be retried.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = ClockDateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lệnh in")
        verbose_name_plural = _("lệnh in")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_status_display()})"

    def shown_status(self, now) -> str:
        """The status as users see it: a running job past its lease is interrupted."""
        if self.status == PrintJobStatus.RUNNING and (
            self.lease_expires_at is None or self.lease_expires_at <= now
        ):
            return PrintJobStatus.INTERRUPTED
        return self.status
