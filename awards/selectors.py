"""Reads that depend on who asks: the permission decides the queryset (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from awards.enums import Role
from awards.models import Organization, Person
from awards.roles import has_role, is_unit_head, sees_province_register, uses_register


def sees_whole_register(user: Any) -> bool:
    """Staff, council members, the chairman and admins read the whole register; a unit head
    its own subtree; a user with no role nothing (withdrawing a role never widens what one reads)."""
    return has_role(user, Role.STAFF, Role.CHAIRMAN, Role.COUNCIL_MEMBER)


def _subtree_path(user: Any) -> str | None:
    if not is_unit_head(user):
        return None
    organization = getattr(user, "organization", None)
    return organization.path if organization is not None and organization.path else None


def people_visible_to(user: Any) -> QuerySet[Person]:
    people = Person.objects.select_related("organization")
    if sees_whole_register(user):
        return people
    path = _subtree_path(user)
    if path is None:
        return people.none()
    return people.filter(organization__path__startswith=path)


def nominees_visible_to(user: Any) -> tuple[QuerySet[Person], QuerySet[Organization]]:
    """Whom `user` may name as a nominee: outside that, "does not exist" (no existence oracle)."""
    organizations = Organization.objects.all()
    if not sees_whole_register(user):
        path = _subtree_path(user)
        organizations = organizations.filter(path__startswith=path) if path else organizations.none()
    return people_visible_to(user), organizations


def restrict_subject_rows(queryset: QuerySet, user: Any, *, person_only: bool = False) -> QuerySet:
    """Ratings, holds, initiatives and register lines: a unit head sees its own subtree's only."""
    if sees_whole_register(user):
        return queryset
    path = _subtree_path(user)
    if path is None:
        return queryset.none()
    condition = Q(person__organization__path__startswith=path)
    if not person_only:
        condition |= Q(organization__path__startswith=path)
    return queryset.filter(condition)


def organization_path(organization_id: int) -> str | None:
    return Organization.objects.filter(pk=organization_id).values_list("path", flat=True).first()


# --- the register pages, statistics and exports: a role is needed to see anything ---------------


def register_path(user: Any) -> str | None:
    """'' for the whole province, a subtree's path for a unit head, None for nothing at all."""
    if not uses_register(user):
        return None
    if sees_province_register(user):
        return ""
    if is_unit_head(user):
        return _subtree_path(user)
    return None


def register_people_for(user: Any) -> QuerySet[Person]:
    path = register_path(user)
    people = Person.objects.select_related("organization")
    if path is None:
        return people.none()
    return people.filter(organization__path__startswith=path) if path else people


def register_organizations_for(user: Any) -> QuerySet[Organization]:
    path = register_path(user)
    organizations = Organization.objects.select_related("parent", "bloc")
    if path is None:
        return organizations.none()
    return organizations.filter(path__startswith=path) if path else organizations


def register_rows_for(queryset: QuerySet, user: Any, *, person_only: bool = False) -> QuerySet:
    """Register lines, ratings, initiatives of what `user` may see (nothing without a role)."""
    path = register_path(user)
    if path is None:
        return queryset.none()
    if not path:
        return queryset
    condition = Q(person__organization__path__startswith=path)
    if not person_only:
        condition |= Q(organization__path__startswith=path)
    return queryset.filter(condition)
