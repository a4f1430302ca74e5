"""Error pages: JSON under /api/, HTML elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.shortcuts import render
from django.views.defaults import page_not_found

from config import api


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api.json_not_found(request, exception)
    return page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if request.path.startswith("/api/"):
        return api.json_server_error(request)
    return render(request, "500.html", status=500)


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
