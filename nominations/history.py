"""The nominations' part of a register history: every dossier, its timeline and its decision."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery

from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import DecisionItem, NominationEvent
from nominations.selectors import nominations_visible_to


def _issued_item(field: str) -> Subquery:
    items = DecisionItem.objects.filter(
        nomination_id=OuterRef("pk"), decision__status__in=[DecisionStatus.ISSUED, DecisionStatus.REVOKED]
    ).order_by("decision__signed_on", "id")
    return Subquery(items.values(field)[:1])


def _event(event: NominationEvent) -> dict[str, Any]:
    return {
        "from_status": event.from_status,
        "to_status": event.to_status,
        "to_status_label": str(NominationStatus(event.to_status).label),
        "at": event.at,
        "actor": str(event.actor),
        "comment": event.comment,
    }


def add_nominations(*, history: dict[str, Any], user: Any) -> None:
    """Two queries: the visible nominations with their decision, then their events."""
    subject = history["subject"]
    field = "nominee_person_id" if subject["kind"] == "person" else "nominee_organization_id"
    nominations = (
        nominations_visible_to(user)
        .filter(**{field: subject["id"]})
        .select_related("award_type", "period", "proposing_organization")
        .annotate(
            decision_pk=_issued_item("decision_id"),
            decision_no=_issued_item("decision__number"),
            decision_on=_issued_item("decision__signed_on"),
            decision_amount=_issued_item("amount"),
        )
        .prefetch_related(
            Prefetch("events", queryset=NominationEvent.objects.select_related("actor").order_by("at", "id"))
        )
        .order_by("-period__year", "-id")
    )
    decisions: dict[int, dict[str, Any]] = {}
    for n in nominations:
        decision = None
        if n.decision_pk:
            decision = {"id": n.decision_pk, "number": n.decision_no, "signed_on": n.decision_on}
            decisions[n.pk] = decision
        history["nominations"].append(
            {
                "id": n.pk,
                "reference": n.reference,
                "award_type": {"code": n.award_type.code, "name": n.award_type.name},
                "period": {"id": n.period_id, "name": n.period.name, "year": n.period.year},
                "proposing_organization": n.proposing_organization.name,
                "status": n.status,
                "status_label": str(NominationStatus(n.status).label),
                "submitted_at": n.submitted_at,
                "decision": decision,
                "reward_amount": n.decision_amount,
                "certificate": None,
                "timeline": [_event(e) for e in n.events.all()],
            }
        )
    for record in history["awards"]:
        if record["nomination_id"] in decisions:
            record["decision"] = decisions[record["nomination_id"]]
