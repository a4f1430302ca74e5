"""The deploy/ folder: the env template documents every setting, and a server configured
from it passes `check --deploy` with nothing to warn about."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys

from tests.operations.helpers import ROOT

TEMPLATE = ROOT / "deploy" / "thidua.env.example"


def _template() -> dict[str, str]:
    values = {}
    for line in TEMPLATE.read_text().splitlines():
        match = re.match(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    return values


def test_every_setting_read_from_the_environment_is_in_the_template():
    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert read, "the settings read their environment through config.env"
    assert sorted(read - set(_template())) == []


def test_a_server_configured_from_the_template_passes_check_deploy(tmp_path):
    env = {
        k: v
        for k, v in _template().items()
        if v and not k.startswith(("CACHE_BACKEND", "THROTTLE_LOGIN_USERNAME"))
    }
    env |= {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_nginx_allows_one_attachment_and_sends_the_headers_the_service_reads():
    site = (ROOT / "deploy" / "nginx" / "thidua.conf").read_text()
    size = int(re.search(r"client_max_body_size (\d+)m;", site)[1])
    assert 20 < size <= 25  # ATTACHMENT_MAX_BYTES is 20 MB
    for header in ("X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "X-Request-ID"):
        assert f"proxy_set_header {header}" in site
    assert "location /private-media/ { return 404; }" in site


def test_s3_media_option_is_private(tmp_path):
    """MEDIA_STORAGE=s3: django-storages' S3 backend, private ACL, signed short-lived URLs only."""
    code = (
        'import django; django.setup(); from django.core.files.storage import storages; s = storages["default"]; '
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth, s.querystring_expire, "
        "s.file_overwrite, s.location)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "thidua-media",
        "S3_ENDPOINT_URL": "https://s3.example.gov.vn",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["S3Storage", "thidua-media", "private", "True", "300", "False", "media"]
