"""API serializers of certificates, print profiles, print jobs and verification (docs/api-notes.md)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards import clock
from certificates.enums import CertificateStatus, LayoutScaling, Paper, PrintJobStatus, PrintMode
from certificates.models import (
    MAX_OFFSET_MM,
    MAX_PAPER_MM,
    MIN_PAPER_MM,
    Certificate,
    PrintJob,
    PrintProfile,
)
from certificates.rendering import available_layouts
from certificates.services import MAX_CERTIFICATES_PER_JOB
from nominations.models import Decision

_NOT_FOUND = {
    "does_not_exist": _("Không tồn tại đối tượng có mã “{pk_value}”."),
    "incorrect_type": _("Mã không hợp lệ: cần một số nguyên."),
}
_SCALING_ERRORS = {
    "invalid_choice": _("Cách in mỗi mẫu phải là “actual” (in đúng kích thước) hoặc “fit” (vừa khổ giấy).")
}
_MODE_ERRORS = {"invalid_choice": _("Chế độ in phải là “full” (đầy đủ) hoặc “blank” (in lên phôi).")}


class CertificateSerializer(serializers.ModelSerializer):
    recipient_name = serializers.CharField(source="nomination.nominee_name", read_only=True)
    award_type = serializers.CharField(source="decision.award_type.code", read_only=True)
    award_type_name = serializers.CharField(source="decision.award_type.name", read_only=True)
    decision_number = serializers.CharField(source="decision.number", read_only=True)
    signed_on = serializers.DateField(source="decision.signed_on", read_only=True)
    status = serializers.ChoiceField(choices=CertificateStatus.choices, read_only=True)
    revoked_on = serializers.DateField(read_only=True, allow_null=True)
    verify_url = serializers.CharField(read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "nomination",
            "decision",
            "decision_number",
            "signed_on",
            "register_number",
            "recipient_name",
            "award_type",
            "award_type_name",
            "status",
            "revoked_on",
            "verify_url",
            "print_count",
            "last_printed_at",
        ]
        read_only_fields = fields


class PrintProfileSerializer(serializers.ModelSerializer):
    paper = serializers.ChoiceField(choices=Paper.choices, default=Paper.A3)
    width_mm = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=MIN_PAPER_MM,
        max_value=MAX_PAPER_MM,
        required=False,
        allow_null=True,
    )
    height_mm = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=MIN_PAPER_MM,
        max_value=MAX_PAPER_MM,
        required=False,
        allow_null=True,
    )
    offset_x_mm = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        default=Decimal("0"),
    )
    offset_y_mm = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        default=Decimal("0"),
    )

    layout_scaling = serializers.DictField(
        child=serializers.ChoiceField(choices=LayoutScaling.choices, error_messages=_SCALING_ERRORS),
        required=False,
        help_text="{layout code: 'actual' (100 %) | 'fit'}; a layout not named prints at 100 %",
    )

    class Meta:
        model = PrintProfile
        fields = [
            "id",
            "name",
            "paper",
            "width_mm",
            "height_mm",
            "offset_x_mm",
            "offset_y_mm",
            "layout_scaling",
        ]

    def validate_layout_scaling(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(available_layouts()))
        if unknown:
            raise serializers.ValidationError(_("Không có mẫu in “%(c)s”.") % {"c": ", ".join(unknown)[:100]})
        return {code: how for code, how in value.items() if how != LayoutScaling.ACTUAL}

    def validate(self, attrs):
        # The model's clean() holds the rule (offsets within the paper); run it on
        # the instance as it would be saved.
        instance = PrintProfile(**{**self._current(), **attrs})
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        attrs["width_mm"], attrs["height_mm"] = instance.width_mm, instance.height_mm
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {
            name: getattr(self.instance, name)
            for name in (
                "name",
                "paper",
                "width_mm",
                "height_mm",
                "offset_x_mm",
                "offset_y_mm",
                "layout_scaling",
            )
        }


class PrintJobSerializer(serializers.ModelSerializer):
    # "interrupted": running, but its lease expired (the process died); POST retry/.
    status = serializers.SerializerMethodField()
    certificates = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = PrintJob
        fields = [
            "id",
            "status",
            "done",
            "total",
            "decision",
            "certificates",
            "mode",
            "profile",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "lease_expires_at",
            "attempts",
            "pdf_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PrintJobStatus.choices))
    def get_status(self, job: PrintJob) -> str:
        return job.shown_status(clock.now())

    def get_pdf_url(self, job: PrintJob) -> str | None:
        if job.status != PrintJobStatus.DONE:
            return None
        return f"/api/v1/print-jobs/{job.pk}/pdf/"


class PrintJobCreateSerializer(serializers.Serializer):
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), required=False, allow_null=True, error_messages=_NOT_FOUND
    )
    certificates = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_null=True,
        allow_empty=False,
        max_length=MAX_CERTIFICATES_PER_JOB,
    )
    mode = serializers.ChoiceField(
        choices=PrintMode.choices, default=PrintMode.FULL, error_messages=_MODE_ERRORS
    )
    profile = serializers.PrimaryKeyRelatedField(
        queryset=PrintProfile.objects.all(), required=False, allow_null=True, error_messages=_NOT_FOUND
    )


class VerificationSerializer(serializers.Serializer):
    """What the public may know about a certificate: nothing more (no birth year, no ids)."""

    recipient_name = serializers.CharField()
    organization_name = serializers.CharField(allow_blank=True)
    award_type_name = serializers.CharField()
    decision_number = serializers.CharField()
    signed_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    status_display = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
