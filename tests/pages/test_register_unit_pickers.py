"""The register's unit filter and the ratings page's unit choice are pickers: a province
has thousands of units, and the pages offer the chosen one and the first matches only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from awards.models import Person
from tests.factories.awards import OrganizationFactory, UserFactory

MANY = 400


@pytest.fixture
def many_units(world):
    # Under the office, so a unit head of the office finds them too.
    return [
        OrganizationFactory(name=f"Phòng Kiểm tra số {i:03d}", code=f"KT{i:03d}", parent=world.orgs["VP"])
        for i in range(MANY)
    ]


def _options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"', select)


def test_the_register_filter_offers_a_few_units_and_filters_by_the_far_one(as_user, world, many_units):
    far = many_units[-1]
    Person.objects.create(full_name="Đoàn Thị Xa", gender="female", organization=far)
    client = as_user("canbo")

    html = client.get("/register/people/", {"organization": far.pk}).content.decode()

    offered = _options(html, "id_organization")
    assert len(offered) <= 22  # "all", the chosen unit and 20 offers, not 400
    assert f'<option value="{far.pk}" selected>' in html
    assert "Đoàn Thị Xa" in html
    assert 'data-picker-url="/pickers/register-units/"' in html


def test_the_register_filter_search_without_scripts_offers_the_matches(as_user, many_units):
    far = many_units[-1]

    html = as_user("canbo").get("/register/people/", {"organization_q": "kiem tra so 399"}).content.decode()

    assert _options(html, "id_organization") == ["", str(far.pk)]
    assert 'value="kiem tra so 399"' in html


def test_the_register_unit_picker_answers_what_the_register_shows(as_user, world, many_units):
    far = many_units[-1]
    staff = as_user("canbo").get("/pickers/register-units/", {"q": "kiểm tra số 399"}).json()
    assert staff == {"results": [{"value": str(far.pk), "label": far.name}], "more": False}
    assert len(as_user("canbo").get("/pickers/register-units/").json()["results"]) == 20

    head = as_user("truongphong")  # the office's head: its subtree only
    assert head.get("/pickers/register-units/", {"q": "kiem tra so 399"}).json()["results"] != []
    assert head.get("/pickers/register-units/", {"q": world.orgs["STC"].name}).json()["results"] == []


def test_the_register_unit_picker_refuses_a_user_without_a_role(world, db):
    nobody = Client()
    nobody.force_login(UserFactory(username="khongvaitro", roles=[], organization=world.orgs["VP"]))
    assert nobody.get("/pickers/register-units/", {"q": "van phong"}).status_code == 403
    assert Client().get("/pickers/register-units/").status_code == 302  # to the login


def test_a_unit_outside_the_subtree_is_not_offered_nor_filtered_by(as_user, world):
    outside = world.orgs["STC"]
    html = as_user("truongphong").get("/register/people/", {"organization": outside.pk}).content.decode()
    assert str(outside.pk) not in _options(html, "id_organization")
    assert f"Hãy chọn một lựa chọn hợp lệ. {outside.pk} không phải" in html


def test_the_ratings_page_offers_a_few_units_with_the_shown_one_chosen(as_user, many_units):
    far = many_units[-1]
    client = as_user("canbo")

    html = client.get("/register/ratings/", {"organization": far.pk, "year": 2023}).content.decode()

    offered = _options(html, "r-organization")
    assert far.pk in map(int, offered) and len(offered) <= 21
    assert f'<option value="{far.pk}" selected>' in html
    assert '<option value="2023" selected>' in html
    assert 'data-picker-url="/pickers/rating-units/"' in html
    searched = client.get("/register/ratings/", {"organization_q": "kiem tra so 399"}).content.decode()
    assert str(far.pk) in _options(searched, "r-organization")


def test_the_rating_unit_picker_offers_only_the_units_one_enters_for(as_user, world, many_units):
    head = as_user("truongphong")
    assert head.get("/pickers/rating-units/", {"q": "kiem tra so 399"}).json()["results"][0]["value"] == str(
        many_units[-1].pk
    )
    assert head.get("/pickers/rating-units/", {"q": world.orgs["STC"].name}).json()["results"] == []
    # A council member reads the register but enters no ratings.
    assert as_user("uyvien1").get("/pickers/rating-units/", {"q": "van"}).status_code == 403
