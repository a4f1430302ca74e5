"""Template helpers of the HTML pages: accessible fields, status badges, money."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.enums import RecipientKind

register = template.Library()


@register.simple_tag
def ui_widget(field, **attrs):
    """Render a bound field's widget tied to its help text and errors (aria-describedby)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    widget_attrs = dict(attrs)
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=widget_attrs)


@register.simple_tag
def status_badge(code, label=None):
    return format_html('<span class="badge badge-{}">{}</span>', code or "", label or code or "")


@register.filter
def vnd(amount):
    """1800000 → '1.800.000 đ' (Vietnamese thousands separator)."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return amount
    return f"{value:,}".replace(",", ".") + " đ"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def get_item_at(sequence, index):
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""


# Names of the eligibility engine's checks (awards.eligibility.CHECKS) for people.
CHECK_LABELS = {
    "rating_streak": _("Xếp loại hằng năm liên tục"),
    "title_streak": _("Danh hiệu thi đua liên tục"),
    "initiatives": _("Sáng kiến được công nhận"),
    "leads_bloc": _("Được suy tôn dẫn đầu khối thi đua"),
    "no_hold": _("Không thuộc trường hợp tạm hoãn"),
    "no_duplicate": _("Không trùng thành tích đã đề nghị"),
    "registered": _("Đăng ký thi đua"),
    "manual": _("Tiêu chuẩn do cán bộ thẩm định xác nhận"),
    "recipient_kind": _("Đối tượng khen thưởng"),
}


@register.filter
def recipient_kinds(codes):
    """["individual", "collective"] → "Cá nhân, tập thể": labels, never codes."""
    labels = dict(RecipientKind.choices)
    names = [str(labels.get(code, code)) for code in codes or []]
    return ", ".join(n if i == 0 else n[:1].lower() + n[1:] for i, n in enumerate(names))


@register.filter
def check_label(code):
    return CHECK_LABELS.get(code, code)


@register.filter
def mm(value):
    """Decimal(“1.50”) → '1,5', Decimal(“-2.00”) → '-2' (localized, no trailing zeros)."""
    try:
        number = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return value
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number, use_l10n=True)
