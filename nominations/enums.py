"""Codes of the process (docs/api-notes.md: fixed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại")
    VERIFIED = "verified", _("Đã thẩm định")
    APPROVED = "approved", _("Được đề nghị khen thưởng")
    NOT_APPROVED = "not_approved", _("Không được đề nghị")
    AWARDED = "awarded", _("Đã khen thưởng")
    REVOKED = "revoked", _("Đã thu hồi")
    WITHDRAWN = "withdrawn", _("Đã rút")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")


class SessionBody(models.TextChoices):
    COUNCIL = "council", _("Hội đồng Thi đua - Khen thưởng")
    STANDING_BOARD = "standing_board", _("Thường trực Hội đồng")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")


class ItemOutcome(models.TextChoices):
    APPROVED = "approved", _("Đề nghị khen thưởng")
    NOT_APPROVED = "not_approved", _("Không đề nghị")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    REVOKED = "revoked", _("Đã thu hồi")


class DecisionEventKind(models.TextChoices):
    DRAFTED = "drafted", _("Lập dự thảo")
    RETURNED = "returned", _("Chủ tịch trả lại")
    RESUBMITTED = "resubmitted", _("Trình lại")
    CONFIRMED_UNVERIFIED = "confirmed_unverified", _("Xác nhận hệ số chưa đối chiếu")
    ISSUED = "issued", _("Ban hành")
