"""Certificates, print profiles, print jobs and public verification (docs/api-notes.md;
the README, "Certificates and printing"). Views validate input, call a service, shape output."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from awards import clock, roles
from awards.enums import Role
from awards.errors import ConflictError
from awards.roles import HasRole, HoldsARole
from certificates import services
from certificates.enums import PrintJobStatus, PrintMode
from certificates.filters import CertificateFilter
from certificates.models import PrintProfile
from certificates.rendering import available_layouts
from certificates.selectors import (
    certificate_by_code,
    certificates_visible_to,
    print_jobs_visible_to,
    verification_data,
)
from certificates.serializers import (
    CertificateSerializer,
    PrintJobCreateSerializer,
    PrintJobSerializer,
    PrintProfileSerializer,
    VerificationSerializer,
)
from config.api import VerifyRateThrottle
from nominations.serializers import DetailSerializer

_ERRORS = {
    400: OpenApiResponse(DetailSerializer, description="Bad input"),
    403: OpenApiResponse(DetailSerializer, description="Not allowed for this role"),
    404: OpenApiResponse(DetailSerializer, description="Does not exist, or not visible"),
}
_PDF = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
    **_ERRORS,
    409: OpenApiResponse(DetailSerializer, description="Not printable in the current state"),
}


def pdf_response(data_or_file, filename: str) -> HttpResponse:
    """A private PDF: downloaded, never sniffed, never cached."""
    if isinstance(data_or_file, bytes):
        response = HttpResponse(data_or_file, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            data_or_file, as_attachment=True, filename=filename, content_type="application/pdf"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _pdf_options(params) -> tuple[str, PrintProfile | None]:
    """`?mode=full|blank&profile=<id>`, checked by hand: a serializer per request cost
    a tenth of the endpoint's own time (the benchmark's budget is a page's render)."""
    mode = params.get("mode") or PrintMode.FULL
    if mode not in PrintMode.values:
        raise ValidationError({"mode": [_("Chế độ in phải là “full” (đầy đủ) hoặc “blank” (in lên phôi).")]})
    raw = params.get("profile") or ""
    if not raw:
        return mode, None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise ValidationError({"profile": [_("Mã không hợp lệ: cần một số nguyên.")]})
    profile = PrintProfile.objects.filter(pk=int(raw)).first()
    if profile is None:
        raise ValidationError({"profile": [_("Không có hồ sơ máy in có mã “%(id)s”.") % {"id": raw}]})
    return mode, profile


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certificates created by issued decisions; status follows the award register."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    permission_classes = [HoldsARole]
    ordering_fields = ["register_number", "id"]

    def get_queryset(self):
        if self.action == "pdf":
            # Everything the page needs, read with the visibility check: one query.
            return services.certificates_for_rendering(certificates_visible_to(self.request.user)).order_by()
        return (
            certificates_visible_to(self.request.user)
            .select_related("nomination", "decision__award_type", "award_record")
            .order_by("-decision__signed_on", "-decision_id", "register_number")
        )

    def filter_queryset(self, queryset):
        # The list's filters do not apply to one certificate's PDF (its query string
        # is mode and profile), and building the filter form costs a millisecond.
        if self.action == "pdf":
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(
        parameters=[
            OpenApiParameter("mode", str, enum=["full", "blank"], description="full (default) or blank"),
            OpenApiParameter("profile", int, description="print profile id (paper and offsets)"),
        ],
        responses=_PDF,
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        certificate = self.get_object()
        roles.require(
            request.user, Role.STAFF, message=_("Chỉ cán bộ Ban Thi đua - Khen thưởng được in bằng khen.")
        )
        mode, profile = _pdf_options(request.query_params)
        data = services.certificate_render(certificate=certificate, mode=mode, profile=profile)
        return pdf_response(data, f"bang-khen-{certificate.decision_id}-{certificate.register_number}.pdf")


class PrintProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Printers and their paper, with the offsets that put blank-mode text on the form."""

    serializer_class = PrintProfileSerializer
    permission_classes = [HasRole.of(Role.STAFF)]
    queryset = PrintProfile.objects.order_by("name", "id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "layout",
                str,
                enum=list(available_layouts()),
                description="mark this layout's blank-mode fields on the grid",
            )
        ],
        responses=_PDF,
    )
    @action(detail=True, methods=["get"])
    def calibration(self, request, pk=None):
        profile = self.get_object()
        code = request.query_params.get("layout") or None
        data = services.print_profile_calibration(profile=profile, layout_code=code)
        return pdf_response(data, f"can-chinh-may-in-{profile.pk}.pdf")


class PrintJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One PDF for a decision or a list of certificates, rendered as a task."""

    serializer_class = PrintJobSerializer
    permission_classes = [HoldsARole]
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        return (
            print_jobs_visible_to(self.request.user)
            .prefetch_related("certificates")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request=PrintJobCreateSerializer,
        responses={202: PrintJobSerializer, **_ERRORS},
    )
    def create(self, request):
        roles.require(
            request.user, Role.STAFF, message=_("Chỉ cán bộ Ban Thi đua - Khen thưởng được in bằng khen.")
        )
        body = PrintJobCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        job = services.print_job_create(
            actor=request.user,
            decision=data.get("decision"),
            certificate_ids=data.get("certificates"),
            mode=data["mode"],
            profile=data.get("profile"),
        )
        # Read back with its relations; the task has not run (queued, or just claimed by a thread).
        job = self.get_queryset().get(pk=job.pk)
        return Response(PrintJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            202: PrintJobSerializer,
            **_ERRORS,
            409: OpenApiResponse(DetailSerializer, description="Done, queued or still running"),
        },
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Resume an interrupted (lease expired) or failed job: rendered again into one PDF."""
        job = services.print_job_retry(job=self.get_object(), actor=request.user)
        job = self.get_queryset().get(pk=job.pk)
        return Response(PrintJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=_PDF)
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        job = self.get_object()
        if job.status != PrintJobStatus.DONE or not job.file:
            shown = PrintJobStatus(job.shown_status(clock.now()))
            message = _("Lệnh in chưa xong (%(done)s/%(total)s trang, trạng thái “%(s)s”).") % {
                "done": job.done,
                "total": job.total,
                "s": shown.label,
            }
            if shown == PrintJobStatus.INTERRUPTED:
                message += " " + _("Hãy bấm “In lại” (POST /api/v1/print-jobs/%(n)s/retry/).") % {"n": job.pk}
            raise ConflictError(message)
        try:
            handle = default_storage.open(job.file.name, "rb")
        except FileNotFoundError as exc:
            raise NotFound(_("Tệp PDF của lệnh in không còn.")) from exc
        return pdf_response(handle, f"lenh-in-{job.pk}.pdf")


class VerifyView(APIView):
    """Public: is this certificate genuine and still valid? Throttled per client."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyRateThrottle]

    @extend_schema(
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(DetailSerializer, description="Unknown code"),
            429: OpenApiResponse(DetailSerializer, description="Too many attempts"),
        },
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
        operation_id="verify_retrieve",
    )
    def get(self, request, code: str):
        certificate = certificate_by_code(code)
        if certificate is None:
            raise NotFound(_("Không tìm thấy bằng khen với mã này."))
        response = Response(VerificationSerializer(verification_data(certificate)).data)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
