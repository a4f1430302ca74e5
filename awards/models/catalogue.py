"""Award types, their versioned rule sets, base salaries and periods: rules as data."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards import clock
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
        return self.rule_set_on(clock.today())


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
    # The "Căn cứ …" lines of a decision under these rules, by issuing authority:
    # {"*": ["Căn cứ Luật …;", …], "Ủy ban nhân dân tỉnh X": […]} ("*" for any other).
    decision_grounds = models.JSONField(_("căn cứ ban hành quyết định"), default=dict, blank=True)
    # Where the reward money comes from, printed in Article 2 of a decision.
    reward_fund = models.CharField(_("nguồn kinh phí khen thưởng"), max_length=255, blank=True)
    # Where each figure comes from: {"quorum": {"source": "…", "verified": false}, …};
    # an unverified figure is shown as a warning and confirmed explicitly when a decision uses it.
    figure_sources = models.JSONField(_("nguồn của các số liệu"), default=dict, blank=True)

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
        errors.update(_sources_errors(self))
        if errors:
            raise ValidationError(errors)

    def grounds_for(self, authority: str) -> list[str]:
        """The decision's "Căn cứ …" lines for an issuing authority ("*": any)."""
        grounds = self.decision_grounds if isinstance(self.decision_grounds, dict) else {}
        lines = grounds.get(authority) or grounds.get("*") or []
        return [str(line) for line in lines]

    def figure_source(self, name: str) -> dict:
        entry = (self.figure_sources or {}).get(name)
        return entry if isinstance(entry, dict) else {}

    def unverified_figures_by_name(self) -> dict[str, tuple[str, str]]:
        """Figure's field name → (label, source), for figures not yet checked against the text in force."""
        named = {**FIGURES, **{k: v for k, v in _OPTIONAL_FIGURES.items() if self.figure_source(k)}}
        return {
            name: (str(label), str(self.figure_source(name).get("source") or _("chưa ghi nguồn")))
            for name, label in named.items()
            if self.figure_source(name).get("verified") is not True
        }

    def unverified_figures(self) -> list[tuple[str, str]]:
        return list(self.unverified_figures_by_name().values())

    def multiple_field_for(self, recipient_kind: str) -> str:
        if recipient_kind == RecipientKind.COLLECTIVE:
            return "reward_multiple_collective"
        return "reward_multiple_individual"

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


# The figures of a rule set, each of which must say where it comes from.
FIGURES = {
    "vote_threshold": _("tỷ lệ tán thành"),
    "threshold_base": _("cách tính tỷ lệ"),
    "quorum": _("tỷ lệ có mặt tối thiểu"),
    "reward_multiple_individual": _("hệ số tiền thưởng cá nhân"),
    "reward_multiple_collective": _("hệ số tiền thưởng tập thể"),
    "decision_grounds": _("căn cứ ban hành quyết định"),
}
# Listed only when the data names them.
_OPTIONAL_FIGURES = {"legal_basis": _("căn cứ pháp lý")}

# An act's number names its year ("86/2025/QĐ-UBND"); a date may follow it
# ("ngày 03/12/2025", "ngày 3 tháng 12 năm 2025").
_ACT = re.compile(r"\b\d{1,4}/(?P<year>(?:19|20)\d{2})/[A-ZĐa-zđ]{2,}(?:-[A-ZĐa-zđ0-9]+)*")
_DATE = re.compile(
    r"^\W{0,3}(?:ngày\s+)?(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)


def acts_issued_after(text: str, on: datetime.date) -> list[str]:
    """The acts cited in `text` that were issued after `on` (by their number's year,
    or by the date written right after the number)."""
    late = []
    for match in _ACT.finditer(text or ""):
        issued: datetime.date | None = None
        dated = _DATE.match(text[match.end() : match.end() + 40])
        if dated:
            day, month, year = (
                dated["d"] or dated["d2"],
                dated["m"] or dated["m2"],
                dated["y"] or dated["y2"],
            )
            try:
                issued = datetime.date(int(year), int(month), int(day))
            except ValueError:
                issued = None
        if (issued is not None and issued > on) or int(match["year"]) > on.year:
            late.append(match.group(0))
    return late


def _rule_texts(rule_set: RuleSet) -> Iterator[tuple[str, str]]:
    """(field, text) of every citation a rule set carries."""
    yield "legal_basis", rule_set.legal_basis or ""
    grounds = rule_set.decision_grounds if isinstance(rule_set.decision_grounds, dict) else {}
    for lines in grounds.values():
        for line in lines if isinstance(lines, list) else [lines]:
            yield "decision_grounds", str(line)
    for entry in (
        (rule_set.figure_sources or {}).values() if isinstance(rule_set.figure_sources, dict) else ()
    ):
        if isinstance(entry, dict):
            yield "figure_sources", str(entry.get("source", ""))
    yield from (("criteria", text) for text in _criteria_bases(rule_set.criteria))


def _criteria_bases(node) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "legal_basis" and isinstance(value, str):
                yield value
            else:
                yield from _criteria_bases(value)
    elif isinstance(node, list):
        for value in node:
            yield from _criteria_bases(value)


def _sources_errors(rule_set: RuleSet) -> dict[str, str]:
    errors: dict[str, str] = {}
    grounds = rule_set.decision_grounds
    if not isinstance(grounds, dict) or any(
        not isinstance(v, list) or not all(isinstance(x, str) for x in v) for v in grounds.values()
    ):
        errors["decision_grounds"] = _('Căn cứ ban hành: một đối tượng JSON {cơ quan hoặc "*": [các dòng]}.')
    sources = rule_set.figure_sources
    if not isinstance(sources, dict) or any(
        not isinstance(v, dict)
        or not str(v.get("source", "")).strip()
        or not isinstance(v.get("verified"), bool)
        for v in sources.values()
    ):
        errors["figure_sources"] = _(
            'Nguồn số liệu: mỗi số liệu là {"source": "văn bản, điều, khoản", "verified": true/false}.'
        )
    if errors or rule_set.effective_from is None:
        return errors
    for field_name, text in _rule_texts(rule_set):
        late = acts_issued_after(text, rule_set.effective_from)
        if late:
            errors.setdefault(
                field_name,
                _("Văn bản %(acts)s ban hành sau ngày hiệu lực của bộ quy tắc (%(d)s): không thể làm căn cứ.")
                % {"acts": ", ".join(dict.fromkeys(late)), "d": rule_set.effective_from.strftime("%d/%m/%Y")},
            )
    return errors


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
