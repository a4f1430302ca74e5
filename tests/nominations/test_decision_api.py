"""`/api/v1/decisions/` and the decision admin: drafting, issuing, immutability, revoke."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import AwardRecord, BaseSalary
from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import Decision
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, flag_rules, merit_rules, staff, verified

pytestmark = pytest.mark.django_db

BASE = "/api/v1/decisions/"
APPROVED = NominationStatus.APPROVED


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def world():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalaryFactory(effective_from=datetime.date(2024, 7, 1), amount=2_340_000)
    period = fixed_period()
    rules = merit_rules()
    nominations = [verified(rules, period, status=APPROVED) for _ in range(2)]
    return {
        "period": period,
        "rules": rules,
        "nominations": nominations,
        "staff": staff(),
        "chairman": chairman(),
    }


def _body(world, **changes):
    body = {
        "number": "46/QĐ-UBND",
        "signed_on": "2024-01-11",
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "place": "Bắc Ninh",
        "award_type": world["rules"].award_type.code,
        "period": world["period"].pk,
        "nominations": [n.pk for n in world["nominations"]],
    }
    body.update(changes)
    return body


def _issued(world):
    created = _client(world["staff"]).post(BASE, _body(world), format="json").json()
    response = _client(world["chairman"]).post(f"{BASE}{created['id']}/issue/")
    assert response.status_code == 200, response.content
    return response.json()


def test_decision_create_by_staff_is_201(world):
    response = _client(world["staff"]).post(BASE, _body(world), format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "draft"
    assert data["award_type"] == world["rules"].award_type.code
    assert data["nominations"] == [n.pk for n in world["nominations"]]
    assert data["total_reward"] == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_on": "2023-09-30"}, "signed_on"),
        ({"nominations": []}, "nominations"),
        ({"number": ""}, "number"),
    ],
)
def test_decision_create_bad_input_is_400(world, changes, field):
    response = _client(world["staff"]).post(BASE, _body(world, **changes), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Decision.objects.count() == 0


def test_decision_create_mixing_award_types_is_400(world):
    flag = verified(flag_rules(), world["period"], collective=True, status=APPROVED)
    body = _body(world, nominations=[world["nominations"][0].pk, flag.pk])

    response = _client(world["staff"]).post(BASE, body, format="json")

    assert response.status_code == 400
    assert "cùng hình thức" in response.json()["nominations"][0]


def test_decision_create_with_unapproved_nomination_is_400(world):
    not_yet = verified(world["rules"], world["period"])

    response = _client(world["staff"]).post(BASE, _body(world, nominations=[not_yet.pk]), format="json")

    assert response.status_code == 400


def test_decision_create_by_chairman_is_403_and_council_member_cannot_read(world):
    assert _client(world["chairman"]).post(BASE, _body(world), format="json").status_code == 403
    assert _client(UserFactory(roles=[Role.COUNCIL_MEMBER])).get(BASE).status_code == 403
    assert _client(world["chairman"]).get(BASE).status_code == 200


def test_decision_issue_freezes_and_answers_amounts(world):
    data = _issued(world)

    assert data["status"] == "issued"
    assert [i["amount"] for i in data["items"]] == [2_700_000, 2_700_000]
    assert data["total_reward"] == 5_400_000
    assert data["total_in_words"] == "Năm triệu bốn trăm nghìn đồng"
    assert AwardRecord.objects.count() == 2


def test_decision_issue_by_staff_is_403(world):
    created = _client(world["staff"]).post(BASE, _body(world), format="json").json()

    response = _client(world["staff"]).post(f"{BASE}{created['id']}/issue/")

    assert response.status_code == 403
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_decision_issue_twice_is_409(world):
    data = _issued(world)

    response = _client(world["chairman"]).post(f"{BASE}{data['id']}/issue/")

    assert response.status_code == 409


def test_decision_issue_duplicate_number_is_409(world):
    # Two drafts may carry one number; only the first issued keeps it.
    other = verified(world["rules"], world["period"], status=APPROVED)
    clerk = _client(world["staff"])
    first = clerk.post(BASE, _body(world), format="json").json()
    second = clerk.post(BASE, _body(world, nominations=[other.pk]), format="json").json()
    assert _client(world["chairman"]).post(f"{BASE}{first['id']}/issue/").status_code == 200

    response = _client(world["chairman"]).post(f"{BASE}{second['id']}/issue/")

    assert response.status_code == 409
    assert "46/QĐ-UBND" in response.json()["detail"]
    assert Decision.objects.get(pk=second["id"]).status == DecisionStatus.DRAFT
    other.refresh_from_db()
    assert other.status == APPROVED


def test_decision_patch_to_number_of_issued_decision_is_409(world):
    _issued(world)
    other = verified(world["rules"], world["period"], status=APPROVED)
    created = (
        _client(world["staff"])
        .post(BASE, _body(world, number="47/QĐ-UBND", nominations=[other.pk]), format="json")
        .json()
    )

    response = _client(world["staff"]).patch(
        f"{BASE}{created['id']}/", {"number": "46/QĐ-UBND"}, format="json"
    )

    assert response.status_code == 409
    assert Decision.objects.get(pk=created["id"]).number == "47/QĐ-UBND"


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("patch", {"number": "99/QĐ-UBND"}),
        ("patch", {"signed_on": "not a date"}),
        ("patch", {}),
        ("delete", None),
    ],
)
def test_issued_decision_edit_or_delete_is_409(world, method, body):
    data = _issued(world)
    client = _client(world["staff"])

    response = getattr(client, method)(f"{BASE}{data['id']}/", body, format="json")

    assert response.status_code == 409
    decision = Decision.objects.get(pk=data["id"])
    assert (decision.number, decision.status) == ("46/QĐ-UBND", DecisionStatus.ISSUED)


def test_draft_decision_patch_and_delete_by_staff(world):
    created = _client(world["staff"]).post(BASE, _body(world), format="json").json()

    patched = _client(world["staff"]).patch(
        f"{BASE}{created['id']}/", {"nominations": [world["nominations"][1].pk]}, format="json"
    )
    deleted = _client(world["staff"]).delete(f"{BASE}{created['id']}/")

    assert patched.status_code == 200
    assert patched.json()["nominations"] == [world["nominations"][1].pk]
    assert deleted.status_code == 204


# --- the admin: an issued decision is view only ---------------------------------------------------


def test_admin_shows_issued_decision_read_only(world):
    data = _issued(world)
    admin = UserFactory(roles=[Role.ADMIN], is_superuser=True)
    browser = Client()
    browser.force_login(admin)
    url = f"/admin/nominations/decision/{data['id']}/change/"

    page = browser.get(url)
    posted = browser.post(url, {"number": "99/QĐ-UBND", "signed_on": "2024-01-11"})
    deleted = browser.post(f"/admin/nominations/decision/{data['id']}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert b'name="number"' not in page.content  # no input: view only
    assert "46/QĐ-UBND" in page.content.decode()
    assert posted.status_code == 403
    assert deleted.status_code == 403
    decision = Decision.objects.get(pk=data["id"])
    assert (decision.number, decision.status) == ("46/QĐ-UBND", DecisionStatus.ISSUED)


def test_admin_draft_decision_is_editable_through_the_service_checks(world):
    created = _client(world["staff"]).post(BASE, _body(world), format="json").json()
    browser = Client()
    browser.force_login(world["staff"])
    url = f"/admin/nominations/decision/{created['id']}/change/"
    form = {
        "number": "46/QĐ-UBND",
        "signed_on": "2023-09-30",  # before the period: refused by validate_decision
        "signer_name": "Vũ Việt Văn",
        "signer_title": "CHỦ TỊCH",
        "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "place": "Bắc Ninh",
        "award_type": world["rules"].award_type.pk,
        "period": world["period"].pk,
        "nomination_list": [n.pk for n in world["nominations"]],
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }

    page = browser.get(url)
    refused = browser.post(url, form)
    accepted = browser.post(url, {**form, "signed_on": "2024-01-12"})

    assert page.status_code == 200
    assert b'name="number"' in page.content
    assert refused.status_code == 200  # the form again, with the error
    assert "Ngày ký không được trước" in refused.content.decode()
    assert accepted.status_code == 302
    assert Decision.objects.get(pk=created["id"]).signed_on == datetime.date(2024, 1, 12)


# --- revoke ---------------------------------------------------------------------------------------


def test_revoke_through_the_api_by_chairman(world):
    data = _issued(world)
    nomination = world["nominations"][0]

    response = _client(world["chairman"]).post(
        f"/api/v1/nominations/{nomination.pk}/revoke/",
        {"reason": "Kê khai thành tích không trung thực", "act_number": "120/QĐ-UBND"},
        format="json",
    )
    timeline = _client(world["chairman"]).get(f"/api/v1/nominations/{nomination.pk}/timeline/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == NominationStatus.REVOKED
    record = AwardRecord.objects.get(nomination_id=nomination.pk)
    assert (record.revoked, record.revocation_act) == (True, "120/QĐ-UBND")
    assert timeline.status_code == 200
    events = timeline.json()
    events = events["results"] if isinstance(events, dict) else events
    assert events[-1]["to_status"] == "revoked"
    assert "120/QĐ-UBND" in events[-1]["comment"]
    assert Decision.objects.get(pk=data["id"]).status == DecisionStatus.ISSUED


def test_revoke_by_staff_is_403_and_changes_nothing(world):
    _issued(world)
    nomination = world["nominations"][0]

    response = _client(world["staff"]).post(
        f"/api/v1/nominations/{nomination.pk}/revoke/", {"reason": "x", "act_number": "1/QĐ"}, format="json"
    )

    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
