"""Finding 2: a spoofed X-Forwarded-For neither hides a client nor splits its counters.

The address is the socket's unless the peer is a TRUSTED_PROXIES entry; the
throttle counters live in the database cache, so four gunicorn workers count
as one (a real server in a subprocess, as the finding was made).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory

from config.client_address import client_address

ROOT = Path(__file__).resolve().parents[2]


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(_request("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.5"]
    # The client forged "1.1.1.1"; the edge proxy appended what it saw, the inner proxy too.
    request = _request("10.0.0.2", "1.1.1.1, 203.0.113.50, 192.0.2.5")

    assert client_address(request) == "203.0.113.50"


def test_a_direct_client_cannot_claim_to_be_a_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    assert client_address(_request("203.0.113.50", "10.0.0.7, 8.8.8.8")) == "203.0.113.50"


@pytest.mark.parametrize("forwarded", ["", "garbage", "1.2.3.4, not-an-ip", " , "])
def test_malformed_headers_fall_back_to_the_last_trusted_hop(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]

    assert client_address(_request("10.0.0.1", forwarded)) == "10.0.0.1"


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXIES = ["fd00::/8"]

    assert client_address(_request("fd00::1", "2001:db8::7")) == "2001:db8::7"


@pytest.mark.django_db
def test_rotating_forwarded_for_shares_one_verify_budget(api_client):
    statuses = [
        api_client.get("/api/v1/verify/khong-co/", HTTP_X_FORWARDED_FOR=f"10.9.{i}.1").status_code
        for i in range(40)
    ]

    assert statuses == [404] * 30 + [429] * 10


# --- four workers --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(url: str, data: dict | None = None, headers: dict | None = None) -> int:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return 0  # not listening yet


@pytest.fixture(scope="module")
def four_workers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "four-workers-test-key-0123456789abcdef0123456789",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "ERROR",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "createcachetable"], env=env, cwd=ROOT, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "config.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _call(f"{base}/healthz") != 200:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_four_workers_enforce_the_verify_limit_of_one(four_workers):
    statuses = [
        _call(f"{four_workers}/api/v1/verify/khong-co/", headers={"X-Forwarded-For": f"10.8.{i}.1"})
        for i in range(40)
    ]

    assert statuses.count(404) == 30
    assert statuses.count(429) == 10


def test_four_workers_throttle_token_requests_with_rotating_addresses_and_usernames(four_workers):
    statuses = [
        _call(
            f"{four_workers}/api/v1/auth/token/",
            {"username": f"khach{i}", "password": "x"},
            {"X-Forwarded-For": f"10.7.{i}.1"},
        )
        for i in range(25)
    ]

    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429] * 15


@pytest.mark.parametrize(
    ("env", "backend", "location"),
    [
        ({"DEBUG": "0"}, "django.core.cache.backends.db.DatabaseCache", "thidua_cache"),
        (
            {"DEBUG": "0", "CACHE_LOCATION": "redis://cache.internal:6379/1"},
            "django_redis.cache.RedisCache",
            None,
        ),
        ({"DEBUG": "1"}, "django.core.cache.backends.locmem.LocMemCache", "thidua"),
    ],
)
def test_the_cache_is_shared_by_workers_unless_debug(env, backend, location):
    code = "import json; from config import settings; print(json.dumps(settings.CACHES['default']))"
    clean = {
        k: v for k, v in os.environ.items() if k not in {"CACHE_LOCATION", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "SECRET_KEY": "x" * 50, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    cache = json.loads(result.stdout.strip().splitlines()[-1])

    assert cache["BACKEND"] == backend
    assert cache["LOCATION"] == (location or env["CACHE_LOCATION"])
