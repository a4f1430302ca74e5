"""Helpers every app's HTML views share (awards is the base of the dependency chain)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


def page(view):
    """A signed-in page whose "not found" is the styled 404 page, with DEBUG on or off.

    Django's technical 404 page (DEBUG) lists the URL patterns: a demo user who
    opens another unit's dossier must see the same page as in production.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return render(request, "404.html", status=404)

    return login_required(wrapped)
