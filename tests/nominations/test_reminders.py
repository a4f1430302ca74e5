"""`send_reminders`: units 7 and 2 days before a period closes, voters the day before
the meeting; each reminder once, however often cron runs it."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from awards.enums import Role
from nominations import council
from nominations.enums import NominationStatus as S
from nominations.enums import NotificationKind as K
from nominations.enums import SessionBody
from nominations.models import Notification
from nominations.reminders import send_reminders
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.nominations import NominationFactory, PeriodFactory, unit_head_of
from tests.nominations.council_helpers import fixed_period, members, merit_rules, open_session, verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    # Notices are rendered in the reader's language; an earlier test's request may
    # have left English active in this thread.
    with translation.override("vi"):
        yield


CLOSES = datetime.date(2031, 6, 30)


@pytest.fixture
def period(db):
    return PeriodFactory(
        opens_on=datetime.date(2031, 5, 1), closes_on=CLOSES, name="Khen thưởng đợt I năm 2031"
    )


@pytest.fixture
def units(period):
    """Drafting (a draft), done (submitted only), idle (nothing), each with its head."""
    drafting, done, idle = (OrganizationFactory(name=n) for n in ("Sở Y tế", "Sở Tài chính", "Sở Xây dựng"))
    heads = {
        name: unit_head_of(org) for name, org in (("drafting", drafting), ("done", done), ("idle", idle))
    }
    NominationFactory(period=period, proposing_organization=drafting, created_by=heads["drafting"])
    NominationFactory(
        period=period, proposing_organization=done, created_by=heads["done"], status=S.SUBMITTED
    )
    return heads


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_seven_days_before_units_with_drafts_or_nothing_are_reminded(
    units, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = send_reminders(today=CLOSES - datetime.timedelta(days=7))

    assert outcome.deadline == 2
    assert _told(K.DEADLINE_REMINDER) == sorted([units["drafting"].pk, units["idle"].pk])
    drafting = Notification.objects.get(recipient=units["drafting"])
    assert "Còn 7 ngày" in drafting.text and "30/06/2031" in drafting.text
    assert "1 hồ sơ dự thảo chưa nộp" in drafting.text
    assert "chưa nộp hồ sơ nào" in Notification.objects.get(recipient=units["idle"]).text
    assert sorted(m.to[0] for m in mailoutbox) == sorted([units["drafting"].email, units["idle"].email])
    # The links open for the unit's head.
    for notice in Notification.objects.all():
        client = Client()
        client.force_login(notice.recipient)
        assert client.get(notice.path).status_code == 200


def test_running_twice_in_the_same_hour_sends_nothing_the_second_time(
    units, mailoutbox, django_capture_on_commit_callbacks
):
    day = CLOSES - datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=day)
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = send_reminders(today=day)
        later_that_week = send_reminders(today=day + datetime.timedelta(days=2))

    assert (again.deadline, again.skipped) == (0, 2)
    assert later_that_week.deadline == 0
    assert len(mailoutbox) == sent
    assert Notification.objects.count() == 2


def test_two_days_before_comes_once_more_and_not_in_between(units):
    assert send_reminders(today=CLOSES - datetime.timedelta(days=8)).deadline == 0
    assert send_reminders(today=CLOSES - datetime.timedelta(days=6)).deadline == 2
    assert send_reminders(today=CLOSES - datetime.timedelta(days=3)).deadline == 0
    assert send_reminders(today=CLOSES - datetime.timedelta(days=2)).deadline == 2
    assert send_reminders(today=CLOSES).deadline == 0
    assert send_reminders(today=CLOSES + datetime.timedelta(days=1)).deadline == 0
    assert Notification.objects.filter(recipient=units["drafting"]).count() == 2


def test_members_who_have_not_voted_are_reminded_the_day_before():
    period, rules = fixed_period(), merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    people = members(3)
    session, _actor = open_session(
        members=people, agenda=[first, second], period=period, body=SessionBody.STANDING_BOARD
    )
    for nomination in (first, second):
        council.vote_cast(session=session, member=people[0], nomination=nomination, choice="yes")
    council.vote_cast(session=session, member=people[1], nomination=first, choice="no")
    day_before = session.meeting_date - datetime.timedelta(days=1)

    assert send_reminders(today=day_before - datetime.timedelta(days=1)).vote == 0
    outcome = send_reminders(today=day_before)
    again = send_reminders(today=session.meeting_date)

    assert outcome.vote == 2 and again.vote == 0
    assert _told(K.VOTE_REMINDER) == sorted([people[1].pk, people[2].pk])
    assert (
        "còn 1 hồ sơ chưa biểu quyết"
        in Notification.objects.get(recipient=people[1], kind=K.VOTE_REMINDER).text
    )
    assert (
        "còn 2 hồ sơ chưa biểu quyết"
        in Notification.objects.get(recipient=people[2], kind=K.VOTE_REMINDER).text
    )


def test_the_command_reports_what_it_sent(units):
    from awards import clock

    out = StringIO()
    with clock.frozen_at(datetime.datetime(2031, 6, 28, 9, 0)):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "deadline reminders: 2, vote reminders: 0, already sent: 0",
        "deadline reminders: 0, vote reminders: 0, already sent: 2",
    ]


def test_inactive_heads_and_other_roles_are_not_reminded(period):
    unit = OrganizationFactory()
    unit_head_of(unit, is_active=False)
    UserFactory(roles=[Role.STAFF], organization=unit)

    assert send_reminders(today=CLOSES - datetime.timedelta(days=2)).deadline == 0
    assert not Notification.objects.exists()


def test_a_reminder_reads_in_the_readers_language(units):
    send_reminders(today=CLOSES - datetime.timedelta(days=2))
    notice = Notification.objects.get(recipient=units["drafting"])

    with translation.override("en"):
        english = notice.text

    assert english == (
        "2 day(s) left before the “Khen thưởng đợt I năm 2031” period closes (30/06/2031): "
        "your unit has 1 draft dossier(s) not yet submitted."
    )
