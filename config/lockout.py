"""One lockout policy for every login: the pages, the admin site and the token endpoint.

django-axes records each failure (table `axes_accessattempt`, shared by every
worker through the database) and refuses a username after
`LOGIN_FAILURES_PER_USERNAME` failures, or a client address after
`LOGIN_FAILURES_PER_ADDRESS`, within `LOGIN_LOCKOUT_MINUTES` — the right
password included. Staff unlock someone by deleting their access attempts in
the admin site ("Axes" section).
"""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import clock


def username_of(request, credentials: dict | None) -> str | None:
    """The username a failure counts against: trimmed, case-folded (`Lan` and `lan` share a count)."""
    raw = (credentials or {}).get("username")
    if raw is None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get("username") if hasattr(data, "get") else None
    if not isinstance(raw, str):
        return None
    return raw.replace("\x00", "").strip().casefold()[:150] or None


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses a locked-out login before the password is checked.

    Without a request (the shell, management commands, the test client's
    `login()`) no client is there to lock out, and axes would refuse to run.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate limit per lockout parameter.

    Axes compares the largest failure count of its parameters with one limit;
    the per-address count is shifted so that reaching its own limit reaches
    that one too (AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]).
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        shift = settings.LOGIN_FAILURES_PER_USERNAME - settings.LOGIN_FAILURES_PER_ADDRESS
        return max(per_username, per_address + shift)


def retry_at(request, credentials: dict | None):
    """When the last failure counted against this username or address leaves the window."""
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or clock.now()) + settings.AXES_COOLOFF_TIME


def lockout_message(moment) -> str:
    local = timezone.localtime(moment)
    return _(
        "Đăng nhập tạm thời bị khóa vì nhập sai quá nhiều lần. Vui lòng thử lại sau %(time)s ngày %(date)s."
    ) % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


def lockout_response(request, original_response=None, credentials=None):
    """429 with the time to retry: JSON under /api/, the login page's own layout elsewhere."""
    moment = retry_at(request, credentials)
    message = lockout_message(moment)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(max(1, math.ceil((moment - clock.now()).total_seconds())))
    return response
