"""Pickers that scale: people, units and dossiers searched on the server as one types.

The JSON endpoints answer with what the form accepts and nothing else (a unit head never
finds another unit's people), accent-insensitively, with `%` and `_` taken literally;
the forms render the chosen options and the first few only, so a unit of 1,000 people
keeps the nomination form small; without scripts the "Tìm" button searches through the form.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from awards.enums import Role
from awards.models import Person
from awards.pickers import SHOWN
from awards.text import search_key, vietnamese_sort_key
from nominations.enums import NominationStatus as S
from nominations.enums import SessionBody
from nominations.models import Nomination
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import council_member, unit_head_of
from tests.nominations.council_helpers import fixed_period, flag_rules, merit_rules, verified

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _labels(client, url: str, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return [row["label"] for row in response.json()["results"]]


@pytest.fixture
def units():
    province = OrganizationFactory(name="Ủy ban nhân dân tỉnh")
    health = OrganizationFactory(name="Sở Y tế", parent=province)
    finance = OrganizationFactory(name="Sở Tài chính", parent=province)
    clinic = OrganizationFactory(name="Trung tâm Y tế huyện", parent=health)
    PersonFactory(full_name="Nguyễn Thị Thưởng", organization=health, position="Trưởng phòng", code="YT-0042")
    PersonFactory(full_name="Đặng Văn Đức", organization=clinic, position="")
    PersonFactory(full_name="Nguyễn Văn Thưởng", organization=finance)
    PersonFactory(full_name="Trần Văn Hưu", organization=health, is_active=False)
    return {"province": province, "health": health, "finance": finance, "clinic": clinic}


# --- people and units ------------------------------------------------------------------------------


def test_people_are_found_without_accents_and_with_them(units):
    client = _client(unit_head_of(units["health"]))

    for query in ("nguyen thi thuong", "NGUYỄN THỊ THƯỞNG", "Thưởng", "thuong"):
        assert _labels(client, "/pickers/people/", q=query) == ["Nguyễn Thị Thưởng, Trưởng phòng — Sở Y tế"]
    # Or by the personal code, in any case.
    assert _labels(client, "/pickers/people/", q="yt-0042") == ["Nguyễn Thị Thưởng, Trưởng phòng — Sở Y tế"]
    # đ is d, and the subtree's units below the head's own are searched too.
    assert _labels(client, "/pickers/people/", q="dang van duc") == ["Đặng Văn Đức — Trung tâm Y tế huyện"]


def test_a_unit_head_never_finds_another_units_people_or_units(units):
    client = _client(unit_head_of(units["health"]))

    assert _labels(client, "/pickers/people/", q="Nguyễn Văn Thưởng") == []
    assert _labels(client, "/pickers/units/", q="tai chinh") == []
    assert _labels(client, "/pickers/units/", q="y te") == ["Sở Y tế", "Trung tâm Y tế huyện"]
    # Nor someone who left: the form would refuse them.
    assert _labels(client, "/pickers/people/", q="tran van huu") == []


def test_the_form_refuses_a_person_the_picker_does_not_offer(units):
    client = _client(unit_head_of(units["health"]))
    outsider = Person.objects.get(full_name="Nguyễn Văn Thưởng")

    response = client.post(
        "/nominations/new/",
        {"recipient_kind": "individual", "nominee_person": outsider.pk, "achievements": "x"},
    )

    assert response.status_code == 400
    assert 'id="id_nominee_person_error"' in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("query", ["%", "_", "%%", "Nguy_n", "th%ng", "x" * 500, "' OR 1=1 --", '"'])
def test_wildcards_and_long_queries_are_literal(units, query):
    client = _client(UserFactory(roles=[Role.STAFF], organization=units["province"]))

    for url in ("/pickers/people/", "/pickers/units/", "/pickers/agenda/", "/pickers/approved/"):
        assert _labels(client, url, q=query) == [], url


def test_an_empty_query_lists_the_first_rows_and_says_there_are_more(units):
    for n in range(SHOWN + 5):
        PersonFactory(full_name=f"Lê Văn Người {n}", organization=units["health"])
    client = _client(unit_head_of(units["health"]))

    answer = client.get("/pickers/people/").json()

    assert len(answer["results"]) == SHOWN and answer["more"] is True
    assert client.get("/pickers/people/", {"q": "Người 7"}).json()["more"] is False


def test_who_may_use_the_endpoints(units):
    member = _client(council_member())
    head = _client(unit_head_of(units["health"]))
    roleless = _client(UserFactory(organization=units["health"]))

    for url in ("/pickers/people/", "/pickers/units/"):
        assert member.get(url).status_code == 403
        assert roleless.get(url).status_code == 403
        assert head.post(url).status_code == 405
    for url in ("/pickers/agenda/", "/pickers/approved/", "/pickers/decisions/"):
        assert head.get(url, {"q": "a"}).status_code == 403
        assert member.get(url).status_code == 403
    anonymous = Client().get("/pickers/people/", {"q": "nguyen"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


# --- the nomination form ---------------------------------------------------------------------------


def _large_unit(size: int):
    unit = OrganizationFactory(name="Sở Giáo dục và Đào tạo")
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    given = ["An", "Bình", "Châu", "Dũng", "Đức", "Hà", "Hương", "Khánh", "Linh", "Yến"]
    people = []
    for n in range(size):
        name = f"{family[n % 10]} Thị {given[(n // 10) % 10]} {n:04d}"
        people.append(
            Person(
                full_name=name,
                organization=unit,
                position="Giáo viên trung học phổ thông, tổ trưởng chuyên môn",
                search_key=search_key(name),
                sort_key=vietnamese_sort_key(name),
            )
        )
    Person.objects.bulk_create(people)
    return unit


def test_the_nomination_form_stays_small_for_a_unit_of_1000_people(django_assert_max_num_queries):
    unit = _large_unit(1000)
    client = _client(unit_head_of(unit))

    with django_assert_max_num_queries(30):
        response = client.get("/nominations/new/")

    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 100_000, len(response.content)
    person_select = body.split('id="id_nominee_person"')[1].split("</select>")[0]
    assert person_select.count("<option") == SHOWN + 1  # the empty choice and the first 20
    assert 'data-picker-url="/pickers/people/"' in body
    # Every one of the 1,000 is reachable by typing.
    client_labels = _labels(client, "/pickers/people/", q="do thi yen 0998")
    assert [label.split(",")[0] for label in client_labels] == ["Đỗ Thị Yến 0998"]


def test_without_scripts_the_search_button_brings_the_matches_and_saves_nothing(units):
    client = _client(unit_head_of(units["health"]))

    response = client.post(
        "/nominations/new/",
        {
            "recipient_kind": "individual",
            "achievements": "Thành tích đã gõ",
            "nominee_person_q": "dang van duc",
            "picker_search": "nominee_person",
        },
    )

    body = response.content.decode()
    select = body.split('id="id_nominee_person"')[1].split("</select>")[0]
    assert re.findall(r"<option value=\"\d+\">([^<]*)</option>", select) == [
        "Đặng Văn Đức — Trung tâm Y tế huyện"
    ]
    assert "Thành tích đã gõ" in body  # what was typed stays
    assert "Đã tìm: chọn trong danh sách kết quả rồi bấm lưu." in body
    assert "Vui lòng chọn cá nhân được đề nghị." not in body  # searching is not a refusal of fields
    assert not Nomination.objects.exists()


def test_the_edit_form_keeps_the_chosen_person_beyond_the_first_page(units):
    for n in range(SHOWN + 5):
        PersonFactory(full_name=f"An Văn Bạn {n}", organization=units["health"])
    last = PersonFactory(full_name="Ý Thị Cuối", organization=units["health"])
    head = unit_head_of(units["health"])
    draft = verified(merit_rules(), fixed_period(), status=S.DRAFT, nominee_person=last)
    Nomination.objects.filter(pk=draft.pk).update(proposing_organization=units["health"], created_by=head)

    body = _client(head).get(f"/nominations/{draft.pk}/edit/").content.decode()

    assert re.search(rf'<option value="{last.pk}" selected>Ý Thị Cuối', body)


# --- dossiers: the session agenda and the decision --------------------------------------------------


@pytest.fixture
def agenda():
    period, other = fixed_period(name="Tổng kết năm 2023"), fixed_period(name="Đợt khác năm 2023")
    merit, flag = merit_rules(), flag_rules()
    from awards.models import RuleSet

    # As after appraisal: each dossier carries the rule set it is judged by.
    rows = {
        "board": verified(merit, period, nominee_person=PersonFactory(full_name="Phạm Minh Đức")),
        "council": verified(flag, period, collective=True),
        "other_period": verified(merit, other),
        "submitted": verified(merit, period, status=S.SUBMITTED),
    }
    for row in rows.values():
        Nomination.objects.filter(pk=row.pk).update(rule_set=RuleSet.objects.get(award_type=row.award_type))
    return {"period": period, "other": other, "rows": rows, "staff": UserFactory(roles=[Role.STAFF])}


def _refs(client, url, **params) -> set[str]:
    return {label.split(" · ")[0] for label in _labels(client, url, **params)}


def test_the_agenda_picker_offers_only_the_chosen_period_and_body(agenda):
    client = _client(agenda["staff"])
    rows = agenda["rows"]
    period = agenda["period"].pk

    council = _refs(client, "/pickers/agenda/", period=period, body=SessionBody.COUNCIL)
    board = _refs(client, "/pickers/agenda/", period=period, body=SessionBody.STANDING_BOARD)
    elsewhere = _refs(client, "/pickers/agenda/", period=agenda["other"].pk, body=SessionBody.COUNCIL)

    assert council == {rows["board"].reference, rows["council"].reference}
    assert board == {rows["board"].reference}
    assert elsewhere == {rows["other_period"].reference}
    # By any part of the reference, or the nominee's name without accents.
    tail = rows["board"].reference[-4:]
    assert _refs(client, "/pickers/agenda/", q=tail, period=period) == {rows["board"].reference}
    assert _refs(client, "/pickers/agenda/", q="pham minh duc") == {rows["board"].reference}


def test_the_session_form_renders_only_the_initial_period_and_refuses_others(agenda):
    client = _client(agenda["staff"])
    rows = agenda["rows"]
    member = council_member()

    body = client.get("/sessions/new/").content.decode()
    offered = set(re.findall(r'name="agenda" value="(\d+)"', body))
    initial = re.search(r'<option value="(\d+)" selected>', body.split('id="id_period"')[1]).group(1)
    expected = {str(n.pk) for n in Nomination.objects.filter(period_id=initial, status=S.VERIFIED)}
    assert offered == expected

    response = client.post(
        "/sessions/new/",
        {
            "title": "Phiên họp xét khen thưởng",
            "meeting_date": "2024-01-05",
            "period": agenda["period"].pk,
            "body": SessionBody.COUNCIL,
            "members": [member.pk],
            "agenda": [rows["board"].pk, rows["other_period"].pk],
        },
    )
    assert response.status_code == 400
    assert "thuộc đợt khen thưởng khác" in response.content.decode()


def test_a_session_edit_offers_its_own_items_and_hides_other_sessions(agenda):
    from nominations import council

    staff = agenda["staff"]
    member = council_member()
    rows = agenda["rows"]
    session = council.session_create(
        actor=staff,
        title="Phiên 1",
        meeting_date=fixed_period().opens_on,
        period=agenda["period"],
        body=SessionBody.COUNCIL,
        secret_ballot=False,
        members=[member],
        agenda=[rows["board"]],
    )
    client = _client(staff)
    period = agenda["period"].pk

    assert rows["board"].reference not in _refs(client, "/pickers/agenda/", period=period)
    assert rows["board"].reference in _refs(client, "/pickers/agenda/", period=period, session=session.pk)
    assert client.get("/pickers/agenda/", {"session": 999999}).status_code == 404
    assert client.get("/pickers/agenda/", {"session": "1 OR 1"}).status_code == 404


def test_the_approved_picker_follows_the_award_type(agenda):
    rows = agenda["rows"]
    Nomination.objects.filter(pk__in=[rows["board"].pk, rows["council"].pk]).update(status=S.APPROVED)
    client = _client(agenda["staff"])

    merit_code = rows["board"].award_type.code
    assert _refs(client, "/pickers/approved/", award_type=merit_code) == {rows["board"].reference}
    assert _refs(client, "/pickers/approved/") == {rows["board"].reference, rows["council"].reference}
    assert _refs(client, "/pickers/approved/", award_type="x" * 500, period="abc") == set()


def test_a_unit_head_cannot_reach_dossiers_through_the_pickers(agenda):
    head = unit_head_of(agenda["rows"]["board"].proposing_organization)
    response = _client(head).get("/pickers/agenda/", {"q": agenda["rows"]["board"].reference})
    assert response.status_code == 403
