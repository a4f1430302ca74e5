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


class NotificationKind(models.TextChoices):
    """What a notification tells; users may turn e-mail off per kind (in-app always)."""

    SUBMITTED = "submitted", _("Hồ sơ được nộp (cán bộ thẩm định)")
    RETURNED = "returned", _("Hồ sơ bị trả lại")
    VERIFIED = "verified", _("Hồ sơ được thẩm định")
    APPROVED = "approved", _("Hồ sơ được đề nghị khen thưởng")
    NOT_APPROVED = "not_approved", _("Hồ sơ không được đề nghị")
    AWARDED = "awarded", _("Hồ sơ được khen thưởng")
    REVOKED = "revoked", _("Khen thưởng bị thu hồi")
    SESSION_SCHEDULED = "session_scheduled", _("Phiên họp được lên lịch")
    SESSION_OPENED = "session_opened", _("Phiên họp bắt đầu biểu quyết")
    AGENDA_CHANGED = "agenda_changed", _("Chương trình phiên họp thay đổi")
    DECISION_AWAITING = "decision_awaiting", _("Dự thảo quyết định chờ ký")
    DECISION_RETURNED = "decision_returned", _("Dự thảo quyết định bị trả lại")
    PRINT_DONE = "print_done", _("Lệnh in hoàn tất")
    PRINT_FAILED = "print_failed", _("Lệnh in bị lỗi")
    DEADLINE_REMINDER = "deadline_reminder", _("Nhắc hạn nộp hồ sơ")
    VOTE_REMINDER = "vote_reminder", _("Nhắc biểu quyết")
