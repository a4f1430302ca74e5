"""A changed password or a deactivation ends every way in: API tokens and sessions.

Wherever the change is made (the admin site, the API, the shell), the user's
tokens and sessions are deleted in the same transaction as the save; a
reactivated user signs in again and gets a new token, never the old one.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from rest_framework.authtoken.models import Token

from awards import clock

_WATCHED = {"password", "is_active"}


def revoke_credentials(user) -> None:
    Token.objects.filter(user=user).delete()
    # Sessions store the user id inside the signed data: decode the live ones to find theirs.
    user_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=clock.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()


def _remember_change(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    instance._credentials_changed = False
    if raw or instance.pk is None or (update_fields is not None and not _WATCHED & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is not None:
        instance._credentials_changed = (
            before["password"] != instance.password or before["is_active"] != instance.is_active
        )


def _revoke_if_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    if not raw and not created and getattr(instance, "_credentials_changed", False):
        revoke_credentials(instance)
        instance._credentials_changed = False


def connect(user_model) -> None:
    pre_save.connect(_remember_change, sender=user_model, dispatch_uid="awards.credentials.remember")
    post_save.connect(_revoke_if_changed, sender=user_model, dispatch_uid="awards.credentials.revoke")
