from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from awards.enums import Role
from tests.factories.awards import OrganizationFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Without DEBUG the cache is a database table (config/settings.py): make it next to migrate.
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


def _uses_database(request) -> bool:
    fixtures = {"db", "transactional_db", "django_db_setup", "live_server"}
    return request.node.get_closest_marker("django_db") is not None or bool(
        fixtures & set(request.fixturenames)
    )


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


@pytest.fixture(autouse=True)
def _catalogue_survives_flushes(request, django_db_blocker):
    """Give transactional tests the initial catalogue a migrated database has.

    Each transactional test ends with a flush of every table, which also empties
    the award types and rule sets that migration 0003 loaded; the next one
    (and the demo seeded by the browser tests) expects them. pytest-django runs
    transactional tests last, so reloading before each of them is enough.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")
    )
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            importlib.import_module("awards.migrations.0003_initial_catalogue").load(apps, None)
    yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """`make mutate`: mutmut forks its workers from one process, so without this they
    would share (and recreate under each other) one test database."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from django.conf import settings

        for database in settings.DATABASES.values():
            name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
            database.setdefault("TEST", {})["NAME"] = f"{name}_{os.getpid()}"


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
