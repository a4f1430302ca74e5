"""Rows carry the service clock's moment: created and updated inside `clock.frozen_at`
(the demo's founding year), they show that moment, not the day the demo was loaded."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from awards import clock
from certificates.models import PrintProfile
from tests.factories.awards import PersonFactory

pytestmark = pytest.mark.django_db

CREATED = timezone.make_aware(datetime.datetime(2023, 12, 5, 9, 0))
UPDATED = timezone.make_aware(datetime.datetime(2024, 1, 11, 15, 30))


def test_created_and_updated_at_follow_the_frozen_clock():
    with clock.frozen_at(CREATED):
        person = PersonFactory()
    person.refresh_from_db()
    assert (person.created_at, person.updated_at) == (CREATED, CREATED)

    with clock.frozen_at(UPDATED):
        person.position = "Chuyên viên chính"
        person.save()
    person.refresh_from_db()
    assert (person.created_at, person.updated_at) == (CREATED, UPDATED)


def test_the_certificates_app_stamps_with_the_same_clock():
    with clock.frozen_at(CREATED):
        profile = PrintProfile.objects.create(name="Phôi thử 2023")
    profile.refresh_from_db()
    assert (profile.created_at, profile.updated_at) == (CREATED, CREATED)


def test_without_a_frozen_clock_rows_carry_the_present():
    before = timezone.now()
    person = PersonFactory()
    assert before <= person.created_at <= timezone.now()
