"""Each role PATCHes (or PUTs, or POSTs) fields it must not set: 0 accepted.

What counts is the database, not the status code: a 200 that silently
ignored a read-only field is a refusal, a 400 that saved it anyway is not.
"""

from __future__ import annotations

import datetime

import pytest
from django.forms.models import model_to_dict

from awards.enums import Role
from awards.models import User
from certificates.models import Certificate, PrintJob
from nominations import council
from nominations.enums import NominationStatus as S
from nominations.models import Attendance, CouncilSession, Decision, Nomination, Vote

pytestmark = pytest.mark.django_db

ROLES = [Role.UNIT_HEAD, Role.STAFF, Role.COUNCIL_MEMBER, Role.CHAIRMAN, Role.ADMIN]
NOMINATION_FIELDS = {
    "status": S.AWARDED,
    "proposing_organization": None,  # filled with another unit's id
    "reference": "HS-GIA-MAO",
    "nominee_name": "Tên giả mạo",
    "recipient_kind": "collective",
    "submitted_at": "2020-01-01T00:00:00+07:00",
    "eligibility": {"eligible": True, "checks": []},
    "override_reason": "tự duyệt",
    "return_reason": "giả",
    "created_by": None,
}
DECISION_FIELDS = {
    "number": "99/QĐ-UBND",
    "status": "issued",
    "total_reward": 999_999_999,
    "base_salary": 1,
    "issued_at": "2020-01-01T00:00:00+07:00",
    "total_in_words": "giả",
}
SESSION_FIELDS = {
    "status": "closed",
    "opened_at": "2020-01-01T00:00:00+07:00",
    "closed_at": "2020-01-01T00:00:00+07:00",
}
CERTIFICATE_FIELDS = {
    "register_number": 999,
    "code": "ma-gia-mao",
    "recipient_name": "Tên giả mạo",
    "status": "revoked",
    "decision": None,
    "nomination": None,
    "print_count": 99,
}
USER_FIELDS = {
    "roles": ["admin"],
    "is_superuser": True,
    "is_staff": True,
    "is_active": False,
    "organization": None,
}


def _snapshot(obj) -> dict:
    obj.refresh_from_db()
    return model_to_dict(obj)


def _attempts(world):
    """(label, object, url, method, field, value) for every forbidden write."""
    other = world.other_unit.pk
    n = world.nominations
    certificate = Certificate.objects.order_by("pk").first()
    for key in ("draft", "returned", "submitted", "verified"):
        for field, value in NOMINATION_FIELDS.items():
            value = other if field in ("proposing_organization", "created_by") and value is None else value
            if field == "created_by":
                value = world.other_head.pk
            yield (
                f"nomination[{key}].{field}",
                n[key],
                f"/api/v1/nominations/{n[key].pk}/",
                "patch",
                field,
                value,
            )
    for decision in (world.issued, world.draft_decision):
        for field, value in DECISION_FIELDS.items():
            if decision is world.draft_decision and field == "number":
                continue  # a draft's number is staff's to change
            yield (
                f"decision[{decision.status}].{field}",
                decision,
                f"/api/v1/decisions/{decision.pk}/",
                "patch",
                field,
                value,
            )
    for field, value in SESSION_FIELDS.items():
        url = f"/api/v1/council-sessions/{world.session.pk}/"
        yield f"session.{field}", world.session, url, "patch", field, value
    for field, value in CERTIFICATE_FIELDS.items():
        value = world.nominations["approved"].pk if field in ("decision", "nomination") else value
        for method in ("patch", "put"):
            url = f"/api/v1/certificates/{certificate.pk}/"
            yield f"certificate.{field} ({method})", certificate, url, method, field, value
    for role in ROLES:
        user = world.users[role]
        for field, value in USER_FIELDS.items():
            value = world.other_unit.pk if field == "organization" else value
            yield f"user[{role}].{field}", user, f"/api/v1/users/{user.pk}/", "patch", field, value


@pytest.mark.parametrize("role", ROLES)
def test_forbidden_fields_are_never_written(world, role):
    client = world.client(role)
    accepted, tried = [], 0
    for label, obj, url, method, field, value in _attempts(world):
        if role == Role.ADMIN and label.startswith("user[") and field in USER_FIELDS:
            continue  # the admin manages users: that is the admin's job
        before = _snapshot(obj)
        response = getattr(client, method)(url, {field: value}, format="json")
        tried += 1
        after = _snapshot(obj)
        if after != before:
            accepted.append(
                (label, response.status_code, {k: after[k] for k in after if after[k] != before[k]})
            )

    assert tried >= 60
    assert accepted == []


@pytest.fixture
def open_session(world) -> CouncilSession:
    return council.session_open(session=world.session, actor=world.users[Role.STAFF])


def test_a_member_cannot_vote_for_another_or_as_written(world, open_session):
    other_member = User.objects.create(
        username="uyvien2", roles=[Role.COUNCIL_MEMBER], organization=world.office
    )
    client = world.client(Role.COUNCIL_MEMBER)
    nomination = world.nominations["verified"]

    response = client.post(
        f"/api/v1/council-sessions/{open_session.pk}/votes/",
        {
            "nomination": nomination.pk,
            "choice": "yes",
            "member": other_member.pk,
            "written": True,
            "cast_at": "2020-01-01T00:00:00+07:00",
            "item": 999,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    vote = Vote.objects.get()
    assert vote.member_id == world.users[Role.COUNCIL_MEMBER].pk
    assert vote.written is False
    assert vote.cast_at.date() != datetime.date(2020, 1, 1)


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_votes_cannot_be_changed_once_cast(world, open_session, method):
    client = world.client(Role.COUNCIL_MEMBER)
    url = f"/api/v1/council-sessions/{open_session.pk}/votes/"
    client.post(url, {"nomination": world.nominations["verified"].pk, "choice": "yes"}, format="json")
    before = list(Vote.objects.values())

    response = getattr(client, method)(
        url, {"nomination": world.nominations["verified"].pk, "choice": "no"}, format="json"
    )
    again = client.post(url, {"nomination": world.nominations["verified"].pk, "choice": "no"}, format="json")

    assert response.status_code in (403, 405)
    assert again.status_code == 409
    assert list(Vote.objects.values()) == before


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.COUNCIL_MEMBER, Role.CHAIRMAN])
def test_only_staff_record_attendance(world, open_session, role):
    client = world.client(role)
    member = world.users[Role.COUNCIL_MEMBER]
    before = list(Vote.objects.values()), list(Attendance.objects.values())

    response = client.put(
        f"/api/v1/council-sessions/{open_session.pk}/attendance/",
        [
            {
                "member": member.pk,
                "present": False,
                "written_opinions": [{"nomination": world.nominations["verified"].pk, "choice": "no"}],
            }
        ],
        format="json",
    )

    assert response.status_code in (403, 404)
    assert (list(Vote.objects.values()), list(Attendance.objects.values())) == before


def test_print_job_progress_cannot_be_written(world):
    client = world.client(Role.STAFF)
    response = client.post(
        "/api/v1/print-jobs/",
        {
            "decision": world.issued.pk,
            "status": "done",
            "done": 99,
            "total": 99,
            "requested_by": world.users[Role.ADMIN].pk,
        },
        format="json",
    )

    assert response.status_code == 202, response.content
    job = PrintJob.objects.get(pk=response.json()["id"])
    assert job.requested_by_id == world.users[Role.STAFF].pk
    assert job.total == Decision.objects.get(pk=world.issued.pk).items.count()
    assert job.done <= job.total


def test_the_nomination_rows_of_an_issued_decision_stay_awarded(world):
    # Sanity of the fixture the matrix relies on.
    assert Nomination.objects.get(pk=world.nominations["awarded"].pk).status == S.AWARDED
    assert world.issued.status == "issued"
