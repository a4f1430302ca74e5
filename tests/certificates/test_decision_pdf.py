"""The decision and its annexed list, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pdfplumber
import pytest

from awards.enums import OrganizationKind
from awards.models import BaseSalary, RuleSet
from certificates.decision_and_minutes import annex_rows, decision_pdf
from certificates.rendering import (
    ContentError,
    DecisionRecipient,
    MissingGlyphError,
    format_vnd,
    render_decision,
)
from nominations import decisions
from nominations.enums import NominationStatus
from tests.certificates.samples import MM, decision, find, find_one, page_count, pdf_text, table_rows
from tests.factories.awards import OrganizationFactory, PersonFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, flag_rules, merit_rules, staff, verified


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


# --- the decision as the province prints it, from the database -------------------------------

AUTHORITY = "Ủy ban nhân dân tỉnh Bắc Ninh"


def _seeded_grounds(on: datetime.date) -> dict:
    """The legal grounds the catalogue carries for the merit certificate on a date."""
    return (
        RuleSet.objects.filter(award_type__code="merit_chairman", effective_from__lte=on)
        .latest("effective_from")
        .decision_grounds
    )


@pytest.fixture
def province():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalaryFactory(effective_from=datetime.date(2024, 7, 1), amount=2_340_000)
    root = OrganizationFactory(name=AUTHORITY, kind=OrganizationKind.AUTHORITY)
    office = OrganizationFactory(
        name="Văn phòng Ủy ban nhân dân tỉnh", kind=OrganizationKind.OFFICE, parent=root
    )
    division = OrganizationFactory(name="Phòng Tổng hợp", parent=office)
    return {"root": root, "office": office, "division": division, "period": fixed_period()}


def _draft(province, rules, nominations, **kwargs):
    defaults = {
        "actor": staff(),
        "number": "46/QĐ-UBND",
        "signed_on": datetime.date(2024, 1, 11),
        "signer_name": "Vũ Việt Văn",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": AUTHORITY.upper(),
        "place": "Bắc Ninh",
        "award_type": rules.award_type,
        "period": province["period"],
        "nominations": nominations,
        "proposal_number": "19/TTr-SNV",
        "proposal_date": datetime.date(2024, 1, 9),
        "proposer": "Giám đốc Sở Nội vụ",
    }
    defaults.update(kwargs)
    return decisions.decision_create(**defaults)


def _merit_decision(province, **kwargs):
    on = kwargs.get("signed_on", datetime.date(2024, 1, 11))
    rules = merit_rules(decision_grounds=_seeded_grounds(on), reward_fund="Quỹ Thi đua, khen thưởng tỉnh")
    people = [
        PersonFactory(
            full_name="Nguyễn Thị Thu Hà", position="Phó Chánh Văn phòng", organization=province["office"]
        ),
        PersonFactory(
            full_name="Trần Văn Thưởng", position="Trưởng phòng", organization=province["division"]
        ),
        PersonFactory(full_name="Lê Văn Nam", position="Chuyên viên", organization=province["division"]),
    ]
    nominations = [
        verified(rules, province["period"], status=NominationStatus.APPROVED, nominee_person=p)
        for p in people
    ]
    return _draft(province, rules, nominations, **kwargs)


def _lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [
            " ".join(line.split()) for page in doc.pages for line in (page.extract_text() or "").splitlines()
        ]


def _body(pdf: bytes) -> str:
    """The first page's text as one string (line breaks are the renderer's, not the text's)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return " ".join((doc.pages[0].extract_text() or "").split())


def _diagonal(pdf: bytes) -> list[str]:
    """Per page, the characters drawn at 45° (the draft mark)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [
            "".join(
                c["text"]
                for c in page.chars
                if c["matrix"][1] > 0.5 and abs(c["matrix"][0] - c["matrix"][1]) < 0.01
            )
            for page in doc.pages
        ]


def _issue(decision):
    return decisions.decision_issue(decision=decision, actor=chairman(), confirm_unverified=True)


@pytest.mark.django_db
def test_decision_grounds_proposal_and_articles_in_order_and_wording(province):
    pdf = decision_pdf(decision=_issue(_merit_decision(province)))

    body = _body(pdf)
    expected_order = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023",
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 19/TTr-SNV ngày 09 tháng 01 năm 2024.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 03 cá nhân (có danh sách kèm theo)",
        "Điều 2. Tiền thưởng kèm theo: mỗi cá nhân 2.700.000 đồng. Tổng số tiền thưởng là 8.100.000 đồng "
        "(bằng chữ: tám triệu một trăm nghìn đồng), trích từ Quỹ Thi đua, khen thưởng tỉnh.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh,",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
    ]
    positions = [body.find(fragment) for fragment in expected_order]
    assert -1 not in positions, [f for f, p in zip(expected_order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Nghị định số 152/2025" not in body


@pytest.mark.django_db
def test_decision_after_july_2025_cites_decree_152_instead_of_98(province):
    province["period"].rules_date = datetime.date(2025, 8, 1)
    province["period"].save()
    decision = _merit_decision(
        province, signed_on=datetime.date(2025, 8, 1), proposal_date=datetime.date(2025, 7, 30)
    )

    body = _body(decision_pdf(decision=decision))

    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in body
    assert "98/2023" not in body


@pytest.mark.django_db
def test_authority_block_is_the_issuer_in_bold(province):
    pdf = decision_pdf(decision=_merit_decision(province))

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        heading = [c for c in page.chars if c["top"] < 60 * MM and c["x0"] < 80 * MM and c["text"].strip()]
    texts = "".join(c["text"] for c in heading)
    assert "ỦYBANNHÂNDÂN" in texts and "TỈNHBẮCNINH" in texts
    authority_chars = [c for c in heading if c["top"] < heading[0]["top"] + 12 * MM and "Số" not in c["text"]]
    name_chars = [c for c in authority_chars if c["size"] >= 12.5]
    assert name_chars and all("Bold" in c["fontname"] for c in name_chars)


@pytest.mark.django_db
def test_individual_annex_columns_units_title_and_reference(province):
    decision = _issue(_merit_decision(province))
    pdf = decision_pdf(decision=decision)

    rows = table_rows(pdf)
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền (đồng)"]
    details = [row[2] for row in rows[1:4]]
    # The position's own unit is not repeated, and the unit is never replaced by its parent.
    assert details == [
        "Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Trưởng phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh",
        "Chuyên viên Phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh",
    ]
    assert [r.detail for r in annex_rows(decision)] == details
    lines = _lines(pdf)
    title = lines.index("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG")
    assert lines[title + 1] == "BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    reference = " ".join(lines[title + 2 : title + 4])
    assert (
        reference
        == "(Kèm theo Quyết định số 46/QĐ-UBND ngày 11 tháng 01 năm 2024 của Chủ tịch Ủy ban nhân dân tỉnh)"
    )


@pytest.mark.django_db
def test_collective_annex_names_the_unit_not_its_parent(province):
    rules = flag_rules(reward_fund="Quỹ Thi đua, khen thưởng tỉnh")
    centre = OrganizationFactory(name="Trung tâm Thông tin - Công báo", parent=province["office"])
    nominations = [
        verified(
            rules,
            province["period"],
            collective=True,
            status=NominationStatus.APPROVED,
            nominee_organization=org,
        )
        for org in (province["office"], centre)
    ]
    pdf = decision_pdf(decision=_issue(_draft(province, rules, nominations, number="45/QĐ-UBND")))

    rows = table_rows(pdf)
    assert rows[0] == ["STT", "Tên tập thể", "Số tiền (đồng)"]
    assert [row[1] for row in rows[1:3]] == [
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Trung tâm Thông tin - Công báo, Văn phòng Ủy ban nhân dân tỉnh",
    ]
    assert not any("Bắc Ninh" in cell for row in rows for cell in row)
    lines = _lines(pdf)
    assert "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG" in lines
    assert "CỜ THI ĐUA CỦA ỦY BAN NHÂN DÂN TỈNH" in lines
    assert "mỗi tập thể 14.400.000 đồng" in _body(pdf)


@pytest.mark.django_db
def test_draft_is_marked_on_every_page_without_number_or_signer_and_issued_is_not(province):
    decision = _merit_decision(province)

    draft = decision_pdf(decision=decision)
    marks = _diagonal(draft)
    assert len(marks) >= 2 and all(mark == "DỰ THẢO" for mark in marks)
    text = " ".join(_lines(draft))
    assert "Vũ Việt Văn" not in text
    assert "46/QĐ-UBND" not in text and "Số: /QĐ-UBND" in text

    issued = decision_pdf(decision=_issue(decision))
    assert _diagonal(issued) == ["", ""]
    text = " ".join(_lines(issued))
    assert "Vũ Việt Văn" in text and "Số: 46/QĐ-UBND" in text
