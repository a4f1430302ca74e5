"""The URL resolver, walked: every route of the project as a concrete path (not a test module)."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver


def all_routes() -> list[str]:
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns, ""))


def concrete(route: str, value: str = "1") -> str:
    """`nominations/<int:pk>/` → `/nominations/1/`; regex groups get `value` too (codes get "abc")."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "abc" if "code" in m.group(1) else value, route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "abc" if "code" in m.group(1) else value, route)
    route = route.replace("\\.", ".").replace("/?", "/")
    return "/" + route


def api_paths() -> list[str]:
    return sorted({concrete(r) for r in all_routes() if r.startswith("api/v1/")})


def page_paths() -> list[str]:
    """Every HTML route of the project's own apps (the admin site has its own sweep)."""
    skip = ("api/", "admin/", "static/")
    return sorted({concrete(r) for r in all_routes() if not r.startswith(skip)})
