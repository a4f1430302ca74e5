"""Commendation decisions: drafting, issuing, and revoking an award (DESIGN.md, "Decisions").

An issued decision is frozen: amounts, total and total in words are stored,
award records are written to the register, the certificates app creates the
certificates (it listens to `decision_issued`; nominations never imports it),
and the nominations become awarded. Nothing of an issued decision is edited or
deleted; a later act revokes an award (Law 06/2022 Art. 93).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards import clock, roles
from awards.enums import RecordSource, Role
from awards.errors import ConflictError
from awards.models import AwardRecord, AwardType, BaseSalary, Period, User
from awards.money import amount_in_words, reward_amount
from awards.text import normalize_text, official_language
from nominations import notifications
from nominations.council import rule_set_of
from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import Decision, DecisionItem, Nomination
from nominations.services import nomination_transition
from nominations.signals import decision_issued, nomination_revoked

__all__ = [
    "decision_create",
    "decision_delete",
    "decision_issue",
    "decision_update",
    "decisions_visible_to",
    "nomination_revoke",
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
)


def decisions_visible_to(user: Any):
    """Staff and the chairman see every decision; nobody else sees any."""
    if roles.has_role(user, Role.STAFF, Role.CHAIRMAN):
        return Decision.objects.all()
    return Decision.objects.none()


def _require_staff(actor: Any) -> None:
    if not roles.is_staff(actor):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được soạn quyết định."))


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


def validate_decision(
    *,
    number: str,
    signed_on: datetime.date,
    authority: str,
    award_type: AwardType,
    period: Period,
    nominations: Iterable[Nomination],
    decision: Decision | None = None,
) -> list[Nomination]:
    """The checks of a draft, shared by the API and the admin. Raises ValidationError (400)
    for bad input and ConflictError (409) for a number already used by an issued decision."""
    nominations = list(dict.fromkeys(nominations))
    errors: dict[str, list[str]] = {}
    if not normalize_text(number or ""):
        errors.setdefault("number", []).append(_("Cần nhập số quyết định."))
    if not normalize_text(authority or ""):
        errors.setdefault("authority", []).append(_("Cần nhập cơ quan ban hành."))
    if signed_on is not None and signed_on < period.opens_on:
        errors.setdefault("signed_on", []).append(
            _("Ngày ký không được trước ngày bắt đầu đợt khen thưởng (%(d)s).")
            % {"d": period.opens_on.strftime("%d/%m/%Y")}
        )
    if not nominations:
        errors.setdefault("nominations", []).append(_("Quyết định cần ít nhất một hồ sơ."))
    elsewhere = set(
        DecisionItem.objects.filter(nomination__in=nominations)
        .exclude(decision__status=DecisionStatus.REVOKED)
        .exclude(decision=decision if decision is not None and decision.pk else None)
        .values_list("nomination_id", flat=True)
    )
    for nomination in nominations:
        label = nomination.reference or str(nomination.pk)
        if nomination.award_type_id != award_type.pk:
            errors.setdefault("nominations", []).append(
                _("Hồ sơ %(ref)s là “%(other)s”: một quyết định chỉ gồm hồ sơ cùng hình thức “%(award)s”.")
                % {"ref": label, "other": nomination.award_type.name, "award": award_type.name}
            )
        elif nomination.status != NominationStatus.APPROVED:
            errors.setdefault("nominations", []).append(
                _("Hồ sơ %(ref)s chưa được đề nghị khen thưởng (trạng thái “%(s)s”).")
                % {"ref": label, "s": nomination.get_status_display()}
            )
        elif nomination.period_id != period.pk:
            errors.setdefault("nominations", []).append(
                _("Hồ sơ %(ref)s thuộc đợt khen thưởng khác.") % {"ref": label}
            )
        elif nomination.pk in elsewhere:
            errors.setdefault("nominations", []).append(
                _("Hồ sơ %(ref)s đã có trong một quyết định khác.") % {"ref": label}
            )
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
    decision.items.all().delete()
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, nomination=n, position=i) for i, n in enumerate(nominations, start=1)
    )


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
) -> Decision:
    """Draft a decision (staff) for approved nominations of one award type; the
    annex follows the order of `nominations`."""
    _require_staff(actor)
    with transaction.atomic():
        nominations = validate_decision(
            number=number,
            signed_on=signed_on,
            authority=authority,
            award_type=award_type,
            period=period,
            nominations=nominations,
        )
        decision = Decision.objects.create(
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
        notifications.notify_decision_awaiting(decision)
    return decision


def decision_update(*, decision: Decision, actor: User, **changes: Any) -> Decision:
    """Change a draft (staff); an issued decision answers 409."""
    _require_staff(actor)
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
        )
        decision.save()
        if "nominations" in changes:
            _set_items(decision, nominations)
    return decision


def decision_delete(*, decision: Decision, actor: User) -> None:
    """Delete a draft (staff); an issued decision answers 409."""
    _require_staff(actor)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        _require_draft(decision)
        decision.delete()


def decision_issue(*, decision: Decision, actor: User) -> Decision:
    """draft → issued (chairman), in one transaction with the decision row locked.

    Side effects: each item's multiple and amount frozen (base salary in force
    on the signing date × the rule set's multiple, rounded up to 10,000 đ,
    Decree 152/2025 Art. 49); total and total in words stored; one AwardRecord
    per nomination; nominations approved → awarded; `decision_issued` sent
    (the certificates app creates certificates numbered 1..N in annex order).
    """
    if not roles.is_chairman(actor):
        raise PermissionDenied(_("Chỉ Chủ tịch (người ký) được ban hành quyết định."))
    with transaction.atomic():
        # The lock makes concurrent issues of one decision queue: the first
        # issues it, the others then find it issued (409).
        decision = (
            Decision.objects.select_for_update().select_related("award_type", "period").get(pk=decision.pk)
        )
        if decision.status != DecisionStatus.DRAFT:
            raise ConflictError(_("Quyết định số %(n)s đã được ban hành.") % {"n": decision.number})
        if _number_taken(
            authority=decision.authority, year=decision.year, number=decision.number, exclude_pk=decision.pk
        ):
            raise ConflictError(
                _("Số quyết định %(n)s đã được %(a)s dùng trong năm %(y)s.")
                % {"n": decision.number, "a": decision.authority, "y": decision.year}
            )
        salary = BaseSalary.in_force_on(decision.signed_on)
        if salary is None:
            raise ConflictError(
                _("Chưa có mức lương cơ sở áp dụng vào ngày ký %(d)s.")
                % {"d": decision.signed_on.strftime("%d/%m/%Y")}
            )
        items = list(
            decision.items.select_related(
                "nomination__award_type",
                "nomination__period",
                "nomination__rule_set",
                "nomination__nominee_person",
                "nomination__nominee_organization",
            ).order_by("position", "id")
        )
        if not items:
            raise ConflictError(_("Quyết định chưa có hồ sơ nào."))
        total = 0
        for item in items:
            nomination = item.nomination
            label = nomination.reference or str(nomination.pk)
            if nomination.status != NominationStatus.APPROVED:
                raise ConflictError(
                    _("Hồ sơ %(ref)s không còn ở trạng thái “được đề nghị khen thưởng”.") % {"ref": label}
                )
            if nomination.award_type_id != decision.award_type_id:
                raise ConflictError(_("Hồ sơ %(ref)s khác hình thức khen thưởng.") % {"ref": label})
            rule_set = rule_set_of(nomination)
            if rule_set is None:
                raise ConflictError(_("Không có bộ quy tắc áp dụng cho hồ sơ %(ref)s.") % {"ref": label})
            item.multiple = rule_set.reward_multiple_for(nomination.recipient_kind)
            item.amount = reward_amount(salary.amount, item.multiple)
            total += item.amount
        DecisionItem.objects.bulk_update(items, ["multiple", "amount"])
        decision.base_salary = salary.amount
        decision.total_reward = total
        decision.total_in_words = amount_in_words(total)
        decision.status = DecisionStatus.ISSUED
        decision.issued_at = clock.now()
        decision.issued_by = actor
        try:
            with transaction.atomic():
                # The partial unique constraint (authority, year, number) among
                # non-drafts settles a race between two decisions with one number.
                decision.save()
                AwardRecord.objects.bulk_create(
                    AwardRecord(
                        person=item.nomination.nominee_person,
                        organization=item.nomination.nominee_organization,
                        award_type=decision.award_type,
                        year=item.nomination.period.year,
                        period=item.nomination.period,
                        decision_number=decision.number,
                        decision_date=decision.signed_on,
                        source=RecordSource.DECISION,
                        nomination_id=item.nomination_id,
                    )
                    for item in items
                )
        except IntegrityError as exc:
            raise ConflictError(
                _("Số quyết định %(n)s đã được dùng, hoặc hồ sơ đã có trong sổ khen thưởng.")
                % {"n": decision.number}
            ) from exc
        with official_language():
            comment = _("Quyết định số %(n)s ngày %(d)s") % {
                "n": decision.number,
                "d": decision.signed_on.strftime("%d/%m/%Y"),
            }
        for item in items:
            item.nomination = nomination_transition(
                nomination=item.nomination,
                to=NominationStatus.AWARDED,
                actor=actor,
                comment=comment,
                data={"decision": decision.pk, "number": decision.number, "amount": item.amount},
            )
        decision_issued.send(sender=Decision, decision=decision, items=items, actor=actor)
        notifications.notify_awarded(decision, [item.nomination for item in items])
    return decision


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
    revoked once all its lines are; a NominationEvent with the act;
    `nomination_revoked` sent (the certificates app flips the certificate).
    """
    if not roles.is_chairman(actor):
        raise PermissionDenied(_("Chỉ Chủ tịch (người có thẩm quyền khen thưởng) được thu hồi."))
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
        if item is not None and revoked_on < item.decision.signed_on:
            raise ValidationError(
                {"revoked_on": [_("Ngày thu hồi không được trước ngày ký quyết định khen thưởng.")]}
            )
        data = {"act_number": act_number, "revoked_on": revoked_on.isoformat(), "reason": reason}
        with official_language():
            comment = _("Thu hồi theo văn bản số %(act)s ngày %(d)s: %(reason)s") % {
                "act": act_number,
                "d": revoked_on.strftime("%d/%m/%Y"),
                "reason": reason,
            }
        # Locks the nomination and refuses (409) anything but awarded; checked on
        # the locked row, not on the caller's possibly stale copy.
        nomination = nomination_transition(
            nomination=nomination, to=NominationStatus.REVOKED, actor=actor, comment=comment, data=data
        )
        if record is None or item is None:
            # An awarded nomination without its register line or decision line:
            # refuse (the transaction rolls the move back) rather than fail on None.
            raise ConflictError(_("Không tìm thấy quyết định khen thưởng của hồ sơ này trong sổ."))
        record.revoked = True
        record.revoked_on = revoked_on
        record.revocation_act = act_number
        record.revocation_reason = reason
        record.save(
            update_fields=["revoked", "revoked_on", "revocation_act", "revocation_reason", "updated_at"]
        )
        item.revoked_on = revoked_on
        item.revocation_act = act_number
        item.revocation_reason = reason
        item.save(update_fields=["revoked_on", "revocation_act", "revocation_reason"])
        decision = item.decision
        if not decision.items.filter(revoked_on__isnull=True).exists():
            decision.status = DecisionStatus.REVOKED
            decision.save(update_fields=["status", "updated_at"])
        notifications.notify_revoked(nomination, act_number=act_number)
        nomination_revoked.send(
            sender=Nomination,
            nomination=nomination,
            award_record=record,
            act_number=act_number,
            reason=reason,
            revoked_on=revoked_on,
            actor=actor,
        )
    return nomination
