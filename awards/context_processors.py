from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from awards import roles as role_checks

# The layout's links (key → URL name): the same on every page, so reversed once per URL
# configuration and script prefix instead of by a `{% url %}` tag on every render
# (those fourteen resolver walks were a sixth of the layout's time).
LAYOUT_LINKS = {
    "home": "home",
    "set_language": "set_language",
    "notifications": "notification-list",
    "profile": "profile",
    "logout": "logout",
    "nominations": "nomination-list",
    "nomination_create": "nomination-create",
    "inbox": "inbox",
    "sessions": "session-list",
    "decisions": "decision-list",
    "register": "register-people",
    "statistics": "statistics",
    "printing": "print-home",
    "catalogue": "catalogue",
}


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


def layout_links(request):
    """`links.inbox` and the like: the layout's menu and header URLs."""
    return {"links": _links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())}


@lru_cache(maxsize=16)
def _links(urlconf: str, prefix: str) -> dict[str, str]:
    # `prefix` is part of the key only: reverse() reads the current one itself.
    return {key: reverse(name, urlconf=urlconf) for key, name in LAYOUT_LINKS.items()}
