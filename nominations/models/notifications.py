"""In-app notifications, e-mail preferences and the reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards import clock
from nominations.enums import NotificationKind


class Notification(models.Model):
    """One message to one user: what happened (kind + values) and the page to open."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=30, choices=NotificationKind.choices)
    # The values of the kind's sentence; the sentence is rendered when read, in
    # the reader's language.
    params = models.JSONField(default=dict, blank=True)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def text(self) -> str:
        from nominations.notifications import render_text  # the sentences live there

        return render_text(self.kind, self.params)

    @property
    def url(self) -> str:
        return settings.PUBLIC_BASE_URL + self.path


class EmailOptOut(models.Model):
    """A kind the user does not want by e-mail (the in-app notice still comes)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class ReminderSent(models.Model):
    """A reminder's key ("deadline:<period>:<days>:<unit>"): each is sent once."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return self.key
