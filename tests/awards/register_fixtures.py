"""The demo province for the register's tests, built once per module through the services."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from demo import province as demo


@pytest.fixture(scope="module")
def world(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = demo.seed(password="Mat-khau-thu-2024")
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def api(world, db):
    def make(username: str | None = None, user=None) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user or world.users[username])
        return client

    return make


@pytest.fixture
def browser_as(world, db):
    """A signed-in test client (pages) for a demo username or a given user."""

    def make(username: str | None = None, user=None) -> Client:
        client = Client()
        client.force_login(user or world.users[username])
        return client

    return make
