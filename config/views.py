"""Error pages: JSON under /api/, HTML elsewhere."""

from __future__ import annotations

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
