"""A person's or a collective's history, as the profile page and the history API show it.

One read per kind of fact (register lines, ratings, initiatives, holds), however
long the history. The nominations and certificates apps add their parts (every
nomination with its timeline, decisions, certificates) through providers they
register from their AppConfig.ready: this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import OuterRef, Subquery

from awards.enums import HoldKind, InitiativeScope, PositionGroup, RatingLevel, RecordSource
from awards.models import AwardRecord, Hold, Initiative, Organization, Person, Rating, RatingLock
from awards.roles import sees_holds

# fn(*, history: dict, user) adds to `history` (keys "nominations", links in "awards").
HistoryProvider = Callable[..., None]
_providers: dict[str, HistoryProvider] = {}


def register_history_provider(name: str, fn: HistoryProvider | None) -> None:
    """Install (or with None remove) a provider; they run in the order of their names."""
    if fn is None:
        _providers.pop(name, None)
    else:
        _providers[name] = fn


def _subject_filter(subject: Person | Organization) -> dict[str, Any]:
    if isinstance(subject, Person):
        return {"person_id": subject.pk}
    return {"organization_id": subject.pk}


def _subject(subject: Person | Organization) -> dict[str, Any]:
    if isinstance(subject, Person):
        organization = subject.organization
        return {
            "kind": "person",
            "id": subject.pk,
            "name": subject.full_name,
            "code": subject.code,
            "gender": subject.gender,
            "gender_label": str(subject.get_gender_display()),
            "birth_year": subject.birth_year,
            "position": subject.position,
            "position_group": subject.position_group,
            "position_group_label": str(PositionGroup(subject.position_group).label),
            "is_active": subject.is_active,
            "organization": {"id": organization.pk, "name": organization.name},
        }
    return {
        "kind": "organization",
        "id": subject.pk,
        "name": subject.name,
        "code": subject.code,
        "short_name": subject.short_name,
        "is_active": subject.is_active,
        "parent": {"id": subject.parent_id, "name": subject.parent.name} if subject.parent_id else None,
        "bloc": {"id": subject.bloc_id, "name": subject.bloc.name} if subject.bloc_id else None,
    }


def _awards(subject) -> list[dict[str, Any]]:
    rows = AwardRecord.objects.filter(**_subject_filter(subject)).select_related("award_type", "period")
    return [
        {
            "id": r.pk,
            "award_type": {"code": r.award_type.code, "name": r.award_type.name},
            "year": r.year,
            "period": r.period.name if r.period_id else "",
            "decision_number": r.decision_number,
            "decision_date": r.decision_date,
            "source": r.source,
            "source_label": str(RecordSource(r.source).label),
            "reward_amount": r.reward_amount,
            "revoked": r.revoked,
            "revoked_on": r.revoked_on,
            "nomination_id": r.nomination_id,
            # Filled by the nominations and certificates providers when visible.
            "decision": None,
            "certificate": None,
        }
        for r in rows.order_by("-year", "-decision_date", "-id")
    ]


def _ratings(subject) -> list[dict[str, Any]]:
    """Ratings with the lock of their year, if the subject's unit or one above it is locked."""
    path = subject.organization.path if isinstance(subject, Person) else subject.path
    ancestors = [int(part) for part in path.strip("/").split("/") if part]
    lock = RatingLock.objects.filter(organization_id__in=ancestors, year=OuterRef("year")).order_by(
        "locked_at"
    )
    rows = (
        Rating.objects.filter(**_subject_filter(subject))
        .annotate(
            lock_at=Subquery(lock.values("locked_at")[:1]),
            lock_by=Subquery(lock.values("locked_by__full_name")[:1]),
        )
        .order_by("-year")
    )
    return [
        {
            "id": r.pk,
            "year": r.year,
            "level": r.level,
            "level_label": str(RatingLevel(r.level).label),
            "maternity_leave": r.maternity_leave,
            "decision_number": r.decision_number,
            "decision_date": r.decision_date,
            "has_file": bool(r.decision_file),
            "locked": r.lock_at is not None,
            "locked_by": r.lock_by or "",
            "locked_at": r.lock_at,
        }
        for r in rows
    ]


def _initiatives(subject) -> list[dict[str, Any]]:
    if not isinstance(subject, Person):
        return []
    return [
        {
            "id": i.pk,
            "title": i.title,
            "recognized_on": i.recognized_on,
            "scope": i.scope,
            "scope_label": str(InitiativeScope(i.scope).label),
            "used_by_nomination_id": i.used_by_nomination_id,
            "used_by_reference": i.used_by_reference,
        }
        for i in Initiative.objects.filter(person_id=subject.pk).order_by("-recognized_on", "-id")
    ]


def _holds(subject) -> list[dict[str, Any]]:
    return [
        {
            "id": h.pk,
            "kind": h.kind,
            "kind_label": str(HoldKind(h.kind).label),
            "starts_on": h.starts_on,
            "ends_on": h.ends_on,
            "note": h.note,
        }
        for h in Hold.objects.filter(**_subject_filter(subject)).order_by("-starts_on", "-id")
    ]


def history_of(subject: Person | Organization, *, user: Any) -> dict[str, Any]:
    """Everything the register knows about `subject` that `user` may see.

    `subject` comes from a visibility-checked queryset with its organization
    (a person) or parent and bloc (a collective) already joined.
    """
    history: dict[str, Any] = {
        "subject": _subject(subject),
        "awards": _awards(subject),
        "ratings": _ratings(subject),
        "initiatives": _initiatives(subject),
        "nominations": [],
    }
    if sees_holds(user):
        history["holds"] = _holds(subject)
    for name in sorted(_providers):
        _providers[name](history=history, user=user)
    return history
