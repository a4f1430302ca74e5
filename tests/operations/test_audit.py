"""The audit log: what each security event writes, and that nobody can rewrite it."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import EmulationBloc
from operations.models import AuditAction, AuditEvent
from tests.factories.awards import PASSWORD, BlocFactory, UserFactory

pytestmark = pytest.mark.django_db


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_failed_login_on_the_page_is_recorded_with_name_and_address(client):
    UserFactory(username="canbo", roles=[Role.STAFF])
    response = client.post(
        reverse("login"), {"username": "canbo", "password": "wrong"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200  # the form again, with its error

    [event] = events(AuditAction.LOGIN_FAILED)
    assert (event.username, event.ip, event.method, event.path) == (
        "canbo",
        "203.0.113.7",
        "POST",
        "/accounts/login/",
    )
    assert "wrong" not in str(event.detail) and event.request_id == response["X-Request-ID"]


def test_failed_token_login_names_even_an_unknown_user(api_client):
    response = api_client.post("/api/v1/auth/token/", {"username": "ai-do", "password": "x"}, format="json")
    assert response.status_code == 400
    assert [e.username for e in events(AuditAction.LOGIN_FAILED)] == ["ai-do"]


def test_successful_login_and_token_creation_are_recorded(client, api_client):
    UserFactory(username="truongphong", roles=[Role.UNIT_HEAD])
    assert client.post(reverse("login"), {"username": "truongphong", "password": PASSWORD}).status_code == 302
    assert [e.username for e in events(AuditAction.LOGIN)] == ["truongphong"]

    response = api_client.post(
        "/api/v1/auth/token/", {"username": "truongphong", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    [created] = events(AuditAction.TOKEN_CREATED)
    assert created.detail == {"for": "truongphong"}
    Token.objects.filter(user__username="truongphong").delete()
    assert [e.detail for e in events(AuditAction.TOKEN_DELETED)] == [{"for": "truongphong"}]


def test_refused_api_call_is_recorded_with_who_and_where():
    head = UserFactory(username="truongphong", roles=[Role.UNIT_HEAD])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=head).key}")

    response = client.delete(f"/api/v1/users/{head.pk}/")
    assert response.status_code == 403

    [event] = events(AuditAction.PERMISSION_DENIED)
    assert (event.username, event.user_id_at_time) == ("truongphong", head.pk)
    assert (event.method, event.path) == ("DELETE", f"/api/v1/users/{head.pk}/")
    assert get_user_model().objects.filter(pk=head.pk).exists()


def test_refused_page_is_recorded(client):
    head = UserFactory(username="truongphong", roles=[Role.UNIT_HEAD])
    client.force_login(head)
    response = client.get(reverse("imports"))
    assert response.status_code == 403
    assert [(e.username, e.path) for e in events(AuditAction.PERMISSION_DENIED)] == [
        ("truongphong", "/catalogue/imports/")
    ]


def test_admin_change_records_the_fields_changed(client):
    admin_user = UserFactory(username="quantri", roles=[Role.ADMIN])
    bloc = BlocFactory(code="KHOI-A", name="Khối cũ")
    client.force_login(admin_user)

    url = reverse("admin:awards_emulationbloc_change", args=[bloc.pk])
    response = client.post(url, {"code": "KHOI-A", "name": "Khối các sở, ngành"})
    assert response.status_code == 302

    [event] = events(AuditAction.ADMIN_CHANGE)
    assert event.username == "quantri"
    assert event.detail["model"] == "awards.emulationbloc"
    assert event.detail["object_id"] == str(bloc.pk)
    assert len(event.detail["fields"]) == 1  # the name only, by its label
    assert events(AuditAction.ADMIN_ADD) == []


def test_admin_add_and_bulk_delete_are_recorded_per_object(client):
    client.force_login(UserFactory(username="quantri", roles=[Role.ADMIN]))
    add = client.post(reverse("admin:awards_emulationbloc_add"), {"code": "KHOI-N", "name": "Khối mới"})
    assert add.status_code == 302
    assert [e.detail["object"] for e in events(AuditAction.ADMIN_ADD)] == ["Khối mới"]

    blocs = [BlocFactory(name="Khối một"), BlocFactory(name="Khối hai")]
    response = client.post(
        reverse("admin:awards_emulationbloc_changelist"),
        {"action": "delete_selected", "_selected_action": [b.pk for b in blocs], "post": "yes"},
    )
    assert response.status_code == 302
    assert not EmulationBloc.objects.filter(pk__in=[b.pk for b in blocs]).exists()
    deleted = sorted(e.detail["object"] for e in events(AuditAction.ADMIN_DELETE))
    assert deleted == ["Khối hai", "Khối một"]
    assert {e.username for e in events(AuditAction.ADMIN_DELETE)} == {"quantri"}


def test_role_change_through_the_api_is_recorded(client_for):
    admin_user = UserFactory(username="quantri", roles=[Role.ADMIN])
    target = UserFactory(username="canbo", roles=[Role.STAFF])
    response = client_for(admin_user).patch(
        f"/api/v1/users/{target.pk}/", {"roles": [Role.STAFF, Role.COUNCIL_MEMBER]}, format="json"
    )
    assert response.status_code == 200
    created, event = [e for e in events(AuditAction.ROLES_CHANGED) if e.object_id == str(target.pk)]
    assert created.detail["before"] == [] and created.detail["after"] == [Role.STAFF]
    assert (event.username, event.path) == ("quantri", f"/api/v1/users/{target.pk}/")
    assert event.detail["before"] == [Role.STAFF]
    assert sorted(event.detail["after"]) == sorted([Role.STAFF, Role.COUNCIL_MEMBER])


def test_the_log_is_append_only():
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, username="a")
    event.username = "b"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(username="b")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "a"


def test_administrators_read_and_export_it_nobody_else_and_nobody_edits(client):
    AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED, username="=cmd|' /C calc'!A0", path="/accounts/login/"
    )
    AuditEvent.objects.create(action=AuditAction.LOGIN, username="quantri")
    changelist = reverse("admin:operations_auditevent_changelist")
    export = reverse("admin:operations_auditevent_export")

    staff = Client()
    staff.force_login(UserFactory(username="canbo", roles=[Role.STAFF]))
    assert staff.get(changelist).status_code == 403
    assert staff.get(export).status_code == 403

    client.force_login(UserFactory(username="quantri", roles=[Role.ADMIN]))
    page = client.get(changelist)
    assert page.status_code == 200 and export in page.content.decode()
    event = AuditEvent.objects.first()
    change = client.post(reverse("admin:operations_auditevent_change", args=[event.pk]), {"username": "x"})
    assert change.status_code == 403
    assert client.get(reverse("admin:operations_auditevent_add")).status_code == 403

    response = client.get(export, {"action__exact": AuditAction.LOGIN_FAILED})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Disposition"].startswith("attachment;")
    assert rows[0][:3] == ["at", "action", "username"]
    # Only the filtered action; a formula-looking name is neutralised for spreadsheets.
    assert [(r[1], r[2]) for r in rows[1:]] == [("login_failed", "'=cmd|' /C calc'!A0")]
    assert client.get(export, {"bogus__lookup": "1"}).status_code == 400


def test_a_lockout_is_recorded(client, rf):
    """With the lockout library installed, through the real login page; before it, the receiver
    it will call is given a real request (the library is not in INSTALLED_APPS on every branch)."""
    from django.apps import apps
    from django.conf import settings

    UserFactory(username="canbo", roles=[Role.STAFF])
    if apps.is_installed("axes"):
        for _ in range(getattr(settings, "AXES_FAILURE_LIMIT", 5) + 1):
            client.post(
                reverse("login"), {"username": "canbo", "password": "sai"}, REMOTE_ADDR="198.51.100.9"
            )
    else:
        from operations.receivers import _locked_out

        request = rf.post("/accounts/login/", REMOTE_ADDR="198.51.100.9")
        _locked_out("axes", request=request, username="canbo", ip_address="198.51.100.9")
    # The library signals when the lockout starts, and again for a try while locked out.
    recorded = events(AuditAction.LOCKED_OUT)
    assert recorded, "no lockout recorded"
    assert {(e.username, e.ip, e.path) for e in recorded} == {("canbo", "198.51.100.9", "/accounts/login/")}
