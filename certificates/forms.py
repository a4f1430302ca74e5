"""Forms of the printing pages: they check the input's shape; the services and the
model's `clean()` hold the rules (the same ones the API applies)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.pickers import Picker, PickerFormMixin
from certificates.enums import LayoutScaling, Paper, PrintMode
from certificates.models import Certificate, PrintProfile
from certificates.preview import store_scan, validate_scan
from certificates.rendering import available_layouts, load_layout
from nominations.forms import CleanTextMixin
from nominations.models import Decision

# The limits of certificates.models (MIN_PAPER_MM, MAX_PAPER_MM, MAX_OFFSET_MM), spelled out
# so that the sentence stays lazy (translated in the reader's language).
_PAPER_RANGE = _("Khổ giấy phải từ 50 đến 2000 mm.")
_OFFSET_RANGE = _("Độ lệch phải trong khoảng từ -100 đến 100 mm: máy in thường chỉ lệch vài milimét.")

TARGET_DECISION = "decision"
TARGET_CERTIFICATES = "certificates"


def decision_label(decision: Decision) -> str:
    return _("Số %(n)s (%(d)s) — %(t)s") % {
        "n": decision.number,
        "d": decision.signed_on.strftime("%d/%m/%Y"),
        "t": decision.award_type.name,
    }


def search_decisions(queryset, text: str):
    """Any part of the number ("46/QĐ", "46"), as typed (% and _ literal)."""
    return queryset.filter(number__icontains=text.strip())


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return decision_label(obj)


class ProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PrintProfile) -> str:
        return f"{obj.name} ({obj.get_paper_display()})" if obj.paper != Paper.CUSTOM else obj.name


def _profile_field() -> ProfileChoiceField:
    return ProfileChoiceField(
        label=_("Hồ sơ máy in"),
        queryset=PrintProfile.objects.order_by("name", "id"),
        required=False,
        empty_label=_("— Không dùng (khổ giấy của mẫu) —"),
        help_text=_("Khổ giấy và độ lệch (mm) của máy in; cần khi in lên phôi."),
    )


class PrintJobForm(PickerFormMixin, forms.Form):
    target = forms.ChoiceField(
        label=_("In gì"),
        choices=[
            (TARGET_DECISION, _("Cả một quyết định (mọi bằng khen còn hiệu lực)")),
            (TARGET_CERTIFICATES, _("Chỉ các bằng khen được đánh dấu trong danh sách")),
        ],
        initial=TARGET_DECISION,
        widget=forms.RadioSelect,
    )
    decision = DecisionChoiceField(
        label=_("Quyết định"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("— Chọn quyết định —"),
        widget=forms.Select(attrs={"data-choose": "target=decision"}),
    )
    certificates = forms.ModelMultipleChoiceField(
        label=_("Bằng khen được chọn"),
        queryset=Certificate.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Không tìm thấy bằng khen: %(value)s.")},
    )
    mode = forms.ChoiceField(
        label=_("Chế độ in"),
        choices=PrintMode.choices,
        initial=PrintMode.FULL,
        widget=forms.RadioSelect,
    )
    profile = _profile_field()

    def __init__(self, *args, decisions, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["certificates"].queryset = certificates
        self.fields["decision"].picker = Picker(
            "picker-decisions", search_decisions, prompt=_("Tìm theo số quyết định")
        )
        self.limit_pickers()

    def clean(self):
        cleaned = super().clean()
        # Only the chosen target goes to the service: the other field may hold
        # leftovers from before the user changed their mind.
        if cleaned.get("target") == TARGET_DECISION:
            cleaned["certificates"] = None
            if not cleaned.get("decision") and "decision" not in self.errors:
                self.add_error("decision", _("Vui lòng chọn quyết định cần in."))
        elif cleaned.get("target") == TARGET_CERTIFICATES:
            cleaned["decision"] = None
            if not cleaned.get("certificates") and "certificates" not in self.errors:
                self.add_error("certificates", _("Vui lòng đánh dấu ít nhất một bằng khen trong danh sách."))
        return cleaned


class SingleCertificateForm(forms.Form):
    """One certificate's PDF: `?mode=full|blank&profile=<id>` (as the API's)."""

    mode = forms.ChoiceField(choices=PrintMode.choices, required=False)
    profile = forms.ModelChoiceField(queryset=PrintProfile.objects.all(), required=False)


class PrintProfileForm(CleanTextMixin, forms.ModelForm):
    """The model's validators and `clean()` (offsets within the paper) run on save, as in the API."""

    class Meta:
        model = PrintProfile
        fields = ["name", "paper", "width_mm", "height_mm", "offset_x_mm", "offset_y_mm"]
        widgets = {"paper": forms.RadioSelect}
        help_texts = {
            "name": _("Ví dụ: Máy in phòng Văn thư — phôi A3."),
            "width_mm": _("Chỉ dùng với khổ giấy tùy chọn, theo chiều ngang của tờ giấy khi in."),
            "height_mm": _("Chỉ dùng với khổ giấy tùy chọn."),
            "offset_x_mm": _("Số dương dịch chữ sang phải, số âm sang trái. Ví dụ: 1.5 hoặc -2."),
            "offset_y_mm": _("Số dương dịch chữ lên trên, số âm xuống dưới."),
        }
        error_messages = {
            "name": {
                "required": _("Vui lòng đặt tên cho hồ sơ máy in."),
                "unique": _("Đã có hồ sơ máy in mang tên này."),
            },
            **{
                name: {
                    "min_value": _PAPER_RANGE,
                    "max_value": _PAPER_RANGE,
                    "invalid": _("Vui lòng nhập một số milimét, ví dụ 297."),
                    "max_decimal_places": _("Tối đa 1 chữ số sau dấu thập phân."),
                    "max_whole_digits": _PAPER_RANGE,
                }
                for name in ("width_mm", "height_mm")
            },
            **{
                name: {
                    "required": _("Vui lòng nhập độ lệch (0 nếu máy in không lệch)."),
                    "min_value": _OFFSET_RANGE,
                    "max_value": _OFFSET_RANGE,
                    "invalid": _("Vui lòng nhập một số milimét, ví dụ 1.5 hoặc -2."),
                    "max_decimal_places": _("Tối đa 2 chữ số sau dấu thập phân."),
                    "max_whole_digits": _OFFSET_RANGE,
                }
                for name in ("offset_x_mm", "offset_y_mm")
            },
        }

    scan_upload = forms.FileField(
        label=_("Ảnh quét phôi (tùy chọn)"),
        required=False,
        help_text=_("PNG hoặc JPEG, tối đa 10 MB: chỉ để xem trước độ khớp, không bao giờ được in."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = Paper.choices
        for name in ("width_mm", "height_mm", "offset_x_mm", "offset_y_mm"):
            self.fields[name].widget.attrs.setdefault("inputmode", "decimal")
        current = (self.instance.layout_scaling or {}) if self.instance else {}
        for code, name in blank_layouts():
            self.fields[f"scaling_{code}"] = forms.ChoiceField(
                label=_("Mẫu “%(name)s” trên khổ giấy này") % {"name": name},
                choices=LayoutScaling.choices,
                required=False,  # absent: printed at 100 %
                initial=current.get(code, LayoutScaling.ACTUAL),
                widget=forms.RadioSelect(attrs={"data-preview-scaling": code}),
            )

    @property
    def scaling_fields(self):
        return [self[name] for name in self.fields if name.startswith("scaling_")]

    def clean_scan_upload(self):
        upload = self.cleaned_data.get("scan_upload")
        if upload:
            validate_scan(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        scaling = {
            code: cleaned[f"scaling_{code}"]
            for code, _name in blank_layouts()
            if cleaned.get(f"scaling_{code}")
        }
        self.instance.layout_scaling = {k: v for k, v in scaling.items() if v != LayoutScaling.ACTUAL}
        return cleaned

    def save(self, commit: bool = True):
        profile = super().save(commit=commit)
        upload = self.cleaned_data.get("scan_upload")
        if commit and upload:
            store_scan(profile, upload)
        return profile


def blank_layouts() -> list[tuple[str, str]]:
    """(code, name) of the layouts that have a pre-printed blank."""
    layouts = (load_layout(code) for code in available_layouts())
    return [(layout.code, layout.name) for layout in layouts if layout.has_blank]
