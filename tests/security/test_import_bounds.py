"""Finding 9: an Excel import is bounded before its rows are parsed.

File size, unpacked size, the sheet's declared dimension and the number of
rows read (blank rows included) are all checked; a file claiming 1,048,576
rows is refused without reading them.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from awards import imports
from awards.enums import Role
from awards.models import Person
from tests.factories.awards import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Mã đơn vị"]
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(rows=(), *, far_cell: tuple[int, int] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=far_cell[0], column=far_cell[1], value="x")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_sheet(xml_rows: bytes, *, extra: tuple[str, bytes] | None = None) -> bytes:
    """The same workbook with its sheet written by hand (no <dimension>: nothing announces the size)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == SHEET:
                head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                data = head + xml_rows + b"</sheetData></worksheet>"
            target.writestr(entry.filename, data)
        if extra:
            target.writestr(*extra)
    return out.getvalue()


def _header_row() -> bytes:
    cells = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), text.encode())
        for i, text in enumerate(HEADER)
    )
    return b'<row r="1">' + cells + b"</row>"


@pytest.fixture
def staff(client_for):
    OrganizationFactory(code="VP")
    return client_for(UserFactory(roles=[Role.STAFF]))


def _post(client, content: bytes):
    file = SimpleUploadedFile("so.xlsx", content, content_type="application/vnd.ms-excel")
    return client.post("/api/v1/imports/people/", {"file": file, "dry_run": "true"})


def test_a_five_kilobyte_file_declaring_a_million_rows_is_refused_in_under_a_second(staff):
    content = _workbook(far_cell=(1_048_576, 1))
    assert len(content) < 10_000

    started = time.perf_counter()
    response = _post(staff, content)
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert "1048576 dòng" in str(response.json())
    assert elapsed < 1.0


def test_a_far_column_is_refused_by_the_dimension(staff):
    response = _post(staff, _workbook(far_cell=(2, 16_384)))

    assert response.status_code == 400
    assert "16384 cột" in str(response.json())


def test_three_hundred_thousand_whitespace_rows_stop_at_the_row_limit(staff):
    blank = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t> </t></is></c></row>' % (n, n)
        for n in range(2, 300_002)
    )
    content = _with_sheet(_header_row() + blank)

    response = _post(staff, content)

    assert response.status_code == 400
    assert f"quá {imports.MAX_ROWS} dòng" in str(response.json())


def test_a_zip_that_unpacks_past_the_limit_is_refused(staff):
    bomb = ("docProps/padding.xml", b" " * (imports.MAX_UNPACKED_BYTES + 1))
    content = _with_sheet(_header_row(), extra=bomb)
    assert len(content) < imports.MAX_BYTES

    response = _post(staff, content)

    assert response.status_code == 413


def test_a_file_over_the_byte_limit_is_413(staff):
    response = _post(staff, b"PK" + b"\x00" * (imports.MAX_BYTES + 1))

    assert response.status_code == 413


def test_blank_rows_inside_the_limit_are_skipped_and_the_rest_imported(client_for):
    OrganizationFactory(code="VP")
    staff = client_for(UserFactory(roles=[Role.STAFF]))
    rows = [["CB01", "Nguyễn Văn An", "Nam", 1980, "Chuyên viên", "VP"], [None] * 6, [" "] * 6]
    rows += [["CB02", "Trần Thị Bình", "Nữ", 1985, "Chuyên viên", "VP"]]
    file = SimpleUploadedFile("so.xlsx", _workbook(rows), content_type="application/vnd.ms-excel")

    response = staff.post("/api/v1/imports/people/", {"file": file, "dry_run": "false"})

    assert response.status_code in (200, 201), response.content
    assert set(Person.objects.values_list("code", flat=True)) >= {"CB01", "CB02"}


def test_a_far_row_without_a_dimension_stops_at_the_row_limit(staff):
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'

    started = time.perf_counter()
    response = _post(staff, _with_sheet(_header_row() + far))

    assert response.status_code == 400
    assert f"quá {imports.MAX_ROWS} dòng" in str(response.json())
    assert time.perf_counter() - started < 1.0
