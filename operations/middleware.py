"""Request id, refusals into the audit log, and 503 while the database is away."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from operations.audit import record
from operations.context import current_request, current_request_id, request_id_from
from operations.models import AuditAction

logger = logging.getLogger("operations.requests")

DATABASE_ERRORS = (OperationalError, InterfaceError)


class RequestContextMiddleware:
    """Outermost of ours: gives every log line of the request the same id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request)
        request.request_id = request_id
        # Cleared by the request_finished receiver, not here: Django logs the
        # response's status ("django.request") after the middleware has returned.
        current_request_id.set(request_id)
        current_request.set(request)
        response = self.get_response(request)
        if response.status_code == 403:
            self._record_refusal(request)
        response["X-Request-ID"] = request_id
        return response

    def _record_refusal(self, request) -> None:
        user = getattr(request, "user", None)
        record(
            AuditAction.PERMISSION_DENIED,
            request=request,
            user=user,
            username=user.get_username() if user is not None and user.is_authenticated else "",
        )

    def process_exception(self, request, exception):
        """A database that is down or restarting: 503 (JSON under /api/), not a 500.

        Connections are opened per request, so the next request after the database
        returns is served normally without restarting the web server.
        """
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("database unavailable: %s", exception)
        message = _("Cơ sở dữ liệu tạm thời không sẵn sàng. Vui lòng thử lại sau.")
        if request.path.startswith("/api/") or request.path in ("/healthz", "/readyz"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            # No request context: its processors would ask the database for the user.
            html = render_to_string("operations/unavailable.html", {"message": message})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = "10"
        return response
