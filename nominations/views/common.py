"""Helpers every page of the process shares: visibility, permission checks, service calls."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from awards import clock
from awards.errors import ConflictError, PayloadTooLarge
from awards.models import Period
from nominations import services
from nominations.enums import NominationStatus
from nominations.forms import apply_service_error
from nominations.models import Nomination
from nominations.selectors import nominations_visible_to
from nominations.workflow import ACTIONS

WITHDRAWABLE = ACTIONS["withdraw"].sources


S = NominationStatus


def visible_nominations(user):
    """Every nomination the user may see: the API's selector, one set of rules."""
    return nominations_visible_to(user=user)


def require(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def get_visible_nomination(user, pk: int) -> Nomination:
    return get_object_or_404(
        visible_nominations(user).select_related(
            "award_type", "period", "proposing_organization", "nominee_person", "nominee_organization"
        ),
        pk=pk,
    )


def service_call(request, form, func, **kwargs):
    """Run a service; map its domain errors onto the form or the page. Returns (ok, result)."""
    try:
        return True, func(**kwargs)
    except ValidationError as error:
        if isinstance(error, services.DuplicateNomination):
            _show_duplicate(request, form, error)
        elif form is not None:
            apply_service_error(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False, None
    except PayloadTooLarge as error:
        if form is not None:
            form.add_error("file" if "file" in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
        return False, None
    except ConflictError as error:
        if form is not None:
            form.add_error(None, error.message)
        else:
            messages.error(request, error.message)
        return False, None


def _show_duplicate(request, form, error) -> None:
    """The other dossier's reference beside the field, and a link to it when allowed."""
    if form is None:
        messages.error(request, error.page_message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.page_message)
    form.duplicate = {"reference": error.existing.reference, "url": error.url}


def open_periods():
    today = clock.today()
    periods = Period.objects.filter(closes_on__gte=today).order_by("closes_on")
    rows = []
    for period in periods[:6]:
        rows.append(
            {
                "period": period,
                "days_left": (period.closes_on - today).days,
                "is_open": period.accepts_submissions_on(today),
            }
        )
    return rows
