"""The list: filters, accent-insensitive search, ordering, and a fixed number of queries."""

from __future__ import annotations

import unicodedata

import pytest

from awards.enums import Role
from awards.models import User
from nominations.enums import NominationStatus as S
from nominations.filters import NominationFilter
from nominations.models import Nomination
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import (
    CollectiveNominationFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"


def _fresh(user):
    # As a request would see it: nothing cached on the instance.
    return User.objects.get(pk=user.pk)


def _ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("rows", [5, 200])
@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.STAFF, Role.COUNCIL_MEMBER, Role.ADMIN])
def test_list_takes_at_most_four_queries(client_for, django_assert_max_num_queries, unit, rows, role):
    award_type = RuleSetFactory().award_type
    period = PeriodFactory()
    # One open dossier per person, award type and period: one person per row.
    people = PersonFactory.create_batch(rows, organization=unit)
    for i in range(rows):
        NominationFactory(
            proposing_organization=unit,
            nominee_person=people[i],
            award_type=award_type,
            period=period,
            status=S.SUBMITTED,
        )
    user = _fresh(UserFactory(roles=[role], organization=unit))
    client = client_for(user)
    query = (
        f"?page_size=200&status=submitted&period={period.pk}&year=2023&award_type={award_type.code}"
        f"&proposing_organization={unit.pk}&recipient_kind=individual&search=nguyen&ordering=-submitted_at"
    )

    with django_assert_max_num_queries(4):
        filtered = client.get(URL + query)
    with django_assert_max_num_queries(4):
        plain = client.get(URL + "?page_size=200")

    expected = 0 if role == Role.COUNCIL_MEMBER else rows
    assert filtered.json()["count"] == expected
    assert plain.json()["count"] == expected
    assert len(filtered.json()["results"]) == min(expected, 200)


def test_list_rows_match_the_detail(client_for, staff):
    nomination = NominationFactory(status=S.SUBMITTED)
    client = client_for(staff)

    row = client.get(URL).json()["results"][0]
    detail = client.get(f"{URL}{nomination.pk}/").json()

    assert row == {key: detail[key] for key in row}
    assert set(row) >= {"id", "reference", "status", "nominee_name", "award_type", "proposing_organization"}


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van thuong",
        "NGUYỄN",
        "thưởng",
        unicodedata.normalize("NFD", "Nguyễn Văn Thưởng"),
        "van nguyen",
    ],
)
def test_search_ignores_case_and_accents(client_for, staff, query):
    wanted = NominationFactory(
        nominee_person=PersonFactory(full_name="Nguyễn Văn Thưởng"), status=S.SUBMITTED
    )
    NominationFactory(nominee_person=PersonFactory(full_name="Trần Thị Mai"), status=S.SUBMITTED)

    assert _ids(client_for(staff).get(URL, {"search": query})) == {wanted.pk}


def test_search_finds_dang_with_a_plain_d(client_for, staff):
    wanted = NominationFactory(nominee_person=PersonFactory(full_name="Đặng Thị Hoa"), status=S.SUBMITTED)

    assert _ids(client_for(staff).get(URL, {"search": "dang"})) == {wanted.pk}


def test_filters_narrow_the_list(staff):
    period = PeriodFactory(year=2024)
    org = OrganizationFactory()
    collective = CollectiveNominationFactory(proposing_organization=org, status=S.VERIFIED, period=period)
    individual = NominationFactory(status=S.SUBMITTED)
    qs = Nomination.objects.all()

    def ids(params):
        return set(NominationFilter(params, qs).qs.values_list("id", flat=True))

    assert ids({"status": ["verified"]}) == {collective.pk}
    assert ids({"status": ["verified", "submitted"]}) == {collective.pk, individual.pk}
    assert ids({"period": str(period.pk)}) == {collective.pk}
    assert ids({"year": "2024"}) == {collective.pk}
    assert ids({"award_type": individual.award_type.code}) == {individual.pk}
    assert ids({"proposing_organization": str(org.pk)}) == {collective.pk}
    assert ids({"recipient_kind": "collective"}) == {collective.pk}
    assert ids({"award_type": "no_such_code"}) == set()


@pytest.mark.parametrize(
    "query",
    [
        "period=abc",
        "period=99999999999999999999999",
        "year=-1",
        "status=bogus",
        "recipient_kind=x",
        "page_size=abc",
    ],
)
def test_bad_filters_are_400_or_ignored_never_500(client_for, staff, query):
    NominationFactory(status=S.SUBMITTED)

    response = client_for(staff).get(f"{URL}?{query}")

    assert response.status_code in (200, 400)


def test_ordering(client_for, staff):
    b = NominationFactory(nominee_person=PersonFactory(full_name="B"), status=S.SUBMITTED)
    a = NominationFactory(nominee_person=PersonFactory(full_name="A"), status=S.SUBMITTED)

    rows = client_for(staff).get(URL, {"ordering": "nominee_name"}).json()["results"]
    default = client_for(staff).get(URL).json()["results"]

    assert [r["id"] for r in rows] == [a.pk, b.pk]
    assert [r["id"] for r in default] == [a.pk, b.pk]  # newest first


def test_list_shows_only_what_the_role_may_see(client_for, unit, unit_head, other_head, staff, chairman):
    own_draft = NominationFactory(proposing_organization=unit)
    own_submitted = NominationFactory(proposing_organization=unit, status=S.SUBMITTED)
    sub_unit = NominationFactory(proposing_organization=OrganizationFactory(parent=unit), status=S.SUBMITTED)
    foreign_draft = NominationFactory()
    foreign_submitted = NominationFactory(status=S.SUBMITTED)

    assert _ids(client_for(unit_head).get(URL)) == {own_draft.pk, own_submitted.pk, sub_unit.pk}
    assert _ids(client_for(other_head).get(URL)) == set()
    everything_submitted = {own_submitted.pk, sub_unit.pk, foreign_submitted.pk}
    assert _ids(client_for(staff).get(URL)) == everything_submitted
    assert _ids(client_for(chairman).get(URL)) == everything_submitted
    assert foreign_draft.pk not in _ids(client_for(staff).get(URL))
