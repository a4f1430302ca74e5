"""Every list as .xlsx and the decision's annex as .xlsx and .docx, read back with real readers."""

from __future__ import annotations

import datetime
import io

import docx
import openpyxl
import pytest

from awards.models import AwardRecord, Person
from certificates.decision_and_minutes import annex_rows
from nominations.enums import DecisionStatus
from nominations.models import Decision
from tests.awards import register_fixtures
from tests.factories.awards import UserFactory

world = register_fixtures.world
api = register_fixtures.api
browser_as = register_fixtures.browser_as

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content)).active


def _header_row(sheet, first: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header {first!r}")


def _rows(sheet, first_header: str) -> list[list]:
    start = _header_row(sheet, first_header)
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=start + 1)]


def test_register_lines_export_with_dates_money_and_filters(world, api):
    response = api("canbo").get("/api/v1/award-records/?format=xlsx&year=2023&award_type_code=merit_chairman")
    sheet = _sheet(response)
    assert sheet["A1"].value == "Sổ theo dõi khen thưởng"
    written = [sheet.cell(row=r, column=1).value for r in range(2, 5)]
    assert written[:2] == ["Năm: 2023", "Mã hình thức khen thưởng: merit_chairman"], written
    start = _header_row(sheet, "Năm")
    assert [c.value for c in sheet[start]][:3] == ["Năm", "Hình thức khen thưởng", "Cá nhân / tập thể"]
    rows = list(sheet.iter_rows(min_row=start + 1))
    assert len(rows) == 7
    first = rows[0]
    assert first[0].value == 2023 and first[0].data_type == "n"
    assert first[4].value == "46/QĐ-UBND"
    assert first[5].value == datetime.datetime(2024, 1, 11)
    assert first[5].is_date and first[5].number_format == "DD/MM/YYYY"
    assert first[6].value == 2_700_000 and first[6].number_format == "#,##0"


def test_formula_like_text_stays_text(world, api, browser_as):
    office = world.orgs["VP"]
    Person.objects.create(
        full_name='=HYPERLINK("http://x","bấm")',
        code="+84-1",
        position="@SUM(A1)",
        gender="male",
        organization=office,
    )
    Person.objects.create(full_name="-1+2", code="=1+1", position="-", gender="female", organization=office)
    sheet = _sheet(api("canbo").get("/api/v1/people/?format=xlsx&search=hyperlink"))
    rows = list(sheet.iter_rows(min_row=_header_row(sheet, "Mã cá nhân") + 1))
    assert [c.value for c in rows[0]][:2] == ["+84-1", '=HYPERLINK("http://x","bấm")']
    assert all(c.data_type == "s" for c in rows[0][:2])
    assert rows[0][4].value == "@SUM(A1)" and rows[0][4].data_type == "s"
    page = browser_as("canbo").get("/register/people/?q=1%2B2&format=xlsx")
    sheet = _sheet(page)
    cells = next(sheet.iter_rows(min_row=_header_row(sheet, "Mã cá nhân") + 1))
    assert cells[0].value == "=1+1" and cells[0].data_type == "s"
    assert cells[1].value == "-1+2" and cells[1].data_type == "s"


def test_nominations_and_decisions_lists_export(world, api):
    sheet = _sheet(api("canbo").get("/api/v1/nominations/?format=xlsx"))
    assert sheet["A1"].value == "Danh sách hồ sơ đề nghị khen thưởng"
    rows = _rows(sheet, "Mã hồ sơ")
    assert rows and all(r[0].startswith("HS-") for r in rows)
    submitted = [r[7] for r in rows if r[7] is not None]
    assert submitted and all(isinstance(v, datetime.datetime) for v in submitted)
    sheet = _sheet(api("canbo").get("/api/v1/decisions/?format=xlsx&status=issued"))
    numbers = {r[0]: r for r in _rows(sheet, "Số quyết định")}
    assert numbers["46/QĐ-UBND"][5] == 7
    assert numbers["46/QĐ-UBND"][6] == 18_900_000
    assert numbers["45/QĐ-UBND"][6] == 28_800_000


def test_a_unit_head_exports_only_its_nominations(world, api):
    unit = _rows(_sheet(api("truongphong").get("/api/v1/nominations/?format=xlsx")), "Mã hồ sơ")
    office = world.orgs["VP"].name
    assert unit and {r[4] for r in unit} <= {
        o.name for o in world.orgs.values() if o.path.startswith(world.orgs["VP"].path)
    }
    assert any(r[4] == office for r in unit)


def test_statistics_export(world, api):
    sheet = _sheet(
        api("canbo").get(
            "/api/v1/statistics/awards/?year_from=2023&year_to=2023&group_by=award_type&format=xlsx"
        )
    )
    rows = {r[0]: r[1:] for r in _rows(sheet, "Hình thức khen thưởng")}
    assert rows["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == [7, 18_900_000]
    assert rows["Cờ thi đua của Ủy ban nhân dân tỉnh"] == [2, 28_800_000]
    filters = [sheet.cell(row=r, column=1).value for r in range(2, 6)]
    assert "Từ năm: 2023" in filters and "Đến năm: 2023" in filters


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/?format=pdf",
        "/api/v1/nominations/?format=csv",
        "/api/v1/statistics/awards/?format=doc",
    ],
)
def test_unknown_formats_are_a_400(world, api, url):
    response = api("canbo").get(url)
    assert response.status_code == 400
    assert "xlsx" in response.json()["format"][0]


def test_pages_refuse_unknown_formats(world, browser_as):
    assert browser_as("canbo").get("/register/people/?format=pdf").status_code == 400
    assert browser_as("canbo").get("/statistics/?format=pdf").status_code == 400


def test_an_export_over_the_limit_is_refused_with_the_limit(world, api, browser_as, settings):
    settings.EXPORT_MAX_ROWS = 5
    response = api("canbo").get("/api/v1/people/?format=xlsx")
    assert response.status_code == 400
    assert "5" in response.json()["detail"] and "25" in response.json()["detail"]
    page = browser_as("canbo").get("/register/people/?format=xlsx")
    assert page.status_code == 400
    assert "tối đa 5 dòng" in page.content.decode()


def test_a_user_without_a_role_cannot_export_the_register(world, browser_as):
    nobody = UserFactory(username="khong-vai-tro", roles=[], organization=world.orgs["VP"])
    for url in (
        "/register/people/?format=xlsx",
        "/register/organizations/?format=xlsx",
        "/statistics/?format=xlsx",
    ):
        assert browser_as(user=nobody).get(url).status_code == 403


# --- the annex ---------------------------------------------------------------------------------------


def _decision(number: str) -> Decision:
    return Decision.objects.get(number=number, status=DecisionStatus.ISSUED)


def _expected_rows(decision: Decision) -> list[tuple[str, int]]:
    # The rows the PDF prints, in its order (a collective is named with its parents).
    return [(row.name, row.amount) for row in annex_rows(decision)]


def test_annex_xlsx_has_the_pdf_rows_in_order(world, api):
    decision = _decision("46/QĐ-UBND")
    response = api("chutich").get(f"/api/v1/decisions/{decision.pk}/annex.xlsx")
    sheet = _sheet(response)
    # The title breaks where the PDF breaks it (between phrases); the words are the PDF's.
    assert " ".join(sheet["A1"].value.split()).startswith("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN")
    assert sheet["A2"].value.startswith("(Kèm theo Quyết định số 46/QĐ-UBND ngày 11 tháng 01 năm 2024")
    rows = _rows(sheet, "STT")
    body = [r for r in rows if isinstance(r[0], int)]
    expected = _expected_rows(decision)
    assert [r[0] for r in body] == list(range(1, 8))
    assert [(r[1], r[3]) for r in body] == expected
    total = next(r for r in rows if r[0] == "Tổng cộng")
    assert total[3] == sum(a for _n, a in expected) == 18_900_000
    assert sheet.cell(row=_header_row(sheet, "STT") + 1, column=4).number_format == "#,##0"


def test_annex_docx_has_the_pdf_rows_in_order(world, api):
    decision = _decision("45/QĐ-UBND")
    response = api("canbo").get(f"/api/v1/decisions/{decision.pk}/annex.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert " ".join(texts[0].split()).startswith("DANH SÁCH TẬP THỂ ĐƯỢC TẶNG CỜ THI ĐUA")
    assert texts[1].startswith("(Kèm theo Quyết định số 45/QĐ-UBND ngày 11 tháng 01 năm 2024")
    table = document.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["STT", "Tên tập thể", "Ghi chú", "Số tiền (đồng)"]
    expected = _expected_rows(decision)
    assert [(r[0], r[1], r[3]) for r in cells[1:-1]] == [
        (str(i), name, f"{amount:,}".replace(",", ".")) for i, (name, amount) in enumerate(expected, start=1)
    ]
    assert cells[-1][0] == "Tổng cộng" and cells[-1][3] == "28.800.000"
    assert any(t.startswith("Bằng chữ:") for t in texts)


def test_annex_permissions(world, api):
    decision = _decision("46/QĐ-UBND")
    for username in ("truongphong", "uyvien1"):
        assert api(username).get(f"/api/v1/decisions/{decision.pk}/annex.xlsx").status_code == 403
    assert api("canbo").get("/api/v1/decisions/999999/annex.docx").status_code == 404
    draft = Decision.objects.filter(status=DecisionStatus.DRAFT).first()
    assert draft is not None
    assert api("canbo").get(f"/api/v1/decisions/{draft.pk}/annex.xlsx").status_code == 409
    assert AwardRecord.objects.filter(decision_number="46/QĐ-UBND").count() == 7


def test_control_characters_in_the_filters_are_dropped_not_a_500(world, api):
    # Found by schema fuzzing: a query string carrying U+0001 reached the sheet's filter rows.
    response = api("canbo").get("/api/v1/decisions/", {"format": "xlsx", "ordering": "\x01\u0094L"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        sheet = _sheet(response)
        assert all("\x01" not in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
