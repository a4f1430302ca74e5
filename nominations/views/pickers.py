"""JSON endpoints of the dossier pickers (session auth): the session form's agenda and the
decision form's dossiers. Staff only, as the forms; each offers exactly what its form
accepts, narrowed by the form's period, body or award type, at most `pickers.SHOWN` rows.
And the lists' unit filter: the units the user may filter by (`list_filters.units_for`)."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from awards import pickers, roles
from awards.pages import page
from nominations.forms import agenda_offer, approved_offer, search_dossiers
from nominations.list_filters import units_for
from nominations.models import Nomination
from nominations.views.common import require
from nominations.views.decisions import _approved_free
from nominations.views.sessions import _agenda_choices


def dossier_label(nomination: Nomination) -> str:
    return f"{nomination.reference} · {nomination.nominee_name} · {nomination.award_type.name}"


@require_GET
@page
def agenda_dossiers(request):
    require(roles.is_staff, request.user)
    offer = agenda_offer(
        _agenda_choices(request.user, request.GET.get("session", "")),
        period=request.GET.get("period", ""),
        body=request.GET.get("body", ""),
    )
    offer = offer.select_related("award_type").order_by("reference")
    return pickers.picker_json(request, offer, search_dossiers, dossier_label)


@require_GET
@page
def approved_dossiers(request):
    require(roles.is_staff, request.user)
    offer = approved_offer(
        _approved_free(request.user),
        award_code=request.GET.get("award_type", ""),
        period=request.GET.get("period", ""),
    )
    return pickers.picker_json(request, offer, search_dossiers, dossier_label)


@require_GET
@page
def filter_units(request):
    # Whoever sees a list may filter it: a unit head finds only its own subtree.
    return pickers.units_json(request, units_for(request.user))
