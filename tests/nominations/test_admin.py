"""The admin shows nominations and their append-only events read-only."""

from __future__ import annotations

import pytest

from nominations import services
from nominations.enums import NominationStatus as S
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(staff_user):
    nomination = NominationFactory(status=S.SUBMITTED)
    services.nomination_return(nomination=nomination, actor=staff_user, reason="Thiếu biên bản")
    return nomination


def test_admin_shows_a_nomination_and_its_timeline(client, admin_user, returned):
    client.force_login(admin_user)

    response = client.get(f"/admin/nominations/nomination/{returned.pk}/change/")

    assert response.status_code == 200
    assert "Thiếu biên bản" in response.content.decode()
    assert b'name="_save"' not in response.content


def test_admin_refuses_to_change_or_delete(client, admin_user, returned):
    client.force_login(admin_user)
    event = returned.events.get()

    change = client.post(f"/admin/nominations/nomination/{returned.pk}/change/", {"status": "awarded"})
    delete = client.post(f"/admin/nominations/nominationevent/{event.pk}/delete/", {"post": "yes"})

    assert change.status_code == 403
    assert delete.status_code == 403
    returned.refresh_from_db()
    assert returned.status == S.RETURNED
    assert returned.events.count() == 1


def test_admin_event_list_renders(client, staff_user, returned):
    client.force_login(staff_user)

    response = client.get("/admin/nominations/nominationevent/")

    assert response.status_code == 200
