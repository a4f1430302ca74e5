"""Accent- and case-insensitive search with đ = d, and Vietnamese name order (SQLite and PostgreSQL)."""

from __future__ import annotations

import unicodedata

import pytest

from awards.filters import OrganizationFilter, PersonFilter
from awards.models import Organization, Person
from tests.factories.awards import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Thưởng"


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van thuong",
        "NGUYỄN VĂN THƯỞNG",
        unicodedata.normalize("NFD", NAME),
        "thưởng",
        "  Van   THUONG ",
    ],
)
def test_people_search_finds_the_name_however_it_is_typed(client_for, staff_user, query):
    target = PersonFactory(full_name=NAME)
    PersonFactory(full_name="Trần Thị Hương")

    response = client_for(staff_user).get("/api/v1/people/", {"search": query})

    assert [p["id"] for p in response.json()["results"]] == [target.pk]


def test_d_matches_đ_in_search(client_for, staff_user):
    target = PersonFactory(full_name="Đặng Thị Đào")

    response = client_for(staff_user).get("/api/v1/people/", {"search": "dang thi dao"})

    assert [p["id"] for p in response.json()["results"]] == [target.pk]


def test_decomposed_names_are_stored_composed(client_for, staff_user):
    org = OrganizationFactory()

    response = client_for(staff_user).post(
        "/api/v1/people/",
        {"full_name": unicodedata.normalize("NFD", f"  {NAME} "), "gender": "male", "organization": org.pk},
        format="json",
    )

    assert response.status_code == 201
    assert Person.objects.get().full_name == NAME


def test_organization_search_uses_name_short_name_and_code():
    office = OrganizationFactory(code="VP-UBND", name="Văn phòng Ủy ban nhân dân tỉnh", short_name="VP UBND")
    OrganizationFactory(name="Sở Tài chính")

    by_name = OrganizationFilter({"search": "van phong uy ban"}, Organization.objects.all()).qs
    by_code = OrganizationFilter({"search": "vp-ubnd"}, Organization.objects.all()).qs

    assert list(by_name) == [office]
    assert list(by_code) == [office]


def test_people_are_ordered_the_vietnamese_way_by_given_name(client_for, staff_user):
    for name in ["Trần Văn Đức", "Lê Thị Ánh", "Nguyễn Văn An", "Phạm Thị Ân", "Đỗ Văn Dũng", "Võ Thị Bình"]:
        PersonFactory(full_name=name)

    response = client_for(staff_user).get("/api/v1/people/", {"ordering": "name"})

    names = [p["full_name"] for p in response.json()["results"]]
    assert names == [
        "Nguyễn Văn An",
        "Lê Thị Ánh",
        "Phạm Thị Ân",
        "Võ Thị Bình",
        "Đỗ Văn Dũng",
        "Trần Văn Đức",
    ]


def test_descending_and_alias_orderings():
    for name in ["Nguyễn Văn An", "Trần Văn Đức"]:
        PersonFactory(full_name=name)

    descending = PersonFilter({"ordering": "-full_name"}, Person.objects.all()).qs

    assert [p.full_name for p in descending] == ["Trần Văn Đức", "Nguyễn Văn An"]
