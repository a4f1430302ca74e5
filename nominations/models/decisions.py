"""Commendation decisions (Quyết định khen thưởng) and their annexed items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards import clock
from awards.models import AwardType, Period
from awards.models.base import TimestampedModel
from nominations.enums import DecisionEventKind, DecisionStatus
from nominations.models.dossiers import Nomination


class Decision(TimestampedModel):
    number = models.CharField(_("số quyết định"), max_length=50)
    signed_on = models.DateField(_("ngày ký"))
    year = models.PositiveIntegerField(editable=False)
    signer_name = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255)
    # The issuing authority's name as it was on the decision date (2025 mergers).
    authority = models.CharField(_("cơ quan ban hành"), max_length=255)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="decisions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="decisions")
    citation = models.TextField(_("nội dung thành tích"), blank=True)
    # The "Căn cứ ..." lines, one per line; empty: the rule set's grounds for the signing date.
    legal_bases = models.TextField(_("căn cứ ban hành"), blank=True)
    # The proposal the decision answers ("Xét đề nghị của … tại Tờ trình số … ngày …").
    proposal_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    proposal_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    proposer = models.CharField(
        _("người đề nghị"), max_length=255, blank=True, help_text=_("Ví dụ: Giám đốc Sở Nội vụ.")
    )
    # Set when the chairman sends the draft back; cleared when staff submit it again.
    returned_comment = models.TextField(_("ý kiến trả lại"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    nominations = models.ManyToManyField(Nomination, through="DecisionItem", related_name="decisions")
    # Frozen at issue.
    base_salary = models.PositiveBigIntegerField(null=True, blank=True)
    total_reward = models.PositiveBigIntegerField(default=0)
    total_in_words = models.CharField(max_length=500, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            # A number is used once per authority and year, among issued decisions.
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                condition=~Q(status=DecisionStatus.DRAFT),
                name="decision_number_unique",
            ),
        ]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        self.year = self.signed_on.year
        super().save(*args, **kwargs)


class DecisionItem(models.Model):
    """A line of the annex; its amount is frozen when the decision is issued."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="decision_items")
    position = models.PositiveIntegerField(default=0)
    multiple = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    # Law 06/2022 Art. 93: a later act cancels the award; the line stays, marked.
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_act = models.CharField(_("văn bản thu hồi"), max_length=100, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        ordering = ["decision", "position", "id"]
        # A page of a long annex read in order without sorting every line.
        indexes = [models.Index(fields=["decision", "position", "id"], name="decision_item_annex_order")]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nomination"], name="decision_item_unique"),
            # One live decision (draft or issued) per nomination: revoking a decision
            # marks every line revoked, which frees nothing else (the nomination is revoked too).
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(revoked_on__isnull=True),
                name="decision_item_one_live_per_nomination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}#{self.position}: {self.nomination_id}"


class DecisionEvent(models.Model):
    """The decision's timeline: drafted, returned, resubmitted, issued, confirmations."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=DecisionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["decision", "at", "id"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.kind}"
