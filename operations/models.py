"""The audit log (append-only) and the task workers' heartbeats."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from awards import clock


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
    LOCKED_OUT = "locked_out", _("Bị khóa đăng nhập")
    LOGOUT = "logout", _("Đăng xuất")
    PERMISSION_DENIED = "permission_denied", _("Bị từ chối quyền")
    TOKEN_CREATED = "token_created", _("Tạo mã truy cập API")
    TOKEN_DELETED = "token_deleted", _("Xóa mã truy cập API")
    ROLES_CHANGED = "roles_changed", _("Thay đổi vai trò")
    ADMIN_ADD = "admin_add", _("Quản trị: thêm")
    ADMIN_CHANGE = "admin_change", _("Quản trị: sửa")
    ADMIN_DELETE = "admin_delete", _("Quản trị: xóa")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One security event. Rows are only ever inserted (save refuses an update)."""

    at = models.DateTimeField(_("thời điểm"), default=clock.now, db_index=True)
    action = models.CharField(_("sự kiện"), max_length=32, choices=AuditAction.choices, db_index=True)
    # The name is kept as typed: a failed login may name nobody who exists,
    # and a deleted user's events keep saying who it was.
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True, db_index=True)
    user_id_at_time = models.BigIntegerField(_("mã người dùng"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    method = models.CharField(_("phương thức"), max_length=10, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký an ninh")
        verbose_name_plural = _("nhật ký an ninh")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


class WorkerHeartbeat(models.Model):
    """Written every few seconds by each running `db_worker` (see operations/heartbeat.py)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tiến trình xử lý nền")
        verbose_name_plural = _("tiến trình xử lý nền")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
