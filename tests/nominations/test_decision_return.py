"""The chairman's part: return a draft with a comment, signing dates, confirming unverified figures."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from rest_framework.test import APIClient

from awards import clock
from awards.enums import Role
from awards.models import BaseSalary
from nominations import council, decisions
from nominations.enums import DecisionEventKind, DecisionStatus, NominationStatus
from nominations.models import Decision, DecisionEvent
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import (
    chairman,
    fixed_period,
    members,
    merit_rules,
    open_session,
    verified,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/decisions/"
TODAY = datetime.datetime(2026, 11, 27, 10, 0)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def world():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period = fixed_period()
    rules = merit_rules()
    return {
        "period": period,
        "rules": rules,
        "nominations": [verified(rules, period, status=NominationStatus.APPROVED) for _ in range(2)],
        "staff": UserFactory(roles=[Role.STAFF], email="canbo@example.gov.vn"),
        "chairman": chairman(),
    }


def _body(world, **changes):
    body = {
        "number": "46/QĐ-UBND",
        "signed_on": "2024-01-11",
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "award_type": world["rules"].award_type.code,
        "period": world["period"].pk,
        "nominations": [n.pk for n in world["nominations"]],
        "proposal_number": "19/TTr-SNV",
        "proposal_date": "2024-01-09",
        "proposer": "Giám đốc Sở Nội vụ",
    }
    body.update(changes)
    return body


def _draft(world, **changes) -> dict:
    response = _client(world["staff"]).post(BASE, _body(world, **changes), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_draft_records_the_proposal_it_answers(world):
    data = _draft(world)

    assert (data["proposal_number"], data["proposal_date"], data["proposer"]) == (
        "19/TTr-SNV",
        "2024-01-09",
        "Giám đốc Sở Nội vụ",
    )
    assert [e["kind"] for e in data["events"]] == ["drafted"]


def test_chairman_returns_a_draft_with_a_comment_staff_notified_then_resubmitted(
    world, django_capture_on_commit_callbacks
):
    draft = _draft(world)
    url = f"{BASE}{draft['id']}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world["chairman"]).post(
            f"{url}return/", {"comment": "Bổ sung số tờ trình của Sở Nội vụ."}, format="json"
        )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "draft" and data["returned_comment"] == "Bổ sung số tờ trình của Sở Nội vụ."
    assert data["events"][-1]["kind"] == "returned"
    assert data["events"][-1]["comment"] == "Bổ sung số tờ trình của Sở Nội vụ."
    assert [m.to for m in mail.outbox] == [["canbo@example.gov.vn"]]
    assert "46/QĐ-UBND" in mail.outbox[0].subject and "Bổ sung số tờ trình" in mail.outbox[0].body
    # A returned draft is not issued until staff change it and send it again.
    assert _client(world["chairman"]).post(f"{url}issue/").status_code == 409
    assert (
        _client(world["staff"]).patch(url, {"proposal_number": "20/TTr-SNV"}, format="json").status_code
        == 200
    )
    decision = Decision.objects.get(pk=draft["id"])
    assert decision.returned_comment == ""
    assert list(decision.events.values_list("kind", flat=True)) == ["drafted", "returned", "resubmitted"]
    assert _client(world["chairman"]).post(f"{url}issue/").status_code == 200


def test_returning_an_issued_decision_is_409(world):
    draft = _draft(world)
    assert _client(world["chairman"]).post(f"{BASE}{draft['id']}/issue/").status_code == 200

    response = _client(world["chairman"]).post(
        f"{BASE}{draft['id']}/return/", {"comment": "Sửa."}, format="json"
    )

    assert response.status_code == 409
    assert not DecisionEvent.objects.filter(kind=DecisionEventKind.RETURNED).exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCIL_MEMBER, Role.UNIT_HEAD])
def test_only_the_chairman_returns_a_draft(world, role):
    draft = _draft(world)

    response = _client(UserFactory(roles=[role])).post(
        f"{BASE}{draft['id']}/return/", {"comment": "Trả lại."}, format="json"
    )

    assert response.status_code in (403, 404)
    assert Decision.objects.get(pk=draft["id"]).returned_comment == ""


def test_return_without_a_comment_is_400(world):
    draft = _draft(world)

    response = _client(world["chairman"]).post(
        f"{BASE}{draft['id']}/return/", {"comment": "  "}, format="json"
    )

    assert response.status_code == 400
    assert Decision.objects.get(pk=draft["id"]).returned_comment == ""


def test_signing_date_later_than_today_is_refused_at_issue_with_the_reason(world):
    with clock.frozen_at(TODAY):
        draft = _draft(world, signed_on="2026-12-20")
        response = _client(world["chairman"]).post(f"{BASE}{draft['id']}/issue/")

    assert response.status_code == 400
    assert "20/12/2026" in str(response.json()) and "tương lai" in str(response.json())
    assert Decision.objects.get(pk=draft["id"]).status == DecisionStatus.DRAFT


def test_signing_date_before_the_council_session_is_400(world):
    period = world["period"]
    rules = world["rules"]
    nomination = verified(rules, period)
    session, actor = open_session(members=members(3), agenda=[nomination], period=period)
    for member in session.members.all():
        council.vote_cast(session=session, member=member, nomination=nomination, choice="yes")
    council.session_close(session=session, actor=actor)  # meets on 05/01/2024

    response = _client(world["staff"]).post(
        BASE, _body(world, signed_on="2024-01-04", nominations=[nomination.pk]), format="json"
    )

    assert response.status_code == 400
    assert "05/01/2024" in str(response.json()["signed_on"])
    assert not Decision.objects.exists()


def test_proposal_number_with_bidi_controls_is_400(world):
    response = _client(world["staff"]).post(
        BASE, _body(world, proposal_number="19/TTr\u202e-SNV"), format="json"
    )

    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_proposal_number_with_bidi_controls_is_refused_by_the_service_too(world):
    with pytest.raises(Exception) as caught:
        decisions.decision_create(
            actor=world["staff"],
            number="46/QĐ-UBND",
            signed_on=datetime.date(2024, 1, 11),
            signer_name="A",
            signer_title="CHỦ TỊCH",
            authority="Ủy ban nhân dân tỉnh Bắc Ninh",
            award_type=world["rules"].award_type,
            period=world["period"],
            nominations=world["nominations"],
            proposal_number="19/TTr\u202e-SNV",
            proposal_date=datetime.date(2024, 1, 9),
        )
    assert "proposal_number" in caught.value.message_dict
    assert not Decision.objects.exists()


def test_the_same_nomination_on_two_drafts_is_400_naming_the_other_draft(world):
    first = _draft(world)

    response = _client(world["staff"]).post(
        BASE, _body(world, number="47/QĐ-UBND", nominations=[world["nominations"][0].pk]), format="json"
    )

    assert response.status_code == 400
    message = " ".join(response.json()["nominations"])
    assert "dự thảo quyết định số 46/QĐ-UBND" in message and f"mã {first['id']}" in message
    assert Decision.objects.count() == 1


def test_unverified_figure_needs_an_explicit_confirmation_recorded_in_the_timeline(world):
    rules = world["rules"]
    rules.figure_sources["reward_multiple_individual"] = {
        "source": "Nghị định 98/2023/NĐ-CP: hệ số chưa đối chiếu",
        "verified": False,
    }
    rules.save()
    draft = _draft(world)
    url = f"{BASE}{draft['id']}/issue/"

    refused = _client(world["chairman"]).post(url)
    assert refused.status_code == 400
    assert "hệ số tiền thưởng cá nhân" in str(refused.json()["confirm_unverified"])
    assert Decision.objects.get(pk=draft["id"]).status == DecisionStatus.DRAFT

    issued = _client(world["chairman"]).post(url, {"confirm_unverified": True}, format="json")
    assert issued.status_code == 200, issued.content
    confirmation = DecisionEvent.objects.get(
        decision_id=draft["id"], kind=DecisionEventKind.CONFIRMED_UNVERIFIED
    )
    assert confirmation.actor == world["chairman"]
    assert confirmation.data["figures"] == [
        {"figure": "hệ số tiền thưởng cá nhân", "source": "Nghị định 98/2023/NĐ-CP: hệ số chưa đối chiếu"}
    ]
    assert "chưa đối chiếu" in confirmation.comment


def test_verified_figures_issue_without_a_confirmation(world):
    draft = _draft(world)

    assert _client(world["chairman"]).post(f"{BASE}{draft['id']}/issue/").status_code == 200
    assert not DecisionEvent.objects.filter(kind=DecisionEventKind.CONFIRMED_UNVERIFIED).exists()
