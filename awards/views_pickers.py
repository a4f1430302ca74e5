"""JSON endpoints of the awards pickers (session auth): people and units one may nominate,
the register's unit filter and the units whose ratings one enters.

Each answers `?q=` with at most `pickers.SHOWN` matches of the same queryset the form
validates against, so a unit head never finds another unit's people.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_GET

from awards import pickers, ratings, roles
from awards.pages import page
from awards.selectors import register_organizations_for, register_path


def _require_preparer(user) -> None:
    # Who may open the nomination form (unit heads, staff): the form's own rule.
    if not (roles.is_unit_head(user) or roles.is_staff(user)):
        raise PermissionDenied


@require_GET
@page
def nominee_people(request):
    _require_preparer(request.user)
    people, _units = pickers.nominee_choices(request.user)
    return pickers.picker_json(request, people, pickers.search_people, pickers.person_label)


@require_GET
@page
def nominee_units(request):
    _require_preparer(request.user)
    _people, units = pickers.nominee_choices(request.user)
    return pickers.picker_json(request, units, pickers.search_units, pickers.unit_label)


@require_GET
@page
def register_units(request):
    # The register's own rule: a role is needed to see anything (403, as its pages).
    if register_path(request.user) is None:
        raise PermissionDenied
    return pickers.units_json(request, register_organizations_for(request.user))


@require_GET
@page
def rating_units(request):
    if not roles.enters_ratings(request.user):
        raise PermissionDenied
    return pickers.units_json(request, ratings.organizations_for_entry(request.user))
