"""Every role check of the service lives here (DESIGN.md, "Roles").

Views, serializers, selectors and services ask these functions; nothing else
reads `user.roles` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.permissions import BasePermission

from awards.enums import Role

# Apps whose data the secretariat manages in the admin site.
_STAFF_ADMIN_APPS = {"awards", "nominations", "certificates"}


def roles_of(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = set(getattr(user, "roles", None) or [])
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return frozenset(roles)


def has_role(user: Any, *roles: str) -> bool:
    """True when the user holds any of `roles`; an admin holds them all."""
    held = roles_of(user)
    return Role.ADMIN in held or bool(held & set(roles))


def is_admin(user: Any) -> bool:
    return Role.ADMIN in roles_of(user)


def is_staff(user: Any) -> bool:
    return has_role(user, Role.STAFF)


def is_unit_head(user: Any) -> bool:
    return Role.UNIT_HEAD in roles_of(user)


def is_council_member(user: Any) -> bool:
    return Role.COUNCIL_MEMBER in roles_of(user)


def is_chairman(user: Any) -> bool:
    return has_role(user, Role.CHAIRMAN)


def sees_all_submitted(user: Any) -> bool:
    """Staff, the chairman and admins see every nomination past draft."""
    return has_role(user, Role.STAFF, Role.CHAIRMAN)


def manages_catalogue(user: Any) -> bool:
    return has_role(user, Role.STAFF)


def user_has_admin_perm(user: Any, perm: str) -> bool:
    """Admin-site permissions follow roles: admins everything, staff the domain apps."""
    held = roles_of(user)
    if Role.ADMIN in held:
        return True
    if Role.STAFF in held:
        app_label, _, codename = perm.partition(".")
        return app_label in _STAFF_ADMIN_APPS and not codename.endswith("_user")
    return False


def user_has_admin_module_perms(user: Any, app_label: str) -> bool:
    held = roles_of(user)
    return Role.ADMIN in held or (Role.STAFF in held and app_label in _STAFF_ADMIN_APPS)


class HasRole(BasePermission):
    """DRF permission: `HasRole.of(Role.STAFF)` lets staff (and admins) through."""

    roles: Iterable[str] = ()

    @classmethod
    def of(cls, *roles: str) -> type[HasRole]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": tuple(roles)})

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, *self.roles)


class ReadOrHasRole(HasRole):
    """Any signed-in user reads; writing needs one of `roles`."""

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return bool(request.user and request.user.is_authenticated)
        return has_role(request.user, *self.roles)


# --- the register pages, statistics and exports ---------------------------------------------------


def uses_register(user: Any) -> bool:
    """Someone who holds a role: a signed-in user without one sees nothing of the register."""
    return bool(roles_of(user))


def sees_province_register(user: Any) -> bool:
    """Staff, council members and the chairman (and admins) look at the whole province."""
    return has_role(user, Role.STAFF, Role.CHAIRMAN, Role.COUNCIL_MEMBER)


def sees_holds(user: Any) -> bool:
    """Holds (discipline, investigation) are for the secretariat's eyes only."""
    return has_role(user, Role.STAFF)


def enters_ratings(user: Any) -> bool:
    """Unit heads record their own people's yearly ratings; staff may correct them."""
    return is_unit_head(user) or is_staff(user)


def locks_ratings(user: Any) -> bool:
    return is_staff(user)
