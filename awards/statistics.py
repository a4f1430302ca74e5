"""Award statistics computed by the database: one GROUP BY for the rows, one for the totals.

The register's lines that are not revoked count; a unit head's figures cover its
own subtree only (`awards.selectors.register_path`). Money is the reward paid
with each award, as its decision froze it (`AwardRecord.reward_amount`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import clock
from awards.enums import Gender, PositionGroup, RecipientKind
from awards.models import AwardRecord

FIRST_YEAR = 1945  # the first emulation awards of the Democratic Republic of Vietnam
DEFAULT_SPAN = 10

# key → (label, the values() the row is grouped by; the first identifies the group)
GROUPS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "year": (gettext_lazy("Năm"), ("year",)),
    "award_type": (gettext_lazy("Hình thức khen thưởng"), ("award_type__code", "award_type__name")),
    "recipient_kind": (gettext_lazy("Đối tượng"), ("kind",)),
    "organization": (gettext_lazy("Đơn vị"), ("unit_id", "unit_name")),
    "bloc": (gettext_lazy("Khối thi đua"), ("bloc_id", "bloc_name")),
    "gender": (gettext_lazy("Giới tính"), ("person__gender",)),
    "position_group": (gettext_lazy("Nhóm đối tượng"), ("person__position_group",)),
}


@dataclass(frozen=True)
class Query:
    year_from: int
    year_to: int
    group_by: tuple[str, ...]


def parse_query(params: Mapping[str, Any]) -> Query:
    """Validate `year_from`, `year_to` and `group_by`; every problem in one ValidationError."""
    this_year = clock.today().year
    errors: dict[str, str] = {}
    years = {}
    for name, default in (("year_from", this_year - DEFAULT_SPAN + 1), ("year_to", this_year)):
        raw = (params.get(name) or "").strip()
        if not raw:
            years[name] = default
            continue
        try:
            value = int(raw)
        except ValueError:
            errors[name] = _("Năm phải là một số, ví dụ 2023.")
            continue
        if not FIRST_YEAR <= value <= this_year + 1:
            errors[name] = _("Năm phải từ %(first)s đến %(last)s.") % {
                "first": FIRST_YEAR,
                "last": this_year + 1,
            }
        years[name] = value
    if not errors and years["year_from"] > years["year_to"]:
        errors["year_from"] = _("“Từ năm” không được sau “đến năm”.")
    raw_group = params.get("group_by") or "year"
    keys = tuple(k.strip() for k in str(raw_group).split(",") if k.strip())
    unknown = [k for k in keys if k not in GROUPS]
    if unknown:
        errors["group_by"] = _("Không thể nhóm theo “%(keys)s”; dùng: %(known)s.") % {
            "keys": ", ".join(k[:30] for k in unknown[:3]),
            "known": ", ".join(GROUPS),
        }
    elif not 1 <= len(keys) <= 2 or len(set(keys)) != len(keys):
        errors["group_by"] = _("Chọn một hoặc hai tiêu chí nhóm khác nhau.")
    if errors:
        raise ValidationError(errors)
    return Query(years["year_from"], years["year_to"], keys)


def _base(path: str, query: Query) -> QuerySet[AwardRecord]:
    records = AwardRecord.objects.filter(revoked=False, year__gte=query.year_from, year__lte=query.year_to)
    if path:
        records = records.filter(
            Q(person__organization__path__startswith=path) | Q(organization__path__startswith=path)
        )
    return records


# Computed group keys: a collective's own unit, or the unit an individual works in.
_COMPUTED = {
    "recipient_kind": {
        "kind": Case(
            When(person__isnull=True, then=Value(RecipientKind.COLLECTIVE)),
            default=Value(RecipientKind.INDIVIDUAL),
            output_field=CharField(),
        )
    },
    "organization": {
        "unit_id": Coalesce(F("organization_id"), F("person__organization_id")),
        "unit_name": Coalesce(F("organization__name"), F("person__organization__name")),
    },
    "bloc": {
        "bloc_id": Coalesce(F("organization__bloc_id"), F("person__organization__bloc_id")),
        "bloc_name": Coalesce(F("organization__bloc__name"), F("person__organization__bloc__name")),
    },
}


def _annotated(records: QuerySet[AwardRecord], keys: tuple[str, ...]) -> QuerySet[AwardRecord]:
    """Only the joins the chosen keys need: grouping by year and award type reads one table and one join."""
    for key in keys:
        if key in _COMPUTED:
            records = records.annotate(**_COMPUTED[key])
    return records


def _label(key: str, values: dict[str, Any]) -> Any:
    if key == "year":
        return values["year"]
    if key == "award_type":
        return values["award_type__name"]
    if key == "recipient_kind":
        return str(RecipientKind(values["kind"]).label)
    if key == "organization":
        return values["unit_name"] or ""
    if key == "bloc":
        return values["bloc_name"] or _("Chưa thuộc khối")
    if key == "gender":
        gender = values["person__gender"]
        return str(Gender(gender).label) if gender else _("Tập thể")
    position = values["person__position_group"]
    return str(PositionGroup(position).label) if position else _("Tập thể")


def _value(key: str, values: dict[str, Any]) -> Any:
    fields = GROUPS[key][1]
    return values[fields[0]]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def compute(query: Query, *, path: str, totals: bool = True) -> dict[str, Any]:
    """Two queries: the grouped rows, then (unless `totals` is False) the totals and shares."""
    records = _annotated(_base(path, query), query.group_by)
    fields = [field for key in query.group_by for field in GROUPS[key][1]]
    order = [
        GROUPS[key][1][-1] if key in ("organization", "bloc") else GROUPS[key][1][0] for key in query.group_by
    ]
    grouped = (
        records.values(*fields)
        .annotate(count=Count("id"), reward_total=Coalesce(Sum("reward_amount"), 0))
        .order_by(*order)
    )
    rows = [
        {
            "keys": {key: _value(key, values) for key in query.group_by},
            "labels": {key: _label(key, values) for key in query.group_by},
            "count": values["count"],
            "reward_total": values["reward_total"],
        }
        for values in grouped
    ]
    result = {
        "year_from": query.year_from,
        "year_to": query.year_to,
        "group_by": list(query.group_by),
        "rows": rows,
    }
    if totals:
        result["totals"] = _totals(path, query)
    return result


def _totals(path: str, query: Query) -> dict[str, Any]:
    individual = Q(person__isnull=False)
    totals = _base(path, query).aggregate(
        count=Count("id"),
        reward_total=Coalesce(Sum("reward_amount"), 0),
        individual_count=Count("id", filter=individual),
        direct_worker_count=Count("id", filter=individual & Q(person__position_group=PositionGroup.WORKER)),
        female_count=Count("id", filter=individual & Q(person__gender=Gender.FEMALE)),
    )
    totals["direct_worker_share"] = _share(totals["direct_worker_count"], totals["individual_count"])
    totals["female_share"] = _share(totals["female_count"], totals["individual_count"])
    return totals


def group_labels(query: Query) -> list[str]:
    return [str(GROUPS[key][0]) for key in query.group_by]
