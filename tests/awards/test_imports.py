"""Excel import of the register: all rows or none, idempotent, cells never evaluated."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from awards.models import AwardRecord, Initiative, Person, Rating
from tests.factories.awards import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Mã đơn vị"]
RATINGS_HEADER = ["Năm", "Mã cá nhân", "Họ và tên", "Mã đơn vị", "Xếp loại", "Nghỉ thai sản"]


def xlsx(header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, kind: str, content: bytes, *, dry_run: bool = False):
    file = SimpleUploadedFile("so.xlsx", content, content_type="application/vnd.ms-excel")
    return client.post(f"/api/v1/imports/{kind}/", {"file": file, "dry_run": "true" if dry_run else "false"})


@pytest.fixture
def office(db):
    return OrganizationFactory(code="VP", name="Văn phòng UBND tỉnh")


@pytest.fixture
def staff(client_for, staff_user):
    return client_for(staff_user)


GOOD_PEOPLE = [
    ["CB001", "Nguyễn Văn Thưởng", "Nam", 1980, "Chánh Văn phòng", "VP"],
    ["CB002", "Trần Thị Hương", "Nữ", 1985, "Chuyên viên", "VP"],
    [None, "Lê Văn Đức", "nam", "1990", None, "VP"],
]


@pytest.mark.parametrize("kind", ["people", "ratings", "initiatives", "award-records"])
def test_template_is_a_workbook_with_the_kinds_headers(staff, kind):
    response = staff.get(f"/api/v1/imports/{kind}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 1 and sheet.cell(1, 1).value


def test_unknown_kind_is_404_and_only_staff_import(client_for, staff, office):
    from tests.factories.awards import user_with

    assert staff.get("/api/v1/imports/salaries/").status_code == 404
    assert client_for(user_with("unit_head")).get("/api/v1/imports/people/").status_code == 403


def test_good_people_file_creates_and_reports_counts(staff, office):
    response = upload(staff, "people", xlsx(PEOPLE_HEADER, GOOD_PEOPLE))

    assert response.status_code == 200, response.json()
    assert response.json() | {"errors": []} == {
        "kind": "people",
        "dry_run": False,
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert Person.objects.get(code="CB002").gender == "female"
    assert Person.objects.get(full_name="Lê Văn Đức").birth_year == 1990


def test_importing_the_same_file_twice_changes_nothing(staff, office):
    content = xlsx(PEOPLE_HEADER, GOOD_PEOPLE)
    upload(staff, "people", content)
    before = list(Person.objects.order_by("pk").values())

    again = upload(staff, "people", content)

    assert again.json()["created"] == 0 and again.json()["updated"] == 0 and again.json()["unchanged"] == 3
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_changed_row_is_an_update(staff, office):
    upload(staff, "people", xlsx(PEOPLE_HEADER, GOOD_PEOPLE))
    changed = [row[:] for row in GOOD_PEOPLE]
    changed[0][4] = "Phó Chánh Văn phòng"

    response = upload(staff, "people", xlsx(PEOPLE_HEADER, changed))

    assert (response.json()["created"], response.json()["updated"], response.json()["unchanged"]) == (0, 1, 2)
    assert Person.objects.get(code="CB001").position == "Phó Chánh Văn phòng"


def test_dry_run_saves_nothing(staff, office):
    response = upload(staff, "people", xlsx(PEOPLE_HEADER, GOOD_PEOPLE), dry_run=True)

    assert response.status_code == 200 and response.json()["created"] == 3
    assert not Person.objects.exists()


def test_every_kind_of_bad_row_is_reported_and_nothing_is_saved(staff, office):
    person = PersonFactory(code="CB001", full_name="Nguyễn Văn Thưởng", organization=office)
    next_year = datetime.date.today().year + 1
    rows = [
        [2023, "CB001", None, None, "HTXSNV", None],  # good
        [2022, "CB001", None, None, "Hoàn thành tốt nhiệm vụ", "không"],  # good
        [2023, "CB001", None, None, "HTTNV", None],  # same subject and year twice
        [next_year, "CB001", None, None, "HTXSNV", None],  # a year in the future
        [2023, "CB999", None, None, "HTXSNV", None],  # unknown person code
        [2023, None, None, "NOPE", "HTXSNV", None],  # unknown organization code
        [2023, None, "Không Có Ai", "VP", "HTXSNV", None],  # unknown name
        [2021, "CB001", None, None, "tuyệt vời", None],  # unknown level
        ["năm ngoái", "CB001", None, None, "HTXSNV", None],  # not a year
        [2020, "CB001", None, None, None, None],  # required cell empty
        [2019, "CB001", None, None, "HTXSNV", "có lẽ"],  # not a yes/no
        [2018, "x" * 100_000, None, None, "HTXSNV", None],  # 100 kB text
    ]

    dry = upload(staff, "ratings", xlsx(RATINGS_HEADER, rows), dry_run=True)
    real = upload(staff, "ratings", xlsx(RATINGS_HEADER, rows))

    assert dry.status_code == 400 and real.status_code == 400
    problems = {(p["row"], p["column"]) for p in real.json()["errors"]}
    assert problems == {
        (4, "Năm"),
        (5, "Năm"),
        (6, "Mã cá nhân"),
        (7, "Mã đơn vị"),
        (8, "Họ và tên"),
        (9, "Xếp loại"),
        (10, "Năm"),
        (11, "Xếp loại"),
        (12, "Nghỉ thai sản"),
        (13, "Mã cá nhân"),
    }
    assert all(p["message"] and p["cell"] for p in real.json()["errors"])
    assert "Trùng với dòng 2" in next(p["message"] for p in real.json()["errors"] if p["row"] == 4)
    assert not Rating.objects.filter(person=person).exists()


def test_missing_required_column_is_reported_on_row_1(staff, office):
    response = upload(staff, "people", xlsx(["Họ và tên", "Giới tính"], [["A", "Nam"]]))

    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 1
    assert "Mã đơn vị" in response.json()["errors"][0]["message"]


def test_a_file_that_is_not_a_workbook_is_a_400(staff):
    response = upload(staff, "people", b"%PDF-1.4 not a spreadsheet")

    assert response.status_code == 400
    assert "xlsx" in response.json()["errors"][0]["message"]


def test_formula_looking_cells_stay_plain_text(staff, office):
    rows = [
        ["F1", "=1+2", "Nam", None, "+84 912 345 678", "VP"],
        ["F2", "-Lê Văn A", "Nam", None, "@SUM(A1:A2)", "VP"],
        ["F3", '=HYPERLINK("http://evil.example","x")', "Nữ", None, None, "VP"],
    ]

    response = upload(staff, "people", xlsx(PEOPLE_HEADER, rows))

    assert response.status_code == 200, response.json()
    assert Person.objects.get(code="F1").full_name == "=1+2"
    assert Person.objects.get(code="F1").position == "+84 912 345 678"
    assert Person.objects.get(code="F2").full_name == "-Lê Văn A"
    assert Person.objects.get(code="F2").position == "@SUM(A1:A2)"
    assert Person.objects.get(code="F3").full_name.startswith("=HYPERLINK(")


def test_ratings_by_name_for_people_and_by_code_for_collectives(staff, office):
    PersonFactory(full_name="Trần Thị Hương", organization=office)
    rows = [
        [2023, None, "Trần Thị Hương", "VP", "Hoàn thành xuất sắc nhiệm vụ", "có"],
        [2023, None, None, "VP", "HTXSNV", None],
    ]

    response = upload(staff, "ratings", xlsx(RATINGS_HEADER, rows))

    assert response.status_code == 200, response.json()
    assert Rating.objects.get(person__full_name="Trần Thị Hương").maternity_leave is True
    assert Rating.objects.get(organization=office).level == "excellent"


def test_initiatives_and_award_records_import_and_reimport(staff, office):
    PersonFactory(code="CB001", organization=office)
    initiatives = xlsx(
        ["Mã cá nhân", "Họ và tên", "Mã đơn vị", "Tên sáng kiến", "Ngày công nhận", "Phạm vi ảnh hưởng"],
        [["CB001", None, None, "Số hóa hồ sơ", datetime.datetime(2023, 5, 1), "Cấp tỉnh"]],
    )
    records = xlsx(
        [
            "Mã khen thưởng",
            "Mã cá nhân",
            "Họ và tên",
            "Mã đơn vị",
            "Năm thành tích",
            "Số quyết định",
            "Ngày quyết định",
        ],
        [
            ["advanced_worker", "CB001", None, None, 2022, "12/QĐ-UBND", "15/01/2023"],
            ["flag_province", None, None, "VP", 2023, "46/QĐ-UBND", "2024-01-11"],
            ["merit_of_nothing", "CB001", None, None, 2022, "13/QĐ-UBND", "15/01/2023"],
        ],
    )

    first = upload(staff, "initiatives", initiatives)
    bad = upload(staff, "award-records", records)
    fixed = xlsx(
        [
            "Mã khen thưởng",
            "Mã cá nhân",
            "Họ và tên",
            "Mã đơn vị",
            "Năm thành tích",
            "Số quyết định",
            "Ngày quyết định",
        ],
        [
            ["advanced_worker", "CB001", None, None, 2022, "12/QĐ-UBND", "15/01/2023"],
            ["flag_province", None, None, "VP", 2023, "46/QĐ-UBND", "2024-01-11"],
        ],
    )
    good = upload(staff, "award-records", fixed)
    again = upload(staff, "award-records", fixed)

    assert first.status_code == 200 and Initiative.objects.get().scope == "province"
    assert bad.status_code == 400 and bad.json()["errors"][0]["column"] == "Mã khen thưởng"
    assert good.json()["created"] == 2 and again.json()["unchanged"] == 2
    assert set(AwardRecord.objects.values_list("source", flat=True)) == {"imported"}


def test_management_command_imports_and_refuses_bad_files(tmp_path, office, capsys):
    good = tmp_path / "people.xlsx"
    good.write_bytes(xlsx(PEOPLE_HEADER, GOOD_PEOPLE))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(PEOPLE_HEADER, [["CB9", "A", "Nam", 1980, None, "NOPE"]]))

    call_command("import_register", "people", str(good), "--dry-run")
    assert not Person.objects.exists()
    call_command("import_register", "people", str(good))
    with pytest.raises(CommandError):
        call_command("import_register", "people", str(bad))

    assert Person.objects.count() == 3
    assert "3 mới" in capsys.readouterr().out
