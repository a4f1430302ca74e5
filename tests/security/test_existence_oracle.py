"""Finding 8: a unit head cannot tell "outside my unit" from "does not exist"."""

from __future__ import annotations

import pytest

from awards.enums import Role
from awards.models import Organization, Person

pytestmark = pytest.mark.django_db


def _body(world, **nominee) -> dict:
    draft = world.nominations["draft"]
    return {"period": draft.period_id, "award_type": draft.award_type.code, **nominee}


def _shape(response, wrong_id: int) -> tuple[int, str]:
    # The message repeats the id sent; everything else must be the same.
    return response.status_code, str(response.json()).replace(str(wrong_id), "ID")


def _outsider_and_missing(world):
    outsider = Person.objects.get(organization=world.other_unit)
    missing = Person.objects.order_by("-pk").first().pk + 1000
    return outsider.pk, missing


def test_create_answers_the_same_for_a_person_outside_the_unit_and_a_missing_one(world):
    client = world.client(Role.UNIT_HEAD)
    outside, missing = _outsider_and_missing(world)

    a = client.post("/api/v1/nominations/", _body(world, nominee_person=outside), format="json")
    b = client.post("/api/v1/nominations/", _body(world, nominee_person=missing), format="json")

    assert a.status_code == 400
    assert _shape(a, outside) == _shape(b, missing)
    assert "Không tồn tại" in str(a.json())


def test_create_answers_the_same_for_an_organization_outside_the_unit_and_a_missing_one(world):
    client = world.client(Role.UNIT_HEAD)
    outside = world.other_unit.pk
    missing = Organization.objects.order_by("-pk").first().pk + 1000

    a = client.post("/api/v1/nominations/", _body(world, nominee_organization=outside), format="json")
    b = client.post("/api/v1/nominations/", _body(world, nominee_organization=missing), format="json")

    assert a.status_code == 400
    assert _shape(a, outside) == _shape(b, missing)


def test_patch_answers_the_same_too(world):
    client = world.client(Role.UNIT_HEAD)
    url = f"/api/v1/nominations/{world.nominations['draft'].pk}/"
    outside, missing = _outsider_and_missing(world)

    a = client.patch(url, {"nominee_person": outside}, format="json")
    b = client.patch(url, {"nominee_person": missing}, format="json")

    assert a.status_code == 400
    assert _shape(a, outside) == _shape(b, missing)


def test_a_person_of_the_unit_is_still_accepted(world):
    client = world.client(Role.UNIT_HEAD)

    response = client.post(
        "/api/v1/nominations/", _body(world, nominee_person=world.people[1].pk), format="json"
    )

    # The seeded period is closed: the refusal is about the period, never about the person.
    assert response.status_code == 400
    assert set(response.json()) == {"period"}
