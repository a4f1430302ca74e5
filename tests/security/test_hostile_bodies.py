"""Finding 4 and part of 10: bodies of any shape or size answer a 4xx in JSON, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.factories.awards import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def _nested(depth: int) -> str:
    return '{"username":' + "[" * depth + "]" * depth + ',"password":"x"}'


@pytest.mark.parametrize("depth", [33, 500, 10_000, 100_000])
def test_deeply_nested_json_is_400_in_json_without_login(api_client, depth):
    api_client.raise_request_exception = False

    response = api_client.post(TOKEN, data=_nested(depth), content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "sâu" in response.json()["detail"]


def test_json_at_the_depth_limit_is_parsed(api_client):
    # 32 levels is still a body (refused by the serializer as a field error, not by the parser).
    response = api_client.post(TOKEN, data=_nested(31), content_type="application/json")

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/people/", "/api/v1/nominations/", "/api/v1/council-sessions/", "/api/v1/print-jobs/"]
)
def test_deep_json_on_signed_in_endpoints_is_400(client_for, staff_user, url):
    client = client_for(staff_user)
    client.raise_request_exception = False
    body = '{"full_name":' + "[" * 10_000 + "]" * 10_000 + "}"

    response = client.post(url, data=body, content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_ten_megabyte_json_body_is_400_in_json(client_for, staff_user):
    client = client_for(staff_user)
    body = '{"full_name": "' + "a" * (10 * 1024 * 1024) + '"}'

    response = client.post("/api/v1/people/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "quá lớn" in response.json()["detail"]


def test_ten_megabyte_form_body_is_400_in_json(client_for, staff_user):
    client = client_for(staff_user)
    body = "full_name=" + "a" * (10 * 1024 * 1024)

    response = client.post("/api/v1/people/", data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("body", ["NaN", '{"a": Infinity}', "\xff\xfe", '"\\ud800"', "[1,]"])
def test_invalid_json_is_400(api_client, body):
    response = api_client.post(TOKEN, data=body.encode("latin-1"), content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_valid_json_still_signs_in(api_client):
    UserFactory(username="lan")

    response = api_client.post(
        TOKEN,
        data=json.dumps({"username": "lan", "password": PASSWORD, "x": [[[]]]}),
        content_type="application/json",
    )

    assert response.status_code == 200
