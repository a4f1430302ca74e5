"""Finding 7: tokens and sessions do not outlive a password change or a deactivation."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import User
from tests.factories.awards import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me/"


@pytest.fixture
def lan(db):
    return UserFactory(username="lan", roles=[Role.UNIT_HEAD])


def _token_client(user) -> tuple[APIClient, str]:
    key = Token.objects.create(user=user).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(ME).status_code == 200
    return client, key


def _session_client(user) -> Client:
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    assert client.get(ME).status_code == 200
    return client


def test_old_token_and_session_fail_after_an_admin_changes_the_password_in_the_admin(client, lan):
    tokens, _key = _token_client(lan)
    browser = _session_client(lan)
    client.force_login(UserFactory(username="quantri", roles=[Role.ADMIN]))

    response = client.post(
        f"/admin/awards/user/{lan.pk}/password/",
        {"password1": "Mat-khau-moi-2025!", "password2": "Mat-khau-moi-2025!", "usable_password": "true"},
    )

    assert response.status_code == 302
    assert tokens.get(ME).status_code == 401
    assert browser.get(ME).status_code in (401, 403)
    assert not Token.objects.filter(user=lan).exists()
    assert client.get("/admin/").status_code == 200  # the admin who changed it stays signed in


def test_password_change_through_the_api_drops_the_token(lan, admin_user, client_for):
    tokens, _key = _token_client(lan)

    response = client_for(admin_user).patch(
        f"/api/v1/users/{lan.pk}/", {"password": "Mat-khau-moi-2025!"}, format="json"
    )

    assert response.status_code == 200
    assert tokens.get(ME).status_code == 401


def test_deactivation_drops_tokens_and_sessions_and_reactivation_brings_no_old_token(
    lan, admin_user, client_for
):
    tokens, old_key = _token_client(lan)
    browser = _session_client(lan)
    admin = client_for(admin_user)

    assert admin.patch(f"/api/v1/users/{lan.pk}/", {"is_active": False}, format="json").status_code == 200
    sessions_left = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(lan.pk)]
    assert admin.patch(f"/api/v1/users/{lan.pk}/", {"is_active": True}, format="json").status_code == 200

    assert sessions_left == []
    assert tokens.get(ME).status_code == 401
    assert browser.get(ME).status_code in (401, 403)
    fresh = APIClient().post("/api/v1/auth/token/", {"username": "lan", "password": PASSWORD}, format="json")
    assert fresh.status_code == 200
    assert fresh.json()["token"] != old_key


def test_a_token_left_by_old_data_on_an_inactive_user_dies_on_reactivation(lan):
    User.objects.filter(pk=lan.pk).update(is_active=False)
    Token.objects.create(user=lan)
    lan.refresh_from_db()

    lan.is_active = True
    lan.save()

    assert not Token.objects.filter(user=lan).exists()


def test_signing_in_and_editing_other_fields_keep_the_token(lan, admin_user, client_for):
    tokens, key = _token_client(lan)
    _session_client(lan)  # login saves last_login

    client_for(admin_user).patch(f"/api/v1/users/{lan.pk}/", {"full_name": "Nguyễn Thị Lan"}, format="json")

    assert tokens.get(ME).status_code == 200
    assert Token.objects.get(user=lan).key == key


def test_other_users_sessions_survive(lan, admin_user, client_for):
    other = UserFactory(username="hoa")
    browser = _session_client(other)

    client_for(admin_user).patch(
        f"/api/v1/users/{lan.pk}/", {"password": "Mat-khau-moi-2025!"}, format="json"
    )

    assert browser.get(ME).status_code == 200
