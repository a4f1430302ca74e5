"""Council sessions: agenda, attendance, votes and closing (docs/architecture.md, "Council sessions and votes").

Every state change of a session is one function here; the API, the pages and
the admin call them. Nomination statuses change only through
`nominations.services.nomination_transition`.

Races (docs/architecture.md, "Reliability"): votes, attendance and closing lock the session row
(`select_for_update`) so a vote cannot slip in while the session closes and two
copies of one vote queue behind each other; the unique constraint on
(item, member) is the last word, and its IntegrityError is a 409, never a 500.
On SQLite the IMMEDIATE transaction mode serialises writers the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards import clock, roles
from awards.enums import ReviewBody, Role, ThresholdBase
from awards.errors import ConflictError
from awards.models import Period, RuleSet, User
from awards.text import official_language
from nominations import notifications
from nominations.enums import NominationStatus, NotificationKind, SessionBody, SessionStatus, VoteChoice
from nominations.models import AgendaItem, Attendance, CouncilSession, Nomination, Vote
from nominations.selectors import sessions_visible_to, tallies_visible_to  # the read rules live in selectors
from nominations.services import nomination_transition, rule_set_of
from nominations.tally import Ballot, ItemTally, is_recused, percent, quorum_met, share_text, tally_item

__all__ = [
    "AttendanceEntry",
    "Roll",
    "WrittenOpinion",
    "attendance_record",
    "item_is_recused",
    "rule_set_of",
    "session_ballots",
    "session_close",
    "session_create",
    "session_open",
    "session_present_member_ids",
    "session_roll",
    "session_tallies",
    "session_update",
    "sessions_visible_to",
    "tallies_visible_to",
    "tally_share",
    "vote_cast",
]

_OPEN_STATUSES = (SessionStatus.PLANNED, SessionStatus.OPEN)


@dataclass(frozen=True)
class WrittenOpinion:
    nomination_id: int
    choice: str


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: int
    present: bool
    written_opinions: tuple[WrittenOpinion, ...] = field(default_factory=tuple)


# --- reads -----------------------------------------------------------------


def item_is_recused(*, member: Any, nomination: Nomination) -> bool:
    return is_recused(
        member_organization_id=getattr(member, "organization_id", None),
        nominee_organization_id=nomination.nominee_organization_id,
        proposing_organization_id=nomination.proposing_organization_id,
    )


def session_present_member_ids(session: CouncilSession) -> set[int]:
    """Present: recorded present by staff, or voted in person (docs/api-notes.md)."""
    member_ids = set(session.members.values_list("pk", flat=True))
    recorded = set(
        Attendance.objects.filter(session=session, present=True).values_list("member_id", flat=True)
    )
    return (recorded | _voted_in_person(session)) & member_ids


def _voted_in_person(session: CouncilSession) -> set[int]:
    votes = Vote.objects.filter(item__session=session, written=False)
    return set(votes.values_list("member_id", flat=True).distinct())


@dataclass(frozen=True)
class Roll:
    """Who sits in a session, what staff recorded and who is present, read once for a page."""

    members: list[User]
    attendance: dict[int, bool]
    present: set[int]


def session_roll(session: CouncilSession) -> Roll:
    """The members (by name), the attendance record and the present members, in three
    queries; `session_tallies(roll=...)` counts from it instead of reading them again."""
    members = list(
        session.members.order_by("full_name").only("pk", "username", "full_name", "organization_id")
    )
    attendance = dict(Attendance.objects.filter(session=session).values_list("member_id", "present"))
    recorded = {member_id for member_id, present in attendance.items() if present}
    present = (recorded | _voted_in_person(session)) & {member.pk for member in members}
    return Roll(members=members, attendance=attendance, present=present)


def session_tallies(
    session: CouncilSession,
    items: list[AgendaItem] | None = None,
    *,
    roll: Roll | None = None,
    ballots: dict[int, dict[int, Ballot]] | None = None,
) -> list[tuple[AgendaItem, ItemTally]]:
    """Each agenda item's counts: the stored ones once closed, else computed now.

    `items` (a page of the agenda, loaded by the caller with each nomination's rule
    set or its award type's rule sets) limits the work to those rows and reuses them;
    `roll` and `ballots` (`session_ballots`) are what a page has already read.
    Callers decide who may see them (secret ballot: nobody before closing).
    """
    if items is None:
        items = list(
            session.items.select_related(
                "nomination__award_type", "nomination__period", "nomination__rule_set"
            )
            .prefetch_related("nomination__award_type__rule_sets")
            .order_by("position", "id")
        )
    if session.status == SessionStatus.CLOSED:
        return [(item, _stored_tally(item)) for item in items]
    if roll is None:
        members = list(session.members.only("pk", "organization_id"))
        present = session_present_member_ids(session)
    else:
        members, present = roll.members, roll.present
    if ballots is None:
        ballots = session_ballots(session, [item.pk for item in items])
    result = []
    for item in items:
        rule_set = rule_set_of(item.nomination)
        result.append((item, _tally(item, rule_set, members, present, ballots.get(item.pk, {}))))
    return result


def _stored_tally(item: AgendaItem) -> ItemTally:
    threshold_base = item.threshold_base
    threshold = item.threshold
    base = item.base
    if threshold is None:
        # Closed before the threshold was stored: the rule set's, and the base it implies.
        rule_set = rule_set_of(item.nomination)
        threshold = rule_set.vote_threshold if rule_set else Decimal("0.5")
        threshold_base = rule_set.threshold_base if rule_set else ThresholdBase.MEMBERS
        counted = item.present if threshold_base == ThresholdBase.PRESENT else item.members
        base = max((counted or 0) - (item.recused or 0), 0)
    return ItemTally(
        members=item.members or 0,
        present=item.present or 0,
        yes=item.yes or 0,
        no=item.no or 0,
        abstain=item.abstain or 0,
        written=item.written or 0,
        recused=item.recused or 0,
        outcome=item.outcome,
        base=base,
        threshold=threshold,
        threshold_base=threshold_base,
    )


def tally_share(tally: ItemTally) -> str:
    """'3/5 = 60,0 % < 80 % của tổng số thành viên' for a page or the minutes."""
    if tally.threshold is None or tally.base is None:
        return ""
    return share_text(
        yes=tally.yes,
        base=tally.base,
        threshold=tally.threshold,
        threshold_base=tally.threshold_base,
        recused=tally.recused,
    )


def session_ballots(
    session: CouncilSession, item_ids: list[int] | None = None
) -> dict[int, dict[int, Ballot]]:
    """item id → member id → ballot, for the given items (of this session's agenda)
    or the whole agenda."""
    ballots: dict[int, dict[int, Ballot]] = {}
    if item_ids is not None:
        # Read by item ids alone: joining the agenda to check the session again cost a
        # page of voting cards as much as the votes themselves.
        votes = Vote.objects.filter(item_id__in=item_ids)
    else:
        votes = Vote.objects.filter(item__session=session)
    for item_id, member_id, choice, written in votes.values_list("item_id", "member_id", "choice", "written"):
        ballots.setdefault(item_id, {})[member_id] = Ballot(choice=choice, written=written)
    return ballots


def _tally(
    item: AgendaItem, rule_set: RuleSet | None, members: Sequence[Any], present: set[int], ballots: dict
) -> ItemTally:
    recused = [m.pk for m in members if item_is_recused(member=m, nomination=item.nomination)]
    threshold = rule_set.vote_threshold if rule_set else "0.5"
    base = rule_set.threshold_base if rule_set else "members"
    return tally_item(
        members=[m.pk for m in members],
        present=present,
        recused=recused,
        ballots=ballots,
        threshold=threshold,
        threshold_base=base,
    )


# --- checks ----------------------------------------------------------------


def _check_members(members: Iterable[User]) -> list[User]:
    members = list(dict.fromkeys(members))
    wrong = [m for m in members if not (m.is_active and roles.is_council_member(m))]
    if wrong:
        names = ", ".join(str(m) for m in wrong)
        raise ValidationError(
            {"members": [_("Không phải thành viên Hội đồng: %(names)s.") % {"names": names}]}
        )
    return members


def _check_agenda(
    *, nominations: Iterable[Nomination], body: str, period: Period, session: CouncilSession | None
) -> list[Nomination]:
    nominations = list(dict.fromkeys(nominations))
    errors: list[str] = []
    busy = AgendaItem.objects.filter(nomination__in=nominations, session__status__in=_OPEN_STATUSES)
    if session is not None:
        busy = busy.exclude(session=session)
    busy_ids = set(busy.values_list("nomination_id", flat=True))
    for nomination in nominations:
        label = nomination.reference  # every saved dossier has one
        if nomination.status != NominationStatus.VERIFIED:
            errors.append(
                _("Hồ sơ %(ref)s chưa được thẩm định (trạng thái “%(status)s”).")
                % {"ref": label, "status": nomination.get_status_display()}
            )
            continue
        if nomination.period_id != period.pk:
            errors.append(_("Hồ sơ %(ref)s thuộc đợt khen thưởng khác.") % {"ref": label})
            continue
        if nomination.pk in busy_ids:
            errors.append(_("Hồ sơ %(ref)s đã có trong chương trình một phiên họp khác.") % {"ref": label})
            continue
        rule_set = rule_set_of(nomination)
        if rule_set is None or rule_set.review_body == ReviewBody.NONE:
            errors.append(
                _("Hồ sơ %(ref)s thuộc hình thức không cần biểu quyết của Hội đồng.") % {"ref": label}
            )
        elif body == SessionBody.STANDING_BOARD and rule_set.review_body != ReviewBody.STANDING_BOARD:
            errors.append(
                _(
                    "Hồ sơ %(ref)s (%(award)s) phải do Hội đồng xét, không thuộc thẩm quyền Thường trực Hội đồng."
                )
                % {"ref": label, "award": nomination.award_type.name}
            )
    if errors:
        raise ValidationError({"agenda": errors})
    return nominations


def _set_agenda(session: CouncilSession, nominations: list[Nomination]) -> None:
    session.items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, nomination=n, position=i) for i, n in enumerate(nominations, start=1)
    )


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


# --- writes ----------------------------------------------------------------


def session_create(
    *,
    actor: User,
    title: str,
    meeting_date: datetime.date,
    period: Period,
    body: str = SessionBody.COUNCIL,
    secret_ballot: bool = False,
    members: Iterable[User] = (),
    agenda: Iterable[Nomination] = (),
    place: str = "",
    chair_name: str = "",
    secretary_name: str = "",
    minutes_number: str = "",
) -> CouncilSession:
    """Plan a session (staff). Members must hold `council_member`; the agenda
    takes only verified nominations of the period that the body may review."""
    roles.require(actor, Role.STAFF)
    if body not in SessionBody.values:
        raise ValidationError({"body": [_("Cơ quan xét không hợp lệ.")]})
    members = _check_members(members)
    with transaction.atomic():
        nominations = _check_agenda(nominations=agenda, body=body, period=period, session=None)
        session = CouncilSession.objects.create(
            title=title,
            meeting_date=meeting_date,
            period=period,
            body=body,
            secret_ballot=secret_ballot,
            place=place,
            chair_name=chair_name,
            secretary_name=secretary_name,
            minutes_number=minutes_number,
            created_by=actor,
        )
        session.members.set(members)
        _set_agenda(session, nominations)
        notifications.notify_session(NotificationKind.SESSION_SCHEDULED, session)
    return session


_PLANNED_ONLY = {"members", "agenda", "body", "period", "secret_ballot"}
_TEXT_FIELDS = ("title", "meeting_date", "place", "chair_name", "secretary_name", "minutes_number")
_EDITABLE = set(_TEXT_FIELDS) | _PLANNED_ONLY


def session_update(*, session: CouncilSession, actor: User, **changes: Any) -> CouncilSession:
    """Change a session (staff). Members, agenda, body, period and the ballot's
    secrecy change only while planned; nothing changes once closed."""
    roles.require(actor, Role.STAFF)
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValidationError(
            {"detail": _("Trường không thể sửa: %(f)s.") % {"f": ", ".join(sorted(unknown))}}
        )
    with transaction.atomic():
        session = _locked(session)
        if session.status == SessionStatus.CLOSED:
            raise ConflictError(_("Phiên họp đã kết thúc, không thể sửa."))
        planned_changes = {k for k in changes if k in _PLANNED_ONLY}
        if session.status != SessionStatus.PLANNED and planned_changes:
            raise ConflictError(
                _(
                    "Phiên họp đã mở: chỉ sửa được thành viên, chương trình và hình thức bỏ phiếu khi còn dự kiến."
                )
            )
        body = changes.get("body", session.body)
        if body not in SessionBody.values:
            raise ValidationError({"body": [_("Cơ quan xét không hợp lệ.")]})
        period = changes.get("period", session.period)
        members = _check_members(changes["members"]) if "members" in changes else None
        if "agenda" in changes:
            agenda = changes["agenda"]
        elif {"body", "period"} & planned_changes:
            agenda = [item.nomination for item in session.items.select_related("nomination")]
        else:
            agenda = None
        nominations = (
            _check_agenda(nominations=agenda, body=body, period=period, session=session)
            if agenda is not None
            else None
        )
        for name in (*_TEXT_FIELDS, "secret_ballot"):
            if name in changes:
                setattr(session, name, changes[name])
        session.body = body
        session.period = period
        session.save()
        if members is not None:
            session.members.set(members)
        if nominations is not None:
            _set_agenda(session, nominations)
        if "agenda" in changes or members is not None:
            notifications.notify_session(NotificationKind.AGENDA_CHANGED, session)
    return session


def session_open(*, session: CouncilSession, actor: User) -> CouncilSession:
    """planned → open (staff). Needs members and an agenda."""
    roles.require(actor, Role.STAFF)
    with transaction.atomic():
        session = _locked(session)
        if session.status != SessionStatus.PLANNED:
            raise ConflictError(
                _("Chỉ mở được phiên họp đang dự kiến (trạng thái hiện tại: “%(s)s”).")
                % {"s": session.get_status_display()}
            )
        if not session.members.exists():
            raise ConflictError(_("Phiên họp chưa có thành viên."))
        if not session.items.exists():
            raise ConflictError(_("Phiên họp chưa có hồ sơ trong chương trình."))
        session.status = SessionStatus.OPEN
        session.opened_at = clock.now()
        session.save(update_fields=["status", "opened_at", "updated_at"])
        notifications.notify_session(NotificationKind.SESSION_OPENED, session)
    return session


def _check_choice(choice: Any, field_name: str = "choice") -> str:
    if choice not in VoteChoice.values:
        raise ValidationError(
            {
                field_name: [
                    _("Lựa chọn không hợp lệ: chỉ “yes” (đồng ý), “no” (không đồng ý) hoặc “abstain”.")
                ]
            }
        )
    return choice


def vote_cast(*, session: CouncilSession, member: User, nomination: Nomination | int, choice: str) -> Vote:
    """A member's vote on one agenda item, while the session is open.

    One per member and item (unique constraint; a second one is a 409). A
    member recused from the item, or recorded absent, may not vote; voting in
    person makes the member present.
    """
    _check_choice(choice)
    nomination_id = getattr(nomination, "pk", nomination)
    with transaction.atomic():
        # The lock queues this vote behind a concurrent copy and behind closing.
        session = _locked(session)
        if session.status != SessionStatus.OPEN:
            if session.status == SessionStatus.CLOSED:
                raise ConflictError(_("Phiên họp đã kết thúc, không thể biểu quyết."))
            raise ConflictError(_("Phiên họp chưa mở, chưa thể biểu quyết."))
        # A member whose council role was withdrawn after the session was planned no longer votes.
        if not roles.is_council_member(member) or not session.members.filter(pk=member.pk).exists():
            raise PermissionDenied(_("Chỉ thành viên của phiên họp được biểu quyết."))
        item = (
            AgendaItem.objects.select_related("nomination")
            .filter(session=session, nomination_id=nomination_id)
            .first()
        )
        if item is None:
            raise ValidationError({"nomination": [_("Hồ sơ không có trong chương trình phiên họp.")]})
        if item_is_recused(member=member, nomination=item.nomination):
            raise ConflictError(
                _("Thành viên thuộc đơn vị được đề nghị hoặc đơn vị đề nghị nên không biểu quyết hồ sơ này.")
            )
        if Attendance.objects.filter(session=session, member=member, present=False).exists():
            raise ConflictError(
                _(
                    "Thành viên đã được ghi nhận vắng mặt; đề nghị thư ký cập nhật điểm danh trước khi biểu quyết."
                )
            )
        if Vote.objects.filter(item=item, member=member).exists():
            raise ConflictError(_("Thành viên đã biểu quyết hồ sơ này."))
        try:
            with transaction.atomic():
                vote = Vote.objects.create(item=item, member=member, choice=choice)
        except IntegrityError as exc:
            raise ConflictError(_("Thành viên đã biểu quyết hồ sơ này.")) from exc
    return vote


def attendance_record(
    *, session: CouncilSession, actor: User, entries: Sequence[AttendanceEntry]
) -> CouncilSession:
    """Record who is present or absent and absent members' written opinions (staff).

    Written opinions replace the member's earlier ones and count as votes,
    marked `written`; a present member has none. Allowed until the session closes.
    """
    roles.require(actor, Role.STAFF)
    with transaction.atomic():
        session = _locked(session)
        if session.status not in _OPEN_STATUSES:
            raise ConflictError(_("Phiên họp đã kết thúc, không thể cập nhật điểm danh."))
        members = {m.pk: m for m in session.members.all()}
        items = {item.nomination_id: item for item in session.items.select_related("nomination").all()}
        errors = _attendance_errors(entries, members, items)
        if errors:
            raise ValidationError({"detail": errors})
        for entry in entries:
            _record_attendance(session, actor, members[entry.member_id], entry, items)
        session.save(update_fields=["updated_at"])
    return session


def _attendance_errors(
    entries: Sequence[AttendanceEntry], members: dict[int, User], items: dict[int, AgendaItem]
) -> list[str]:
    """Every fault of the roll call at once: unknown or repeated members, opinions a member may not give."""
    errors: list[str] = []
    seen: set[int] = set()
    for entry in entries:
        member = members.get(entry.member_id)
        if member is None:
            errors.append(_("Người dùng %(id)s không phải thành viên phiên họp.") % {"id": entry.member_id})
            continue
        if entry.member_id in seen:
            errors.append(_("Thành viên %(name)s được ghi hai lần.") % {"name": member})
            continue
        seen.add(entry.member_id)
        if entry.present and entry.written_opinions:
            errors.append(_("Thành viên %(name)s có mặt: không ghi ý kiến bằng văn bản.") % {"name": member})
        opinion_ids = [o.nomination_id for o in entry.written_opinions]
        if len(set(opinion_ids)) != len(opinion_ids):
            errors.append(_("Ý kiến của %(name)s trùng hồ sơ.") % {"name": member})
        errors += [_opinion_error(member, opinion, items) for opinion in entry.written_opinions]
    return [error for error in errors if error]


def _opinion_error(member: User, opinion: WrittenOpinion, items: dict[int, AgendaItem]) -> str:
    item = items.get(opinion.nomination_id)
    if item is None:
        return _("Hồ sơ %(id)s không có trong chương trình phiên họp.") % {"id": opinion.nomination_id}
    if opinion.choice not in VoteChoice.values:
        return _("Lựa chọn không hợp lệ: “%(c)s”.") % {"c": opinion.choice}
    if item_is_recused(member=member, nomination=item.nomination):
        return _("Thành viên %(name)s không biểu quyết hồ sơ %(ref)s (đơn vị của mình).") % {
            "name": member,
            "ref": item.nomination.reference,
        }
    return ""


def _record_attendance(
    session: CouncilSession, actor: User, member: User, entry: AttendanceEntry, items: dict[int, AgendaItem]
) -> None:
    """A member who voted in person cannot be marked absent; written opinions replace the earlier ones."""
    live = Vote.objects.filter(item__session=session, member=member, written=False)
    if not entry.present and live.exists():
        raise ConflictError(
            _("Thành viên %(name)s đã trực tiếp biểu quyết nên không thể ghi vắng mặt.") % {"name": member}
        )
    Attendance.objects.update_or_create(session=session, member=member, defaults={"present": entry.present})
    Vote.objects.filter(item__session=session, member=member, written=True).delete()
    Vote.objects.bulk_create(
        Vote(item=items[o.nomination_id], member=member, choice=o.choice, written=True, recorded_by=actor)
        for o in entry.written_opinions
    )


def session_close(*, session: CouncilSession, actor: User) -> CouncilSession:
    """open → closed (staff). Checks each item's quorum, stores each item's tally
    and moves the nominations to approved / not_approved.

    Side effects: AgendaItem tallies written; one NominationEvent per nomination
    (through `nomination_transition`), with the counts and never who voted how.
    """
    roles.require(actor, Role.STAFF)
    with transaction.atomic():
        session = _locked(session)
        if session.status != SessionStatus.OPEN:
            raise ConflictError(
                _("Chỉ kết thúc được phiên họp đang họp (trạng thái hiện tại: “%(s)s”).")
                % {"s": session.get_status_display()}
            )
        members = list(session.members.only("pk", "organization_id"))
        present = session_present_member_ids(session)
        items = list(
            session.items.select_related(
                "nomination__award_type", "nomination__period", "nomination__rule_set"
            ).order_by("position", "id")
        )
        rule_sets = {item.pk: rule_set_of(item.nomination) for item in items}
        short = []
        for item in items:
            rule_set = rule_sets[item.pk]
            if rule_set is not None and not quorum_met(
                members=len(members), present=len(present), quorum=rule_set.quorum
            ):
                short.append(
                    _("%(award)s cần tối thiểu %(q)s thành viên có mặt")
                    % {"award": item.nomination.award_type.name, "q": percent(rule_set.quorum * 100)}
                )
        if short:
            raise ConflictError(
                _("Không đủ số thành viên có mặt (%(p)s/%(m)s): %(why)s.")
                % {"p": len(present), "m": len(members), "why": "; ".join(dict.fromkeys(short))}
            )
        ballots = session_ballots(session)
        for item in items:
            result = _tally(item, rule_sets[item.pk], members, present, ballots.get(item.pk, {}))
            _close_item(session, item, result, actor)
        session.status = SessionStatus.CLOSED
        session.closed_at = clock.now()
        session.save(update_fields=["status", "closed_at", "updated_at"])
    return session


def _close_item(session: CouncilSession, item: AgendaItem, result: ItemTally, actor: User) -> None:
    """Store one item's tally and move its nomination (a withdrawn one is counted, with no outcome)."""
    for name in _TALLY_FIELDS:
        setattr(item, name, getattr(result, name))
    nomination = item.nomination
    item.outcome = result.outcome if nomination.status == NominationStatus.VERIFIED else ""
    item.save(update_fields=[*_TALLY_FIELDS, "outcome"])
    if not item.outcome:
        return
    to = NominationStatus.APPROVED if result.approved else NominationStatus.NOT_APPROVED
    counts = {"session": session.pk, **{name: getattr(result, name) for name in _COUNTS}}
    with official_language():
        comment = _("%(title)s: %(yes)s/%(members)s thành viên đồng ý.") % {
            "title": session.title,
            "yes": result.yes,
            "members": result.members,
        }
    nomination_transition(nomination=nomination, to=to, actor=actor, comment=comment, data=counts)
    with official_language():
        body_label = session.get_body_display()
    notifications.notify_outcome(nomination, approved=result.approved, body=body_label)


_COUNTS = ("members", "present", "yes", "no", "abstain", "written", "recused")
_TALLY_FIELDS = (
    "members",
    "present",
    "yes",
    "no",
    "abstain",
    "written",
    "recused",
    "base",
    "threshold",
    "threshold_base",
)
