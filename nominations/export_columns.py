"""The columns of the nominations' and decisions' lists as .xlsx (awards.exports writes them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from awards.exports import Column

NOMINATIONS = (
    Column(_("Mã hồ sơ"), lambda n: n.reference, width=16),
    Column(_("Người/tập thể được đề nghị"), lambda n: n.nominee_name, width=30),
    Column(_("Đối tượng"), lambda n: n.get_recipient_kind_display(), width=10),
    Column(_("Hình thức"), lambda n: n.award_type.name, width=36),
    Column(_("Đơn vị đề nghị"), lambda n: n.proposing_organization.name, width=32),
    Column(_("Đợt"), lambda n: n.period.name, width=28),
    Column(_("Trạng thái"), lambda n: n.get_status_display(), width=18),
    Column(_("Ngày nộp"), lambda n: n.submitted_at, "datetime", 17),
)

DECISIONS = (
    Column(_("Số quyết định"), lambda d: d.number, width=16),
    Column(_("Ngày ký"), lambda d: d.signed_on, "date", 12),
    Column(_("Hình thức"), lambda d: d.award_type.name, width=36),
    Column(_("Đợt"), lambda d: d.period.name, width=28),
    Column(_("Trạng thái"), lambda d: d.get_status_display(), width=14),
    Column(_("Số tập thể, cá nhân"), lambda d: len(d.items.all()), "int", 12),
    Column(_("Tổng tiền thưởng (đồng)"), lambda d: d.total_reward, "money", 18),
    Column(_("Người ký"), lambda d: d.signer_name, width=24),
)
