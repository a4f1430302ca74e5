"""`/api/v1/decisions/`: drafts by staff, issue by the chairman (docs/api-notes.md).

The PDF (`/api/v1/decisions/{id}/pdf/`) is served by the certificates app,
which owns every printed document.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from awards import roles
from awards.enums import Role
from awards.exports import ExportMixin
from awards.roles import HasRole
from nominations import decisions, export_columns
from nominations.api.serializers_council import (
    DecisionIssueSerializer,
    DecisionReturnSerializer,
    DecisionSerializer,
    DecisionWriteSerializer,
)
from nominations.enums import DecisionStatus
from nominations.models import Decision, DecisionEvent, DecisionItem

_ERRORS = {
    400: OpenApiResponse(description="Bad input"),
    403: OpenApiResponse(description="Not allowed for this role"),
    404: OpenApiResponse(description="No such decision"),
    409: OpenApiResponse(description="Issued decision, or a number already used"),
}


class DecisionViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Commendation decisions: staff draft, the chairman issues; issued ones are frozen."""

    serializer_class = DecisionSerializer
    permission_classes = [HasRole.of(Role.STAFF, Role.CHAIRMAN)]
    filterset_fields = ["status", "period", "award_type__code"]
    ordering_fields = ["signed_on", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    export_title = gettext_lazy("Danh sách quyết định khen thưởng")
    export_filename = "quyet-dinh.xlsx"
    export_columns = export_columns.DECISIONS

    def get_queryset(self):
        return (
            decisions.decisions_visible_to(self.request.user)
            .select_related("award_type", "period")
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=DecisionItem.objects.select_related("nomination").order_by("position", "id"),
                ),
                Prefetch(
                    "events", queryset=DecisionEvent.objects.select_related("actor").order_by("at", "id")
                ),
            )
            .order_by("-signed_on", "-id")
        )

    def _staff_only(self) -> None:
        if not roles.is_staff(self.request.user):
            raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được soạn quyết định."))

    def _read(self, decision: Decision, status_code: int = status.HTTP_200_OK) -> Response:
        decision = self.get_queryset().get(pk=decision.pk)
        return Response(DecisionSerializer(decision).data, status=status_code)

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionSerializer, **_ERRORS})
    def create(self, request):
        self._staff_only()
        serializer = DecisionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = decisions.decision_create(actor=request.user, **serializer.validated_data)
        return self._read(decision, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionWriteSerializer, responses={200: DecisionSerializer, **_ERRORS})
    def partial_update(self, request, pk=None):
        decision = self.get_object()
        self._staff_only()
        # An issued decision is a 409 whatever the body says (checked again under lock).
        if decision.status != DecisionStatus.DRAFT:
            decisions.decision_update(decision=decision, actor=request.user)
        serializer = DecisionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        decision = decisions.decision_update(
            decision=decision, actor=request.user, **serializer.validated_data
        )
        return self._read(decision)

    @extend_schema(request=None, responses={204: None, **_ERRORS})
    def destroy(self, request, pk=None):
        decision = self.get_object()
        self._staff_only()
        decisions.decision_delete(decision=decision, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DecisionIssueSerializer, responses={200: DecisionSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue a draft; `{"confirm_unverified": true}` confirms figures not yet
        checked against the text in force (recorded in the timeline)."""
        decision = self.get_object()
        serializer = DecisionIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = decisions.decision_issue(
            decision=decision,
            actor=request.user,
            confirm_unverified=serializer.validated_data["confirm_unverified"],
        )
        return self._read(issued)

    @extend_schema(request=DecisionReturnSerializer, responses={200: DecisionSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_staff(self, request, pk=None):
        """The chairman sends a draft back to staff with a comment (409 once issued)."""
        decision = self.get_object()
        if not roles.is_chairman(request.user):
            raise PermissionDenied(_("Chỉ Chủ tịch (người ký) được trả lại dự thảo."))
        serializer = DecisionReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        returned = decisions.decision_return(
            decision=decision, actor=request.user, comment=serializer.validated_data["comment"]
        )
        return self._read(returned)
