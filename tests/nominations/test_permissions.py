"""Permission matrix: every role × every nomination endpoint × the relevant states.

One table holds every expectation. A "list" cell of 200 means the nomination
is in the list, 404 that it is not (the list itself answers 200). Refused
calls must leave the status and the events untouched; other units' objects
are 404, actions a role may see but not do are 403, state conflicts 409.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from awards.enums import Role
from nominations.enums import NominationStatus as S
from nominations.models import AgendaItem, CouncilSession
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import MINIMAL_PDF, AttachmentFactory, NominationFactory, RuleSetFactory

pytestmark = pytest.mark.django_db

STATES = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED, S.AWARDED)
ROLES = ("anonymous", "head_own", "head_other", "staff", "member_on", "member_off", "chairman", "admin")

A = (401, 401, 401, 401, 401)
N = (404, 404, 404, 404, 404)
F = (403, 403, 403, 403, 403)
OK = (200, 200, 200, 200, 200)
HIDDEN_DRAFT_OK = (404, 200, 200, 200, 200)
HIDDEN_DRAFT_F = (404, 403, 403, 403, 403)

# (endpoint, role): expected status per state, in STATES order
#                                 draft  submitted returned verified awarded
EXPECTED: dict[tuple[str, str], tuple[int, ...]] = {
    ("list", "anonymous"): A,
    ("list", "head_own"): OK,
    ("list", "head_other"): N,
    ("list", "staff"): HIDDEN_DRAFT_OK,
    ("list", "member_on"): HIDDEN_DRAFT_OK,
    ("list", "member_off"): N,
    ("list", "chairman"): HIDDEN_DRAFT_OK,
    ("list", "admin"): OK,
    ("create", "anonymous"): A,
    # The world's nominee already has an open dossier for this award and period.
    ("create", "head_own"): (400, 400, 400, 400, 400),
    ("create", "head_other"): (400, 400, 400, 400, 400),  # the nominee is not in its subtree
    ("create", "staff"): (400, 400, 400, 400, 400),
    ("create", "member_on"): F,
    ("create", "member_off"): F,
    ("create", "chairman"): F,
    ("create", "admin"): (400, 400, 400, 400, 400),
    ("retrieve", "anonymous"): A,
    ("retrieve", "head_own"): OK,
    ("retrieve", "head_other"): N,
    ("retrieve", "staff"): HIDDEN_DRAFT_OK,
    ("retrieve", "member_on"): HIDDEN_DRAFT_OK,
    ("retrieve", "member_off"): N,
    ("retrieve", "chairman"): HIDDEN_DRAFT_OK,
    ("retrieve", "admin"): OK,
    ("patch", "anonymous"): A,
    ("patch", "head_own"): (200, 409, 200, 409, 409),
    ("patch", "head_other"): N,
    ("patch", "staff"): HIDDEN_DRAFT_F,
    ("patch", "member_on"): HIDDEN_DRAFT_F,
    ("patch", "member_off"): N,
    ("patch", "chairman"): HIDDEN_DRAFT_F,
    ("patch", "admin"): (200, 409, 200, 409, 409),
    ("delete", "anonymous"): A,
    ("delete", "head_own"): (204, 409, 409, 409, 409),
    ("delete", "head_other"): N,
    ("delete", "staff"): HIDDEN_DRAFT_F,
    ("delete", "member_on"): HIDDEN_DRAFT_F,
    ("delete", "member_off"): N,
    ("delete", "chairman"): HIDDEN_DRAFT_F,
    ("delete", "admin"): (204, 409, 409, 409, 409),
    ("submit", "anonymous"): A,
    ("submit", "head_own"): (200, 409, 200, 409, 409),
    ("submit", "head_other"): N,
    ("submit", "staff"): HIDDEN_DRAFT_F,
    ("submit", "member_on"): HIDDEN_DRAFT_F,
    ("submit", "member_off"): N,
    ("submit", "chairman"): HIDDEN_DRAFT_F,
    ("submit", "admin"): (200, 409, 200, 409, 409),
    ("withdraw", "anonymous"): A,
    ("withdraw", "head_own"): (200, 200, 200, 200, 409),
    ("withdraw", "head_other"): N,
    ("withdraw", "staff"): HIDDEN_DRAFT_F,
    ("withdraw", "member_on"): HIDDEN_DRAFT_F,
    ("withdraw", "member_off"): N,
    ("withdraw", "chairman"): HIDDEN_DRAFT_F,
    ("withdraw", "admin"): (200, 200, 200, 200, 409),
    ("return", "anonymous"): A,
    ("return", "head_own"): F,
    ("return", "head_other"): N,
    ("return", "staff"): (404, 200, 409, 409, 409),
    ("return", "member_on"): HIDDEN_DRAFT_F,
    ("return", "member_off"): N,
    ("return", "chairman"): HIDDEN_DRAFT_F,
    ("return", "admin"): (409, 200, 409, 409, 409),
    ("verify", "anonymous"): A,
    ("verify", "head_own"): F,
    ("verify", "head_other"): N,
    ("verify", "staff"): (404, 200, 409, 409, 409),
    ("verify", "member_on"): HIDDEN_DRAFT_F,
    ("verify", "member_off"): N,
    ("verify", "chairman"): HIDDEN_DRAFT_F,
    ("verify", "admin"): (409, 200, 409, 409, 409),
    ("confirm", "anonymous"): A,
    ("confirm", "head_own"): F,
    ("confirm", "head_other"): N,
    ("confirm", "staff"): (404, 409, 409, 200, 409),
    ("confirm", "member_on"): HIDDEN_DRAFT_F,
    ("confirm", "member_off"): N,
    ("confirm", "chairman"): HIDDEN_DRAFT_F,
    ("confirm", "admin"): (409, 409, 409, 200, 409),
    # "awarded" here has no issued decision behind it: revoking it is a 409 (the
    # decisions suite walks a real decision to revoked).
    ("revoke", "anonymous"): A,
    ("revoke", "head_own"): F,
    ("revoke", "head_other"): N,
    ("revoke", "staff"): HIDDEN_DRAFT_F,
    ("revoke", "member_on"): HIDDEN_DRAFT_F,
    ("revoke", "member_off"): N,
    ("revoke", "chairman"): (404, 409, 409, 409, 409),
    ("revoke", "admin"): (409, 409, 409, 409, 409),
    ("eligibility", "anonymous"): A,
    ("eligibility", "head_own"): OK,
    ("eligibility", "head_other"): N,
    ("eligibility", "staff"): HIDDEN_DRAFT_OK,
    ("eligibility", "member_on"): HIDDEN_DRAFT_OK,
    ("eligibility", "member_off"): N,
    ("eligibility", "chairman"): HIDDEN_DRAFT_OK,
    ("eligibility", "admin"): OK,
    ("timeline", "anonymous"): A,
    ("timeline", "head_own"): OK,
    ("timeline", "head_other"): N,
    ("timeline", "staff"): HIDDEN_DRAFT_OK,
    ("timeline", "member_on"): HIDDEN_DRAFT_OK,
    ("timeline", "member_off"): N,
    ("timeline", "chairman"): HIDDEN_DRAFT_OK,
    ("timeline", "admin"): OK,
    ("attachments", "anonymous"): A,
    ("attachments", "head_own"): OK,
    ("attachments", "head_other"): N,
    ("attachments", "staff"): HIDDEN_DRAFT_OK,
    ("attachments", "member_on"): HIDDEN_DRAFT_OK,
    ("attachments", "member_off"): N,
    ("attachments", "chairman"): HIDDEN_DRAFT_OK,
    ("attachments", "admin"): OK,
    ("upload", "anonymous"): A,
    ("upload", "head_own"): (201, 409, 201, 409, 409),
    ("upload", "head_other"): N,
    ("upload", "staff"): HIDDEN_DRAFT_F,
    ("upload", "member_on"): HIDDEN_DRAFT_F,
    ("upload", "member_off"): N,
    ("upload", "chairman"): HIDDEN_DRAFT_F,
    ("upload", "admin"): (201, 409, 201, 409, 409),
    ("download", "anonymous"): A,
    ("download", "head_own"): OK,
    ("download", "head_other"): N,
    ("download", "staff"): HIDDEN_DRAFT_OK,
    ("download", "member_on"): HIDDEN_DRAFT_OK,
    ("download", "member_off"): N,
    ("download", "chairman"): HIDDEN_DRAFT_OK,
    ("download", "admin"): OK,
    ("remove_attachment", "anonymous"): A,
    ("remove_attachment", "head_own"): (204, 409, 204, 409, 409),
    ("remove_attachment", "head_other"): N,
    ("remove_attachment", "staff"): HIDDEN_DRAFT_F,
    ("remove_attachment", "member_on"): HIDDEN_DRAFT_F,
    ("remove_attachment", "member_off"): N,
    ("remove_attachment", "chairman"): HIDDEN_DRAFT_F,
    ("remove_attachment", "admin"): (204, 409, 204, 409, 409),
}
ENDPOINTS = sorted({endpoint for endpoint, _role in EXPECTED})
CASES = [
    pytest.param(endpoint, role, state, id=f"{endpoint}-{role}-{state}")
    for endpoint in ENDPOINTS
    for role in ROLES
    for state in STATES
]


def _call(client: APIClient, endpoint: str, world: dict):
    n = world["nomination"]
    base = f"/api/v1/nominations/{n.pk}/"
    attachment = f"{base}attachments/{world['attachment'].pk}/"
    if endpoint == "list":
        response = client.get("/api/v1/nominations/", {"page_size": 200})
        if response.status_code == 200:
            found = any(row["id"] == n.pk for row in response.json()["results"])
            return 200 if found else 404
        return response.status_code
    calls = {
        "create": lambda: client.post(
            "/api/v1/nominations/",
            {"period": n.period_id, "award_type": n.award_type.code, "nominee_person": world["person"].pk},
            format="json",
        ),
        "retrieve": lambda: client.get(base),
        "patch": lambda: client.patch(base, {"achievements": "Bổ sung thành tích"}, format="json"),
        "delete": lambda: client.delete(base),
        "submit": lambda: client.post(f"{base}submit/", {}, format="json"),
        "withdraw": lambda: client.post(f"{base}withdraw/", {}, format="json"),
        "return": lambda: client.post(f"{base}return/", {"reason": "Thiếu biên bản"}, format="json"),
        "verify": lambda: client.post(f"{base}verify/", {}, format="json"),
        "confirm": lambda: client.post(f"{base}confirm/", {}, format="json"),
        "revoke": lambda: client.post(
            f"{base}revoke/",
            {"reason": "Kê khai không trung thực", "act_number": "12/QĐ-UBND"},
            format="json",
        ),
        "eligibility": lambda: client.get(f"{base}eligibility/"),
        "timeline": lambda: client.get(f"{base}timeline/"),
        "attachments": lambda: client.get(f"{base}attachments/"),
        "upload": lambda: client.post(
            f"{base}attachments/",
            {"kind": "minutes", "file": SimpleUploadedFile("bien-ban.pdf", MINIMAL_PDF)},
            format="multipart",
        ),
        "download": lambda: client.get(attachment),
        "remove_attachment": lambda: client.delete(attachment),
    }
    return calls[endpoint]().status_code


def make_world(state: str) -> dict:
    """A nomination in `state`, one user per role, one document, two council sessions."""
    unit = OrganizationFactory(name="Phòng Tổng hợp")
    person = PersonFactory(organization=unit)
    award_type = RuleSetFactory(review_body="none").award_type
    head_own = UserFactory(roles=[Role.UNIT_HEAD], organization=unit)
    nomination = NominationFactory(
        status=state,
        proposing_organization=unit,
        nominee_person=person,
        award_type=award_type,
        created_by=head_own,
    )
    users = {
        "head_own": head_own,
        "head_other": UserFactory(roles=[Role.UNIT_HEAD]),
        "staff": UserFactory(roles=[Role.STAFF]),
        "member_on": UserFactory(roles=[Role.COUNCIL_MEMBER]),
        "member_off": UserFactory(roles=[Role.COUNCIL_MEMBER]),
        "chairman": UserFactory(roles=[Role.CHAIRMAN]),
        "admin": UserFactory(roles=[Role.ADMIN]),
    }
    session = CouncilSession.objects.create(
        title="Phiên họp Thường trực Hội đồng",
        meeting_date=datetime.date(2024, 1, 11),
        period=nomination.period,
        created_by=users["staff"],
    )
    session.members.add(users["member_on"])
    if state != S.DRAFT:  # an agenda takes no drafts
        AgendaItem.objects.create(session=session, nomination=nomination)
    off_session = CouncilSession.objects.create(
        title="Phiên khác",
        meeting_date=datetime.date(2024, 1, 12),
        period=nomination.period,
        created_by=users["staff"],
    )
    off_session.members.add(users["member_off"])
    return {
        "nomination": nomination,
        "person": person,
        "users": users,
        "attachment": AttachmentFactory(nomination=nomination),
    }


def test_the_table_covers_every_endpoint_and_role():
    assert {(e, r) for e in ENDPOINTS for r in ROLES} == set(EXPECTED)
    assert len(ENDPOINTS) == 17


@pytest.mark.parametrize(("endpoint", "role", "state"), CASES)
def test_permission_matrix(endpoint, role, state):
    world_ = make_world(state)
    nomination = world_["nomination"]
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(user=world_["users"][role])
    events_before = nomination.events.count()

    status = _call(client, endpoint, world_)

    expected = EXPECTED[(endpoint, role)][STATES.index(state)]
    assert status == expected, f"{endpoint} by {role} in {state}: got {status}, expected {expected}"
    if status >= 400 and endpoint != "list":
        nomination.refresh_from_db()
        assert nomination.status == state
        assert nomination.events.count() == events_before
        assert nomination.attachments.count() == 1
