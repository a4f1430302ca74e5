"""Text fitting: shrink to the minimum first, then wrap, and never leave the box."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from certificates.pdf.drawing import HARD_MIN_SIZE_PT, fit_text, star_points
from certificates.rendering import TextFitError, register_fonts

FONT = "LiberationSerif-Bold"


@pytest.fixture(autouse=True)
def _fonts():
    register_fonts()


def test_fit_text_keeps_the_size_when_it_fits():
    fitted = fit_text(["Ông Nguyễn Văn An"], font=FONT, size=28, min_size=18, max_width=500, max_lines=2)

    assert (fitted.size, fitted.lines) == (28, ("Ông Nguyễn Văn An",))


def test_fit_text_shrinks_before_wrapping():
    text = "Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh"
    width = stringWidth(text, FONT, 24)

    fitted = fit_text([text], font=FONT, size=28, min_size=18, max_width=width, max_lines=2)

    assert fitted.lines == (text,)
    assert 18 <= fitted.size <= 24
    assert fitted.widths[0] <= width


def test_fit_text_wraps_at_the_minimum_size_when_shrinking_is_not_enough():
    text = "Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh"
    width = stringWidth(text, FONT, 18) * 0.7

    fitted = fit_text([text], font=FONT, size=28, min_size=18, max_width=width, max_lines=2)

    assert fitted.size == 18
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == text
    assert all(w <= width for w in fitted.widths)


def test_fit_text_goes_below_the_minimum_rather_than_overflowing():
    text = "Phòng Kiểm soát thủ tục hành chính " * 10

    fitted = fit_text([text], font=FONT, size=28, min_size=18, max_width=400, max_lines=2)

    assert HARD_MIN_SIZE_PT <= fitted.size < 18
    assert len(fitted.lines) <= 2
    assert all(w <= 400 for w in fitted.widths)


def test_fit_text_breaks_a_word_longer_than_the_line():
    fitted = fit_text(["X" * 300], font=FONT, size=12, min_size=12, max_width=200, max_lines=20)

    assert "".join(fitted.lines) == "X" * 300
    assert all(w <= 200 for w in fitted.widths)


def test_fit_text_refuses_what_does_not_fit_at_5_pt():
    with pytest.raises(TextFitError):
        fit_text(["chữ " * 2000], font=FONT, size=12, min_size=10, max_width=200, max_lines=2)


def test_star_has_five_points_on_its_radius():
    points = star_points(0, 0, 10)

    outer = [p for i, p in enumerate(points) if i % 2 == 0]
    assert len(points) == 10
    assert all(abs((x * x + y * y) ** 0.5 - 10) < 1e-9 for x, y in outer)
    assert outer[0] == pytest.approx((0, 10))


def test_fit_text_wrap_first_keeps_the_largest_size_that_fits_the_lines():
    text = "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023, góp phần vào sự nghiệp chung"
    width = stringWidth(text, FONT, 18) * 0.6

    shrink = fit_text([text], font=FONT, size=18, min_size=12, max_width=width, max_lines=3)
    wrap = fit_text([text], font=FONT, size=18, min_size=12, max_width=width, max_lines=3, wrap_first=True)

    assert shrink.size == 12
    assert (wrap.size, len(wrap.lines)) == (18, 2)
    assert " ".join(wrap.lines) == text
