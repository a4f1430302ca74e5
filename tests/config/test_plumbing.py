import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-Production-Like-Secret-Key-With-Enough-Entropy-8f3a91",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.gov.vn",
    "PUBLIC_BASE_URL": "https://thidua.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/thidua-deploy-check.sqlite3",
}


def _manage(*args, env_overrides=None):
    # A clean child: nothing the test run itself set (the settings module).
    inherited = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env.update(env_overrides or {})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_missing_secret_key_without_debug_refuses_to_start():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]

    result = _manage("check", env_overrides=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_schema_generates_without_warnings(tmp_path):
    result = _manage(
        "spectacular",
        "--fail-on-warn",
        "--validate",
        "--file",
        str(tmp_path / "schema.yaml"),
        env_overrides={"DEBUG": "1"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "schema.yaml").stat().st_size > 1000


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from the sidecar package: nothing from a CDN.
    assert b"cdn" not in docs.content.lower()


@pytest.mark.django_db
def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.django_db
def test_nul_in_query_is_400_not_500(client):
    response = client.get("/api/v1/users/?search=a%00b")

    assert response.status_code == 400


def test_media_is_not_served_publicly():
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "attachments/x.pdf")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_both_succeed():
    """Two threads writing at once both commit: on SQLite, IMMEDIATE mode and the
    busy timeout queue them instead of failing with "database is locked"."""
    from django.db import connections, transaction

    from awards.models import EmulationBloc

    errors: list[Exception] = []
    barrier = threading.Barrier(2)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(20):
                with transaction.atomic():
                    EmulationBloc.objects.count()  # a read first: the lock upgrade that used to fail
                    EmulationBloc.objects.create(code=f"T{n}-{i}", name="Khối")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert EmulationBloc.objects.filter(code__startswith="T").count() == 40


@pytest.mark.django_db
def test_pages_stay_vietnamese_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    response = client.get("/accounts/login/")

    assert 'lang="en"' in response.content.decode()


def test_offline_commands_run_without_a_secret_key_and_models_match_migrations():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]

    result = _manage("makemigrations", "--check", "--dry-run", env_overrides=env)

    assert result.returncode == 0, result.stdout + result.stderr
