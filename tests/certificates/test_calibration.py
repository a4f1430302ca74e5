"""The print profile's calibration page."""

from __future__ import annotations

import pytest

from certificates.rendering import ContentError, load_layout, render_calibration_page
from tests.certificates.samples import MM, find, page_count, pdf_text


def test_calibration_page_prints_the_offsets_and_paper():
    pdf = render_calibration_page(
        paper_width_mm=420, paper_height_mm=297, offset_x_mm=3.5, offset_y_mm=-2.0, title="Máy in A3"
    )

    text = pdf_text(pdf)[0]
    assert page_count(pdf) == 1
    assert "Máy in A3" in text
    assert "Khổ giấy: 420 × 297 mm" in text
    assert "x = +3,5 mm (dương: sang phải)" in text
    assert "y = -2 mm (dương: lên trên)" in text


def test_calibration_rulers_move_with_the_offsets():
    plain = render_calibration_page(paper_width_mm=297, paper_height_mm=210)
    shifted = render_calibration_page(
        paper_width_mm=297, paper_height_mm=210, offset_x_mm=3.5, offset_y_mm=-2.0
    )

    label = min(find(plain, "150"), key=lambda m: m["top"])  # top ruler, 150 mm from the left
    moved = min(find(shifted, "150"), key=lambda m: m["top"])

    assert moved["x0"] - label["x0"] == pytest.approx(3.5 * MM, abs=0.01)
    assert moved["top"] - label["top"] == pytest.approx(2.0 * MM, abs=0.01)


def test_calibration_marks_the_layout_anchor_points():
    pdf = render_calibration_page(
        paper_width_mm=420, paper_height_mm=297, layout=load_layout("merit_chairman")
    )

    text = pdf_text(pdf)[0]
    assert "recipient (210; 148)" in text
    assert "signer_name (310; 262)" in text
    assert "national_name" not in text  # pre-printed on the form: no mark


def test_calibration_refuses_absurd_paper():
    with pytest.raises(ContentError):
        render_calibration_page(paper_width_mm=0, paper_height_mm=297)
