from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from awards.enums import Role
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
    Registration,
    RuleSet,
    User,
)
from awards.text import search_key


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


# --- catalogue and register ---------------------------------------------------------------------


class SearchKeyAdminMixin:
    """Admin search through the stored accent-free key ("nguyen" finds "Nguyễn")."""

    def get_search_results(self, request, queryset, search_term):
        key = search_key(search_term or "")
        if not key:
            return queryset, False
        return queryset.filter(search_key__contains=key), False


@admin.register(EmulationBloc)
class EmulationBlocAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(SearchKeyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "bloc", "successor", "is_active"]
    list_filter = ["kind", "bloc", "is_active"]
    list_select_related = ["parent", "bloc", "successor"]
    search_fields = ["search_key"]
    raw_id_fields = ["parent", "successor"]


@admin.register(Person)
class PersonAdmin(SearchKeyAdminMixin, admin.ModelAdmin):
    list_display = [
        "full_name",
        "code",
        "gender",
        "birth_year",
        "position",
        "position_group",
        "organization",
        "is_active",
    ]
    list_filter = ["gender", "position_group", "is_active"]
    list_select_related = ["organization"]
    search_fields = ["search_key"]
    raw_id_fields = ["organization"]
    ordering = ["sort_key", "id"]


class RuleSetInline(admin.StackedInline):
    model = RuleSet
    extra = 0
    ordering = ["-effective_from"]


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "level", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name"]
    inlines = [RuleSetInline]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "award_type",
        "effective_from",
        "review_body",
        "vote_threshold",
        "reward_multiple_individual",
        "reward_multiple_collective",
    ]
    list_filter = ["award_type", "review_body"]
    list_select_related = ["award_type"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "amount", "legal_basis"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kind", "opens_on", "closes_on", "rules_date"]
    list_filter = ["kind", "year"]


class SubjectAdmin(admin.ModelAdmin):
    list_select_related = ["person", "organization"]
    raw_id_fields = ["person", "organization"]


@admin.register(Rating)
class RatingAdmin(SubjectAdmin):
    list_display = ["year", "person", "organization", "level", "maternity_leave"]
    list_filter = ["year", "level", "maternity_leave"]


@admin.register(Hold)
class HoldAdmin(SubjectAdmin):
    list_display = ["kind", "person", "organization", "starts_on", "ends_on"]
    list_filter = ["kind"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "recognized_on", "scope", "used_by_reference"]
    list_filter = ["scope"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    readonly_fields = ["used_by_nomination_id", "used_by_reference"]


@admin.register(BlocResult)
class BlocResultAdmin(admin.ModelAdmin):
    list_display = ["period", "bloc", "organization", "rank", "is_leading"]
    list_filter = ["period", "bloc", "is_leading"]
    list_select_related = ["period", "bloc", "organization"]
    raw_id_fields = ["organization"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["period", "organization", "registered_on"]
    list_filter = ["period"]
    list_select_related = ["period", "organization"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["award_types"]


@admin.register(AwardRecord)
class AwardRecordAdmin(SubjectAdmin):
    """The register: revoke a line (Law Art. 93), never delete it."""

    list_display = ["award_type", "person", "organization", "year", "decision_number", "source", "revoked"]
    list_filter = ["award_type", "year", "source", "revoked"]
    list_select_related = ["award_type", "person", "organization"]
    readonly_fields = ["nomination_id"]

    def has_change_permission(self, request, obj=None):
        # A line written by a decision is revoked through its nomination (the
        # chairman's act), never edited here: see AwardRecordSerializer.validate.
        if obj is not None and obj.nomination_id is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
