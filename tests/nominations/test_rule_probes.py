"""Rules that a one-line change once broke without any test noticing.

Each test here fails when its rule is removed: the recused member leaves the
"present" base of a vote, a council rejection frees the initiatives the dossier
counted, and a revocation cannot be dated after today.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import clock
from awards.enums import ThresholdBase
from awards.models import AwardRecord, BaseSalary, Initiative
from nominations import council, decisions
from nominations.enums import NominationStatus, SessionBody, VoteChoice
from nominations.models import AgendaItem
from nominations.tally import Ballot, tally_item
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import (
    chairman,
    fixed_period,
    members,
    merit_rules,
    open_session,
    staff,
    verified,
)

# --- the "present" base leaves recused members out -------------------------------------------------


def test_present_base_excludes_a_recused_member_who_is_present():
    # Four present, one of them recused: 2 yes of the 3 who may vote is a majority;
    # counting the recused member would make it 2 of 4, a tie, which never passes.
    ballots = {1: Ballot(VoteChoice.YES), 2: Ballot(VoteChoice.YES), 3: Ballot(VoteChoice.NO)}

    result = tally_item(
        members=[1, 2, 3, 4],
        present=[1, 2, 3, 4],
        recused=[4],
        ballots=ballots,
        threshold="0.500",
        threshold_base=ThresholdBase.PRESENT,
    )

    assert (result.present, result.recused, result.yes, result.no) == (4, 1, 2, 1)
    assert result.approved


@pytest.mark.django_db
def test_session_close_present_base_excludes_the_recused_member():
    period = fixed_period()
    unit = OrganizationFactory()
    nomination = verified(merit_rules(), period, proposing_organization=unit)
    own = UserFactory(roles=["council_member"], organization=unit)
    others = members(3)
    session, actor = open_session(
        members=[own, *others], agenda=[nomination], period=period, body=SessionBody.STANDING_BOARD
    )
    council.attendance_record(
        session=session, actor=actor, entries=[council.AttendanceEntry(member_id=own.pk, present=True)]
    )
    for member, choice in zip(others, ["yes", "yes", "no"], strict=True):
        council.vote_cast(session=session, member=member, nomination=nomination, choice=choice)

    council.session_close(session=session, actor=actor)

    nomination.refresh_from_db()
    item = AgendaItem.objects.get(session=session)
    assert (item.present, item.recused, item.yes) == (4, 1, 2)
    assert nomination.status == NominationStatus.APPROVED


# --- a rejection frees the initiatives ----------------------------------------------------------


@pytest.mark.django_db
def test_council_rejection_frees_the_initiatives_of_the_dossier():
    period = fixed_period()
    nomination = verified(merit_rules(), period)
    initiative = Initiative.objects.create(
        person=nomination.nominee_person,
        title="Số hóa hồ sơ thi đua",
        recognized_on=datetime.date(2023, 5, 1),
        used_by_nomination_id=nomination.pk,
        used_by_reference=nomination.reference,
    )
    untouched = Initiative.objects.create(
        person=nomination.nominee_person,
        title="Sáng kiến của hồ sơ khác",
        recognized_on=datetime.date(2023, 6, 1),
        used_by_nomination_id=nomination.pk + 1000,
        used_by_reference="HS-2023-9999",
    )
    people = members(3)
    session, actor = open_session(
        members=people, agenda=[nomination], period=period, body=SessionBody.STANDING_BOARD
    )
    for member in people:
        council.vote_cast(session=session, member=member, nomination=nomination, choice="no")

    council.session_close(session=session, actor=actor)

    nomination.refresh_from_db()
    initiative.refresh_from_db()
    untouched.refresh_from_db()
    assert nomination.status == NominationStatus.NOT_APPROVED
    assert (initiative.used_by_nomination_id, initiative.used_by_reference) == (None, "")
    assert untouched.used_by_reference == "HS-2023-9999"


# --- a revocation cannot be dated in the future -----------------------------------------------------


@pytest.mark.django_db
def test_revocation_dated_after_today_is_refused_and_changes_nothing():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period = fixed_period()
    rules = merit_rules()
    nomination = verified(rules, period, status=NominationStatus.APPROVED)
    decision = decisions.decision_create(
        actor=staff(),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=[nomination],
    )
    signer = chairman()
    decisions.decision_issue(decision=decision, actor=signer)

    with clock.frozen_at(datetime.datetime(2024, 3, 1, 9, 0)):
        with pytest.raises(ValidationError) as exc:
            decisions.nomination_revoke(
                nomination=nomination,
                actor=signer,
                reason="Kê khai sai",
                act_number="120/QĐ-UBND",
                revoked_on=datetime.date(2024, 3, 2),
            )
        assert "revoked_on" in exc.value.message_dict
        assert not AwardRecord.objects.get(nomination_id=nomination.pk).revoked
        # Today itself is allowed.
        decisions.nomination_revoke(
            nomination=nomination,
            actor=signer,
            reason="Kê khai sai",
            act_number="120/QĐ-UBND",
            revoked_on=datetime.date(2024, 3, 1),
        )

    assert AwardRecord.objects.get(nomination_id=nomination.pk).revoked_on == datetime.date(2024, 3, 1)
