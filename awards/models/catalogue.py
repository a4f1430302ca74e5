"""Award types, their versioned rule sets, base salaries and periods: rules as data."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.criteria import CriteriaError, parse_criteria
from awards.enums import AwardCategory, DocumentKind, PeriodKind, RecipientKind, ReviewBody, ThresholdBase
from awards.models.base import TextNormalizedModel, TimestampedModel

_FRACTION = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class AwardType(TimestampedModel):
    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    category = models.CharField(_("loại"), max_length=20, choices=AwardCategory.choices)
    recipient_kinds = models.JSONField(
        _("đối tượng"), default=list, help_text=_('Danh sách: "collective", "individual".')
    )
    level = models.CharField(_("cấp"), max_length=30, default="province")
    certificate_layout = models.CharField(
        _("mẫu in"), max_length=50, default="generic", help_text=_("Mã mẫu in của chứng nhận.")
    )
    # The word printed as the certificate's title: "BẰNG KHEN", "CỜ THI ĐUA"...
    certificate_title = models.CharField(_("tiêu đề in"), max_length=100, blank=True)
    # How the certificate prints its register number: "BK" gives "Số: 12/BK"; empty
    # gives "Số sổ vàng: 12". Provinces differ, so it is data.
    register_suffix = models.CharField(_("ký hiệu số vào sổ"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("loại khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")

    def __str__(self) -> str:
        return self.name

    def accepts(self, recipient_kind: str) -> bool:
        return recipient_kind in (self.recipient_kinds or [])

    def rule_set_on(self, on: datetime.date) -> RuleSet | None:
        """The rule set in force on `on` (the latest whose effective date is not later)."""
        return self.rule_sets.filter(effective_from__lte=on).order_by("-effective_from").first()

    @property
    def current_rule_set(self) -> RuleSet | None:
        return self.rule_set_on(datetime.date.today())


class RuleSet(TimestampedModel):
    """One version of an award type's rules, from a date, with its legal basis."""

    award_type = models.ForeignKey(
        AwardType, on_delete=models.CASCADE, related_name="rule_sets", verbose_name=_("loại khen thưởng")
    )
    effective_from = models.DateField(_("hiệu lực từ"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    review_body = models.CharField(_("cơ quan xét"), max_length=20, choices=ReviewBody.choices)
    vote_threshold = models.DecimalField(
        _("tỷ lệ tán thành"), max_digits=4, decimal_places=3, default=Decimal("0.500"), validators=_FRACTION
    )
    threshold_base = models.CharField(
        _("tính trên"), max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.MEMBERS
    )
    # Fraction of the session's members who must be present (written opinions
    # do not make a member present).
    quorum = models.DecimalField(
        _("tỷ lệ có mặt tối thiểu"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.667"),
        validators=_FRACTION,
    )
    reward_multiple_individual = models.DecimalField(
        _("hệ số tiền thưởng cá nhân"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    reward_multiple_collective = models.DecimalField(
        _("hệ số tiền thưởng tập thể"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    required_documents = models.JSONField(_("hồ sơ bắt buộc"), default=list, blank=True)
    # {"all_of": [{"check": "leads_bloc"}, {"check": "no_hold"}]} — see awards.eligibility.
    criteria = models.JSONField(_("tiêu chuẩn"), default=dict, blank=True)
    # Province-specific knobs: {"leaders_per_bloc": 1, "requires_registration": false}.
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)

    class Meta:
        ordering = ["award_type__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["award_type", "effective_from"], name="ruleset_unique_date")
        ]
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")

    def __str__(self) -> str:
        return f"{self.award_type.code} @ {self.effective_from}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        codes = set(AwardType.objects.values_list("code", flat=True))
        try:
            parse_criteria(self.criteria, award_type_codes=codes)
        except CriteriaError as exc:
            errors["criteria"] = str(exc)
        documents = self.required_documents
        if not isinstance(documents, list) or any(d not in DocumentKind.values for d in documents):
            errors["required_documents"] = _("Danh sách hồ sơ chỉ gồm các mã: %(codes)s.") % {
                "codes": ", ".join(DocumentKind.values)
            }
        options_error = _options_error(self.options)
        if options_error:
            errors["options"] = options_error
        if errors:
            raise ValidationError(errors)

    @property
    def leaders_per_bloc(self) -> int | None:
        value = (self.options or {}).get("leaders_per_bloc")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @classmethod
    def leaders_per_bloc_on(cls, on: datetime.date) -> int:
        """Leading units a bloc may elect: the rule sets in force say; one when none does."""
        in_force: dict[int, RuleSet] = {}
        for rule_set in cls.objects.filter(effective_from__lte=on).order_by(
            "award_type_id", "-effective_from"
        ):
            in_force.setdefault(rule_set.award_type_id, rule_set)
        limits = [rs.leaders_per_bloc for rs in in_force.values() if rs.leaders_per_bloc is not None]
        return max(limits) if limits else 1

    @property
    def requires_council_vote(self) -> bool:
        return self.review_body != ReviewBody.NONE

    def reward_multiple_for(self, recipient_kind: str) -> Decimal:
        if recipient_kind == RecipientKind.COLLECTIVE:
            return self.reward_multiple_collective
        return self.reward_multiple_individual


# Province knobs a rule set may carry are checked here; other keys are kept as they are.
def _options_error(options) -> str:
    if not isinstance(options, dict):
        return _("Tùy chọn phải là một đối tượng JSON.")
    value = options.get("leaders_per_bloc")
    if "leaders_per_bloc" in options and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100
    ):
        return _("“leaders_per_bloc” phải là số nguyên từ 1 đến 100.")
    if "requires_registration" in options and not isinstance(options["requires_registration"], bool):
        return _("“requires_registration” phải là true hoặc false.")
    return ""


class BaseSalary(models.Model):
    """Mức lương cơ sở: the one in force on a decision's signing date applies."""

    effective_from = models.DateField(_("áp dụng từ"), unique=True)
    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.effective_from}"

    @classmethod
    def in_force_on(cls, on: datetime.date) -> BaseSalary | None:
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


class Period(TextNormalizedModel):
    """A round of nominations: the year's achievements, a theme, or ad hoc."""

    year = models.PositiveIntegerField(_("năm"))
    name = models.CharField(_("tên đợt"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    opens_on = models.DateField(_("nhận hồ sơ từ"))
    closes_on = models.DateField(_("hạn nộp hồ sơ"))
    # The review of a year happens after it ends, under the rules then in force
    # (2023 achievements were judged in January 2024 under Law 06/2022).
    rules_date = models.DateField(
        _("ngày áp dụng quy tắc"), null=True, blank=True, help_text=_("Mặc định: hạn nộp hồ sơ.")
    )

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("đợt khen thưởng")
        verbose_name_plural = _("đợt khen thưởng")

    def __str__(self) -> str:
        return self.name

    @property
    def judged_on(self) -> datetime.date:
        return self.rules_date or self.closes_on

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Hạn nộp hồ sơ không được trước ngày bắt đầu nhận.")})

    def accepts_submissions_on(self, day: datetime.date) -> bool:
        if self.kind == PeriodKind.AD_HOC:
            return True
        return self.opens_on <= day <= self.closes_on
