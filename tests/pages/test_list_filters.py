"""The nomination list and the inbox: filters (period, award type, unit, status), sorting,
and a search that matches any part of a reference; hostile parameters filter by nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from awards.enums import Role
from nominations.enums import NominationStatus as S
from nominations.forms import SessionForm
from nominations.models import Nomination
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import NominationFactory, PeriodFactory, RuleSetFactory, council_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = OrganizationFactory(name="Văn phòng UBND tỉnh")
    health = OrganizationFactory(name="Sở Y tế", parent=province)
    finance = OrganizationFactory(name="Sở Tài chính", parent=province)
    merit = RuleSetFactory().award_type
    flag = RuleSetFactory().award_type
    this_year, last_year = PeriodFactory(name="Tổng kết năm 2026"), PeriodFactory(name="Tổng kết năm 2025")
    rows = {
        "a": NominationFactory(
            proposing_organization=health,
            award_type=merit,
            period=this_year,
            status=S.SUBMITTED,
            nominee_person=PersonFactory(full_name="An Văn Bình", organization=health),
        ),
        "b": NominationFactory(
            proposing_organization=finance,
            award_type=flag,
            period=this_year,
            status=S.SUBMITTED,
            nominee_person=PersonFactory(full_name="Lê Thị Hồng Nhung", organization=finance),
        ),
        "c": NominationFactory(
            proposing_organization=finance,
            award_type=merit,
            period=last_year,
            status=S.VERIFIED,
            nominee_person=PersonFactory(full_name="Đỗ Hải Yến", organization=finance),
        ),
    }
    staff = UserFactory(roles=[Role.STAFF])
    return {
        "rows": rows,
        "staff": staff,
        "health": health,
        "finance": finance,
        "merit": merit,
        "this_year": this_year,
        "province": province,
    }


def _refs(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return set(re.findall(r"HS-\d{4}-\d{6}", response.content.decode()))


@pytest.fixture
def staff_client(world):
    client = Client()
    client.force_login(world["staff"])
    return client


def test_filters_by_period_award_type_unit_and_status(world, staff_client):
    rows = world["rows"]
    ref = {k: n.reference for k, n in rows.items()}

    assert _refs(staff_client, "/nominations/", period=world["this_year"].pk) == {ref["a"], ref["b"]}
    assert _refs(staff_client, "/nominations/", award_type=world["merit"].code) == {ref["a"], ref["c"]}
    assert _refs(staff_client, "/nominations/", unit=world["finance"].pk) == {ref["b"], ref["c"]}
    assert _refs(staff_client, "/nominations/", unit=world["province"].pk) == set(ref.values())  # its subtree
    assert _refs(staff_client, "/nominations/", status="verified") == {ref["c"]}
    assert _refs(staff_client, "/inbox/", unit=world["health"].pk) == {ref["a"]}


def test_sorting_by_reference_both_ways(world, staff_client):
    ascending = re.findall(
        r"HS-\d{4}-\d{6}", staff_client.get("/nominations/", {"sort": "reference"}).content.decode()
    )
    descending = re.findall(
        r"HS-\d{4}-\d{6}", staff_client.get("/nominations/", {"sort": "-reference"}).content.decode()
    )

    assert ascending == sorted(ascending) and len(ascending) == 3
    assert descending == sorted(descending, reverse=True)


def test_any_part_of_a_reference_finds_it(world, staff_client):
    target = world["rows"]["b"]
    tail = target.reference.split("-", 1)[1]  # "2023-000123"

    assert _refs(staff_client, "/nominations/", q=tail) == {target.reference}
    assert _refs(staff_client, "/nominations/", q=tail[-6:]) == {target.reference}
    assert _refs(staff_client, "/nominations/", q=target.reference.lower()) == {target.reference}
    assert _refs(staff_client, "/inbox/", q=tail) == {target.reference}


@pytest.mark.parametrize("q", ["%", "_", "%_%", "x" * 500, "HS-%", "' OR 1=1 --"])
def test_hostile_search_is_literal_and_never_an_error(world, staff_client, q):
    assert _refs(staff_client, "/nominations/", q=q) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"period": "99999999999999999999999"},
        {"unit": "²"},
        {"sort": "password"},
        {"status": "nope"},
        {"award_type": "<script>"},
    ],
)
def test_unknown_parameters_filter_by_nothing(world, staff_client, params):
    assert len(_refs(staff_client, "/nominations/", **params)) == 3


def test_a_unit_head_filters_only_within_their_subtree(world):
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=world["health"])
    client = Client()
    client.force_login(head)

    body = client.get("/nominations/").content.decode()

    assert "Sở Tài chính" not in body  # not offered as a filter, not listed
    assert _refs(client, "/nominations/", unit=world["finance"].pk) == {world["rows"]["a"].reference}


def test_the_period_selector_shows_the_whole_name(world, staff_client):
    body = staff_client.get("/nominations/").content.decode()

    assert ">Tổng kết năm 2026</option>" in body


def test_members_are_offered_in_vietnamese_order(db):
    names = ["Đỗ Thị Hải Yến", "Trần Văn Xuân", "Nguyễn Văn An", "Lê Thị Hà", "Phạm Minh Đức"]
    for name in names:
        council_member(full_name=name)

    form = SessionForm(agenda_queryset=Nomination.objects.none())
    offered = [label for _value, label in form.fields["members"].choices]

    # Given name first (An, Đức, Hà, Xuân, Yến): "Đ" after "D", Yến last.
    assert offered == ["Nguyễn Văn An", "Phạm Minh Đức", "Lê Thị Hà", "Trần Văn Xuân", "Đỗ Thị Hải Yến"]


def test_the_session_form_marks_each_dossier_with_its_period_and_bodies(db):
    from tests.nominations.council_helpers import fixed_period, flag_rules, merit_rules, verified

    period, other = fixed_period(), fixed_period(name="Đợt khác năm 2023")
    merit, flag = merit_rules(), flag_rules()
    board_ok = verified(merit, period)
    council_only = verified(flag, other, collective=True)
    verified_rows = Nomination.objects.filter(status=S.VERIFIED)

    def option(nomination):
        # The form offers the dossiers of its period only (the picker fetches the others).
        form = SessionForm(agenda_queryset=verified_rows, initial={"period": nomination.period_id})
        return re.search(rf'<input[^>]*value="{nomination.pk}"[^>]*>', str(form["agenda"])).group(0)

    assert f'data-period="{period.pk}"' in option(board_ok)
    assert 'data-bodies="council standing_board"' in option(board_ok)
    assert f'data-period="{other.pk}"' in option(council_only)
    assert 'data-bodies="council"' in option(council_only)


def test_any_unit_beyond_the_first_300_can_be_filtered_on(world, staff_client):
    """The unit filter is a picker over every unit, not the first few hundred: the 400th
    unit filters the list, is found by the picker's search, and the page offers only a few."""
    many = [OrganizationFactory(name=f"Trường Tiểu học số {i:03d}", code=f"TH{i:03d}") for i in range(400)]
    far = many[-1]
    row = NominationFactory(
        proposing_organization=far,
        status=S.SUBMITTED,
        nominee_person=PersonFactory(full_name="Vũ Thị Lan", organization=far),
    )

    assert _refs(staff_client, "/nominations/", unit=far.pk) == {row.reference}
    assert _refs(staff_client, "/inbox/", unit=far.pk) == {row.reference}
    page = staff_client.get("/nominations/", {"unit": far.pk}).content.decode()
    assert f'<option value="{far.pk}" selected>' in page
    assert page.count("<option value=") < 60  # the chosen unit and 20 offers, not 400

    found = staff_client.get("/pickers/filter-units/", {"q": "truong tieu hoc so 399"}).json()
    assert found["results"] == [{"value": str(far.pk), "label": far.name}]
    # Without scripts the filter form's own search box fills the list with the matches.
    searched = staff_client.get("/nominations/", {"unit_q": "tiểu học số 399"}).content.decode()
    assert f'<option value="{far.pk}">' in searched


def test_the_unit_picker_offers_a_unit_head_only_its_subtree(world):
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=world["health"])
    client = Client()
    client.force_login(head)

    found = client.get("/pickers/filter-units/", {"q": "so"}).json()

    assert [row["label"] for row in found["results"]] == ["Sở Y tế"]
    assert client.get("/pickers/filter-units/", {"q": "tai chinh"}).json()["results"] == []
