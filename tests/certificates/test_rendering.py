"""Certificates read back from the PDF: line order, text fidelity, offsets, QR, scale."""

from __future__ import annotations

import dataclasses
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest

from certificates.rendering import (
    ContentError,
    MissingGlyphError,
    TextFitError,
    load_layout,
    render_certificates,
)
from tests.certificates.samples import (
    MM,
    VERIFY_URL,
    certificate,
    chars,
    decode_qr_codes,
    find,
    find_one,
    page_count,
    pdf_text,
    pdfplumber_page_graphics,
    pdfplumber_page_rects,
)

RED = (0.784314, 0.062745, 0.180392)  # #C8102E


def test_full_mode_prints_every_line_in_official_order():
    content = certificate()

    pdf = render_certificates([content])

    page_width = 420 * MM
    line = {
        name: find_one(pdf, text)
        for name, text in {
            "1 national name": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "2 motto": "Độc lập - Tự do - Hạnh phúc",
            "3 authority": content.authority_line,
            "4 presents": "TẶNG",
            "5 award title": "BẰNG KHEN",
            "6 recipient": content.recipient_name,
            "6 detail": content.recipient_detail,
            "7 citation": "Đã có thành tích xuất sắc",
            "8 decision": "Quyết định số 46/QĐ-UBND ngày 11/01/2024",
            "8 register": "Số sổ vàng: 3",
            "9 place and date": "Bắc Ninh, ngày 11 tháng 01 năm 2024",
            "9 signer title 1": "KT. CHỦ TỊCH",
            "9 signer title 2": "PHÓ CHỦ TỊCH",
            "9 signer name": "Nguyễn Văn Bình",
        }.items()
    }
    top_down = [
        "1 national name",
        "2 motto",
        "3 authority",
        "4 presents",
        "5 award title",
        "6 recipient",
        "6 detail",
        "7 citation",
        "9 place and date",
        "9 signer title 1",
        "9 signer title 2",
        "9 signer name",
    ]
    tops = [line[name]["top"] for name in top_down]
    assert tops == sorted(tops)
    assert line["7 citation"]["top"] < line["8 decision"]["top"] < line["8 register"]["top"]
    # Line 8 sits bottom left, line 9 bottom right.
    assert line["8 decision"]["x1"] < page_width / 2 < line["9 place and date"]["x0"]
    # ~35 mm for the signature and the seal.
    gap = line["9 signer name"]["top"] - line["9 signer title 2"]["bottom"]
    assert gap >= 30 * MM


def test_full_mode_title_is_red_bold_and_largest():
    pdf = render_certificates([certificate()])

    page_chars = chars(pdf)
    title = find_one(pdf, "BẰNG KHEN")
    title_chars = [c for c in page_chars if abs(c["top"] - title["top"]) < 1 and c["text"].strip()]
    authority = find_one(pdf, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH")
    authority_chars = [c for c in page_chars if abs(c["top"] - authority["top"]) < 1 and c["text"].strip()]

    assert all(c["non_stroking_color"] == pytest.approx(RED, abs=1e-3) for c in title_chars)
    assert all(c["non_stroking_color"] == pytest.approx(RED, abs=1e-3) for c in authority_chars)
    assert all("Bold" in c["fontname"] for c in title_chars + authority_chars)
    others = [c for c in page_chars if abs(c["top"] - title["top"]) >= 1]
    assert min(c["size"] for c in title_chars) > max(c["size"] for c in others)


def test_full_mode_underlines_the_motto():
    pdf = render_certificates([certificate()])

    motto = find_one(pdf, "Độc lập - Tự do - Hạnh phúc")
    under = [
        r
        for r in pdfplumber_page_rects(pdf)
        if motto["bottom"] - 1 <= r["top"] <= motto["bottom"] + 4
        and r["x0"] == pytest.approx(motto["x0"], abs=0.5)
        and r["x1"] == pytest.approx(motto["x1"], abs=0.5)
    ]

    assert len(under) == 1


def test_decomposed_input_reads_back_composed():
    name = "Bà Nguyễn Thị Hương Đặng Thuỳ Dương"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name

    pdf = render_certificates([certificate(recipient_name=decomposed)])

    assert name in pdf_text(pdf)[0]
    assert decomposed not in pdf_text(pdf)[0]


@pytest.mark.parametrize(
    "name",
    ["<font color=red>", '<img src="/etc/passwd">', "A & B", "<b>unclosed", "&lt;x&gt; &#65;"],
)
def test_markup_in_user_text_prints_literally(name):
    pdf = render_certificates([certificate(recipient_name=name, citation=name)])

    assert len(find(pdf, name)) == 2
    assert b"/Subtype /Image" not in pdf


def _field_chars(pdf: bytes) -> list[tuple[str, float, float]]:
    return [(c["text"], c["x0"], c["top"]) for c in chars(pdf)]


def test_blank_mode_moves_every_field_by_exactly_the_offsets():
    content = certificate()

    origin = _field_chars(render_certificates([content], mode="blank"))
    moved = _field_chars(render_certificates([content], mode="blank", offset_x_mm=3.5, offset_y_mm=-2.0))

    assert [c[0] for c in moved] == [c[0] for c in origin]
    assert len(origin) > 200
    for (_, x0, top), (_, moved_x0, moved_top) in zip(origin, moved, strict=True):
        assert moved_x0 - x0 == pytest.approx(3.5 * MM, abs=0.01)  # positive x: right
        assert moved_top - top == pytest.approx(2.0 * MM, abs=0.01)  # negative y: down


def test_blank_mode_prints_only_the_variable_lines():
    content = certificate()

    pdf = render_certificates([content], mode="blank")

    text = pdf_text(pdf)[0]
    for printed in (
        content.recipient_name,
        "Số sổ vàng: 3",
        "Quyết định số 46/QĐ-UBND ngày 11/01/2024",
        "Bắc Ninh, ngày 11 tháng 01 năm 2024",
        "PHÓ CHỦ TỊCH",
        content.signer_name,
    ):
        assert printed in text
    for omitted in ("CỘNG HÒA", "Độc lập", "TẶNG", "BẰNG KHEN", content.authority_line):
        assert omitted not in text


def test_blank_mode_draws_no_border_or_star_but_the_qr_code():
    pdf = render_certificates([certificate()], mode="blank")
    qr_only = dataclasses.replace(load_layout("merit_chairman"), fields={}, preprinted=())

    # Every graphic on the page is the QR code's (a layout with nothing but the QR
    # code draws exactly as many).
    assert pdfplumber_page_graphics(pdf) == pdfplumber_page_graphics(
        render_certificates([certificate()], mode="blank", layout=qr_only)
    )
    assert decode_qr_codes(pdf) == [VERIFY_URL]


@pytest.mark.parametrize("layout_code", ["merit_chairman", "generic", "flag_inscription"])
def test_qr_code_decodes_to_the_verify_url(layout_code):
    pdf = render_certificates([certificate(layout_code=layout_code)])

    assert decode_qr_codes(pdf) == [VERIFY_URL]


def test_qr_codes_decode_for_many_urls():
    urls = [f"https://tdkt.example.gov.vn/verify/{'k' * n}{n:03d}/" for n in range(5, 60, 6)]

    pdf = render_certificates([certificate(verify_url=u, register_number=i) for i, u in enumerate(urls)])

    assert [decode_qr_codes(pdf, page=i, scale=3) for i in range(len(urls))] == [[u] for u in urls]


def test_chinese_name_raises_missing_glyph_naming_the_character():
    with pytest.raises(MissingGlyphError) as caught:
        render_certificates([certificate(recipient_name="Ông 王小明", register_number=17)])

    assert caught.value.char == "王"
    assert "U+738B" in str(caught.value)
    assert "王" in str(caught.value)
    assert "register number 17" in str(caught.value)
    assert caught.value.field == "recipient"


def test_thousand_certificates_are_one_pdf_with_fonts_embedded_once():
    contents = [
        certificate(register_number=n, recipient_name=f"Ông Nguyễn Văn An {n}", verify_url=f"{VERIFY_URL}{n}")
        for n in range(1, 1001)
    ]
    progress: list[int] = []

    pdf = render_certificates(contents, on_page=progress.append)

    assert page_count(pdf) == 1000
    assert pdf.count(b"/FontFile2") == 4  # regular, bold, italic, bold italic: once each
    assert len(pdf) / 1000 < 5000
    assert progress == list(range(1, 1001))


def test_500_character_collective_name_fits_inside_its_box():
    name = ("Tập thể Phòng Kiểm soát thủ tục hành chính, Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh; " * 7)[
        :500
    ].strip()
    content = certificate(recipient_name=name)

    pdf = render_certificates([content])

    page_chars = chars(pdf)
    detail_top = find_one(pdf, content.recipient_detail)["top"]
    award_bottom = find_one(pdf, "BẰNG KHEN")["bottom"]
    name_chars = [c for c in page_chars if award_bottom < c["top"] < detail_top]
    assert "".join(c["text"] for c in name_chars).replace(" ", "") == name.replace(" ", "")
    inner_frame = 17 * MM  # border margin 8 mm + frame 9 mm
    assert all(inner_frame < c["x0"] and c["x1"] < 420 * MM - inner_frame for c in name_chars)
    assert max(c["bottom"] for c in name_chars) < detail_top
    assert len({round(c["top"]) for c in name_chars}) == 2  # at most two lines


def test_text_that_cannot_fit_even_at_5_pt_is_refused():
    with pytest.raises(TextFitError, match="recipient"):
        render_certificates([certificate(recipient_name="Văn phòng " * 600)])


def test_flag_sheet_shows_inscription_year_and_real_size():
    content = certificate(layout_code="flag_inscription", recipient_name="Văn phòng Ủy ban nhân dân tỉnh")

    pdf = render_certificates([content])

    text = pdf_text(pdf)[0]
    assert "ĐƠN VỊ DẪN ĐẦU PHONG TRÀO THI ĐUA NĂM 2023" in text
    assert "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" in text
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH" in text
    assert "TẶNG" in text
    assert "Tỷ lệ 1:4" in text
    assert "850 mm" in text and "650 mm" in text


def test_flag_is_drawn_to_scale():
    pdf = render_certificates([certificate(layout_code="flag_inscription")])

    red = [
        r
        for r in pdfplumber_page_rects(pdf)
        if r["non_stroking_color"] == pytest.approx((0.854902, 0.145098, 0.113725), abs=1e-3)
    ]
    assert len(red) == 1
    assert red[0]["width"] == pytest.approx(850 / 4 * MM, abs=0.1)
    assert red[0]["height"] == pytest.approx(650 / 4 * MM, abs=0.1)


def test_flag_scale_note_follows_the_paper_size():
    pdf = render_certificates([certificate(layout_code="flag_inscription")], page_size_mm=(420, 297))

    assert "Tỷ lệ 1:2,83" in pdf_text(pdf)[0]


def test_flag_without_year_is_refused():
    with pytest.raises(ContentError, match="year"):
        render_certificates([certificate(layout_code="flag_inscription", year=None)])


def test_generic_layout_prints_any_award_title():
    pdf = render_certificates([certificate(layout_code="generic", award_title="Chiến sĩ thi đua cơ sở")])

    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in pdf_text(pdf)[0]


def test_page_size_override_scales_the_full_design_onto_a4():
    pdf = render_certificates([certificate()], page_size_mm=(297, 210))

    page_chars = chars(pdf)
    assert find_one(pdf, "BẰNG KHEN")
    assert all(
        c["x0"] > 0 and c["x1"] < 297 * MM and c["top"] > 0 and c["bottom"] < 210 * MM for c in page_chars
    )


def test_blank_mode_at_100_percent_keeps_the_distance_from_the_top_left_corner():
    content = certificate()

    a3 = find_one(render_certificates([content], mode="blank"), content.recipient_name)
    custom = find_one(
        render_certificates([content], mode="blank", page_size_mm=(430, 310)), content.recipient_name
    )

    assert custom["x0"] == pytest.approx(a3["x0"], abs=0.01)
    assert custom["top"] == pytest.approx(a3["top"], abs=0.01)  # same distance from the top


def test_layout_argument_replaces_each_layout_code():
    pdf = render_certificates([certificate(layout_code="merit_chairman")], layout=load_layout("generic"))

    assert chars(pdf)[0]["x0"] < 297 * MM
    with pytest.raises(ValueError):
        render_certificates([certificate()], mode="preview")


def test_empty_batch_is_refused():
    with pytest.raises(ContentError):
        render_certificates([])


def test_empty_detail_is_simply_left_out():
    pdf = render_certificates([certificate(recipient_detail="")])

    assert "Chuyên viên" not in pdf_text(pdf)[0]


def test_empty_place_prints_the_date_without_a_leading_comma():
    text = pdf_text(render_certificates([certificate(place="")]))[0]

    assert ", ngày" not in text
    assert "Ngày " in text


def test_concurrent_renders_in_threads_match_sequential_renders():
    batches = [
        [
            certificate(register_number=b * 100 + i, recipient_name=f"Bà Trần Thị Ánh Tuyết {b}-{i}")
            for i in range(10)
        ]
        for b in range(4)
    ]
    sequential = [render_certificates(batch) for batch in batches]

    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(render_certificates, batches))

    assert concurrent == sequential  # invariant PDFs: byte for byte
