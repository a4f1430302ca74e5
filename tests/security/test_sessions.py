"""A session outlives neither its logout nor its user's deactivation; nor does a token."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards.enums import Role
from tests.factories.awards import PASSWORD

pytestmark = pytest.mark.django_db

# One API read and one page per check, for every role that signs in.
ROLES = [Role.UNIT_HEAD, Role.STAFF, Role.COUNCIL_MEMBER, Role.CHAIRMAN, Role.ADMIN]
API = "/api/v1/users/me/"
PAGE = "/nominations/"


def _signed_in(world, role) -> tuple[Client, str]:
    client = Client()
    assert client.login(username=world.users[role].username, password=PASSWORD)
    assert client.get(API).status_code == 200
    assert client.get(PAGE).status_code == 200
    return client, client.cookies["sessionid"].value


@pytest.mark.parametrize("role", ROLES)
def test_a_replayed_session_cookie_after_logout_is_refused(world, role):
    client, cookie = _signed_in(world, role)

    assert client.post("/accounts/logout/").status_code in (200, 302)
    replay = Client()
    replay.cookies["sessionid"] = cookie
    api = replay.get(API)
    page = replay.get(PAGE)

    assert api.status_code in (401, 403)
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_a_deactivated_user_is_refused_on_the_next_request(world, role):
    client, _cookie = _signed_in(world, role)
    token = Token.objects.create(user=world.users[role])
    api_client = APIClient()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get(API).status_code == 200

    user = world.users[role]
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(API).status_code in (401, 403)
    page = client.get(PAGE)
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert api_client.get(API).status_code == 401
    assert api_client.post("/api/v1/nominations/", {}, format="json").status_code == 401


def test_deactivation_through_the_api_ends_the_token_too(world):
    admin = world.client(Role.ADMIN)
    head = world.users[Role.UNIT_HEAD]
    key = world.token(Role.UNIT_HEAD)

    response = admin.patch(f"/api/v1/users/{head.pk}/", {"is_active": False}, format="json")
    replay = APIClient()
    replay.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert replay.get(API).status_code == 401


def test_a_password_change_ends_other_sessions(world):
    client, _cookie = _signed_in(world, Role.STAFF)
    user = world.users[Role.STAFF]

    user.set_password("Mat-khau-moi-2025")
    user.save()

    assert client.get(API).status_code in (401, 403)
