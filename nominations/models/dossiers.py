"""Nominations, their append-only events and their documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards import clock
from awards.enums import DocumentKind, RecipientKind
from awards.models import AwardType, Organization, Period, Person, RuleSet
from awards.models.base import TimestampedModel
from awards.text import search_key
from nominations.enums import NominationStatus

# A dossier in any other state is "open": it holds its nominee, award type and
# period, and no second one may be created or submitted beside it.
CLOSED_STATUSES = (NominationStatus.WITHDRAWN, NominationStatus.NOT_APPROVED)


class Nomination(TimestampedModel):
    """A dossier (hồ sơ đề nghị): one nominee, one award type, one period."""

    reference = models.CharField(_("mã hồ sơ"), max_length=30, unique=True, null=True, editable=False)
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("đợt")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("hình thức")
    )
    nominee_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("cá nhân"),
    )
    nominee_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations_received",
        verbose_name=_("tập thể"),
    )
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices, editable=False)
    # Denormalised for lists and accent-insensitive search without joins.
    nominee_name = models.CharField(_("tên người/tập thể được đề nghị"), max_length=255, editable=False)
    search_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    proposing_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="nominations_proposed",
        verbose_name=_("đơn vị đề nghị"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_created"
    )
    achievements = models.TextField(_("thành tích"), max_length=20000, blank=True)
    ground = models.CharField(_("căn cứ đề nghị"), max_length=100, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    # The rule set the nomination was judged by and the engine's last result.
    rule_set = models.ForeignKey(RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    eligibility = models.JSONField(_("kết quả xét điều kiện"), null=True, blank=True)
    override_reason = models.TextField(_("lý do thẩm định vượt điều kiện"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # The one-time token of the form that created it: the same form posted
    # again (Back, then save) finds this row instead of creating another.
    creation_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominee_person__isnull=False, nominee_organization__isnull=True)
                | Q(nominee_person__isnull=True, nominee_organization__isnull=False),
                name="nomination_exactly_one_nominee",
            ),
            # One open dossier per nominee, award type and period (two clerks
            # saving at once: the database keeps one). NULL nominees never clash.
            models.UniqueConstraint(
                fields=["nominee_person", "award_type", "period"],
                condition=~Q(status__in=CLOSED_STATUSES),
                name="nomination_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["nominee_organization", "award_type", "period"],
                condition=~Q(status__in=CLOSED_STATUSES),
                name="nomination_one_open_per_organization",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "period"], name="nomination_status_period"),
            models.Index(fields=["proposing_organization", "status"], name="nomination_org_status"),
            models.Index(fields=["period", "award_type", "status"], name="nomination_period_type"),
            # The list's default order (newest first): a page is an index scan, not a sort.
            models.Index(fields=["-created_at", "-id"], name="nomination_newest"),
            # The inbox's order (submitted, oldest first): a page is an index range, not a sort.
            models.Index(fields=["status", "submitted_at", "id"], name="nomination_inbox_order"),
            # The dossier list's default order (last updated first).
            models.Index(fields=["-updated_at", "-id"], name="nomination_recent"),
        ]
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")

    def __str__(self) -> str:
        return f"{self.reference or '—'} {self.nominee_name}"

    def save(self, *args, **kwargs):
        nominee = self.nominee_person or self.nominee_organization
        if nominee is not None:
            self.nominee_name = nominee.full_name if self.nominee_person_id else nominee.name
            self.recipient_kind = (
                RecipientKind.INDIVIDUAL if self.nominee_person_id else RecipientKind.COLLECTIVE
            )
        self.normalize_text_fields()
        self.search_key = search_key(self.nominee_name)[:255]
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"HS-{self.period.year}-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    @property
    def nominee(self):
        return self.nominee_person or self.nominee_organization


class NominationEvent(models.Model):
    """One move of the workflow. Append-only: nothing updates or deletes events."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, choices=NominationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=NominationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nomination_events"
    )
    at = models.DateTimeField(default=clock.now)
    comment = models.TextField(blank=True)
    # What the move recorded: the eligibility result at verify, an override
    # reason, a revoking act...
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.at:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("NominationEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("NominationEvent is append-only")


def attachment_path(instance: Attachment, filename: str) -> str:
    # Generated name only: nothing the user typed reaches the file system.
    return f"attachments/{clock.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def __str__(self) -> str:
        return self.filename
