"""Codes of the certificates app (docs/api-notes.md: fixed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã bị thu hồi")


class PrintMode(models.TextChoices):
    FULL = "full", _("In đầy đủ trên giấy trắng")
    BLANK = "blank", _("In lên phôi có sẵn")


class Paper(models.TextChoices):
    A4 = "A4", _("A4 (297 × 210 mm)")
    A3 = "A3", _("A3 (420 × 297 mm)")
    CUSTOM = "custom", _("Tùy chọn")


class LayoutScaling(models.TextChoices):
    """How a layout meets a profile's paper in blank mode (full mode always fits)."""

    ACTUAL = "actual", _("In đúng 100 % (phôi có đúng khổ của mẫu)")
    FIT = "fit", _("Thu phóng mẫu cho vừa khổ giấy")


class PrintJobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang in")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")
    # Never stored: a running job whose lease has expired (its process died).
    INTERRUPTED = "interrupted", _("Bị gián đoạn")
