"""`/api/v1/notifications/`: the signed-in user's own notices; another's id is a 404."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from awards import clock
from nominations.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The page to open (never the API).")

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "created_at", "read_at"]
        read_only_fields = fields


@extend_schema(
    parameters=[OpenApiParameter("unread", bool, description="only notices not yet read")],
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    filter_backends: list = []
    lookup_value_regex = "[0-9]{1,18}"  # never a value that overflows a bigint

    def get_queryset(self):
        mine = Notification.objects.filter(recipient=self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in ("1", "true"):
            mine = mine.filter(read_at__isnull=True)
        return mine

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notice read (idempotent: the first time is kept)."""
        notice = self.get_object()
        if notice.read_at is None:
            Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=clock.now())
            notice.refresh_from_db()
        return Response(self.get_serializer(notice).data)
