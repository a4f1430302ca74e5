"""FilterSets of the catalogue and register endpoints (docs/api-notes.md).

Id filters are plain integers (no existence query, no 500 on huge numbers);
`search` uses the stored accent-free key, so it behaves the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from awards.enums import (
    AwardCategory,
    Gender,
    HoldKind,
    InitiativeScope,
    OrganizationKind,
    PeriodKind,
    PositionGroup,
    RatingLevel,
    RecordSource,
)
from awards.models import (
    AwardRecord,
    AwardType,
    BlocResult,
    Hold,
    Initiative,
    Organization,
    Period,
    Person,
    Rating,
    Registration,
    RuleSet,
)
from awards.search_index import people_matching
from awards.selectors import organization_path
from awards.text import search_key

_MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", _MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class SearchFilter(filters.CharFilter):
    """Case- and accent-insensitive, đ = d: "nguyen van thuong" finds "Nguyễn Văn Thưởng"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("method", "filter_search")
        super().__init__(*args, **kwargs)


class SearchMixin:
    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value or "")
        return queryset.filter(search_key__contains=key) if key else queryset


class OrganizationFilter(SearchMixin, filters.FilterSet):
    parent = IdFilter(field_name="parent_id")
    bloc = IdFilter(field_name="bloc_id")
    successor = IdFilter(field_name="successor_id")
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices)
    is_active = filters.BooleanFilter()
    search = SearchFilter()

    class Meta:
        model = Organization
        fields = ["parent", "bloc", "successor", "kind", "is_active", "search"]


class PersonOrdering(filters.OrderingFilter):
    """`name` is the Vietnamese order (given name first); `full_name` and `sort_key` say the same."""

    ALIASES = {"full_name": "name", "sort_key": "name"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fields", (("sort_key", "name"), ("birth_year", "birth_year"), ("id", "id")))
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        choices = super().build_choices(fields, labels)
        for alias in self.ALIASES:
            choices += [(alias, alias), (f"-{alias}", f"{alias} (descending)")]
        return choices

    def filter(self, qs, value):
        if value:
            value = [
                ("-" if v.startswith("-") else "") + self.ALIASES.get(v.lstrip("-"), v.lstrip("-"))
                for v in value
            ]
            qs = super().filter(qs, value)
            return qs.order_by(*qs.query.order_by, "id")
        return qs


class PersonFilter(SearchMixin, filters.FilterSet):
    """`search` goes through the people search index (`awards.search_index`)."""

    organization = IdFilter(method="filter_organization", help_text="An organization and its whole subtree.")
    gender = filters.ChoiceFilter(choices=Gender.choices)
    position_group = filters.ChoiceFilter(choices=PositionGroup.choices)
    is_active = filters.BooleanFilter()
    code = filters.CharFilter(max_length=50)
    search = SearchFilter()
    ordering = PersonOrdering()

    class Meta:
        model = Person
        fields = ["organization", "gender", "position_group", "is_active", "code", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = search_key(value or "")
        return people_matching(queryset, key) if key else queryset

    def filter_organization(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        path = organization_path(value)
        return queryset.filter(organization__path__startswith=path) if path else queryset.none()


class AwardTypeFilter(filters.FilterSet):
    code = filters.CharFilter(max_length=50)
    category = filters.ChoiceFilter(choices=AwardCategory.choices)
    is_active = filters.BooleanFilter()

    class Meta:
        model = AwardType
        fields = ["code", "category", "is_active"]


class RuleSetFilter(filters.FilterSet):
    award_type = IdFilter(field_name="award_type_id")
    award_type_code = filters.CharFilter(field_name="award_type__code", max_length=50)

    class Meta:
        model = RuleSet
        fields = ["award_type", "award_type_code"]


class PeriodFilter(filters.FilterSet):
    year = YearFilter()
    kind = filters.ChoiceFilter(choices=PeriodKind.choices)

    class Meta:
        model = Period
        fields = ["year", "kind"]


class SubjectFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id")
    organization = IdFilter(field_name="organization_id")


class HoldFilter(SubjectFilter):
    kind = filters.ChoiceFilter(choices=HoldKind.choices)

    class Meta:
        model = Hold
        fields = ["person", "organization", "kind"]


class RatingFilter(SubjectFilter):
    year = YearFilter()
    level = filters.ChoiceFilter(choices=RatingLevel.choices)
    maternity_leave = filters.BooleanFilter()

    class Meta:
        model = Rating
        fields = ["person", "organization", "year", "level", "maternity_leave"]


class InitiativeFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id")
    scope = filters.ChoiceFilter(choices=InitiativeScope.choices)
    year = YearFilter(field_name="recognized_on", lookup_expr="year")
    used = filters.BooleanFilter(field_name="used_by_nomination_id", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Initiative
        fields = ["person", "scope", "year", "used"]


class BlocResultFilter(filters.FilterSet):
    period = IdFilter(field_name="period_id")
    bloc = IdFilter(field_name="bloc_id")
    organization = IdFilter(field_name="organization_id")
    is_leading = filters.BooleanFilter()

    class Meta:
        model = BlocResult
        fields = ["period", "bloc", "organization", "is_leading"]


class RegistrationFilter(filters.FilterSet):
    period = IdFilter(field_name="period_id")
    organization = IdFilter(field_name="organization_id")

    class Meta:
        model = Registration
        fields = ["period", "organization"]


class AwardRecordFilter(SubjectFilter):
    award_type = IdFilter(field_name="award_type_id")
    award_type_code = filters.CharFilter(
        field_name="award_type__code", max_length=50, label=_("Mã hình thức khen thưởng")
    )
    period = IdFilter(field_name="period_id")
    year = YearFilter()
    source = filters.ChoiceFilter(choices=RecordSource.choices)
    revoked = filters.BooleanFilter()

    class Meta:
        model = AwardRecord
        fields = [
            "person",
            "organization",
            "award_type",
            "award_type_code",
            "period",
            "year",
            "source",
            "revoked",
        ]
