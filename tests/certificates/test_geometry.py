"""One geometry: positions from the sheet's top-left corner, the same in blank mode,
full mode and on the calibration page, read back from the PDFs with pdfplumber."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from certificates.rendering import (
    LayoutError,
    NoBlankError,
    OffSheetError,
    layout_from_dict,
    load_layout,
    place,
    render_calibration_page,
    render_certificates,
)
from tests.certificates.samples import certificate

MM = 72 / 25.4
A3, A4 = (420, 297), (297, 210)
RED = (0.784, 0.063, 0.18)  # the calibration page's crosshairs


def _lines_by_baseline(pdf: bytes) -> tuple[float, list[list[dict]]]:
    """The page height and its text lines: chars grouped by font size and baseline."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        groups: dict[tuple[float, float], list[dict]] = {}
        for char in page.chars:
            if not char["text"].strip():
                continue
            key = (round(char["size"], 2), round(char["matrix"][5], 2))
            groups.setdefault(key, []).append(char)
        return float(page.height), [sorted(g, key=lambda c: c["x0"]) for g in groups.values()]


def _anchor(pdf: bytes, text_start: str, align: str) -> tuple[float, float]:
    """(x, baseline) in mm from the top-left corner of the line starting with `text_start`."""
    height, lines = _lines_by_baseline(pdf)
    for chars in lines:
        text = "".join(c["text"] for c in chars)
        if text.startswith(text_start.replace(" ", "")):
            left, right = chars[0]["x0"], chars[-1]["x1"]
            x = left if align == "left" else right if align == "right" else (left + right) / 2
            return x / MM, (height - chars[0]["matrix"][5]) / MM
    raise AssertionError(f"no line starting with {text_start!r}")


def _crosshairs(pdf: bytes) -> list[tuple[float, float]]:
    """Centres of the calibration page's red crosses, in mm from the top-left corner."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        centres = []
        for line in page.lines:
            colour = tuple(round(v, 3) for v in (line.get("stroking_color") or ()))
            if colour != RED or abs(line["top"] - line["bottom"]) > 0.01:
                continue
            centres.append(((line["x0"] + line["x1"]) / 2 / MM, line["top"] / MM))
        return centres


# Blank-mode fields and how to find their anchor line in the sample certificate.
FIELDS = {
    "recipient": "Ông Nguyễn Văn An",
    "decision_line": "Quyết định số 46/QĐ-UBND",
    "register_line": "Số sổ vàng: 3",
    "place_date": "Bắc Ninh, ngày 11",
    "signer_title": "KT. CHỦ TỊCH",
    "signer_name": "Nguyễn Văn Bình",
}


@pytest.mark.parametrize(
    ("paper", "scaling", "offsets"),
    [(A3, "actual", (0, 0)), (A3, "actual", (2.5, -1.5)), (A4, "fit", (0, 0)), (A4, "fit", (-3, 2))],
)
def test_blank_mode_and_calibration_page_put_every_anchor_at_the_same_point(paper, scaling, offsets):
    layout = load_layout("merit_chairman")
    options = {"offset_x_mm": offsets[0], "offset_y_mm": offsets[1]}
    blank = render_certificates(
        [certificate()], mode="blank", page_size_mm=paper, scaling={layout.code: scaling}, **options
    )
    calibration = render_calibration_page(
        paper_width_mm=paper[0], paper_height_mm=paper[1], layout=layout, scaling=scaling, **options
    )
    sheet = place(layout, mode="blank", paper_mm=paper, scaling=scaling, **options)
    crosses = _crosshairs(calibration)

    for name, start in FIELDS.items():
        spec = layout.fields[name]
        printed = _anchor(blank, start, spec.align)
        expected = sheet.to_paper_mm(spec.x_mm, spec.y_mm)
        assert printed == pytest.approx(expected, abs=0.1), name
        assert any(abs(x - printed[0]) <= 0.1 and abs(y - printed[1]) <= 0.1 for x, y in crosses), name
    # One cross per field blank mode prints, and one for the QR code.
    assert len(crosses) == len(set(layout.fields) - set(layout.preprinted)) + 1


def test_blank_mode_at_100_percent_measures_from_the_top_left_corner():
    blank = render_certificates([certificate()], mode="blank", page_size_mm=A3)
    layout = load_layout("merit_chairman")

    for name, start in FIELDS.items():
        spec = layout.fields[name]
        assert _anchor(blank, start, spec.align) == pytest.approx((spec.x_mm, spec.y_mm), abs=0.1), name


def test_full_mode_on_a4_scales_the_whole_a3_design_uniformly():
    a3 = render_certificates([certificate()], mode="full")
    a4 = render_certificates([certificate()], mode="full", page_size_mm=A4)
    k = min(A4[0] / A3[0], A4[1] / A3[1])
    left, top = (A4[0] - A3[0] * k) / 2, (A4[1] - A3[1] * k) / 2

    for start, align in (
        ("BẰNG KHEN", "center"),
        ("CỘNG HÒA", "center"),
        ("Ông", "center"),
        ("Quyết", "left"),
    ):
        x3, y3 = _anchor(a3, start, align)
        x4, y4 = _anchor(a4, start, align)
        assert (x4, y4) == pytest.approx((left + k * x3, top + k * y3), abs=0.1), start
    with pdfplumber.open(io.BytesIO(a4)) as document:
        page = document.pages[0]
        assert (page.width / MM, page.height / MM) == pytest.approx(A4, abs=0.1)
        title = max(page.chars, key=lambda c: c["size"])
    assert title["size"] == pytest.approx(60 * k, abs=0.05)  # the A3 title's 60 pt, scaled


def test_a3_layout_on_a4_paper_at_100_percent_is_refused_naming_the_field():
    with pytest.raises(OffSheetError) as caught:
        render_certificates([certificate()], mode="blank", page_size_mm=A4)

    assert caught.value.field in {"recipient", "recipient_detail", "citation", "place_date", "signer_title"}
    assert caught.value.box[2] > A4[0] or caught.value.box[3] > A4[1]


def test_offsets_pushing_a_field_off_the_sheet_are_refused():
    with pytest.raises(OffSheetError) as caught:
        render_certificates([certificate()], mode="blank", offset_x_mm=40)

    assert caught.value.field == "place_date"
    with pytest.raises(OffSheetError):
        render_calibration_page(
            paper_width_mm=420, paper_height_mm=297, offset_x_mm=40, layout=load_layout("merit_chairman")
        )


def test_the_flag_has_no_blank():
    with pytest.raises(NoBlankError):
        render_certificates([certificate(layout_code="flag_inscription")], mode="blank")


def test_a_layout_with_a_position_outside_its_paper_is_refused():
    data = {
        "code": "broken",
        "name": "Hỏng",
        "page_width_mm": 297,
        "page_height_mm": 210,
        "fields": {"recipient": {"x_mm": 148.5, "y_mm": 230}},
    }

    with pytest.raises(LayoutError, match=r"broken\.fields\.recipient: position \(148\.5; 230\) mm"):
        layout_from_dict(data)
    data["fields"] = {}
    data["qr"] = {"x_mm": 280, "y_mm": 10, "size_mm": 20}
    with pytest.raises(LayoutError, match="qr"):
        layout_from_dict(data)
    data["qr"] = None
    data["preprinted"] = ["national_name"]
    with pytest.raises(LayoutError, match="preprinted"):
        layout_from_dict(data)


@pytest.mark.parametrize(("paper", "scaling"), [(A3, "actual"), (A4, "fit")])
def test_the_calibration_legend_covers_no_crosshair_or_label(paper, scaling):
    layout = load_layout("merit_chairman")
    pdf = render_calibration_page(
        paper_width_mm=paper[0], paper_height_mm=paper[1], layout=layout, scaling=scaling
    )

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        (legend,) = [
            r for r in page.rects if r.get("non_stroking_color") in ((1, 1, 1), [1, 1, 1], (1,), [1])
        ]
        labels = [c for c in page.chars if tuple(round(v, 3) for v in c["non_stroking_color"]) == RED]
    crosses = _crosshairs(pdf)

    assert len(crosses) == 9 and labels
    for x, y in crosses:
        assert not (
            legend["x0"] - 2 * MM <= x * MM <= legend["x1"] + 2 * MM
            and legend["top"] <= y * MM <= legend["bottom"]
        )
    for char in labels:
        assert (
            char["x1"] < legend["x0"]
            or char["x0"] > legend["x1"]
            or char["bottom"] < legend["top"]
            or char["top"] > legend["bottom"]
        )
