"""The catalogue and register endpoints: who reads, who writes, bad input is a 400."""

from __future__ import annotations

import datetime

import pytest

from awards.enums import Role
from awards.models import AwardRecord, Organization, Person, Rating, RuleSet
from tests.factories.awards import (
    AwardRecordFactory,
    AwardTypeFactory,
    BlocFactory,
    BlocResultFactory,
    HoldFactory,
    OrganizationFactory,
    PeriodFactory,
    PersonFactory,
    RatingFactory,
    UserFactory,
    user_with,
)

pytestmark = pytest.mark.django_db

LIST_PATHS = [
    "blocs",
    "organizations",
    "people",
    "award-types",
    "rule-sets",
    "base-salaries",
    "periods",
    "holds",
    "ratings",
    "initiatives",
    "bloc-results",
    "registrations",
    "award-records",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_every_user_with_a_role_reads_every_list(client_for, path):
    # A user with no role reads nothing (tests/security/test_roleless.py).
    reader = UserFactory(roles=[Role.COUNCIL_MEMBER])

    response = client_for(reader).get(f"/api/v1/{path}/")

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.COUNCIL_MEMBER, Role.CHAIRMAN])
def test_only_staff_and_admins_write(client_for, role):
    response = client_for(user_with(role)).post(
        "/api/v1/blocs/", {"code": "K1", "name": "Khối 1"}, format="json"
    )

    assert response.status_code == 403


def test_staff_creates_a_bloc_with_normalised_text(client_for, staff_user):
    decomposed = "Khối các sở, ban, ngành".replace("ố", "ô\u0301")

    response = client_for(staff_user).post(
        "/api/v1/blocs/", {"code": " K1 ", "name": f"  {decomposed} "}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Khối các sở, ban, ngành"
    assert response.json()["code"] == "K1"


def test_award_types_carry_their_versioned_rules(client_for, staff_user):
    response = client_for(staff_user).get("/api/v1/award-types/?code=merit_chairman")

    [merit] = response.json()["results"]
    assert merit["category"] == "commendation"
    assert merit["requires_council_vote"] is True
    assert [r["effective_from"] for r in merit["rules"]] == ["2025-07-01", "2024-01-01"]
    assert merit["rules"][0]["reward_multiple_individual"] == 1.5
    assert merit["rules"][0]["reward_multiple_collective"] == 3.0


def test_award_type_list_is_three_queries_whatever_its_length(
    client_for, staff_user, django_assert_num_queries
):
    client = client_for(staff_user)
    client.get("/api/v1/award-types/")

    with django_assert_num_queries(3):  # count, page, rule sets
        response = client.get("/api/v1/award-types/")

    assert response.json()["count"] >= 7


@pytest.mark.parametrize(
    "path", ["people", "ratings", "award-records", "holds", "organizations", "bloc-results"]
)
def test_lists_do_not_grow_queries_with_rows(client_for, staff_user, django_assert_max_num_queries, path):
    period = PeriodFactory()
    for _ in range(5):
        person = PersonFactory()
        RatingFactory(person=person)
        AwardRecordFactory(person=person)
        HoldFactory(person=person)
        BlocResultFactory(period=period)

    with django_assert_max_num_queries(3):
        response = client_for(staff_user).get(f"/api/v1/{path}/")

    assert response.status_code == 200


def test_rule_set_with_an_unknown_check_is_a_400_naming_it(client_for, staff_user):
    award = AwardTypeFactory()

    response = client_for(staff_user).post(
        "/api/v1/rule-sets/",
        {
            "award_type": award.pk,
            "effective_from": "2026-01-01",
            "legal_basis": "Điều 74",
            "review_body": "none",
            "criteria": {"all_of": [{"check": "no_hold"}, {"check": "horoscope"}]},
        },
        format="json",
    )

    assert response.status_code == 400
    assert "horoscope" in response.json()["criteria"][0]
    assert not RuleSet.objects.filter(award_type=award).exists()


def test_rule_set_naming_an_unknown_title_is_a_400(client_for, staff_user):
    response = client_for(staff_user).post(
        "/api/v1/rule-sets/",
        {
            "award_type": AwardTypeFactory().pk,
            "effective_from": "2026-01-01",
            "legal_basis": "Điều 74",
            "review_body": "none",
            "criteria": {"check": "title_streak", "award_type": "no_such_title", "years": 2},
        },
        format="json",
    )

    assert response.status_code == 400 and "no_such_title" in response.json()["criteria"][0]


def test_staff_edits_a_rule_set_threshold(client_for, staff_user):
    rule_set = RuleSet.objects.get(award_type__code="flag_province", effective_from="2025-07-01")

    response = client_for(staff_user).patch(
        f"/api/v1/rule-sets/{rule_set.pk}/", {"vote_threshold": 0.75}, format="json"
    )

    assert response.status_code == 200, response.json()
    rule_set.refresh_from_db()
    assert str(rule_set.vote_threshold) == "0.750"


def test_organization_made_its_own_ancestor_is_a_400(client_for, staff_user):
    top = OrganizationFactory()
    child = OrganizationFactory(parent=top)
    grandchild = OrganizationFactory(parent=child)

    response = client_for(staff_user).patch(
        f"/api/v1/organizations/{top.pk}/", {"parent": grandchild.pk}, format="json"
    )

    assert response.status_code == 400
    assert "parent" in response.json()
    top.refresh_from_db()
    assert top.parent_id is None


def test_successor_cycle_is_a_400(client_for, staff_user):
    first = OrganizationFactory()
    second = OrganizationFactory(successor=first)

    response = client_for(staff_user).patch(
        f"/api/v1/organizations/{first.pk}/", {"successor": second.pk}, format="json"
    )
    self_loop = client_for(staff_user).patch(
        f"/api/v1/organizations/{first.pk}/", {"successor": first.pk}, format="json"
    )

    assert response.status_code == 400 and "successor" in response.json()
    assert self_loop.status_code == 400


def test_rating_twice_for_a_subject_and_year_is_a_400_on_year(client_for, staff_user):
    person = PersonFactory()
    RatingFactory(person=person, year=2023)

    response = client_for(staff_user).post(
        "/api/v1/ratings/", {"person": person.pk, "year": 2023, "level": "good"}, format="json"
    )

    assert response.status_code == 400
    assert "year" in response.json()
    assert Rating.objects.filter(person=person).count() == 1


def test_rating_for_a_future_year_is_a_400(client_for, staff_user):
    next_year = datetime.date.today().year + 1

    response = client_for(staff_user).post(
        "/api/v1/ratings/", {"person": PersonFactory().pk, "year": next_year, "level": "good"}, format="json"
    )

    assert response.status_code == 400 and "year" in response.json()


def test_rating_needs_exactly_one_subject(client_for, staff_user):
    both = client_for(staff_user).post(
        "/api/v1/ratings/",
        {
            "person": PersonFactory().pk,
            "organization": OrganizationFactory().pk,
            "year": 2023,
            "level": "good",
        },
        format="json",
    )
    neither = client_for(staff_user).post("/api/v1/ratings/", {"year": 2023, "level": "good"}, format="json")

    assert both.status_code == 400 and neither.status_code == 400


def test_unknown_codes_are_400s(client_for, staff_user):
    client = client_for(staff_user)

    level = client.post(
        "/api/v1/ratings/", {"person": PersonFactory().pk, "year": 2023, "level": "heroic"}, format="json"
    )
    kind = client.post(
        "/api/v1/holds/",
        {"person": PersonFactory().pk, "kind": "gossip", "starts_on": "2023-01-01"},
        format="json",
    )
    person = client.post("/api/v1/ratings/", {"person": 987654, "year": 2023, "level": "good"}, format="json")

    assert (level.status_code, kind.status_code, person.status_code) == (400, 400, 400)
    assert "level" in level.json() and "kind" in kind.json() and "person" in person.json()


def test_second_leading_unit_in_a_bloc_is_a_400(client_for, staff_user):
    period = PeriodFactory()
    bloc = BlocFactory()
    BlocResultFactory(period=period, bloc=bloc)

    response = client_for(staff_user).post(
        "/api/v1/bloc-results/",
        {
            "period": period.pk,
            "bloc": bloc.pk,
            "organization": OrganizationFactory().pk,
            "rank": 2,
            "is_leading": True,
        },
        format="json",
    )

    assert response.status_code == 400 and "is_leading" in response.json()


def test_the_rule_set_may_allow_two_leading_units(client_for, staff_user):
    RuleSet.objects.filter(award_type__code="flag_province").update(options={"leaders_per_bloc": 2})
    period = PeriodFactory()
    bloc = BlocFactory()
    BlocResultFactory(period=period, bloc=bloc)

    response = client_for(staff_user).post(
        "/api/v1/bloc-results/",
        {
            "period": period.pk,
            "bloc": bloc.pk,
            "organization": OrganizationFactory().pk,
            "rank": 2,
            "is_leading": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("field", ["name", "short_name", "code"])
def test_100_kb_strings_are_400s(client_for, staff_user, field):
    data = {"code": "X1", "name": "Sở X", field: "a" * 100_000}

    response = client_for(staff_user).post("/api/v1/organizations/", data, format="json")

    assert response.status_code == 400 and field in response.json()
    assert not Organization.objects.filter(code="X1").exists()


def test_100_kb_text_field_and_nul_are_400s(client_for, staff_user):
    person = PersonFactory()
    client = client_for(staff_user)

    long_note = client.post(
        "/api/v1/holds/",
        {"person": person.pk, "kind": "discipline", "starts_on": "2023-01-01", "note": "x" * 100_000},
        format="json",
    )
    nul_json = client.post(
        "/api/v1/people/",
        {"full_name": "A\u0000B", "gender": "male", "organization": person.organization_id},
        format="json",
    )
    nul_form = client.post(
        "/api/v1/people/", {"full_name": "A\u0000B", "gender": "male", "organization": person.organization_id}
    )

    assert long_note.status_code == 400 and "note" in long_note.json()
    assert nul_json.status_code == 400
    assert nul_form.status_code == 400 and "full_name" in nul_form.json()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page_size=abc",
        "?organization=abc",
        "?organization=99999999999999999999999",
        "?ordering=password",
        "?search=%F0%9F%98%80",
    ],
)
def test_odd_query_values_are_never_a_500(client_for, staff_user, query):
    response = client_for(staff_user).get(f"/api/v1/people/{query}")

    assert response.status_code in (200, 400, 404)


def test_huge_ids_are_404_or_400_not_500(client_for, staff_user):
    client = client_for(staff_user)

    detail = client.get("/api/v1/people/99999999999999999999999/")
    related = client.post(
        "/api/v1/ratings/", {"person": 99999999999999999999999, "year": 2023, "level": "good"}, format="json"
    )

    assert detail.status_code == 404
    assert related.status_code == 400


def test_person_codes_are_optional_but_unique(client_for, staff_user):
    org = OrganizationFactory()
    client = client_for(staff_user)

    def create(**extra):
        return client.post(
            "/api/v1/people/",
            {"full_name": "Lê Văn Tám", "gender": "male", "organization": org.pk, **extra},
            format="json",
        )

    assert create().status_code == 201
    assert create().status_code == 201
    assert create(code="CB01").status_code == 201
    duplicate = create(code="CB01")

    assert duplicate.status_code == 400 and "code" in duplicate.json()


def test_deleting_a_used_organization_is_a_409(client_for, staff_user):
    person = PersonFactory()

    response = client_for(staff_user).delete(f"/api/v1/organizations/{person.organization_id}/")

    assert response.status_code == 409
    assert Organization.objects.filter(pk=person.organization_id).exists()


def test_award_records_are_revoked_never_deleted(client_for, staff_user):
    record = AwardRecordFactory()
    client = client_for(staff_user)

    deleted = client.delete(f"/api/v1/award-records/{record.pk}/")
    no_date = client.patch(f"/api/v1/award-records/{record.pk}/", {"revoked": True}, format="json")
    revoked = client.patch(
        f"/api/v1/award-records/{record.pk}/",
        {
            "revoked": True,
            "revoked_on": "2024-05-02",
            "revocation_act": "12/QĐ-UBND",
            "revocation_reason": "Khai man",
        },
        format="json",
    )
    back = client.patch(f"/api/v1/award-records/{record.pk}/", {"revoked": False}, format="json")

    assert deleted.status_code == 405
    assert no_date.status_code == 400 and "revoked_on" in no_date.json()
    assert revoked.status_code == 200
    assert back.status_code == 400
    assert AwardRecord.objects.get(pk=record.pk).revoked


def test_a_line_written_by_a_decision_is_not_edited_through_the_register(client_for, staff_user):
    # Revoking it is the chairman's act on the nomination (decision line, certificate too).
    record = AwardRecordFactory(nomination_id=4242, decision_number="45/QĐ-UBND")
    client = client_for(staff_user)

    revoked = client.patch(
        f"/api/v1/award-records/{record.pk}/",
        {"revoked": True, "revoked_on": "2024-05-02", "revocation_act": "12/QĐ-UBND"},
        format="json",
    )
    renumbered = client.patch(
        f"/api/v1/award-records/{record.pk}/", {"decision_number": "99/QĐ-UBND"}, format="json"
    )

    assert revoked.status_code == 409
    assert renumbered.status_code == 409
    record.refresh_from_db()
    assert not record.revoked and record.decision_number == "45/QĐ-UBND"


# --- a unit head sees its own subtree's people only ---------------------------------------------------------


@pytest.fixture
def tree():
    top = OrganizationFactory(code="SNV")
    inside = OrganizationFactory(code="SNV-P1", parent=top)
    outside = OrganizationFactory(code="STC")
    return top, inside, outside


def test_unit_head_lists_only_people_of_its_subtree(client_for, tree):
    top, inside, outside = tree
    mine = [PersonFactory(organization=top), PersonFactory(organization=inside)]
    PersonFactory(organization=outside)
    head = user_with(Role.UNIT_HEAD, organization=top)

    response = client_for(head).get("/api/v1/people/")

    assert sorted(p["id"] for p in response.json()["results"]) == sorted(p.pk for p in mine)


def test_unit_head_gets_404_for_a_person_outside_its_subtree(client_for, tree):
    top, _inside, outside = tree
    stranger = PersonFactory(organization=outside)
    RatingFactory(person=stranger)
    head = user_with(Role.UNIT_HEAD, organization=top)

    person = client_for(head).get(f"/api/v1/people/{stranger.pk}/")
    ratings = client_for(head).get(f"/api/v1/ratings/?person={stranger.pk}")

    assert person.status_code == 404
    assert ratings.json()["count"] == 0


def test_staff_and_council_members_see_everyone(client_for, tree):
    for org in tree:
        PersonFactory(organization=org)

    for user in (user_with(Role.STAFF), user_with(Role.COUNCIL_MEMBER), user_with(Role.CHAIRMAN)):
        assert client_for(user).get("/api/v1/people/").json()["count"] == 3


def test_people_filter_by_organization_covers_the_subtree(client_for, staff_user, tree):
    top, inside, outside = tree
    PersonFactory(organization=inside)
    PersonFactory(organization=outside)

    response = client_for(staff_user).get(f"/api/v1/people/?organization={top.pk}")

    assert response.json()["count"] == 1


def test_anonymous_is_401_on_the_register(api_client):
    assert api_client.get("/api/v1/people/").status_code == 401
    assert api_client.get("/api/v1/imports/people/").status_code == 401
