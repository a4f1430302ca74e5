import pytest
from rest_framework.authtoken.models import Token

from tests.factories.awards import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def test_token_is_issued_for_good_credentials(api_client):
    user = UserFactory(username="lan")

    response = api_client.post(URL, {"username": "lan", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_token_authenticates_later_requests(api_client):
    UserFactory(username="lan")
    token = api_client.post(URL, {"username": "lan", "password": PASSWORD}, format="json").json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get("/api/v1/users/me/")

    assert response.status_code == 200
    assert response.json()["username"] == "lan"


def test_wrong_password_is_400_in_vietnamese(api_client):
    UserFactory(username="lan")

    response = api_client.post(URL, {"username": "lan", "password": "sai"}, format="json")

    assert response.status_code == 400
    assert "mật khẩu không đúng" in str(response.json())


def test_wrong_password_message_in_english_when_asked(api_client):
    UserFactory(username="lan")

    response = api_client.post(
        URL, {"username": "lan", "password": "sai"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "password" in str(response.json()).lower()
    assert "mật khẩu" not in str(response.json())


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "lan"},
        {"password": "x"},
        {"username": ["a"], "password": {"b": 1}},
        {"username": "a\u0000"},
    ],
)
def test_missing_or_malformed_fields_are_400(api_client, body):
    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400


def test_malformed_json_is_400(api_client):
    response = api_client.post(URL, data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_inactive_user_gets_no_token(api_client):
    UserFactory(username="lan", is_active=False)

    response = api_client.post(URL, {"username": "lan", "password": PASSWORD}, format="json")

    assert response.status_code == 400


def test_repeated_failures_for_one_username_lock_it_from_every_address(api_client):
    UserFactory(username="lan")
    statuses = [
        api_client.post(
            URL, {"username": "lan", "password": f"sai{i}"}, format="json", REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(8)
    ]

    # The fifth failure locks (its answer says so); every later attempt is refused.
    assert statuses[:4] == [400] * 4
    assert statuses[4:] == [429] * 4


def test_repeated_attempts_from_one_client_are_throttled(api_client):
    statuses = [
        api_client.post(URL, {"username": f"u{i}", "password": "x"}, format="json").status_code
        for i in range(12)
    ]

    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_deactivated_user_token_is_refused(api_client):
    user = UserFactory(username="lan")
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save()

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert api_client.get("/api/v1/users/me/").status_code == 401


def test_logout_then_replayed_session_is_refused(client):
    UserFactory(username="lan")
    client.post("/accounts/login/", {"username": "lan", "password": PASSWORD})
    session_cookie = client.cookies["sessionid"].value
    assert client.get("/api/v1/users/me/").status_code == 200

    client.post("/accounts/logout/")
    client.cookies["sessionid"] = session_cookie

    assert client.get("/api/v1/users/me/").status_code in (401, 403)
