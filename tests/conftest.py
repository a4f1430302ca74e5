from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from awards.enums import Role
from tests.factories.awards import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


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
