"""Unsafe requests with a session and no CSRF token: 100 % refused (403).

DRF's SessionAuthentication enforces CSRF only for authenticated requests
(docs/architecture.md, "Reliability"), so each request here carries a real session cookie from
`client.login()` and `enforce_csrf_checks=True` turns the check on.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from rest_framework.authentication import SessionAuthentication
from rest_framework.test import APIClient

from tests.factories.awards import PASSWORD
from tests.security.routes import api_paths, page_paths

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _reads_session(path: str) -> bool:
    view = getattr(resolve(path).func, "cls", None) or resolve(path).func.view_class
    return any(issubclass(cls, SessionAuthentication) for cls in view.authentication_classes)


# Views that ignore the session altogether (no SessionAuthentication), so a
# forged cross-site request carries no authority there: the token endpoint
# authenticates by the username and password in its body, verification is public.
SESSIONLESS = {p for p in api_paths() if not _reads_session(p)}
API_PATHS = [p for p in api_paths() if p not in SESSIONLESS]


PAGE_PATHS = [p for p in page_paths() if _resolves(p)]
# The admin site: its login and a form of each app.
ADMIN_PATHS = [
    "/admin/login/",
    "/admin/logout/",
    "/admin/awards/person/add/",
    "/admin/awards/user/1/change/",
    "/admin/nominations/nomination/1/change/",
]


@pytest.fixture
def session_client(world) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    return client


def test_sweep_covers_the_api_and_the_pages():
    assert len(API_PATHS) >= 40
    assert "/api/v1/nominations/1/submit/" in API_PATHS
    assert "/api/v1/decisions/1/issue/" in API_PATHS
    assert "/api/v1/council-sessions/1/votes/" in API_PATHS
    assert "/accounts/login/" in PAGE_PATHS
    assert "/nominations/1/submit/" in PAGE_PATHS


def test_unsafe_api_requests_without_token_are_all_refused(session_client):
    refused, accepted = 0, []
    for path in API_PATHS:
        for method in UNSAFE:
            response = getattr(session_client, method)(path, {}, format="json")
            if response.status_code == 403 and "CSRF" in response.json().get("detail", ""):
                refused += 1
            else:
                accepted.append((method, path, response.status_code))

    assert accepted == []
    assert refused == len(API_PATHS) * len(UNSAFE)


def test_the_same_session_with_the_token_gets_through(world, session_client):
    # Control: the refusals above are the CSRF check, not the role or the route.
    session_client.get("/accounts/login/")
    token = session_client.cookies["csrftoken"].value

    response = session_client.post(
        "/api/v1/blocs/", {"code": "KHOI-X", "name": "Khối X"}, format="json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 201, response.content


def test_only_the_public_endpoints_ignore_the_session(session_client):
    assert {"/api/v1/auth/token/", "/api/v1/verify/abc/"} == SESSIONLESS
    # The session gives nothing there: the token endpoint still wants a password.
    response = session_client.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_page_forms_without_token_are_all_refused(world):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    results = {path: client.post(path, {"x": "1"}).status_code for path in PAGE_PATHS + ADMIN_PATHS}

    assert {path: code for path, code in results.items() if code != 403} == {}


def test_login_page_without_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/accounts/login/", {"username": world.users["staff"].username, "password": PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
