"""The audit log in the admin: read-only, for administrators, exportable as CSV."""

from __future__ import annotations

import csv
import json

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from awards import clock
from operations.models import AuditEvent, WorkerHeartbeat

EXPORT_COLUMNS = [
    "at",
    "action",
    "username",
    "user_id_at_time",
    "ip",
    "method",
    "path",
    "request_id",
    "object_type",
    "object_id",
    "object_repr",
    "detail",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value or "")
    # A spreadsheet must not run a cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_csv(queryset):
    writer = csv.writer(_Echo())
    rows = (
        [_csv_cell(getattr(event, name)) for name in EXPORT_COLUMNS]
        for event in queryset.order_by("at", "id").iterator(chunk_size=2000)
    )
    body = (writer.writerow(row) for row in [EXPORT_COLUMNS, *rows])
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "username", "object_repr", "ip", "method", "path")
    list_filter = ("action", "at")
    search_fields = ("username", "path", "object_repr", "request_id", "ip")
    date_hierarchy = "at"
    actions = ["export_selected"]
    list_per_page = 100

    @admin.action(description=_("Xuất các dòng đã chọn (CSV)"))
    def export_selected(self, request, queryset):
        return export_csv(queryset)

    def get_actions(self, request):
        # delete_selected would be refused anyway; do not offer it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    change_list_template = "admin/operations/auditevent/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="operations_auditevent_export",
            )
        ]
        return extra + super().get_urls()

    def export_view(self, request):
        """Everything the list shows with its current filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
        return export_csv(changelist.get_queryset(request))


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("hostname", "pid", "worker_id", "started_at", "last_seen")
