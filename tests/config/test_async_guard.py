"""Django's guard against ORM calls from an event loop stays on outside the browser tests."""

from __future__ import annotations

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from awards.models import AwardType


def test_the_async_guard_is_on():
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


@pytest.mark.django_db
def test_an_orm_call_from_an_event_loop_is_refused():
    async def query():
        return AwardType.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(query())
