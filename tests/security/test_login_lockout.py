"""Finding 1: password guessing on the login page, the admin and the token endpoint.

One policy (django-axes, config/lockout.py): 5 failures per username or 20 per
client address within 15 minutes lock further attempts, the right password
included, with a Vietnamese message saying when to retry.
"""

from __future__ import annotations

import logging
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from awards.enums import Role
from tests.factories.awards import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
RETRY = re.compile(r"thử lại sau (\d\d):(\d\d) ngày (\d\d)/(\d\d)/(\d{4})")


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_sixty_wrong_passwords_on_the_login_page_then_the_right_one_is_refused(client):
    UserFactory(username="lan")
    statuses = [
        client.post(LOGIN, {"username": "lan", "password": f"sai-{i}"}).status_code for i in range(60)
    ]

    response = client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    assert "tạm thời bị khóa" in body
    assert RETRY.search(body)
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_admin_login_shares_the_lockout(client):
    UserFactory(username="quantri", roles=[Role.ADMIN])
    for i in range(5):
        client.post(ADMIN_LOGIN, {"username": "quantri", "password": f"sai-{i}"})

    response = client.post(ADMIN_LOGIN, {"username": "quantri", "password": PASSWORD})

    assert response.status_code == 429
    assert not _signed_in(client)
    # Locked on the pages, locked on the API too.
    api = client.post(TOKEN, {"username": "quantri", "password": PASSWORD}, content_type="application/json")
    assert api.status_code == 429
    assert RETRY.search(api.json()["detail"])


def test_token_endpoint_locks_the_username_from_any_address_in_english_when_asked(api_client):
    UserFactory(username="lan")
    for i in range(5):
        api_client.post(TOKEN, {"username": "lan", "password": "x"}, format="json", REMOTE_ADDR=f"10.1.0.{i}")

    response = api_client.post(
        TOKEN,
        {"username": "LAN ", "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.1.0.99",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 429
    assert "token" not in response.json()
    assert "try again after" in response.json()["detail"]


def test_twenty_failures_from_one_address_lock_that_address_for_every_username(client):
    UserFactory(username="lan")
    for i in range(20):
        client.post(LOGIN, {"username": f"khach{i}", "password": "x"}, REMOTE_ADDR="203.0.113.7")

    refused = client.post(LOGIN, {"username": "lan", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    elsewhere = Client().post(LOGIN, {"username": "lan", "password": PASSWORD}, REMOTE_ADDR="203.0.113.8")

    assert refused.status_code == 429
    assert elsewhere.status_code == 302  # another address, an unlocked username


def test_nineteen_failures_from_one_address_do_not_lock_it(client):
    UserFactory(username="lan")
    for i in range(19):
        client.post(LOGIN, {"username": f"khach{i}", "password": "x"}, REMOTE_ADDR="203.0.113.7")

    response = client.post(LOGIN, {"username": "lan", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert _signed_in(client)


def test_failures_and_lockouts_are_logged(client, caplog):
    UserFactory(username="lan")
    with caplog.at_level(logging.WARNING, logger="axes"):
        for i in range(5):
            client.post(LOGIN, {"username": "lan", "password": f"sai-{i}"})

    assert AccessFailureLog.objects.filter(username="lan").count() == 5
    assert AccessFailureLog.objects.filter(username="lan", locked_out=True).count() == 1
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    assert "sai-" not in " ".join(AccessAttempt.objects.values_list("post_data", flat=True))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.STAFF])
def test_staff_unlock_a_user_in_the_admin(client, role):
    UserFactory(username="lan")
    unlocker = UserFactory(username="mokhoa", roles=[role])
    for i in range(5):
        Client().post(LOGIN, {"username": "lan", "password": f"sai-{i}"}, REMOTE_ADDR="10.2.0.1")
    assert Client().post(LOGIN, {"username": "lan", "password": PASSWORD}).status_code == 429

    client.force_login(unlocker)
    ids = [str(pk) for pk in AccessAttempt.objects.filter(username="lan").values_list("pk", flat=True)]
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="lan").exists()
    assert Client().post(LOGIN, {"username": "lan", "password": PASSWORD}).status_code == 302


def test_unit_heads_cannot_unlock(client):
    client.force_login(UserFactory(username="truongphong", roles=[Role.UNIT_HEAD]))

    response = client.get("/admin/axes/accessattempt/")

    assert response.status_code == 302  # to the admin login: not staff
