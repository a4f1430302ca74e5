from __future__ import annotations

from awards import roles as role_checks


def roles(request):
    """Expose the user's role flags to templates (menus by role)."""
    user = getattr(request, "user", None)
    return {
        "user_roles": role_checks.roles_of(user),
        "is_staff_role": role_checks.is_staff(user),
        "is_unit_head_role": role_checks.is_unit_head(user),
        "is_council_role": role_checks.is_council_member(user),
        "is_chairman_role": role_checks.is_chairman(user),
        "is_admin_role": role_checks.is_admin(user),
        "uses_register_role": role_checks.uses_register(user),
    }
