"""Every refusal of the council services, word for word, and that a refusal writes nothing.

Planning (members, agenda), editing, opening, voting and the roll call: each
message names what is wrong, in the field the API reports it under.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.enums import ReviewBody, Role
from awards.errors import ConflictError
from awards.models import RuleSet
from nominations import council
from nominations.enums import NominationStatus, SessionBody, SessionStatus
from nominations.models import AgendaItem, Attendance, CouncilSession, Vote
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.nominations import RuleSetFactory, council_member
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
STAFF_ONLY = "Thao tác này chỉ dành cho: Cán bộ Ban Thi đua - Khen thưởng."


def _absent(member, *opinions):
    return council.AttendanceEntry(member_id=member.pk, present=False, written_opinions=tuple(opinions))


def _present(member, *opinions):
    return council.AttendanceEntry(member_id=member.pk, present=True, written_opinions=tuple(opinions))


def _messages(exc):
    return exc.value.message_dict


# --- planning: members and agenda -----------------------------------------------------------------


def test_session_create_names_each_user_who_is_not_an_active_council_member_once():
    period = fixed_period()
    outsider = UserFactory(roles=[Role.UNIT_HEAD], full_name="Đỗ Văn Ngoài")
    retired = council_member(full_name="Phan Thị Nghỉ", is_active=False)
    (sitting,) = members(1)

    with pytest.raises(ValidationError) as exc:
        planned_session(members=[outsider, sitting, retired, outsider], agenda=[], period=period)

    assert _messages(exc) == {"members": ["Không phải thành viên Hội đồng: Đỗ Văn Ngoài, Phan Thị Nghỉ."]}
    assert CouncilSession.objects.count() == 0


def test_session_create_takes_a_member_named_twice_once():
    period = fixed_period()
    people = members(2)

    session = planned_session(members=[people[0], people[1], people[0]], agenda=[], period=period)

    assert sorted(session.members.values_list("pk", flat=True)) == sorted(m.pk for m in people)


def test_session_create_refuses_an_unknown_body():
    period = fixed_period()

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[], period=period, body="plenary")

    assert _messages(exc) == {"body": ["Cơ quan xét không hợp lệ."]}
    assert CouncilSession.objects.count() == 0


def test_session_create_lists_every_agenda_fault_at_once_in_agenda_order():
    period = fixed_period()
    flag = flag_rules()
    submitted = verified(flag, period, collective=True, status=NominationStatus.SUBMITTED)
    elsewhere = verified(flag, fixed_period(year=2022), collective=True)
    busy = verified(flag, period, collective=True)
    planned_session(members=members(1), agenda=[busy], period=period)
    no_vote = verified(RuleSetFactory(review_body=ReviewBody.NONE), period)
    council_only = verified(flag, period, collective=True)
    fine = verified(merit_rules(), period)

    with pytest.raises(ValidationError) as exc:
        planned_session(
            members=members(1),
            agenda=[submitted, elsewhere, busy, no_vote, council_only, fine],
            period=period,
            body=SessionBody.STANDING_BOARD,
        )

    assert _messages(exc) == {
        "agenda": [
            f"Hồ sơ {submitted.reference} chưa được thẩm định (trạng thái “Đã nộp”).",
            f"Hồ sơ {elsewhere.reference} thuộc đợt khen thưởng khác.",
            f"Hồ sơ {busy.reference} đã có trong chương trình một phiên họp khác.",
            f"Hồ sơ {no_vote.reference} thuộc hình thức không cần biểu quyết của Hội đồng.",
            f"Hồ sơ {council_only.reference} (Cờ thi đua của Ủy ban nhân dân tỉnh) phải do Hội đồng xét, "
            "không thuộc thẩm quyền Thường trực Hội đồng.",
        ]
    }
    assert CouncilSession.objects.count() == 1


def test_session_create_reports_only_the_first_fault_of_one_dossier():
    # Not verified and of another period: the first fault is enough.
    period = fixed_period()
    stray = verified(flag_rules(), fixed_period(year=2022), collective=True, status=NominationStatus.RETURNED)

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[stray], period=period)

    assert _messages(exc) == {
        "agenda": [f"Hồ sơ {stray.reference} chưa được thẩm định (trạng thái “Trả lại”)."]
    }


def test_session_create_refuses_a_dossier_whose_award_has_no_rules_in_force():
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period)
    RuleSet.objects.filter(pk=rules.pk).update(effective_from=datetime.date(2030, 1, 1))

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[nomination], period=period)

    assert _messages(exc) == {
        "agenda": [f"Hồ sơ {nomination.reference} thuộc hình thức không cần biểu quyết của Hội đồng."]
    }


@pytest.mark.parametrize("status", [SessionStatus.PLANNED, SessionStatus.OPEN])
def test_a_dossier_on_a_planned_or_open_session_is_busy(status):
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    first = planned_session(members=members(1), agenda=[nomination], period=period)
    CouncilSession.objects.filter(pk=first.pk).update(status=status)

    with pytest.raises(ValidationError) as exc:
        planned_session(members=members(1), agenda=[nomination], period=period)

    assert _messages(exc) == {
        "agenda": [f"Hồ sơ {nomination.reference} đã có trong chương trình một phiên họp khác."]
    }


def test_a_dossier_left_verified_on_a_closed_session_may_be_put_on_a_new_one():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    first = planned_session(members=members(1), agenda=[nomination], period=period)
    CouncilSession.objects.filter(pk=first.pk).update(status=SessionStatus.CLOSED)

    second = planned_session(members=members(1), agenda=[nomination], period=period)

    assert list(second.items.values_list("nomination_id", flat=True)) == [nomination.pk]


def test_the_standing_board_takes_its_own_dossiers_and_numbers_the_agenda_from_one():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period), verified(rules, period)

    session = planned_session(
        members=members(1), agenda=[second, first, second], period=period, body=SessionBody.STANDING_BOARD
    )

    rows = list(session.items.order_by("position").values_list("position", "nomination_id"))
    assert rows == [(1, second.pk), (2, first.pk)]


# --- editing --------------------------------------------------------------------------------------


def test_session_update_by_a_council_member_is_refused():
    period = fixed_period()
    (member,) = members(1)
    session = planned_session(members=[member], agenda=[], period=period)

    with pytest.raises(PermissionDenied) as exc:
        council.session_update(session=session, actor=member, title="Đổi tên")

    assert str(exc.value) == STAFF_ONLY
    session.refresh_from_db()
    assert session.title == "Phiên họp xét khen thưởng năm 2023"


def test_session_update_names_the_fields_it_cannot_change_in_order():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[], period=period)

    with pytest.raises(ValidationError) as exc:
        council.session_update(session=session, actor=staff(), title="Mới", status="closed", created_by=None)

    assert _messages(exc) == {"detail": ["Trường không thể sửa: created_by, status."]}
    session.refresh_from_db()
    assert (session.title, session.status) == ("Phiên họp xét khen thưởng năm 2023", "planned")


def test_session_update_of_a_closed_session_is_conflict():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[], period=period)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)

    with pytest.raises(ConflictError) as exc:
        council.session_update(session=session, actor=staff(), place="Hà Nội")

    assert exc.value.message == "Phiên họp đã kết thúc, không thể sửa."


@pytest.mark.parametrize("name", ["members", "agenda", "body", "period", "secret_ballot"])
def test_session_update_of_what_is_fixed_once_open_is_conflict(name):
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    session, actor = open_session(members=members(1), agenda=[nomination], period=period)
    value = {
        "members": members(1),
        "agenda": [],
        "body": SessionBody.STANDING_BOARD,
        "period": fixed_period(year=2022),
        "secret_ballot": True,
    }[name]

    with pytest.raises(ConflictError) as exc:
        council.session_update(session=session, actor=actor, **{name: value})

    assert exc.value.message == (
        "Phiên họp đã mở: chỉ sửa được thành viên, chương trình và hình thức bỏ phiếu khi còn dự kiến."
    )
    session.refresh_from_db()
    assert (session.body, session.period_id, session.secret_ballot) == ("council", period.pk, False)


def test_session_update_of_the_minutes_text_is_allowed_while_open():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    session, actor = open_session(members=members(1), agenda=[nomination], period=period)

    (voter,) = session.members.all()
    council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")
    item_ids = list(session.items.values_list("pk", flat=True))

    council.session_update(session=session, actor=actor, minutes_number="03/BB-HĐTĐKT", place="Từ Sơn")

    assert list(session.items.values_list("pk", flat=True)) == item_ids
    session.refresh_from_db()
    assert (session.minutes_number, session.place, session.status) == ("03/BB-HĐTĐKT", "Từ Sơn", "open")


def test_session_update_refuses_an_unknown_body():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[], period=period)

    with pytest.raises(ValidationError) as exc:
        council.session_update(session=session, actor=staff(), body="plenary")

    assert _messages(exc) == {"body": ["Cơ quan xét không hợp lệ."]}
    session.refresh_from_db()
    assert session.body == "council"


def test_session_update_refuses_members_without_the_council_role():
    period = fixed_period()
    (member,) = members(1)
    session = planned_session(members=[member], agenda=[], period=period)
    outsider = UserFactory(full_name="Đỗ Văn Ngoài")

    with pytest.raises(ValidationError) as exc:
        council.session_update(session=session, actor=staff(), members=[outsider])

    assert _messages(exc) == {"members": ["Không phải thành viên Hội đồng: Đỗ Văn Ngoài."]}
    assert list(session.members.all()) == [member]


def test_session_update_to_the_standing_board_checks_the_agenda_again():
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    session = planned_session(members=members(1), agenda=[flag], period=period)

    with pytest.raises(ValidationError) as exc:
        council.session_update(session=session, actor=staff(), body=SessionBody.STANDING_BOARD)

    assert _messages(exc)["agenda"][0].startswith(f"Hồ sơ {flag.reference} (")
    session.refresh_from_db()
    assert session.body == "council"
    assert list(session.items.values_list("nomination_id", flat=True)) == [flag.pk]


def test_session_update_to_another_period_checks_the_agenda_again():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    session = planned_session(members=members(1), agenda=[nomination], period=period)
    other = fixed_period(year=2022)

    with pytest.raises(ValidationError) as exc:
        council.session_update(session=session, actor=staff(), period=other)

    assert _messages(exc) == {"agenda": [f"Hồ sơ {nomination.reference} thuộc đợt khen thưởng khác."]}
    session.refresh_from_db()
    assert session.period_id == period.pk


def test_session_update_keeps_its_own_agenda_and_may_reorder_it():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    session = planned_session(members=members(1), agenda=[first, second], period=period)

    council.session_update(session=session, actor=staff(), agenda=[second, first])

    rows = list(AgendaItem.objects.filter(session=session).order_by("position").values_list("nomination_id"))
    assert rows == [(second.pk,), (first.pk,)]


def test_session_update_of_body_and_ballot_keeps_the_agenda():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    session = planned_session(members=members(1), agenda=[first, second], period=period)

    council.session_update(
        session=session, actor=staff(), body=SessionBody.STANDING_BOARD, secret_ballot=True
    )

    session.refresh_from_db()
    assert (session.body, session.secret_ballot) == ("standing_board", True)
    assert list(session.items.order_by("position").values_list("nomination_id", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_session_update_of_the_period_moves_an_empty_session():
    period, other = fixed_period(), fixed_period(year=2022)
    session = planned_session(members=members(1), agenda=[], period=period)

    council.session_update(session=session, actor=staff(), period=other)

    session.refresh_from_db()
    assert session.period_id == other.pk


# --- opening --------------------------------------------------------------------------------------


def test_session_open_by_a_council_member_is_refused():
    period = fixed_period()
    (member,) = members(1)
    session = planned_session(members=[member], agenda=[verified(merit_rules(), period)], period=period)

    with pytest.raises(PermissionDenied) as exc:
        council.session_open(session=session, actor=member)

    assert str(exc.value) == STAFF_ONLY
    session.refresh_from_db()
    assert (session.status, session.opened_at) == ("planned", None)


def test_session_open_twice_names_the_status():
    period = fixed_period()
    session, actor = open_session(members=members(1), agenda=[verified(merit_rules(), period)], period=period)

    with pytest.raises(ConflictError) as exc:
        council.session_open(session=session, actor=actor)

    assert exc.value.message == "Chỉ mở được phiên họp đang dự kiến (trạng thái hiện tại: “Đang họp”)."


def test_session_open_without_members_is_conflict():
    period = fixed_period()
    session = planned_session(members=[], agenda=[verified(merit_rules(), period)], period=period)

    with pytest.raises(ConflictError) as exc:
        council.session_open(session=session, actor=staff())

    assert exc.value.message == "Phiên họp chưa có thành viên."
    session.refresh_from_db()
    assert session.status == "planned"


def test_session_open_without_agenda_is_conflict():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[], period=period)

    with pytest.raises(ConflictError) as exc:
        council.session_open(session=session, actor=staff())

    assert exc.value.message == "Phiên họp chưa có hồ sơ trong chương trình."
    session.refresh_from_db()
    assert session.status == "planned"


# --- votes ----------------------------------------------------------------------------------------


@pytest.fixture
def one_item():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (voter,) = members(1)
    session, actor = open_session(members=[voter], agenda=[nomination], period=period)
    return session, actor, voter, nomination


def test_vote_cast_refuses_an_unknown_choice_under_choice(one_item):
    session, _, voter, nomination = one_item

    with pytest.raises(ValidationError) as exc:
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="YES")

    assert _messages(exc) == {
        "choice": ["Lựa chọn không hợp lệ: chỉ “yes” (đồng ý), “no” (không đồng ý) hoặc “abstain”."]
    }
    assert Vote.objects.count() == 0


def test_vote_cast_on_a_planned_session_and_a_closed_one_say_which():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (voter,) = members(1)
    session = planned_session(members=[voter], agenda=[nomination], period=period)

    with pytest.raises(ConflictError) as planned:
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)
    with pytest.raises(ConflictError) as closed:
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    assert planned.value.message == "Phiên họp chưa mở, chưa thể biểu quyết."
    assert closed.value.message == "Phiên họp đã kết thúc, không thể biểu quyết."
    assert Vote.objects.count() == 0


def test_vote_cast_by_someone_outside_the_session_is_refused(one_item):
    session, actor, _, nomination = one_item

    for outsider in (council_member(), actor):
        with pytest.raises(PermissionDenied) as exc:
            council.vote_cast(session=session, member=outsider, nomination=nomination, choice="yes")
        assert str(exc.value) == "Chỉ thành viên của phiên họp được biểu quyết."
    assert Vote.objects.count() == 0


def test_vote_cast_on_a_dossier_off_the_agenda_is_refused_under_nomination(one_item):
    session, _, voter, nomination = one_item

    with pytest.raises(ValidationError) as exc:
        council.vote_cast(session=session, member=voter, nomination=nomination.pk + 1000, choice="yes")

    assert _messages(exc) == {"nomination": ["Hồ sơ không có trong chương trình phiên họp."]}


def test_vote_cast_takes_the_dossier_by_id_and_records_an_in_person_vote(one_item):
    session, _, voter, nomination = one_item

    vote = council.vote_cast(session=session, member=voter, nomination=nomination.pk, choice="abstain")

    vote.refresh_from_db()
    assert (vote.item.session_id, vote.item.nomination_id, vote.member, vote.choice) == (
        session.pk,
        nomination.pk,
        voter,
        "abstain",
    )
    assert (vote.written, vote.recorded_by) == (False, None)


@pytest.mark.parametrize("own", ["proposing", "nominee"])
def test_vote_cast_by_a_member_of_the_proposing_or_nominated_unit_is_refused(own):
    period = fixed_period()
    proposer, nominee = OrganizationFactory(), OrganizationFactory()
    flag = verified(
        flag_rules(), period, collective=True, proposing_organization=proposer, nominee_organization=nominee
    )
    member = council_member(organization=proposer if own == "proposing" else nominee)
    session, _ = open_session(members=[member, *members(1)], agenda=[flag], period=period)

    with pytest.raises(ConflictError) as exc:
        council.vote_cast(session=session, member=member, nomination=flag, choice="yes")

    assert exc.value.message == (
        "Thành viên thuộc đơn vị được đề nghị hoặc đơn vị đề nghị nên không biểu quyết hồ sơ này."
    )
    assert Vote.objects.count() == 0


def test_a_member_without_an_organization_is_never_recused():
    period = fixed_period()
    nomination = verified(merit_rules(), period)  # an individual: no nominee organization
    member = council_member(organization=None)
    session, _ = open_session(members=[member], agenda=[nomination], period=period)

    council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")

    assert council.item_is_recused(member=member, nomination=nomination) is False
    assert Vote.objects.get().member == member


def test_vote_cast_by_a_member_recorded_absent_says_to_update_the_roll(one_item):
    session, actor, voter, nomination = one_item
    council.attendance_record(session=session, actor=actor, entries=[_absent(voter)])

    with pytest.raises(ConflictError) as exc:
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    assert exc.value.message == (
        "Thành viên đã được ghi nhận vắng mặt; đề nghị thư ký cập nhật điểm danh trước khi biểu quyết."
    )


def test_vote_cast_by_a_member_recorded_present_is_taken(one_item):
    session, actor, voter, nomination = one_item
    council.attendance_record(session=session, actor=actor, entries=[_present(voter)])

    council.vote_cast(session=session, member=voter, nomination=nomination, choice="no")

    assert Vote.objects.get().choice == "no"


def test_vote_cast_twice_says_the_member_has_voted(one_item):
    session, _, voter, nomination = one_item
    council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    with pytest.raises(ConflictError) as exc:
        council.vote_cast(session=session, member=voter, nomination=nomination, choice="no")

    assert exc.value.message == "Thành viên đã biểu quyết hồ sơ này."


# --- the roll call --------------------------------------------------------------------------------


def test_attendance_record_by_a_council_member_is_refused(one_item):
    session, _, voter, _ = one_item

    with pytest.raises(PermissionDenied) as exc:
        council.attendance_record(session=session, actor=voter, entries=[_present(voter)])

    assert str(exc.value) == STAFF_ONLY
    assert Attendance.objects.count() == 0


def test_attendance_record_after_closing_is_conflict(one_item):
    session, actor, voter, _ = one_item
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)

    with pytest.raises(ConflictError) as exc:
        council.attendance_record(session=session, actor=actor, entries=[_present(voter)])

    assert exc.value.message == "Phiên họp đã kết thúc, không thể cập nhật điểm danh."
    assert Attendance.objects.count() == 0


def test_attendance_record_lists_every_fault_of_the_roll_at_once_and_writes_nothing():
    period = fixed_period()
    own_unit = OrganizationFactory()
    rules = merit_rules()
    first = verified(rules, period, proposing_organization=own_unit)
    second = verified(rules, period)
    off_agenda = verified(rules, period)
    present = council_member(full_name="Lê Văn Có Mặt")
    absent = council_member(full_name="Ngô Thị Vắng", organization=own_unit)
    twice = council_member(full_name="Hà Văn Hai Lần")
    stranger = council_member()
    session, actor = open_session(members=[present, absent, twice], agenda=[first, second], period=period)

    with pytest.raises(ValidationError) as exc:
        council.attendance_record(
            session=session,
            actor=actor,
            entries=[
                _present(twice),
                _absent(twice),
                _present(present, W(nomination_id=second.pk, choice="yes")),
                _absent(stranger),
                _absent(
                    absent,
                    W(nomination_id=second.pk, choice="yes"),
                    W(nomination_id=second.pk, choice="no"),
                    W(nomination_id=off_agenda.pk, choice="yes"),
                    W(nomination_id=second.pk, choice="maybe"),
                    W(nomination_id=first.pk, choice="yes"),
                ),
            ],
        )

    assert _messages(exc) == {
        "detail": [
            "Thành viên Hà Văn Hai Lần được ghi hai lần.",
            "Thành viên Lê Văn Có Mặt có mặt: không ghi ý kiến bằng văn bản.",
            f"Người dùng {stranger.pk} không phải thành viên phiên họp.",
            "Ý kiến của Ngô Thị Vắng trùng hồ sơ.",
            f"Hồ sơ {off_agenda.pk} không có trong chương trình phiên họp.",
            "Lựa chọn không hợp lệ: “maybe”.",
            f"Thành viên Ngô Thị Vắng không biểu quyết hồ sơ {first.reference} (đơn vị của mình).",
        ]
    }
    assert Attendance.objects.count() == 0
    assert Vote.objects.count() == 0


def test_attendance_record_cannot_mark_absent_a_member_who_voted_in_person(one_item):
    session, actor, voter, nomination = one_item
    council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    with pytest.raises(ConflictError) as exc:
        council.attendance_record(session=session, actor=actor, entries=[_absent(voter)])

    assert (
        exc.value.message
        == f"Thành viên {voter.full_name} đã trực tiếp biểu quyết nên không thể ghi vắng mặt."
    )
    assert Attendance.objects.count() == 0


def test_vote_cast_goes_to_the_item_of_this_session():
    # The dossier sat, still verified, on a closed session's agenda before this one.
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (voter,) = members(1)
    earlier = planned_session(members=[voter], agenda=[nomination], period=period)
    # Dated after this one, so it would come first in the sessions' own order.
    CouncilSession.objects.filter(pk=earlier.pk).update(
        status=SessionStatus.CLOSED, meeting_date=datetime.date(2024, 2, 1)
    )
    session, _ = open_session(members=[voter], agenda=[nomination], period=period)

    vote = council.vote_cast(session=session, member=voter, nomination=nomination, choice="yes")

    assert vote.item.session_id == session.pk
    assert list(Vote.objects.values_list("item__session_id", flat=True)) == [session.pk]


def test_an_absence_recorded_elsewhere_or_for_someone_else_does_not_stop_a_vote():
    period = fixed_period()
    rules = merit_rules()
    here, there = verified(rules, period), verified(rules, period)
    voter, absentee = members(2)
    session, actor = open_session(members=[voter, absentee], agenda=[here], period=period)
    elsewhere, _ = open_session(members=[voter], agenda=[there], period=period, actor=actor)
    council.attendance_record(session=elsewhere, actor=actor, entries=[_absent(voter)])
    council.attendance_record(session=session, actor=actor, entries=[_absent(absentee)])

    council.vote_cast(session=session, member=voter, nomination=here, choice="yes")

    assert list(Vote.objects.values_list("member_id", "item__session_id")) == [(voter.pk, session.pk)]
