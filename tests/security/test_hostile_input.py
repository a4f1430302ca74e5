"""Hostile text in every field, filter and path parameter: 0 server errors.

The operations come from the OpenAPI schema itself, so a new endpoint is swept
the day it is added. Then Vietnamese: decomposed input of all 146 accented
letters is stored composed, and search ignores case, marks and đ/d.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

import pytest
from django.core import signals
from drf_spectacular.generators import SchemaGenerator

from awards.models import Person
from certificates.models import Certificate
from nominations.models import Nomination

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
RLO = "\u202eNguyễn Văn A\u202c"
HUGE = "Ư" * (1024 * 1024)
# Lone surrogates cannot be produced by json.dumps of a Python str safely
# across parsers: they are sent as raw JSON escapes.
SURROGATE = object()
HOSTILE = {"nul": NUL, "surrogate": SURROGATE, "1MB": HUGE, "rlo": RLO}


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _text_fields(schema: dict, body_schema: dict) -> list[str]:
    node = _resolve(schema, body_schema)
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items", {}))
    fields = []
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop)
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "string" or "enum" in prop or prop.get("type") is None:
            fields.append(name)
    return fields


def _operations(schema: dict):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _encode(field: str, value) -> bytes:
    if value is SURROGATE:
        return b'{"' + field.encode() + b'": "x\\ud800y"}'
    return json.dumps({field: value}).encode()


def _concrete(path: str, world, value: str | None = None) -> str:
    """A path naming a real object of the seeded province (or `value` in every parameter)."""
    resource = path.split("/")[3]
    ids = {
        "nominations": world.nominations["draft"].pk,
        "council-sessions": world.session.pk,
        "decisions": world.draft_decision.pk,
        "users": world.users["unit_head"].pk,
        "organizations": world.unit.pk,
        "people": world.people[0].pk,
    }
    out = path
    for name in ("id", "attachment_id", "kind", "code", "pk"):
        if value is not None:
            out = out.replace("{" + name + "}", value)
        elif name == "id":
            out = out.replace("{id}", str(ids.get(resource, 1)))
        elif name == "attachment_id":
            out = out.replace("{attachment_id}", str(world.nominations["draft"].attachments.first().pk))
        elif name == "kind":
            out = out.replace("{kind}", "people")
        else:
            out = out.replace("{" + name + "}", "abc")
    return out


@pytest.fixture
def server_errors():
    caught: list[str] = []

    def record(sender, request=None, **kwargs):
        caught.append(f"{request.method} {request.path[:200]}")

    signals.got_request_exception.connect(record, weak=False)
    yield caught
    signals.got_request_exception.disconnect(record)


def _client(world, role="admin"):
    client = world.client(role)
    client.raise_request_exception = False
    return client


def test_every_text_field_of_every_write_takes_hostile_text_without_a_server_error(world, server_errors):
    schema = _schema()
    client = _client(world)
    codes: Counter[int] = Counter()
    bad: list[tuple] = []
    swept: set[str] = set()
    for path, method, operation in _operations(schema):
        if method not in ("post", "patch", "put"):
            continue
        content = operation.get("requestBody", {}).get("content", {})
        url = _concrete(path, world)
        # JSON where the operation takes it (the form encodings reach the same serializer).
        media_type = "application/json" if "application/json" in content else next(iter(content), None)
        for body in [content[media_type]] if media_type else []:
            for field in _text_fields(schema, body["schema"]):
                swept.add(f"{method} {path} {field}")
                for label, value in HOSTILE.items():
                    if media_type == "application/json":
                        response = client.generic(
                            method.upper(), url, _encode(field, value), content_type="application/json"
                        )
                    else:
                        text = "x\ud800y".encode("utf-8", "surrogatepass") if value is SURROGATE else value
                        response = client.generic(
                            method.upper(),
                            url,
                            _multipart(field, text),
                            content_type="multipart/form-data; boundary=BoUnDaRy",
                        )
                    codes[response.status_code] += 1
                    if response.status_code >= 500:
                        bad.append((method, path, field, label, response.status_code))

    assert len(swept) >= 60, sorted(swept)
    assert bad == [], bad
    assert server_errors == []
    assert sum(codes.values()) == 4 * len(swept)


def _multipart(field: str, value) -> bytes:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="'
        + field.encode()
        + b'"\r\n\r\n'
        + raw
        + b"\r\n--BoUnDaRy--\r\n"
    )


QUERY_HOSTILE = {
    "nul": "a%00b",
    "surrogate": "%ED%A0%80",
    "1MB": "a" * (1024 * 1024) + "%C6%AF",
    "rlo": "%E2%80%AE%41",
}


@pytest.mark.parametrize("role", ["admin", "unit_head"])
def test_every_filter_and_path_parameter_takes_hostile_text_without_a_server_error(
    world, server_errors, role
):
    schema = _schema()
    client = _client(world, role)
    bad: list[tuple] = []
    sent = 0
    for path, method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            for label, value in QUERY_HOSTILE.items():
                if parameter["in"] == "query" and method == "get":
                    url = f"{_concrete(path, world)}?{parameter['name']}={value}"
                elif parameter["in"] == "path":
                    url = _concrete(path, world, value=value if label != "1MB" else value[:3000])
                else:
                    continue
                response = getattr(client, method)(url)
                sent += 1
                if response.status_code >= 500:
                    bad.append((method, path, parameter["name"], label, response.status_code))

    assert sent >= 300
    assert bad == [], bad
    assert server_errors == []


# --- Vietnamese -----------------------------------------------------------------------

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng


def _letters() -> list[str]:
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    return [*lower, *(ch.upper() for ch in lower), "đ", "Đ"]


LETTERS = _letters()


def test_the_alphabet_has_146_accented_letters():
    assert len(LETTERS) == 12 * 6 * 2 + 2 == 146
    assert len(set(LETTERS)) == 146
    assert all(len(ch) == 1 for ch in LETTERS), "each composes to one code point"
    decomposed = [unicodedata.normalize("NFD", ch) for ch in LETTERS]
    # Plain a/e/i/o/u/y (12) and đ/Đ (no decomposition) stay one code point.
    assert sum(len(d) > 1 for d in decomposed) == 146 - 12 - 2


def test_decomposed_letters_are_stored_composed_in_names_and_achievements(world):
    client = _client(world, "staff")
    head = _client(world, "unit_head")
    stored: list[str] = []
    # Names of six letters, the longest 12 code points decomposed: fit any name field.
    for start in range(0, len(LETTERS), 6):
        word = "".join(LETTERS[start : start + 6])
        response = client.post(
            "/api/v1/people/",
            {
                "full_name": "Nguyễn " + unicodedata.normalize("NFD", word),
                "gender": "male",
                "birth_year": 1980,
                "organization": world.unit.pk,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        stored.append(Person.objects.get(pk=response.json()["id"]).full_name.removeprefix("Nguyễn "))
    achievements = unicodedata.normalize("NFD", " ".join(LETTERS))
    draft = world.nominations["draft"]
    response = head.patch(f"/api/v1/nominations/{draft.pk}/", {"achievements": achievements}, format="json")
    assert response.status_code == 200, response.content

    composed_in_names = [ch for ch in "".join(stored) if ch in LETTERS]
    composed_in_achievements = Nomination.objects.get(pk=draft.pk).achievements.split(" ")
    assert composed_in_names == LETTERS  # 146 / 146, in order, one code point each
    assert composed_in_achievements == LETTERS  # 146 / 146
    assert unicodedata.is_normalized("NFC", "".join(stored))


SEARCHES = {
    # query → the name it must find
    "nguyen": "Nguyễn",
    "NGUYỄN": "Nguyễn",
    unicodedata.normalize("NFD", "Nguyễn"): "Nguyễn",
    "dang": "Đặng",
    "ĐẶNG": "Đặng",
    unicodedata.normalize("NFD", "đặng"): "Đặng",
}
LISTS = {
    "/api/v1/people/": "full_name",
    "/api/v1/organizations/": "name",
    "/api/v1/nominations/": "nominee_name",
    "/api/v1/certificates/": "recipient_name",
}


def test_accent_insensitive_search_recall_is_complete(world):
    client = _client(world, "admin")
    misses = []
    total = 0
    for url, field in LISTS.items():
        everything = client.get(url, {"page_size": 200}).json()["results"]
        for query, name in SEARCHES.items():
            expected = {row["id"] for row in everything if name in row[field]}
            assert expected, (url, name)
            found = {
                row["id"] for row in client.get(url, {"search": query, "page_size": 200}).json()["results"]
            }
            total += len(expected)
            misses.extend((url, query, row) for row in expected - found)
            assert found <= {row["id"] for row in everything}

    assert Certificate.objects.count() >= 2
    assert misses == []  # recall 100 %
    assert total >= 4 * len(SEARCHES)


@pytest.mark.parametrize("username", ["trạng thái", "a b\tc", "x" * 300, RLO, NUL])
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_hostile_usernames_on_the_login_forms_fail_cleanly(client, server_errors, url, username):
    # The lockout records each failure under the username: any text must be storable,
    # and forbidden characters are refused before (config.middleware).
    refused = username in (NUL, RLO)
    for _attempt in range(6):
        response = client.post(url, {"username": username, "password": "x"})
        assert response.status_code in ((400,) if refused else (200, 429))
    assert server_errors == []
