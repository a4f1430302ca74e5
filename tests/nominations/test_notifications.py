"""E-mail in Vietnamese after the commit: staff on submit, the unit's heads on return and verify."""

from __future__ import annotations

import pytest
from django.db import transaction

from awards.enums import Role
from nominations import services
from nominations.enums import NominationStatus as S
from tests.factories.awards import UserFactory
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db


def test_submit_mails_staff_after_commit(staff, mailoutbox, django_capture_on_commit_callbacks):
    nomination = NominationFactory()
    UserFactory(roles=[Role.COUNCIL_MEMBER])  # not told

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)
        assert mailoutbox == []  # nothing before the commit

    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert nomination.reference in mailoutbox[0].subject
    assert "chờ thẩm định" in mailoutbox[0].subject
    assert nomination.nominee_name in mailoutbox[0].body


def test_return_mails_the_units_heads_with_the_reason(staff, mailoutbox, django_capture_on_commit_callbacks):
    nomination = NominationFactory(status=S.SUBMITTED)
    head = nomination.created_by

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(nomination=nomination, actor=staff, reason="Thiếu biên bản họp xét")

    assert [m.to for m in mailoutbox] == [[head.email]]
    assert "bị trả lại" in mailoutbox[0].subject
    assert "Lý do: Thiếu biên bản họp xét" in mailoutbox[0].body


def test_verify_mails_the_units_heads(staff, mailoutbox, django_capture_on_commit_callbacks):
    nomination = NominationFactory(status=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_verify(nomination=nomination, actor=staff)

    assert [m.to for m in mailoutbox] == [[nomination.created_by.email]]
    assert "đã được thẩm định" in mailoutbox[0].subject


def test_a_rolled_back_move_mails_nobody(staff, mailoutbox, django_capture_on_commit_callbacks):
    nomination = NominationFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.nomination_submit(nomination=nomination, actor=nomination.created_by)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mailoutbox == []
