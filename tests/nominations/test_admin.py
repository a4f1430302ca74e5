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


def test_admin_hides_another_units_draft_from_staff(client, staff_user, returned):
    draft = NominationFactory(status=S.DRAFT)
    client.force_login(staff_user)

    listing = client.get("/admin/nominations/nomination/")
    detail = client.get(f"/admin/nominations/nomination/{draft.pk}/change/")

    assert listing.status_code == 200
    assert draft.reference not in listing.content.decode()
    assert returned.reference in listing.content.decode()
    assert detail.status_code == 302  # the admin's "does not exist" redirect


def test_admin_edits_a_session_through_the_service(client, staff_user):
    import datetime

    from nominations.models import CouncilSession
    from tests.factories.nominations import PeriodFactory

    session = CouncilSession.objects.create(
        title="Phiên cũ",
        meeting_date=datetime.date(2024, 1, 5),
        period=PeriodFactory(),
        created_by=staff_user,
    )
    client.force_login(staff_user)

    response = client.post(
        f"/admin/nominations/councilsession/{session.pk}/change/",
        {
            "title": "Phiên họp tháng Một",
            "meeting_date": "2024-01-06",
            "place": "Phòng họp số 1",
            "chair_name": "",
            "secretary_name": "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.meeting_date, session.place) == (
        "Phiên họp tháng Một",
        datetime.date(2024, 1, 6),
        "Phòng họp số 1",
    )
