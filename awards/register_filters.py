"""The register lists' filters: search, unit subtree, bloc, award received, year range, order."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django import forms
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from awards import clock
from awards.models import AwardRecord, AwardType, EmulationBloc, Organization
from awards.pickers import unit_filter
from awards.selectors import organization_path
from awards.statistics import FIRST_YEAR
from awards.text import search_key, vietnamese_text_key

SORTS_PEOPLE = (
    ("name", _("Tên (A → Z)")),
    ("-name", _("Tên (Z → A)")),
    ("organization", _("Đơn vị")),
    ("-awards", _("Nhiều khen thưởng nhất")),
    ("-last_year", _("Khen thưởng gần nhất")),
)
# Both orders walk the index `record_register_order` (year, decision_date, id), forwards or backwards.
SORTS_RECORDS = (
    ("-year", _("Năm gần nhất trước")),
    ("year", _("Năm xa nhất trước")),
)
RECORD_ORDER = {
    "-year": ("-year", "-decision_date", "-id"),
    "year": ("year", "decision_date", "id"),
}
SEARCH_LENGTH = 200
SORTS_ORGANIZATIONS = (
    ("name", _("Tên (A → Z)")),
    ("-name", _("Tên (Z → A)")),
    ("tree", _("Theo sơ đồ tổ chức")),
    ("-awards", _("Nhiều khen thưởng nhất")),
    ("-last_year", _("Khen thưởng gần nhất")),
)


class RegisterFilterForm(forms.Form):
    # No max_length: a longer text is searched by its first SEARCH_LENGTH characters, not refused.
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị (cả đơn vị trực thuộc)"), required=False, coerce=int
    )
    bloc = forms.TypedChoiceField(label=_("Khối thi đua"), required=False, coerce=int)
    award_type = forms.ChoiceField(label=_("Đã được khen thưởng"), required=False)
    year_from = forms.IntegerField(label=_("Từ năm"), required=False)
    year_to = forms.IntegerField(label=_("Đến năm"), required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False)

    def __init__(self, data, *, organizations: QuerySet[Organization], sorts=SORTS_PEOPLE):
        super().__init__(data)
        # A picker: the chosen unit and the first matches, never the province's every unit.
        unit_filter(
            self.fields["organization"], organizations, chosen=data.get("organization"),
            query=data.get("organization_q"), url_name="picker-register-units", empty_label=_("Tất cả"),
        )  # fmt: skip
        blocs = EmulationBloc.objects.values_list("pk", "name")
        self.fields["bloc"].choices = [("", _("Tất cả")), *list(blocs)]
        types = AwardType.objects.filter(is_active=True).order_by("name").values_list("code", "name")
        self.fields["award_type"].choices = [("", _("Bất kỳ / không lọc")), *list(types)]
        self.fields["sort"].choices = list(sorts)
        self.fields["q"].widget.attrs["maxlength"] = SEARCH_LENGTH
        last = clock.today().year + 1
        for name in ("year_from", "year_to"):
            self.fields[name].validators.append(_year_range(last))
            self.fields[name].widget.attrs.update({"min": FIRST_YEAR, "max": last, "inputmode": "numeric"})

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:SEARCH_LENGTH]

    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_from", _("“Từ năm” không được sau “đến năm”."))
        return data

    def written(self) -> list[tuple[str, str]]:
        """The filters in force, labelled, for the first rows of an export."""
        if not self.is_valid():
            return []
        rows = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, "") or name == "sort":
                continue
            if isinstance(field, forms.ChoiceField):
                value = {str(k): v for k, v in field.choices}.get(str(value), value)
            rows.append((str(field.label), str(value)))
        return rows


def _year_range(last: int):
    def check(value):
        if value is not None and not FIRST_YEAR <= value <= last:
            raise forms.ValidationError(
                _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": last}
            )

    return check


def _records(subject_field: str, data: dict) -> QuerySet[AwardRecord]:
    records = AwardRecord.objects.filter(**{subject_field: OuterRef("pk")}, revoked=False)
    if data.get("award_type"):
        records = records.filter(award_type__code=data["award_type"])
    if data.get("year_from"):
        records = records.filter(year__gte=data["year_from"])
    if data.get("year_to"):
        records = records.filter(year__lte=data["year_to"])
    return records


def _annotate_awards(queryset: QuerySet, subject_field: str) -> QuerySet:
    mine = AwardRecord.objects.filter(**{subject_field: OuterRef("pk")}, revoked=False).values(subject_field)
    return queryset.annotate(
        award_count=Coalesce(
            Subquery(mine.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField()), Value(0)
        ),
        last_award_year=Subquery(mine.annotate(y=Max("year")).values("y")[:1], output_field=IntegerField()),
    )


def filter_people(people: QuerySet, data: dict) -> QuerySet:
    key = search_key(data.get("q") or "")
    if key:
        people = people.filter(Q(search_key__contains=key) | Q(code__iexact=data["q"].strip()))
    if data.get("organization"):
        path = Organization.objects.filter(pk=data["organization"]).values_list("path", flat=True).first()
        people = people.filter(organization__path__startswith=path) if path else people.none()
    if data.get("bloc"):
        people = people.filter(organization__bloc_id=data["bloc"])
    if data.get("award_type") or data.get("year_from") or data.get("year_to"):
        people = people.filter(Exists(_records("person_id", data)))
    people = _annotate_awards(people, "person_id")
    order = {
        "-name": ["-sort_key", "-id"],
        "organization": ["organization__path", "sort_key", "id"],
        "-awards": ["-award_count", "sort_key", "id"],
        "-last_year": [Coalesce("last_award_year", Value(0)).desc(), "sort_key", "id"],
    }.get(data.get("sort") or "name", ["sort_key", "id"])
    return people.order_by(*order)


def filter_organizations(organizations: QuerySet, data: dict):
    """Filtered in the database, in the order asked for; a page reads (and counts the awards
    of) only its own rows, except when sorted by the awards themselves."""
    key = search_key(data.get("q") or "")
    if key:
        organizations = organizations.filter(Q(search_key__contains=key) | Q(code__iexact=data["q"].strip()))
    if data.get("organization"):
        path = organization_path(data["organization"])
        organizations = organizations.filter(path__startswith=path) if path else organizations.none()
    if data.get("bloc"):
        organizations = organizations.filter(bloc_id=data["bloc"])
    if data.get("award_type") or data.get("year_from") or data.get("year_to"):
        organizations = organizations.filter(Exists(_records("organization_id", data)))
    sort = data.get("sort") or "name"
    annotated = _annotate_awards(organizations, "organization_id")
    if sort == "tree":
        return annotated.order_by("path", "id")  # the path's index
    if sort in ("-awards", "-last_year"):
        rows = list(annotated)
        by = (lambda o: -o.award_count) if sort == "-awards" else (lambda o: -(o.last_award_year or 0))
        rows.sort(key=lambda o: (by(o), _name_key(o.name)))
        return rows
    # Vietnamese order has no column: sort the names (cheap), then read one page at a time.
    names = sorted(organizations.values_list("name", "pk"), key=lambda row: _name_key(row[0]))
    ids = [pk for _name, pk in names]
    return OrderedRows(annotated, ids[::-1] if sort == "-name" else ids)


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    return vietnamese_text_key(name)


class OrderedRows(Sequence):
    """Rows in an order worked out from their ids: a slice reads only its own rows."""

    CHUNK = 2000

    def __init__(self, queryset: QuerySet, ids: list[int]):
        self.queryset, self.ids = queryset, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        wanted = self.ids[index]
        found = {row.pk: row for row in self.queryset.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]

    def __iter__(self):
        for start in range(0, len(self.ids), self.CHUNK):
            yield from self[start : start + self.CHUNK]


def filter_records(records: QuerySet[AwardRecord], data: dict) -> QuerySet[AwardRecord]:
    """Register lines by name, unit subtree, bloc, award type and years; ordered by an index."""
    key = search_key(data.get("q") or "")
    if key:
        records = records.filter(
            Q(person__search_key__contains=key) | Q(organization__search_key__contains=key)
        )
    if data.get("organization"):
        path = organization_path(data["organization"]) or "/none/"
        records = records.filter(
            Q(person__organization__path__startswith=path) | Q(organization__path__startswith=path)
        )
    if data.get("bloc"):
        records = records.filter(
            Q(person__organization__bloc_id=data["bloc"]) | Q(organization__bloc_id=data["bloc"])
        )
    if data.get("award_type"):
        records = records.filter(award_type__code=data["award_type"])
    if data.get("year_from"):
        records = records.filter(year__gte=data["year_from"])
    if data.get("year_to"):
        records = records.filter(year__lte=data["year_to"])
    return records.order_by(*RECORD_ORDER.get(data.get("sort") or "-year", RECORD_ORDER["-year"]))
