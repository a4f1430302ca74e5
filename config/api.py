"""API plumbing shared by every app: pagination, errors, throttles."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from awards.errors import ConflictError, PayloadTooLarge

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _validation_payload(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
    return {"detail": " ".join(str(m) for m in exc.messages)}


def exception_handler(exc, context):
    """Map domain errors to HTTP: ConflictError → 409, ValidationError → 400."""
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PayloadTooLarge):
        return Response({"detail": exc.message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        return Response(_validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class LoginRateThrottle(AnonRateThrottle):
    """Per client address, for the token endpoint."""

    scope = "login"


class LoginUsernameThrottle(SimpleRateThrottle):
    """Per username, so a distributed guesser is slowed down too."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request, "data") else None
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username.strip().lower()[:150]}


class VerifyRateThrottle(AnonRateThrottle):
    scope = "verify"


def json_not_found(request, exception=None):
    """404 for unknown paths under /api/: JSON, not the HTML page."""
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)


def json_server_error(request):
    return JsonResponse({"detail": _("Lỗi máy chủ. Vui lòng thử lại sau.")}, status=500)
