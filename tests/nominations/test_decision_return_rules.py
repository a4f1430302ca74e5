"""Returning a draft, rule by rule: each test fails when one condition of
`decisions.decision_return` (who may, the comment's checks, the 409, what is written) changes.
Written from the mutants mutmut made of it."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from awards.enums import Role
from awards.errors import ConflictError
from awards.models import BaseSalary
from nominations import decisions
from nominations.enums import DecisionEventKind, NotificationKind
from nominations.models import Decision, DecisionEvent, Notification
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, merit_draft

pytestmark = pytest.mark.django_db

ONLY_THE_CHAIRMAN = "Chỉ Chủ tịch (người ký) được trả lại dự thảo."


@pytest.fixture
def draft():
    """A draft of one certificate of merit, drafted by its own staff member."""
    return merit_draft()


def _unchanged(draft) -> None:
    assert Decision.objects.get(pk=draft.pk).returned_comment == ""
    assert not DecisionEvent.objects.filter(kind=DecisionEventKind.RETURNED).exists()
    assert not Notification.objects.filter(kind=NotificationKind.DECISION_RETURNED).exists()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(roles=[Role.STAFF]),
        lambda: UserFactory(roles=[Role.COUNCIL_MEMBER]),
        lambda: UserFactory(roles=[Role.UNIT_HEAD]),
        lambda: UserFactory(roles=[]),
        lambda: UserFactory(roles=[Role.CHAIRMAN], is_active=False),
        AnonymousUser,
    ],
    ids=["staff", "council_member", "unit_head", "no_role", "inactive_chairman", "anonymous"],
)
def test_only_the_chairman_returns_a_draft_with_the_reason_given(draft, make_user):
    with pytest.raises(PermissionDenied) as exc:
        decisions.decision_return(decision=draft, actor=make_user(), comment="Bổ sung tờ trình.")

    assert str(exc.value) == ONLY_THE_CHAIRMAN
    _unchanged(draft)


def test_an_administrator_holds_the_chairmans_role_and_may_return(draft):
    admin = UserFactory(roles=[], is_superuser=True)

    returned = decisions.decision_return(decision=draft, actor=admin, comment="Bổ sung tờ trình.")

    assert returned.returned_comment == "Bổ sung tờ trình."


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (None, "Cần nêu ý kiến khi trả lại dự thảo."),
        ("", "Cần nêu ý kiến khi trả lại dự thảo."),
        (" \u00a0\n ", "Cần nêu ý kiến khi trả lại dự thảo."),
        ("a" * 5001, "Ý kiến quá dài (tối đa 5.000 ký tự)."),
    ],
    ids=["none", "empty", "blank", "5001_characters"],
)
def test_a_missing_or_too_long_comment_is_refused_with_its_message(draft, comment, message):
    with pytest.raises(ValidationError) as exc:
        decisions.decision_return(decision=draft, actor=chairman(), comment=comment)

    assert exc.value.message_dict == {"comment": [message]}
    _unchanged(draft)


def test_a_comment_of_5000_characters_is_kept_whole(draft):
    comment = "ý" * 5000

    decisions.decision_return(decision=draft, actor=chairman(), comment=comment)

    assert Decision.objects.get(pk=draft.pk).returned_comment == comment


def test_the_comment_is_measured_after_trimming(draft):
    decisions.decision_return(decision=draft, actor=chairman(), comment="  " + "a" * 5000 + "  ")

    assert Decision.objects.get(pk=draft.pk).returned_comment == "a" * 5000


def test_an_issued_decision_is_not_returned_409_with_its_number(draft):
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    signer = chairman()
    decisions.decision_issue(decision=draft, actor=signer)

    with pytest.raises(ConflictError) as exc:
        decisions.decision_return(decision=draft, actor=signer, comment="Sửa lại.")

    assert str(exc.value) == "Quyết định số 46/QĐ-UBND đã ban hành: không thể trả lại."
    assert Decision.objects.get(pk=draft.pk).returned_comment == ""
    assert not DecisionEvent.objects.filter(kind=DecisionEventKind.RETURNED).exists()


def test_the_stale_copy_is_not_trusted_the_locked_row_is_read(draft):
    stale = Decision.objects.get(pk=draft.pk)
    Decision.objects.filter(pk=draft.pk).update(place="Từ Sơn")

    returned = decisions.decision_return(decision=stale, actor=chairman(), comment="Sửa.")

    assert returned.place == "Từ Sơn"
    assert Decision.objects.get(pk=draft.pk).place == "Từ Sơn"


def test_a_return_writes_the_comment_the_event_and_tells_the_drafter(draft):
    signer = chairman()
    UserFactory(roles=[Role.STAFF])  # another clerk, not told

    # Typed decomposed (NFD) and padded: stored NFC and trimmed.
    comment = unicodedata.normalize("NFD", "  Bổ sung số tờ trình của Sở Nội vụ. ")

    returned = decisions.decision_return(decision=draft, actor=signer, comment=comment)

    assert returned.pk == draft.pk
    assert returned.returned_comment == "Bổ sung số tờ trình của Sở Nội vụ."
    assert Decision.objects.get(pk=draft.pk).returned_comment == "Bổ sung số tờ trình của Sở Nội vụ."
    event = DecisionEvent.objects.get(decision=draft, kind=DecisionEventKind.RETURNED)
    assert (event.actor, event.comment, event.data) == (signer, "Bổ sung số tờ trình của Sở Nội vụ.", {})
    notices = Notification.objects.filter(kind=NotificationKind.DECISION_RETURNED)
    assert [(n.recipient_id, n.params, n.path) for n in notices] == [
        (
            draft.created_by_id,
            {"number": "46/QĐ-UBND", "reason": "Bổ sung số tờ trình của Sở Nội vụ."},
            f"/decisions/{draft.pk}/",
        )
    ]
