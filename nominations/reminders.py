"""Reminders before deadlines, each sent once (safe to run hourly from cron).

- Units: 7 and 2 days before a period closes, the heads of every unit that
  still has drafts for it or has submitted nothing to it.
- Council members: the day before an open session's meeting date (and on the
  day), those who still have items to vote on.

A reminder's key is recorded in `ReminderSent` in the same transaction as its
notices: a second run finds the key and sends nothing; a run that fails sends
nothing and records nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from awards import clock, roles
from awards.models import Period, User
from nominations import notifications
from nominations.enums import NominationStatus as S
from nominations.enums import NotificationKind as K
from nominations.enums import SessionStatus
from nominations.models import CouncilSession, Nomination, ReminderSent, Vote

DEADLINE_DAYS = (7, 2)
# Past the first draft: what "submitted something" means for a unit.
_SUBMITTED = [S.SUBMITTED, S.RETURNED, S.VERIFIED, S.APPROVED, S.NOT_APPROVED, S.AWARDED, S.REVOKED]


@dataclass
class Outcome:
    deadline: int = 0
    vote: int = 0
    skipped: int = 0
    keys: list[str] = field(default_factory=list)


def send_reminders(*, today: datetime.date | None = None) -> Outcome:
    today = today or clock.today()
    outcome = Outcome()
    for period in Period.objects.filter(opens_on__lte=today, closes_on__gte=today):
        threshold = _threshold((period.closes_on - today).days)
        if threshold is not None:
            _remind_units(period, threshold, today, outcome)
    for session in CouncilSession.objects.filter(
        status=SessionStatus.OPEN,
        meeting_date__gte=today,
        meeting_date__lte=today + datetime.timedelta(days=1),
    ):
        _remind_voters(session, outcome)
    return outcome


def _threshold(days_left: int) -> int | None:
    """The reminder due with `days_left` days to go: 7 (from 7 to 3 days), 2 (from 2 to 0)."""
    for limit, floor in ((2, 0), (7, 3)):
        if floor <= days_left <= limit:
            return limit
    return None


def _once(key: str, outcome: Outcome, kind: str, users: list, path: str, values: dict) -> bool:
    """Record the key and the notices together; False when the key was already there."""
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(key=key)
        if not created:
            outcome.skipped += 1
            return False
        notifications.notify(kind, users, path=path, **values)
    outcome.keys.append(key)
    return True


def _remind_units(period: Period, threshold: int, today: datetime.date, outcome: Outcome) -> None:
    heads_by_unit: dict[int, list[User]] = {}
    for user in User.objects.filter(is_active=True, organization__isnull=False):
        if roles.is_unit_head(user):
            heads_by_unit.setdefault(user.organization_id, []).append(user)
    of_period = Nomination.objects.filter(period=period, proposing_organization_id__in=heads_by_unit)
    drafts = Counter(of_period.filter(status=S.DRAFT).values_list("proposing_organization_id", flat=True))
    submitted = set(
        of_period.filter(status__in=_SUBMITTED).values_list("proposing_organization_id", flat=True)
    )
    for unit_id, heads in heads_by_unit.items():
        if not drafts[unit_id] and unit_id in submitted:
            continue
        if drafts[unit_id]:
            variant, path = "drafts", f"/nominations/?status=draft&period={period.pk}"
        else:
            variant, path = "nothing", "/nominations/new/"
        values = {
            "variant": variant,
            "drafts": drafts[unit_id],
            "days": (period.closes_on - today).days,
            "period": period.name,
            "closes": period.closes_on.strftime("%d/%m/%Y"),
        }
        key = f"deadline:{period.pk}:{threshold}:{unit_id}"
        if _once(key, outcome, K.DEADLINE_REMINDER, heads, path, values):
            outcome.deadline += 1


def _remind_voters(session: CouncilSession, outcome: Outcome) -> None:
    items = session.items.count()
    voted = Counter(Vote.objects.filter(item__session=session).values_list("member_id", flat=True))
    for member in session.members.filter(is_active=True):
        pending = items - voted[member.pk]
        if pending <= 0:
            continue
        values = {"title": session.title, "count": pending, "date": session.meeting_date.strftime("%d/%m/%Y")}
        key = f"vote:{session.pk}:{member.pk}"
        path = f"/sessions/{session.pk}/"
        if _once(key, outcome, K.VOTE_REMINDER, [member], path, values):
            outcome.vote += 1
