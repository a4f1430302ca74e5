"""The register pages: people, collectives, register lines, profiles, statistics.

Who sees what is `awards.selectors.register_path`: the province for staff,
council members and the chairman, its subtree for a unit head, nothing (403)
for a user without a role. Every list downloads as .xlsx with `?format=xlsx`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from awards import exports, roles, statistics
from awards.api_register import statistics_columns, statistics_filters
from awards.enums import RecipientKind
from awards.export_columns import AWARD_RECORDS, ORGANIZATIONS, PEOPLE
from awards.history import history_of
from awards.models import AwardRecord
from awards.pages import page
from awards.register_eligibility import eligibility_today
from awards.register_filters import (
    SORTS_ORGANIZATIONS,
    SORTS_RECORDS,
    RegisterFilterForm,
    filter_organizations,
    filter_people,
    filter_records,
)
from awards.selectors import (
    register_organizations_for,
    register_path,
    register_people_for,
    register_rows_for,
)

PAGE_SIZE = 50


def _scope(request) -> str:
    path = register_path(request.user)
    if path is None:
        raise PermissionDenied
    return path


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


def _export_or_none(request, form, *, rows, count, columns, title, filename):
    """The .xlsx download when asked for (`?format=xlsx`), a 400 page when it cannot be."""
    if request.GET.get("format") and not form.is_valid():
        return exports.refused(request, [e for errors in form.errors.values() for e in errors])
    return exports.page_download(
        request,
        rows=rows,
        count=count,
        columns=columns,
        title=title,
        filename=filename,
        filters=form.written(),
    )


def _list_context(request, form, rows, **extra):
    paginator = Paginator(rows, PAGE_SIZE)
    return {
        "nav": "register",
        "form": form,
        "page": paginator.get_page(request.GET.get("page")),
        "query_string": _query_string(request),
        "scope_is_subtree": bool(register_path(request.user)),
        **extra,
    }


@page
def people_list(request):
    _scope(request)
    visible = register_people_for(request.user)
    form = RegisterFilterForm(request.GET, organizations=register_organizations_for(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    people = filter_people(visible, data)
    export = _export_or_none(
        request,
        form,
        rows=lambda: people.iterator(chunk_size=2000),
        count=people.count,
        columns=PEOPLE,
        title=_("Danh sách cá nhân"),
        filename="ca-nhan.xlsx",
    )
    if export is not None:
        return export
    return render(request, "awards/register/people.html", _list_context(request, form, people, tab="people"))


@page
def organization_list(request):
    _scope(request)
    visible = register_organizations_for(request.user)
    form = RegisterFilterForm(request.GET, organizations=visible, sorts=SORTS_ORGANIZATIONS)
    data = form.cleaned_data if form.is_valid() else {}
    organizations = filter_organizations(visible, data)
    export = _export_or_none(
        request,
        form,
        rows=lambda: iter(organizations),
        count=lambda: organizations.count() if isinstance(organizations, QuerySet) else len(organizations),
        columns=ORGANIZATIONS,
        title=_("Danh sách tập thể"),
        filename="tap-the.xlsx",
    )
    if export is not None:
        return export
    context = _list_context(request, form, organizations, tab="organizations")
    return render(request, "awards/register/organizations.html", context)


def _records(request, data: dict):
    records = register_rows_for(
        AwardRecord.objects.select_related("award_type", "person__organization", "organization__parent"),
        request.user,
    )
    return filter_records(records, data)


@page
def record_list(request):
    _scope(request)
    organizations = register_organizations_for(request.user)
    form = RegisterFilterForm(request.GET, organizations=organizations, sorts=SORTS_RECORDS)
    data = form.cleaned_data if form.is_valid() else {}
    records = _records(request, data)
    export = _export_or_none(
        request,
        form,
        rows=lambda: records.iterator(chunk_size=2000),
        count=records.count,
        columns=AWARD_RECORDS,
        title=_("Sổ theo dõi khen thưởng"),
        filename="so-khen-thuong.xlsx",
    )
    if export is not None:
        return export
    return render(
        request, "awards/register/records.html", _list_context(request, form, records, tab="records")
    )


def _profile_context(request, subject, kind: str) -> dict:
    return {
        "nav": "register",
        "kind": kind,
        "subject": subject,
        "history": history_of(subject, user=request.user),
        "eligibility": eligibility_today(subject),
        "links_decisions": roles.has_role(request.user, "staff", "chairman"),
        "prints_certificates": roles.is_staff(request.user),
    }


@page
def person_profile(request, pk: int):
    _scope(request)
    person = register_people_for(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return render(request, "awards/register/profile.html", _profile_context(request, person, "person"))


@page
def organization_profile(request, pk: int):
    _scope(request)
    organization = register_organizations_for(request.user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    context = _profile_context(request, organization, "organization")
    return render(request, "awards/register/profile.html", context)


@page
def statistics_page(request):
    path = _scope(request)
    params = request.GET.copy()
    keys = [k for k in (params.get("group_by", "year"), params.get("then_by", "")) if k]
    params["group_by"] = ",".join(keys)
    try:
        query = statistics.parse_query(params)
        wants_file = exports.wants_xlsx(request.GET)
    except ValidationError as error:
        return exports.refused(request, error.messages)
    result = statistics.compute(query, path=path)
    if wants_file:
        return exports.xlsx_response(
            filename=f"thong-ke-khen-thuong-{query.year_from}-{query.year_to}.xlsx",
            title=_("Thống kê khen thưởng"),
            columns=statistics_columns(query),
            rows=result["rows"],
            filters=statistics_filters(query, path),
        )
    charts = {
        "by_year": statistics.compute(
            statistics.Query(query.year_from, query.year_to, ("year", "award_type")), path=path, totals=False
        )["rows"],
        "by_position": statistics.compute(
            statistics.Query(query.year_from, query.year_to, ("position_group",)), path=path, totals=False
        )["rows"],
    }
    context = {
        "nav": "statistics",
        "query": query,
        "result": result,
        "columns": statistics.group_labels(query),
        "groups": [(key, str(label)) for key, (label, _fields) in statistics.GROUPS.items()],
        "then_by": keys[1] if len(keys) > 1 else "",
        "scope_is_subtree": bool(path),
        "chart_data": _chart_data(charts),
        "query_string": _query_string(request),
        "individual": RecipientKind.INDIVIDUAL,
    }
    return render(request, "awards/statistics.html", context)


def _chart_data(charts: dict) -> dict:
    years = sorted({row["keys"]["year"] for row in charts["by_year"]})
    types: dict[str, str] = {}
    for row in charts["by_year"]:
        types.setdefault(row["keys"]["award_type"], row["labels"]["award_type"])
    counts = {(row["keys"]["year"], row["keys"]["award_type"]): row["count"] for row in charts["by_year"]}
    return {
        "years": years,
        "series": [
            {"label": name, "data": [counts.get((year, code), 0) for year in years]}
            for code, name in types.items()
        ],
        "positions": [
            {"label": row["labels"]["position_group"], "count": row["count"]}
            for row in charts["by_position"]
            if row["keys"]["position_group"]
        ],
    }
