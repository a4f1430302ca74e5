from __future__ import annotations

import copy
import json
from decimal import Decimal

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards import clock
from awards.enums import DocumentKind, RecipientKind, Role
from awards.errors import ConflictError
from awards.models import (
    AwardRecord,
    AwardType,
    BaseSalary,
    BlocResult,
    EmulationBloc,
    Hold,
    Initiative,
    Organization,
    Period,
    Person,
    Rating,
    RatingLock,
    Registration,
    RuleSet,
    User,
)
from awards.text import normalize_text


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"detail": _("Tên đăng nhập hoặc mật khẩu không đúng.")}, code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, max_length=128, trim_whitespace=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=True, default=list
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = User
        fields = ["id", "username", "password", "full_name", "email", "roles", "organization", "is_active"]
        read_only_fields = ["id"]

    def validate_password(self, value: str) -> str:
        validate_password(value, self.instance)
        return value

    def validate_roles(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    def create(self, validated_data):
        password = validated_data.pop("password", None)
        if not password:
            raise serializers.ValidationError({"password": [_("Cần đặt mật khẩu cho người dùng mới.")]})
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        for field, value in validated_data.items():
            setattr(instance, field, value)
        if password:
            instance.set_password(password)
        instance.save()
        return instance


# --- catalogue and register -------------------------------------------------------------------


def _drf_errors(exc: DjangoValidationError) -> dict | list:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in exc.message_dict.items()
        }
    return list(exc.messages)


def _normalized(value):
    return normalize_text(value) if isinstance(value, str) else value


class RegisterSerializer(serializers.ModelSerializer):
    """Text NFC-normalised and stripped before validation; the model's `clean()` is the one set of rules.

    Every text field has a length limit (TextFields get one here), so a 100 kB
    string is a 400, never a database error.
    """

    TEXT_MAX_LENGTH = 5000
    JSON_MAX_BYTES = 50_000

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and not field_kwargs.get("max_length"):
            field_kwargs["max_length"] = model_field.max_length or self.TEXT_MAX_LENGTH
        return field_class, field_kwargs

    def to_internal_value(self, data):
        if isinstance(data, QueryDict):
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [_normalized(v) for v in data.getlist(key)])
        elif isinstance(data, dict):
            data = {key: _normalized(value) for key, value in data.items()}
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        for name, value in attrs.items():
            if isinstance(value, (dict, list)) and len(json.dumps(value, default=str)) > self.JSON_MAX_BYTES:
                raise serializers.ValidationError({name: [_("Dữ liệu quá lớn.")]})
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {f.name for f in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_drf_errors(exc)) from None
        return attrs


class BlocSerializer(RegisterSerializer):
    class Meta:
        model = EmulationBloc
        fields = ["id", "code", "name"]


class OrganizationSerializer(RegisterSerializer):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name", "kind", "parent", "bloc", "successor", "is_active"]


class PersonSerializer(RegisterSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "code",
            "full_name",
            "gender",
            "birth_year",
            "position",
            "position_group",
            "organization",
            "organization_name",
            "is_active",
        ]
        extra_kwargs = {"birth_year": {"min_value": 1900, "max_value": 9999}}


def _fraction(**kwargs):
    return serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False, **kwargs)


def _multiple(**kwargs):
    return serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0"), coerce_to_string=False, **kwargs
    )


RULE_FIELDS = [
    "effective_from",
    "legal_basis",
    "review_body",
    "vote_threshold",
    "threshold_base",
    "quorum",
    "reward_multiple_individual",
    "reward_multiple_collective",
    "required_documents",
    "criteria",
    "options",
    "decision_grounds",
    "reward_fund",
    "figure_sources",
]


class RuleSetSerializer(RegisterSerializer):
    """One version of an award type's rules; `criteria` is checked by awards.criteria."""

    vote_threshold = _fraction(min_value=Decimal("0"), max_value=Decimal("1"), required=False)
    quorum = _fraction(min_value=Decimal("0"), max_value=Decimal("1"), required=False)
    reward_multiple_individual = _multiple(required=False)
    reward_multiple_collective = _multiple(required=False)
    required_documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DocumentKind.choices), required=False, max_length=20
    )
    criteria = serializers.JSONField(required=False)
    options = serializers.JSONField(required=False)
    decision_grounds = serializers.JSONField(required=False)
    figure_sources = serializers.JSONField(required=False)

    class Meta:
        model = RuleSet
        fields = ["id", "award_type", *RULE_FIELDS]


class RuleSetNestedSerializer(RuleSetSerializer):
    class Meta(RuleSetSerializer.Meta):
        fields = ["id", *RULE_FIELDS]


class AwardTypeSerializer(RegisterSerializer):
    recipient_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=RecipientKind.choices), min_length=1, max_length=2
    )
    requires_council_vote = serializers.SerializerMethodField()
    rules = RuleSetNestedSerializer(source="rule_sets", many=True, read_only=True)

    class Meta:
        model = AwardType
        fields = [
            "id",
            "code",
            "name",
            "category",
            "recipient_kinds",
            "level",
            "certificate_layout",
            "certificate_title",
            "register_suffix",
            "is_active",
            "requires_council_vote",
            "rules",
        ]
        extra_kwargs = {"code": {"validators": [RegexValidator(r"^[a-z][a-z0-9_]*$")]}}

    def validate_recipient_kinds(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    @extend_schema_field(serializers.BooleanField())
    def get_requires_council_vote(self, obj: AwardType) -> bool:
        # The rule set in force today decides (read from the prefetched rule sets).
        current = obj.rule_set_on(clock.today())
        return bool(current and current.requires_council_vote)


class BaseSalarySerializer(RegisterSerializer):
    class Meta:
        model = BaseSalary
        fields = ["id", "effective_from", "amount", "legal_basis"]
        extra_kwargs = {"amount": {"min_value": 1, "max_value": 10**9}}


class PeriodSerializer(RegisterSerializer):
    judged_on = serializers.DateField(read_only=True)

    class Meta:
        model = Period
        fields = ["id", "year", "name", "kind", "opens_on", "closes_on", "rules_date", "judged_on"]
        extra_kwargs = {"year": {"min_value": 1945, "max_value": 9999}}


_YEAR = {"min_value": 1945, "max_value": 9999}


class HoldSerializer(RegisterSerializer):
    class Meta:
        model = Hold
        fields = ["id", "person", "organization", "kind", "starts_on", "ends_on", "note"]


class RatingSerializer(RegisterSerializer):
    entered_by = serializers.SerializerMethodField()
    has_decision_file = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = [
            "id",
            "year",
            "person",
            "organization",
            "level",
            "maternity_leave",
            "decision_number",
            "decision_date",
            "has_decision_file",
            "entered_by",
        ]
        extra_kwargs = {"year": _YEAR}
        validators: list = []  # the model's clean() names the field (year) when a rating repeats

    def get_has_decision_file(self, rating: Rating) -> bool:
        return bool(rating.decision_file)

    def get_entered_by(self, rating: Rating) -> str | None:
        return str(rating.entered_by) if rating.entered_by_id else None


class RatingLockSerializer(serializers.ModelSerializer):
    locked_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = RatingLock
        fields = ["id", "organization", "year", "locked_by", "locked_at"]
        read_only_fields = ["locked_at"]
        extra_kwargs = {"year": _YEAR}
        validators: list = []  # locking twice returns the lock already there


class InitiativeSerializer(RegisterSerializer):
    class Meta:
        model = Initiative
        fields = [
            "id",
            "person",
            "title",
            "recognized_on",
            "scope",
            "used_by_nomination_id",
            "used_by_reference",
        ]
        read_only_fields = ["used_by_nomination_id", "used_by_reference"]


class BlocResultSerializer(RegisterSerializer):
    class Meta:
        model = BlocResult
        fields = ["id", "period", "bloc", "organization", "rank", "is_leading"]
        extra_kwargs = {"rank": {"min_value": 1, "max_value": 10_000}}


class RegistrationSerializer(RegisterSerializer):
    class Meta:
        model = Registration
        fields = ["id", "period", "organization", "award_types", "registered_on"]


class AwardRecordSerializer(RegisterSerializer):
    class Meta:
        model = AwardRecord
        fields = [
            "id",
            "award_type",
            "person",
            "organization",
            "year",
            "period",
            "decision_number",
            "decision_date",
            "source",
            "nomination_id",
            "revoked",
            "revoked_on",
            "revocation_act",
            "revocation_reason",
        ]
        read_only_fields = ["nomination_id"]
        extra_kwargs = {"year": _YEAR}

    def validate(self, attrs):
        # A line a decision of this service wrote is part of an issued act: it
        # changes only through the workflow, where revocation is the chairman's
        # (nominations.decisions.nomination_revoke also marks the decision's line,
        # the nomination and the certificate). Staff edit imported lines only.
        if self.instance is not None and self.instance.nomination_id is not None:
            raise ConflictError(
                str(_("Dòng này do quyết định khen thưởng ghi vào sổ: chỉ thu hồi được qua hồ sơ đề nghị."))
            )
        return super().validate(attrs)

    def validate_revoked(self, value: bool) -> bool:
        # Revocation (Law Art. 93) is final: a revoked line is never reinstated.
        if self.instance is not None and self.instance.revoked and not value:
            raise serializers.ValidationError(_("Khen thưởng đã thu hồi không thể khôi phục."))
        return value


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    cell = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportProblemSerializer(many=True)
