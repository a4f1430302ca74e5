"""Every role check of the service lives here (DESIGN.md, "Roles").

Views, serializers, selectors and services ask these functions; nothing else
reads `user.roles` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from awards.enums import Role

# Apps whose data the secretariat manages in the admin site ("axes": unlocking a locked-out login).
_STAFF_ADMIN_APPS = {"awards", "nominations", "certificates", "axes"}


def roles_of(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = set(getattr(user, "roles", None) or [])
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return frozenset(roles)


def holds_a_role(user: Any) -> bool:
    """A signed-in user with no role (never given one, or all withdrawn) reads nothing: 403 on lists."""
    return bool(roles_of(user))


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


class HoldsARole(BasePermission):
    """DRF permission: signed in and holding at least one role."""

    message = _("Tài khoản của bạn chưa được giao vai trò nào; hãy liên hệ quản trị viên.")

    def has_permission(self, request, view) -> bool:
        return holds_a_role(request.user)


class ReadOrHasRole(HasRole):
    """Any user with a role reads; writing needs one of `roles`."""

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return holds_a_role(request.user)
        return has_role(request.user, *self.roles)
