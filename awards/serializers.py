from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from awards.enums import Role
from awards.models import Organization, User


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
