"""API serializers of nominations, their events and documents (docs/api-notes.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.enums import DocumentKind
from awards.models import AwardType, Organization, Period, Person
from awards.selectors import nominees_visible_to
from nominations.models import Attachment, Nomination, NominationEvent

_NOT_FOUND = {
    "does_not_exist": _("Không tồn tại đối tượng có mã “{pk_value}”."),
    "incorrect_type": _("Mã không hợp lệ: cần một số nguyên."),
}


class DetailSerializer(serializers.Serializer):
    """An error or a refusal: {"detail": "..."} (400/403/404/409/413)."""

    detail = serializers.CharField()


class NominationSerializer(serializers.ModelSerializer):
    """One nomination; also the body of POST and PATCH (docs/api-notes.md)."""

    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), error_messages=_NOT_FOUND)
    year = serializers.IntegerField(source="period.year", read_only=True)
    award_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AwardType.objects.all(),
        error_messages={
            "does_not_exist": _("Không có hình thức khen thưởng với mã “{value}”."),
            "invalid": _("Mã hình thức khen thưởng không hợp lệ."),
        },
    )
    nominee_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True, error_messages=_NOT_FOUND
    )
    nominee_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, error_messages=_NOT_FOUND
    )
    achievements = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    ground = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit head naming someone outside its unit gets the same "does not exist" as for an unknown id.
        request = self.context.get("request")
        if request is not None:
            people, organizations = nominees_visible_to(request.user)
            self.fields["nominee_person"].queryset = people
            self.fields["nominee_organization"].queryset = organizations

    class Meta:
        model = Nomination
        # The one-open-dossier rule is the service's (a 400 naming the other
        # dossier); DRF's generated unique-together check would demand both nominees.
        validators: list = []
        fields = [
            "id",
            "reference",
            "period",
            "year",
            "award_type",
            "nominee_person",
            "nominee_organization",
            "recipient_kind",
            "nominee_name",
            "proposing_organization",
            "achievements",
            "ground",
            "status",
            "submitted_at",
            "created_at",
            "updated_at",
            "eligibility",
            "override_reason",
            "return_reason",
        ]
        read_only_fields = [
            "id",
            "reference",
            "recipient_kind",
            "nominee_name",
            "proposing_organization",
            "status",
            "submitted_at",
            "created_at",
            "updated_at",
            "eligibility",
            "override_reason",
            "return_reason",
        ]


# The list reads `.values()` rows (no model instances, which cost
# ~80 µs per row for model serialisation); these are the columns it selects.
LIST_VALUES = {
    "id": "id",
    "reference": "reference",
    "period": "period_id",
    "award_type": "award_type__code",
    "nominee_person": "nominee_person_id",
    "nominee_organization": "nominee_organization_id",
    "recipient_kind": "recipient_kind",
    "nominee_name": "nominee_name",
    "proposing_organization": "proposing_organization_id",
    "ground": "ground",
    "status": "status",
    "submitted_at": "submitted_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


class NominationListSerializer(serializers.Serializer):
    """A row of the list: the detail without the long texts and the eligibility result."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    period = serializers.IntegerField()
    award_type = serializers.CharField(help_text=_("mã hình thức khen thưởng"))
    nominee_person = serializers.IntegerField(allow_null=True)
    nominee_organization = serializers.IntegerField(allow_null=True)
    recipient_kind = serializers.ChoiceField(choices=Nomination._meta.get_field("recipient_kind").choices)
    nominee_name = serializers.CharField()
    proposing_organization = serializers.IntegerField()
    ground = serializers.CharField()
    status = serializers.ChoiceField(choices=Nomination._meta.get_field("status").choices)
    submitted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        # A `.values()` row in, the same JSON as the declared fields out.
        tz = timezone.get_current_timezone()
        out = {name: row[column] for name, column in LIST_VALUES.items()}
        for name in _DATETIMES:
            out[name] = _iso(out[name], tz)
        return out


_DATETIMES = ("submitted_at", "created_at", "updated_at")


def _iso(value: datetime.datetime | None, tz: datetime.tzinfo) -> str | None:
    """DateTimeField's output (local time, ISO 8601) without its per-value settings look-ups."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class NominationEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = NominationEvent
        fields = ["id", "from_status", "to_status", "actor", "actor_name", "at", "comment"]

    def get_actor_name(self, event: NominationEvent) -> str:
        return str(event.actor)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do trả lại (bắt buộc)."))


class VerifySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Lý do thẩm định khi đối tượng chưa đủ điều kiện (được ghi lại)."),
    )


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
    act_number = serializers.CharField(max_length=100, help_text=_("Số văn bản thu hồi."))
    revoked_on = serializers.DateField(required=False, help_text=_("Mặc định: hôm nay."))


class EligibilityCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    ground = serializers.CharField(allow_blank=True)
    checks = EligibilityCheckSerializer(many=True)


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "filename", "size", "sha256", "uploaded_at", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment: Attachment) -> str:
        path = reverse(
            "nomination-attachment",
            kwargs={"pk": attachment.nomination_id, "attachment_id": attachment.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField(
        allow_empty_file=True,  # refused by the service with a clearer message
        max_length=None,
        help_text=_("Tệp PDF (kiểm tra theo nội dung), tối đa 20 MB."),
    )
