"""`/api/v1/council-sessions/`: sessions, votes, attendance, results (docs/api-notes.md).

Thin views: validate the input, call `nominations.council`, return the read
shape. Services raise ConflictError (409), ValidationError (400) and
PermissionDenied (403); `config.api.exception_handler` maps them.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from awards import roles
from awards.errors import ConflictError
from awards.roles import HoldsARole
from nominations import council
from nominations.api.serializers_council import (
    AttendanceOutSerializer,
    AttendanceSerializer,
    CouncilSessionSerializer,
    CouncilSessionWriteSerializer,
    ResultSerializer,
    VoteInputSerializer,
    VoteSerializer,
)
from nominations.enums import SessionStatus
from nominations.models import AgendaItem, Attendance, CouncilSession, Vote

_ERRORS = {
    400: OpenApiResponse(description="Bad input"),
    403: OpenApiResponse(description="Not allowed for this role"),
    404: OpenApiResponse(description="No such session, or not visible"),
    409: OpenApiResponse(description="The session's state forbids the action"),
}


def _staff_only(request) -> None:
    if not roles.is_staff(request.user):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được thực hiện thao tác này."))


class CouncilSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Council sessions: staff manage them; members read their own and vote."""

    serializer_class = CouncilSessionSerializer
    permission_classes = [HoldsARole]
    filterset_fields = ["status", "body", "period"]
    ordering_fields = ["meeting_date", "id"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        queryset = council.sessions_visible_to(self.request.user).order_by("-meeting_date", "-id")
        if self.action in ("list", "retrieve"):
            # Only the read shape needs members and agenda; votes stay one light query.
            queryset = queryset.prefetch_related(
                "members", Prefetch("items", queryset=AgendaItem.objects.order_by("position", "id"))
            )
        return queryset

    def _read_queryset(self):
        return council.sessions_visible_to(self.request.user).prefetch_related(
            "members", Prefetch("items", queryset=AgendaItem.objects.order_by("position", "id"))
        )

    def _read(self, session: CouncilSession, status_code: int = status.HTTP_200_OK) -> Response:
        session = self._read_queryset().get(pk=session.pk)
        return Response(CouncilSessionSerializer(session).data, status=status_code)

    @extend_schema(
        request=CouncilSessionWriteSerializer, responses={201: CouncilSessionSerializer, **_ERRORS}
    )
    def create(self, request):
        _staff_only(request)
        serializer = CouncilSessionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = council.session_create(actor=request.user, **serializer.validated_data)
        return self._read(session, status.HTTP_201_CREATED)

    @extend_schema(
        request=CouncilSessionWriteSerializer, responses={200: CouncilSessionSerializer, **_ERRORS}
    )
    def partial_update(self, request, pk=None):
        session = self.get_object()
        _staff_only(request)
        if session.status == SessionStatus.CLOSED:
            raise ConflictError(_("Phiên họp đã kết thúc, không thể sửa."))
        serializer = CouncilSessionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        session = council.session_update(session=session, actor=request.user, **serializer.validated_data)
        return self._read(session)

    @extend_schema(request=None, responses={200: CouncilSessionSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        session = self.get_object()
        _staff_only(request)
        return self._read(council.session_open(session=session, actor=request.user))

    @extend_schema(request=None, responses={200: CouncilSessionSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        session = self.get_object()
        _staff_only(request)
        return self._read(council.session_close(session=session, actor=request.user))

    @extend_schema(
        methods=["get"],
        request=None,
        responses={200: VoteSerializer(many=True), **_ERRORS},
        description=("The requesting member's own votes. In a secret ballot the choice is null."),
    )
    @extend_schema(methods=["post"], request=VoteInputSerializer, responses={201: VoteSerializer, **_ERRORS})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def votes(self, request, pk=None):
        session = self.get_object()
        if request.method == "GET":
            votes = (
                Vote.objects.filter(item__session=session, member=request.user)
                .select_related("item__session")
                .order_by("item__position", "item_id")
            )
            return Response(VoteSerializer(votes, many=True).data)
        serializer = VoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vote = council.vote_cast(
            session=session,
            member=request.user,
            nomination=serializer.validated_data["nomination"],
            choice=serializer.validated_data["choice"],
        )
        vote = Vote.objects.select_related("item__session").get(pk=vote.pk)
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"], request=None, responses={200: AttendanceOutSerializer(many=True), **_ERRORS}
    )
    @extend_schema(
        methods=["put"],
        request=AttendanceSerializer(many=True),
        responses={200: AttendanceOutSerializer(many=True), **_ERRORS},
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def attendance(self, request, pk=None):
        session = self.get_object()
        _staff_only(request)
        if request.method == "PUT":
            serializer = AttendanceSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            entries = [
                council.AttendanceEntry(
                    member_id=row["member"],
                    present=row["present"],
                    written_opinions=tuple(
                        council.WrittenOpinion(nomination_id=o["nomination"], choice=o["choice"])
                        for o in row.get("written_opinions", [])
                    ),
                )
                for row in serializer.validated_data
            ]
            council.attendance_record(session=session, actor=request.user, entries=entries)
        return Response(AttendanceOutSerializer(_attendance_rows(session), many=True).data)

    @extend_schema(request=None, responses={200: ResultSerializer(many=True), **_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        session = self.get_object()
        closed = session.status == SessionStatus.CLOSED
        if not council.tallies_visible_to(request.user, session):
            if session.secret_ballot:
                raise ConflictError(_("Bỏ phiếu kín: kết quả chỉ được công bố sau khi kết thúc phiên họp."))
            raise ConflictError(_("Kết quả chỉ được công bố sau khi kết thúc phiên họp."))
        rows = [
            {
                "nomination": item.nomination_id,
                "nominee_name": item.nomination.nominee_name,
                "award_type": item.nomination.award_type.code,
                "members": tally.members,
                "present": tally.present,
                "yes": tally.yes,
                "no": tally.no,
                "abstain": tally.abstain,
                "written": tally.written,
                "recused": tally.recused,
                "outcome": tally.outcome or None,
                "final": closed,
            }
            for item, tally in council.session_tallies(session)
        ]
        return Response(ResultSerializer(rows, many=True).data)


def _attendance_rows(session: CouncilSession) -> list[dict]:
    recorded = {a.member_id: a.present for a in Attendance.objects.filter(session=session)}
    voted = set(Vote.objects.filter(item__session=session, written=False).values_list("member_id", flat=True))
    opinions: dict[int, list[dict]] = {}
    for member_id, nomination_id, choice in (
        Vote.objects.filter(item__session=session, written=True)
        .order_by("item__position", "item_id")
        .values_list("member_id", "item__nomination_id", "choice")
    ):
        # A secret ballot's individual choices are never shown, written ones included.
        opinions.setdefault(member_id, []).append(
            {"nomination": nomination_id, "choice": None if session.secret_ballot else choice}
        )
    rows = []
    for member in session.members.order_by("full_name", "username"):
        present = recorded.get(member.pk)
        if member.pk in voted:
            present = True
        rows.append(
            {
                "member": member.pk,
                "member_name": str(member),
                "present": present,
                "written_opinions": opinions.get(member.pk, []),
            }
        )
    return rows
