"""REST endpoints of the awards app: authentication and users."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from awards.enums import Role
from awards.models import User
from awards.roles import HasRole
from awards.serializers import TokenRequestSerializer, TokenResponseSerializer, UserSerializer
from config.api import LoginRateThrottle, LoginUsernameThrottle


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle, LoginUsernameThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
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
