"""Admin of the nominations app.

Nominations change only through the workflow's services (events, checks,
notifications), so the admin shows them read-only; their events, append-only,
likewise.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards import roles
from awards.errors import ConflictError
from nominations import council
from nominations import decisions as decision_services
from nominations.enums import DecisionStatus, NominationStatus, SessionStatus
from nominations.models import (
    AgendaItem,
    Attachment,
    Attendance,
    CouncilSession,
    Decision,
    DecisionItem,
    Nomination,
    NominationEvent,
)
from nominations.selectors import nominations_visible_to


class ReadOnlyAdminMixin:
    """View only: no add, change or delete, for anyone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NominationEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = NominationEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields
    ordering = ["at", "id"]


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    # No file link: documents are downloaded through the authenticated API only.
    fields = ["kind", "filename", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "nominee_name", "award_type", "period", "proposing_organization", "status"]
    list_filter = ["status", "award_type", "period", "recipient_kind"]
    search_fields = ["reference", "nominee_name", "search_key"]
    list_select_related = ["award_type", "period", "proposing_organization"]
    inlines = [AttachmentInline, NominationEventInline]

    def get_queryset(self, request):
        # The same scoping as the API and the pages: staff see no other unit's drafts.
        return nominations_visible_to(request.user).select_related(*self.list_select_related)

    fieldsets = [
        (None, {"fields": ["reference", "status", "period", "award_type", "recipient_kind"]}),
        (_("Đối tượng"), {"fields": ["nominee_person", "nominee_organization", "nominee_name"]}),
        (_("Đơn vị đề nghị"), {"fields": ["proposing_organization", "created_by", "submitted_at"]}),
        (_("Nội dung"), {"fields": ["achievements", "ground"]}),
        (
            _("Thẩm định"),
            {"fields": ["rule_set", "eligibility", "override_reason", "return_reason"]},
        ),
    ]


@admin.register(NominationEvent)
class NominationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["nomination", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["nomination", "actor"]
    search_fields = ["nomination__reference", "comment"]
    date_hierarchy = "at"


# --- council sessions and decisions (council engineer) -------------------------------------------
# Sessions: tallies are written only by `session_close`, so they are read-only
# here, and no admin page lists votes: a secret ballot's choices are never
# shown. Decisions: drafts go through `nominations.decisions` (the same checks
# as the API); an issued decision is view-only (no change, no delete).


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    can_delete = False
    fields = [
        "position",
        "nomination",
        "members",
        "present",
        "yes",
        "no",
        "abstain",
        "written",
        "recused",
        "outcome",
    ]
    readonly_fields = fields


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    can_delete = False
    fields = ["member", "present"]
    readonly_fields = fields


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    """Sessions are planned, opened and closed through the API and pages (the
    services check the agenda and the members); the admin edits the minutes'
    free text of a session that is not closed, and shows the rest."""

    list_display = ["title", "meeting_date", "body", "period", "secret_ballot", "status"]
    list_filter = ["status", "body", "period"]
    search_fields = ["title"]
    date_hierarchy = "meeting_date"
    inlines = [AgendaItemInline, AttendanceInline]
    fields = [
        "title",
        "meeting_date",
        "place",
        "chair_name",
        "secretary_name",
        "period",
        "body",
        "secret_ballot",
        "members",
        "status",
        "opened_at",
        "closed_at",
        "created_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        always = [
            "period",
            "body",
            "secret_ballot",
            "members",
            "status",
            "opened_at",
            "closed_at",
            "created_by",
        ]
        if obj is not None and obj.status == SessionStatus.CLOSED:
            return self.fields
        return always

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: it locks the row and refuses a closed session. A
        # plain obj.save() would write back every column as read at the start
        # of this request, undoing a close that committed meanwhile.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        form.instance = council.session_update(session=obj, actor=request.user, **changes)

    def save_related(self, request, form, formsets, change):
        # The inlines are read-only and `members` is not editable here.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == SessionStatus.CLOSED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DecisionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionItem
    extra = 0
    can_delete = False
    fields = [
        "position",
        "nomination",
        "multiple",
        "amount",
        "revoked_on",
        "revocation_act",
        "revocation_reason",
    ]
    readonly_fields = fields


class DecisionAdminForm(forms.ModelForm):
    """A draft's fields plus its nominations, checked by the service's rules."""

    nomination_list = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ (theo thứ tự danh sách kèm theo)"),
        queryset=Nomination.objects.filter(status=NominationStatus.APPROVED).select_related("award_type"),
        required=True,
    )

    class Meta:
        model = Decision
        fields = [
            "number",
            "signed_on",
            "signer_name",
            "signer_title",
            "authority",
            "place",
            "award_type",
            "period",
            "citation",
            "legal_bases",
            "proposal_number",
            "proposal_date",
            "proposer",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            current = self.instance.items.values_list("nomination_id", flat=True)
            self.fields["nomination_list"].queryset = Nomination.objects.filter(
                Q(status=NominationStatus.APPROVED) | Q(pk__in=list(current))
            ).select_related("award_type")
            self.initial.setdefault("nomination_list", list(current))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        nominations = list(data.get("nomination_list") or [])
        try:
            decision_services.validate_decision(
                number=data["number"],
                signed_on=data["signed_on"],
                authority=data["authority"],
                award_type=data["award_type"],
                period=data["period"],
                nominations=nominations,
                decision=self.instance if self.instance.pk else None,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    target = "nomination_list" if field == "nominations" else field
                    self.add_error(target if target in self.fields else None, errors)
            else:
                raise
        except ConflictError as exc:
            self.add_error("number", exc.message)
        return data


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    form = DecisionAdminForm
    list_display = ["number", "signed_on", "authority", "award_type", "period", "status", "total_reward"]
    list_filter = ["status", "award_type", "period"]
    search_fields = ["number", "authority"]
    date_hierarchy = "signed_on"
    inlines = [DecisionItemInline]
    readonly_fields = ["status", "base_salary", "total_reward", "total_in_words", "issued_at", "issued_by"]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status != DecisionStatus.DRAFT:
            return [*DecisionAdminForm.Meta.fields, *self.readonly_fields]
        return [*DecisionAdminForm.Meta.fields, "nomination_list", *self.readonly_fields]

    def has_change_permission(self, request, obj=None) -> bool:
        # An issued (or revoked) decision is a legal act: view only.
        if obj is not None and obj.status != DecisionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj) and roles.is_staff(request.user)

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and roles.is_staff(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status != DecisionStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj) and roles.is_staff(request.user)

    def get_actions(self, request):
        # Bulk delete would bypass the per-object check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in DecisionAdminForm.Meta.fields}
        nominations = list(form.cleaned_data["nomination_list"])
        if change:
            form.instance = decision_services.decision_update(
                decision=obj, actor=request.user, nominations=nominations, **data
            )
        else:
            form.instance = decision_services.decision_create(
                actor=request.user, nominations=nominations, **data
            )
        obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        # Items are written by the service; the inline is read-only.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request, obj):
        decision_services.decision_delete(decision=obj, actor=request.user)
