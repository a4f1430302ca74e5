"""`/api/v1/council-sessions/` end to end: roles, states, secret ballot."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from awards.enums import Role
from nominations.enums import NominationStatus, SessionStatus
from nominations.models import AgendaItem, CouncilSession, Vote
from tests.factories.awards import UserFactory
from tests.nominations.council_helpers import fixed_period, flag_rules, members, merit_rules, staff, verified

pytestmark = pytest.mark.django_db

BASE = "/api/v1/council-sessions/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def setup():
    period = fixed_period()
    rules = merit_rules()
    nominations = [verified(rules, period) for _ in range(2)]
    people = members(3)
    clerk = staff()
    return {"period": period, "nominations": nominations, "members": people, "staff": clerk}


def _create(setup, **extra):
    body = {
        "title": "Phiên họp Thường trực Hội đồng",
        "meeting_date": "2024-01-05",
        "period": setup["period"].pk,
        "body": "standing_board",
        "members": [m.pk for m in setup["members"]],
        "agenda": [n.pk for n in setup["nominations"]],
        **extra,
    }
    return _client(setup["staff"]).post(BASE, body, format="json")


def _open_with_votes(setup, *, secret_ballot):
    response = _create(setup, secret_ballot=secret_ballot)
    session_id = response.json()["id"]
    assert _client(setup["staff"]).post(f"{BASE}{session_id}/open/").status_code == 200
    for member, choice in zip(setup["members"], ["yes", "yes", "no"], strict=True):
        for nomination in setup["nominations"]:
            vote = _client(member).post(
                f"{BASE}{session_id}/votes/", {"nomination": nomination.pk, "choice": choice}, format="json"
            )
            assert vote.status_code == 201, vote.content
    return session_id


def test_session_create_by_staff_returns_session(setup):
    response = _create(setup)

    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "planned"
    assert data["body"] == "standing_board"
    assert data["members"] == sorted(m.pk for m in setup["members"])
    assert data["agenda"] == [n.pk for n in setup["nominations"]]


def test_session_create_with_unverified_agenda_item_is_400(setup):
    setup["nominations"][0].status = NominationStatus.SUBMITTED
    setup["nominations"][0].save()

    response = _create(setup)

    assert response.status_code == 400
    assert "agenda" in response.json()
    assert CouncilSession.objects.count() == 0


def test_session_create_by_council_member_is_403(setup):
    response = _client(setup["members"][0]).post(BASE, {"title": "x"}, format="json")

    assert response.status_code == 403


def test_session_list_member_sees_only_own_sessions(setup):
    _create(setup)
    outsider = members(1)[0]

    assert _client(setup["members"][0]).get(BASE).json()["count"] == 1
    assert _client(outsider).get(BASE).json()["count"] == 0
    assert _client(UserFactory(roles=[Role.UNIT_HEAD])).get(BASE).json()["count"] == 0


def test_session_patch_agenda_after_open_is_409(setup):
    session_id = _create(setup).json()["id"]
    _client(setup["staff"]).post(f"{BASE}{session_id}/open/")

    response = _client(setup["staff"]).patch(
        f"{BASE}{session_id}/", {"agenda": [setup["nominations"][0].pk]}, format="json"
    )

    assert response.status_code == 409
    assert AgendaItem.objects.filter(session_id=session_id).count() == 2


def test_vote_twice_is_409_and_unknown_choice_is_400(setup):
    session_id = _create(setup).json()["id"]
    _client(setup["staff"]).post(f"{BASE}{session_id}/open/")
    voter = _client(setup["members"][0])
    nomination = setup["nominations"][0].pk

    first = voter.post(
        f"{BASE}{session_id}/votes/", {"nomination": nomination, "choice": "yes"}, format="json"
    )
    again = voter.post(
        f"{BASE}{session_id}/votes/", {"nomination": nomination, "choice": "no"}, format="json"
    )
    unknown = voter.post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][1].pk, "choice": "có"},
        format="json",
    )
    off_agenda = voter.post(
        f"{BASE}{session_id}/votes/", {"nomination": 999999, "choice": "yes"}, format="json"
    )

    assert (first.status_code, again.status_code, unknown.status_code, off_agenda.status_code) == (
        201,
        409,
        400,
        400,
    )
    assert "choice" in unknown.json()
    assert "nomination" in off_agenda.json()
    assert Vote.objects.count() == 1


def test_vote_by_staff_who_is_not_a_member_is_403(setup):
    session_id = _create(setup).json()["id"]
    _client(setup["staff"]).post(f"{BASE}{session_id}/open/")

    response = _client(setup["staff"]).post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )

    assert response.status_code == 403


def test_vote_by_non_member_council_member_is_404(setup):
    session_id = _create(setup).json()["id"]
    _client(setup["staff"]).post(f"{BASE}{session_id}/open/")

    response = _client(members(1)[0]).post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )

    assert response.status_code == 404


def test_vote_after_close_is_409(setup):
    session_id = _open_with_votes(setup, secret_ballot=False)
    assert _client(setup["staff"]).post(f"{BASE}{session_id}/close/").status_code == 200
    late = UserFactory(roles=[Role.COUNCIL_MEMBER])
    CouncilSession.objects.get(pk=session_id).members.add(late)

    response = _client(late).post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )

    assert response.status_code == 409


def test_close_moves_nominations_and_results_show_counts(setup):
    session_id = _open_with_votes(setup, secret_ballot=False)

    response = _client(setup["staff"]).post(f"{BASE}{session_id}/close/")

    assert response.status_code == 200
    assert response.json()["status"] == SessionStatus.CLOSED
    results = _client(setup["members"][0]).get(f"{BASE}{session_id}/results/").json()
    assert [(r["yes"], r["no"], r["abstain"], r["members"], r["outcome"], r["final"]) for r in results] == [
        (2, 1, 0, 3, "approved", True),
        (2, 1, 0, 3, "approved", True),
    ]
    for nomination in setup["nominations"]:
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.APPROVED


def test_close_without_quorum_is_409_with_reason(setup):
    session_id = _create(setup).json()["id"]
    _client(setup["staff"]).post(f"{BASE}{session_id}/open/")
    _client(setup["members"][0]).post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )

    response = _client(setup["staff"]).post(f"{BASE}{session_id}/close/")

    assert response.status_code == 409
    assert "Không đủ số thành viên có mặt (1/3)" in response.json()["detail"]
    assert CouncilSession.objects.get(pk=session_id).status == SessionStatus.OPEN


def test_attendance_put_records_absence_and_written_opinion(setup):
    session_id = _create(setup).json()["id"]
    absent = setup["members"][2]
    body = [
        {
            "member": absent.pk,
            "present": False,
            "written_opinions": [{"nomination": setup["nominations"][0].pk, "choice": "abstain"}],
        },
        {"member": setup["members"][0].pk, "present": True},
    ]

    response = _client(setup["staff"]).put(f"{BASE}{session_id}/attendance/", body, format="json")

    assert response.status_code == 200
    rows = {row["member"]: row for row in response.json()}
    assert rows[absent.pk]["present"] is False
    assert rows[absent.pk]["written_opinions"] == [
        {"nomination": setup["nominations"][0].pk, "choice": "abstain"}
    ]
    assert rows[setup["members"][1].pk]["present"] is None
    assert Vote.objects.get().written is True


def test_attendance_by_member_is_403(setup):
    session_id = _create(setup).json()["id"]

    response = _client(setup["members"][0]).get(f"{BASE}{session_id}/attendance/")

    assert response.status_code == 403


def test_recused_member_is_refused_with_409():
    period = fixed_period()
    rules = flag_rules()
    flag = verified(rules, period, collective=True)
    own = UserFactory(roles=[Role.COUNCIL_MEMBER], organization=flag.nominee_organization)
    clerk = staff()
    created = (
        _client(clerk)
        .post(
            BASE,
            {
                "title": "Phiên họp Hội đồng",
                "meeting_date": "2024-01-05",
                "period": period.pk,
                "members": [own.pk, *[m.pk for m in members(2)]],
                "agenda": [flag.pk],
            },
            format="json",
        )
        .json()
    )
    _client(clerk).post(f"{BASE}{created['id']}/open/")

    response = _client(own).post(
        f"{BASE}{created['id']}/votes/", {"nomination": flag.pk, "choice": "yes"}, format="json"
    )

    assert response.status_code == 409
    assert "không biểu quyết" in response.json()["detail"]


# --- secret ballot: who sees what, before and after closing ---------------------------------------

ROLES = ["anonymous", "staff", "chairman", "admin", "member", "other_member", "unit_head"]


def _user_for(role, setup):
    return {
        "anonymous": None,
        "staff": setup["staff"],
        "chairman": UserFactory(roles=[Role.CHAIRMAN]),
        "admin": UserFactory(roles=[Role.ADMIN]),
        "member": setup["members"][0],
        "other_member": UserFactory(roles=[Role.COUNCIL_MEMBER]),
        "unit_head": UserFactory(roles=[Role.UNIT_HEAD]),
    }[role]


SECRET_BEFORE = {
    "anonymous": 401,
    "staff": 409,
    "chairman": 409,
    "admin": 409,
    "member": 409,
    "other_member": 404,
    "unit_head": 404,
}
SECRET_AFTER = {
    "anonymous": 401,
    "staff": 200,
    "chairman": 200,
    "admin": 200,
    "member": 200,
    "other_member": 404,
    "unit_head": 404,
}
PUBLIC_BEFORE = {
    "anonymous": 401,
    "staff": 200,
    "chairman": 200,
    "admin": 200,
    "member": 409,
    "other_member": 404,
    "unit_head": 404,
}


def _no_individual_choice(payload) -> None:
    """Nothing in a secret ballot's answers ties a member to a choice."""
    text = json.dumps(payload)
    for key in ('"choice": "yes"', '"choice": "no"', '"choice": "abstain"'):
        assert key not in text


@pytest.mark.parametrize("role", ROLES)
def test_secret_ballot_results_before_close_are_hidden_from_every_role(setup, role):
    session_id = _open_with_votes(setup, secret_ballot=True)

    response = _client(_user_for(role, setup)).get(f"{BASE}{session_id}/results/")

    assert response.status_code == SECRET_BEFORE[role]
    if response.status_code == 409:
        assert "Bỏ phiếu kín" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_secret_ballot_results_after_close_show_only_counts(setup, role):
    session_id = _open_with_votes(setup, secret_ballot=True)
    _client(setup["staff"]).post(f"{BASE}{session_id}/close/")

    response = _client(_user_for(role, setup)).get(f"{BASE}{session_id}/results/")

    assert response.status_code == SECRET_AFTER[role]
    if response.status_code == 200:
        rows = response.json()
        assert [(r["yes"], r["no"]) for r in rows] == [(2, 1), (2, 1)]
        assert all(set(r) >= {"nomination", "yes", "no", "abstain", "members", "outcome"} for r in rows)
        _no_individual_choice(rows)


@pytest.mark.parametrize("role", ROLES)
def test_public_ballot_running_tally_before_close(setup, role):
    session_id = _open_with_votes(setup, secret_ballot=False)

    response = _client(_user_for(role, setup)).get(f"{BASE}{session_id}/results/")

    assert response.status_code == PUBLIC_BEFORE[role]
    if response.status_code == 200:
        assert [r["final"] for r in response.json()] == [False, False]


@pytest.mark.parametrize("closed", [False, True])
def test_secret_ballot_never_shows_individual_choices(setup, closed):
    session_id = _create(setup, secret_ballot=True).json()["id"]
    clerk = _client(setup["staff"])
    clerk.put(
        f"{BASE}{session_id}/attendance/",
        [
            {
                "member": setup["members"][2].pk,
                "present": False,
                "written_opinions": [{"nomination": n.pk, "choice": "no"} for n in setup["nominations"]],
            }
        ],
        format="json",
    )
    clerk.post(f"{BASE}{session_id}/open/")
    voter = _client(setup["members"][0])
    cast = voter.post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )
    _client(setup["members"][1]).post(
        f"{BASE}{session_id}/votes/",
        {"nomination": setup["nominations"][0].pk, "choice": "yes"},
        format="json",
    )
    if closed:
        assert clerk.post(f"{BASE}{session_id}/close/").status_code == 200

    answers = [
        cast.json(),
        voter.get(f"{BASE}{session_id}/votes/").json(),
        clerk.get(f"{BASE}{session_id}/attendance/").json(),
        _client(UserFactory(roles=[Role.CHAIRMAN])).get(f"{BASE}{session_id}/").json(),
    ]
    if closed:
        answers.append(clerk.get(f"{BASE}{session_id}/results/").json())

    assert cast.status_code == 201
    assert voter.get(f"{BASE}{session_id}/votes/").json()[0]["choice"] is None
    for payload in answers:
        _no_individual_choice(payload)


def test_public_ballot_member_sees_own_vote_choice(setup):
    session_id = _open_with_votes(setup, secret_ballot=False)

    response = _client(setup["members"][2]).get(f"{BASE}{session_id}/votes/")

    assert [v["choice"] for v in response.json()] == ["no", "no"]
