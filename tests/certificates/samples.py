"""Content builders and PDF readers shared by the rendering tests (no database)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pdfplumber
import pypdfium2
import zxingcpp

from certificates.rendering import (
    CertificateContent,
    DecisionContent,
    DecisionRecipient,
    MinutesContent,
    MinutesItem,
)

MM = 72 / 25.4
VERIFY_URL = "https://tdkt.bacninh.gov.vn/verify/q7XkP2mZt9LwR4vN8cYb3A/"


def certificate(**changes: object) -> CertificateContent:
    content = CertificateContent(
        register_number=3,
        layout_code="merit_chairman",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        award_title="BẰNG KHEN",
        recipient_name="Ông Nguyễn Văn An",
        recipient_detail="Chuyên viên Phòng Kiểm soát thủ tục hành chính, Văn phòng Ủy ban nhân dân tỉnh",
        citation="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023, góp phần vào sự nghiệp "
        "xây dựng và phát triển tỉnh.",
        decision_number="46/QĐ-UBND",
        decision_date=date(2024, 1, 11),
        place="Bắc Ninh",
        signer_title_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        signer_name="Nguyễn Văn Bình",
        verify_url=VERIFY_URL,
        province_name="ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        year=2023,
    )
    return dataclasses.replace(content, **changes)


def decision(recipients: int = 7, **changes: object) -> DecisionContent:
    people = tuple(
        DecisionRecipient(
            name=f"Ông Nguyễn Văn Người{i:03d}",
            detail="Chuyên viên Văn phòng Ủy ban nhân dân tỉnh",
            amount=2_700_000,
        )
        for i in range(1, recipients + 1)
    )
    content = DecisionContent(
        authority_upper="ỦY BAN NHÂN DÂN",
        authority_lower="TỈNH BẮC NINH",
        number="46/QĐ-UBND",
        place="Bắc Ninh",
        signed_on=date(2024, 1, 11),
        title="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        legal_bases=(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Theo đề nghị của Giám đốc Sở Nội vụ.",
        ),
        article1=f"Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho {recipients} cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023.",
        article2="Mỗi cá nhân được tặng Bằng khen kèm theo tiền thưởng theo quy định.",
        article3="Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ và các cá nhân có tên "
        "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        recipients_heading="DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        recipients=people,
        total_amount=2_700_000 * recipients,
        total_in_words="Mười tám triệu chín trăm nghìn đồng",
        recipients_of_copies=("Như Điều 3;", "Lưu: VT, NC."),
        signer_title_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        signer_name="Nguyễn Văn Bình",
        issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh",
    )
    return dataclasses.replace(content, **changes)


def minutes(**changes: object) -> MinutesContent:
    content = MinutesContent(
        title="BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        session_title="Phiên họp xét khen thưởng tổng kết năm 2023",
        meeting_date=date(2024, 1, 5),
        place="Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh",
        attendance=(
            ("Ông Trần Văn Cường", "Có mặt"),
            ("Bà Lê Thị Dung", "Có mặt"),
            ("Ông Phạm Văn Hải", "Vắng mặt (có ý kiến bằng văn bản)"),
        ),
        secret_ballot=True,
        items=(
            MinutesItem(
                nominee="Văn phòng Ủy ban nhân dân tỉnh",
                award="Cờ thi đua của UBND tỉnh",
                members=11,
                present=9,
                yes=8,
                no=1,
                abstain=0,
                written=2,
                recused=0,
                outcome="Đề nghị khen thưởng",
            ),
            MinutesItem(
                nominee="Sở Tài chính",
                award="Cờ thi đua của UBND tỉnh",
                members=11,
                present=9,
                yes=5,
                no=3,
                abstain=1,
                written=1,
                recused=1,
                outcome="Không đề nghị",
            ),
        ),
        chair_name="Nguyễn Văn Bình",
        secretary_name="Lê Thị Hoa",
    )
    return dataclasses.replace(content, **changes)


def pdf_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def find(pdf: bytes, text: str, page: int = 0, *, regex: bool = False) -> list[dict]:
    """Every occurrence of ``text`` on a page, with its x0 / top / bottom in points."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[page].search(text, regex=regex, return_chars=False)


def find_one(pdf: bytes, text: str, page: int = 0, *, regex: bool = False) -> dict:
    matches = find(pdf, text, page, regex=regex)
    assert len(matches) == 1, f"{text!r} found {len(matches)} times"
    return matches[0]


def chars(pdf: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return list(document.pages[page].chars)


def page_count(pdf: bytes) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def decode_qr_codes(pdf: bytes, page: int = 0, scale: float = 4) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=scale).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def pdfplumber_page_rects(pdf: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return list(document.pages[page].rects)


def pdfplumber_page_graphics(pdf: bytes, page: int = 0) -> int:
    """Number of vector objects (rectangles, lines, curves) on a page."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        p = document.pages[page]
        return len(p.rects) + len(p.lines) + len(p.curves)


def table_rows(pdf: bytes) -> list[list[str]]:
    """Every table row of the document, cells with their line breaks joined by spaces."""
    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows += [[" ".join((cell or "").split()) for cell in row] for row in table]
    return rows
