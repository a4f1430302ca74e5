"""Filters of the certificate list (docs/api-notes.md): ids and codes, never a lookup query of their own."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from awards.text import search_key
from certificates.enums import CertificateStatus
from certificates.models import Certificate
from nominations.filters import IdFilter


class CertificateFilter(django_filters.FilterSet):
    decision = IdFilter(field_name="decision_id", label=_("quyết định (id)"))
    # The year of the achievements (the period), as in the nomination list and the register.
    year = IdFilter(field_name="decision__period__year", max_value=9999, label=_("năm"))
    award_type = django_filters.CharFilter(
        field_name="decision__award_type__code", max_length=50, label=_("mã hình thức khen thưởng")
    )
    status = django_filters.ChoiceFilter(
        choices=CertificateStatus.choices, method="filter_status", label=_("trạng thái")
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, label=_("tìm theo tên (không phân biệt dấu)")
    )

    class Meta:
        model = Certificate
        fields = ["decision", "year", "award_type", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(award_record__revoked=value == CertificateStatus.REVOKED)

    def filter_search(self, queryset, name, value):
        # The nomination's stored key: lower case, no marks, đ → d (docs/architecture.md, "Performance").
        for word in search_key(value).split():
            queryset = queryset.filter(nomination__search_key__contains=word)
        return queryset
