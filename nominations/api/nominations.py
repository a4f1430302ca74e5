"""REST endpoints of nominations (docs/api-notes.md).

Tiny actions: validate a small input serializer, call the service, answer
with the read serializer. Every lookup goes through
`nominations_visible_to(user)`, so what a user may not see is a 404; what a
user sees but may not do is refused by the service (403).
"""

from __future__ import annotations

import json

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from awards.enums import Role
from awards.exports import ExportMixin
from awards.roles import HasRole
from config.parsers import clean_query_dict
from nominations import attachments, export_columns, services
from nominations.decisions import nomination_revoke
from nominations.filters import NominationFilter
from nominations.models import Attachment, Nomination
from nominations.selectors import nomination_eligibility, nominations_visible_to
from nominations.serializers import (
    LIST_VALUES,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CommentSerializer,
    DetailSerializer,
    EligibilitySerializer,
    NominationEventSerializer,
    NominationListSerializer,
    NominationSerializer,
    ReturnSerializer,
    RevokeSerializer,
    VerifySerializer,
)
from nominations.workflow import EDITABLE

ID_REGEX = "[0-9]{1,18}"  # never a value that overflows a bigint

_ERR = OpenApiResponse(DetailSerializer)
READ_ERRORS = {404: _ERR}
ACTION_ERRORS = {400: _ERR, 403: _ERR, 404: _ERR, 409: _ERR}


class _UnsafeFileName(MultiPartParserError):
    pass


class _CheckingDjangoMultiPartParser(DjangoMultiPartParser):
    """Django strips directories from uploaded names; we refuse them instead."""

    def sanitize_file_name(self, file_name):
        reason = attachments.unsafe_filename_reason(file_name or "")
        if reason:
            raise _UnsafeFileName(reason)
        return super().sanitize_file_name(file_name)


class SafeMultiPartParser(MultiPartParser):
    """Multipart for uploads: a name like `../x.pdf` is a 400, not silently rewritten."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", "utf-8")
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            data, files = _CheckingDjangoMultiPartParser(
                meta, stream, request.upload_handlers, encoding
            ).parse()
        except _UnsafeFileName as exc:
            raise ParseError(str(exc)) from exc
        except MultiPartParserError as exc:
            raise ParseError(_("Dữ liệu tải lên không hợp lệ.")) from exc
        return DataAndFiles(clean_query_dict(data), files)


class PDFRenderer(BaseRenderer):
    """Lets `Accept: application/pdf` reach the download; errors stay JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        if renderer_context and renderer_context.get("response") is not None:
            # An error is JSON, and says so (not "application/pdf").
            renderer_context["response"]["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode()


def _eligibility_payload(result) -> dict:
    def get(obj, name, default=None):
        return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)

    return {
        "eligible": bool(get(result, "eligible", False)),
        "ground": str(get(result, "ground", "") or ""),
        "checks": [
            {
                "code": str(get(check, "code", "")),
                "passed": bool(get(check, "passed", False)),
                "detail": str(get(check, "detail", "") or ""),
            }
            for check in get(result, "checks", None) or []
        ],
    }


@extend_schema_view(
    list=extend_schema(responses={200: NominationListSerializer(many=True)}),
    retrieve=extend_schema(responses={200: NominationSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: NominationSerializer, 400: _ERR, 403: _ERR}),
    partial_update=extend_schema(responses={200: NominationSerializer, **ACTION_ERRORS}),
    destroy=extend_schema(
        responses={204: None, 403: _ERR, 404: _ERR, 409: _ERR},
        description="Deletes a draft that never left its unit; a nomination with history is refused "
        "(409): withdraw it instead.",
    ),
)
class NominationViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Nominations (hồ sơ đề nghị khen thưởng) and their workflow."""

    serializer_class = NominationSerializer
    filterset_class = NominationFilter
    ordering_fields = [
        "created_at",
        "updated_at",
        "submitted_at",
        "reference",
        "nominee_name",
        "status",
        "id",
    ]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    export_title = gettext_lazy("Danh sách hồ sơ đề nghị khen thưởng")
    export_filename = "ho-so-de-nghi.xlsx"
    export_columns = export_columns.NOMINATIONS

    def get_queryset(self):
        return nominations_visible_to(self.request.user).select_related("award_type", "period")

    def get_permissions(self):
        if self.action == "create":
            return [HasRole.of(Role.UNIT_HEAD, Role.STAFF)()]
        return super().get_permissions()

    def get_serializer_class(self):
        if self.action == "list":
            return NominationListSerializer
        return super().get_serializer_class()

    def _read(self, nomination: Nomination, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=nomination.pk)
        return Response(NominationSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    # --- CRUD -------------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        if self.exporting():
            visible = nominations_visible_to(request.user).select_related(
                "award_type", "period", "proposing_organization"
            )
            return self.export_response(self.filter_queryset(visible))
        rows = self.filter_queryset(nominations_visible_to(request.user)).values(*LIST_VALUES.values())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(NominationListSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = NominationSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_create(actor=request.user, **serializer.validated_data)
        return self._read(nomination, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        nomination = self.get_object()
        serializer = NominationSerializer(
            nomination, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_update(
            nomination=nomination, actor=request.user, changes=dict(serializer.validated_data)
        )
        return self._read(nomination)

    def destroy(self, request, *args, **kwargs):
        services.nomination_delete(nomination=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- workflow -------------------------------------------------------------------------

    @extend_schema(request=None, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """draft/returned → submitted (its unit); 400 when a required document is missing."""
        return self._read(services.nomination_submit(nomination=self.get_object(), actor=request.user))

    @extend_schema(request=CommentSerializer, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """→ withdrawn (its unit)."""
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_withdraw(
            nomination=self.get_object(), actor=request.user, **body.validated_data
        )
        return self._read(nomination)

    @extend_schema(request=ReturnSerializer, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """submitted → returned (staff), with a reason."""
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_return(
            nomination=self.get_object(), actor=request.user, **body.validated_data
        )
        return self._read(nomination)

    @extend_schema(request=VerifySerializer, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """submitted → verified (staff); 409 when not eligible unless override_reason is given."""
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_verify(
            nomination=self.get_object(), actor=request.user, **body.validated_data
        )
        return self._read(nomination)

    @extend_schema(request=CommentSerializer, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """verified → approved (staff), for award types that need no vote."""
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_confirm(
            nomination=self.get_object(), actor=request.user, **body.validated_data
        )
        return self._read(nomination)

    @extend_schema(request=RevokeSerializer, responses={200: NominationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """awarded → revoked (chairman), recorded with the revoking act (nominations.decisions)."""
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = nomination_revoke(
            nomination=self.get_object(), actor=request.user, **body.validated_data
        )
        return self._read(nomination)

    # --- reading --------------------------------------------------------------------------

    @extend_schema(responses={200: EligibilitySerializer, **READ_ERRORS, 400: _ERR})
    @action(detail=True, methods=["get"])
    def eligibility(self, request, pk=None):
        """The engine's result: the one stored at verification, or computed now before it."""
        nomination = self.get_object()
        if nomination.eligibility and nomination.status not in {*EDITABLE, "submitted"}:
            return Response(_eligibility_payload(nomination.eligibility))
        result = nomination_eligibility(nomination=nomination)
        return Response(_eligibility_payload(result))

    @extend_schema(responses={200: NominationEventSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        nomination = self.get_object()
        events = nomination.events.select_related("actor").order_by("at", "id")
        return Response(NominationEventSerializer(events, many=True).data)

    # --- documents --------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses={200: AttachmentSerializer(many=True), **READ_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **ACTION_ERRORS, 413: _ERR},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[SafeMultiPartParser],
        pagination_class=None,
        filter_backends=[],
    )
    def attachments(self, request, pk=None):
        nomination = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            rows = nomination.attachments.order_by("uploaded_at", "id")
            return Response(AttachmentSerializer(rows, many=True, context=context).data)
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        attachment = services.attachment_add(
            nomination=nomination,
            actor=request.user,
            kind=body.validated_data["kind"],
            upload=upload,
            filename=upload.name,
            size=upload.size,
        )
        return Response(
            AttachmentSerializer(attachment, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **READ_ERRORS},
        description="Downloads the document (Content-Disposition: attachment).",
    )
    @extend_schema(methods=["DELETE"], responses={204: None, 403: _ERR, 404: _ERR, 409: _ERR})
    @action(
        detail=True,
        methods=["get", "delete"],
        url_path=rf"attachments/(?P<attachment_id>{ID_REGEX})",
        url_name="attachment",
        renderer_classes=[JSONRenderer, PDFRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def attachment(self, request, pk=None, attachment_id=None):
        nomination = self.get_object()
        attachment = get_object_or_404(Attachment, pk=attachment_id, nomination=nomination)
        if request.method == "DELETE":
            services.attachment_delete(attachment=attachment, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return attachments.attachment_response(attachment)
