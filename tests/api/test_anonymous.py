"""Without credentials every /api/v1/ route answers 401 (except the public ones)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Routes that anonymous callers may use by design (docs/api-notes.md).
PUBLIC = {"auth/token/", "verify/<code>/"}


def _api_routes():
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith("api/v1/"):
            yield route


def _concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "abc" if "code" in m.group(1) else "1", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "abc" if "code" in m.group(1) else "1", route)
    route = route.replace("\\.", ".").replace("/?", "/")
    return "/" + route


ROUTES = sorted({_concrete(r) for r in _api_routes() if r.removeprefix("api/v1/") not in PUBLIC})


def test_sweep_covers_the_api():
    assert "/api/v1/users/" in ROUTES
    assert "/api/v1/users/me/" in ROUTES


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("method", ["get", "post", "patch", "put", "delete"])
def test_anonymous_is_401_everywhere(api_client, path, method):
    response = getattr(api_client, method)(path, {}, format="json")

    assert response.status_code == 401, (method, path, response.status_code)
    assert response["Content-Type"].startswith("application/json")
