"""Numbers typed into page parameters: a bad one is ignored or refused, never a 500."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from nominations.models import CouncilSession

pytestmark = pytest.mark.django_db

# "²" is a digit to str.isdigit() but not to int(); 23 digits overflow a bigint.
BAD_NUMBERS = ["²", "99999999999999999999999"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_nomination_list_ignores_a_bad_period(staff, value):
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    response = client.get("/nominations/", {"period": value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_session_vote_refuses_a_bad_nomination(staff, period, value):
    session = CouncilSession.objects.create(
        title="Phiên thử", meeting_date=datetime.date(2024, 1, 5), period=period, created_by=staff
    )
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    response = client.post(f"/sessions/{session.pk}/vote/", {"nomination": value, "choice": "yes"})

    assert response.status_code == 302
