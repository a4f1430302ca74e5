"""The people search's pages: the count and the page from one pass of the index
(`config.api.OnePassPaginator`), with the same rows, order, count and errors as the
plain pagination of the unsearched list."""

from __future__ import annotations

import pytest

from awards.enums import Role
from awards.models import Organization, Person
from awards.serializers import PersonSerializer
from tests.factories.awards import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    province = Organization.objects.create(code="UBND", name="Văn phòng UBND tỉnh")
    health = Organization.objects.create(code="SYT", name="Sở Y tế", parent=province)
    finance = Organization.objects.create(code="STC", name="Sở Tài chính", parent=province)
    rows = []
    for i in range(23):
        unit = health if i % 2 else finance
        rows.append(
            Person.objects.create(full_name=f"Nguyễn Văn Mai {i:02d}", organization=unit, code=f"NV{i:02d}")
        )
    Person.objects.create(full_name="Trần Thị Hoa", organization=health)
    return {"health": health, "finance": finance, "rows": rows}


def _get(client, **params):
    response = client.get("/api/v1/people/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_search_pages_hold_every_match_once_in_name_order(client_for, staff_user, people):
    client = client_for(staff_user)
    pages = [_get(client, search="van mai", page_size=10, page=n) for n in (1, 2, 3)]

    assert [page["count"] for page in pages] == [23, 23, 23]
    names = [row["full_name"] for page in pages for row in page["results"]]
    assert names == sorted(p.full_name for p in people["rows"])  # "00" … "22": the name order
    assert pages[0]["next"] and pages[2]["next"] is None and pages[2]["previous"]
    assert client.get("/api/v1/people/", {"search": "van mai", "page_size": 10, "page": 4}).status_code == 404


def test_a_search_answers_rows_as_the_serializer_writes_them(client_for, staff_user, people):
    found = _get(client_for(staff_user), search="mai 07")

    person = Person.objects.get(code="NV07")
    assert found["count"] == 1
    assert found["results"] == [PersonSerializer(person).data]


def test_no_match_is_an_empty_first_page(client_for, staff_user, people):
    found = _get(client_for(staff_user), search="khong co ai")

    assert found == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_unit_head_searches_only_its_subtree(client_for, people):
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=people["health"])

    found = _get(client_for(head), search="van mai")

    assert found["count"] == 11
    assert {row["organization"] for row in found["results"]} == {people["health"].pk}


def test_search_runs_the_index_once(client_for, staff_user, people, django_assert_num_queries):
    client = client_for(staff_user)
    # The page's ids with the count, then those rows (with their unit): no separate COUNT.
    with django_assert_num_queries(2) as captured:
        _get(client, search="van mai")
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "OVER ()" in sql
    assert "COUNT(*) AS" not in sql


def test_words_without_a_search_key_list_everyone_counted_alone(
    client_for, staff_user, people, django_assert_num_queries
):
    with django_assert_num_queries(2) as captured:
        found = _get(client_for(staff_user), search=" \u0301 ")  # a lone tone mark: no key

    assert found["count"] == Person.objects.count()
    assert "OVER ()" not in " ".join(query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("organization", ["none", "missing"])
def test_a_search_in_a_list_that_can_match_nothing_is_an_empty_page_not_an_error(
    client_for, staff_user, people, organization
):
    # Found by the schema fuzzer: a filter Django knows matches nothing (`IN ()`) left the
    # one-pass statement without SQL to run, and the page answered 500.
    unit = (
        Organization.objects.create(code="TRONG", name="Đơn vị chưa có ai")
        if organization == "none"
        else None
    )
    params = {"search": "van mai", "organization": unit.pk if unit else 10**9}
    client = client_for(staff_user)

    first = client.get("/api/v1/people/", params)
    later = client.get("/api/v1/people/", {**params, "page": 1597})

    assert first.status_code == 200
    assert first.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert later.status_code == 404
