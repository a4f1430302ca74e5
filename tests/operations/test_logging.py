"""LOG_FORMAT=json: one JSON object per line, each with the request id the client was given."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.urls import reverse

from operations.logs import logging_config


@pytest.fixture
def json_lines():
    """The handler LOG_FORMAT=json configures, writing into a buffer, on the root logger."""
    config = logging_config("json", "INFO")
    factory = logging.config.DictConfigurator(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory.configure_formatter(config["formatters"]["json"]))
    handler.addFilter(factory.configure_filter(config["filters"]["request_id"]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
def test_every_line_is_json_with_the_request_id(client, json_lines):
    response = client.post(reverse("login"), {"username": "ai", "password": "sai"})
    logging.getLogger("outside").warning("no request here")

    lines = json_lines()
    assert lines, "the failed login writes an audit line"
    inside, outside = lines[:-1], lines[-1]
    assert {line["request_id"] for line in inside} == {response["X-Request-ID"]}
    assert {"time", "level", "logger", "message"} <= set(inside[0])
    assert outside["request_id"] == "-" and outside["message"] == "no request here"


@pytest.mark.django_db
def test_a_proxy_request_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a9c1e77")
    assert kept["X-Request-ID"] == "nginx-4f2a9c1e77"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert replaced["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and len(replaced["X-Request-ID"]) == 32


def test_text_format_is_the_default():
    assert logging_config("text", "INFO")["handlers"]["console"]["formatter"] == "text"
    assert logging_config("json", "INFO")["handlers"]["console"]["formatter"] == "json"
