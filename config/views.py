"""Error pages: JSON under /api/, HTML elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import permission_denied as html_permission_denied

from config import api


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api.json_not_found(request, exception)
    return page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if request.path.startswith("/api/"):
        return api.json_server_error(request)
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    """Django's own 400s (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields): JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Yêu cầu không hợp lệ hoặc nội dung quá lớn.")}, status=400)
    return html_bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bạn không có quyền thực hiện thao tác này.")}, status=403)
    return html_permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """The service's own page for a refused form (missing or stale CSRF token), in the
    user's language, with a way back to the page the form came from."""
    if request.path.startswith("/api/"):
        return api.json_csrf_failure(request)
    back = _same_site_referer(request) or request.path
    return render(request, "403_csrf.html", {"back": back}, status=403)


def _same_site_referer(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    parsed = urlsplit(referer)
    if not referer or parsed.netloc != request.get_host() or not parsed.path.startswith("/"):
        return ""
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")
