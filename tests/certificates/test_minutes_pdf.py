"""Council minutes read back from the PDF."""

from __future__ import annotations

import dataclasses

from certificates.rendering import render_minutes
from tests.certificates.samples import find_one, minutes, pdf_text, table_rows


def test_minutes_contain_nominees_tallies_and_outcomes():
    content = minutes()

    pdf = render_minutes(content)

    text = "\n".join(pdf_text(pdf))
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ngày 05 tháng 01 năm 2024" in text
    assert "bỏ phiếu kín" in text
    tally = [row for row in table_rows(pdf) if len(row) == 11]
    assert tally[0][:3] == ["STT", "Cá nhân, tập thể được đề nghị", "Hình thức khen thưởng"]
    assert tally[1:] == [
        [
            "1",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Cờ thi đua của UBND tỉnh",
            "11",
            "9",
            "8",
            "1",
            "0",
            "2",
            "0",
            "Đề nghị khen thưởng",
        ],
        [
            "2",
            "Sở Tài chính",
            "Cờ thi đua của UBND tỉnh",
            "11",
            "9",
            "5",
            "3",
            "1",
            "1",
            "1",
            "Không đề nghị",
        ],
    ]


def test_minutes_list_attendance_and_signatures():
    content = minutes()

    pdf = render_minutes(content)

    text = "\n".join(pdf_text(pdf))
    attendance = [row for row in table_rows(pdf) if len(row) == 3]
    assert "2/3 thành viên có mặt" in text
    assert attendance[1:] == [[str(i), m, s] for i, (m, s) in enumerate(content.attendance, start=1)]
    secretary = find_one(pdf, "Lê Thị Hoa", page=len(pdf_text(pdf)) - 1)
    chair = find_one(pdf, "Nguyễn Văn Bình", page=len(pdf_text(pdf)) - 1)
    assert secretary["x0"] < chair["x0"]
    assert abs(secretary["top"] - chair["top"]) < 1


def test_minutes_show_a_public_vote_and_the_issuing_body():
    content = dataclasses.replace(
        minutes(), secret_ballot=False, organisation_lines=("UBND TỈNH BẮC NINH", "HỘI ĐỒNG THI ĐUA")
    )

    text = "\n".join(pdf_text(render_minutes(content)))

    assert "biểu quyết công khai" in text
    assert "UBND TỈNH BẮC NINH" in text


def test_minutes_print_markup_literally():
    item = dataclasses.replace(minutes().items[0], nominee="<b>Phòng A & B")
    content = dataclasses.replace(minutes(), items=(item,))

    rows = table_rows(render_minutes(content))

    assert rows[-1][1] == "<b>Phòng A & B"
