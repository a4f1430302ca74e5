"""Filters of the nomination list (docs/api-notes.md): no filter costs a query of its own.

django-filter's model-choice filters look each id up (docs/architecture.md, "Performance"); these
filter on the id or code column instead, and an unknown value simply matches
nothing. Ids and years are bounded so no value overflows a database integer.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from awards.enums import RecipientKind
from awards.models import AwardType, Period
from nominations.enums import NominationStatus
from nominations.models import Nomination
from nominations.selectors import nominations_matching

_BIGINT_MAX = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", _BIGINT_MAX)
        super().__init__(*args, **kwargs)


class NominationFilter(django_filters.FilterSet):
    # distinct=False: no join here can duplicate a row, and DISTINCT costs a sort.
    status = django_filters.MultipleChoiceFilter(
        choices=NominationStatus.choices, distinct=False, label=_("trạng thái")
    )
    period = IdFilter(field_name="period_id", label=_("đợt (id)"))
    year = IdFilter(method="filter_year", max_value=9999, label=_("năm"))
    award_type = django_filters.CharFilter(
        method="filter_award_type", max_length=50, label=_("mã hình thức khen thưởng")
    )
    proposing_organization = IdFilter(field_name="proposing_organization_id", label=_("đơn vị đề nghị (id)"))
    recipient_kind = django_filters.ChoiceFilter(choices=RecipientKind.choices, label=_("đối tượng"))
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, label=_("tìm theo tên (không phân biệt dấu)")
    )

    class Meta:
        model = Nomination
        fields = ["status", "period", "year", "award_type", "proposing_organization", "recipient_kind"]

    # Subqueries rather than joins: with the period and award type known as
    # ids, the (period, award_type, status) index answers the common filters.
    def filter_year(self, queryset, name, value):
        return queryset.filter(period_id__in=Period.objects.filter(year=value).values("pk"))

    def filter_award_type(self, queryset, name, value):
        return queryset.filter(award_type_id__in=AwardType.objects.filter(code=value).values("pk"))

    def filter_search(self, queryset, name, value):
        return nominations_matching(queryset, value)
