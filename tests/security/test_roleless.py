"""Finding 5: a user with no role reads nothing of the register or the workflow.

Every list of the API (taken from the schema, so a new one is covered the day it
is added) answers 403 to a user whose roles are [] — never given, or withdrawn —
and withdrawing a role never widens what someone reads.
"""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import Hold, Person
from awards.selectors import people_visible_to, restrict_subject_rows
from tests.factories.awards import UserFactory

pytestmark = pytest.mark.django_db

# Open to anyone signed in: one's own profile.
OWN = {"/api/v1/users/me/"}
PAGES = ["/nominations/", "/inbox/", "/sessions/", "/decisions/", "/printing/", "/catalogue/"]


def _lists() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path and path.startswith("/api/v1/") and path not in OWN
    )


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def withdrawn(world):
    """The unit head of the seeded province, all of whose roles were withdrawn."""
    head = world.users[Role.UNIT_HEAD]
    head.roles = []
    head.save()
    return head


def test_the_schema_has_the_lists_this_test_sweeps():
    lists = _lists()
    assert len(lists) >= 15
    assert {"/api/v1/people/", "/api/v1/holds/", "/api/v1/nominations/", "/api/v1/ratings/"} <= set(lists)


@pytest.mark.parametrize("path", _lists())
def test_a_user_never_given_a_role_gets_403_on_every_list(world, path):
    user = UserFactory(username="khongvaitro", roles=[], organization=world.unit)

    response = _client(user).get(path)

    assert response.status_code == 403, (path, response.status_code)
    assert response.json()["detail"]


@pytest.mark.parametrize("path", _lists())
def test_a_user_whose_roles_were_withdrawn_gets_403_on_every_list(withdrawn, path):
    assert _client(withdrawn).get(path).status_code == 403


def test_details_are_refused_too(world, withdrawn):
    client = _client(withdrawn)
    person = world.people[0]

    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 403
    assert client.get(f"/api/v1/nominations/{world.nominations['draft'].pk}/").status_code == 403
    assert client.get("/api/v1/users/me/").status_code == 200  # one's own profile only


def test_withdrawing_a_role_never_widens_what_one_reads(world):
    head = world.users[Role.UNIT_HEAD]
    as_head = (set(people_visible_to(head)), set(restrict_subject_rows(Hold.objects.all(), head)))
    assert as_head[0] and as_head[0] < set(Person.objects.all())
    assert not as_head[1]  # the seeded hold is outside the head's unit

    head.roles = []
    head.save()

    assert set(people_visible_to(head)) == set()
    assert set(restrict_subject_rows(Hold.objects.all(), head)) == set()


def test_staff_with_a_unit_head_role_withdrawn_keeps_only_the_staff_view(world):
    user = UserFactory(username="kiemnhiem", roles=[Role.STAFF, Role.UNIT_HEAD], organization=world.unit)
    before = set(people_visible_to(user))

    user.roles = [Role.UNIT_HEAD]
    user.save()

    assert set(people_visible_to(user)) <= before


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_a_roleless_user_nothing(client, world, withdrawn, path):
    client.force_login(withdrawn)

    response = client.get(path)

    body = response.content.decode()
    assert response.status_code in (200, 302, 403)
    assert all(person.full_name not in body for person in Person.objects.all())
    assert world.nominations["draft"].reference not in body
