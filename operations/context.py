"""The request being served, for log lines and audit rows written far from the view.

A context variable, so each thread (and each request) sees only its own.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")

# A proxy's id is kept when it looks like one (letters, digits, dashes; bounded),
# so the proxy's access log and ours share it; anything else gets a fresh id.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_from(request: HttpRequest) -> str:
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    return offered if _ACCEPTED_ID.match(offered) else uuid.uuid4().hex


try:  # the trusted-proxies rule (TRUSTED_PROXIES), where the security settings provide it
    from config.client_address import client_address as _address_of
except ImportError:  # pragma: no cover - before that module exists: the socket's address

    def _address_of(request: HttpRequest) -> str:
        return request.META.get("REMOTE_ADDR", "")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return _address_of(getattr(request, "_request", request)) or None
