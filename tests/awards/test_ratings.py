"""Ratings entered by unit heads, locked by staff: API, pages and the Excel import, by role and unit."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Person, Rating, RatingLock
from tests.awards import register_fixtures
from tests.awards.test_imports import xlsx

world = register_fixtures.world
api = register_fixtures.api
browser_as = register_fixtures.browser_as

RATINGS_HEADER = [
    "Năm",
    "Mã cá nhân",
    "Họ và tên",
    "Mã đơn vị",
    "Xếp loại",
    "Số quyết định của đơn vị",
    "Ngày quyết định của đơn vị",
]
YEAR = 2021  # no demo rating that year


def _post(client, person: Person, year: int = YEAR, **extra):
    data = {
        "person": person.pk,
        "year": year,
        "level": "excellent",
        "decision_number": "12/QĐ-VP",
        "decision_date": f"{year}-12-20",
        **extra,
    }
    return client.post("/api/v1/ratings/", data, format="json")


def _lock(world, unit_code: str = "VP", year: int = YEAR) -> RatingLock:
    return RatingLock.objects.create(
        organization=world.orgs[unit_code],
        year=year,
        locked_by=world.users["canbo"],
        locked_at=datetime.datetime(2024, 1, 5, 8, 30, tzinfo=datetime.UTC),
    )


def test_a_unit_head_records_a_rating_with_the_units_decision(world, api):
    person = world.people["VP-005"]
    response = _post(api("truongphong"), person)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["decision_number"] == "12/QĐ-VP" and data["decision_date"] == f"{YEAR}-12-20"
    rating = Rating.objects.get(pk=data["id"])
    assert rating.entered_by == world.users["truongphong"]


def test_a_unit_head_cannot_rate_another_units_people(world, api):
    outsider = Person.objects.create(full_name="Lê Văn Ngoài", gender="male", organization=world.orgs["STC"])
    response = _post(api("truongphong"), outsider)
    assert response.status_code == 403
    assert not Rating.objects.filter(person=outsider).exists()


@pytest.mark.parametrize("username", ["uyvien1", "chutich"])
def test_other_roles_cannot_write_ratings(world, api, username):
    assert _post(api(username), world.people["VP-005"]).status_code == 403


def test_a_locked_year_is_read_only_for_everyone(world, api):
    person = world.people["VP-005"]
    created = _post(api("truongphong"), person).json()
    _lock(world)
    for username in ("truongphong", "canbo"):
        client = api(username)
        response = client.patch(f"/api/v1/ratings/{created['id']}/", {"level": "good"}, format="json")
        assert response.status_code == 409
        assert "đã được khóa bởi" in response.json()["detail"]
        assert client.delete(f"/api/v1/ratings/{created['id']}/").status_code == 409
    # A sub-unit's person is locked with the unit above it.
    assert _post(api("truongphong"), world.people["VP-006"]).status_code == 409
    assert Rating.objects.get(pk=created["id"]).level == "excellent"
    # Another year stays open.
    assert _post(api("truongphong"), world.people["VP-006"], year=YEAR - 1).status_code == 201


def test_only_staff_lock_and_unlock(world, api):
    unit = world.orgs["VP"]
    assert (
        api("truongphong")
        .post("/api/v1/rating-locks/", {"organization": unit.pk, "year": YEAR}, format="json")
        .status_code
        == 403
    )
    response = api("canbo").post(
        "/api/v1/rating-locks/", {"organization": unit.pk, "year": YEAR}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["locked_by"] == str(world.users["canbo"])
    assert _post(api("truongphong"), world.people["VP-005"]).status_code == 409
    assert api("truongphong").delete(f"/api/v1/rating-locks/{response.json()['id']}/").status_code == 403
    assert api("canbo").delete(f"/api/v1/rating-locks/{response.json()['id']}/").status_code == 204
    assert _post(api("truongphong"), world.people["VP-005"]).status_code == 201


def test_a_unit_heads_excel_import_refuses_outsiders_and_locked_years(world, api):
    outsider = Person.objects.create(
        code="STC-900", full_name="Lê Văn Ngoài", gender="male", organization=world.orgs["STC"]
    )
    _lock(world, "VP-TH", YEAR)  # Phòng Tổng hợp
    locked_person = Person.objects.filter(organization=world.orgs["VP-TH"]).first()
    content = xlsx(
        RATINGS_HEADER,
        [
            [YEAR, "VP-005", "", "", "HTXSNV", "12/QĐ-VP", "20/12/2021"],
            [YEAR, outsider.code, "", "", "HTTNV", "", ""],
            [YEAR, locked_person.code, "", "", "HTTNV", "", ""],
        ],
    )
    file = SimpleUploadedFile("xl.xlsx", content)
    response = api("truongphong").post("/api/v1/imports/ratings/", {"file": file, "dry_run": "false"})
    assert response.status_code == 400
    messages = {e["row"]: e["message"] for e in response.json()["errors"]}
    assert "không thuộc đơn vị của bạn" in messages[3]
    assert "đã được khóa bởi" in messages[4]
    assert 2 not in messages
    assert not Rating.objects.filter(year=YEAR).exists()  # all rows or none

    file = SimpleUploadedFile(
        "xl.xlsx", xlsx(RATINGS_HEADER, [[YEAR, "VP-005", "", "", "HTXSNV", "12/QĐ-VP", "20/12/2021"]])
    )
    assert (
        api("truongphong").post("/api/v1/imports/ratings/", {"file": file, "dry_run": "false"}).status_code
        == 200
    )
    rating = Rating.objects.get(year=YEAR, person=world.people["VP-005"])
    assert rating.decision_number == "12/QĐ-VP" and rating.decision_date == datetime.date(2021, 12, 20)
    assert rating.entered_by == world.users["truongphong"]


def test_unit_heads_import_ratings_only(world, api):
    file = SimpleUploadedFile("xl.xlsx", xlsx(["Họ và tên"], [["A"]]))
    assert api("truongphong").post("/api/v1/imports/people/", {"file": file}).status_code == 403
    assert api("uyvien1").get("/api/v1/imports/ratings/").status_code == 403


# --- pages ----------------------------------------------------------------------------------------


def test_the_entry_page_saves_a_rating_with_its_pdf(world, browser_as):
    person = world.people["VP-007"]
    pdf = SimpleUploadedFile(
        "qd.pdf",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    response = browser_as("truongphong").post(
        f"/register/ratings/entry/?person={person.pk}&year={YEAR}",
        {
            "level": "good",
            "decision_number": "7/QĐ-VP",
            "decision_date": f"{YEAR}-12-30",
            "decision_file": pdf,
        },
    )
    assert response.status_code == 302
    rating = Rating.objects.get(person=person, year=YEAR)
    assert rating.decision_file.name.startswith(f"ratings/{YEAR}/") and rating.decision_file.name.endswith(
        ".pdf"
    )
    rating.decision_file.delete(save=False)


def test_the_entry_page_refuses_a_file_that_is_not_a_pdf(world, browser_as):
    person = world.people["VP-007"]
    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = browser_as("truongphong").post(
        f"/register/ratings/entry/?person={person.pk}&year={YEAR}", {"level": "good", "decision_file": fake}
    )
    assert response.status_code == 400
    assert "phải là PDF" in response.content.decode()
    assert not Rating.objects.filter(person=person, year=YEAR).exists()


def test_the_entry_page_of_a_locked_year_is_a_409(world, browser_as):
    _lock(world)
    person = world.people["VP-007"]
    page = browser_as("truongphong")
    assert "đã được" in page.get(f"/register/ratings/entry/?person={person.pk}&year={YEAR}").content.decode()
    response = page.post(f"/register/ratings/entry/?person={person.pk}&year={YEAR}", {"level": "good"})
    assert response.status_code == 409
    assert not Rating.objects.filter(person=person, year=YEAR).exists()


def test_the_ratings_pages_by_role(world, browser_as):
    outsider = Person.objects.create(full_name="Lê Văn Ngoài", gender="male", organization=world.orgs["STC"])
    assert browser_as("truongphong").get("/register/ratings/").status_code == 200
    assert (
        browser_as("truongphong")
        .get(f"/register/ratings/entry/?person={outsider.pk}&year={YEAR}")
        .status_code
        == 404
    )
    for username in ("uyvien1", "chutich"):
        assert browser_as(username).get("/register/ratings/").status_code == 403
    staff = browser_as("canbo")
    response = staff.post(
        "/register/ratings/", {"organization": world.orgs["VP"].pk, "year": YEAR, "action": "lock"}
    )
    assert response.status_code == 302
    assert RatingLock.objects.filter(organization=world.orgs["VP"], year=YEAR).exists()
    head = browser_as("truongphong")
    assert (
        head.post(
            "/register/ratings/", {"organization": world.orgs["VP"].pk, "year": YEAR, "action": "unlock"}
        ).status_code
        == 403
    )
    assert (
        "Đã khóa"
        in head.get(f"/register/ratings/?organization={world.orgs['VP'].pk}&year={YEAR}").content.decode()
    )


def test_position_group_through_the_api_and_the_import(world, api):
    response = api("canbo").patch(
        f"/api/v1/people/{world.people['VP-005'].pk}/", {"position_group": "worker"}, format="json"
    )
    assert response.status_code == 200 and response.json()["position_group"] == "worker"
    bad = api("canbo").patch(
        f"/api/v1/people/{world.people['VP-005'].pk}/", {"position_group": "boss"}, format="json"
    )
    assert bad.status_code == 400
    header = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Nhóm đối tượng", "Mã đơn vị"]
    content = xlsx(
        header,
        [
            [
                "VP-900",
                "Nguyễn Thị Mới",
                "Nữ",
                1990,
                "Chuyên viên",
                "Người trực tiếp lao động, công tác",
                "VP",
            ],
            ["VP-901", "Trần Văn Sếp", "Nam", 1970, "Giám đốc", "lanh dao", "VP"],
        ],
    )
    file = SimpleUploadedFile("p.xlsx", content)
    assert api("canbo").post("/api/v1/imports/people/", {"file": file, "dry_run": "false"}).status_code == 200
    assert Person.objects.get(code="VP-900").position_group == "worker"
    assert Person.objects.get(code="VP-901").position_group == "leader"
    content = xlsx(header, [["VP-902", "Lê Văn Lạ", "Nam", 1980, "", "thu truong", "VP"]])
    report = api("canbo").post(
        "/api/v1/imports/people/", {"file": SimpleUploadedFile("p.xlsx", content), "dry_run": "true"}
    )
    assert report.status_code == 400 and report.json()["errors"][0]["column"] == "Nhóm đối tượng"


def test_a_dossier_names_its_missing_ratings_and_where_to_enter_them(world, browser_as):
    from nominations.models import Nomination

    newcomer = Person.objects.create(
        full_name="Đinh Văn Mới", gender="male", organization=world.orgs["VP-TH"]
    )
    nomination = Nomination.objects.create(
        period=world.periods["2024"],
        award_type=world.award_types["merit_chairman"],
        nominee_person=newcomer,
        proposing_organization=world.orgs["VP"],
        created_by=world.users["truongphong"],
    )
    html = browser_as("truongphong").get(f"/nominations/{nomination.pk}/?check=1").content.decode()
    assert "Thiếu kết quả xếp loại" in html
    assert "Năm 2023: chưa có xếp loại" in html and "Năm 2024: chưa có xếp loại" in html
    assert f"/register/ratings/entry/?person={newcomer.pk}&amp;year=2024" in html
    Rating.objects.create(person=newcomer, year=2023, level="excellent")
    html = browser_as("truongphong").get(f"/nominations/{nomination.pk}/?check=1").content.decode()
    assert "Năm 2023: chưa có xếp loại" not in html and "Năm 2024: chưa có xếp loại" in html


def test_a_unit_head_confers_the_units_own_title_with_the_rating(world, browser_as):
    from awards.enums import RecordSource
    from awards.models import AwardRecord

    person = world.people["VP-008"]
    url = f"/register/ratings/entry/?person={person.pk}&year={YEAR}"
    page = browser_as("truongphong")
    assert "Chiến sĩ thi đua cơ sở" in page.get(url).content.decode()
    missing = page.post(url, {"level": "excellent", "title": "emulation_soldier_grassroots"})
    assert missing.status_code == 400 and "cần số và ngày quyết định" in missing.content.decode()
    assert not Rating.objects.filter(person=person, year=YEAR).exists()
    # A province-level title is not the unit's to confer.
    assert (
        page.post(
            url,
            {
                "level": "excellent",
                "title": "merit_chairman",
                "decision_number": "1/QĐ",
                "decision_date": f"{YEAR}-12-01",
            },
        ).status_code
        == 400
    )
    done = page.post(
        url,
        {
            "level": "excellent",
            "title": "emulation_soldier_grassroots",
            "decision_number": "15/QĐ-VP",
            "decision_date": f"{YEAR}-12-25",
        },
    )
    assert done.status_code == 302
    record = AwardRecord.objects.get(person=person, year=YEAR, source=RecordSource.UNIT)
    assert record.award_type.code == "emulation_soldier_grassroots" and record.decision_number == "15/QĐ-VP"
    _lock(world)
    assert page.post(url, {"level": "good"}).status_code == 409
    assert AwardRecord.objects.filter(pk=record.pk).exists()  # the locked title stays
