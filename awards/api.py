"""REST endpoints of the awards app: authentication, users, the catalogue and the register."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from awards import export_columns, filters, imports, ratings, serializers
from awards.enums import Role
from awards.errors import ConflictError
from awards.exports import ExportMixin
from awards.models import (
    AwardRecord,
    AwardType,
    BaseSalary,
    BlocResult,
    EmulationBloc,
    Hold,
    Initiative,
    Organization,
    Period,
    Rating,
    RatingLock,
    Registration,
    RuleSet,
    User,
)
from awards.roles import HasRole, ReadOrHasRole, is_staff
from awards.selectors import people_visible_to, restrict_subject_rows
from awards.serializers import TokenRequestSerializer, TokenResponseSerializer, UserSerializer
from config.api import LoginRateThrottle, SearchPagination
from config.lockout import lockout_response
from config.parsers import CheckedFormParser, CheckedMultiPartParser


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            429: OpenApiResponse(
                inline_serializer("LockedOut", {"detail": drf_serializers.CharField()}),
                description="Too many attempts, or locked out after failures: the message says when to retry.",
            ),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # The lockout backend marks the request it was given (DRF's, not Django's).
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request, credentials=getattr(request, "axes_credentials", None))
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class UserViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Users: administrators only, except `me`."""

    serializer_class = UserSerializer
    permission_classes = [HasRole.of(Role.ADMIN)]
    queryset = User.objects.select_related("organization").order_by("username")
    filterset_fields = ["organization", "is_active"]
    ordering_fields = ["username", "full_name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={200: UserSerializer})
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request):
        return Response(self.get_serializer(request.user).data)

    def perform_destroy(self, instance: User) -> None:
        # A user who acted in the workflow is referenced by protected rows
        # (events, votes, decisions): keep them, deactivate instead.
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError:
            instance.is_active = False
            instance.save(update_fields=["is_active"])
            Token.objects.filter(user=instance).delete()

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        if instance.pk == request.user.pk:
            return Response({"detail": _("Không thể xóa chính mình.")}, status=status.HTTP_409_CONFLICT)
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- catalogue and register ----------------------------------------------------------------------


class RegisterViewSet(viewsets.ModelViewSet):
    """Everyone signed in reads; staff and admins write. No PUT: PATCH changes what it names."""

    permission_classes = [ReadOrHasRole.of(Role.STAFF)]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer) -> None:
        self._save(serializer)

    def _save(self, serializer) -> None:
        # Validation catches what it can; a concurrent writer can still hit a constraint.
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:
            raise DjangoValidationError(_("Dữ liệu trùng hoặc mâu thuẫn với dữ liệu đã có.")) from None

    def perform_destroy(self, instance) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError):
            raise ConflictError(
                _("Không thể xóa vì dữ liệu khác đang dùng đến; hãy đánh dấu ngừng sử dụng.")
            ) from None


class BlocViewSet(RegisterViewSet):
    """Emulation blocs and clusters (khối, cụm thi đua)."""

    queryset = EmulationBloc.objects.order_by("code")
    serializer_class = serializers.BlocSerializer
    ordering_fields = ["code", "name", "id"]


class OrganizationViewSet(ExportMixin, RegisterViewSet):
    queryset = Organization.objects.select_related("parent", "bloc", "successor")
    export_title = gettext_lazy("Danh sách đơn vị")
    export_filename = "don-vi.xlsx"
    export_columns = export_columns.ORGANIZATIONS
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["code", "name", "path", "id"]


_PERSON_LIST_FIELDS = (
    *(name for name in serializers.PersonSerializer.Meta.fields if name != "organization_name"),
    "organization__name",
)


class PersonViewSet(ExportMixin, RegisterViewSet):
    """People; a unit head sees only its own organization subtree (others: 404)."""

    export_title = gettext_lazy("Danh sách cá nhân")
    export_filename = "ca-nhan.xlsx"
    export_columns = export_columns.PEOPLE
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    filter_backends = [DjangoFilterBackend]  # ordering is the filterset's (Vietnamese name order)
    pagination_class = SearchPagination  # a search's page and count from one pass of the index

    def get_queryset(self):
        people = people_visible_to(self.request.user)
        if self.action == "list" and not self.exporting():
            # What the list shows, nothing more: no timestamps to convert, no sort or search keys.
            people = people.only(*_PERSON_LIST_FIELDS)
        return people


class AwardTypeViewSet(RegisterViewSet):
    queryset = AwardType.objects.prefetch_related("rule_sets")
    serializer_class = serializers.AwardTypeSerializer
    filterset_class = filters.AwardTypeFilter
    ordering_fields = ["code", "name", "id"]


class RuleSetViewSet(RegisterViewSet):
    """Versions of an award type's rules (also nested, read-only, in award-types)."""

    queryset = RuleSet.objects.select_related("award_type")
    serializer_class = serializers.RuleSetSerializer
    filterset_class = filters.RuleSetFilter
    ordering_fields = ["effective_from", "id"]


class BaseSalaryViewSet(RegisterViewSet):
    queryset = BaseSalary.objects.all()
    serializer_class = serializers.BaseSalarySerializer
    ordering_fields = ["effective_from", "id"]


class PeriodViewSet(RegisterViewSet):
    queryset = Period.objects.all()
    serializer_class = serializers.PeriodSerializer
    filterset_class = filters.PeriodFilter
    ordering_fields = ["year", "opens_on", "closes_on", "id"]


class SubjectRowsViewSet(RegisterViewSet):
    person_only = False

    def get_queryset(self):
        return restrict_subject_rows(super().get_queryset(), self.request.user, person_only=self.person_only)


class HoldViewSet(SubjectRowsViewSet):
    queryset = Hold.objects.select_related("person", "organization")
    serializer_class = serializers.HoldSerializer
    filterset_class = filters.HoldFilter
    ordering_fields = ["starts_on", "ends_on", "id"]


class RatingViewSet(SubjectRowsViewSet):
    """Yearly ratings: unit heads write their subtree's, staff anyone's; a locked year is a 409."""

    permission_classes = [ReadOrHasRole.of(Role.STAFF, Role.UNIT_HEAD)]
    queryset = Rating.objects.select_related("person__organization", "organization", "entered_by")
    serializer_class = serializers.RatingSerializer
    filterset_class = filters.RatingFilter
    ordering_fields = ["year", "id"]

    def _save(self, serializer) -> None:
        rating = serializer.instance or Rating()
        for name, value in serializer.validated_data.items():
            setattr(rating, name, value)
        serializer.instance = ratings.rating_save(actor=self.request.user, rating=rating)

    def perform_destroy(self, instance) -> None:
        ratings.rating_delete(actor=self.request.user, rating=instance)


class RatingLockViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Staff lock a unit's year once its ratings are checked (unlock: DELETE)."""

    permission_classes = [ReadOrHasRole.of(Role.STAFF)]
    queryset = RatingLock.objects.select_related("organization", "locked_by").order_by(
        "-year", "organization"
    )
    serializer_class = serializers.RatingLockSerializer
    filterset_fields = ["organization", "year"]

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = ratings.rating_lock(
            actor=self.request.user, organization=data["organization"], year=data["year"]
        )

    def perform_destroy(self, instance) -> None:
        ratings.rating_unlock(actor=self.request.user, lock=instance)


class InitiativeViewSet(SubjectRowsViewSet):
    person_only = True
    queryset = Initiative.objects.select_related("person")
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter
    ordering_fields = ["recognized_on", "id"]


class BlocResultViewSet(RegisterViewSet):
    queryset = BlocResult.objects.select_related("period", "bloc", "organization")
    serializer_class = serializers.BlocResultSerializer
    filterset_class = filters.BlocResultFilter
    ordering_fields = ["rank", "id"]


class RegistrationViewSet(RegisterViewSet):
    queryset = Registration.objects.select_related("period", "organization").prefetch_related("award_types")
    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilter
    ordering_fields = ["registered_on", "id"]


@extend_schema_view(
    partial_update=extend_schema(
        responses={
            200: serializers.AwardRecordSerializer,
            409: OpenApiResponse(
                description="A line written by a decision: revoke it through its nomination."
            ),
        }
    )
)
class AwardRecordViewSet(ExportMixin, SubjectRowsViewSet):
    """The register: revocable (PATCH `revoked`), never deleted."""

    export_title = gettext_lazy("Sổ theo dõi khen thưởng")
    export_filename = "so-khen-thuong.xlsx"
    export_columns = export_columns.AWARD_RECORDS
    queryset = AwardRecord.objects.select_related(
        "award_type", "person__organization", "organization__parent", "period"
    )
    serializer_class = serializers.AwardRecordSerializer
    filterset_class = filters.AwardRecordFilter
    ordering_fields = ["year", "decision_date", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]


# --- Excel imports ----------------------------------------------------------------------------------

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=sorted(imports.KINDS))


class ImportView(APIView):
    """GET: the .xlsx template of a kind. POST: import a filled one (all rows or none).

    Staff import every kind; unit heads import their own subtree's ratings.
    """

    permission_classes = [HasRole.of(Role.STAFF, Role.UNIT_HEAD)]
    parser_classes = [CheckedMultiPartParser, CheckedFormParser]

    def _kind(self, kind: str) -> imports.ImportKind:
        try:
            spec = imports.KINDS[kind]
        except KeyError:
            raise Http404 from None
        if kind != "ratings" and not is_staff(self.request.user):
            raise PermissionDenied(_("Thủ trưởng đơn vị chỉ nhập được xếp loại hằng năm."))
        return spec

    @extend_schema(
        operation_id="imports_template",
        parameters=[_KIND],
        responses={(200, _XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The template.")},
    )
    def get(self, request, kind: str):
        spec = self._kind(kind)
        response = HttpResponse(imports.template(spec), content_type=_XLSX)
        response["Content-Disposition"] = f'attachment; filename="mau-nhap-{spec.slug}.xlsx"'
        return response

    @extend_schema(
        operation_id="imports_run",
        parameters=[_KIND],
        request={"multipart/form-data": serializers.ImportRequestSerializer},
        responses={
            200: serializers.ImportReportSerializer,
            400: OpenApiResponse(serializers.ImportReportSerializer, description="Problems; nothing saved."),
            413: OpenApiResponse(description="File over the limit."),
        },
    )
    def post(self, request, kind: str):
        spec = self._kind(kind)
        form = serializers.ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        guard = ratings.import_guard(request.user) if spec is imports.KINDS["ratings"] else None
        report = imports.run_import(
            spec, form.validated_data["file"], dry_run=form.validated_data["dry_run"], guard=guard
        )
        code = status.HTTP_400_BAD_REQUEST if report.errors else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)
