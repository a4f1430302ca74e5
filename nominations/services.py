"""State-changing operations on nominations: the one place each rule lives.

Every status change goes through `nomination_transition` (or `_move` under a
lock the caller already holds): it locks the row, checks the move against
`nominations.workflow`, appends a `NominationEvent` and saves the status. The
action functions (`nomination_submit`, `nomination_return`...) add their
checks (actor's role, documents, eligibility) and side effects, listed in each
docstring. They raise domain errors only: `PermissionDenied` (403),
`ValidationError` (400), `ConflictError`/`TransitionError` (409),
`PayloadTooLarge` (413).
"""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, ProtectedError, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from awards import clock, eligibility, roles
from awards.enums import DocumentKind, RecipientKind, ReviewBody, Role
from awards.errors import ConflictError
from awards.models import AwardType, Initiative, Organization, Period, Person, RuleSet
from awards.text import has_forbidden_characters, normalize_text, official_language
from nominations import attachments, notifications, workflow
from nominations.enums import NominationStatus, SessionStatus
from nominations.models import Attachment, Nomination, NominationEvent
from nominations.models.dossiers import attachment_path
from nominations.selectors import (
    nomination_acts_for_unit,
    nominations_visible_to,
    open_duplicate_of,
    open_nominations_for,
    subject_key,
)

S = NominationStatus

# Moves after which no award will follow: the initiatives the nomination
# counted become free again (they were never "used" for an award).
_RELEASES_INITIATIVES = frozenset({S.WITHDRAWN, S.NOT_APPROVED})

EDITABLE_FIELDS = ("period", "award_type", "nominee_person", "nominee_organization", "achievements", "ground")


# --- helpers -----------------------------------------------------------------------------


def _lock(nomination: Nomination) -> Nomination:
    """The row, re-read under a lock held until the transaction ends.

    Two clerks acting at once queue here; the second sees the first's status
    (PostgreSQL: FOR UPDATE; SQLite: IMMEDIATE transactions serialise writers).
    """
    return Nomination.objects.select_for_update(of=("self",)).get(pk=nomination.pk)


def _require_unit(actor: Any, nomination: Nomination) -> None:
    if not nomination_acts_for_unit(user=actor, nomination=nomination):
        raise PermissionDenied(_("Chỉ đơn vị đề nghị mới được thực hiện thao tác này."))


def _clean_text(value: str, *, field: str, max_length: int) -> str:
    value = normalize_text(value or "")
    if has_forbidden_characters(value):
        raise ValidationError({field: [_("Dữ liệu chứa ký tự không hợp lệ (NUL hoặc mã thay thế lẻ).")]})
    if len(value) > max_length:
        raise ValidationError({field: [_("Không được dài quá %(max)d ký tự.") % {"max": max_length}]})
    return value


def _move(
    locked: Nomination,
    *,
    to: str,
    actor: Any,
    comment: str = "",
    data: dict | None = None,
    update_fields: tuple[str, ...] = (),
) -> Nomination:
    """Check and record one move of a row the caller has locked."""
    workflow.check_transition(locked.status, to)
    NominationEvent.objects.create(
        nomination=locked,
        from_status=locked.status,
        to_status=to,
        actor=actor,
        comment=comment,
        data=data or {},
    )
    locked.status = to
    locked.save(update_fields=["status", "updated_at", *update_fields])
    if to in _RELEASES_INITIATIVES:
        Initiative.objects.filter(used_by_nomination_id=locked.pk).update(
            used_by_nomination_id=None, used_by_reference=""
        )
    return locked


def rule_set_of(nomination: Nomination) -> RuleSet | None:
    """The rule set the nomination is judged by: the one recorded at appraisal,
    else the award type's rules in force on the day its period is judged."""
    if nomination.rule_set_id:
        return nomination.rule_set
    return nomination.award_type.rule_set_on(nomination.period.judged_on)


# What a vote count reads of the rules (`council.session_tallies`): a page of voting
# cards loads only these, not the criteria, grounds and sources (JSON decoded per rule set).
TALLY_RULE_FIELDS = ("award_type_id", "effective_from", "vote_threshold", "threshold_base")


def _shared(queryset: QuerySet, ids: set[int], known: tuple) -> dict[int, Any]:
    """One object per id: those the caller already holds, the others read at once."""
    found = {obj.pk: obj for obj in known if isinstance(obj, queryset.model) and obj.pk in ids}
    found.update(queryset.in_bulk(ids - set(found)))  # nothing missing: no query
    return found


def share_rules(
    nominations: list[Nomination], *, known: tuple = (), rule_fields: tuple[str, ...] | None = None
) -> None:
    """Give many nominations what `rule_set_of` reads, from at most four queries: the
    rule sets recorded at appraisal, and one shared award type (its rule sets
    prefetched) and period per id, instead of a copy of each, decoded, per row.

    `known`: award types and periods the caller has read already (a decision's own).
    `rule_fields` (e.g. `TALLY_RULE_FIELDS`): load only these columns of the rule sets,
    and of the award types and periods only what finds the rule set in force; any
    other column is still read on first use, one query, as Django defers it. A period
    the caller already joined (`select_related`) is kept, not read again."""
    rule_sets, types, periods = RuleSet.objects.all(), AwardType.objects.all(), Period.objects.all()
    if rule_fields is not None:
        rule_sets = rule_sets.only(*rule_fields)
        types, periods = types.only("id"), periods.only("id", "rules_date", "closes_on")
    recorded = rule_sets.in_bulk({n.rule_set_id for n in nominations if n.rule_set_id})
    types = _shared(types, {n.award_type_id for n in nominations}, known)
    prefetch_related_objects(list(types.values()), Prefetch("rule_sets", queryset=rule_sets))
    joined = Nomination._meta.get_field("period").is_cached
    periods = _shared(periods, {n.period_id for n in nominations if not joined(n)}, known)
    for nomination in nominations:
        nomination.award_type = types[nomination.award_type_id]
        if nomination.period_id in periods:
            nomination.period = periods[nomination.period_id]
        if nomination.rule_set_id:
            nomination.rule_set = recorded[nomination.rule_set_id]


def _sync(nomination: Nomination, locked: Nomination) -> Nomination:
    """Let the caller's instance see what the locked copy saved."""
    if nomination is not locked:
        nomination.refresh_from_db()
    return locked


# --- the one transition function --------------------------------------------------------------


def nomination_transition(
    *, nomination: Nomination, to: str, actor: Any, comment: str = "", data: dict | None = None
) -> Nomination:
    """The only path for a status change; returns the saved nomination.

    Locks the row, checks `workflow.check_transition` (TransitionError → 409),
    appends a NominationEvent (from, to, actor, time, comment, data) and saves
    the status. Side effect: moving to withdrawn or not_approved frees the
    initiatives the nomination counted. Runs inside the caller's transaction
    when there is one (session close, decision issue), else in its own.
    Callers check the actor's role and add their own side effects.
    """
    with transaction.atomic():
        locked = _lock(nomination)
        _move(locked, to=to, actor=actor, comment=comment, data=data)
    return _sync(nomination, locked)


def nominations_transition(
    *,
    nominations: list[Nomination],
    to: str,
    actor: Any,
    comment: str = "",
    data_for: Any = None,
) -> list[Nomination]:
    """`nomination_transition` for many rows at once, with the same checks and events.

    One `select_for_update` locks every row (and reads their statuses), each move
    is checked, the events go in with one `bulk_create` and the statuses with one
    update; nothing is re-read: the caller's instances get the new status.
    `data_for(nomination)` gives each event's data. Used where one act moves a
    whole list (decision issue), so the query count does not grow with it.
    """
    pks = [nomination.pk for nomination in nominations]
    # No savepoint inside the caller's transaction: a refusal is raised before any write,
    # and the caller's whole act (the decision issue) rolls back with it.
    with transaction.atomic(savepoint=False):
        current = dict(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", "status")
        )
        for pk in pks:
            workflow.check_transition(current[pk], to)
        now = clock.now()
        NominationEvent.objects.bulk_create(
            NominationEvent(
                nomination_id=nomination.pk,
                from_status=current[nomination.pk],
                to_status=to,
                actor=actor,
                comment=comment,
                data=(data_for(nomination) if data_for else None) or {},
                at=now,
            )
            for nomination in nominations
        )
        Nomination.objects.filter(pk__in=pks).update(status=to, updated_at=now)
        if to in _RELEASES_INITIATIVES:
            Initiative.objects.filter(used_by_nomination_id__in=pks).update(
                used_by_nomination_id=None, used_by_reference=""
            )
    for nomination in nominations:
        nomination.status = to
        nomination.updated_at = now
    return nominations


# --- creating and editing the dossier -----------------------------------------------------------


def _validate_dossier(nomination: Nomination, *, today: datetime.date, check_period: bool) -> None:
    """The rules of a well-formed dossier (issue 4.1); raises ValidationError naming the field."""
    award_type: AwardType = nomination.award_type
    if not award_type.is_active:
        raise ValidationError({"award_type": [_("Hình thức khen thưởng này không còn được sử dụng.")]})
    person: Person | None = nomination.nominee_person
    organization: Organization | None = nomination.nominee_organization
    if (person is None) == (organization is None):
        raise ValidationError(
            {"nominee_person": [_("Cần chọn đúng một đối tượng: một cá nhân hoặc một tập thể.")]}
        )
    kind = RecipientKind.INDIVIDUAL if person is not None else RecipientKind.COLLECTIVE
    field = "nominee_person" if person is not None else "nominee_organization"
    if not award_type.accepts(kind):
        allowed = ", ".join(str(RecipientKind(k).label).lower() for k in award_type.recipient_kinds or [])
        raise ValidationError(
            {
                field: [
                    _("“%(award)s” chỉ dành cho: %(allowed)s; không đề nghị cho %(kind)s.")
                    % {"award": award_type.name, "allowed": allowed or "—", "kind": str(kind.label).lower()}
                ]
            }
        )
    proposing = nomination.proposing_organization
    nominee_org = person.organization if person is not None else organization
    # Law Art. 83: the level that manages the person or unit nominates it.
    if not nominee_org.is_within(proposing):
        raise ValidationError(
            {
                field: [
                    _("Đối tượng được đề nghị không thuộc %(unit)s hoặc các đơn vị trực thuộc.")
                    % {"unit": proposing.name}
                ]
            }
        )
    if check_period:
        _check_period_open(nomination.period, today=today)


def _check_period_open(period: Period, *, today: datetime.date) -> None:
    if not period.accepts_submissions_on(today):
        raise ValidationError(
            {
                "period": [
                    _("Đợt “%(period)s” chỉ nhận hồ sơ từ %(opens)s đến %(closes)s.")
                    % {
                        "period": period.name,
                        "opens": period.opens_on.strftime("%d/%m/%Y"),
                        "closes": period.closes_on.strftime("%d/%m/%Y"),
                    }
                ]
            }
        )


def nomination_create(
    *,
    actor: Any,
    period: Period,
    award_type: AwardType,
    nominee_person: Person | None = None,
    nominee_organization: Organization | None = None,
    achievements: str = "",
    ground: str = "",
    today: datetime.date | None = None,
    creation_token: str = "",
) -> Nomination:
    """A new draft proposed by the actor's organization (no event: it has not moved yet).

    Refuses (400) a nominee outside the proposing unit's subtree, a recipient
    kind the award type does not take, a period that does not accept
    submissions today (ad hoc periods always do), and a nominee who already
    has an open dossier for the award type and period anywhere in the province
    (DuplicateNomination, naming it). `creation_token` (a form's one-time
    token) makes a repeated post raise AlreadyCreated with the first result.
    """
    if not roles.has_role(actor, Role.UNIT_HEAD, Role.STAFF):
        raise PermissionDenied(
            _("Chỉ thủ trưởng đơn vị hoặc cán bộ Ban Thi đua - Khen thưởng được lập hồ sơ.")
        )
    if actor.organization_id is None:
        raise ValidationError({"detail": [_("Tài khoản chưa được gắn với đơn vị nào.")]})
    nomination = Nomination(
        period=period,
        award_type=award_type,
        nominee_person=nominee_person,
        nominee_organization=nominee_organization,
        proposing_organization=actor.organization,
        created_by=actor,
        achievements=_clean_text(achievements, field="achievements", max_length=20000),
        ground=_clean_text(ground, field="ground", max_length=100),
        status=S.DRAFT,
    )
    _validate_dossier(nomination, today=today or clock.today(), check_period=True)
    nomination.creation_token = creation_token or None
    _save_unique(nomination, actor=actor)
    return nomination


class DuplicateNomination(ValidationError):
    """Another open dossier holds the nominee, award type and period (400).

    `existing` is that dossier; `url` its page when the actor may open it."""

    def __init__(self, message: str, *, field: str, existing: Nomination, url: str) -> None:
        # The API's answer carries the page's address; a page shows a link instead.
        link = " " + _("Xem hồ sơ: %(url)s") % {"url": settings.PUBLIC_BASE_URL + url} if url else ""
        super().__init__({field: [message + link]})
        self.field = field
        self.page_message = message
        self.existing = existing
        self.url = url


def _refuse_duplicate(nomination: Nomination, *, actor: Any) -> None:
    """Raise DuplicateNomination when another open dossier holds the same slot."""
    existing = open_duplicate_of(nomination)
    if existing is None:
        return
    visible = nominations_visible_to(actor).filter(pk=existing.pk).exists()
    url = f"/nominations/{existing.pk}/" if visible else ""
    nominee = nomination.nominee
    values = {
        "name": nominee.full_name if nomination.nominee_person_id else nominee.name,
        "ref": existing.reference,
        "award": nomination.award_type.name,
        "period": nomination.period.name,
        "status": S(existing.status).label,
        "unit": existing.proposing_organization.name,
    }
    message = (
        _(
            "%(name)s đã có hồ sơ %(ref)s (%(award)s, %(period)s) do %(unit)s lập, đang ở trạng thái "
            "“%(status)s”: mỗi đối tượng chỉ có một hồ sơ cho một hình thức trong một đợt."
        )
        % values
    )
    field = "nominee_person" if nomination.nominee_person_id else "nominee_organization"
    raise DuplicateNomination(message, field=field, existing=existing, url=url)


def _save_unique(nomination: Nomination, *, actor: Any) -> None:
    """Save under the one-open-dossier rule; the database settles a race.

    Checked first for a clear message; two saves at once both pass the check on
    PostgreSQL, and the unique index refuses the second (IntegrityError), which
    then finds the first and says so.
    """
    with transaction.atomic():
        _refuse_duplicate(nomination, actor=actor)
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            _refuse_used_token(nomination, actor=actor)
            _refuse_duplicate(nomination, actor=actor)
            raise


def _refuse_used_token(nomination: Nomination, *, actor: Any) -> None:
    token = nomination.creation_token
    earlier = Nomination.objects.filter(creation_token=token).first() if token else None
    if earlier is None:
        return
    if earlier.created_by_id == actor.pk:
        raise AlreadyCreated(earlier)
    raise ValidationError({"detail": [_("Biểu mẫu không hợp lệ; vui lòng tải lại trang.")]})


class AlreadyCreated(Exception):
    """The same one-time form token already created this nomination."""

    def __init__(self, nomination: Nomination) -> None:
        super().__init__(nomination.reference)
        self.nomination = nomination


def nomination_update(
    *, nomination: Nomination, actor: Any, changes: dict[str, Any], today: datetime.date | None = None
) -> Nomination:
    """Change a draft or returned dossier (its unit only); same rules as creation.

    Choosing a person clears the organization and the other way round.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Không được sửa trường này.")] for name in sorted(unknown)})
    with transaction.atomic():
        locked = _lock(nomination)
        _require_unit(actor, locked)
        _require_editable(locked)
        if changes.get("nominee_person") is not None:
            changes.setdefault("nominee_organization", None)
        if changes.get("nominee_organization") is not None:
            changes.setdefault("nominee_person", None)
        for name, value in changes.items():
            if name in ("achievements", "ground"):
                value = _clean_text(value, field=name, max_length=20000 if name == "achievements" else 100)
            setattr(locked, name, value)
        _validate_dossier(locked, today=today or clock.today(), check_period="period" in changes)
        _save_unique(locked, actor=actor)
    return _sync(nomination, locked)


def _require_editable(locked: Nomination) -> None:
    if locked.status not in workflow.EDITABLE:
        raise ConflictError(
            _(
                "Chỉ sửa được hồ sơ ở trạng thái “Dự thảo” hoặc “Trả lại”; hồ sơ này đang ở trạng thái “%(status)s”."
            )
            % {"status": S(locked.status).label}
        )


def nomination_delete(*, nomination: Nomination, actor: Any) -> None:
    """Delete a draft that never left its unit (its unit only), with its documents.

    A nomination with history (a returned one) is refused with 409: its events
    are the audit trail and are never deleted; withdraw it instead.
    """
    with transaction.atomic():
        locked = _lock(nomination)
        _require_unit(actor, locked)
        if locked.status != S.DRAFT or locked.events.exists():
            if locked.status == S.RETURNED:
                raise ConflictError(
                    _("Hồ sơ đã được nộp và trả lại nên có lịch sử xử lý, không thể xóa; hãy rút hồ sơ.")
                )
            raise ConflictError(
                _("Chỉ xóa được hồ sơ dự thảo chưa từng nộp; hồ sơ này đang ở trạng thái “%(status)s”.")
                % {"status": S(locked.status).label}
            )
        names = list(locked.attachments.values_list("file", flat=True))
        try:
            with transaction.atomic():
                locked.attachments.all().delete()
                locked.delete()
        except ProtectedError as exc:
            # Referenced elsewhere (an agenda, a decision): keep it.
            raise ConflictError(
                _("Hồ sơ đang được sử dụng ở nơi khác, không thể xóa; hãy rút hồ sơ.")
            ) from exc
        transaction.on_commit(lambda: _delete_files(names), robust=True)


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


# --- workflow actions ---------------------------------------------------------------------------


def nomination_submit(
    *, nomination: Nomination, actor: Any, today: datetime.date | None = None
) -> Nomination:
    """draft/returned → submitted, by the proposing unit.

    Refuses (400) when a document kind required by the rule set in force is
    missing, naming the kinds, and a first submission outside the period's
    dates (a returned dossier may come back after the deadline: staff asked
    for it). Records the rule set and the time; e-mails staff after commit.
    """
    with transaction.atomic():
        locked = _lock(nomination)
        _require_unit(actor, locked)
        workflow.check_action(locked.status, "submit")
        if locked.status == S.DRAFT:
            _check_period_open(locked.period, today=today or clock.today())
        _refuse_duplicate(locked, actor=actor)
        rule_set = eligibility.rule_set_for(award_type=locked.award_type, period=locked.period)
        present = set(locked.attachments.values_list("kind", flat=True))
        missing = [kind for kind in rule_set.required_documents or [] if kind not in present]
        if missing:
            names = ", ".join(_document_label(kind) for kind in missing)
            raise ValidationError(
                {"attachments": [_("Hồ sơ còn thiếu tài liệu bắt buộc: %(kinds)s.") % {"kinds": names}]}
            )
        locked.rule_set = rule_set
        locked.submitted_at = clock.now()
        _move(locked, to=S.SUBMITTED, actor=actor, update_fields=("rule_set", "submitted_at"))
        notifications.notify_submitted(locked)
    return _sync(nomination, locked)


def _document_label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def nomination_return(*, nomination: Nomination, actor: Any, reason: str) -> Nomination:
    """submitted → returned, by staff, with a reason (required); e-mails the unit's heads."""
    roles.require(actor, Role.STAFF)
    reason = _clean_text(reason, field="reason", max_length=5000)
    if not reason:
        raise ValidationError({"reason": [_("Cần nêu lý do trả lại hồ sơ.")]})
    with transaction.atomic():
        locked = _lock(nomination)
        workflow.check_action(locked.status, "return")
        locked.return_reason = reason
        _move(locked, to=S.RETURNED, actor=actor, comment=reason, update_fields=("return_reason",))
        notifications.notify_returned(locked, reason=reason)
    return _sync(nomination, locked)


def nomination_verify(
    *, nomination: Nomination, actor: Any, note: str = "", override_reason: str = ""
) -> Nomination:
    """submitted → verified, by staff, after the eligibility engine.

    - refuses (409) a second nomination holding the same nominee's achievement
      for the period (Law Art. 5(2)(c)); no override;
    - refuses (409) an ineligible nominee unless `override_reason` is given,
      which is recorded on the nomination and the event;
    - stores the engine's result on the nomination and the event;
    - binds the initiatives it counted to this nomination (Công văn
      5007/BNV-TĐKT: an initiative counts once), 409 if another took one;
    - e-mails the unit's heads after commit.
    """
    roles.require(actor, Role.STAFF)
    note = _clean_text(note, field="note", max_length=5000)
    override_reason = _clean_text(override_reason, field="override_reason", max_length=5000)
    with transaction.atomic():
        locked = _lock(nomination)
        workflow.check_action(locked.status, "verify")
        rule_set = eligibility.rule_set_for(award_type=locked.award_type, period=locked.period)
        subject = _lock_subject(locked)
        _refuse_second_dossier_for_the_achievement(locked)
        result = _judged_for_verification(locked, subject, override_reason)
        overridden = not result.eligible
        initiative_ids = sorted(set(result.initiative_ids))
        _bind_initiatives(locked, initiative_ids)
        outcome = eligibility.describe(result)
        locked.rule_set = rule_set
        locked.eligibility = outcome
        locked.override_reason = override_reason if overridden else ""
        data = {"eligibility": outcome, "initiative_ids": initiative_ids}
        if overridden:
            data["override_reason"] = override_reason
        _move(
            locked,
            to=S.VERIFIED,
            actor=actor,
            comment=note,
            data=data,
            update_fields=("rule_set", "eligibility", "override_reason"),
        )
        notifications.notify_verified(locked, note=note)
    return _sync(nomination, locked)


def _refuse_second_dossier_for_the_achievement(locked: Nomination) -> None:
    """One achievement, one award (Law Art. 5(2)(c)): no override."""
    key = subject_key(locked)
    others = open_nominations_for(
        period=locked.period_id, subject_keys={key}, exclude_nomination_ids=[locked.pk]
    ).get(key)
    if others:
        raise ConflictError(
            _(
                "%(name)s đã có hồ sơ %(refs)s cho thành tích của đợt này: mỗi thành tích chỉ được đề nghị "
                "một hình thức khen thưởng (Điều 5 Luật Thi đua, khen thưởng)."
            )
            % {"name": locked.nominee_name, "refs": ", ".join(others)}
        )


def _judged_for_verification(
    locked: Nomination, subject: Any, override_reason: str
) -> eligibility.EligibilityResult:
    """The engine's result; an ineligible nominee passes only with a reason to override."""
    with official_language():  # the result is stored with the dossier
        result = eligibility.evaluate(
            award_type=locked.award_type,
            subject=subject,
            period=locked.period,
            ground=locked.ground,
            exclude_nomination_id=locked.pk,
        )
    if not result.eligible and not override_reason:
        # Each detail is a sentence of its own ("… ✗."): joined without doubled stops.
        failed = "; ".join((c.detail or c.code).rstrip(" .") for c in result.checks if not c.passed)
        raise ConflictError(
            _("Đối tượng chưa đủ điều kiện: %(failed)s. Chỉ thẩm định được khi nêu lý do vượt điều kiện.")
            % {"failed": failed or _("không đạt tiêu chuẩn")}
        )
    return result


def _lock_subject(locked: Nomination) -> Person | Organization:
    """Lock the nominee's row: two verifications of one nominee queue here, so
    the "one achievement, one award" check cannot be passed by both."""
    if locked.nominee_person_id:
        return Person.objects.select_for_update().get(pk=locked.nominee_person_id)
    return Organization.objects.select_for_update().get(pk=locked.nominee_organization_id)


def _bind_initiatives(locked: Nomination, initiative_ids: list[int]) -> None:
    if not initiative_ids:
        return
    # Conditional update: an initiative free (or already ours) is bound; one
    # another nomination took meanwhile is not, and the count tells.
    bound = Initiative.objects.filter(
        Q(used_by_nomination_id__isnull=True) | Q(used_by_nomination_id=locked.pk), pk__in=initiative_ids
    ).update(used_by_nomination_id=locked.pk, used_by_reference=locked.reference)
    if bound != len(initiative_ids):
        taken = Initiative.objects.filter(pk__in=initiative_ids).exclude(used_by_nomination_id=locked.pk)
        refs = ", ".join(sorted({i.used_by_reference or str(i.used_by_nomination_id) for i in taken}))
        raise ConflictError(
            _("Sáng kiến đã được dùng cho hồ sơ %(refs)s: mỗi sáng kiến chỉ được tính một lần.")
            % {"refs": refs}
        )


def nomination_confirm(*, nomination: Nomination, actor: Any, comment: str = "") -> Nomination:
    """verified → approved by staff, for award types whose rule set needs no vote."""
    roles.require(actor, Role.STAFF)
    comment = _clean_text(comment, field="comment", max_length=5000)
    with transaction.atomic():
        locked = _lock(nomination)
        workflow.check_action(locked.status, "confirm")
        rule_set = rule_set_of(locked) or eligibility.rule_set_for(
            award_type=locked.award_type, period=locked.period
        )
        if rule_set.review_body != ReviewBody.NONE:
            raise ConflictError(
                _("“%(award)s” phải được %(body)s xét; không xác nhận trực tiếp được.")
                % {"award": locked.award_type.name, "body": rule_set.get_review_body_display()}
            )
        _move(locked, to=S.APPROVED, actor=actor, comment=comment)
        with official_language():
            body = _("Ban Thi đua - Khen thưởng")
        notifications.notify_outcome(locked, approved=True, body=body)
    return _sync(nomination, locked)


def nomination_withdraw(*, nomination: Nomination, actor: Any, comment: str = "") -> Nomination:
    """draft/submitted/returned/verified → withdrawn, by the proposing unit.

    Refused (409) while the nomination is on the agenda of an open session
    (members may be voting on it). Frees the initiatives it counted.
    """
    comment = _clean_text(comment, field="comment", max_length=5000)
    with transaction.atomic():
        locked = _lock(nomination)
        _require_unit(actor, locked)
        workflow.check_action(locked.status, "withdraw")
        if locked.agenda_items.filter(session__status=SessionStatus.OPEN).exists():
            raise ConflictError(
                _("Hồ sơ đang được Hội đồng xét trong phiên họp đang diễn ra, không thể rút.")
            )
        _move(locked, to=S.WITHDRAWN, actor=actor, comment=comment)
    return _sync(nomination, locked)


# --- documents ------------------------------------------------------------------------------------


def attachment_add(
    *, nomination: Nomination, actor: Any, kind: str, upload: IO[bytes], filename: str, size: int
) -> Attachment:
    """Store a PDF document of the dossier, under a generated name; records its SHA-256.

    Checked by content (attachments.check_pdf: 400/413), at most
    ATTACHMENT_MAX_FILES per nomination, only in draft/returned by its unit.
    The file is written before the row's transaction (no lock held during
    slow I/O) and removed again if the row is refused.
    """
    _require_unit(actor, nomination)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Loại tài liệu không hợp lệ.")]})
    _require_editable(nomination)
    checked = attachments.check_pdf(upload, filename=filename, size=size)
    stored = default_storage.save(attachment_path(None, ""), upload)
    try:
        with transaction.atomic():
            locked = _lock(nomination)
            _require_unit(actor, locked)
            _require_editable(locked)
            attachments.check_count(locked.attachments.count())
            attachment = Attachment(
                nomination=locked,
                kind=kind,
                filename=checked.filename,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
            )
            attachment.file.name = stored
            attachment.save()
            # The dossier changed: lists ordered by updated_at see it.
            locked.save(update_fields=["updated_at"])
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, actor: Any) -> None:
    """Remove a document (its unit, draft/returned); the file goes after commit."""
    with transaction.atomic():
        locked = _lock(attachment.nomination)
        _require_unit(actor, locked)
        _require_editable(locked)
        name = attachment.file.name
        Attachment.objects.filter(pk=attachment.pk, nomination=locked).delete()
        locked.save(update_fields=["updated_at"])
        transaction.on_commit(lambda: _delete_files([name]), robust=True)
