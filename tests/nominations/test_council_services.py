"""Council sessions through their services: agenda, votes, attendance, closing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.errors import ConflictError
from nominations import council
from nominations.enums import NominationStatus, SessionBody, SessionStatus
from nominations.models import AgendaItem, Vote
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.nominations.council_helpers import (
    fixed_period,
    flag_rules,
    members,
    merit_rules,
    open_session,
    planned_session,
    staff,
    verified,
)

pytestmark = pytest.mark.django_db

W = council.WrittenOpinion


def _absent(member, *opinions):
    return council.AttendanceEntry(member_id=member.pk, present=False, written_opinions=tuple(opinions))


def _present(member):
    return council.AttendanceEntry(member_id=member.pk, present=True)


# --- planning -------------------------------------------------------------------------------------


def test_session_create_refuses_users_without_council_role():
    period = fixed_period()
    outsider = UserFactory(roles=["unit_head"])

    with pytest.raises(ValidationError) as exc:
        planned_session(members=[outsider], agenda=[], period=period)

    assert "members" in exc.value.message_dict


def test_session_create_refuses_unverified_nomination():
    period = fixed_period()
    rules = flag_rules()
    submitted = verified(rules, period, collective=True, status=NominationStatus.SUBMITTED)

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[submitted], period=period)

    assert "chưa được thẩm định" in exc.value.message_dict["agenda"][0]


def test_session_create_standing_board_refuses_council_items():
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[flag], period=period, body=SessionBody.STANDING_BOARD)

    assert "Thường trực" in exc.value.message_dict["agenda"][0]


def test_session_create_council_agenda_may_mix_award_types():
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    merit = verified(merit_rules(), period)

    session = planned_session(members=members(2), agenda=[flag, merit], period=period)

    assert [i.nomination_id for i in session.items.order_by("position")] == [flag.pk, merit.pk]


def test_session_create_by_council_member_is_refused():
    period = fixed_period()
    voter = members(1)[0]

    with pytest.raises(PermissionDenied):
        planned_session(members=[voter], agenda=[], period=period, actor=voter)


def test_session_update_agenda_after_open_is_refused():
    period = fixed_period()
    rules = merit_rules()
    session, actor = open_session(members=members(1), agenda=[verified(rules, period)], period=period)

    with pytest.raises(ConflictError):
        council.session_update(session=session, actor=actor, agenda=[verified(rules, period)])

    assert session.items.count() == 1


# --- votes ----------------------------------------------------------------------------------------


def test_vote_cast_second_vote_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    voter = members(1)[0]
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)
    council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    with pytest.raises(ConflictError):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="no")

    assert Vote.objects.get().choice == "yes"


def test_vote_cast_unknown_choice_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    voter = members(1)[0]
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)

    with pytest.raises(ValidationError):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="maybe")

    assert Vote.objects.count() == 0


def test_vote_cast_item_not_on_agenda_is_refused():
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period)
    elsewhere = verified(rules, period)
    voter = members(1)[0]
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)

    with pytest.raises(ValidationError):
        council.vote_cast(session=session, member=voter, nomination=elsewhere, choice="yes")

    assert Vote.objects.count() == 0


def test_vote_cast_by_non_member_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    voter, outsider = members(2)
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)

    with pytest.raises(PermissionDenied):
        council.vote_cast(session=session, member=outsider, nomination=nomination, choice="yes")

    assert Vote.objects.count() == 0


def test_vote_cast_by_member_whose_council_role_was_withdrawn_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (voter,) = members(1)
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)
    voter.roles = []
    voter.save()

    with pytest.raises(PermissionDenied):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    assert Vote.objects.count() == 0


def test_vote_cast_before_open_and_after_close_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    voter = members(1)[0]
    session = planned_session(members=[voter], agenda=[nomination], period=period)

    with pytest.raises(ConflictError):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    actor = staff()
    council.session_open(session=session, actor=actor)
    council.attendance_record(session=session, actor=actor, entries=[_present(voter)])
    council.session_close(session=session, actor=actor)
    with pytest.raises(ConflictError):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")
    assert Vote.objects.count() == 0


def test_vote_cast_recused_member_is_refused():
    period = fixed_period()
    unit = OrganizationFactory()
    nomination = verified(flag_rules(), period, collective=True, proposing_organization=unit)
    own = UserFactory(roles=["council_member"], organization=unit)
    session, _ = open_session(members=[own, *members(1)], agenda=[nomination], period=period)

    with pytest.raises(ConflictError) as exc:
        council.vote_cast(session=session, member=own, nomination=nomination, choice="yes")

    assert "không biểu quyết" in exc.value.message
    assert Vote.objects.count() == 0


def test_vote_cast_by_member_recorded_absent_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    voter = members(1)[0]
    session, actor = open_session(members=[voter], agenda=[nomination], period=period)
    council.attendance_record(session=session, actor=actor, entries=[_absent(voter)])

    with pytest.raises(ConflictError):
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")


# --- attendance -----------------------------------------------------------------------------------


def test_attendance_written_opinion_counts_as_written_vote():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    absent = members(1)[0]
    session, actor = open_session(members=[absent], agenda=[nomination], period=period)

    council.attendance_record(
        session=session, actor=actor, entries=[_absent(absent, W(nomination_id=nomination.pk, choice="no"))]
    )

    vote = Vote.objects.get()
    assert (vote.member, vote.choice, vote.written, vote.recorded_by) == (absent, "no", True, actor)


def test_attendance_written_opinion_of_present_member_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    member = members(1)[0]
    session, actor = open_session(members=[member], agenda=[nomination], period=period)
    entry = council.AttendanceEntry(
        member_id=member.pk, present=True, written_opinions=(W(nomination_id=nomination.pk, choice="yes"),)
    )

    with pytest.raises(ValidationError):
        council.attendance_record(session=session, actor=actor, entries=[entry])

    assert Vote.objects.count() == 0


def test_attendance_absent_after_voting_in_person_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    member = members(1)[0]
    session, actor = open_session(members=[member], agenda=[nomination], period=period)
    council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")

    with pytest.raises(ConflictError):
        council.attendance_record(session=session, actor=actor, entries=[_absent(member)])


def test_attendance_for_non_member_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    session, actor = open_session(members=members(1), agenda=[nomination], period=period)

    with pytest.raises(ValidationError):
        council.attendance_record(session=session, actor=actor, entries=[_absent(members(1)[0])])


# --- closing: thresholds, quorum, recusal, ties ---------------------------------------------------


def test_session_close_flag_eighty_percent_of_all_members_with_written_opinions():
    # 15 members: 12 present (9 yes, 1 no, 2 abstain), 3 absent who sent "yes" in
    # writing: 12/15 = 80 % of all members → approved.
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    people = members(15)
    session, actor = open_session(members=people, agenda=[flag], period=period)
    present, absent = people[:12], people[12:]
    for member, choice in zip(present, ["yes"] * 9 + ["no"] + ["abstain"] * 2, strict=True):
        council.vote_cast(session=session, member=member, nomination=flag, choice=choice)
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[_absent(m, W(nomination_id=flag.pk, choice="yes")) for m in absent],
    )

    council.session_close(session=session, actor=actor)

    item = AgendaItem.objects.get(session=session)
    assert (item.members, item.present, item.yes, item.no, item.abstain, item.written, item.recused) == (
        15,
        12,
        12,
        1,
        2,
        3,
        0,
    )
    assert item.outcome == "approved"
    flag.refresh_from_db()
    assert flag.status == NominationStatus.APPROVED
    event = flag.events.get()
    assert (event.from_status, event.to_status) == ("verified", "approved")
    assert event.data["yes"] == 12


def test_session_close_flag_fails_when_absent_members_send_no_opinion():
    # 11 yes among 12 present is 92 % of those present but 73 % of all 15 members.
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    people = members(15)
    session, actor = open_session(members=people, agenda=[flag], period=period)
    for member in people[:11]:
        council.vote_cast(session=session, member=member, nomination=flag, choice="yes")
    council.vote_cast(session=session, member=people[11], nomination=flag, choice="no")
    council.attendance_record(session=session, actor=actor, entries=[_absent(m) for m in people[12:]])

    council.session_close(session=session, actor=actor)

    flag.refresh_from_db()
    assert flag.status == NominationStatus.NOT_APPROVED
    assert AgendaItem.objects.get(session=session).outcome == "not_approved"


def test_session_close_merit_simple_majority_of_those_present():
    # Standing board of 6, 4 present (quorum 2/3): 3 yes of 4 present passes, 2 of 4 (a tie) does not.
    period = fixed_period()
    rules = merit_rules()
    passes, tie = verified(rules, period), verified(rules, period)
    people = members(6)
    session, actor = open_session(
        members=people, agenda=[passes, tie], period=period, body=SessionBody.STANDING_BOARD
    )
    for member, choice in zip(people[:4], ["yes", "yes", "yes", "no"], strict=True):
        council.vote_cast(session=session, member=member, nomination=passes, choice=choice)
    for member, choice in zip(people[:4], ["yes", "yes", "no", "no"], strict=True):
        council.vote_cast(session=session, member=member, nomination=tie, choice=choice)
    council.attendance_record(session=session, actor=actor, entries=[_absent(m) for m in people[4:]])

    council.session_close(session=session, actor=actor)

    passes.refresh_from_db()
    tie.refresh_from_db()
    assert passes.status == NominationStatus.APPROVED
    assert tie.status == NominationStatus.NOT_APPROVED
    tie_item = AgendaItem.objects.get(nomination=tie)
    assert (tie_item.present, tie_item.yes, tie_item.no) == (4, 2, 2)


def test_session_close_without_quorum_is_conflict_and_changes_nothing():
    # The flag needs 80 % present: 11 of 15 is not enough.
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    people = members(15)
    session, actor = open_session(members=people, agenda=[flag], period=period)
    for member in people[:11]:
        council.vote_cast(session=session, member=member, nomination=flag, choice="yes")

    with pytest.raises(ConflictError) as exc:
        council.session_close(session=session, actor=actor)

    assert "Không đủ số thành viên có mặt (11/15)" in exc.value.message
    session.refresh_from_db()
    flag.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    assert flag.status == NominationStatus.VERIFIED
    assert AgendaItem.objects.get(session=session).outcome == ""


def test_session_close_written_opinions_do_not_make_quorum():
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    people = members(5)
    session, actor = open_session(members=people, agenda=[flag], period=period)
    for member in people[:3]:
        council.vote_cast(session=session, member=member, nomination=flag, choice="yes")
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[_absent(m, W(nomination_id=flag.pk, choice="yes")) for m in people[3:]],
    )

    with pytest.raises(ConflictError):
        council.session_close(session=session, actor=actor)


def test_session_close_recused_member_is_counted_as_recused():
    # 5 members, one from the nominee's unit: 4 yes of the 4 others is 100 %.
    period = fixed_period()
    unit = OrganizationFactory()
    flag = verified(flag_rules(), period, collective=True, proposing_organization=unit)
    own = UserFactory(roles=["council_member"], organization=unit)
    others = members(4)
    session, actor = open_session(members=[own, *others], agenda=[flag], period=period)
    council.attendance_record(session=session, actor=actor, entries=[_present(own)])
    for member in others:
        council.vote_cast(session=session, member=member, nomination=flag, choice="yes")

    council.session_close(session=session, actor=actor)

    item = AgendaItem.objects.get(session=session)
    assert (item.members, item.present, item.yes, item.recused, item.outcome) == (5, 5, 4, 1, "approved")


def test_session_close_twice_is_conflict():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    member = members(1)[0]
    session, actor = open_session(members=[member], agenda=[nomination], period=period)
    council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")
    council.session_close(session=session, actor=actor)

    with pytest.raises(ConflictError):
        council.session_close(session=session, actor=actor)

    assert nomination.events.count() == 1


def test_session_close_by_member_is_refused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    member = members(1)[0]
    session, _ = open_session(members=[member], agenda=[nomination], period=period)

    with pytest.raises(PermissionDenied):
        council.session_close(session=session, actor=member)
