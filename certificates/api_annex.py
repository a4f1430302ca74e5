"""`/api/v1/decisions/{id}/annex.xlsx` and `.docx`: the annexed list, for pasting into reports.

The same rules as the decision's PDF: staff and the chairman, a decision they
may see (else 404), issued (a draft is a 409).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from awards import roles
from awards.enums import Role
from awards.errors import ConflictError
from awards.exports import XLSX
from certificates.annex import annex_docx, annex_xlsx
from nominations import decisions
from nominations.enums import DecisionStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_KINDS = {"xlsx": (annex_xlsx, XLSX), "docx": (annex_docx, DOCX)}


def annex_download(user, pk: int, kind: str) -> HttpResponse:
    """Shared by the API and the decision page; raises the API's errors (403, 404, 409)."""
    if not roles.has_role(user, Role.STAFF, Role.CHAIRMAN):
        raise PermissionDenied(
            _("Chỉ cán bộ Ban Thi đua - Khen thưởng và Chủ tịch được tải danh sách kèm theo.")
        )
    decision = decisions.decisions_visible_to(user).filter(pk=pk).first()
    if decision is None:
        raise NotFound(_("Không tìm thấy."))
    if decision.status == DecisionStatus.DRAFT:
        raise ConflictError(_("Quyết định chưa được ban hành, chưa có danh sách kèm theo chính thức."))
    build, content_type = _KINDS[kind]
    response = HttpResponse(build(decision), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-kem-theo-quyet-dinh-{decision.pk}.{kind}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _responses(media_type: str) -> dict:
    return {
        (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The annex"),
        403: OpenApiResponse(description="Not staff or chairman"),
        404: OpenApiResponse(description="No such decision, or not visible"),
        409: OpenApiResponse(description="A draft decision"),
    }


class DecisionAnnexXlsxView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=_responses(XLSX), operation_id="decisions_annex_xlsx")
    def get(self, request, pk: int):
        return annex_download(request.user, pk, "xlsx")


class DecisionAnnexDocxView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=_responses(DOCX), operation_id="decisions_annex_docx")
    def get(self, request, pk: int):
        return annex_download(request.user, pk, "docx")
