"""The columns of the register's lists as .xlsx (pages and API share them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from awards.exports import Column


def _subject_name(row) -> str:
    return row.person.full_name if row.person_id else row.organization.name


def _subject_unit(row) -> str:
    if row.person_id:
        return row.person.organization.name
    return row.organization.parent.name if row.organization.parent_id else ""


PEOPLE = (
    Column(_("Mã cá nhân"), lambda p: p.code, width=12),
    Column(_("Họ và tên"), lambda p: p.full_name, width=28),
    Column(_("Giới tính"), lambda p: p.get_gender_display(), width=10),
    Column(_("Năm sinh"), lambda p: p.birth_year, "int", 10),
    Column(_("Chức vụ"), lambda p: p.position, width=28),
    Column(_("Nhóm đối tượng"), lambda p: p.get_position_group_display(), width=24),
    Column(_("Đơn vị"), lambda p: p.organization.name, width=36),
    Column(_("Đang công tác"), lambda p: p.is_active, width=10),
)

ORGANIZATIONS = (
    Column(_("Mã"), lambda o: o.code, width=12),
    Column(_("Tên đơn vị"), lambda o: o.name, width=40),
    Column(_("Tên viết tắt"), lambda o: o.short_name, width=14),
    Column(_("Loại"), lambda o: o.get_kind_display(), width=20),
    Column(_("Đơn vị cấp trên"), lambda o: o.parent.name if o.parent_id else "", width=36),
    Column(_("Khối thi đua"), lambda o: o.bloc.name if o.bloc_id else "", width=24),
    Column(_("Đang hoạt động"), lambda o: o.is_active, width=10),
)

AWARD_RECORDS = (
    Column(_("Năm"), lambda r: r.year, "int", 8),
    Column(_("Hình thức khen thưởng"), lambda r: r.award_type.name, width=36),
    Column(_("Cá nhân / tập thể"), _subject_name, width=30),
    Column(_("Đơn vị"), _subject_unit, width=32),
    Column(_("Số quyết định"), lambda r: r.decision_number, width=16),
    Column(_("Ngày quyết định"), lambda r: r.decision_date, "date", 14),
    Column(_("Tiền thưởng (đồng)"), lambda r: r.reward_amount, "money", 16),
    Column(_("Nguồn"), lambda r: r.get_source_display(), width=16),
    Column(_("Đã thu hồi"), lambda r: r.revoked, width=10),
)
