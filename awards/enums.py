"""Codes shared by models, rules, serializers and pages (docs/api-notes.md: fixed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    STAFF = "staff", _("Cán bộ Ban Thi đua - Khen thưởng")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    CHAIRMAN = "chairman", _("Chủ tịch / người ký")
    ADMIN = "admin", _("Quản trị hệ thống")


class OrganizationKind(models.TextChoices):
    AUTHORITY = "authority", _("Cơ quan hành chính")
    OFFICE = "office", _("Văn phòng")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DIVISION = "division", _("Phòng, ban trực thuộc")
    UNIT = "unit", _("Đơn vị sự nghiệp")
    COMMUNE = "commune", _("Xã, phường")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PositionGroup(models.TextChoices):
    """Law 06/2022 Art. 5(2): offices favour direct workers and report their share."""

    LEADER = "leader", _("Lãnh đạo, quản lý")
    WORKER = "worker", _("Người trực tiếp lao động, công tác")
    OTHER = "other", _("Khác")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    COMMENDATION = "commendation", _("Hình thức khen thưởng")


class ReviewBody(models.TextChoices):
    COUNCIL = "council", _("Hội đồng Thi đua - Khen thưởng")
    STANDING_BOARD = "standing_board", _("Thường trực Hội đồng")
    NONE = "none", _("Không cần biểu quyết")


class ThresholdBase(models.TextChoices):
    MEMBERS = "members", _("Tổng số thành viên")
    PRESENT = "present", _("Số thành viên có mặt")


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    THEMATIC = "thematic", _("Theo chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


# Higher is better; used by "rating of at least this level" checks.
RATING_RANK = {
    RatingLevel.NOT_COMPLETED: 0,
    RatingLevel.COMPLETED: 1,
    RatingLevel.GOOD: 2,
    RatingLevel.EXCELLENT: 3,
}


class InitiativeScope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Cơ sở")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class HoldKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Kỷ luật")
    INVESTIGATION = "investigation", _("Điều tra")
    INSPECTION = "inspection", _("Thanh tra, kiểm tra")
    COMPLAINT = "complaint", _("Khiếu nại, tố cáo đang xác minh")


class RecordSource(models.TextChoices):
    IMPORTED = "imported", _("Nhập từ sổ cũ")
    DECISION = "decision", _("Theo quyết định")
    UNIT = "unit", _("Quyết định của đơn vị")


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Tờ trình")
    MINUTES = "minutes", _("Biên bản họp xét")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    OTHER = "other", _("Tài liệu khác")
