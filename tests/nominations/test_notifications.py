"""Every notification kind: delivered once to the right people and to nobody else,
in-app and by e-mail after the commit, with a link to a page the recipient may open.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from awards.enums import Role
from certificates.models import PrintJob
from nominations import council, decisions, notifications, services
from nominations.enums import NominationStatus as S
from nominations.enums import NotificationKind as K
from nominations.enums import SessionBody
from nominations.models import EmailOptOut, Notification
from tests.certificates import jobs
from tests.certificates.readback import client as api_client
from tests.factories.awards import UserFactory
from tests.factories.certificates import issued_decision, staff_user
from tests.factories.nominations import BaseSalaryFactory, NominationFactory, unit_head_of
from tests.nominations.council_helpers import (
    chairman,
    fixed_period,
    members,
    merit_rules,
    open_session,
    planned_session,
    verified,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    # Notices are rendered in the reader's language; an earlier test's request may
    # have left English active in this thread.
    with translation.override("vi"):
        yield


@pytest.fixture
def bystanders(db):
    """One user per role who is told nothing about someone else's dossier."""
    return [
        UserFactory(roles=[Role.COUNCIL_MEMBER]),
        UserFactory(roles=[Role.CHAIRMAN]),
        UserFactory(roles=[Role.UNIT_HEAD]),
        UserFactory(roles=[Role.ADMIN]),
    ]


def _page_opens_for(user, path: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(path).status_code


def assert_delivered(kind, expected, mailoutbox, *, text=None):
    """Exactly one notice and one e-mail per expected user; the link opens for each."""
    notices = list(Notification.objects.filter(kind=kind).select_related("recipient"))
    assert sorted(n.recipient_id for n in notices) == sorted(u.pk for u in expected), kind
    mails = [m for m in mailoutbox if any(n.url in m.body and n.text in m.body for n in notices)]
    assert sorted(m.to[0] for m in mails) == sorted(u.email for u in expected)
    for notice in notices:
        assert notice.path.startswith("/") and not notice.path.startswith("/api/")
        assert notice.url == settings.PUBLIC_BASE_URL + notice.path
        assert _page_opens_for(notice.recipient, notice.path) == 200, (kind, notice.path)
        if text:
            assert text in notice.text
    for mail in mails:
        assert "/api/" not in mail.body
        assert "Kính gửi" in mail.body
    return notices


# --- the dossier's steps -------------------------------------------------------------------------------


def test_submit_tells_staff_after_commit(staff, bystanders, mailoutbox, django_capture_on_commit_callbacks):
    colleague = UserFactory(roles=[Role.STAFF])
    nomination = NominationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)
        assert mailoutbox == []  # nothing before the commit

    notices = assert_delivered(K.SUBMITTED, [staff, colleague], mailoutbox, text=nomination.reference)
    assert "chờ thẩm định" in notices[0].text
    assert nomination.nominee_name in mailoutbox[0].body


def _units_heads(nomination):
    """The dossier's creator and another head of the same unit; a head elsewhere is not told."""
    UserFactory(roles=[Role.UNIT_HEAD])
    return [nomination.created_by, unit_head_of(nomination.proposing_organization)]


def test_return_tells_the_units_heads_with_the_reason(
    staff, bystanders, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(status=S.SUBMITTED)
    heads = _units_heads(nomination)

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(nomination=nomination, actor=staff, reason="Thiếu biên bản họp xét")

    assert_delivered(K.RETURNED, heads, mailoutbox, text="Lý do: Thiếu biên bản họp xét")


def test_verify_tells_the_units_heads(staff, bystanders, mailoutbox, django_capture_on_commit_callbacks):
    nomination = NominationFactory(status=S.SUBMITTED)
    heads = _units_heads(nomination)

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_verify(nomination=nomination, actor=staff)

    assert_delivered(K.VERIFIED, heads, mailoutbox, text="đã được thẩm định")


def test_session_close_tells_each_unit_approved_or_not(mailoutbox, django_capture_on_commit_callbacks):
    period = fixed_period()
    rules = merit_rules()
    passes, fails = verified(rules, period), verified(rules, period)
    people = members(3)
    session, actor = open_session(
        members=people, agenda=[passes, fails], period=period, body=SessionBody.STANDING_BOARD
    )
    for member in people:
        council.vote_cast(session=session, member=member, nomination=passes, choice="yes")
        council.vote_cast(session=session, member=member, nomination=fails, choice="no")

    with django_capture_on_commit_callbacks(execute=True):
        council.session_close(session=session, actor=actor)

    assert_delivered(K.APPROVED, [passes.created_by], mailoutbox, text=passes.reference)
    assert_delivered(K.NOT_APPROVED, [fails.created_by], mailoutbox, text=fails.reference)


def test_confirm_without_a_vote_tells_the_unit_approved(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    rules = merit_rules(review_body="none")
    nomination = verified(rules, fixed_period())

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_confirm(nomination=nomination, actor=staff)

    assert_delivered(K.APPROVED, [nomination.created_by], mailoutbox)


def _decision(nominations, period, rules):
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    return decisions.decision_create(
        actor=UserFactory(roles=[Role.STAFF]),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=nominations,
    )


def test_draft_decision_tells_the_chairman_and_issue_tells_the_units(
    mailoutbox, django_capture_on_commit_callbacks
):
    period, rules = fixed_period(), merit_rules()
    approved = [verified(rules, period, status=S.APPROVED) for _ in range(2)]
    signer = chairman()
    UserFactory(roles=[Role.COUNCIL_MEMBER])

    with django_capture_on_commit_callbacks(execute=True):
        decision = _decision(approved, period, rules)
    assert_delivered(K.DECISION_AWAITING, [signer], mailoutbox, text="46/QĐ-UBND")

    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_issue(decision=decision, actor=signer)
    assert_delivered(K.AWARDED, [n.created_by for n in approved], mailoutbox, text="46/QĐ-UBND")

    with django_capture_on_commit_callbacks(execute=True):
        decisions.nomination_revoke(
            nomination=approved[0], actor=signer, reason="Kê khai không đúng", act_number="120/QĐ-UBND"
        )
    assert_delivered(K.REVOKED, [approved[0].created_by], mailoutbox, text="120/QĐ-UBND")


def test_a_returned_draft_decision_tells_its_author(mailoutbox, django_capture_on_commit_callbacks):
    period, rules = fixed_period(), merit_rules()
    decision = _decision([verified(rules, period, status=S.APPROVED)], period, rules)
    UserFactory(roles=[Role.STAFF])  # another clerk: not told

    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_decision_returned(decision, reason="Sửa trích yếu")

    assert_delivered(K.DECISION_RETURNED, [decision.created_by], mailoutbox, text="Sửa trích yếu")


# --- council sessions ---------------------------------------------------------------------------------


def test_session_scheduled_agenda_changed_and_opened_tell_its_members(
    mailoutbox, django_capture_on_commit_callbacks
):
    period, rules = fixed_period(), merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    people = members(3)
    members(1)  # a member of the council not invited to this session
    body = SessionBody.STANDING_BOARD

    with django_capture_on_commit_callbacks(execute=True):
        session = planned_session(members=people, agenda=[first], period=period, body=body)
    assert_delivered(K.SESSION_SCHEDULED, people, mailoutbox, text="05/01/2024")

    with django_capture_on_commit_callbacks(execute=True):
        council.session_update(session=session, actor=session.created_by, agenda=[first, second])
    assert_delivered(K.AGENDA_CHANGED, people, mailoutbox, text="2 hồ sơ")

    with django_capture_on_commit_callbacks(execute=True):
        council.session_open(session=session, actor=session.created_by)
    assert_delivered(K.SESSION_OPENED, people, mailoutbox)


# --- print jobs ------------------------------------------------------------------------------------------


def _print(decision, requester, django_capture_on_commit_callbacks):
    with override_settings(TASKS=jobs.DATABASE_TASKS):  # queued, then a worker's pass
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client(requester).post(
                "/api/v1/print-jobs/", {"decision": decision.pk}, format="json"
            )
        jobs.run_queued_tasks()  # the job, then the e-mail it queued
    assert response.status_code == 202
    return PrintJob.objects.get(pk=response.json()["id"])


def test_a_finished_print_job_tells_its_requester(mailoutbox, django_capture_on_commit_callbacks):
    decision = issued_decision(people=2)
    requester = staff_user()
    staff_user()  # another clerk: not told

    job = _print(decision, requester, django_capture_on_commit_callbacks)

    notices = assert_delivered(K.PRINT_DONE, [requester], mailoutbox, text="2 trang")
    assert notices[0].path == f"/printing/jobs/{job.pk}/"


def test_a_failed_print_job_tells_its_requester_why(mailoutbox, django_capture_on_commit_callbacks):
    decision = issued_decision(names=["Nguyễn Văn An", "Trần 漢字 Bình"])
    requester = staff_user()

    _print(decision, requester, django_capture_on_commit_callbacks)

    assert_delivered(K.PRINT_FAILED, [requester], mailoutbox, text="漢")


# --- delivery rules ------------------------------------------------------------------------------------


def test_a_rolled_back_move_tells_nobody(staff, mailoutbox, django_capture_on_commit_callbacks):
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
    assert not Notification.objects.exists()


def test_email_turned_off_for_a_kind_keeps_the_in_app_notice(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=staff, kind=K.SUBMITTED)
    nomination = NominationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)

    assert Notification.objects.filter(recipient=staff, kind=K.SUBMITTED).count() == 1
    assert mailoutbox == []


def test_the_mail_task_run_twice_sends_once(staff, mailoutbox):
    from nominations.tasks import send_notification_emails

    notice = notifications.notify(K.SUBMITTED, [staff, staff], path="/inbox/", ref="HS-2023-000001")

    assert len(notice) == 1  # a user listed twice is told once
    send_notification_emails.call([notice[0].pk])
    send_notification_emails.call([notice[0].pk])
    assert len(mailoutbox) == 1


def test_inactive_users_and_unknown_kinds(staff):
    gone = UserFactory(roles=[Role.STAFF], is_active=False)

    assert notifications.notify(K.SUBMITTED, [gone], path="/inbox/") == []
    with pytest.raises(ValueError):
        notifications.notify("no_such_kind", [staff], path="/inbox/")


def test_profile_page_turns_email_off_per_kind(staff):
    client = Client()
    client.force_login(staff)
    wanted = [k for k in K.values if k != K.SUBMITTED]

    page = client.get("/profile/")
    saved = client.post("/profile/", {"email_kinds": wanted})

    assert page.status_code == 200
    assert "Hồ sơ được nộp (cán bộ thẩm định)" in page.content.decode()
    assert saved.status_code == 302
    assert list(EmailOptOut.objects.filter(user=staff).values_list("kind", flat=True)) == [K.SUBMITTED]
    client.post("/profile/", {"email_kinds": K.values})
    assert not EmailOptOut.objects.filter(user=staff).exists()
    assert client.post("/profile/", {"email_kinds": ["nonsense"]}).status_code == 400
