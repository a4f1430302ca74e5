"""Finding 10: headers with DEBUG off, JSON errors under /api/, and a schema that rejects
what the views reject. The test settings are the production ones (DEBUG off)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

from awards.enums import Role

pytestmark = pytest.mark.django_db

PAGES = ["/", "/nominations/", "/inbox/", "/sessions/", "/decisions/", "/printing/", "/catalogue/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/users/me/", "/verify/khong-co/", "/khong-co/"])
def test_every_response_carries_csp_without_inline_script_and_permissions_policy(client, path):
    response = client.get(path)

    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("script-src", []) + csp["default-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.STAFF, Role.CHAIRMAN, Role.ADMIN])
def test_pages_need_no_inline_script(client, world, role):
    client.force_login(world.users[role])
    for path in [*PAGES, f"/nominations/{world.nominations['submitted'].pk}/"]:
        response = client.get(path)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not HANDLER.search(html), path
        assert "javascript:" not in html, path


def test_swagger_ui_loads_its_setup_script_from_a_url(client, staff_user):
    client.force_login(staff_user)

    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    assert not INLINE_SCRIPT.search(page.content.decode())
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_too_many_multipart_fields_on_print_jobs_is_a_json_400(client_for, staff_user, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = client_for(staff_user)
    body = {f"f{i}": "x" for i in range(50)}

    response = client.post("/api/v1/print-jobs/", body, format="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "false"},
        {"page_size": "0"},
        {"page_size": "-1"},
        {"page_size": "201"},
        {"page_size": "1e2"},
        {"page_size": "١٠"},  # Arabic-Indic digits are digits to Python, not to the contract
        {"page": "0"},
        {"page": "abc"},
        {"page_size": ["10", "20"]},
        {"page": ["1", "2"]},
    ],
)
def test_bad_page_parameters_are_400_naming_the_parameter(client_for, staff_user, query):
    response = client_for(staff_user).get("/api/v1/people/", query)

    assert response.status_code == 400
    assert set(response.json()) <= {"page", "page_size"}


@pytest.mark.parametrize("query", [{"page_size": "200"}, {"page_size": "1", "page": "1"}, {}])
def test_good_page_parameters_still_work(client_for, staff_user, query):
    assert client_for(staff_user).get("/api/v1/people/", query).status_code == 200


def test_the_schema_bounds_the_page_parameters_everywhere():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    seen = 0
    for operations in schema["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "page_size":
                    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
                    seen += 1
                elif parameter["name"] == "page":
                    assert parameter["schema"]["minimum"] == 1
    assert seen >= 15
