"""History and statistics endpoints on the demo province: facts, query counts, who sees what."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from awards.enums import RatingLevel
from awards.models import AwardRecord, AwardType, Initiative, Person, Rating, RatingLock
from tests.awards import register_fixtures
from tests.factories.awards import UserFactory

# The demo province, shared by the module.
world = register_fixtures.world
api = register_fixtures.api


def _merit_person(world) -> Person:
    return world.people["VP-002"]


def test_person_history_holds_the_award_with_its_decision_and_certificate(world, api):
    person = _merit_person(world)
    response = api("canbo").get(f"/api/v1/people/{person.pk}/history/")
    assert response.status_code == 200
    data = response.json()
    assert data["subject"]["name"] == person.full_name
    merit = [a for a in data["awards"] if a["award_type"]["code"] == "merit_chairman"]
    assert len(merit) == 1
    assert merit[0]["decision_number"] == "46/QĐ-UBND"
    assert merit[0]["decision_date"] == "2024-01-11"
    assert merit[0]["decision"]["number"] == "46/QĐ-UBND"
    assert merit[0]["certificate"] is not None
    assert merit[0]["reward_amount"] == 2_700_000  # 1.5 × 1,800,000 đ
    soldier_years = sorted(
        a["year"] for a in data["awards"] if a["award_type"]["code"] == "emulation_soldier_grassroots"
    )
    assert soldier_years == [2022, 2023]
    assert [r["year"] for r in data["ratings"]][:2] == sorted(
        {r["year"] for r in data["ratings"]}, reverse=True
    )[:2]
    awarded = [n for n in data["nominations"] if n["status"] == "awarded"]
    assert awarded and awarded[0]["timeline"][0]["to_status"] in ("draft", "submitted")
    assert [e["to_status"] for e in awarded[0]["timeline"]][-1] == "awarded"
    assert "holds" in data  # staff see holds


def test_organization_history_lists_the_flag(world, api):
    office = world.orgs["VP"]
    data = api("chutich").get(f"/api/v1/organizations/{office.pk}/history/").json()
    flags = [a for a in data["awards"] if a["award_type"]["code"] == "flag_province"]
    assert [(f["year"], f["decision_number"]) for f in flags] == [(2023, "45/QĐ-UBND")]
    assert "holds" not in data  # only staff see holds
    assert data["initiatives"] == []


def _long_history(person: Person, years: int) -> None:
    soldier = AwardType.objects.get(code="emulation_soldier_grassroots")
    first = 2023 - years
    Rating.objects.bulk_create(
        Rating(person=person, year=y, level=RatingLevel.EXCELLENT) for y in range(first, 2020)
    )
    AwardRecord.objects.bulk_create(
        AwardRecord(
            person=person,
            award_type=soldier,
            year=y,
            decision_number=f"{y}/QĐ",
            decision_date=datetime.date(y, 12, 20),
        )
        for y in range(first, 2020)
    )
    Initiative.objects.bulk_create(
        Initiative(person=person, title=f"Sáng kiến {y}", recognized_on=datetime.date(y, 5, 1))
        for y in range(first, 2020)
    )


@pytest.mark.parametrize("years", [0, 30])
def test_person_history_takes_at_most_8_queries(world, api, years, django_assert_max_num_queries):
    person = _merit_person(world)
    _long_history(person, years)
    client = api("canbo")
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/people/{person.pk}/history/")
    assert response.status_code == 200
    assert len(response.json()["ratings"]) >= years


@pytest.mark.parametrize("years", [0, 30])
def test_organization_history_takes_at_most_8_queries(world, api, years, django_assert_max_num_queries):
    office = world.orgs["VP"]
    soldier = AwardType.objects.get(code="excellent_collective")
    AwardRecord.objects.bulk_create(
        AwardRecord(
            organization=office,
            award_type=soldier,
            year=y,
            decision_number=f"{y}/QĐ",
            decision_date=datetime.date(y, 12, 20),
        )
        for y in range(2020 - years, 2020)
    )
    client = api("truongphong")
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/organizations/{office.pk}/history/")
    assert response.status_code == 200
    assert len(response.json()["awards"]) >= years + 1


def test_a_unit_head_gets_404_for_another_units_person(world, api):
    outsider = Person.objects.create(full_name="Lê Văn Ngoài", gender="male", organization=world.orgs["STC"])
    assert api("truongphong").get(f"/api/v1/people/{outsider.pk}/history/").status_code == 404
    assert api("truongphong").get(f"/api/v1/people/{_merit_person(world).pk}/history/").status_code == 200
    other_unit = world.orgs["STC"]
    assert api("truongphong").get(f"/api/v1/organizations/{other_unit.pk}/history/").status_code == 404


def test_a_user_without_a_role_sees_no_history_and_no_statistics(world, api):
    nobody = UserFactory(username="khongvaitro", roles=[], organization=world.orgs["VP"])
    client = api(user=nobody)
    assert client.get(f"/api/v1/people/{_merit_person(world).pk}/history/").status_code == 404
    assert client.get(f"/api/v1/organizations/{world.orgs['VP'].pk}/history/").status_code == 404
    assert client.get("/api/v1/statistics/awards/").status_code == 403


def test_anonymous_gets_401(world):
    assert APIClient().get("/api/v1/statistics/awards/").status_code == 401


def test_locked_years_show_who_locked_them(world, api):
    person = _merit_person(world)
    staff = world.users["canbo"]
    RatingLock.objects.create(
        organization=world.orgs["VP"],
        year=2023,
        locked_by=staff,
        locked_at=datetime.datetime(2024, 1, 2, 9, tzinfo=datetime.UTC),
    )
    data = api("truongphong").get(f"/api/v1/people/{person.pk}/history/").json()
    by_year = {r["year"]: r for r in data["ratings"]}
    assert by_year[2023]["locked"] is True
    assert by_year[2023]["locked_by"] == staff.full_name
    assert by_year[2022]["locked"] is False


# --- statistics ----------------------------------------------------------------------------------------


def test_statistics_of_the_demo_year_match_a_hand_count(world, api, django_assert_max_num_queries):
    client = api("canbo")
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/statistics/awards/?year_from=2023&year_to=2023&group_by=award_type")
    assert response.status_code == 200
    data = response.json()
    rows = {row["keys"]["award_type"]: (row["count"], row["reward_total"]) for row in data["rows"]}
    # Base salary 1,800,000 đ on 11/01/2024. Decision 45/QĐ-UBND: 2 flags at 8 × = 14,400,000 đ
    # each; decision 46/QĐ-UBND: 7 merits at 1.5 × = 2,700,000 đ each.
    assert rows["flag_province"] == (2, 28_800_000)
    assert rows["merit_chairman"] == (7, 18_900_000)
    # Three soldier titles entered from the old register, without money.
    assert rows["emulation_soldier_grassroots"] == (3, 0)
    totals = data["totals"]
    assert totals["count"] == 12
    assert totals["reward_total"] == 47_700_000
    assert totals["individual_count"] == 10


def test_statistics_by_two_keys_and_shares(world, api):
    data = (
        api("canbo")
        .get("/api/v1/statistics/awards/?year_from=2023&year_to=2023&group_by=recipient_kind,gender")
        .json()
    )
    pairs = {(r["keys"]["recipient_kind"], r["keys"]["gender"]): r["count"] for r in data["rows"]}
    assert pairs[("collective", None)] == 2
    women = sum(c for (kind, gender), c in pairs.items() if gender == "female")
    assert data["totals"]["female_count"] == women
    assert data["totals"]["female_share"] == round(women / 10, 4)


def test_a_unit_head_gets_only_its_subtree(world, api):
    province = api("canbo").get("/api/v1/statistics/awards/?year_from=2022&year_to=2024").json()
    unit = api("truongphong").get("/api/v1/statistics/awards/?year_from=2022&year_to=2024").json()
    assert unit["scope"] == "subtree" and province["scope"] == "province"
    assert unit["totals"]["count"] <= province["totals"]["count"]
    office_path = world.orgs["VP"].path
    expected = (
        AwardRecord.objects.filter(revoked=False, year__range=(2022, 2024))
        .filter(person__organization__path__startswith=office_path)
        .count()
        + AwardRecord.objects.filter(
            revoked=False, year__range=(2022, 2024), organization__path__startswith=office_path
        ).count()
    )
    assert unit["totals"]["count"] == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("group_by=colour", "group_by"),
        ("group_by=year,award_type,gender", "group_by"),
        ("group_by=year,year", "group_by"),
        ("year_from=2024&year_to=2020", "year_from"),
        ("year_from=1900", "year_from"),
        ("year_to=2999", "year_to"),
        ("year_to=abc", "year_to"),
        ("format=pdf", "format"),
    ],
)
def test_statistics_refuse_bad_input_with_a_400(world, api, query, field):
    response = api("canbo").get(f"/api/v1/statistics/awards/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_statistics_errors_speak_english_when_asked(world, api):
    response = api("canbo").get("/api/v1/statistics/awards/?group_by=colour", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "colour" in response.json()["group_by"][0]
