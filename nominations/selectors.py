"""Reads of the nominations app: who sees which nominations, council sessions, tallies
and decisions, and which nominations are open. Every read rule of the app is here;
`council` and `decisions` re-export theirs for their callers.

`nominations_visible_to(user)` decides every queryset the API and the pages
use, so a nomination a user may not see is a 404 by construction (NetBox's
"the permission decides the queryset").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from awards import eligibility, roles
from awards.enums import Role
from awards.text import search_key
from nominations.enums import NominationStatus, SessionStatus
from nominations.models import AgendaItem, CouncilSession, Decision, Nomination
from nominations.models.dossiers import CLOSED_STATUSES

S = NominationStatus

# A nomination in one of these states holds its nominee's achievement for the
# period: a second one for the same nominee and period may not be verified
# (Law 06/2022 Art. 5(2)(c), "one achievement, one award"). Submitted and
# returned dossiers do not hold it yet: the first one verified does.
HOLDING_STATUSES: frozenset[str] = frozenset({S.VERIFIED, S.APPROVED, S.AWARDED})


def _acts_for_unit_q(user: Any) -> Q | None:
    """The nominations `user` may prepare, edit and submit (as a Q), or None."""
    if not user.organization_id:
        return None
    held = roles.roles_of(user)
    if Role.UNIT_HEAD in held:
        # The head of a unit answers for its whole subtree.
        return Q(proposing_organization__path__startswith=user.organization.path)
    if Role.STAFF in held:
        # Staff may draft on behalf of their own unit only.
        return Q(proposing_organization_id=user.organization_id)
    return None


def nominations_visible_to(user: Any) -> QuerySet[Nomination]:
    """Every nomination `user` may see; anything else is a 404.

    - admin: all;
    - unit head: its organization subtree's, drafts included;
    - staff, chairman: every non-draft one (plus staff's own unit's drafts);
    - council member: those on the agenda of a session they sit in.
    Drafts are private to their unit.
    """
    base = Nomination.objects.all()
    if not roles.roles_of(user):
        return base.none()
    if roles.is_admin(user):
        return base
    visible = Q(pk__in=[])
    unit = _acts_for_unit_q(user)
    if unit is not None:
        visible |= unit
    if roles.sees_all_submitted(user):
        visible |= ~Q(status=S.DRAFT)
    if roles.is_council_member(user):
        on_agenda = AgendaItem.objects.filter(nomination=OuterRef("pk"), session__members=user)
        # Only verified nominations reach an agenda; a draft stays private regardless.
        visible |= Q(Exists(on_agenda)) & ~Q(status=S.DRAFT)
    return base.filter(visible)


def nomination_acts_for_unit(*, user: Any, nomination: Nomination) -> bool:
    """True when `user` speaks for the nomination's proposing unit (edit, submit, withdraw)."""
    if roles.is_admin(user):
        return True
    if not user.organization_id:
        return False
    held = roles.roles_of(user)
    if Role.UNIT_HEAD in held:
        return nomination.proposing_organization.is_within(user.organization)
    if Role.STAFF in held:
        return nomination.proposing_organization_id == user.organization_id
    return False


def subject_key(nomination: Nomination) -> tuple[str, int]:
    if nomination.nominee_person_id:
        return ("person", nomination.nominee_person_id)
    return ("organization", nomination.nominee_organization_id)


def open_nominations_for(
    *, period: Any, subject_keys: set[tuple[str, int]], exclude_nomination_ids: Iterable[int] = ()
) -> dict[tuple[str, int], list[str]]:
    """Other nominations holding each subject's achievement for `period` (one query).

    Registered with the eligibility engine as its open-nominations provider
    (`awards.eligibility.register_open_nominations_provider`).
    """
    person_ids = {pk for kind, pk in subject_keys if kind == "person"}
    organization_ids = {pk for kind, pk in subject_keys if kind == "organization"}
    if not person_ids and not organization_ids:
        return {}
    period_id = getattr(period, "pk", period)
    rows = (
        Nomination.objects.filter(period_id=period_id, status__in=HOLDING_STATUSES)
        .filter(Q(nominee_person_id__in=person_ids) | Q(nominee_organization_id__in=organization_ids))
        .exclude(pk__in=list(exclude_nomination_ids or ()))
        .order_by("pk")
        .values_list("nominee_person_id", "nominee_organization_id", "reference")
    )
    found: dict[tuple[str, int], list[str]] = {}
    for person_id, organization_id, reference in rows:
        key = ("person", person_id) if person_id else ("organization", organization_id)
        found.setdefault(key, []).append(reference)
    return found


def open_duplicate_of(nomination: Nomination) -> Nomination | None:
    """The other open dossier (not withdrawn, not rejected) for the same nominee,
    award type and period anywhere in the province, or None. The database's
    unique indexes enforce the same rule (`CLOSED_STATUSES`)."""
    nominee = (
        Q(nominee_person_id=nomination.nominee_person_id)
        if nomination.nominee_person_id
        else Q(nominee_organization_id=nomination.nominee_organization_id)
    )
    return (
        Nomination.objects.filter(
            nominee, award_type_id=nomination.award_type_id, period_id=nomination.period_id
        )
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(pk=nomination.pk)
        .select_related("proposing_organization")
        .order_by("pk")
        .first()
    )


_REFERENCE = re.compile(r"^HS-\d{4}-\d{6}$", re.IGNORECASE)
_PARTIAL_REFERENCE = re.compile(r"^(HS)?-?[\d-]*\d[\d-]*$", re.IGNORECASE)


def nominations_matching(queryset: QuerySet[Nomination], text: str) -> QuerySet[Nomination]:
    """Search used by the API and the pages alike: a reference ("HS-2023-000123"), or
    the nominee's name ignoring case and marks (đ = d), every word anywhere."""
    text = text.strip()[:100]
    if _REFERENCE.match(text):
        return queryset.filter(reference=text.upper())
    compact = "".join(text.split())
    if _PARTIAL_REFERENCE.match(compact):
        # Any part of a reference ("2026-000020", "000020"): LIKE's % and _ are escaped by the ORM.
        return queryset.filter(reference__icontains=compact)
    for word in search_key(text).split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def nomination_eligibility(*, nomination: Nomination):
    """The eligibility engine's result for the nomination as it stands now (a read)."""

    subject = nomination.nominee_person or nomination.nominee_organization
    return eligibility.evaluate(
        award_type=nomination.award_type,
        subject=subject,
        period=nomination.period,
        ground=nomination.ground,
        exclude_nomination_id=nomination.pk,
    )


# --- council sessions and decisions ---------------------------------------------------------


def sessions_visible_to(user: Any) -> QuerySet[CouncilSession]:
    """Staff and the chairman see every session; a member the sessions they sit in."""
    base = CouncilSession.objects.all()
    if roles.has_role(user, Role.STAFF, Role.CHAIRMAN):
        return base
    if roles.is_council_member(user):
        return base.filter(members=user)
    return base.none()


def tallies_visible_to(user: Any, session: CouncilSession) -> bool:
    """Who may see counts: everyone with access once closed; before closing, staff
    and the chairman for an open ballot; nobody for a secret one."""
    if session.status == SessionStatus.CLOSED:
        return True
    return not session.secret_ballot and roles.has_role(user, Role.STAFF, Role.CHAIRMAN)


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    """Staff and the chairman see every decision; nobody else sees any."""
    if roles.has_role(user, Role.STAFF, Role.CHAIRMAN):
        return Decision.objects.all()
    return Decision.objects.none()
