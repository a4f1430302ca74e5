"""Yearly ratings entered by the units, and the year locks staff set once they are checked.

A unit head records the ratings of the people and sub-units of its own subtree,
with the number and date of the unit's own decision; staff record anyone's.
Once staff lock a unit's year, every rating of that year in the unit's subtree
is read-only (409) until they unlock it. One function per move, each one
transaction; the API, the pages and the Excel import all come through here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import clock
from awards.criteria import parse_criteria
from awards.eligibility import rule_set_for
from awards.enums import RecordSource
from awards.errors import ConflictError
from awards.models import AwardRecord, AwardType, Organization, Person, Rating, RatingLock
from awards.roles import enters_ratings, is_staff, is_unit_head, locks_ratings


def subject_path(rating: Rating) -> str:
    if rating.person_id:
        return rating.person.organization.path
    return rating.organization.path


def lock_for(path: str, year: int) -> RatingLock | None:
    """The lock on `year` of the unit at `path` or of any unit above it."""
    ancestors = [int(part) for part in path.strip("/").split("/") if part]
    return (
        RatingLock.objects.filter(organization_id__in=ancestors, year=year)
        .select_related("organization", "locked_by")
        .order_by("locked_at")
        .first()
    )


def locked_message(lock: RatingLock) -> str:
    return _("Xếp loại năm %(year)s của %(unit)s đã được khóa bởi %(who)s lúc %(when)s; không thể sửa.") % {
        "year": lock.year,
        "unit": lock.organization.name,
        "who": str(lock.locked_by),
        "when": timezone.localtime(lock.locked_at).strftime("%H:%M %d/%m/%Y"),
    }


def refusal_at(actor: Any, path: str, year: int | None) -> tuple[str, str] | None:
    """Why `actor` may not write a rating or title of `year` for the unit at `path`:
    ("forbidden" | "locked", message), or None."""
    if not enters_ratings(actor):
        return "forbidden", _("Chỉ thủ trưởng đơn vị và cán bộ Ban Thi đua - Khen thưởng được nhập xếp loại.")
    if not is_staff(actor):
        unit = getattr(actor, "organization", None)
        if not (is_unit_head(actor) and unit is not None and path.startswith(unit.path)):
            return "forbidden", _("Cá nhân, tập thể này không thuộc đơn vị của bạn.")
    if year:
        lock = lock_for(path, year)
        if lock is not None:
            return "locked", locked_message(lock)
    return None


def refusal(actor: Any, rating: Rating) -> tuple[str, str] | None:
    return refusal_at(actor, subject_path(rating), rating.year)


def _raise(found: tuple[str, str] | None) -> None:
    if found is None:
        return
    kind, message = found
    if kind == "locked":
        raise ConflictError(message)
    raise PermissionDenied(message)


def check_writable(actor: Any, rating: Rating, *, before: Rating | None = None) -> None:
    """Raise PermissionDenied (403) or ConflictError (409); `before` is the row as stored."""
    for candidate in (before, rating):
        if candidate is not None:
            _raise(refusal(actor, candidate))


MAX_PDF_BYTES = 10 * 1024 * 1024


def check_pdf(upload) -> None:
    """The unit's decision as a PDF: by content, not by name; at most 10 MB."""
    if upload is None:
        return
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(_("Tệp quyết định vượt quá 10 MB."))
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Tệp quyết định phải là PDF."))


def rating_save(*, actor: Any, rating: Rating) -> Rating:
    """Create or change one rating (its file included), in one transaction."""
    before = (
        Rating.objects.select_related("person__organization", "organization").get(pk=rating.pk)
        if rating.pk
        else None
    )
    check_writable(actor, rating, before=before)
    rating.full_clean(exclude=["entered_by"])
    rating.entered_by = actor
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("Đã có xếp loại năm %(year)s của đối tượng này.") % {"year": rating.year}}
        ) from None
    return rating


def rating_delete(*, actor: Any, rating: Rating) -> None:
    check_writable(actor, rating)
    with transaction.atomic():
        rating.delete()


def rating_lock(*, actor: Any, organization: Organization, year: int) -> RatingLock:
    """Staff: the unit's year is checked; its ratings (and its subtree's) become read-only."""
    if not locks_ratings(actor):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được khóa xếp loại."))
    if not 1945 <= year <= clock.today().year:
        raise ValidationError({"year": _("Chỉ khóa được xếp loại của năm đã qua hoặc năm nay.")})
    with transaction.atomic():
        lock, _created = RatingLock.objects.get_or_create(
            organization=organization, year=year, defaults={"locked_by": actor, "locked_at": clock.now()}
        )
    return lock


def rating_unlock(*, actor: Any, lock: RatingLock) -> None:
    if not locks_ratings(actor):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được mở khóa xếp loại."))
    with transaction.atomic():
        lock.delete()


def people_for_entry(actor: Any):
    """The people whose ratings `actor` may enter."""
    people = Person.objects.select_related("organization").filter(is_active=True)
    if is_staff(actor):
        return people
    unit = getattr(actor, "organization", None)
    if not is_unit_head(actor) or unit is None:
        return people.none()
    return people.filter(organization__path__startswith=unit.path)


def organizations_for_entry(actor: Any):
    organizations = Organization.objects.filter(is_active=True)
    if is_staff(actor):
        return organizations
    unit = getattr(actor, "organization", None)
    if not is_unit_head(actor) or unit is None:
        return organizations.none()
    return organizations.filter(path__startswith=unit.path)


def import_guard(actor: Any):
    """For `awards.imports.run_import` of ratings: refuse rows `actor` may not write, sign the rest."""

    def guard(rating: Rating) -> str | None:
        before = (
            Rating.objects.select_related("person__organization", "organization").filter(pk=rating.pk).first()
        )
        for candidate in (before, rating):
            found = refusal(actor, candidate) if candidate is not None else None
            if found is not None:
                return found[1]
        rating.entered_by = actor
        return None

    return guard


def missing_rating_years(*, subject: Person | Organization, award_type, period) -> list[int]:
    """The years the award type's rating checks look at for which the subject has no rating yet."""
    try:
        criteria = parse_criteria(rule_set_for(award_type=award_type, period=period).criteria)
    except ValidationError:
        return []
    spans = [int(c.param("years", 1)) for c in criteria.checks() if c.code == "rating_streak"]
    if not spans:
        return []
    wanted = set(range(period.year - max(spans) + 1, period.year + 1))
    field = "person" if isinstance(subject, Person) else "organization"
    have = set(Rating.objects.filter(**{field: subject}, year__in=wanted).values_list("year", flat=True))
    return sorted(wanted - have)


# --- titles the units confer themselves (Lao động tiên tiến, Chiến sĩ thi đua cơ sở...) ----------------


def unit_titles(recipient_kind: str) -> list[AwardType]:
    """The grassroots titles a unit head confers by the unit's own decision."""
    return [
        t
        for t in AwardType.objects.filter(level="grassroots", is_active=True).order_by("name")
        if t.accepts(recipient_kind)
    ]


def title_save(
    *,
    actor: Any,
    subject: Person | Organization,
    year: int,
    award_type: AwardType,
    decision_number: str,
    decision_date,
) -> AwardRecord:
    """Record (or change) the unit's title of `year` in the register, as the unit decided it."""
    path = subject.organization.path if isinstance(subject, Person) else subject.path
    _raise(refusal_at(actor, path, year))
    kind = "individual" if isinstance(subject, Person) else "collective"
    if award_type.level != "grassroots" or not award_type.accepts(kind):
        raise ValidationError(
            {"title": _("Đơn vị không tự xét tặng “%(award)s”.") % {"award": award_type.name}}
        )
    field = "person" if kind == "individual" else "organization"
    with transaction.atomic():
        record = AwardRecord.objects.filter(**{field: subject}, year=year, source=RecordSource.UNIT).first()
        record = record or AwardRecord(**{field: subject}, year=year, source=RecordSource.UNIT)
        record.award_type = award_type
        record.decision_number = decision_number
        record.decision_date = decision_date
        record.full_clean()
        record.save()
    return record


def unit_title_of(subject: Person | Organization, year: int) -> AwardRecord | None:
    field = "person" if isinstance(subject, Person) else "organization"
    return (
        AwardRecord.objects.filter(**{field: subject}, year=year, source=RecordSource.UNIT)
        .select_related("award_type")
        .first()
    )


def title_delete(*, actor: Any, record: AwardRecord) -> None:
    path = record.person.organization.path if record.person_id else record.organization.path
    _raise(refusal_at(actor, path, record.year))
    with transaction.atomic():
        record.delete()


def save_year(*, actor: Any, rating: Rating, subject, title: AwardType | None) -> Rating:
    """The entry page's one move: the rating and the unit's title of the year, together or not at all."""
    with transaction.atomic():
        rating = rating_save(actor=actor, rating=rating)
        current = unit_title_of(subject, rating.year)
        if title is not None:
            title_save(
                actor=actor,
                subject=subject,
                year=rating.year,
                award_type=title,
                decision_number=rating.decision_number,
                decision_date=rating.decision_date,
            )
        elif current is not None:
            title_delete(actor=actor, record=current)
    return rating
