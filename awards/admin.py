from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from awards.enums import Role
from awards.models import User


class UserRolesForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("vai trò"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "organization", "roles", "is_active", "is_superuser"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserRolesForm
    list_display = ["username", "full_name", "organization", "roles", "is_active"]
    list_filter = ["is_active", "organization"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin"), {"fields": ["full_name", "email", "organization", "roles"]}),
        (_("Trạng thái"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
