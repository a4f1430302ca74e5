"""The people search goes through an index (SQLite FTS5 trigram, PostgreSQL pg_trgm)
and answers exactly what `search_key LIKE '%key%'` answers."""

from __future__ import annotations

import pytest
from django.db import connection

from awards.models import Organization, Person
from awards.search_index import people_matching
from awards.text import search_key

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn Thưởng",
    "Đặng Thị Đào",
    "Trần Thị Thu Hà",
    "Lê Văn Thương",
    'Phạm "Út" An',
    "Ngô Bảo Châu",
]


@pytest.fixture
def people():
    unit = Organization.objects.create(code="SYT", name="Sở Y tế")
    return [Person.objects.create(full_name=name, organization=unit) for name in NAMES]


def _found(key: str) -> set[str]:
    return set(people_matching(Person.objects.all(), key).values_list("full_name", flat=True))


def _scanned(key: str) -> set[str]:
    return set(Person.objects.filter(search_key__contains=key).values_list("full_name", flat=True))


@pytest.mark.parametrize(
    "typed",
    ["thuong", "Thưởng", "dao", "DANG THI", "van th", "ha", "u", "ut", '"ut"', "an", "zzz", "ngo bao chau"],
)
def test_index_answers_what_a_scan_answers(people, typed):
    key = search_key(typed)

    assert _found(key) == _scanned(key)


def test_index_follows_renames_deletes_and_bulk_writes(people):
    thuong = people[0]
    thuong.full_name = "Nguyễn Văn Thắng"
    thuong.save()
    people[1].delete()
    Person.objects.bulk_create(
        [
            Person(
                full_name="Hoàng Văn Thưởng",
                search_key=search_key("Hoàng Văn Thưởng"),
                organization=thuong.organization,
            )
        ]
    )
    Person.objects.filter(full_name="Ngô Bảo Châu").update(search_key=search_key("Ngô Bảo Ngọc"))

    assert _found(search_key("thuong")) == {"Hoàng Văn Thưởng", "Lê Văn Thương"}
    assert _found(search_key("thang")) == {"Nguyễn Văn Thắng"}
    assert _found(search_key("dang thi")) == set()
    assert _found(search_key("bao ngoc")) == {"Ngô Bảo Châu"}


def test_search_reads_the_index_not_every_row(people):
    queryset = people_matching(Person.objects.order_by("sort_key", "id"), search_key("van thuong"))
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN {sql}" if connection.vendor == "postgresql" else f"EXPLAIN QUERY PLAN {sql}", params
        )
        plan = " ".join(str(row) for row in cursor.fetchall())

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_search_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]
    else:
        assert "awards_person_search VIRTUAL TABLE INDEX" in plan
        assert "SCAN awards_person " not in plan + " "


def test_api_search_uses_the_index(client_for, staff_user, people):
    response = client_for(staff_user).get("/api/v1/people/", {"search": "van thuong"})

    assert response.status_code == 200
    # Accent-insensitive: Thưởng and Thương alike, in Vietnamese name order.
    assert [row["full_name"] for row in response.json()["results"]] == ["Lê Văn Thương", "Nguyễn Văn Thưởng"]


def test_register_lists_are_ordered_by_an_index():
    from awards.models import AwardRecord

    # The model's order is the register page's: the API and the page share the index.
    sql, params = AwardRecord.objects.all()[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'record_register_order'")
            assert cursor.fetchone()[0] == 1
            return
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "TEMP B-TREE" not in plan
    assert "record_" in plan


def test_a_lookup_by_code_reads_an_index(client_for, staff_user, people):
    """`?code=` (the API filter, the imports) reads an index on both databases: SQLite never
    uses the partial unique index for `code = …`, hence the plain `person_code`."""
    people[2].code = "NV0042"
    people[2].save()
    sql, params = Person.objects.filter(code="NV0042").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a six-row table: ask what it could use
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "person_code" in plan or "person_unique_code" in plan
    assert "SCAN awards_person " not in plan + " "
    found = client_for(staff_user).get("/api/v1/people/", {"code": "NV0042"}).json()["results"]
    assert [row["full_name"] for row in found] == ["Trần Thị Thu Hà"]
