"""The services: every (state, action) pair against the database, and the dossier rules."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.enums import DocumentKind, PeriodKind, Role
from awards.errors import ConflictError, TransitionError
from awards.models import AwardType
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination, NominationEvent
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import (
    AttachmentFactory,
    AwardTypeFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
)

pytestmark = pytest.mark.django_db

# What each action does from each state; anything not listed must be refused.
ALLOWED = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("submit", S.RETURNED): S.SUBMITTED,
    ("return", S.SUBMITTED): S.RETURNED,
    ("verify", S.SUBMITTED): S.VERIFIED,
    ("confirm", S.VERIFIED): S.APPROVED,
    ("withdraw", S.DRAFT): S.WITHDRAWN,
    ("withdraw", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw", S.RETURNED): S.WITHDRAWN,
    ("withdraw", S.VERIFIED): S.WITHDRAWN,
    ("approve", S.VERIFIED): S.APPROVED,
    ("reject", S.VERIFIED): S.NOT_APPROVED,
    ("award", S.APPROVED): S.AWARDED,
    ("revoke", S.AWARDED): S.REVOKED,
}
ACTIONS = ["submit", "return", "verify", "confirm", "withdraw", "approve", "reject", "award", "revoke"]
TARGET = {"approve": S.APPROVED, "reject": S.NOT_APPROVED, "award": S.AWARDED, "revoke": S.REVOKED}


def _run(action: str, nomination: Nomination, *, head, staff):
    if action == "submit":
        return services.nomination_submit(nomination=nomination, actor=head)
    if action == "withdraw":
        return services.nomination_withdraw(nomination=nomination, actor=head)
    if action == "return":
        return services.nomination_return(
            nomination=nomination, actor=staff, reason="Thiếu biên bản họp xét."
        )
    if action == "verify":
        return services.nomination_verify(nomination=nomination, actor=staff)
    if action == "confirm":
        return services.nomination_confirm(nomination=nomination, actor=staff)
    return services.nomination_transition(nomination=nomination, to=TARGET[action], actor=staff)


@pytest.fixture
def no_vote_type(db):
    return RuleSetFactory(review_body="none").award_type


@pytest.mark.parametrize(("action", "state"), list(itertools.product(ACTIONS, S.values)))
def test_every_state_and_action_pair(action, state, staff, no_vote_type):
    nomination = NominationFactory(status=state, award_type=no_vote_type)
    head = nomination.created_by
    expected = ALLOWED.get((action, state))

    if expected is None:
        with pytest.raises(TransitionError):
            _run(action, nomination, head=head, staff=staff)
        nomination.refresh_from_db()
        assert nomination.status == state
        assert nomination.events.count() == 0
    else:
        result = _run(action, nomination, head=head, staff=staff)
        nomination.refresh_from_db()
        assert result.status == nomination.status == expected
        event = nomination.events.get()
        assert (event.from_status, event.to_status) == (state, expected)
        assert event.actor_id in {head.pk, staff.pk}
        assert event.at is not None


def test_transition_moves_inside_an_outer_transaction(staff):
    from django.db import transaction

    nomination = NominationFactory(status=S.VERIFIED)

    with transaction.atomic():
        moved = services.nomination_transition(
            nomination=nomination, to=S.APPROVED, actor=staff, data={"s": 1}
        )

    assert moved.status == S.APPROVED
    assert nomination.status == S.APPROVED  # the caller's instance follows
    assert nomination.events.get().data == {"s": 1}


def test_events_are_append_only(staff):
    nomination = NominationFactory(status=S.SUBMITTED)
    services.nomination_return(nomination=nomination, actor=staff, reason="Thiếu tờ trình")
    event = nomination.events.get()

    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


# --- creation rules ------------------------------------------------------------------------------


def test_create_sets_proposing_organization_and_reference(unit_head, person, period, award_type):
    nomination = services.nomination_create(
        actor=unit_head, period=period, award_type=award_type, nominee_person=person, achievements="  Tốt  "
    )

    assert nomination.proposing_organization == unit_head.organization
    assert nomination.reference == f"HS-2023-{nomination.pk:06d}"
    assert nomination.achievements == "Tốt"
    assert nomination.status == S.DRAFT
    assert nomination.events.count() == 0


def test_create_refuses_two_nominees(unit_head, unit, person, period, award_type):
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            actor=unit_head,
            period=period,
            award_type=award_type,
            nominee_person=person,
            nominee_organization=unit,
        )

    assert "đúng một đối tượng" in str(refused.value)


def test_database_refuses_two_nominees(unit_head, unit, person, period, award_type):
    from django.db import IntegrityError

    nomination = NominationFactory(proposing_organization=unit, nominee_person=person)
    nomination.nominee_organization = unit

    with pytest.raises(IntegrityError):
        Nomination.objects.filter(pk=nomination.pk).update(nominee_organization=unit)


def test_create_refuses_a_person_for_a_collective_award(unit_head, person, period):
    flag = AwardType.objects.get(code="flag_province")

    with pytest.raises(ValidationError) as refused:
        services.nomination_create(actor=unit_head, period=period, award_type=flag, nominee_person=person)

    assert "nominee_person" in refused.value.message_dict


def test_create_refuses_a_nominee_outside_the_subtree(unit_head, other_unit, period, award_type):
    outsider = PersonFactory(organization=other_unit)

    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            actor=unit_head, period=period, award_type=award_type, nominee_person=outsider
        )

    assert "không thuộc" in refused.value.message_dict["nominee_person"][0]


def test_create_accepts_a_sub_unit_nominee(unit_head, unit, period, award_type):
    team = OrganizationFactory(parent=unit)

    nomination = services.nomination_create(
        actor=unit_head, period=period, award_type=award_type, nominee_organization=team
    )

    assert nomination.nominee_name == team.name


def test_create_refuses_a_closed_period(unit_head, person, award_type):
    closed = PeriodFactory(opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 10))

    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            actor=unit_head, period=closed, award_type=award_type, nominee_person=person
        )

    assert "10/12/2023" in refused.value.message_dict["period"][0]


def test_create_accepts_an_ad_hoc_period_at_any_time(unit_head, person, award_type):
    ad_hoc = PeriodFactory(
        kind=PeriodKind.AD_HOC, opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 1, 2)
    )

    nomination = services.nomination_create(
        actor=unit_head, period=ad_hoc, award_type=award_type, nominee_person=person
    )

    assert nomination.pk


def test_create_refuses_a_council_member(person, period, award_type, unit):
    member = UserFactory(roles=[Role.COUNCIL_MEMBER], organization=unit)

    with pytest.raises(PermissionDenied):
        services.nomination_create(actor=member, period=period, award_type=award_type, nominee_person=person)


def test_create_refuses_nul_characters(unit_head, person, period, award_type):
    with pytest.raises(ValidationError):
        services.nomination_create(
            actor=unit_head,
            period=period,
            award_type=award_type,
            nominee_person=person,
            achievements="a\x00b",
        )


# --- submit, return, withdraw, delete ---------------------------------------------------------------


def test_submit_names_the_missing_required_documents(unit_head, person, period):
    rule_set = RuleSetFactory(required_documents=[DocumentKind.PROPOSAL, DocumentKind.MINUTES])
    nomination = NominationFactory(
        proposing_organization=person.organization,
        nominee_person=person,
        period=period,
        award_type=rule_set.award_type,
        created_by=unit_head,
    )
    AttachmentFactory(nomination=nomination, kind=DocumentKind.PROPOSAL)

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(nomination=nomination, actor=unit_head)

    message = refused.value.message_dict["attachments"][0]
    assert "Biên bản họp xét" in message
    assert "proposal" not in message
    assert "minutes" not in message  # labels, never codes
    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT
    assert nomination.events.count() == 0


def test_submit_with_every_required_document_records_rule_set(unit_head, person, period):
    rule_set = RuleSetFactory(required_documents=[DocumentKind.PROPOSAL])
    nomination = NominationFactory(
        proposing_organization=person.organization,
        nominee_person=person,
        period=period,
        award_type=rule_set.award_type,
        created_by=unit_head,
    )
    AttachmentFactory(nomination=nomination, kind=DocumentKind.PROPOSAL)

    services.nomination_submit(nomination=nomination, actor=unit_head)

    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    assert nomination.rule_set == rule_set
    assert nomination.submitted_at is not None


def test_submit_by_another_units_head_is_forbidden(other_head):
    nomination = NominationFactory()

    with pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=nomination, actor=other_head)

    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT


def test_submit_by_the_parent_units_head_is_allowed(unit, unit_head):
    nomination = NominationFactory(proposing_organization=OrganizationFactory(parent=unit))

    services.nomination_submit(nomination=nomination, actor=unit_head)

    assert nomination.status == S.SUBMITTED


def test_resubmitting_a_returned_dossier_after_the_deadline_is_allowed(staff):
    late = PeriodFactory(opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 10))
    nomination = NominationFactory(period=late, status=S.RETURNED)

    services.nomination_submit(nomination=nomination, actor=nomination.created_by)

    assert nomination.status == S.SUBMITTED


def test_first_submission_after_the_deadline_is_refused():
    late = PeriodFactory(opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 10))
    nomination = NominationFactory(period=late)

    with pytest.raises(ValidationError):
        services.nomination_submit(nomination=nomination, actor=nomination.created_by)


def test_return_requires_a_reason(staff):
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(ValidationError):
        services.nomination_return(nomination=nomination, actor=staff, reason="   ")

    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


def test_return_records_the_reason(staff):
    nomination = NominationFactory(status=S.SUBMITTED)

    services.nomination_return(nomination=nomination, actor=staff, reason="Thiếu biên bản")

    nomination.refresh_from_db()
    assert nomination.return_reason == "Thiếu biên bản"
    assert nomination.events.get().comment == "Thiếu biên bản"


def test_return_by_a_unit_head_is_forbidden():
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.nomination_return(nomination=nomination, actor=nomination.created_by, reason="x")


def test_confirm_refuses_an_award_type_reviewed_by_a_council(staff):
    nomination = NominationFactory(status=S.VERIFIED)  # standing board by default

    with pytest.raises(ConflictError) as refused:
        services.nomination_confirm(nomination=nomination, actor=staff)

    assert "Thường trực" in refused.value.message
    nomination.refresh_from_db()
    assert nomination.status == S.VERIFIED


def test_delete_removes_a_draft_and_its_documents(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()
    nomination = attachment.nomination
    storage = attachment.file.storage
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    assert not storage.exists(name)


def test_delete_refuses_a_returned_nomination_with_history(staff):
    nomination = NominationFactory(status=S.SUBMITTED)
    services.nomination_return(nomination=nomination, actor=staff, reason="Thiếu")

    with pytest.raises(ConflictError) as refused:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert "rút hồ sơ" in refused.value.message
    assert NominationEvent.objects.filter(nomination=nomination).count() == 1


def test_update_refuses_a_submitted_nomination():
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(ConflictError):
        services.nomination_update(
            nomination=nomination, actor=nomination.created_by, changes={"achievements": "x"}
        )


def test_update_switches_the_nominee_kind(unit):
    nomination = NominationFactory(proposing_organization=unit)

    services.nomination_update(
        nomination=nomination, actor=nomination.created_by, changes={"nominee_organization": unit}
    )

    nomination.refresh_from_db()
    assert nomination.nominee_person is None
    assert nomination.nominee_name == unit.name
    assert nomination.recipient_kind == "collective"


def test_withdraw_from_verified_frees_the_initiatives(staff):
    from awards.models import Initiative

    nomination = NominationFactory(status=S.VERIFIED)
    initiative = Initiative.objects.create(
        person=nomination.nominee_person,
        title="Số hóa hồ sơ",
        recognized_on=datetime.date(2023, 5, 1),
        used_by_nomination_id=nomination.pk,
        used_by_reference=nomination.reference,
    )

    services.nomination_withdraw(nomination=nomination, actor=nomination.created_by)

    initiative.refresh_from_db()
    assert initiative.used_by_nomination_id is None
    assert initiative.used_by_reference == ""


def test_award_type_factory_is_isolated_from_the_catalogue():
    assert AwardTypeFactory().code.startswith("award_")
