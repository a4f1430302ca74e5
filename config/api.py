"""API plumbing shared by every app: pagination, errors, throttles."""

from __future__ import annotations

import logging

from django.core.exceptions import EmptyResultSet
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Count, F, Window
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from awards.errors import ConflictError, PayloadTooLarge
from awards.text import search_key
from config.client_address import client_address

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    """`page` and `page_size` are checked, not silently replaced: a repeated parameter, or one
    that is not a positive integer (`page_size` at most 200), is a 400 naming it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def _single_positive(self, request, name: str, maximum: int | None = None) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise exceptions.ValidationError({name: [_("Chỉ được gửi tham số này một lần.")]})
        raw = values[0].strip()
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        if number < 1 or (maximum is not None and number > maximum):
            if maximum is None:
                message = _("Cần một số nguyên dương.")
            else:
                message = _("Cần một số nguyên từ 1 đến %(max)d.") % {"max": maximum}
            raise exceptions.ValidationError({name: [message]})
        return number

    def get_page_size(self, request):
        return (
            self._single_positive(request, self.page_size_query_param, self.max_page_size) or self.page_size
        )

    def paginate_queryset(self, queryset, request, view=None):
        self._single_positive(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class OnePassPaginator(Paginator):
    """The page's ids and the total from one query (`COUNT(*) OVER ()`), then those rows by
    primary key: a search's match (an index probe that is most of its cost) is run once,
    not once for the count and again for the page.

    The matches are counted in a subquery and sorted outside it: with the ORDER BY … LIMIT
    next to the window, PostgreSQL walked the whole name index filtering every row (it
    costs the LIMIT as if it stopped early, which a window never lets it do) instead of
    reading the trigram index."""

    def ranked_sql(self, bottom: int) -> tuple[str, tuple] | None:
        """The statement of the page's ids and the total; None when the order is an expression."""
        queryset = self.object_list
        connection = connections[queryset.db]
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not all(isinstance(name, str) for name in order):
            return None
        keys, outer = {}, []
        for i, name in enumerate(order):
            alias = f"_o{i}"
            keys[alias] = F(name.lstrip("-"))
            outer.append(f"{connection.ops.quote_name(alias)} {'DESC' if name.startswith('-') else 'ASC'}")
        inner = queryset.order_by().annotate(_total=Window(Count("pk")), **keys)
        sql, params = inner.values_list("pk", "_total", *keys).query.sql_with_params()
        # Django's own SQL and quoted aliases around it; the words travel as parameters.
        ranked = f"SELECT * FROM ({sql}) ranked ORDER BY {', '.join(outer)} LIMIT %s OFFSET %s"  # noqa: S608
        return ranked, (*params, self.per_page, bottom)

    def _ranked(self, bottom: int) -> list[tuple[int, int]]:
        try:
            statement = self.ranked_sql(bottom)
        except EmptyResultSet:  # a filter Django knows matches nothing (`IN ()`): no rows, no query
            return []
        if statement is None:  # the window in place
            ranked = self.object_list.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")
            return list(ranked[bottom : bottom + self.per_page])
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(*statement)
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def page(self, number):
        number = self._number(number)
        rows = self._ranked((number - 1) * self.per_page)
        self.__dict__["count"] = rows[0][1] if rows else self.object_list.count()
        if not rows:
            return super().page(number)  # out of range: the usual error, or an empty first page
        fetch = self.object_list.model._default_manager.filter(pk__in=[pk for pk, _total in rows])
        fetch.query.select_related = self.object_list.query.select_related
        fetch.query.deferred_loading = self.object_list.query.deferred_loading
        found = {obj.pk: obj for obj in fetch}
        return self._get_page([found[pk] for pk, _total in rows if pk in found], number, self)

    def _number(self, number) -> int:
        """`validate_number` without its count (the count comes with the page)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class SearchPagination(Pagination):
    """`Pagination`, with the page and its count from one query when the list is searched
    (the matches are few enough to count while ranking; a whole list counts faster alone)."""

    search_param = "search"

    def paginate_queryset(self, queryset, request, view=None):
        # Words that leave no search key (a lone tone mark) filter nothing: the list, counted alone.
        searched = bool(search_key(request.query_params.get(self.search_param, "")))
        self.django_paginator_class = OnePassPaginator if searched else Paginator
        return super().paginate_queryset(queryset, request, view)


def _validation_payload(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
    return {"detail": " ".join(str(m) for m in exc.messages)}


def exception_handler(exc, context):
    """Map domain errors to HTTP: ConflictError → 409, ValidationError → 400."""
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PayloadTooLarge):
        return Response({"detail": exc.message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        return Response(_validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(exc.args[0] if exc.args else None)
    return drf_exception_handler(exc, context)


class ClientAddressMixin:
    """Throttle by the address `config.client_address` trusts, not DRF's X-Forwarded-For guess."""

    def get_ident(self, request):
        return client_address(request)


class LoginRateThrottle(ClientAddressMixin, AnonRateThrottle):
    """Per client address, for the token endpoint (the lockout counts failures separately)."""

    scope = "login"


class VerifyRateThrottle(ClientAddressMixin, AnonRateThrottle):
    scope = "verify"


def json_not_found(request, exception=None):
    """404 for unknown paths under /api/: JSON, not the HTML page."""
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)


def json_csrf_failure(request):
    return JsonResponse(
        {"detail": _("Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi gửi lại.")}, status=403
    )


def json_server_error(request):
    return JsonResponse({"detail": _("Lỗi máy chủ. Vui lòng thử lại sau.")}, status=500)


# --- schema ------------------------------------------------------------------------------

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": 'A refusal: {"detail": "message"}.',
}
_VALIDATION_SCHEMA = {
    "type": "object",
    "additionalProperties": {},
    "description": 'Bad input: {"field": ["message"]} or {"detail": "message"}.',
}
_COMMON_ERRORS = {
    "400": ("ValidationError", "Bad input."),
    "401": ("Error", "Not authenticated."),
    "403": ("Error", "Not allowed for this role."),
    "404": ("Error", "Does not exist, or not visible to this user."),
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def document_common_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the errors
    any API view can answer (docs/api-notes.md), so clients and fuzzers may trust
    the status codes: 400 (a field error dict, or a query/path refused by the
    middleware), 401 and 403 wherever a user is needed, 404 everywhere (unknown
    object, object not visible, page out of range), 409 on DELETE (protected rows),
    415 wherever a body is read (a media type no parser of the view reads)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _ERROR_SCHEMA)
    schemas.setdefault("ValidationError", _VALIDATION_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            anonymous_allowed = {} in (operation.get("security") or [{}])
            for code, (ref, description) in _COMMON_ERRORS.items():
                if code in ("401", "403") and anonymous_allowed:
                    continue
                documented = responses.get(code)
                if documented is None:
                    responses[code] = {"description": description, "content": _json(ref)}
                elif code == "400":
                    # A documented {"detail"} 400 may also be a field error dict.
                    content = documented.setdefault("content", {})
                    schema = content.get("application/json", {}).get("schema")
                    if schema is None or schema.get("$ref") == "#/components/schemas/Detail":
                        content["application/json"] = {"schema": {"$ref": f"#/components/schemas/{ref}"}}
                    else:
                        content["application/json"] = {
                            "schema": {"anyOf": [schema, {"$ref": f"#/components/schemas/{ref}"}]}
                        }
            if "requestBody" in operation:
                # DRF's answer to a body in a media type the view has no parser for.
                responses.setdefault(
                    "415", {"description": "Unsupported body media type.", "content": _json("Error")}
                )
            if method == "delete":
                responses.setdefault(
                    "409", {"description": "Still used by other rows, or frozen.", "content": _json("Error")}
                )
    return result
