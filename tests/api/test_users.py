import pytest

from awards.enums import Role
from awards.models import User
from tests.factories.awards import ALL_ROLES, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_users(client_for, admin_user):
    UserFactory.create_batch(3)

    response = client_for(admin_user).get("/api/v1/users/")

    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert set(response.json()["results"][0]) >= {
        "id",
        "username",
        "full_name",
        "email",
        "roles",
        "organization",
    }


def test_admin_creates_user_with_roles_and_password_is_write_only(client_for, admin_user):
    org = OrganizationFactory()

    response = client_for(admin_user).post(
        "/api/v1/users/",
        {
            "username": "hoa",
            "password": "Mot-mat-khau-dai-2024",
            "full_name": "Lê Thị Hoa",
            "email": "hoa@example.org",
            "roles": ["unit_head", "council_member"],
            "organization": org.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    user = User.objects.get(username="hoa")
    assert user.check_password("Mot-mat-khau-dai-2024")
    assert user.roles == ["council_member", "unit_head"]


def test_unknown_role_is_400(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/users/",
        {"username": "x", "password": "Mot-mat-khau-dai-2024", "roles": ["king"]},
        format="json",
    )

    assert response.status_code == 400
    assert "roles" in response.json()


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.ADMIN])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/users/"),
        ("post", "/api/v1/users/"),
        ("get", "/api/v1/users/{id}/"),
        ("patch", "/api/v1/users/{id}/"),
        ("delete", "/api/v1/users/{id}/"),
    ],
)
def test_users_api_is_refused_to_every_other_role(client_for, role, method, path):
    actor = UserFactory(roles=[role])
    target = UserFactory()

    response = getattr(client_for(actor), method)(
        path.format(id=target.pk), {"roles": ["admin"]}, format="json"
    )

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.roles == []


def test_superuser_counts_as_admin(client_for):
    root = UserFactory(is_superuser=True)

    assert client_for(root).get("/api/v1/users/").status_code == 200


def test_me_returns_own_fields_for_every_role(client_for):
    for role in ALL_ROLES:
        user = UserFactory(roles=[role])
        data = client_for(user).get("/api/v1/users/me/").json()
        assert data["username"] == user.username
        assert data["roles"] == [role]


def test_delete_user_without_history_removes_them(client_for, admin_user):
    target = UserFactory()

    response = client_for(admin_user).delete(f"/api/v1/users/{target.pk}/")

    assert response.status_code == 204
    assert not User.objects.filter(pk=target.pk).exists()


def test_admin_cannot_delete_self(client_for, admin_user):
    response = client_for(admin_user).delete(f"/api/v1/users/{admin_user.pk}/")

    assert response.status_code == 409
    assert User.objects.filter(pk=admin_user.pk, is_active=True).exists()


def test_full_name_is_stored_nfc(client_for, admin_user):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")

    response = client_for(admin_user).post(
        "/api/v1/users/",
        {"username": "huong", "password": "Mot-mat-khau-dai-2024", "full_name": f"  {decomposed} "},
        format="json",
    )

    assert response.status_code == 201
    assert User.objects.get(username="huong").full_name == "Nguyễn Thị Hương"


def test_delete_user_who_acted_in_the_workflow_deactivates_instead(client_for, admin_user):
    from nominations.models import NominationEvent
    from tests.factories.nominations import NominationFactory

    nomination = NominationFactory()
    actor = nomination.created_by
    NominationEvent.objects.create(
        nomination=nomination, from_status="draft", to_status="submitted", actor=actor
    )

    response = client_for(admin_user).delete(f"/api/v1/users/{actor.pk}/")

    assert response.status_code == 204
    actor.refresh_from_db()
    assert actor.is_active is False
    assert NominationEvent.objects.filter(actor=actor).count() == 1
