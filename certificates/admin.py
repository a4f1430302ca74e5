from django.contrib import admin

from certificates.models import Certificate, PrintJob, PrintProfile


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are created by issuing a decision and follow the register."""

    list_display = ["decision", "register_number", "nomination", "print_count", "last_printed_at"]
    list_select_related = ["decision", "nomination"]
    search_fields = ["nomination__nominee_name", "decision__number"]
    readonly_fields = [
        "nomination",
        "decision",
        "award_record",
        "register_number",
        "code",
        "print_count",
        "last_printed_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrintProfile)
class PrintProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "paper", "offset_x_mm", "offset_y_mm"]


@admin.register(PrintJob)
class PrintJobAdmin(admin.ModelAdmin):
    list_display = ["id", "requested_by", "decision", "mode", "status", "done", "total", "created_at"]
    list_filter = ["status", "mode"]
    list_select_related = ["requested_by", "decision"]
    raw_id_fields = ["certificates"]
    readonly_fields = [
        "requested_by",
        "decision",
        "certificates",
        "mode",
        "profile",
        "status",
        "done",
        "total",
        "error",
        "file",
        "task_result_id",
        "created_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
