"""The decision and its annexed list, read back from the PDF."""

from __future__ import annotations

import dataclasses

import pytest

from certificates.rendering import (
    ContentError,
    DecisionRecipient,
    MissingGlyphError,
    format_vnd,
    render_decision,
)
from tests.certificates.samples import MM, decision, find, find_one, page_count, pdf_text, table_rows


def test_decision_contains_number_recipients_amounts_total_and_words():
    content = decision(recipients=7)

    pdf = render_decision(content)

    text = "\n".join(pdf_text(pdf))
    rows = table_rows(pdf)
    assert "Số: 46/QĐ-UBND" in text
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền (đồng)"]
    assert rows[1:8] == [
        [str(i), r.name, "Chuyên viên Văn phòng Ủy ban nhân dân tỉnh", "2.700.000"]
        for i, r in enumerate(content.recipients, start=1)
    ]
    assert rows[8][0] == "Tổng cộng"
    assert rows[8][-1] == "18.900.000"
    assert "Bằng chữ: Mười tám triệu chín trăm nghìn đồng" in text
    assert (
        "(Kèm theo Quyết định số 46/QĐ-UBND ngày 11 tháng 01 năm 2024 của Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh)"
        in " ".join(text.split())
    )


def test_decision_first_page_follows_decree_30_order():
    pdf = render_decision(decision())

    number = find_one(pdf, "Số: 46/QĐ-UBND")
    national = find_one(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    date_line = find_one(pdf, "Bắc Ninh, ngày 11 tháng 01 năm 2024")
    order = [
        min(m["top"] for m in find(pdf, "ỦY BAN NHÂN DÂN")),
        min(m["top"] for m in find(pdf, "TỈNH BẮC NINH")),
        number["top"],
        find_one(pdf, r"QUYẾT ĐỊNH(?!:)", regex=True)["top"],
        find_one(pdf, "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")["top"],
        find_one(pdf, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH")["top"],
        find_one(pdf, "Căn cứ Luật Thi đua, khen thưởng")["top"],
        find_one(pdf, "QUYẾT ĐỊNH:")["top"],
        find_one(pdf, "Điều 1.")["top"],
        find_one(pdf, "Điều 2.")["top"],
        find_one(pdf, "Điều 3.")["top"],
        find_one(pdf, "Nơi nhận:")["top"],
    ]
    assert order == sorted(order)
    page_middle = 210 * MM / 2

    def centre(match: dict) -> float:
        return (match["x0"] + match["x1"]) / 2

    assert number["x1"] < page_middle  # top left
    assert centre(national) > page_middle + 20 * MM  # top right
    assert centre(date_line) == pytest.approx(centre(national), abs=1)
    assert national["top"] < date_line["top"]
    assert find_one(pdf, "Nguyễn Văn Bình")["x0"] > page_middle


def test_decision_annex_starts_on_a_new_page():
    pdf = render_decision(decision())

    pages = pdf_text(pdf)

    assert "DANH SÁCH" not in pages[0]
    assert pages[1].lstrip().startswith("2")  # page number, top centre, from page 2
    assert "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN" in pages[1]


def test_decision_with_300_recipients_breaks_the_table_across_pages():
    content = decision(recipients=300)

    pdf = render_decision(content)

    pages = pdf_text(pdf)
    rows = [row for row in table_rows(pdf) if row[0] != "STT"]
    assert page_count(pdf) > 5
    assert [row[1] for row in rows[:-1]] == [r.name for r in content.recipients]
    assert [row[0] for row in rows[:-1]] == [str(i) for i in range(1, 301)]
    for page in pages[1:]:
        assert "STT Họ và tên Chức vụ, đơn vị" in page  # header row repeated on each page
    assert rows[-1][-1] == format_vnd(2_700_000 * 300) == "810.000.000"


def test_decision_prints_markup_in_names_literally():
    people = (
        DecisionRecipient(name='<img src="/etc/passwd">', detail="<b>unclosed", amount=1_000_000),
        DecisionRecipient(name="A & B <font color=red>", detail="", amount=1_500_000),
    )
    content = decision(recipients=0)
    content = dataclasses.replace(content, recipients=people, total_amount=2_500_000)

    pdf = render_decision(content)

    rows = table_rows(pdf)
    assert rows[1][1:3] == ['<img src="/etc/passwd">', "<b>unclosed"]
    assert rows[2][1] == "A & B <font color=red>"
    assert b"/Subtype /Image" not in pdf


def test_decision_without_a_place_still_prints_its_date():
    content = dataclasses.replace(decision(), place="")

    first_page = pdf_text(render_decision(content))[0]

    assert "Ngày 11 tháng 01 năm 2024" in first_page


def test_decision_total_must_be_the_sum_of_the_amounts():
    content = dataclasses.replace(decision(recipients=3), total_amount=1)

    with pytest.raises(ContentError, match="total_amount"):
        render_decision(content)


def test_decision_refuses_a_name_the_font_cannot_print():
    people = (DecisionRecipient(name="Ông 王小明", detail="", amount=100),)
    content = dataclasses.replace(decision(recipients=0), recipients=people, total_amount=100)

    with pytest.raises(MissingGlyphError, match="U\\+738B"):
        render_decision(content)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0"), (999, "999"), (2_700_000, "2.700.000"), (1_234_567_890, "1.234.567.890"), (-5000, "-5.000")],
)
def test_format_vnd_separates_thousands_with_dots(amount, text):
    assert format_vnd(amount) == text
