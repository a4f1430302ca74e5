"""Forms of the HTML pages: they validate input shape; the services hold the rules."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards import clock, roles
from awards.enums import DocumentKind, RecipientKind, ReviewBody
from awards.models import AwardType, Organization, Period, Person, User
from awards.pickers import (
    Picker,
    PickerFormMixin,
    nominee_choices,
    person_label,
    search_people,
    search_units,
)
from awards.text import has_forbidden_characters, search_key, vietnamese_sort_key
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
        return person_label(obj)


def search_dossiers(queryset, text: str):
    """Any part of a reference, or the nominee's name without accents (% and _ literal)."""
    key = search_key(text)
    condition = Q(reference__icontains=text.strip())
    if key:
        condition |= Q(search_key__contains=key)
    return queryset.filter(condition)


class NominationForm(PickerFormMixin, CleanTextMixin, forms.Form):
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
        today = clock.today()
        self.fields["period"].queryset = Period.objects.filter(closes_on__gte=today).order_by("closes_on") | (
            Period.objects.filter(pk=self.initial.get("period"))
            if self.initial.get("period")
            else Period.objects.none()
        )
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True).order_by("name")
        people, units = nominee_choices(user)
        self.fields["nominee_person"].queryset = people
        self.fields["nominee_organization"].queryset = units
        self.fields["nominee_person"].picker = Picker(
            "picker-people", search_people, prompt=_("Tìm theo họ tên (không cần dấu) hoặc mã cá nhân")
        )
        self.fields["nominee_organization"].picker = Picker(
            "picker-units", search_units, prompt=_("Tìm theo tên đơn vị (không cần dấu)")
        )
        self.limit_pickers()

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


class SessionForm(PickerFormMixin, CleanTextMixin, forms.Form):
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
        help_text=_(
            "Chỉ hiện hồ sơ đã thẩm định của đợt và cơ quan xét đã chọn, chưa có trong phiên họp khác."
        ),
    )

    def __init__(self, *args, agenda_queryset, session_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        users = [u for u in User.objects.filter(is_active=True).order_by("full_name") if _is_member(u)]
        self.fields["members"].queryset = User.objects.filter(pk__in=[u.pk for u in users]).order_by(
            "full_name"
        )
        self.fields["agenda"].queryset = agenda_queryset.select_related(
            "award_type", "period", "rule_set"
        ).order_by("reference")
        self.fields["agenda"].picker = Picker(
            "picker-agenda",
            search_dossiers,
            prompt=_("Thêm hồ sơ: tìm theo mã hồ sơ hoặc tên người, tập thể"),
            depends_on=("period", "body"),
            extra={"session": session_pk} if session_pk else {},
        )
        self.limit_pickers()

    def picker_candidates(self, name, queryset):
        return agenda_offer(queryset, period=self._value("period"), body=self._value("body"))

    def _value(self, name: str) -> str:
        value = self.data.get(name) if self.is_bound else self.initial.get(name, self.fields[name].initial)
        return str(getattr(value, "pk", value) or "")


def agenda_offer(queryset, *, period: str, body: str):
    """Verified dossiers a session of `period` and `body` may take (`council._check_agenda`):
    the council reviews all, the standing board only what its rule set gives it."""
    if period.isascii() and period.isdigit() and len(period) <= 18:
        queryset = queryset.filter(period_id=int(period))
    bodies = {
        SessionBody.STANDING_BOARD: [ReviewBody.STANDING_BOARD],
        SessionBody.COUNCIL: [ReviewBody.COUNCIL, ReviewBody.STANDING_BOARD],
    }.get(body)
    if bodies:
        # Without a recorded rule set the service decides (from the rules in force).
        queryset = queryset.filter(Q(rule_set__review_body__in=bodies) | Q(rule_set__isnull=True))
    return queryset


def _is_member(user: User) -> bool:
    # Through awards.roles, like the service's check of the members (one rule).
    return roles.is_council_member(user)


# --- decisions -------------------------------------------------------------------------------


class DecisionForm(PickerFormMixin, CleanTextMixin, forms.Form):
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
    all_approved = forms.BooleanField(
        label=_("Gồm mọi hồ sơ được đề nghị của hình thức và đợt đã chọn"),
        required=False,
        help_text=_("Không cần đánh dấu từng hồ sơ: trang sau liệt kê đủ để kiểm tra trước khi lập."),
    )
    nominations = NominationChoiceField(
        label=_("Hồ sơ được đề nghị đưa vào quyết định"),
        queryset=Nomination.objects.filter(status=NominationStatus.APPROVED),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, nominations_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nominations_queryset is not None:
            self.fields["nominations"].queryset = nominations_queryset
        self.fields["nominations"].picker = Picker(
            "picker-approved",
            search_dossiers,
            prompt=_("Thêm hồ sơ: tìm theo mã hồ sơ hoặc tên người, tập thể"),
            depends_on=("award_type", "period"),
        )
        self.limit_pickers()

    def picker_candidates(self, name, queryset):
        return self.approved_offer(queryset)

    def approved_offer(self, queryset, cleaned: dict | None = None):
        """Approved dossiers of the award type and period chosen (the posted or initial ones)."""
        if cleaned is not None:
            award, period = cleaned.get("award_type"), cleaned.get("period")
            award_code, period_pk = getattr(award, "code", ""), getattr(period, "pk", "")
        elif self.is_bound:
            award_code, period_pk = self.data.get("award_type", ""), self.data.get("period", "")
        else:
            award_code, period_pk = self.initial.get("award_type", ""), self.initial.get("period", "")
        return approved_offer(queryset, award_code=str(award_code or ""), period=str(period_pk or ""))

    def clean(self):
        cleaned = super().clean()
        award_type = cleaned.get("award_type")
        if cleaned.get("all_approved") and award_type is not None and cleaned.get("period") is not None:
            offer = self.approved_offer(self.fields["nominations"].queryset, cleaned)
            cleaned["nominations"] = list(dict.fromkeys([*cleaned.get("nominations", []), *offer]))
        chosen = cleaned.get("nominations") or []
        if not chosen and "nominations" not in self.errors:
            self.add_error("nominations", _("Vui lòng chọn ít nhất một hồ sơ."))
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

    def limit_pickers(self) -> None:
        """A draft's dossiers are not chosen here."""

    def clean(self):
        return CleanTextMixin.clean(self)


def approved_offer(queryset, *, award_code: str, period: str):
    if award_code:
        queryset = queryset.filter(award_type__code=award_code[:50])
    if period.isascii() and period.isdigit() and len(period) <= 18:
        queryset = queryset.filter(period_id=int(period))
    return queryset
