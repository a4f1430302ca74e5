"""The role checks of awards/roles.py, one by one (the API and page tests use them all)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from awards import roles
from awards.enums import Role
from awards.models import User

ALL = [Role.UNIT_HEAD, Role.STAFF, Role.COUNCIL_MEMBER, Role.CHAIRMAN, Role.ADMIN]


def user(*held: str, active: bool = True, superuser: bool = False) -> User:
    return User(username="u", roles=list(held), is_active=active, is_superuser=superuser)


def test_roles_of_reads_the_stored_roles():
    assert roles.roles_of(user(Role.STAFF, Role.COUNCIL_MEMBER)) == {Role.STAFF, Role.COUNCIL_MEMBER}
    assert roles.roles_of(user()) == frozenset()


def test_a_superuser_holds_the_admin_role():
    assert roles.roles_of(user(superuser=True)) == {Role.ADMIN}
    assert roles.roles_of(user(Role.STAFF, superuser=True)) == {Role.STAFF, Role.ADMIN}


@pytest.mark.parametrize("nobody", [None, AnonymousUser(), user(Role.ADMIN, active=False)])
def test_anonymous_missing_or_inactive_users_hold_nothing(nobody):
    assert roles.roles_of(nobody) == frozenset()
    assert not roles.has_role(nobody, *ALL)
    assert not roles.user_has_admin_perm(nobody, "awards.view_awardtype")
    assert not roles.user_has_admin_module_perms(nobody, "awards")


def test_has_role_any_of_and_admin_holds_all():
    assert roles.has_role(user(Role.STAFF), Role.CHAIRMAN, Role.STAFF)
    assert not roles.has_role(user(Role.STAFF), Role.CHAIRMAN)
    assert not roles.has_role(user(Role.STAFF))
    assert roles.has_role(user(Role.ADMIN), Role.CHAIRMAN)
    assert roles.has_role(user(Role.ADMIN))


# (check, the roles that pass it)
CHECKS = [
    (roles.is_admin, {Role.ADMIN}),
    (roles.is_staff, {Role.STAFF, Role.ADMIN}),
    (roles.is_unit_head, {Role.UNIT_HEAD}),
    (roles.is_council_member, {Role.COUNCIL_MEMBER}),
    (roles.is_chairman, {Role.CHAIRMAN, Role.ADMIN}),
    (roles.sees_all_submitted, {Role.STAFF, Role.CHAIRMAN, Role.ADMIN}),
    (roles.manages_catalogue, {Role.STAFF, Role.ADMIN}),
]


@pytest.mark.parametrize(("check", "passing"), CHECKS, ids=[c.__name__ for c, _ in CHECKS])
def test_each_check_passes_exactly_its_roles(check, passing):
    assert {role for role in ALL if check(user(role))} == passing
    assert not check(user())


def test_require_passes_holders_and_refuses_others_with_the_roles_named():
    roles.require(user(Role.STAFF), Role.STAFF)
    roles.require(user(Role.ADMIN), Role.CHAIRMAN)
    roles.require(user(Role.CHAIRMAN), Role.STAFF, Role.CHAIRMAN)

    with translation.override("vi"), pytest.raises(PermissionDenied) as exc:
        roles.require(user(Role.UNIT_HEAD), Role.STAFF, Role.CHAIRMAN)
    assert (
        str(exc.value) == "Thao tác này chỉ dành cho: Cán bộ Ban Thi đua - Khen thưởng, Chủ tịch / người ký."
    )

    with pytest.raises(PermissionDenied) as exc:
        roles.require(None, Role.STAFF, message="Chỉ cán bộ được in.")
    assert str(exc.value) == "Chỉ cán bộ được in."


def test_admin_module_perms_follow_the_staff_list():
    assert roles.user_has_admin_module_perms(user(Role.STAFF), "nominations")
    assert not roles.user_has_admin_module_perms(user(Role.STAFF), "auth")
    assert not roles.user_has_admin_module_perms(user(Role.CHAIRMAN), "nominations")
    assert roles.user_has_admin_module_perms(user(Role.ADMIN), "auth")


def test_admin_perm_reads_the_model_after_the_action():
    staff = user(Role.STAFF)
    assert roles.user_has_admin_perm(staff, "certificates.change_printprofile")
    assert not roles.user_has_admin_perm(staff, "certificates.change_user")
    assert not roles.user_has_admin_perm(staff, "awards.change_user")
    assert not roles.user_has_admin_perm(staff, "awardtype")
    assert not roles.user_has_admin_perm(user(Role.CHAIRMAN), "awards.view_awardtype")
    assert roles.user_has_admin_perm(user(Role.ADMIN), "auth.change_group")


def _request(method: str, who) -> Request:
    request = Request(getattr(APIRequestFactory(), method.lower())("/"))
    request.user = who
    return request


def test_has_role_permission_class():
    permission = roles.HasRole.of(Role.STAFF, Role.CHAIRMAN)()
    assert permission.roles == (Role.STAFF, Role.CHAIRMAN)
    assert type(permission).__name__ == "HasRole_staff_chairman"
    assert permission.has_permission(_request("POST", user(Role.CHAIRMAN)), None)
    assert not permission.has_permission(_request("GET", user(Role.UNIT_HEAD)), None)
    assert not roles.HasRole().has_permission(_request("GET", user(Role.STAFF)), None)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_read_or_has_role_lets_any_signed_in_user_read(method):
    permission = roles.ReadOrHasRole.of(Role.STAFF)()
    assert permission.has_permission(_request(method, user(Role.UNIT_HEAD)), None)
    assert not permission.has_permission(_request(method, AnonymousUser()), None)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_read_or_has_role_needs_the_role_to_write(method):
    permission = roles.ReadOrHasRole.of(Role.STAFF)()
    assert permission.has_permission(_request(method, user(Role.STAFF)), None)
    assert not permission.has_permission(_request(method, user(Role.UNIT_HEAD)), None)
