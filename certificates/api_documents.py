"""`/api/v1/decisions/{id}/pdf/` and `/api/v1/council-sessions/{id}/minutes/` (docs/api-notes.md).

Served here because the certificates app owns every printed document; the
nominations app's selectors decide visibility (404), roles decide the rest.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.views import APIView

from awards import roles
from awards.enums import Role
from awards.errors import ConflictError
from awards.roles import HoldsARole
from certificates.decision_and_minutes import decision_pdf, minutes_pdf
from certificates.rendering import RenderingError
from nominations import council, decisions
from nominations.enums import DecisionStatus, SessionStatus

_PDF = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
    403: OpenApiResponse(description="Not allowed for this role"),
    404: OpenApiResponse(description="No such document, or not visible"),
    409: OpenApiResponse(description="Not available in the current state"),
}


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _render(build, **kwargs) -> bytes:
    try:
        return build(**kwargs)
    except RenderingError as exc:
        # Text the embedded font cannot draw, or content that does not fit: the
        # data needs fixing, it is not a server fault.
        raise ConflictError(_("Không thể in văn bản: %(why)s") % {"why": exc}) from exc


class DecisionPdfView(APIView):
    """The decision with its annexed list of recipients (staff, chairman)."""

    permission_classes = [HoldsARole]

    @extend_schema(responses=_PDF, operation_id="decisions_pdf_retrieve")
    def get(self, request, pk: int):
        if not roles.has_role(request.user, Role.STAFF, Role.CHAIRMAN):
            raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng và Chủ tịch được in quyết định."))
        decision = decisions.decisions_visible_to(request.user).filter(pk=pk).first()
        if decision is None:
            raise NotFound(_("Không tìm thấy."))
        # A draft is served too: every page carries the "DỰ THẢO" mark and no signer's name.
        data = _render(decision_pdf, decision=decision)
        prefix = "du-thao-" if decision.status == DecisionStatus.DRAFT else ""
        return _pdf(data, f"{prefix}quyet-dinh-{decision.pk}.pdf")


class MinutesPdfView(APIView):
    """The minutes of a closed session (staff, chairman, the session's members)."""

    permission_classes = [HoldsARole]

    @extend_schema(responses=_PDF, operation_id="council_sessions_minutes_retrieve")
    def get(self, request, pk: int):
        session = council.sessions_visible_to(request.user).filter(pk=pk).first()
        if session is None:
            raise NotFound(_("Không tìm thấy."))
        if session.status != SessionStatus.CLOSED:
            raise ConflictError(_("Biên bản chỉ có sau khi kết thúc phiên họp."))
        data = _render(minutes_pdf, session=session)
        return _pdf(data, f"bien-ban-phien-hop-{session.pk}.pdf")
