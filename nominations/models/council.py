"""Council sessions, their agendas, attendance and votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards import clock
from awards.models import Period
from awards.models.base import TimestampedModel
from nominations.enums import ItemOutcome, SessionBody, SessionStatus, VoteChoice
from nominations.models.dossiers import Nomination


class CouncilSession(TimestampedModel):
    title = models.CharField(_("tên phiên họp"), max_length=255)
    meeting_date = models.DateField(_("ngày họp"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="council_sessions")
    body = models.CharField(
        _("cơ quan"), max_length=20, choices=SessionBody.choices, default=SessionBody.COUNCIL
    )
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=False)
    # Printed on the minutes (biên bản); free text, names as they were that day.
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair_name = models.CharField(_("chủ trì"), max_length=255, blank=True)
    secretary_name = models.CharField(_("thư ký"), max_length=255, blank=True)
    # The minutes' own number ("Số: 03/BB-HĐTĐKT"); blank prints "Số:      /BB-HĐTĐKT".
    minutes_number = models.CharField(_("số biên bản"), max_length=50, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="council_sessions", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """A nomination on a session's agenda, and its tally once the session closes."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    # Stored at closing (docs/domain.md, "Council": members, present, for, against...).
    members = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True)
    yes = models.PositiveIntegerField(null=True, blank=True)
    no = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)
    written = models.PositiveIntegerField(null=True, blank=True)
    recused = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ItemOutcome.choices, blank=True)
    # What the outcome was measured against, frozen at closing (rules change later).
    base = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    threshold_base = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["session", "position", "id"]
        # A page of a long agenda read in order without sorting every item.
        indexes = [models.Index(fields=["session", "position", "id"], name="agenda_item_order")]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_unique_nomination"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.position}: {self.nomination_id}"


class Attendance(models.Model):
    """Staff's record of who was present; a member who votes counts as present."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.member_id} {'present' if self.present else 'absent'}"


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    # An absent member's written opinion, entered by staff, counts as a vote.
    written = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="vote_one_per_member_item"),
        ]

    def __str__(self) -> str:
        # Never the choice: a secret ballot's choices are shown to nobody.
        return f"vote {self.pk} on item {self.item_id}"
