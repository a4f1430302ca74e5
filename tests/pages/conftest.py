"""The demo province, built once per module through the services, then rolled back.

Page tests look at the pages a real user sees: the seed walks the founding year
through the whole workflow, so every page has something on it.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from demo import province as demo


@pytest.fixture(scope="module")
def world(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = demo.seed(password="Mat-khau-thu-2024")
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def as_user(world, db):
    """A logged-in test client for a demo username."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(world.users[username])
        return client

    return make
