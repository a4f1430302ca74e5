"""Every role check of the service lives here (docs/architecture.md, "Where each rule lives").

Views, serializers, selectors and services ask these functions; nothing else
reads `user.roles` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from awards.enums import Role

# What staff may manage in the admin, model by model (app label → model names). Users
# stay with administrators: a clerk could otherwise tick is_superuser or grant roles.
# A new model is refused to staff until it is listed here (a test lists every model).
STAFF_ADMIN_MODELS: dict[str, frozenset[str]] = {
    "awards": frozenset(
        {
            "awardtype",
            "ruleset",
            "basesalary",
            "period",
            "emulationbloc",
            "organization",
            "person",
            "rating",
            "initiative",
            "hold",
            "blocresult",
            "registration",
            "awardrecord",
            "ratinglock",
        }
    ),
    "nominations": frozenset(
        {
            "nomination",
            "nominationevent",
            "attachment",
            "councilsession",
            "agendaitem",
            "attendance",
            "vote",
            "decision",
            "decisionitem",
            "decisionevent",
        }
    ),
    # Not "register": the running number of certificates is written only by issuing.
    "certificates": frozenset({"certificate", "printprofile", "printjob", "layoutemblem"}),
    # Unlocking a locked-out login is the secretariat's job.
    "axes": frozenset({"accessattempt"}),
}


def require(actor: Any, *roles: str, message: str | None = None) -> None:
    """Raise PermissionDenied (403) unless `actor` holds one of `roles` (an admin holds all)."""
    if not has_role(actor, *roles):
        names = ", ".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(message or _("Thao tác này chỉ dành cho: %(roles)s.") % {"roles": names})


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
        app_label, _sep, codename = perm.partition(".")
        return codename.partition("_")[2] in STAFF_ADMIN_MODELS.get(app_label, ())
    return False


def user_has_admin_module_perms(user: Any, app_label: str) -> bool:
    held = roles_of(user)
    return Role.ADMIN in held or (Role.STAFF in held and app_label in STAFF_ADMIN_MODELS)


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
