"""Filters and sorting of the nomination lists (all nominations, the inbox).

Every parameter is checked against the choices offered, so a hand-edited URL
filters by nothing rather than failing; the text search is the API's
(`nominations_matching`: a name in any order, or any part of a reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from awards import roles
from awards.models import AwardType, Organization, Period
from awards.text import vietnamese_text_key
from nominations.enums import NominationStatus
from nominations.selectors import nominations_matching

SORTS = {
    "-updated_at": (_("Mới cập nhật trước"), ("-updated_at", "-id")),
    "updated_at": (_("Cập nhật lâu nhất trước"), ("updated_at", "id")),
    "-submitted_at": (_("Nộp gần đây trước"), ("-submitted_at", "-id")),
    "submitted_at": (_("Nộp sớm nhất trước"), ("submitted_at", "id")),
    "reference": (_("Mã hồ sơ tăng dần"), ("reference", "id")),
    "-reference": (_("Mã hồ sơ giảm dần"), ("-reference", "-id")),
    "nominee": (_("Tên người/tập thể (A–Z)"), ("search_key", "id")),
}


@dataclass
class ListFilters:
    values: dict[str, str]
    periods: list = field(default_factory=list)
    award_types: list = field(default_factory=list)
    units: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    sorts: list = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(v for k, v in self.values.items() if k != "sort")


def _choice(value: str, allowed: set[str]) -> str:
    return value if value in allowed else ""


def apply_filters(request, queryset: QuerySet, *, default_sort: str, with_status: bool = True):
    """(the filtered, sorted queryset, the ListFilters for the template)."""
    get = request.GET
    periods = list(Period.objects.order_by("-year", "-closes_on", "-id")[:40])
    award_types = list(AwardType.objects.filter(is_active=True).order_by("name"))
    units = _units_for(request.user)
    values = {
        "q": get.get("q", "").strip()[:100],
        "status": _choice(get.get("status", ""), set(NominationStatus.values)) if with_status else "",
        "period": _choice(get.get("period", ""), {str(p.pk) for p in periods}),
        "award_type": _choice(get.get("award_type", ""), {a.code for a in award_types}),
        "unit": _choice(get.get("unit", ""), {str(u.pk) for u in units}),
        "sort": _choice(get.get("sort", ""), set(SORTS)) or default_sort,
    }
    if values["status"]:
        queryset = queryset.filter(status=values["status"])
    if values["period"]:
        queryset = queryset.filter(period_id=int(values["period"]))
    if values["award_type"]:
        queryset = queryset.filter(award_type__code=values["award_type"])
    if values["unit"]:
        unit = next(u for u in units if str(u.pk) == values["unit"])
        queryset = queryset.filter(proposing_organization__path__startswith=unit.path)
    if values["q"]:
        queryset = nominations_matching(queryset, values["q"])
    queryset = queryset.order_by(*SORTS[values["sort"]][1])
    filters = ListFilters(
        values=values,
        periods=periods,
        award_types=award_types,
        units=units,
        statuses=list(NominationStatus.choices) if with_status else [],
        sorts=[(code, label) for code, (label, _order) in SORTS.items()],
    )
    return queryset, filters


def _units_for(user) -> list[Organization]:
    """The units a user may filter by: a unit head's own subtree, everyone's for the others."""
    active = Organization.objects.filter(is_active=True)
    if roles.is_unit_head(user) and not roles.sees_all_submitted(user) and user.organization_id:
        active = Organization.objects.subtree_of(user.organization).filter(is_active=True)
    return sorted(active[:300], key=lambda o: vietnamese_text_key(o.name))
