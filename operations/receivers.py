"""Who logged in, who failed, who was locked out, tokens, roles and admin edits → the audit log."""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from rest_framework.authtoken.models import Token

from operations.audit import record
from operations.context import current_request, current_request_id
from operations.models import AuditAction

User = get_user_model()


@receiver(request_finished, dispatch_uid="operations_request_finished")
def _request_finished(sender, **kwargs):
    current_request.set(None)
    current_request_id.set("-")


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password with stars; only the name is kept.
    username = str(credentials.get("username") or "")
    record(AuditAction.LOGIN_FAILED, request=getattr(request, "_request", request), username=username)


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record(
        AuditAction.LOCKED_OUT,
        request=getattr(request, "_request", request),
        username=str(username or ""),
        detail={"ip_address": ip_address},
    )


if apps.is_installed("axes"):  # django-axes sends this when a lockout starts
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit_locked_out")


@receiver(post_save, sender=Token, dispatch_uid="audit_token_created")
def _token_saved(sender, instance, created, **kwargs):
    if created:
        record(AuditAction.TOKEN_CREATED, detail={"for": instance.user.get_username()})


@receiver(post_delete, sender=Token, dispatch_uid="audit_token_deleted")
def _token_deleted(sender, instance, **kwargs):
    record(AuditAction.TOKEN_DELETED, detail={"for": instance.user.get_username()})


@receiver(pre_save, sender=User, dispatch_uid="audit_roles_before")
def _roles_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_roles_before = None
    if raw or (update_fields is not None and "roles" not in update_fields):
        return  # e.g. the last_login update of every sign-in
    old = (
        sender.objects.filter(pk=instance.pk).values_list("roles", flat=True).first() if instance.pk else None
    )
    instance._audit_roles_before = sorted(old or [])


@receiver(post_save, sender=User, dispatch_uid="audit_roles_after")
def _roles_after(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_roles_before", None)
    instance._audit_roles_before = None
    after = sorted(instance.roles or [])
    if raw or before is None or before == after:
        return
    record(
        AuditAction.ROLES_CHANGED,
        obj=instance,
        detail={"user": instance.get_username(), "before": before, "after": after},
    )


def _changed_fields(message: str) -> list[str]:
    try:
        parts = json.loads(message or "[]")
    except ValueError:
        return []
    fields: list[str] = []
    for part in parts if isinstance(parts, list) else []:
        fields.extend(part.get("changed", {}).get("fields", []) if isinstance(part, dict) else [])
    return fields


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def _admin_logged(sender, instance, created, **kwargs):
    """Additions and changes: the admin's own log says which fields changed.

    Deletions are recorded per object below, because the admin writes its log of a
    bulk deletion with bulk_create, which sends no signal.
    """
    actions = {ADDITION: AuditAction.ADMIN_ADD, CHANGE: AuditAction.ADMIN_CHANGE}
    if not created or instance.action_flag not in actions:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    label = model._meta.label_lower if model else ""
    object_id = str(instance.object_id)
    record(
        actions[instance.action_flag],
        user=instance.user,
        target=(label, object_id, instance.object_repr),
        detail={
            "model": label,
            "object_id": object_id,
            "object": instance.object_repr,
            "fields": _changed_fields(instance.change_message),
        },
    )


def _admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def _deleted_in_admin(sender, instance, **kwargs):
    request = current_request.get()
    prefix = _admin_prefix()
    if request is None or prefix is None or not request.path.startswith(prefix):
        return
    record(
        AuditAction.ADMIN_DELETE,
        request=request,
        obj=instance,
        detail={
            "model": sender._meta.label_lower,
            "object_id": str(instance.pk),
            "object": str(instance)[:200],
        },
    )


def connect_admin_deletions() -> None:
    """One receiver per model the admin edits (not a global one: that would stop
    Django's fast bulk deletes for every model)."""
    for model in list(admin.site._registry):
        post_delete.connect(
            _deleted_in_admin, sender=model, dispatch_uid=f"audit_admin_delete_{model._meta.label}"
        )


connect_admin_deletions()
