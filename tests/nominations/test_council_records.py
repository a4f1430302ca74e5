"""What the council services write and read back: notices, the roll, the tallies, closing.

Each test checks the exact rows: who is told what, who counts as present, the
counts stored on each agenda item and the event each dossier gets at closing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import clock
from awards.enums import ThresholdBase
from awards.errors import ConflictError
from awards.models import RuleSet
from nominations import council, services
from nominations.enums import NominationStatus, NotificationKind, SessionBody, SessionStatus
from nominations.models import AgendaItem, Attendance, CouncilSession, NominationEvent, Notification, Vote
from nominations.tally import Ballot, ItemTally
from tests.factories.awards import OrganizationFactory
from tests.factories.nominations import council_member, unit_head_of
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
MOMENT = datetime.datetime(2024, 1, 5, 8, 30, tzinfo=datetime.UTC)


def _absent(member, *opinions):
    return council.AttendanceEntry(member_id=member.pk, present=False, written_opinions=tuple(opinions))


def _present(member):
    return council.AttendanceEntry(member_id=member.pk, present=True)


def _notices(kind):
    return sorted(
        (n.recipient_id, n.path, n.params) for n in Notification.objects.filter(kind=kind).order_by("id")
    )


def _session_notices(kind, session, people, count):
    params = {"title": session.title, "date": "05/01/2024", "count": str(count)}
    return sorted((m.pk, f"/sessions/{session.pk}/", params) for m in people)


# --- notices to the members -----------------------------------------------------------------------


def test_planning_opening_and_agenda_changes_tell_each_member():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    people = members(2)
    actor = staff()

    session = planned_session(members=people, agenda=[first], period=period, actor=actor)
    assert _notices(NotificationKind.SESSION_SCHEDULED) == _session_notices(
        NotificationKind.SESSION_SCHEDULED, session, people, 1
    )

    council.session_update(session=session, actor=actor, title="Phiên họp thứ nhất", place="Từ Sơn")
    assert _notices(NotificationKind.AGENDA_CHANGED) == []

    council.session_update(session=session, actor=actor, agenda=[first, second])
    session.refresh_from_db()
    assert _notices(NotificationKind.AGENDA_CHANGED) == _session_notices(
        NotificationKind.AGENDA_CHANGED, session, people, 2
    )

    newcomer = council_member()
    council.session_update(session=session, actor=actor, members=[*people, newcomer])
    changed = _notices(NotificationKind.AGENDA_CHANGED)
    assert len(changed) == 5
    assert [row for row in changed if row[0] == newcomer.pk] == _session_notices(
        NotificationKind.AGENDA_CHANGED, session, [newcomer], 2
    )

    council.session_open(session=session, actor=actor)
    assert _notices(NotificationKind.SESSION_OPENED) == _session_notices(
        NotificationKind.SESSION_OPENED, session, [*people, newcomer], 2
    )


def test_session_open_stamps_the_time_and_the_status():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[verified(merit_rules(), period)], period=period)

    with clock.frozen_at(MOMENT):
        returned = council.session_open(session=session, actor=staff())

    session.refresh_from_db()
    assert (session.status, session.opened_at, session.closed_at) == ("open", MOMENT, None)
    assert (returned.status, returned.opened_at) == ("open", MOMENT)


def test_session_update_of_members_saves_them_and_of_text_saves_every_field():
    period = fixed_period()
    old, new = members(2)
    session = planned_session(members=[old], agenda=[], period=period)

    council.session_update(
        session=session,
        actor=staff(),
        members=[new, new],
        title="Phiên họp thứ hai",
        meeting_date=datetime.date(2024, 1, 9),
        place="Từ Sơn",
        chair_name="Nguyễn Văn Chủ",
        secretary_name="Lê Văn Ký",
        minutes_number="03/BB-HĐTĐKT",
        secret_ballot=True,
    )

    session.refresh_from_db()
    assert list(session.members.all()) == [new]
    assert (
        session.title,
        session.meeting_date,
        session.place,
        session.chair_name,
        session.secretary_name,
        session.minutes_number,
        session.secret_ballot,
    ) == (
        "Phiên họp thứ hai",
        datetime.date(2024, 1, 9),
        "Từ Sơn",
        "Nguyễn Văn Chủ",
        "Lê Văn Ký",
        "03/BB-HĐTĐKT",
        True,
    )


# --- the roll call --------------------------------------------------------------------------------


def test_present_is_recorded_present_or_voted_in_person_and_still_a_member():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    recorded, voter, writer, silent, dropped = members(5)
    actor = staff()
    session = planned_session(
        members=[recorded, voter, writer, silent, dropped], agenda=[nomination], period=period, actor=actor
    )
    council.attendance_record(session=session, actor=actor, entries=[_present(dropped)])
    council.session_update(session=session, actor=actor, members=[recorded, voter, writer, silent])
    council.session_open(session=session, actor=actor)
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[_present(recorded), _absent(writer, W(nomination_id=nomination.pk, choice="yes"))],
    )
    council.vote_cast(session=session, member=voter, nomination=nomination, choice="no")

    assert council.session_present_member_ids(session) == {recorded.pk, voter.pk}
    roll = council.session_roll(session)
    assert roll.present == {recorded.pk, voter.pk}
    assert roll.attendance == {recorded.pk: True, writer.pk: False, dropped.pk: True}
    assert [m.pk for m in roll.members] == [
        m.pk for m in sorted([recorded, voter, writer, silent], key=lambda m: m.full_name)
    ]


def test_the_roll_members_come_in_name_order():
    period = fixed_period()
    zed = council_member(full_name="Vũ Văn Z")
    ann = council_member(full_name="Bùi Thị A")
    session = planned_session(members=[zed, ann], agenda=[], period=period)

    assert [m.full_name for m in council.session_roll(session).members] == ["Bùi Thị A", "Vũ Văn Z"]


def test_attendance_on_a_planned_session_is_recorded_and_updated_in_place():
    period = fixed_period()
    (member,) = members(1)
    actor = staff()
    session = planned_session(members=[member], agenda=[], period=period, actor=actor)

    council.attendance_record(
        session=session, actor=actor, entries=[council.AttendanceEntry(member.pk, False)]
    )
    council.attendance_record(session=session, actor=actor, entries=[_present(member)])

    assert list(Attendance.objects.values_list("session_id", "member_id", "present")) == [
        (session.pk, member.pk, True)
    ]


def test_written_opinions_replace_the_earlier_ones_and_leave_votes_in_person_alone():
    period = fixed_period()
    rules = merit_rules()
    first, second = verified(rules, period), verified(rules, period)
    writer, voter = members(2)
    session, actor = open_session(members=[writer, voter], agenda=[first, second], period=period)
    council.vote_cast(session=session, member=voter, nomination=first, choice="yes")
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[_absent(writer, W(first.pk, "yes"), W(second.pk, "no"))],
    )

    council.attendance_record(
        session=session, actor=actor, entries=[_absent(writer, W(second.pk, "abstain")), _present(voter)]
    )

    rows = set(
        Vote.objects.values_list("member_id", "item__nomination_id", "choice", "written", "recorded_by")
    )
    assert rows == {
        (voter.pk, first.pk, "yes", False, None),
        (writer.pk, second.pk, "abstain", True, actor.pk),
    }

    council.attendance_record(session=session, actor=actor, entries=[_present(writer)])
    assert set(Vote.objects.values_list("member_id", "written")) == {(voter.pk, False)}


def test_a_member_with_written_opinions_may_be_recorded_absent_again():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (writer,) = members(1)
    session, actor = open_session(members=[writer], agenda=[nomination], period=period)
    council.attendance_record(
        session=session, actor=actor, entries=[_absent(writer, W(nomination.pk, "yes"))]
    )

    council.attendance_record(session=session, actor=actor, entries=[_absent(writer, W(nomination.pk, "no"))])

    assert list(Vote.objects.values_list("choice", "written")) == [("no", True)]


def test_attendance_record_touches_the_session():
    period = fixed_period()
    (member,) = members(1)
    actor = staff()
    session = planned_session(members=[member], agenda=[], period=period, actor=actor)
    before = CouncilSession.objects.get().updated_at

    council.attendance_record(session=session, actor=actor, entries=[_present(member)])

    assert CouncilSession.objects.get().updated_at > before


# --- closing --------------------------------------------------------------------------------------


def test_session_close_of_a_planned_session_names_the_status():
    period = fixed_period()
    session = planned_session(members=members(1), agenda=[verified(merit_rules(), period)], period=period)

    with pytest.raises(ConflictError) as exc:
        council.session_close(session=session, actor=staff())

    assert exc.value.message == "Chỉ kết thúc được phiên họp đang họp (trạng thái hiện tại: “Dự kiến”)."


def test_session_close_by_a_member_is_refused_and_changes_nothing():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (member,) = members(1)
    session, _ = open_session(members=[member], agenda=[nomination], period=period)
    council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")

    with pytest.raises(PermissionDenied) as exc:
        council.session_close(session=session, actor=member)

    assert str(exc.value) == "Thao tác này chỉ dành cho: Cán bộ Ban Thi đua - Khen thưởng."
    session.refresh_from_db()
    assert (session.status, session.closed_at) == ("open", None)
    assert AgendaItem.objects.get().outcome == ""


def test_session_close_without_quorum_names_each_award_once():
    # Ten members, seven present: the flag needs 80 %, the merit 66.7 %.
    period = fixed_period()
    flag = flag_rules()
    first, second = verified(flag, period, collective=True), verified(flag, period, collective=True)
    merit = verified(merit_rules(quorum=Decimal("0.750")), period)
    people = members(10)
    session, actor = open_session(members=people, agenda=[first, merit, second], period=period)
    council.attendance_record(session=session, actor=actor, entries=[_present(m) for m in people[:7]])

    with pytest.raises(ConflictError) as exc:
        council.session_close(session=session, actor=actor)

    assert exc.value.message == (
        "Không đủ số thành viên có mặt (7/10): Cờ thi đua của Ủy ban nhân dân tỉnh cần tối thiểu 80 % "
        "thành viên có mặt; Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cần tối thiểu 75 % thành viên có mặt."
    )


def test_session_close_with_quorum_exactly_met_closes():
    # 8 of 10 present is exactly the flag's 80 %.
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    people = members(10)
    session, actor = open_session(members=people, agenda=[flag], period=period)
    council.attendance_record(session=session, actor=actor, entries=[_present(m) for m in people[:8]])

    council.session_close(session=session, actor=actor)

    session.refresh_from_db()
    assert session.status == "closed"


def test_session_close_stores_every_count_writes_the_event_and_tells_the_unit():
    # Standing board of 5: 3 present in person, 1 absent in writing, 1 absent silent.
    period = fixed_period()
    rules = merit_rules(quorum=Decimal("0.600"))
    passes, fails = verified(rules, period), verified(rules, period)
    people = members(5)
    session, actor = open_session(
        members=people, agenda=[passes, fails], period=period, body=SessionBody.STANDING_BOARD
    )
    for member, choice in zip(people[:3], ["yes", "yes", "no"], strict=True):
        council.vote_cast(session=session, member=member, nomination=passes, choice=choice)
    for member, choice in zip(people[:3], ["yes", "no", "abstain"], strict=True):
        council.vote_cast(session=session, member=member, nomination=fails, choice=choice)
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[_absent(people[3], W(passes.pk, "yes"), W(fails.pk, "no")), _absent(people[4])],
    )

    with clock.frozen_at(MOMENT):
        returned = council.session_close(session=session, actor=actor)

    session.refresh_from_db()
    assert (session.status, session.closed_at) == ("closed", MOMENT)
    assert returned.status == "closed"
    stored = {
        item.nomination_id: (
            item.members,
            item.present,
            item.yes,
            item.no,
            item.abstain,
            item.written,
            item.recused,
            item.base,
            item.threshold,
            item.threshold_base,
            item.outcome,
        )
        for item in AgendaItem.objects.filter(session=session)
    }
    assert stored == {
        passes.pk: (5, 3, 3, 1, 0, 1, 0, 4, Decimal("0.500"), "present", "approved"),
        fails.pk: (5, 3, 1, 2, 1, 1, 0, 4, Decimal("0.500"), "present", "not_approved"),
    }
    events = {
        e.nomination_id: (e.from_status, e.to_status, e.actor_id, e.comment, e.data)
        for e in NominationEvent.objects.filter(nomination__in=[passes, fails])
    }
    counts = {"session": session.pk, "members": 5, "present": 3, "no": 1, "written": 1, "recused": 0}
    assert events == {
        passes.pk: (
            "verified",
            "approved",
            actor.pk,
            "Phiên họp xét khen thưởng năm 2023: 3/5 thành viên đồng ý.",
            {**counts, "yes": 3, "abstain": 0},
        ),
        fails.pk: (
            "verified",
            "not_approved",
            actor.pk,
            "Phiên họp xét khen thưởng năm 2023: 1/5 thành viên đồng ý.",
            {**counts, "yes": 1, "no": 2, "abstain": 1},
        ),
    }
    body = "Thường trực Hội đồng"
    assert _notices(NotificationKind.APPROVED) == [
        (h.pk, f"/nominations/{passes.pk}/", _outcome_params(passes, body)) for h in _heads(passes)
    ]
    assert _notices(NotificationKind.NOT_APPROVED) == [
        (h.pk, f"/nominations/{fails.pk}/", _outcome_params(fails, body)) for h in _heads(fails)
    ]


def _heads(nomination):
    return [nomination.created_by]


def _outcome_params(nomination, body):
    return {
        "ref": nomination.reference,
        "name": nomination.nominee_name,
        "award": nomination.award_type.name,
        "unit": nomination.proposing_organization.name,
        "body": body,
    }


def test_session_close_of_the_council_names_the_council_to_the_unit():
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    (member,) = members(1)
    session, actor = open_session(members=[member], agenda=[flag], period=period)
    council.vote_cast(session=session, member=member, nomination=flag, choice="yes")

    council.session_close(session=session, actor=actor)

    assert _notices(NotificationKind.APPROVED) == [
        (
            flag.created_by.pk,
            f"/nominations/{flag.pk}/",
            _outcome_params(flag, "Hội đồng Thi đua - Khen thưởng"),
        )
    ]


def test_session_close_counts_a_withdrawn_dossier_without_an_outcome():
    period = fixed_period()
    rules = merit_rules()
    kept, withdrawn = verified(rules, period), verified(rules, period)
    (member,) = members(1)
    actor = staff()
    session = planned_session(members=[member], agenda=[kept, withdrawn], period=period, actor=actor)
    services.nomination_withdraw(nomination=withdrawn, actor=unit_head_of(withdrawn.proposing_organization))
    council.session_open(session=session, actor=actor)
    council.vote_cast(session=session, member=member, nomination=kept, choice="yes")
    council.vote_cast(session=session, member=member, nomination=withdrawn, choice="yes")

    council.session_close(session=session, actor=actor)

    item = AgendaItem.objects.get(nomination=withdrawn)
    assert (item.members, item.present, item.yes, item.base, item.outcome) == (1, 1, 1, 1, "")
    withdrawn.refresh_from_db()
    assert withdrawn.status == NominationStatus.WITHDRAWN
    assert list(withdrawn.events.values_list("to_status", flat=True)) == ["withdrawn"]
    assert [n.params["ref"] for n in Notification.objects.filter(kind=NotificationKind.APPROVED)] == [
        kept.reference
    ]


def test_session_close_of_a_dossier_whose_rules_lapsed_counts_half_of_all_members():
    # The rule set was moved past the period after planning: no quorum, "more than half of all members".
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period)
    people = members(4)
    session, actor = open_session(members=people, agenda=[nomination], period=period)
    RuleSet.objects.filter(pk=rules.pk).update(effective_from=datetime.date(2030, 1, 1))
    for member in people[:2]:
        council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")

    council.session_close(session=session, actor=actor)

    item = AgendaItem.objects.get()
    assert (item.base, item.threshold, item.threshold_base, item.outcome) == (
        4,
        Decimal("0.500"),
        "members",
        "not_approved",
    )


# --- tallies: computed while open, stored once closed ---------------------------------------------


@pytest.fixture
def voted():
    """A standing board of 4 (one from the proposing unit), 3 present, two dossiers voted on."""
    period = fixed_period()
    unit = OrganizationFactory()
    rules = merit_rules()
    own, other = verified(rules, period, proposing_organization=unit), verified(rules, period)
    insider = council_member(organization=unit)
    people = [insider, *members(3)]
    session, actor = open_session(
        members=people, agenda=[own, other], period=period, body=SessionBody.STANDING_BOARD
    )
    council.vote_cast(session=session, member=insider, nomination=other, choice="yes")
    for member in people[1:3]:
        council.vote_cast(session=session, member=member, nomination=own, choice="yes")
        council.vote_cast(session=session, member=member, nomination=other, choice="no")
    return session, actor, own, other


EXPECTED = {
    # own: 3 present, the insider recused → base 2, 2 yes → approved
    "own": ItemTally(4, 3, 2, 0, 0, 0, 1, "approved", 2, Decimal("0.5"), "present"),
    # other: 3 present, 1 yes 2 no → not approved
    "other": ItemTally(4, 3, 1, 2, 0, 0, 0, "not_approved", 3, Decimal("0.5"), "present"),
}


def _by_name(tallies, own, other):
    names = {own.pk: "own", other.pk: "other"}
    return {names[item.nomination_id]: tally for item, tally in tallies}


def test_session_tallies_while_open_count_now_in_agenda_order(voted):
    session, _, own, other = voted

    tallies = council.session_tallies(session)

    assert [item.nomination_id for item, _ in tallies] == [own.pk, other.pk]
    assert _by_name(tallies, own, other) == EXPECTED


def test_session_tallies_reuse_what_the_page_read(voted):
    session, _, own, other = voted
    items = list(session.items.order_by("-position"))

    tallies = council.session_tallies(
        session, items, roll=council.session_roll(session), ballots=council.session_ballots(session)
    )

    assert [item.nomination_id for item, _ in tallies] == [other.pk, own.pk]
    assert _by_name(tallies, own, other) == EXPECTED


def test_session_tallies_count_only_the_items_asked_for(voted):
    session, _, _own, other = voted
    only_other = list(session.items.filter(nomination=other))

    (pair,) = council.session_tallies(session, only_other)

    assert pair[1] == EXPECTED["other"]


def test_session_ballots_of_some_items_or_the_whole_agenda(voted):
    session, _, own, _other = voted
    item = session.items.get(nomination=own)

    whole = council.session_ballots(session)
    some = council.session_ballots(session, [item.pk])

    assert some == {item.pk: whole[item.pk]}
    assert sorted(b.choice for b in whole[item.pk].values()) == ["yes", "yes"]
    assert len(whole) == 2
    assert all(ballot == Ballot(choice=ballot.choice, written=False) for ballot in whole[item.pk].values())


def test_session_tallies_once_closed_are_the_stored_counts(voted):
    session, actor, own, other = voted
    council.session_close(session=session, actor=actor)
    AgendaItem.objects.filter(nomination=own).update(yes=3)  # the stored row is the record, not the votes
    RuleSet.objects.filter(award_type=own.award_type).update(threshold_base="members", vote_threshold="0.800")
    session.refresh_from_db()

    tallies = _by_name(council.session_tallies(session), own, other)

    assert tallies["own"] == ItemTally(4, 3, 3, 0, 0, 0, 1, "approved", 2, Decimal("0.500"), "present")
    assert tallies["other"] == ItemTally(4, 3, 1, 2, 0, 0, 0, "not_approved", 3, Decimal("0.500"), "present")


@pytest.mark.parametrize(
    ("base", "expected"),
    [(ThresholdBase.PRESENT, (3 - 1, "present")), (ThresholdBase.MEMBERS, (4 - 1, "members"))],
)
def test_a_tally_closed_before_thresholds_were_stored_takes_the_rule_sets(voted, base, expected):
    session, actor, own, other = voted
    council.session_close(session=session, actor=actor)
    RuleSet.objects.filter(award_type=own.award_type).update(threshold_base=base, vote_threshold="0.600")
    AgendaItem.objects.filter(nomination=own).update(threshold=None, base=None, threshold_base="")
    session.refresh_from_db()

    tally = _by_name(council.session_tallies(session), own, other)["own"]

    assert (tally.base, tally.threshold_base, tally.threshold) == (expected[0], expected[1], Decimal("0.600"))
    assert (tally.members, tally.present, tally.yes, tally.recused, tally.outcome) == (4, 3, 2, 1, "approved")


def test_a_tally_closed_before_thresholds_and_without_rules_is_half_of_all_members(voted):
    session, actor, own, other = voted
    council.session_close(session=session, actor=actor)
    RuleSet.objects.filter(award_type=own.award_type).update(effective_from=datetime.date(2030, 1, 1))
    AgendaItem.objects.filter(nomination=own).update(threshold=None, base=None, threshold_base="")
    session.refresh_from_db()

    tally = _by_name(council.session_tallies(session), own, other)["own"]

    assert (tally.base, tally.threshold_base, tally.threshold) == (3, "members", Decimal("0.5"))


def test_a_legacy_tally_with_missing_counts_reads_them_as_zero(voted):
    session, actor, own, other = voted
    council.session_close(session=session, actor=actor)
    AgendaItem.objects.filter(nomination=own).update(
        members=None,
        present=None,
        yes=None,
        no=None,
        abstain=None,
        written=None,
        recused=None,
        threshold=None,
        base=None,
        threshold_base="",
    )
    session.refresh_from_db()

    tally = _by_name(council.session_tallies(session), own, other)["own"]

    assert tally == ItemTally(0, 0, 0, 0, 0, 0, 0, "approved", 0, Decimal("0.500"), "present")


def test_tally_share_reads_the_share_and_is_empty_without_a_threshold_or_base():
    tally = ItemTally(5, 5, 3, 2, 0, 0, 0, "not_approved", 5, Decimal("0.800"), "members")

    assert council.tally_share(tally) == "3/5 = 60,0 % < 80 % của tổng số thành viên"
    assert council.tally_share(ItemTally(6, 6, 4, 2, 0, 0, 1, "approved", 5, Decimal("0.5"), "present")) == (
        "4/5 = 80,0 % > 50 % của số thành viên có mặt (cần quá bán); không tính 1 thành viên không tham gia biểu quyết"
    )
    assert council.tally_share(ItemTally(5, 5, 3, 2, 0, 0, 0, "", None, Decimal("0.8"), "members")) == ""
    assert council.tally_share(ItemTally(5, 5, 3, 2, 0, 0, 0, "", 5, None, "members")) == ""


def test_a_closed_session_is_not_reopened_or_closed_again():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    (member,) = members(1)
    session, actor = open_session(members=[member], agenda=[nomination], period=period)
    council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")
    council.session_close(session=session, actor=actor)

    with pytest.raises(ConflictError) as reopen:
        council.session_open(session=session, actor=actor)
    with pytest.raises(ConflictError) as again:
        council.session_close(session=session, actor=actor)

    assert reopen.value.message == "Chỉ mở được phiên họp đang dự kiến (trạng thái hiện tại: “Đã kết thúc”)."
    assert again.value.message == "Chỉ kết thúc được phiên họp đang họp (trạng thái hiện tại: “Đã kết thúc”)."
    assert CouncilSession.objects.get().status == SessionStatus.CLOSED


def test_presence_in_another_session_does_not_count():
    period = fixed_period()
    rules = merit_rules()
    here, there = verified(rules, period), verified(rules, period)
    both, only_here = members(2)
    session, actor = open_session(members=[both, only_here], agenda=[here], period=period)
    elsewhere, _ = open_session(members=[both], agenda=[there], period=period, actor=actor)
    council.attendance_record(session=elsewhere, actor=actor, entries=[_present(both)])
    council.vote_cast(session=elsewhere, member=both, nomination=there, choice="yes")
    council.vote_cast(session=session, member=only_here, nomination=here, choice="yes")

    assert council.session_present_member_ids(session) == {only_here.pk}
    assert council.session_roll(session).present == {only_here.pk}


def test_session_close_goes_through_the_agenda_in_its_order():
    # The agenda was reordered: the merit dossier (created last) now comes first.
    period = fixed_period()
    flag = verified(flag_rules(), period, collective=True)
    merit = verified(merit_rules(quorum=Decimal("0.750")), period)
    people = members(10)
    actor = staff()
    session = planned_session(members=people, agenda=[flag, merit], period=period, actor=actor)
    council.session_update(session=session, actor=actor, agenda=[merit, flag])
    council.session_open(session=session, actor=actor)
    council.attendance_record(session=session, actor=actor, entries=[_present(m) for m in people[:7]])

    with pytest.raises(ConflictError) as exc:
        council.session_close(session=session, actor=actor)

    assert exc.value.message == (
        "Không đủ số thành viên có mặt (7/10): Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cần tối thiểu 75 % "
        "thành viên có mặt; Cờ thi đua của Ủy ban nhân dân tỉnh cần tối thiểu 80 % thành viên có mặt."
    )


def _closing_queries(rules, period, size):
    """Queries to close a session of `size` members on two dossiers, each member voting yes."""
    agenda = [verified(rules, period), verified(rules, period)]
    people = members(size)
    session, actor = open_session(members=people, agenda=agenda, period=period)
    for member in people:
        for nomination in agenda:
            council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")
    with CaptureQueriesContext(connection) as captured:
        council.session_close(session=session, actor=actor)
    assert set(AgendaItem.objects.filter(session=session).values_list("outcome", flat=True)) == {"approved"}
    return len(captured)


def test_closing_reads_each_member_once_whatever_the_size_of_the_council():
    period, rules = fixed_period(), merit_rules()

    assert _closing_queries(rules, period, 2) == _closing_queries(rules, period, 7)


def test_a_legacy_tally_without_a_recused_count_subtracts_nobody(voted):
    session, actor, own, other = voted
    council.session_close(session=session, actor=actor)
    AgendaItem.objects.filter(nomination=own).update(
        recused=None, threshold=None, base=None, threshold_base=""
    )
    session.refresh_from_db()

    tally = _by_name(council.session_tallies(session), own, other)["own"]

    assert (tally.base, tally.recused) == (3, 0)


def test_session_tallies_of_an_item_nobody_voted_on_yet():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    session, _ = open_session(members=members(3), agenda=[nomination], period=period)

    ((item, tally),) = council.session_tallies(session)

    assert item.nomination_id == nomination.pk
    assert (tally.members, tally.present, tally.yes, tally.base, tally.outcome) == (
        3,
        0,
        0,
        0,
        "not_approved",
    )


def test_the_roll_call_of_one_session_leaves_the_votes_of_another_alone():
    period = fixed_period()
    rules = merit_rules()
    here, there = verified(rules, period), verified(rules, period)
    (member,) = members(1)
    session, actor = open_session(members=[member], agenda=[here], period=period)
    elsewhere, _ = open_session(members=[member], agenda=[there], period=period, actor=actor)
    council.vote_cast(session=elsewhere, member=member, nomination=there, choice="yes")

    council.attendance_record(session=session, actor=actor, entries=[_absent(member, W(here.pk, "no"))])
    council.attendance_record(session=session, actor=actor, entries=[_absent(member, W(here.pk, "yes"))])

    rows = set(Vote.objects.values_list("item__nomination_id", "choice", "written"))
    assert rows == {(there.pk, "yes", False), (here.pk, "yes", True)}


def test_a_written_opinion_elsewhere_survives_the_roll_call_here():
    period = fixed_period()
    rules = merit_rules()
    here, there = verified(rules, period), verified(rules, period)
    (member,) = members(1)
    session, actor = open_session(members=[member], agenda=[here], period=period)
    elsewhere, _ = open_session(members=[member], agenda=[there], period=period, actor=actor)
    council.attendance_record(session=elsewhere, actor=actor, entries=[_absent(member, W(there.pk, "no"))])

    council.attendance_record(session=session, actor=actor, entries=[_present(member)])

    assert list(Vote.objects.values_list("item__nomination_id", "choice", "written")) == [
        (there.pk, "no", True)
    ]


def test_session_create_stores_what_it_is_given_and_defaults_to_an_open_ballot():
    period, rules = fixed_period(), merit_rules()
    people = members(2)
    given = council.session_create(
        actor=staff(),
        title="Phiên họp xét khen thưởng năm 2023",
        meeting_date=datetime.date(2024, 1, 5),
        period=period,
        secret_ballot=True,
        members=people,
        agenda=[verified(rules, period)],
        place="Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh",
        chair_name="Vũ Việt Văn",
        secretary_name="Nguyễn Thị Hà",
        minutes_number="05/BB-HĐTĐKT",
    )
    plain = council.session_create(
        actor=staff(), title="Phiên họp bổ sung", meeting_date=datetime.date(2024, 1, 6), period=period
    )

    stored = CouncilSession.objects.values(
        "secret_ballot", "place", "chair_name", "secretary_name", "minutes_number"
    )
    assert stored.get(pk=given.pk) == {
        "secret_ballot": True,
        "place": "Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh",
        "chair_name": "Vũ Việt Văn",
        "secretary_name": "Nguyễn Thị Hà",
        "minutes_number": "05/BB-HĐTĐKT",
    }
    assert stored.get(pk=plain.pk) == {
        "secret_ballot": False,
        "place": "",
        "chair_name": "",
        "secretary_name": "",
        "minutes_number": "",
    }
