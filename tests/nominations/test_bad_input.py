"""Bad input: each a 400 (413 for size) with a message, state unchanged, never a 500."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from nominations.enums import NominationStatus as S
from nominations.models import Nomination
from tests.factories.awards import PASSWORD, PersonFactory
from tests.factories.nominations import NominationFactory, PeriodFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"


@pytest.fixture
def head_client(client_for, unit_head):
    return client_for(unit_head)


@pytest.fixture
def body(period, award_type, person):
    return {
        "period": period.pk,
        "award_type": award_type.code,
        "nominee_person": person.pk,
        "achievements": "Tốt",
    }


def _bad(response, field=None):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    payload = response.json()
    assert payload, "a message"
    if field:
        assert field in payload, payload
    return payload


def test_malformed_json(head_client):
    response = head_client.generic("POST", URL, '{"period": 1,', content_type="application/json")

    assert "detail" in _bad(response)
    assert Nomination.objects.count() == 0


def test_unknown_award_type_code(head_client, body):
    payload = _bad(
        head_client.post(URL, {**body, "award_type": "no_such_award"}, format="json"), "award_type"
    )

    assert "no_such_award" in payload["award_type"][0]


def test_a_person_for_the_collective_flag(head_client, body):
    payload = _bad(
        head_client.post(URL, {**body, "award_type": "flag_province"}, format="json"), "nominee_person"
    )

    assert "tập thể" in payload["nominee_person"][0]
    assert Nomination.objects.count() == 0


def test_a_nominee_from_another_unit(head_client, body, other_unit):
    outsider = PersonFactory(organization=other_unit)

    _bad(head_client.post(URL, {**body, "nominee_person": outsider.pk}, format="json"), "nominee_person")


def test_both_nominees(head_client, body, unit):
    _bad(head_client.post(URL, {**body, "nominee_organization": unit.pk}, format="json"), "nominee_person")


def test_no_nominee(head_client, body):
    _bad(head_client.post(URL, {**body, "nominee_person": None}, format="json"), "nominee_person")


def test_a_closed_period(head_client, body):
    closed = PeriodFactory(opens_on=datetime.date(2023, 1, 1), closes_on=datetime.date(2023, 12, 10))

    _bad(head_client.post(URL, {**body, "period": closed.pk}, format="json"), "period")


def test_text_over_its_length(head_client, body):
    _bad(head_client.post(URL, {**body, "ground": "x" * 101}, format="json"), "ground")
    _bad(head_client.post(URL, {**body, "achievements": "x" * 20001}, format="json"), "achievements")


@pytest.mark.parametrize("field", ["achievements", "ground"])
def test_nul_characters(head_client, body, field):
    _bad(head_client.post(URL, {**body, field: "a\x00b"}, format="json"))


def test_nul_in_a_form_body(head_client, body):
    _bad(head_client.post(URL, {**body, "achievements": "a\x00b"}, format="multipart"))


@pytest.mark.parametrize(
    "change",
    [
        {"period": 10**30},
        {"period": "abc"},
        {"period": [1]},
        {"nominee_person": 10**30},
        {"nominee_person": -1},
        {"award_type": ["flag_province"]},
        {"award_type": {"code": "x"}},
        {"achievements": ["x"]},
        {"ground": 12},
        {"achievements": "\u202etxt.exe"},
    ],
)
def test_odd_values_never_500(head_client, body, change):
    response = head_client.post(URL, {**body, **change}, format="json")

    assert response.status_code in (201, 400), response.content[:300]


def test_a_json_list_body(head_client):
    response = head_client.post(URL, [1, 2], format="json")

    assert response.status_code == 400


def test_patch_refuses_read_only_fields_silently_and_keeps_state(client_for):
    nomination = NominationFactory()
    client = client_for(nomination.created_by)

    response = client.patch(
        f"{URL}{nomination.pk}/",
        {
            "status": "awarded",
            "proposing_organization": 1,
            "reference": "HS-X",
            "eligibility": {"eligible": True},
        },
        format="json",
    )

    assert response.status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT
    assert nomination.reference.startswith("HS-")
    assert nomination.eligibility is None


def test_patch_to_another_units_person_is_400_and_changes_nothing(client_for, other_unit):
    nomination = NominationFactory()
    before = nomination.nominee_person_id
    outsider = PersonFactory(organization=other_unit)

    response = client_for(nomination.created_by).patch(
        f"{URL}{nomination.pk}/", {"nominee_person": outsider.pk}, format="json"
    )

    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.nominee_person_id == before


def test_return_without_reason(client_for, staff):
    nomination = NominationFactory(status=S.SUBMITTED)

    response = client_for(staff).post(f"{URL}{nomination.pk}/return/", {}, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


@pytest.mark.parametrize("path", ["abc/", "99999999999999999999999/", "1/attachments/99999999999999999999/"])
def test_odd_paths_are_404(head_client, path):
    response = head_client.get(f"{URL}{path}")

    assert response.status_code == 404


def test_session_auth_without_csrf_is_refused(unit_head, body):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username=unit_head.username, password=PASSWORD)

    response = client.post(URL, body, format="json")

    assert response.status_code == 403
    assert Nomination.objects.count() == 0
