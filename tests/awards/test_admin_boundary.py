"""What staff may change in the admin site, model by model (`roles.STAFF_ADMIN_MODELS`).

Staff manage the catalogue, the register and the process; users (roles,
is_superuser, passwords), groups and tokens stay with administrators.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from awards import roles
from awards.models import User
from tests.factories.awards import UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "add", "change", "delete")

# The expected boundary, written out here on its own: a change to the list in
# awards/roles.py has to be made in this table too.
STAFF_MANAGES = {
    ("awards", "awardtype"),
    ("awards", "ruleset"),
    ("awards", "basesalary"),
    ("awards", "period"),
    ("awards", "emulationbloc"),
    ("awards", "organization"),
    ("awards", "person"),
    ("awards", "rating"),
    ("awards", "initiative"),
    ("awards", "hold"),
    ("awards", "blocresult"),
    ("awards", "registration"),
    ("awards", "awardrecord"),
    ("awards", "ratinglock"),
    ("nominations", "nomination"),
    ("nominations", "nominationevent"),
    ("nominations", "attachment"),
    ("nominations", "councilsession"),
    ("nominations", "agendaitem"),
    ("nominations", "attendance"),
    ("nominations", "vote"),
    ("nominations", "decision"),
    ("nominations", "decisionitem"),
    ("nominations", "decisionevent"),
    ("certificates", "certificate"),
    ("certificates", "printprofile"),
    ("certificates", "printjob"),
    ("certificates", "layoutemblem"),
    ("axes", "accessattempt"),
}
STAFF_NEVER = {
    ("awards", "user"),
    ("auth", "group"),
    ("auth", "permission"),
    ("authtoken", "token"),
    ("authtoken", "tokenproxy"),
    ("certificates", "register"),
    # A user's own notices, e-mail choices and sent reminders are theirs, not the secretariat's.
    ("nominations", "notification"),
    ("nominations", "emailoptout"),
    ("nominations", "remindersent"),
    ("axes", "accessfailurelog"),
    ("axes", "accessattemptexpiration"),
    ("axes", "accesslog"),
    ("operations", "auditevent"),
    ("operations", "workerheartbeat"),
}

ALL_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in apps.get_models()
    if model._meta.app_label
    in {"awards", "nominations", "certificates", "auth", "authtoken", "axes", "operations"}
)


def test_every_model_of_the_domain_apps_is_decided():
    domain = {m for m in ALL_MODELS if m[0] in roles.STAFF_ADMIN_MODELS}
    # Every model of an app staff reach is written down on one side or the other.
    assert domain <= STAFF_MANAGES | STAFF_NEVER
    assert domain >= STAFF_MANAGES


@pytest.mark.parametrize(("app_label", "model"), ALL_MODELS)
def test_staff_admin_permissions_per_model(app_label, model):
    staff = UserFactory(roles=["staff"])
    unit_head = UserFactory(roles=["unit_head"])
    admin = UserFactory(roles=["admin"])
    allowed = (app_label, model) in STAFF_MANAGES
    assert allowed or (app_label, model) in STAFF_NEVER

    for action in ACTIONS:
        perm = f"{app_label}.{action}_{model}"
        assert roles.user_has_admin_perm(staff, perm) is allowed, perm
        assert staff.has_perm(perm) is allowed, perm
        assert not unit_head.has_perm(perm), perm
        assert admin.has_perm(perm), perm


def test_staff_cannot_open_or_change_a_user_in_the_admin(client):
    staff = UserFactory(roles=["staff"])
    target = UserFactory(username="nguoidung", roles=["unit_head"])
    client.force_login(staff)
    url = reverse("admin:awards_user_change", args=[target.pk])

    assert client.get(reverse("admin:awards_user_changelist")).status_code == 403
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {"username": "nguoidung", "roles": ["admin"], "is_active": "on", "is_superuser": "on"},
    )
    grant_self = client.post(
        reverse("admin:awards_user_change", args=[staff.pk]),
        {"username": staff.username, "roles": ["admin"], "is_active": "on", "is_superuser": "on"},
    )

    assert response.status_code == 403
    assert grant_self.status_code == 403
    target.refresh_from_db()
    staff.refresh_from_db()
    assert (target.is_superuser, target.roles) == (False, ["unit_head"])
    assert (staff.is_superuser, staff.roles) == (False, ["staff"])
    assert User.objects.filter(is_superuser=True).count() == 0


def test_staff_sees_the_domain_apps_but_not_auth_in_the_admin_index(client):
    client.force_login(UserFactory(roles=["staff"]))

    index = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:awards_awardtype_changelist") in index
    assert reverse("admin:awards_user_changelist") not in index
    assert "/admin/auth/" not in index
