"""`/api/v1/people/{id}/history/`, `/api/v1/organizations/{id}/history/`, `/api/v1/statistics/awards/`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from awards import exports, statistics
from awards.history import history_of
from awards.selectors import register_organizations_for, register_path, register_people_for

_HISTORY = {
    200: OpenApiResponse(
        OpenApiTypes.OBJECT, description="Subject, awards, ratings, initiatives, holds (staff), nominations."
    ),
    404: OpenApiResponse(description="No such subject, or outside the user's unit"),
}


class PersonHistoryView(APIView):
    """Everything the register holds on one person, in one response."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=_HISTORY, operation_id="people_history_retrieve")
    def get(self, request, pk: int):
        person = register_people_for(request.user).filter(pk=pk).first()
        if person is None:
            raise NotFound(_("Không tìm thấy."))
        return Response(history_of(person, user=request.user))


class OrganizationHistoryView(APIView):
    """Everything the register holds on one collective, in one response."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=_HISTORY, operation_id="organizations_history_retrieve")
    def get(self, request, pk: int):
        organization = register_organizations_for(request.user).filter(pk=pk).first()
        if organization is None:
            raise NotFound(_("Không tìm thấy."))
        return Response(history_of(organization, user=request.user))


def statistics_columns(query: statistics.Query) -> list[exports.Column]:
    columns = [
        exports.Column(
            label, (lambda row, key=key: row["labels"][key]), "int" if key == "year" else "text", 30
        )
        for key, label in zip(query.group_by, statistics.group_labels(query), strict=True)
    ]
    columns.append(exports.Column(_("Số lượt khen thưởng"), lambda row: row["count"], "int", 14))
    columns.append(exports.Column(_("Tổng tiền thưởng (đồng)"), lambda row: row["reward_total"], "money", 20))
    return columns


def statistics_filters(query: statistics.Query, path: str) -> list[tuple[str, str]]:
    return [
        (_("Từ năm"), str(query.year_from)),
        (_("Đến năm"), str(query.year_to)),
        (_("Nhóm theo"), ", ".join(statistics.group_labels(query))),
        (_("Phạm vi"), _("toàn tỉnh") if not path else _("đơn vị của người xuất và các đơn vị trực thuộc")),
    ]


class AwardStatisticsView(APIView):
    """Counts and reward money by one or two keys, plus the shares of direct workers and women."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, exports.XlsxRenderer]
    content_negotiation_class = exports.ExportNegotiation

    @extend_schema(
        operation_id="statistics_awards_retrieve",
        parameters=[
            OpenApiParameter("year_from", int, description="From 1945; default: ten years back"),
            OpenApiParameter("year_to", int, description="Up to next year; default: this year"),
            OpenApiParameter(
                "group_by", str, description=f"One or two of {', '.join(statistics.GROUPS)}, comma-separated"
            ),
            OpenApiParameter("format", str, enum=["json", "xlsx"]),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 403: OpenApiResponse(description="No role")},
    )
    def get(self, request):
        path = register_path(request.user)
        if path is None:
            raise PermissionDenied(_("Tài khoản chưa được giao vai trò nên không xem được thống kê."))
        query = statistics.parse_query(request.query_params)
        result = statistics.compute(query, path=path)
        result["scope"] = "province" if not path else "subtree"
        if request.accepted_renderer.format == "xlsx":
            return exports.xlsx_response(
                filename=f"thong-ke-khen-thuong-{query.year_from}-{query.year_to}.xlsx",
                title=_("Thống kê khen thưởng"),
                columns=statistics_columns(query),
                rows=result["rows"],
                filters=statistics_filters(query, path),
            )
        return Response(result)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and getattr(request, "accepted_renderer", None) is not None:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
