"""Forms of the HTML pages: they validate input shape; the services hold the rules."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards import clock, roles
from awards.enums import DocumentKind, RecipientKind, ReviewBody
from awards.models import AwardType, Organization, Period, Person, User
from awards.text import has_forbidden_characters, vietnamese_sort_key
from nominations.enums import NominationStatus, SessionBody
from nominations.models import Nomination


class CleanTextMixin:
    """Refuse characters no field may hold (NUL, lone surrogates), beside the field."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and has_forbidden_characters(value):
                self.add_error(name, _("Trường này chứa ký tự không hợp lệ."))
        return cleaned


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def one_time_token() -> str:
    """A fresh token for a create form's hidden field."""
    return secrets.token_urlsafe(24)


def validate_form_token(value: str) -> None:
    if value and not _TOKEN.match(value):
        raise ValidationError(_("Biểu mẫu không hợp lệ; vui lòng tải lại trang."))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        unit = obj.organization.short_name or obj.organization.name
        position = f", {obj.position}" if obj.position else ""
        return f"{obj.full_name}{position} — {unit}"


class NominationForm(CleanTextMixin, forms.Form):
    period = forms.ModelChoiceField(
        label=_("Đợt khen thưởng"),
        queryset=Period.objects.none(),
        empty_label=_("— Chọn đợt —"),
        error_messages={"required": _("Vui lòng chọn đợt khen thưởng.")},
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardType.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn hình thức —"),
        error_messages={"required": _("Vui lòng chọn hình thức khen thưởng.")},
    )
    recipient_kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=RecipientKind.choices,
        widget=forms.RadioSelect,
        initial=RecipientKind.INDIVIDUAL,
        error_messages={"required": _("Vui lòng chọn cá nhân hay tập thể.")},
    )
    nominee_person = PersonChoiceField(
        label=_("Cá nhân được đề nghị"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— Chọn cá nhân —"),
        help_text=_("Chỉ gồm cán bộ thuộc đơn vị của bạn và các đơn vị trực thuộc."),
    )
    nominee_organization = forms.ModelChoiceField(
        label=_("Tập thể được đề nghị"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Chọn tập thể —"),
        help_text=_("Đơn vị của bạn hoặc một đơn vị trực thuộc."),
    )
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={
            "required": _("Vui lòng nhập tóm tắt thành tích."),
            "max_length": _("Tóm tắt thành tích tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
    )
    ground = forms.CharField(
        label=_("Căn cứ đề nghị (tùy chọn)"),
        max_length=100,
        required=False,
        help_text=_("Để trống: hệ thống tự tìm tiêu chuẩn phù hợp."),
    )

    # One-time token (see `one_time_token`): Back and save again finds the first dossier.
    form_token = forms.CharField(
        label=_("Mã biểu mẫu"),
        widget=forms.HiddenInput,
        required=False,
        max_length=64,
        validators=[validate_form_token],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        organization = user.organization
        today = clock.today()
        self.fields["period"].queryset = Period.objects.filter(closes_on__gte=today).order_by("closes_on") | (
            Period.objects.filter(pk=self.initial.get("period"))
            if self.initial.get("period")
            else Period.objects.none()
        )
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True).order_by("name")
        if organization is not None:
            subtree = Organization.objects.subtree_of(organization).filter(is_active=True)
            self.fields["nominee_organization"].queryset = subtree
            self.fields["nominee_person"].queryset = Person.objects.filter(
                organization__in=subtree, is_active=True
            ).select_related("organization")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("recipient_kind")
        person = cleaned.get("nominee_person")
        organization = cleaned.get("nominee_organization")
        award_type = cleaned.get("award_type")
        if kind == RecipientKind.INDIVIDUAL:
            cleaned["nominee_organization"] = None
            if person is None and "nominee_person" not in self.errors:
                self.add_error("nominee_person", _("Vui lòng chọn cá nhân được đề nghị."))
        elif kind == RecipientKind.COLLECTIVE:
            cleaned["nominee_person"] = None
            if organization is None and "nominee_organization" not in self.errors:
                self.add_error("nominee_organization", _("Vui lòng chọn tập thể được đề nghị."))
        if award_type is not None and kind and not award_type.accepts(kind):
            self.add_error(
                "recipient_kind",
                _("“%(award)s” không xét cho đối tượng này.") % {"award": award_type.name},
            )
        return cleaned


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=[("", _("— Chọn loại tài liệu —")), *DocumentKind.choices],
        error_messages={"required": _("Vui lòng chọn loại tài liệu.")},
    )
    file = forms.FileField(
        label=_("Tệp PDF"),
        help_text=_("Chỉ nhận tệp PDF (kiểm tra theo nội dung), tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Vui lòng chọn tệp để tải lên."),
            "empty": _("Tệp tải lên rỗng."),
            "invalid": _("Không đọc được tệp tải lên."),
        },
    )


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Vui lòng nêu lý do trả lại hồ sơ.")},
    )


class VerifyForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Ý kiến thẩm định (tùy chọn)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Lý do thẩm định đạt dù chưa đủ điều kiện"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_(
            "Chỉ điền khi hệ thống báo chưa đủ điều kiện mà bạn vẫn xác nhận đạt; lý do được ghi lại."
        ),
    )


class RevokeForm(CleanTextMixin, forms.Form):
    act_number = forms.CharField(
        label=_("Số văn bản thu hồi"),
        max_length=100,
        error_messages={"required": _("Vui lòng nhập số văn bản thu hồi.")},
        help_text=_("Ví dụ: 120/QĐ-UBND"),
    )
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Vui lòng nêu lý do thu hồi.")},
    )


# --- council ---------------------------------------------------------------------------------


class _VietnameseOrder(forms.models.ModelChoiceIterator):
    """Choices in the Vietnamese order of names (given name first), which no
    database collation gives: "Đỗ Thị Hải Yến" after "Trần Văn Xuân"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = sorted(self.queryset, key=lambda u: vietnamese_sort_key(u.full_name or u.username))
        for obj in rows:
            yield self.choice(obj)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    iterator = _VietnameseOrder

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


class CheckboxSelectMultipleWidget(forms.CheckboxSelectMultiple):
    """The agenda's checkboxes: each dossier says its period and the bodies that may
    review it, so the page offers only those of the period and body chosen
    (static/js/app.js). Named so that `widget_type` stays "checkboxselectmultiple"
    and includes/field.html renders it as a fieldset of labelled checkboxes."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        nomination = getattr(value, "instance", None)
        if nomination is not None:
            option["attrs"]["data-period"] = str(nomination.period_id)
            option["attrs"]["data-bodies"] = " ".join(_bodies_for(nomination))
        return option


def _bodies_for(nomination: Nomination) -> list[str]:
    # The service's rule (`council._check_agenda`): the council reviews all, the
    # standing board only what its rule set gives it.
    from nominations.council import rule_set_of

    rule_set = rule_set_of(nomination)
    if rule_set is None or rule_set.review_body == ReviewBody.NONE:
        return []
    if rule_set.review_body == ReviewBody.STANDING_BOARD:
        return [SessionBody.COUNCIL, SessionBody.STANDING_BOARD]
    return [SessionBody.COUNCIL]


class NominationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return f"{obj.reference} · {obj.nominee_name} · {obj.award_type.name}"


class SessionForm(CleanTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Tên phiên họp"),
        max_length=255,
        error_messages={"required": _("Vui lòng nhập tên phiên họp.")},
    )
    meeting_date = forms.DateField(
        label=_("Ngày họp"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vui lòng nhập ngày họp."), "invalid": _("Ngày không hợp lệ.")},
    )
    period = forms.ModelChoiceField(
        label=_("Đợt khen thưởng"),
        queryset=Period.objects.all(),
        empty_label=_("— Chọn đợt —"),
        error_messages={"required": _("Vui lòng chọn đợt khen thưởng.")},
    )
    body = forms.ChoiceField(label=_("Cơ quan xét"), choices=SessionBody.choices, initial=SessionBody.COUNCIL)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair_name = forms.CharField(label=_("Chủ trì"), max_length=255, required=False)
    secretary_name = forms.CharField(label=_("Thư ký"), max_length=255, required=False)
    minutes_number = forms.CharField(
        label=_("Số biên bản"), max_length=50, required=False, help_text=_("Ví dụ: 03/BB-HĐTĐKT")
    )
    secret_ballot = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False)
    members = MemberChoiceField(
        label=_("Thành viên dự họp"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một thành viên.")},
    )
    agenda = NominationChoiceField(
        label=_("Chương trình: hồ sơ đã thẩm định"),
        queryset=Nomination.objects.none(),
        widget=CheckboxSelectMultipleWidget(attrs={"data-agenda": "1"}),
        required=False,
        help_text=_("Chỉ hiện hồ sơ ở trạng thái “Đã thẩm định”."),
    )

    def __init__(self, *args, agenda_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        users = [u for u in User.objects.filter(is_active=True).order_by("full_name") if _is_member(u)]
        self.fields["members"].queryset = User.objects.filter(pk__in=[u.pk for u in users]).order_by(
            "full_name"
        )
        self.fields["agenda"].queryset = agenda_queryset.select_related(
            "award_type", "period", "rule_set"
        ).order_by("reference")


def _is_member(user: User) -> bool:
    # Through awards.roles, like the service's check of the members (one rule).
    return roles.is_council_member(user)


# --- decisions -------------------------------------------------------------------------------


class DecisionForm(CleanTextMixin, forms.Form):
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardType.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("— Chọn hình thức —"),
        error_messages={"required": _("Vui lòng chọn hình thức khen thưởng.")},
    )
    period = forms.ModelChoiceField(
        label=_("Đợt khen thưởng"),
        queryset=Period.objects.all(),
        empty_label=_("— Chọn đợt —"),
        error_messages={"required": _("Vui lòng chọn đợt khen thưởng.")},
    )
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=50,
        help_text=_("Ví dụ: 46/QĐ-UBND"),
        error_messages={"required": _("Vui lòng nhập số quyết định.")},
    )
    signed_on = forms.DateField(
        label=_("Ngày ký"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vui lòng nhập ngày ký."), "invalid": _("Ngày không hợp lệ.")},
    )
    signer_name = forms.CharField(
        label=_("Người ký"), max_length=255, error_messages={"required": _("Vui lòng nhập tên người ký.")}
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một chức danh, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."),
        error_messages={"required": _("Vui lòng nhập chức vụ người ký.")},
    )
    authority = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=255,
        error_messages={"required": _("Vui lòng nhập cơ quan ban hành.")},
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    proposal_number = forms.CharField(
        label=_("Số tờ trình đề nghị"), max_length=50, required=False, help_text=_("Ví dụ: 19/TTr-SNV")
    )
    proposal_date = forms.DateField(
        label=_("Ngày tờ trình"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )
    proposer = forms.CharField(
        label=_("Người đề nghị"), max_length=255, required=False, help_text=_("Ví dụ: Giám đốc Sở Nội vụ")
    )
    citation = forms.CharField(
        label=_("Nội dung thành tích"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    nominations = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ được đề nghị đưa vào quyết định"),
        queryset=Nomination.objects.filter(status=NominationStatus.APPROVED),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một hồ sơ.")},
    )

    def __init__(self, *args, nominations_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nominations_queryset is not None:
            self.fields["nominations"].queryset = nominations_queryset

    def clean(self):
        cleaned = super().clean()
        award_type = cleaned.get("award_type")
        chosen = cleaned.get("nominations") or []
        if award_type is not None:
            wrong = [n for n in chosen if n.award_type_id != award_type.pk]
            if wrong:
                self.add_error(
                    "nominations",
                    _("Các hồ sơ sau không thuộc hình thức đã chọn: %(refs)s")
                    % {"refs": ", ".join(n.reference for n in wrong)},
                )
        return cleaned


class DecisionEditForm(DecisionForm):
    """A draft's wording (number, dates, signer, proposal, citation); its dossiers are
    changed by deleting the draft and drafting again."""

    EDITABLE = (
        "number",
        "signed_on",
        "signer_name",
        "signer_title",
        "authority",
        "place",
        "proposal_number",
        "proposal_date",
        "proposer",
        "citation",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.EDITABLE:
                del self.fields[name]
