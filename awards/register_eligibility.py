"""What the eligibility engine says today about a person or a collective, for each award type."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from awards import clock
from awards.eligibility import Subject, evaluate
from awards.enums import PeriodKind
from awards.models import AwardType, Organization, Period, Person


def current_period() -> Period | None:
    """The annual period of this year, or the latest one before it."""
    year = clock.today().year
    return (
        Period.objects.filter(kind=PeriodKind.ANNUAL, year__lte=year).order_by("-year", "-opens_on").first()
    )


def eligibility_today(subject: Person | Organization) -> dict[str, Any]:
    """{"period": Period | None, "results": [{"award_type", "result" | "error"}]}."""
    period = current_period()
    if period is None:
        return {"period": None, "results": []}
    kind = Subject.of(subject).recipient_kind
    results = []
    for award_type in AwardType.objects.filter(is_active=True).order_by("name"):
        if not award_type.accepts(kind):
            continue
        try:
            result = evaluate(award_type=award_type, subject=subject, period=period)
        except ValidationError as error:
            results.append({"award_type": award_type, "error": " ".join(error.messages)})
            continue
        results.append({"award_type": award_type, "result": result})
    return {"period": period, "results": results}
