"""The register (sổ theo dõi khen thưởng) and the facts eligibility reads."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards import clock
from awards.enums import Gender, HoldKind, InitiativeScope, PositionGroup, RatingLevel, RecordSource
from awards.models.base import TimestampedModel
from awards.models.catalogue import AwardType, Period, RuleSet
from awards.models.organizations import EmulationBloc, Organization
from awards.text import search_key, vietnamese_sort_key

_ONE_SUBJECT = Q(person__isnull=False, organization__isnull=True) | Q(
    person__isnull=True, organization__isnull=False
)


def _not_in_future_year(year: int | None, field: str) -> None:
    if year is not None and year > clock.today().year:
        raise ValidationError({field: _("Năm %(year)s chưa đến.") % {"year": year}})


class Person(TimestampedModel):
    """A civil servant or worker who can be nominated. No national ID numbers."""

    full_name = models.CharField(_("họ và tên"), max_length=255)
    # The unit's own staff code, for imports; never a national ID number.
    code = models.CharField(
        _("mã cá nhân"), max_length=50, blank=True, help_text=_("Mã nội bộ; không dùng số định danh cá nhân.")
    )
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    position_group = models.CharField(
        _("nhóm đối tượng"), max_length=10, choices=PositionGroup.choices, default=PositionGroup.OTHER
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="people", verbose_name=_("đơn vị")
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="person_unique_code"),
        ]
        # SQLite cannot tell that `code = 'NV01'` implies the constraint's `NOT (code = '')`,
        # so it never reads that partial index for a lookup: a plain one answers `?code=`.
        indexes = [models.Index(fields=["code"], name="person_code")]
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.birth_year is not None and not 1900 <= self.birth_year <= clock.today().year:
            raise ValidationError({"birth_year": _("Năm sinh không hợp lệ.")})
        if self.code and Person.objects.filter(code=self.code).exclude(pk=self.pk).exists():
            raise ValidationError({"code": _("Mã cá nhân “%(code)s” đã được dùng.") % {"code": self.code}})

    def save(self, *args, **kwargs):
        self.normalize_text_fields()
        self.search_key = search_key(self.full_name)[:255]
        self.sort_key = vietnamese_sort_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def salutation(self) -> str:
        return "Bà" if self.gender == Gender.FEMALE else "Ông"


class SubjectModel(TimestampedModel):
    """A fact about exactly one person or one organization."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cá nhân")
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tập thể"),
    )

    class Meta:
        abstract = True

    @property
    def subject(self):
        return self.person or self.organization

    def clean(self) -> None:
        super().clean()
        if (self.person_id is None) == (self.organization_id is None):
            raise ValidationError({"person": _("Cần chọn đúng một: cá nhân hoặc tập thể.")})


def rating_file_path(instance: Rating, filename: str) -> str:
    # Generated name only: nothing the user typed reaches the file system.
    return f"ratings/{instance.year}/{uuid.uuid4().hex}.pdf"


class Rating(SubjectModel):
    """Annual rating (xếp loại): one per subject and year."""

    year = models.PositiveIntegerField(_("năm"))
    level = models.CharField(_("xếp loại"), max_length=20, choices=RatingLevel.choices)
    # Maternity leave counts toward consecutive years (Decree 152 Art. 4(5)).
    maternity_leave = models.BooleanField(_("nghỉ thai sản"), default=False)
    # The unit's own decision recognising the year (entered by the unit head).
    decision_number = models.CharField(_("số quyết định của đơn vị"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định của đơn vị"), null=True, blank=True)
    decision_file = models.FileField(
        _("tệp quyết định (PDF)"), upload_to=rating_file_path, max_length=200, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập"),
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="rating_one_subject"),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(person__isnull=False), name="rating_person_year"
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(organization__isnull=False),
                name="rating_organization_year",
            ),
        ]
        verbose_name = _("xếp loại")
        verbose_name_plural = _("xếp loại hằng năm")

    def clean(self) -> None:
        super().clean()
        _not_in_future_year(self.year, "year")
        same = Rating.objects.filter(year=self.year).exclude(pk=self.pk)
        same = (
            same.filter(person_id=self.person_id)
            if self.person_id
            else same.filter(organization_id=self.organization_id)
        )
        if self.year is not None and same.exists():
            raise ValidationError(
                {"year": _("Đã có xếp loại năm %(year)s của đối tượng này.") % {"year": self.year}}
            )


class Initiative(TimestampedModel):
    """A recognised initiative (sáng kiến). It supports one award only."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("tác giả")
    )
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    recognized_on = models.DateField(_("ngày công nhận"))
    scope = models.CharField(
        _("phạm vi ảnh hưởng"),
        max_length=20,
        choices=InitiativeScope.choices,
        default=InitiativeScope.GRASSROOTS,
    )
    # The nomination that counted it (Công văn 5007/BNV-TĐKT: counts once).
    # A plain id, not a foreign key: the register does not depend on the process.
    used_by_nomination_id = models.PositiveBigIntegerField(_("đã dùng cho hồ sơ"), null=True, blank=True)
    used_by_reference = models.CharField(_("mã hồ sơ đã dùng"), max_length=50, blank=True)

    class Meta:
        ordering = ["-recognized_on"]
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.recognized_on and self.recognized_on > clock.today():
            raise ValidationError({"recognized_on": _("Ngày công nhận chưa đến.")})


class Hold(SubjectModel):
    """A reason an award must wait (discipline, investigation...): Art. 4(4)."""

    kind = models.CharField(_("loại"), max_length=20, choices=HoldKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="hold_one_subject"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hold_dates_ordered",
            ),
        ]
        verbose_name = _("trường hợp tạm hoãn")
        verbose_name_plural = _("trường hợp tạm hoãn")

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})


class BlocResult(TimestampedModel):
    """A bloc's emulation result: rank, and whether the unit was elected leader."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bloc_results")
    bloc = models.ForeignKey(EmulationBloc, on_delete=models.PROTECT, related_name="results")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="bloc_results")
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)
    is_leading = models.BooleanField(_("dẫn đầu khối"), default=False)

    class Meta:
        ordering = ["period", "bloc", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="blocresult_unique_org"),
        ]
        verbose_name = _("kết quả khối thi đua")
        verbose_name_plural = _("kết quả khối thi đua")

    def clean(self) -> None:
        super().clean()
        if not (self.is_leading and self.period_id and self.bloc_id):
            return
        # One leading unit per bloc and year unless the rule sets in force allow more.
        limit = RuleSet.leaders_per_bloc_on(self.period.judged_on)
        leaders = BlocResult.objects.filter(period_id=self.period_id, bloc_id=self.bloc_id, is_leading=True)
        if leaders.exclude(pk=self.pk).count() >= limit:
            raise ValidationError(
                {"is_leading": _("Khối này đã có đủ %(limit)s đơn vị dẫn đầu trong đợt.") % {"limit": limit}}
            )


class Registration(TimestampedModel):
    """An emulation registration (đăng ký thi đua): optional per province."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="registrations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="registrations")
    award_types = models.ManyToManyField(AwardType, related_name="registrations")
    registered_on = models.DateField(_("ngày đăng ký"))

    class Meta:
        ordering = ["-registered_on"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="registration_unique"),
        ]
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")


class AwardRecord(SubjectModel):
    """One line of the register. Revocable, never deleted."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="records")
    year = models.PositiveIntegerField(_("năm"))
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    source = models.CharField(
        _("nguồn"), max_length=20, choices=RecordSource.choices, default=RecordSource.IMPORTED
    )
    # Set when a decision of this service wrote the record (plain id: see Initiative).
    nomination_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_act = models.CharField(_("văn bản thu hồi"), max_length=100, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    # The money paid with the award (đồng): frozen by the decision that wrote the
    # line, or as the old register recorded it; statistics sum it in the database.
    reward_amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), default=0)

    class Meta:
        # Newest first, a total order (stable pages) that the index below serves.
        ordering = ["-year", "-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="record_one_subject"),
        ]
        indexes = [
            models.Index(fields=["award_type", "year"]),
            models.Index(fields=["year", "award_type"], name="record_year_type"),
            # The lists' order read from an index, not a sort of every line.
            models.Index(fields=["year", "decision_date", "id"], name="record_register_order"),
        ]
        verbose_name = _("sổ khen thưởng")
        verbose_name_plural = _("sổ theo dõi khen thưởng")

    def clean(self) -> None:
        super().clean()
        _not_in_future_year(self.year, "year")
        if self.decision_date and self.decision_date > clock.today():
            raise ValidationError({"decision_date": _("Ngày quyết định chưa đến.")})
        if self.revoked and not self.revoked_on:
            raise ValidationError(
                {"revoked_on": _("Cần ghi ngày thu hồi (Điều 93 Luật Thi đua, khen thưởng).")}
            )


class RatingLock(models.Model):
    """A unit's year checked by staff: its ratings (and its subtree's) become read-only."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="rating_locks", verbose_name=_("đơn vị")
    )
    year = models.PositiveIntegerField(_("năm"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người khóa")
    )
    locked_at = models.DateTimeField(_("thời điểm khóa"))

    class Meta:
        ordering = ["-year", "organization"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="ratinglock_unique")]
        verbose_name = _("khóa xếp loại")
        verbose_name_plural = _("khóa xếp loại")

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
