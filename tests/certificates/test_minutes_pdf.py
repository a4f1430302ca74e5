"""Council minutes read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pdfplumber
import pytest
from django.utils import translation

from awards import clock
from awards.enums import OrganizationKind
from certificates.decision_and_minutes import minutes_pdf
from certificates.rendering import render_minutes
from nominations import council
from tests.certificates.samples import MM, find_one, minutes, pdf_text, table_rows
from tests.factories.awards import OrganizationFactory
from tests.factories.nominations import council_member
from tests.nominations.council_helpers import fixed_period, flag_rules, staff, verified


def test_minutes_contain_nominees_tallies_and_outcomes():
    items = tuple(
        dataclasses.replace(item, share=share)
        for item, share in zip(
            minutes().items,
            [
                "8/11 = 72,7 % ≥ 66,7 % của tổng số thành viên",
                "5/10 = 50,0 % < 66,7 % của tổng số thành viên",
            ],
            strict=True,
        )
    )
    content = dataclasses.replace(minutes(), items=items)

    pdf = render_minutes(content)

    text = " ".join("\n".join(pdf_text(pdf)).split())
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Ngày 05 tháng 01 năm 2024" in text  # no place name given: the date opens the line
    assert "bỏ phiếu kín" in text
    tally = [row for row in table_rows(pdf) if len(row) == 7]
    assert tally[0][:3] == [
        "STT",
        "Cá nhân, tập thể được đề nghị (hình thức khen thưởng)",
        "Thành viên / có mặt",
    ]
    assert tally[1:] == [
        [
            "1",
            "Văn phòng Ủy ban nhân dân tỉnh (Cờ thi đua của UBND tỉnh)",
            "11 / 9",
            "8",
            "1",
            "0",
            "8/11 = 72,7 % ≥ 66,7 % của tổng số thành viên: Đề nghị khen thưởng (trong đó 2 ý kiến bằng văn bản)",
        ],
        [
            "2",
            "Sở Tài chính (Cờ thi đua của UBND tỉnh)",
            "11 / 9",
            "5",
            "3",
            "1",
            "5/10 = 50,0 % < 66,7 % của tổng số thành viên: Không đề nghị (trong đó 1 ý kiến bằng văn bản)",
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

    assert rows[-1][1] == "<b>Phòng A & B (Cờ thi đua của UBND tỉnh)"


# --- the minutes of a real session, from the database -----------------------------------------


@pytest.fixture
def flag_session():
    """The flag's session: 5 members, 3 yes / 1 no / 1 abstain, 80 % of all members required."""
    root = OrganizationFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh", kind=OrganizationKind.AUTHORITY)
    period = fixed_period()
    rules = flag_rules()
    nomination = verified(
        rules,
        period,
        collective=True,
        nominee_organization=OrganizationFactory(name="Sở Tư pháp", parent=root),
    )
    people = [
        council_member(full_name=name, organization=OrganizationFactory())
        for name in ("Hoàng Văn Sơn", "Lê Minh Đức", "Nguyễn Quang Vinh", "Phạm Thị Xuân", "Đỗ Hải Yến")
    ]
    actor = staff()
    with clock.frozen_at(datetime.datetime(2024, 1, 2, 9, 0)):
        session = council.session_create(
            actor=actor,
            title="Phiên họp xét Cờ thi đua năm 2023",
            meeting_date=datetime.date(2024, 1, 5),
            period=period,
            members=people,
            agenda=[nomination],
            place="Phòng họp tầng 3, trụ sở UBND tỉnh",
            chair_name="Vũ Việt Văn",
            secretary_name="Trần Thị Bích Ngọc",
            minutes_number="03/BB-HĐTĐKT",
        )
    with clock.frozen_at(datetime.datetime(2024, 1, 5, 14, 0)):
        council.session_open(session=session, actor=actor)
        for person, choice in zip(people, ["yes", "yes", "yes", "no", "abstain"], strict=True):
            council.vote_cast(session=session, member=person, nomination=nomination, choice=choice)
    with clock.frozen_at(datetime.datetime(2024, 1, 5, 16, 30)):
        council.session_close(session=session, actor=actor)
    return session


def _words(pdf: bytes) -> str:
    """All pages' text with the renderer's line breaks undone."""
    return " ".join("\n".join(pdf_text(pdf)).split())


@pytest.mark.django_db
def test_minutes_carry_body_number_place_date_times_chair_secretary_and_threshold_in_order(flag_session):
    pdf = minutes_pdf(session=flag_session)

    text = _words(pdf)
    expected_order = [
        "UBND TỈNH BẮC NINH",
        "HỘI ĐỒNG",
        "THI ĐUA - KHEN THƯỞNG",
        "Số: 03/BB-HĐTĐKT",
        "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Thời gian bắt đầu: 14 giờ 00, ngày 05 tháng 01 năm 2024.",
        "Địa điểm: Phòng họp tầng 3, trụ sở UBND tỉnh.",
        "I. Thành phần tham dự: 5/5 thành viên có mặt.",
        "Vũ Việt Văn Chủ trì",
        "Trần Thị Bích Ngọc Thư ký",
        "II. Kết quả biểu quyết",
        "Cuộc họp kết thúc lúc 16 giờ 30 cùng ngày.",
        "THƯ KÝ CHỦ TRÌ",
        "Trần Thị Bích Ngọc Vũ Việt Văn",
    ]
    # The date line sits in the right-hand column, beside the left one.
    assert "Bắc Ninh, ngày 05 tháng 01 năm 2024" in text
    positions = [text.find(fragment) for fragment in expected_order]
    assert -1 not in positions, (text, [f for f, p in zip(expected_order, positions, strict=True) if p < 0])
    assert positions == sorted(positions)
    tally = [row for row in table_rows(pdf) if len(row) == 7]
    assert tally[1][2:] == [
        "5 / 5",
        "3",
        "1",
        "1",
        "3/5 = 60,0 % < 80 % của tổng số thành viên: Không đề nghị",
    ]
    # The parent body regular, the council bold (it is the issuer).
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        parent = page.search("UBND TỈNH BẮC NINH", return_chars=True)[0]["chars"]
        council_name = page.search("THI ĐUA - KHEN THƯỞNG", return_chars=True)[0]["chars"]
    assert not any("Bold" in c["fontname"] for c in parent)
    assert all("Bold" in c["fontname"] for c in council_name if c["text"].strip())


@pytest.mark.django_db
def test_minutes_left_margin_is_30_mm(flag_session):
    pdf = minutes_pdf(session=flag_session)

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            left = min(c["x0"] for c in page.chars if c["text"].strip())
            lines = [e["x0"] for e in page.lines + page.rects]
            assert left >= 30 * MM - 0.5
            assert not lines or min(lines) >= 30 * MM - 0.5
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        # The tally table starts at the margin: the layout uses the 30 mm, not 25.
        assert min(e["x0"] for e in page.rects + page.lines) < 31 * MM


@pytest.mark.django_db
def test_minutes_are_vietnamese_whatever_the_readers_language(flag_session):
    with translation.override("en"):
        pdf = minutes_pdf(session=flag_session)

    tally = [row for row in table_rows(pdf) if len(row) == 7]
    assert tally[1][-1] == "3/5 = 60,0 % < 80 % của tổng số thành viên: Không đề nghị"
