"""The register and statistics pages, by role and unit."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from awards.enums import HoldKind
from awards.models import Hold, Person
from tests.factories.awards import UserFactory

LISTS = ["/register/people/", "/register/organizations/", "/register/records/", "/statistics/"]


def _names(html: str) -> list[str]:
    return re.findall(r'href="/register/people/\d+/">([^<]+)</a>', html)


def _units(html: str) -> list[str]:
    return re.findall(r'href="/register/organizations/\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize("username", ["canbo", "truongphong", "chutich", "uyvien1"])
def test_every_role_opens_the_register_pages(as_user, world, username):
    client = as_user(username)
    person = world.people["VP-002"]
    for url in [*LISTS, f"/register/people/{person.pk}/", f"/register/organizations/{world.orgs['VP'].pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Sổ khen thưởng" in response.content.decode()


def test_a_user_without_a_role_sees_nothing(world, db):
    nobody = UserFactory(username="khongvaitro", roles=[], organization=world.orgs["VP"])
    client = Client()
    client.force_login(nobody)
    person = world.people["VP-002"]
    for url in [*LISTS, f"/register/people/{person.pk}/", f"/register/organizations/{world.orgs['VP'].pk}/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert person.full_name not in response.content.decode()
    assert "/register/people/" not in client.get("/").content.decode()


def test_anonymous_users_are_sent_to_the_login(world, db):
    response = Client().get("/register/people/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_unit_head_sees_its_subtree_only(as_user, world):
    outsider = Person.objects.create(full_name="Lê Văn Ngoài", gender="male", organization=world.orgs["STC"])
    client = as_user("truongphong")
    html = client.get("/register/people/?q=ngoai").content.decode()
    assert "Lê Văn Ngoài" not in html
    assert client.get(f"/register/people/{outsider.pk}/").status_code == 404
    assert client.get(f"/register/organizations/{world.orgs['STC'].pk}/").status_code == 404
    organizations = _units(client.get("/register/organizations/").content.decode())
    assert world.orgs["STC"].name not in organizations and world.orgs["VP"].name in organizations
    statistics = client.get("/statistics/").content.decode()
    assert "chỉ xem được số liệu của đơn vị mình" in statistics
    staff = as_user("canbo")
    assert "Lê Văn Ngoài" in staff.get("/register/people/?q=ngoai").content.decode()


def test_search_ignores_accents_and_case(as_user, world):
    html = as_user("canbo").get("/register/people/?q=TRAN+VAN+THUONG").content.decode()
    assert _names(html) == ["Trần Văn Thưởng"]


def test_people_are_listed_in_vietnamese_order(as_user, world):
    names = _names(as_user("canbo").get("/register/people/").content.decode())
    given = [name.split()[-1] for name in names]
    # Given names first, Vietnamese alphabet: Anh < Ánh < Bình < Châu < Đông < Hà …
    assert (
        given.index("Anh")
        < given.index("Ánh")
        < given.index("Bình")
        < given.index("Đông")
        < given.index("Hà")
    )
    reverse = _names(as_user("canbo").get("/register/people/?sort=-name").content.decode())
    assert reverse == list(reversed(names))


def test_filters_by_award_received_and_years(as_user, world):
    client = as_user("canbo")
    merit = _names(
        client.get("/register/people/?award_type=merit_chairman&year_from=2023&year_to=2023").content.decode()
    )
    assert len(merit) == 7
    assert (
        _names(
            client.get(
                "/register/people/?award_type=merit_chairman&year_from=2020&year_to=2022"
            ).content.decode()
        )
        == []
    )
    flags = _units(client.get("/register/organizations/?award_type=flag_province").content.decode())
    assert sorted(flags) == sorted([world.orgs["VP"].name, world.orgs["VP-TTCB"].name])


def test_bad_filters_are_explained(as_user, world):
    client = as_user("canbo")
    response = client.get("/register/people/?year_from=2024&year_to=2020")
    assert "“Từ năm” không được sau “đến năm”." in response.content.decode()
    response = client.get("/register/people/?year_from=1900")
    assert "Năm phải từ 1945" in response.content.decode()
    assert client.get("/statistics/?group_by=colour").status_code == 400
    assert client.get("/statistics/?year_from=2025&year_to=2020").status_code == 400


def test_holds_are_shown_to_staff_only(as_user, world):
    person = world.people["VP-002"]
    Hold.objects.create(
        person=person, kind=HoldKind.INSPECTION, starts_on="2024-03-01", note="Đang thanh tra"
    )
    url = f"/register/people/{person.pk}/"
    assert "Đang thanh tra" in as_user("canbo").get(url).content.decode()
    for username in ("truongphong", "chutich", "uyvien1"):
        assert "Đang thanh tra" not in as_user(username).get(url).content.decode()


def test_profile_shows_history_nominations_and_todays_eligibility(as_user, world):
    person = world.people["VP-002"]
    html = as_user("canbo").get(f"/register/people/{person.pk}/").content.decode()
    assert "46/QĐ-UBND" in html and "2.700.000 đ" in html
    assert "Số sổ vàng" in html  # the certificate, printable by staff
    assert "HS-2023-" in html and "Đã khen thưởng" in html
    assert "Điều kiện hôm nay" in html and "Chiến sĩ thi đua cơ sở" in html
    unit_head = as_user("truongphong").get(f"/register/people/{person.pk}/").content.decode()
    assert "/verify/" in unit_head and "Số sổ vàng" not in unit_head


def test_statistics_page_has_charts_and_text_tables(as_user, world):
    html = (
        as_user("canbo").get("/statistics/?year_from=2023&year_to=2023&group_by=award_type").content.decode()
    )
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'id="chart-data"' in html
    assert "28.800.000 đ" in html and "18.900.000 đ" in html and "47.700.000 đ" in html
    assert "<caption>" in html


def test_nomination_and_decision_pages_download_their_lists(as_user, world):
    import io

    import openpyxl

    from nominations.models import Decision

    response = as_user("canbo").get("/nominations/?status=awarded&format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Trạng thái: Đã khen thưởng" in values
    assert sum(1 for v in values if isinstance(v, str) and v.startswith("HS-2023-")) == 9
    assert as_user("canbo").get("/nominations/?format=csv").status_code == 400
    response = as_user("chutich").get("/decisions/?format=xlsx")
    assert response.status_code == 200
    assert as_user("truongphong").get("/decisions/?format=xlsx").status_code == 403
    issued = Decision.objects.get(number="46/QĐ-UBND")
    html = as_user("canbo").get(f"/decisions/{issued.pk}/").content.decode()
    assert f"/api/v1/decisions/{issued.pk}/annex.docx" in html
