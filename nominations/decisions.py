"""Commendation decisions: drafting, issuing, and revoking an award (docs/architecture.md, "Decisions").

An issued decision is frozen: amounts, total and total in words are stored,
award records are written to the register, the certificates app creates the
certificates (it listens to `decision_issued`; nominations never imports it),
and the nominations become awarded. Nothing of an issued decision is edited or
deleted; a later act revokes an award (Law 06/2022 Art. 93).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards import clock, roles
from awards.enums import OrganizationKind, RecordSource, Role
from awards.errors import ConflictError
from awards.models import AwardRecord, AwardType, BaseSalary, Period, User
from awards.money import amount_in_words, reward_amount
from awards.text import has_forbidden_characters, normalize_text, official_language
from nominations import notifications
from nominations.council import rule_set_of
from nominations.enums import DecisionEventKind, DecisionStatus, ItemOutcome, NominationStatus, SessionStatus
from nominations.models import AgendaItem, Decision, DecisionEvent, DecisionItem, Nomination
from nominations.selectors import decisions_visible_to  # the read rules live in selectors
from nominations.services import nomination_transition, nominations_transition, share_rules
from nominations.signals import decision_issued

__all__ = [
    "decision_create",
    "decision_delete",
    "decision_issue",
    "decision_return",
    "decision_unverified_figures",
    "decision_update",
    "decisions_visible_to",
    "nomination_revoke",
    "nomination_reward",
    "position_and_unit",
    "unit_path",
    "validate_decision",
]

_FIELDS = (
    "number",
    "signed_on",
    "signer_name",
    "signer_title",
    "authority",
    "place",
    "citation",
    "legal_bases",
    "award_type",
    "period",
    "proposal_number",
    "proposal_date",
    "proposer",
)
_PROPOSAL_FIELDS = ("proposal_number", "proposer")


def unit_path(organization: Any) -> str:
    """The unit and its parents up to, not including, the issuing authority:
    'Phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh' (never the parent instead of the unit)."""
    names = []
    while organization is not None and organization.kind != OrganizationKind.AUTHORITY:
        names.append(organization.name)
        organization = organization.parent
    return ", ".join(names)


def position_and_unit(position: str, unit: str) -> str:
    """'Phó Chánh Văn phòng' + 'Văn phòng Ủy ban nhân dân tỉnh' → 'Phó Chánh Văn phòng Ủy ban nhân dân tỉnh':
    the words a position shares with the start of its unit are written once."""
    if not position or not unit:
        return position or unit
    pos_words, unit_words = position.split(), unit.split()
    for k in range(min(len(pos_words), len(unit_words)), 0, -1):
        if [w.lower() for w in pos_words[-k:]] == [w.lower() for w in unit_words[:k]]:
            return " ".join(pos_words + unit_words[k:])
    return f"{position} {unit}"


def _require_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise ConflictError(
            _("Quyết định số %(n)s đã ban hành: không được sửa hoặc xóa.") % {"n": decision.number}
        )


def _number_taken(*, authority: str, year: int, number: str, exclude_pk: int | None) -> bool:
    taken = Decision.objects.filter(authority=authority, year=year, number=number).exclude(
        status=DecisionStatus.DRAFT
    )
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return taken.exists()


def approving_session_date(nominations: Iterable[Nomination]) -> datetime.date | None:
    """The latest closed session that approved one of the nominations: a decision
    cannot be signed before the council (or its board) voted."""
    dates = AgendaItem.objects.filter(
        nomination__in=list(nominations),
        outcome=ItemOutcome.APPROVED,
        session__status=SessionStatus.CLOSED,
    ).values_list("session__meeting_date", flat=True)
    return max(dates, default=None)


def _signing_errors(
    signed_on: datetime.date | None, period: Period, nominations: list[Nomination]
) -> list[str]:
    if signed_on is None:
        return []
    errors = []
    if signed_on < period.opens_on:
        errors.append(
            _("Ngày ký không được trước ngày bắt đầu đợt khen thưởng (%(d)s).")
            % {"d": period.opens_on.strftime("%d/%m/%Y")}
        )
    session_day = approving_session_date(nominations)
    if session_day is not None and signed_on < session_day:
        errors.append(
            _("Ngày ký %(s)s trước ngày Hội đồng họp xét (%(d)s): quyết định ký sau khi Hội đồng biểu quyết.")
            % {"s": signed_on.strftime("%d/%m/%Y"), "d": session_day.strftime("%d/%m/%Y")}
        )
    return errors


def _proposal_errors(fields: dict[str, Any], signed_on: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in _PROPOSAL_FIELDS:
        if has_forbidden_characters(fields.get(name) or ""):
            errors[name] = [_("Có ký tự điều khiển không được phép (ví dụ ký tự đảo chiều văn bản).")]
    proposal_date = fields.get("proposal_date")
    if proposal_date is not None and signed_on is not None and proposal_date > signed_on:
        errors["proposal_date"] = [_("Ngày tờ trình không được sau ngày ký quyết định.")]
    if fields.get("proposal_number") and proposal_date is None:
        errors["proposal_date"] = [_("Cần nhập ngày của tờ trình.")]
    return errors


def _live_elsewhere(nominations: list[Nomination], decision: Decision | None) -> dict[int, Decision]:
    """Nomination id → the other live (draft or issued) decision it sits on."""
    items = (
        DecisionItem.objects.filter(nomination__in=nominations, revoked_on__isnull=True)
        .exclude(decision__status=DecisionStatus.REVOKED)
        .select_related("decision")
    )
    if decision is not None and decision.pk:
        items = items.exclude(decision=decision)
    return {item.nomination_id: item.decision for item in items}


def _elsewhere_message(nomination: Nomination, other: Decision) -> str:
    label = nomination.reference or str(nomination.pk)
    if other.status == DecisionStatus.DRAFT:
        return _("Hồ sơ %(ref)s đã có trong dự thảo quyết định số %(n)s (mã %(id)s).") % {
            "ref": label,
            "n": other.number,
            "id": other.pk,
        }
    return _("Hồ sơ %(ref)s đã có trong quyết định số %(n)s (mã %(id)s).") % {
        "ref": label,
        "n": other.number,
        "id": other.pk,
    }


def _nomination_errors(
    nominations: list[Nomination], award_type: AwardType, period: Period, decision: Decision | None
) -> list[str]:
    errors = []
    elsewhere = _live_elsewhere(nominations, decision)
    for nomination in nominations:
        label = nomination.reference or str(nomination.pk)
        if nomination.award_type_id != award_type.pk:
            errors.append(
                _("Hồ sơ %(ref)s là “%(other)s”: một quyết định chỉ gồm hồ sơ cùng hình thức “%(award)s”.")
                % {"ref": label, "other": nomination.award_type.name, "award": award_type.name}
            )
        elif nomination.status != NominationStatus.APPROVED:
            errors.append(
                _("Hồ sơ %(ref)s chưa được đề nghị khen thưởng (trạng thái “%(s)s”).")
                % {"ref": label, "s": nomination.get_status_display()}
            )
        elif nomination.period_id != period.pk:
            errors.append(_("Hồ sơ %(ref)s thuộc đợt khen thưởng khác.") % {"ref": label})
        elif nomination.pk in elsewhere:
            errors.append(_elsewhere_message(nomination, elsewhere[nomination.pk]))
    return errors


def validate_decision(
    *,
    number: str,
    signed_on: datetime.date,
    authority: str,
    award_type: AwardType,
    period: Period,
    nominations: Iterable[Nomination],
    decision: Decision | None = None,
    proposal: dict[str, Any] | None = None,
) -> list[Nomination]:
    """The checks of a draft, shared by the API, the pages and the admin. Raises
    ValidationError (400) for bad input and ConflictError (409) for a number
    already used by an issued decision."""
    nominations = list(dict.fromkeys(nominations))
    errors: dict[str, list[str]] = _proposal_errors(proposal or {}, signed_on)
    if not normalize_text(number or ""):
        errors.setdefault("number", []).append(_("Cần nhập số quyết định."))
    if not normalize_text(authority or ""):
        errors.setdefault("authority", []).append(_("Cần nhập cơ quan ban hành."))
    signing = _signing_errors(signed_on, period, nominations)
    if signing:
        errors.setdefault("signed_on", []).extend(signing)
    if not nominations:
        errors.setdefault("nominations", []).append(_("Quyết định cần ít nhất một hồ sơ."))
    wrong = _nomination_errors(nominations, award_type, period, decision)
    if wrong:
        errors.setdefault("nominations", []).extend(wrong)
    if errors:
        raise ValidationError(errors)
    if _number_taken(
        authority=normalize_text(authority),
        year=signed_on.year,
        number=normalize_text(number),
        exclude_pk=decision.pk if decision is not None else None,
    ):
        raise ConflictError(
            _("Số quyết định %(n)s đã được %(a)s dùng trong năm %(y)s.")
            % {"n": number, "a": authority, "y": signed_on.year}
        )
    return nominations


def _set_items(decision: Decision, nominations: list[Nomination]) -> None:
    """Write the annex. The database's one-live-decision-per-nomination constraint
    settles a race between two drafts (PostgreSQL: the second insert waits for the
    first commit, then fails): the loser gets a 400 naming the winner."""
    decision.items.all().delete()
    try:
        with transaction.atomic():
            DecisionItem.objects.bulk_create(
                DecisionItem(decision=decision, nomination=n, position=i)
                for i, n in enumerate(nominations, start=1)
            )
    except IntegrityError as exc:
        elsewhere = _live_elsewhere(nominations, decision)
        messages = [_elsewhere_message(n, elsewhere[n.pk]) for n in nominations if n.pk in elsewhere]
        raise ValidationError(
            {"nominations": messages or [_("Một hồ sơ vừa được đưa vào quyết định khác.")]}
        ) from exc


def _event(decision: Decision, kind: str, actor: User, comment: str = "", **data: Any) -> DecisionEvent:
    return DecisionEvent.objects.create(decision=decision, kind=kind, actor=actor, comment=comment, data=data)


def decision_create(
    *,
    actor: User,
    number: str,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
    authority: str,
    award_type: AwardType,
    period: Period,
    nominations: Iterable[Nomination],
    place: str = "",
    citation: str = "",
    legal_bases: str = "",
    proposal_number: str = "",
    proposal_date: datetime.date | None = None,
    proposer: str = "",
) -> Decision:
    """Draft a decision (staff) for approved nominations of one award type; the
    annex follows the order of `nominations`. `proposal_*` and `proposer` name
    the proposal it answers ("Xét đề nghị của … tại Tờ trình số … ngày …")."""
    roles.require(actor, Role.STAFF)
    proposal = {"proposal_number": proposal_number, "proposal_date": proposal_date, "proposer": proposer}
    with transaction.atomic():
        nominations = validate_decision(
            number=number,
            signed_on=signed_on,
            authority=authority,
            award_type=award_type,
            period=period,
            nominations=nominations,
            proposal=proposal,
        )
        decision = Decision.objects.create(
            **proposal,
            number=number,
            signed_on=signed_on,
            signer_name=signer_name,
            signer_title=signer_title,
            authority=authority,
            place=place,
            citation=citation,
            legal_bases=legal_bases,
            award_type=award_type,
            period=period,
            created_by=actor,
        )
        _set_items(decision, nominations)
        _event(decision, DecisionEventKind.DRAFTED, actor, nominations=[n.pk for n in nominations])
        notifications.notify_decision_awaiting(decision)
    return decision


def decision_update(*, decision: Decision, actor: User, **changes: Any) -> Decision:
    """Change a draft (staff); an issued decision answers 409."""
    roles.require(actor, Role.STAFF)
    unknown = set(changes) - {*_FIELDS, "nominations"}
    if unknown:
        raise ValidationError(
            {"detail": _("Trường không thể sửa: %(f)s.") % {"f": ", ".join(sorted(unknown))}}
        )
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        _require_draft(decision)
        for name in _FIELDS:
            if name in changes:
                setattr(decision, name, changes[name])
        if "nominations" in changes:
            nominations = list(changes["nominations"])
        else:
            nominations = [
                item.nomination for item in decision.items.select_related("nomination__award_type")
            ]
        nominations = validate_decision(
            number=decision.number,
            signed_on=decision.signed_on,
            authority=decision.authority,
            award_type=decision.award_type,
            period=decision.period,
            nominations=nominations,
            decision=decision,
            proposal={name: getattr(decision, name) for name in (*_PROPOSAL_FIELDS, "proposal_date")},
        )
        resubmitted = bool(decision.returned_comment)
        decision.returned_comment = ""
        decision.save()
        if "nominations" in changes:
            _set_items(decision, nominations)
        if resubmitted:
            # Staff changed a returned draft: it goes back to the chairman.
            _event(decision, DecisionEventKind.RESUBMITTED, actor, fields=sorted(changes))
    return decision


def decision_return(*, decision: Decision, actor: User, comment: str) -> Decision:
    """The chairman sends a draft back to staff with a comment (it stays a draft,
    marked returned until staff change it); an issued decision answers 409."""
    roles.require(actor, Role.CHAIRMAN, message=_("Chỉ Chủ tịch (người ký) được trả lại dự thảo."))
    comment = normalize_text(comment or "")
    if not comment:
        raise ValidationError({"comment": [_("Cần nêu ý kiến khi trả lại dự thảo.")]})
    if len(comment) > 5000:
        raise ValidationError({"comment": [_("Ý kiến quá dài (tối đa 5.000 ký tự).")]})
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != DecisionStatus.DRAFT:
            raise ConflictError(
                _("Quyết định số %(n)s đã ban hành: không thể trả lại.") % {"n": decision.number}
            )
        decision.returned_comment = comment
        decision.save(update_fields=["returned_comment", "updated_at"])
        _event(decision, DecisionEventKind.RETURNED, actor, comment)
        notifications.notify_decision_returned(decision, reason=comment)
    return decision


# What issuing and pricing never read of a dossier: long texts and the appraisal's JSON.
_UNREAD = ("achievements", "eligibility", "override_reason", "return_reason", "search_key")


def _items_with_rules(decision: Decision) -> list[DecisionItem]:
    """The annex in order, each nomination with what pricing reads (`share_rules`:
    one award type, period and rule set object per id, not a decoded copy per line)."""
    items = list(
        decision.items.select_related("nomination")
        .defer(*(f"nomination__{name}" for name in _UNREAD))
        .order_by("position", "id")
    )
    share_rules([item.nomination for item in items], known=(decision.award_type, decision.period))
    return items


def decision_unverified_figures(decision: Decision, items=None) -> list[tuple[str, str]]:
    """The unverified figures the decision uses: each item's reward multiple."""
    found: dict[tuple[str, str], None] = {}
    if items is None:
        items = _items_with_rules(decision)
    labels_of: dict[int, dict] = {}  # per rule set, not per line
    for item in items:
        rule_set = rule_set_of(item.nomination)
        if rule_set is None:
            continue
        # The money is what the decision decides; unverified grounds are a catalogue warning.
        name = rule_set.multiple_field_for(item.nomination.recipient_kind)
        if rule_set.pk not in labels_of:
            labels_of[rule_set.pk] = rule_set.unverified_figures_by_name()
        if name in labels_of[rule_set.pk]:
            found[labels_of[rule_set.pk][name]] = None
    return list(found)


def decision_delete(*, decision: Decision, actor: User) -> None:
    """Delete a draft (staff); an issued decision answers 409."""
    roles.require(actor, Role.STAFF)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        _require_draft(decision)
        decision.delete()


def nomination_reward(nomination: Nomination, base_salary: int) -> tuple[Decimal, int] | None:
    """(multiple, amount) of the award: the rule set's multiple for the recipient kind × the
    base salary, rounded up to 10,000 đ (Decree 152/2025 Art. 49); None without a rule set.
    The one computation behind issuing and the draft decision's printed amounts."""
    rule_set = rule_set_of(nomination)
    if rule_set is None:
        return None
    multiple = rule_set.reward_multiple_for(nomination.recipient_kind)
    return multiple, reward_amount(base_salary, multiple)


def _check_issuable(
    decision: Decision, items: list[DecisionItem], *, confirm_unverified: bool
) -> list[tuple[str, str]]:
    """Refusals before issuing, on the locked row; returns the unverified figures confirmed."""
    if decision.status != DecisionStatus.DRAFT:
        raise ConflictError(_("Quyết định số %(n)s đã được ban hành.") % {"n": decision.number})
    if decision.returned_comment:
        raise ConflictError(_("Dự thảo đã được trả lại cán bộ để sửa; chờ cán bộ trình lại."))
    if decision.signed_on > clock.today():
        raise ValidationError(
            {
                "signed_on": [
                    _(
                        "Ngày ký %(d)s sau ngày hôm nay: không ban hành quyết định ghi ngày ký trong tương lai."
                    )
                    % {"d": decision.signed_on.strftime("%d/%m/%Y")}
                ]
            }
        )
    signing = _signing_errors(decision.signed_on, decision.period, [item.nomination for item in items])
    if signing:
        raise ValidationError({"signed_on": signing})
    if _number_taken(
        authority=decision.authority, year=decision.year, number=decision.number, exclude_pk=decision.pk
    ):
        raise ConflictError(
            _("Số quyết định %(n)s đã được %(a)s dùng trong năm %(y)s.")
            % {"n": decision.number, "a": decision.authority, "y": decision.year}
        )
    unverified = decision_unverified_figures(decision, items)
    if unverified and not confirm_unverified:
        listed = "; ".join(f"{label} ({source})" for label, source in unverified)
        raise ValidationError(
            {
                "confirm_unverified": [
                    _(
                        "Quyết định dùng số liệu chưa đối chiếu văn bản: %(list)s. "
                        "Cần xác nhận rõ ràng trước khi ban hành."
                    )
                    % {"list": listed}
                ]
            }
        )
    return unverified


def _freeze_amounts(decision: Decision, items: list[DecisionItem], salary_amount: int) -> int:
    total = 0
    for item in items:
        nomination = item.nomination
        label = nomination.reference  # every saved dossier has one
        if nomination.status != NominationStatus.APPROVED:
            raise ConflictError(
                _("Hồ sơ %(ref)s không còn ở trạng thái “được đề nghị khen thưởng”.") % {"ref": label}
            )
        if nomination.award_type_id != decision.award_type_id:
            raise ConflictError(_("Hồ sơ %(ref)s khác hình thức khen thưởng.") % {"ref": label})
        reward = nomination_reward(nomination, salary_amount)
        if reward is None:
            raise ConflictError(_("Không có bộ quy tắc áp dụng cho hồ sơ %(ref)s.") % {"ref": label})
        item.multiple, item.amount = reward
        total += item.amount
    # One UPDATE per distinct (multiple, amount), a handful whatever the annex's
    # length (a CASE per row in `bulk_update` was half of issuing's time).
    same_reward: dict[tuple[Decimal, int], list[int]] = {}
    for item in items:
        same_reward.setdefault((item.multiple, item.amount), []).append(item.pk)
    for (multiple, amount), pks in same_reward.items():
        DecisionItem.objects.filter(pk__in=pks).update(multiple=multiple, amount=amount)
    return total


def _write_register(decision: Decision, items: list[DecisionItem]) -> dict[int, int]:
    """The decision saved and one award record per line; returns nomination id → record id."""
    try:
        with transaction.atomic():
            # The partial unique constraint (authority, year, number) among
            # non-drafts settles a race between two decisions with one number.
            decision.save()
            records = AwardRecord.objects.bulk_create(
                AwardRecord(
                    person_id=item.nomination.nominee_person_id,
                    organization_id=item.nomination.nominee_organization_id,
                    award_type=decision.award_type,
                    year=item.nomination.period.year,
                    period=item.nomination.period,
                    decision_number=decision.number,
                    decision_date=decision.signed_on,
                    source=RecordSource.DECISION,
                    nomination_id=item.nomination_id,
                    reward_amount=item.amount or 0,
                )
                for item in items
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("Số quyết định %(n)s đã được dùng, hoặc hồ sơ đã có trong sổ khen thưởng.")
            % {"n": decision.number}
        ) from exc
    # Both databases return the new ids from a bulk insert: nothing to read back.
    return {record.nomination_id: record.pk for record in records}


def decision_issue(*, decision: Decision, actor: User, confirm_unverified: bool = False) -> Decision:
    """draft → issued (chairman), in one transaction with the decision row locked.

    Refusals: see `_check_issuable`. Side effects: amounts frozen (base salary on
    the signing date × multiple, rounded up to 10,000 đ), total in words, one
    AwardRecord per nomination, nominations awarded, `decision_issued` sent (the
    certificates app numbers certificates 1..N in annex order), timeline events.
    """
    roles.require(actor, Role.CHAIRMAN, message=_("Chỉ Chủ tịch (người ký) được ban hành quyết định."))
    with transaction.atomic():
        # The lock makes concurrent issues of one decision queue: the first
        # issues it, the others then find it issued (409).
        decision = (
            Decision.objects.select_for_update().select_related("award_type", "period").get(pk=decision.pk)
        )
        items = list(_items_with_rules(decision))
        unverified = _check_issuable(decision, items, confirm_unverified=confirm_unverified)
        salary = BaseSalary.in_force_on(decision.signed_on)
        if salary is None:
            raise ConflictError(
                _("Chưa có mức lương cơ sở áp dụng vào ngày ký %(d)s.")
                % {"d": decision.signed_on.strftime("%d/%m/%Y")}
            )
        if not items:
            raise ConflictError(_("Quyết định chưa có hồ sơ nào."))
        total = _freeze_amounts(decision, items, salary.amount)
        decision.base_salary = salary.amount
        decision.total_reward = total
        decision.total_in_words = amount_in_words(total)
        decision.status = DecisionStatus.ISSUED
        decision.issued_at = clock.now()
        decision.issued_by = actor
        records = _write_register(decision, items)
        if unverified:
            _record_confirmation(decision, items, actor)
        _event(decision, DecisionEventKind.ISSUED, actor, total=total)
        _award_nominations(decision, items, actor)
        decision_issued.send(sender=Decision, decision=decision, items=items, records=records, actor=actor)
        notifications.notify_awarded(decision, [item.nomination for item in items])
    return decision


def _record_confirmation(decision: Decision, items: list[DecisionItem], actor: User) -> None:
    """The chairman's confirmation of unverified figures, on the timeline in the official
    language: the figures' names too, whatever language the signer's page was in (the
    refusal before it named them in the page's language)."""
    with official_language():
        figures = decision_unverified_figures(decision, items)
        note = _("Chủ tịch xác nhận ban hành với số liệu chưa đối chiếu văn bản: %(list)s.") % {
            "list": "; ".join(f"{label} ({source})" for label, source in figures)
        }
    _event(
        decision,
        DecisionEventKind.CONFIRMED_UNVERIFIED,
        actor,
        note,
        figures=[{"figure": label, "source": source} for label, source in figures],
    )


def _award_nominations(decision: Decision, items: list[DecisionItem], actor: User) -> None:
    with official_language():
        comment = _("Quyết định số %(n)s ngày %(d)s") % {
            "n": decision.number,
            "d": decision.signed_on.strftime("%d/%m/%Y"),
        }
    amounts = {item.nomination_id: item.amount for item in items}
    nominations_transition(
        nominations=[item.nomination for item in items],
        to=NominationStatus.AWARDED,
        actor=actor,
        comment=comment,
        data_for=lambda nomination: {
            "decision": decision.pk,
            "number": decision.number,
            "amount": amounts[nomination.pk],
        },
    )


def nomination_revoke(
    *,
    nomination: Nomination,
    actor: User,
    reason: str,
    act_number: str,
    revoked_on: datetime.date | None = None,
) -> Nomination:
    """awarded → revoked (chairman: whoever can award can cancel, Law 06/2022 Art. 93).

    Side effects: the AwardRecord and the decision's line marked revoked with
    the act's number, date and reason (nothing deleted); the decision marked
    revoked once all its lines are; a NominationEvent with the act. The certificate
    needs no change: its status is read from the award record.
    """
    roles.require(
        actor, Role.CHAIRMAN, message=_("Chỉ Chủ tịch (người có thẩm quyền khen thưởng) được thu hồi.")
    )
    act = _revocation_act(reason=reason, act_number=act_number, revoked_on=revoked_on)
    with transaction.atomic():
        record = AwardRecord.objects.select_for_update().filter(nomination_id=nomination.pk).first()
        item = (
            DecisionItem.objects.select_for_update()
            .select_related("decision")
            .filter(
                nomination_id=nomination.pk,
                decision__status__in=[DecisionStatus.ISSUED, DecisionStatus.REVOKED],
            )
            .first()
        )
        # Locks the nomination and refuses (409) anything but awarded; checked on
        # the locked row, not on the caller's possibly stale copy. The state comes
        # first: an award already revoked is a conflict whatever the date sent.
        nomination = nomination_transition(
            nomination=nomination,
            to=NominationStatus.REVOKED,
            actor=actor,
            comment=act.comment(),
            data=act.data(),
        )
        if item is not None and act.revoked_on < item.decision.signed_on:
            raise ValidationError(
                {"revoked_on": [_("Ngày thu hồi không được trước ngày ký quyết định khen thưởng.")]}
            )
        if record is None or item is None:
            # An awarded nomination without its register line or decision line:
            # refuse (the transaction rolls the move back) rather than fail on None.
            raise ConflictError(_("Không tìm thấy quyết định khen thưởng của hồ sơ này trong sổ."))
        _mark_revoked(record, item, act)
        notifications.notify_revoked(nomination, act_number=act.number)
    return nomination


@dataclass(frozen=True)
class _RevocationAct:
    number: str
    revoked_on: datetime.date
    reason: str

    def data(self) -> dict[str, str]:
        return {"act_number": self.number, "revoked_on": self.revoked_on.isoformat(), "reason": self.reason}

    def comment(self) -> str:
        with official_language():
            return _("Thu hồi theo văn bản số %(act)s ngày %(d)s: %(reason)s") % {
                "act": self.number,
                "d": self.revoked_on.strftime("%d/%m/%Y"),
                "reason": self.reason,
            }


def _revocation_act(*, reason: str, act_number: str, revoked_on: datetime.date | None) -> _RevocationAct:
    """The act checked field by field (every error at once); no date means today, a later one is refused."""
    reason = normalize_text(reason or "")
    act_number = normalize_text(act_number or "")
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Cần nêu lý do thu hồi.")]
    if not act_number:
        errors["act_number"] = [_("Cần nhập số văn bản thu hồi.")]
    elif len(act_number) > 100:
        errors["act_number"] = [_("Số văn bản thu hồi quá dài (tối đa 100 ký tự).")]
    today = clock.today()
    revoked_on = revoked_on or today
    if revoked_on > today:
        errors["revoked_on"] = [_("Ngày thu hồi không được sau ngày hôm nay.")]
    if errors:
        raise ValidationError(errors)
    return _RevocationAct(number=act_number, revoked_on=revoked_on, reason=reason)


def _mark_revoked(record: AwardRecord, item: DecisionItem, act: _RevocationAct) -> None:
    """The register line and the decision line keep the act; the decision is revoked with its last line."""
    record.revoked = True
    record.revoked_on = act.revoked_on
    record.revocation_act = act.number
    record.revocation_reason = act.reason
    record.save(update_fields=["revoked", "revoked_on", "revocation_act", "revocation_reason", "updated_at"])
    item.revoked_on = act.revoked_on
    item.revocation_act = act.number
    item.revocation_reason = act.reason
    item.save(update_fields=["revoked_on", "revocation_act", "revocation_reason"])
    decision = item.decision
    if not decision.items.filter(revoked_on__isnull=True).exists():
        decision.status = DecisionStatus.REVOKED
        decision.save(update_fields=["status", "updated_at"])
