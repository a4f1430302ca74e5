from __future__ import annotations

import os
import shutil

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from django.utils import translation
from rest_framework.test import APIClient

from awards.enums import Role
from tests.factories.awards import OrganizationFactory, UserFactory

# Rows the migrations create that a flush empties and does not make again itself
# (content types and permissions are made again by the flush's post_migrate).
_REMADE_BY_FLUSH = {"contenttypes.ContentType", "auth.Permission"}
_migrated_rows: dict[str, list[tuple[type, list]]] = {}


def _capture_migrated_rows(alias: str) -> None:
    """Keep every row the data migrations loaded (the catalogue: award types, rule sets
    as `awards/0004` rewrote them, base salaries; whatever a later one adds), in order."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in _REMADE_BY_FLUSH and model._base_manager.using(alias).exists()
    ]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    _migrated_rows[alias] = [
        (model, list(model._base_manager.using(alias).order_by("pk"))) for model in ordered
    ]


def _restore_migrated_rows(sender, using="default", **kwargs) -> None:
    """After a transactional test's flush, put the migrated rows back as they were, so the
    next test (on this worker, whatever its kind and order) starts from a migrated database."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if using not in _migrated_rows or sender is not with_models[-1]:
        return  # once per flush, after the content types and permissions are back
    connection = connections[using]
    with transaction.atomic(using=using):
        for model, rows in _migrated_rows[using]:
            # raw: every value as captured (auto_now timestamps too), no signals.
            model._base_manager._insert(rows, fields=model._meta.local_concrete_fields, using=using, raw=True)
        # PostgreSQL: the next insert must not take a key the restored rows hold.
        models = [model for model, _rows in _migrated_rows[using]]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Without DEBUG the cache is a database table (config/settings.py): make it next to migrate.
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        _capture_migrated_rows("default")
    # Every flush (the end of each transactional test) sends post_migrate: the rows come
    # back right then, so no test depends on running before or after a transactional one
    # (xdist interleaves them; pytest-django's "transactional tests last" is per worker).
    post_migrate.connect(_restore_migrated_rows, dispatch_uid="tests-restore-migrated-rows")
    yield
    post_migrate.disconnect(dispatch_uid="tests-restore-migrated-rows")
    if os.environ.get("MUTANT_UNDER_TEST") and (copy := _mutant_database_copy()):
        for path in (copy, f"{copy}-wal", f"{copy}-shm"):
            if os.path.exists(path):
                os.remove(path)


def _uses_database(request) -> bool:
    fixtures = {"db", "transactional_db", "django_db_setup", "live_server"}
    return request.node.get_closest_marker("django_db") is not None or bool(
        fixtures & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English leaves English active in its thread (LocaleMiddleware does not
    # restore it): the next test on that worker would read English refusals.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _clear_cache(request):
    # Throttle counters live in the cache (a database table); each test starts from zero.
    if not _uses_database(request):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    # Only before: the rows roll back with the test (or are cleared by the next one), and
    # after a test that broke its transaction a query would fail.
    cache.clear()
    yield


# `make mutate` migrates one SQLite file before mutmut starts; each mutant's worker
# copies it instead of migrating its own (which cost most of a mutant's time).
_MUTANT_TEMPLATE = os.environ.get("MUTATE_TEMPLATE_DB", "")


def _mutant_database_copy() -> str | None:
    """The worker's copy of the migrated template, or None outside `make mutate`."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not (_MUTANT_TEMPLATE and database["ENGINE"].endswith("sqlite3")):
        return None
    return database["TEST"]["NAME"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """`make mutate`: mutmut forks its workers from one process, so without this they
    would share (and recreate under each other) one test database."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from django.conf import settings

        for database in settings.DATABASES.values():
            name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
            database.setdefault("TEST", {})["NAME"] = f"{name}_{os.getpid()}"
        if copy := _mutant_database_copy():
            shutil.copyfile(_MUTANT_TEMPLATE, copy)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """The worker's copy of the template is used as it is (migrate finds nothing to do)."""
    return request.config.getvalue("reuse_db") or bool(
        os.environ.get("MUTANT_UNDER_TEST") and _MUTANT_TEMPLATE
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """An APIClient authenticated (by token-less force_authenticate) as `user`."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def province(db):
    return OrganizationFactory(code="UBND", name="Ủy ban nhân dân tỉnh", kind="authority")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", roles=[Role.ADMIN])


@pytest.fixture
def staff_user(db):
    return UserFactory(username="canbo", roles=[Role.STAFF])


# The long poles (`--durations` in CI): started first, so that under xdist the two workers
# finish together instead of one running a 60-second test alone at the end. Any order is
# safe: the fixtures do not depend on it (see `_restore_migrated_rows`).
LONG_POLES = (
    "tests/security/test_fuzz_schema.py",
    "tests/e2e/",
    "tests/certificates/test_print_job_crash.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # After pytest-django's own ordering (transactional tests last), which this overrides.
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_POLES))
