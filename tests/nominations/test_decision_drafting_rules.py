"""Drafting a decision, rule by rule: each test fails when one condition of
`decisions.validate_decision`, `decision_create`, `decision_update` or `decision_delete`
changes (its boundary, its exact message, the rows it writes). Written from the
mutants mutmut made of them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.enums import Role
from awards.errors import ConflictError
from awards.models import BaseSalary
from nominations import council, decisions
from nominations.enums import (
    DecisionEventKind,
    DecisionStatus,
    ItemOutcome,
    NominationStatus,
    NotificationKind,
    SessionStatus,
)
from nominations.models import Decision, DecisionEvent, DecisionItem, Nomination, Notification
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory, CollectiveNominationFactory, NominationFactory
from tests.nominations.council_helpers import (
    chairman,
    fixed_period,
    flag_rules,
    members,
    merit_rules,
    open_session,
    staff,
    verified,
)

pytestmark = pytest.mark.django_db

APPROVED = NominationStatus.APPROVED
SIGNED_ON = datetime.date(2024, 1, 11)
AUTHORITY = "Ủy ban nhân dân tỉnh Bắc Ninh"


@pytest.fixture
def world():
    period, rules = fixed_period(), merit_rules()
    return {
        "period": period,
        "rules": rules,
        "nominations": [verified(rules, period, status=APPROVED) for _ in range(2)],
    }


def _fields(world, **changes):
    fields = {
        "actor": staff(),
        "number": "46/QĐ-UBND",
        "signed_on": SIGNED_ON,
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": AUTHORITY,
        "award_type": world["rules"].award_type,
        "period": world["period"],
        "nominations": world["nominations"],
    }
    return fields | changes


def _draft(world, **changes) -> Decision:
    return decisions.decision_create(**_fields(world, **changes))


def _refused(world, **changes) -> dict:
    with pytest.raises(ValidationError) as exc:
        _draft(world, **changes)
    assert not Decision.objects.exists()
    return exc.value.message_dict


def _issue(decision) -> None:
    if not BaseSalary.objects.filter(effective_from=datetime.date(2023, 7, 1)).exists():
        BaseSalary.objects.all().delete()
        BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    decisions.decision_issue(decision=decision, actor=chairman())


def _approved_by_session(world, meeting_date: datetime.date) -> Nomination:
    """An approved nomination whose council session (closed) met on `meeting_date`."""
    nomination = verified(world["rules"], world["period"])
    session, actor = open_session(members=members(3), agenda=[nomination], period=world["period"])
    for member in session.members.all():
        council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")
    council.session_close(session=session, actor=actor)
    type(session).objects.filter(pk=session.pk).update(meeting_date=meeting_date)
    nomination.refresh_from_db()
    assert nomination.status == APPROVED
    return nomination


# --- the draft's own fields ---------------------------------------------------------------------


def test_every_missing_field_is_named_at_once(world):
    errors = _refused(world, number=" ", authority="", nominations=[])

    assert errors == {
        "number": ["Cần nhập số quyết định."],
        "authority": ["Cần nhập cơ quan ban hành."],
        "nominations": ["Quyết định cần ít nhất một hồ sơ."],
    }


def test_a_missing_number_or_authority_given_as_none_is_named(world):
    with pytest.raises(ValidationError) as exc:
        decisions.validate_decision(
            number=None,
            signed_on=SIGNED_ON,
            authority=None,
            award_type=world["rules"].award_type,
            period=world["period"],
            nominations=world["nominations"],
        )

    assert exc.value.message_dict == {
        "number": ["Cần nhập số quyết định."],
        "authority": ["Cần nhập cơ quan ban hành."],
    }


def test_signing_on_the_periods_first_day_is_allowed_the_day_before_refused(world):
    errors = _refused(world, signed_on=datetime.date(2023, 9, 30))
    assert errors == {"signed_on": ["Ngày ký không được trước ngày bắt đầu đợt khen thưởng (01/10/2023)."]}

    decision = _draft(world, signed_on=datetime.date(2023, 10, 1))
    assert decision.signed_on == datetime.date(2023, 10, 1)


def test_without_a_signing_date_no_date_rule_is_checked_only_the_other_fields(world):
    # A form whose date did not parse: its other errors are still reported, no date rule raises.
    with pytest.raises(ValidationError) as exc:
        decisions.validate_decision(
            number="",
            signed_on=None,
            authority=AUTHORITY,
            award_type=world["rules"].award_type,
            period=world["period"],
            nominations=[_approved_by_session(world, datetime.date(2024, 1, 8))],
            proposal={"proposal_number": "19/TTr-SNV", "proposal_date": datetime.date(2030, 1, 1)},
        )

    assert exc.value.message_dict == {"number": ["Cần nhập số quyết định."]}


def test_signing_on_the_council_sessions_day_is_allowed_the_day_before_refused(world):
    nomination = _approved_by_session(world, datetime.date(2024, 1, 8))

    errors = _refused(world, signed_on=datetime.date(2024, 1, 7), nominations=[nomination])
    assert errors == {
        "signed_on": [
            "Ngày ký 07/01/2024 trước ngày Hội đồng họp xét (08/01/2024): "
            "quyết định ký sau khi Hội đồng biểu quyết."
        ]
    }

    decision = _draft(world, signed_on=datetime.date(2024, 1, 8), nominations=[nomination])
    assert decision.signed_on == datetime.date(2024, 1, 8)


def test_the_latest_approving_session_counts(world):
    early = _approved_by_session(world, datetime.date(2024, 1, 3))
    late = _approved_by_session(world, datetime.date(2024, 1, 9))

    assert decisions.approving_session_date([early, late]) == datetime.date(2024, 1, 9)
    assert decisions.approving_session_date([early]) == datetime.date(2024, 1, 3)
    assert decisions.approving_session_date(world["nominations"]) is None


def test_a_session_that_did_not_approve_or_is_not_closed_sets_no_date(world):
    nomination = _approved_by_session(world, datetime.date(2024, 1, 8))
    item = nomination.agenda_items.get()

    type(item).objects.filter(pk=item.pk).update(outcome=ItemOutcome.NOT_APPROVED)
    assert decisions.approving_session_date([nomination]) is None

    type(item).objects.filter(pk=item.pk).update(outcome=ItemOutcome.APPROVED)
    type(item.session).objects.filter(pk=item.session_id).update(status=SessionStatus.OPEN)
    assert decisions.approving_session_date([nomination]) is None


def test_signing_before_both_the_period_and_the_session_names_both(world):
    nomination = _approved_by_session(world, datetime.date(2024, 1, 8))

    errors = _refused(world, signed_on=datetime.date(2023, 9, 1), nominations=[nomination])

    assert errors == {
        "signed_on": [
            "Ngày ký không được trước ngày bắt đầu đợt khen thưởng (01/10/2023).",
            "Ngày ký 01/09/2023 trước ngày Hội đồng họp xét (08/01/2024): "
            "quyết định ký sau khi Hội đồng biểu quyết.",
        ]
    }


# --- the proposal it answers --------------------------------------------------------------------

BIDI = "Có ký tự điều khiển không được phép (ví dụ ký tự đảo chiều văn bản)."


@pytest.mark.parametrize(
    ("proposal", "errors"),
    [
        (
            {"proposal_number": "19/TTr\u202e-SNV", "proposal_date": datetime.date(2024, 1, 9)},
            {"proposal_number": [BIDI]},
        ),
        (
            {"proposer": "Giám đốc\u202e Sở Nội vụ"},
            {"proposer": [BIDI]},
        ),
        (
            {"proposal_number": "19/TTr-SNV", "proposal_date": datetime.date(2024, 1, 12)},
            {"proposal_date": ["Ngày tờ trình không được sau ngày ký quyết định."]},
        ),
        (
            {"proposal_number": "19/TTr-SNV"},
            {"proposal_date": ["Cần nhập ngày của tờ trình."]},
        ),
    ],
    ids=["number_bidi", "proposer_bidi", "date_after_signing", "number_without_date"],
)
def test_a_bad_proposal_is_refused_with_its_field_and_message(world, proposal, errors):
    assert _refused(world, **proposal) == errors


def test_a_proposal_dated_the_signing_day_is_kept(world):
    decision = _draft(
        world, proposal_number="19/TTr-SNV", proposal_date=SIGNED_ON, proposer="Giám đốc Sở Nội vụ"
    )

    decision.refresh_from_db()
    assert (decision.proposal_number, decision.proposal_date, decision.proposer) == (
        "19/TTr-SNV",
        SIGNED_ON,
        "Giám đốc Sở Nội vụ",
    )


def test_a_proposal_date_without_a_number_is_allowed(world):
    decision = _draft(world, proposal_date=datetime.date(2024, 1, 9))

    assert decision.proposal_date == datetime.date(2024, 1, 9)


# --- the nominations --------------------------------------------------------------------------


def test_each_wrong_nomination_is_named_with_its_reason_in_annex_order(world):
    period, rules = world["period"], world["rules"]
    flag = verified(flag_rules(), period, collective=True, status=APPROVED)
    unapproved = verified(rules, period)
    other_period = verified(rules, fixed_period(year=2022), status=APPROVED)
    good = world["nominations"][0]

    errors = _refused(world, nominations=[flag, good, unapproved, other_period])

    assert errors == {
        "nominations": [
            f"Hồ sơ {flag.reference} là “Cờ thi đua của Ủy ban nhân dân tỉnh”: một quyết định chỉ gồm "
            "hồ sơ cùng hình thức “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”.",
            f"Hồ sơ {unapproved.reference} chưa được đề nghị khen thưởng (trạng thái “Đã thẩm định”).",
            f"Hồ sơ {other_period.reference} thuộc đợt khen thưởng khác.",
        ]
    }


def test_the_award_type_is_checked_before_the_status(world):
    flag = verified(flag_rules(), world["period"], collective=True)

    errors = _refused(world, nominations=[flag])

    assert len(errors["nominations"]) == 1 and "cùng hình thức" in errors["nominations"][0]


def test_a_nomination_without_a_reference_is_named_by_its_id(world):
    unapproved = verified(world["rules"], world["period"])
    Nomination.objects.filter(pk=unapproved.pk).update(reference=None)
    unapproved.refresh_from_db()

    errors = _refused(world, nominations=[unapproved])

    assert errors["nominations"] == [
        f"Hồ sơ {unapproved.pk} chưa được đề nghị khen thưởng (trạng thái “Đã thẩm định”)."
    ]


def test_a_nomination_on_another_draft_is_named_with_that_draft(world):
    first = _draft(world)
    nomination = world["nominations"][0]

    errors = _refused_again(world, number="47/QĐ-UBND", nominations=[nomination])

    assert errors == {
        "nominations": [
            f"Hồ sơ {nomination.reference} đã có trong dự thảo quyết định số 46/QĐ-UBND (mã {first.pk})."
        ]
    }


def test_a_nomination_without_a_reference_on_another_draft_is_named_by_its_id(world):
    first = _draft(world)
    nomination = world["nominations"][0]
    Nomination.objects.filter(pk=nomination.pk).update(reference=None)
    nomination.refresh_from_db()

    errors = _refused_again(world, number="47/QĐ-UBND", nominations=[nomination])

    assert errors == {
        "nominations": [
            f"Hồ sơ {nomination.pk} đã có trong dự thảo quyết định số 46/QĐ-UBND (mã {first.pk})."
        ]
    }


def test_a_nomination_on_an_issued_decision_is_named_with_that_decision(world):
    first = _draft(world)
    nomination = world["nominations"][0]
    # The line stays live on the issued decision; the nomination is put back to approved
    # so that only the "already on a decision" rule can refuse it.
    _issue(first)
    Nomination.objects.filter(pk=nomination.pk).update(status=APPROVED)
    nomination.refresh_from_db()

    errors = _refused_again(world, number="47/QĐ-UBND", nominations=[nomination])

    assert errors == {
        "nominations": [f"Hồ sơ {nomination.reference} đã có trong quyết định số 46/QĐ-UBND (mã {first.pk})."]
    }


def test_the_lines_of_a_revoked_decision_do_not_hold_their_nominations(world):
    first = _draft(world)
    nomination, other = world["nominations"]
    _issue(first)
    Nomination.objects.filter(pk__in=[nomination.pk, other.pk]).update(status=APPROVED)
    # Revoked as `nomination_revoke` leaves it: every line revoked, then the decision.
    DecisionItem.objects.filter(decision=first).update(revoked_on=SIGNED_ON)
    Decision.objects.filter(pk=first.pk).update(status=DecisionStatus.REVOKED)
    nomination.refresh_from_db()

    second = _draft(world, number="47/QĐ-UBND", nominations=[nomination, other])
    assert list(second.items.values_list("nomination_id", flat=True)) == [nomination.pk, other.pk]


def test_a_revoked_line_of_an_issued_decision_does_not_hold_its_nomination(world):
    first = _draft(world)
    nomination, other = world["nominations"]
    _issue(first)
    Nomination.objects.filter(pk__in=[nomination.pk, other.pk]).update(status=APPROVED)
    DecisionItem.objects.filter(nomination=nomination).update(revoked_on=SIGNED_ON)

    errors = _refused_again(world, number="47/QĐ-UBND", nominations=[nomination, other])

    # Only the live line of the still-issued decision holds its nomination.
    assert errors == {
        "nominations": [f"Hồ sơ {other.reference} đã có trong quyết định số 46/QĐ-UBND (mã {first.pk})."]
    }


def test_a_nomination_listed_twice_is_one_line(world):
    first, second = world["nominations"]

    decision = _draft(world, nominations=[second, first, second])

    assert list(decision.items.order_by("position").values_list("position", "nomination_id")) == [
        (1, second.pk),
        (2, first.pk),
    ]


def _refused_again(world, **changes) -> dict:
    """Like `_refused`, when an earlier decision exists: nothing new is written."""
    before = set(Decision.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as exc:
        _draft(world, **changes)
    assert set(Decision.objects.values_list("pk", flat=True)) == before
    return exc.value.message_dict


# --- the number -------------------------------------------------------------------------------


def test_the_number_of_an_issued_decision_is_409_naming_number_authority_and_year(world):
    first = _draft(world)
    _issue(first)
    nomination = verified(world["rules"], world["period"], status=APPROVED)

    with pytest.raises(ConflictError) as exc:
        _draft(world, nominations=[nomination], number=" 46/QĐ-UBND ")

    assert (
        str(exc.value)
        == "Số quyết định  46/QĐ-UBND  đã được Ủy ban nhân dân tỉnh Bắc Ninh dùng trong năm 2024."
    )
    assert Decision.objects.count() == 1


def test_the_number_of_a_draft_or_of_another_year_or_authority_is_free(world):
    first = _draft(world)
    _issue(first)
    more = [verified(world["rules"], world["period"], status=APPROVED) for _ in range(4)]
    # Two drafts may share a number: only issuing takes it.
    _draft(world, nominations=[more[0]], number="50/QĐ-UBND")
    _draft(world, nominations=[more[1]], number="50/QĐ-UBND")
    _draft(world, nominations=[more[2]], signed_on=datetime.date(2025, 1, 11))
    _draft(world, nominations=[more[3]], authority="Ủy ban nhân dân tỉnh Bắc Giang")

    assert Decision.objects.count() == 5


def test_an_issued_decision_validated_again_does_not_conflict_with_itself(world):
    first = _draft(world)
    _issue(first)
    first.refresh_from_db()
    Nomination.objects.filter(decisions=first).update(status=APPROVED)

    kept = decisions.validate_decision(
        number=first.number,
        signed_on=first.signed_on,
        authority=first.authority,
        award_type=first.award_type,
        period=first.period,
        nominations=Nomination.objects.filter(decisions=first).order_by("pk"),
        decision=first,
    )

    assert kept == list(Nomination.objects.filter(decisions=first).order_by("pk"))


# --- create, update, delete -------------------------------------------------------------------


def test_a_draft_keeps_every_field_its_lines_its_event_and_tells_the_chairmen(world):
    author = staff()
    signers = [chairman(), chairman()]
    first, second = world["nominations"]

    decision = _draft(
        world,
        actor=author,
        nominations=[second, first],
        place="Bắc Ninh",
        citation="Đã có thành tích xuất sắc",
        legal_bases="Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        proposal_number="19/TTr-SNV",
        proposal_date=datetime.date(2024, 1, 9),
        proposer="Giám đốc Sở Nội vụ",
    )

    stored = Decision.objects.get(pk=decision.pk)
    assert {name: getattr(stored, name) for name in decisions._FIELDS} == {
        "number": "46/QĐ-UBND",
        "signed_on": SIGNED_ON,
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": AUTHORITY,
        "place": "Bắc Ninh",
        "citation": "Đã có thành tích xuất sắc",
        "legal_bases": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "award_type": world["rules"].award_type,
        "period": world["period"],
        "proposal_number": "19/TTr-SNV",
        "proposal_date": datetime.date(2024, 1, 9),
        "proposer": "Giám đốc Sở Nội vụ",
    }
    assert (stored.status, stored.created_by, stored.returned_comment) == (DecisionStatus.DRAFT, author, "")
    assert list(stored.items.order_by("position").values_list("position", "nomination_id")) == [
        (1, second.pk),
        (2, first.pk),
    ]
    event = DecisionEvent.objects.get(decision=stored)
    assert (event.kind, event.actor, event.comment, event.data) == (
        DecisionEventKind.DRAFTED,
        author,
        "",
        {"nominations": [second.pk, first.pk]},
    )
    notices = Notification.objects.filter(kind=NotificationKind.DECISION_AWAITING).order_by("recipient_id")
    assert [(n.recipient_id, n.params, n.path) for n in notices] == [
        (
            signer.pk,
            {"number": "46/QĐ-UBND", "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "count": "2"},
            f"/decisions/{stored.pk}/",
        )
        for signer in signers
    ]


def test_the_optional_fields_left_out_are_blank(world):
    decision = Decision.objects.get(pk=_draft(world).pk)

    assert {name: getattr(decision, name) for name in ("place", "citation", "legal_bases", "proposer")} == {
        "place": "",
        "citation": "",
        "legal_bases": "",
        "proposer": "",
    }
    assert (decision.proposal_number, decision.proposal_date) == ("", None)


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.COUNCIL_MEMBER, Role.UNIT_HEAD])
def test_only_staff_draft_update_or_delete(world, role):
    outsider = UserFactory(roles=[role])
    with pytest.raises(PermissionDenied):
        _draft(world, actor=outsider)
    assert not Decision.objects.exists()

    decision = _draft(world)
    with pytest.raises(PermissionDenied):
        decisions.decision_update(decision=decision, actor=outsider, place="Từ Sơn")
    with pytest.raises(PermissionDenied):
        decisions.decision_delete(decision=decision, actor=outsider)
    assert Decision.objects.get(pk=decision.pk).place == ""


def test_an_unknown_field_is_named_sorted_and_nothing_changes(world):
    decision = _draft(world)

    with pytest.raises(ValidationError) as exc:
        decisions.decision_update(
            decision=decision, actor=staff(), status="issued", year=2020, place="Từ Sơn"
        )

    assert exc.value.message_dict == {"detail": ["Trường không thể sửa: status, year."]}
    assert Decision.objects.get(pk=decision.pk).place == ""


def test_an_update_changes_the_fields_given_and_keeps_the_others(world):
    decision = _draft(world, place="Bắc Ninh")

    decisions.decision_update(
        decision=decision,
        actor=staff(),
        number="47/QĐ-UBND",
        citation="Có thành tích",
        proposal_number="20/TTr-SNV",
        proposal_date=datetime.date(2024, 1, 10),
    )

    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.number, stored.citation, stored.place, stored.proposal_number, stored.proposal_date) == (
        "47/QĐ-UBND",
        "Có thành tích",
        "Bắc Ninh",
        "20/TTr-SNV",
        datetime.date(2024, 1, 10),
    )
    # Not returned: no "resubmitted" event, the lines kept.
    assert list(stored.events.values_list("kind", flat=True)) == [DecisionEventKind.DRAFTED]
    assert list(stored.items.values_list("nomination_id", flat=True)) == [n.pk for n in world["nominations"]]


def test_an_update_validates_the_whole_draft_with_its_current_lines(world):
    decision = _draft(world)
    Nomination.objects.filter(pk=world["nominations"][0].pk).update(status=NominationStatus.VERIFIED)

    with pytest.raises(ValidationError) as exc:
        decisions.decision_update(decision=decision, actor=staff(), place="Từ Sơn")

    assert list(exc.value.message_dict) == ["nominations"]
    assert Decision.objects.get(pk=decision.pk).place == ""


def test_an_update_validates_the_changed_proposal(world):
    decision = _draft(world)

    with pytest.raises(ValidationError) as exc:
        decisions.decision_update(decision=decision, actor=staff(), proposal_number="19/TTr-SNV")

    assert exc.value.message_dict == {"proposal_date": ["Cần nhập ngày của tờ trình."]}


def test_an_update_replaces_the_lines_in_the_new_order(world):
    first, second = world["nominations"]
    third = verified(world["rules"], world["period"], status=APPROVED)
    decision = _draft(world)

    decisions.decision_update(decision=decision, actor=staff(), nominations=[third, second])

    assert list(decision.items.order_by("position").values_list("position", "nomination_id")) == [
        (1, third.pk),
        (2, second.pk),
    ]
    # The draft's own lines do not hold its nominations against itself.
    decisions.decision_update(decision=decision, actor=staff(), nominations=[second, third, first])
    assert list(decision.items.order_by("position").values_list("nomination_id", flat=True)) == [
        second.pk,
        third.pk,
        first.pk,
    ]


def test_changing_a_returned_draft_clears_the_comment_and_resubmits_it(world):
    decision = _draft(world)
    decisions.decision_return(decision=decision, actor=chairman(), comment="Bổ sung tờ trình.")
    clerk = staff()

    updated = decisions.decision_update(
        decision=decision,
        actor=clerk,
        proposer="Giám đốc Sở Nội vụ",
        proposal_number="19/TTr-SNV",
        proposal_date=datetime.date(2024, 1, 9),
    )

    assert updated.returned_comment == ""
    assert Decision.objects.get(pk=decision.pk).returned_comment == ""
    event = decision.events.order_by("pk").last()
    assert (event.kind, event.actor, event.comment, event.data) == (
        DecisionEventKind.RESUBMITTED,
        clerk,
        "",
        {"fields": ["proposal_date", "proposal_number", "proposer"]},
    )


def test_an_issued_decision_is_neither_updated_nor_deleted_409(world):
    decision = _draft(world)
    _issue(decision)
    message = "Quyết định số 46/QĐ-UBND đã ban hành: không được sửa hoặc xóa."

    with pytest.raises(ConflictError) as updating:
        decisions.decision_update(decision=decision, actor=staff(), place="Từ Sơn")
    with pytest.raises(ConflictError) as deleting:
        decisions.decision_delete(decision=decision, actor=staff())

    assert str(updating.value) == str(deleting.value) == message
    assert Decision.objects.get(pk=decision.pk).place == ""


def test_a_draft_is_deleted_with_its_lines(world):
    decision = _draft(world)

    decisions.decision_delete(decision=decision, actor=staff())

    assert not Decision.objects.exists() and not DecisionItem.objects.exists()


def test_a_line_the_database_refuses_is_a_400_and_leaves_no_draft(world):
    # A line the checks do not see but the one-live-line constraint does: what a draft
    # racing another one meets. Built by hand here (a revoked decision keeping a live
    # line) so that the insert itself fails.
    first = _draft(world)
    Decision.objects.filter(pk=first.pk).update(status=DecisionStatus.REVOKED)

    errors = _refused_again(world, number="47/QĐ-UBND", nominations=[world["nominations"][0]])

    assert errors == {"nominations": ["Một hồ sơ vừa được đưa vào quyết định khác."]}
    assert list(DecisionItem.objects.values_list("decision_id", flat=True)) == [first.pk, first.pk]


def test_a_draft_lists_the_unverified_figures_it_uses_once_each(world):
    rules = world["rules"]
    decision = _draft(world)
    assert decisions.decision_unverified_figures(decision) == []

    rules.figure_sources["reward_multiple_individual"] = {
        "source": "Nghị định 98/2023/NĐ-CP: hệ số chưa đối chiếu",
        "verified": False,
    }
    rules.save()

    # Two lines on one rule set: the figure is listed once.
    assert decisions.decision_unverified_figures(Decision.objects.get(pk=decision.pk)) == [
        ("hệ số tiền thưởng cá nhân", "Nghị định 98/2023/NĐ-CP: hệ số chưa đối chiếu")
    ]


def test_the_figure_listed_is_the_one_of_each_lines_recipient_kind_past_a_line_without_rules():
    period = fixed_period()
    # Rules in force only from 2030: a dossier judged in 2024 without recorded rules has none.
    rules = merit_rules(effective_from=datetime.date(2030, 1, 1))
    rules.figure_sources["reward_multiple_collective"] = {
        "source": "Nghị định 98/2023/NĐ-CP",
        "verified": False,
    }
    rules.save()
    without_rules = verified(rules, period, status=APPROVED)
    collective = CollectiveNominationFactory(award_type=rules.award_type, period=period, status=APPROVED)
    individual = NominationFactory(award_type=rules.award_type, period=period, status=APPROVED)
    # The rules recorded at appraisal are the ones the two are priced by.
    Nomination.objects.filter(pk__in=[collective.pk, individual.pk]).update(rule_set=rules)
    assert council.rule_set_of(without_rules) is None
    decision = _draft(
        {"rules": rules, "period": period, "nominations": []},
        nominations=[without_rules, individual, collective],
    )

    assert decisions.decision_unverified_figures(decision) == [
        ("hệ số tiền thưởng tập thể", "Nghị định 98/2023/NĐ-CP")
    ]
