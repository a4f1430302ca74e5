"""The calibration page of a print profile.

Staff print it on plain paper with the printer and profile they will use, lay it
over a blank pre-printed form against the light, and read on the rulers how far the
printer's output is from the form's lines. The grid and the crosshairs are shifted by
the profile's offsets exactly as blank-mode certificates are, so once the offsets are
right the crosshairs sit on the form's lines.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .drawing import MM, draw_text
from .errors import ContentError
from .fonts import ROLE_BY_FONT, check_glyphs, font_name, register_fonts
from .formatting import format_mm
from .layouts import Layout

_FINE = HexColor("#D9D9D9")
_MEDIUM = HexColor("#A6A6A6")
_STRONG = HexColor("#595959")
_CROSS = HexColor("#C8102E")


def _grid(canv: Canvas, width_mm: float, height_mm: float) -> None:
    """Lines every millimetre, stronger every 5 and 10 mm; y counted from the top."""
    columns, rows = int(width_mm), int(height_mm)
    height = height_mm * MM
    for step, colour, line_width in ((1, _FINE, 0.1), (5, _MEDIUM, 0.25), (10, _STRONG, 0.4)):
        path = canv.beginPath()
        for i in range(0, columns + 1, step):
            path.moveTo(i * MM, 0)
            path.lineTo(i * MM, height)
        for j in range(0, rows + 1, step):
            y = height - j * MM
            path.moveTo(0, y)
            path.lineTo(width_mm * MM, y)
        canv.setStrokeColor(colour)
        canv.setLineWidth(line_width)
        canv.drawPath(path, stroke=1, fill=0)


def _rulers(canv: Canvas, width_mm: float, height_mm: float) -> None:
    """Ticks every millimetre along all four edges, labelled every 10 mm on the top
    (distance from the left edge) and the left (distance from the top edge)."""
    height = height_mm * MM
    font = font_name("regular")
    path = canv.beginPath()

    def tick_length(i: int) -> float:
        return 5 * MM if i % 10 == 0 else 3 * MM if i % 5 == 0 else 1.5 * MM

    for i in range(int(width_mm) + 1):
        x, length = i * MM, tick_length(i)
        path.moveTo(x, height)
        path.lineTo(x, height - length)
        path.moveTo(x, 0)
        path.lineTo(x, length)
    for j in range(int(height_mm) + 1):
        y, length = height - j * MM, tick_length(j)
        path.moveTo(0, y)
        path.lineTo(length, y)
        path.moveTo(width_mm * MM, y)
        path.lineTo(width_mm * MM - length, y)
    canv.setStrokeColorRGB(0, 0, 0)
    canv.setLineWidth(0.3)
    canv.drawPath(path, stroke=1, fill=0)
    canv.setFillColorRGB(0, 0, 0)
    for i in range(10, int(width_mm), 10):
        draw_text(canv, str(i), x=i * MM + 0.6 * MM, y=height - 8 * MM, font=font, size=6)
    for j in range(10, int(height_mm), 10):
        draw_text(canv, str(j), x=6 * MM, y=height - j * MM + 0.6 * MM, font=font, size=6)


def _crosshairs(canv: Canvas, layout: Layout, height_mm: float) -> None:
    """A cross at each blank-mode field's anchor (its x and baseline)."""
    font = font_name("regular")
    canv.setStrokeColor(_CROSS)
    canv.setFillColor(_CROSS)
    canv.setLineWidth(0.4)
    arm = 4 * MM
    for name, spec in layout.fields.items():
        if not spec.printed_on_blank:
            continue
        x, y = spec.x_mm * MM, (height_mm - spec.y_mm) * MM
        canv.line(x - arm, y, x + arm, y)
        canv.line(x, y - arm, x, y + arm)
        canv.circle(x, y, 1.2 * MM, stroke=1, fill=0)
        label = f"{name} ({format_mm(spec.x_mm).lstrip('+')}; {format_mm(spec.y_mm).lstrip('+')})"
        draw_text(canv, label, x=x + 1.5 * MM, y=y + 1.5 * MM, font=font, size=6)


def _legend(
    canv: Canvas,
    *,
    width_mm: float,
    height_mm: float,
    offset_x_mm: float,
    offset_y_mm: float,
    title: str,
    layout: Layout | None,
) -> None:
    """The profile's figures and how to use the page, in a white box at the centre."""
    regular, bold, italic = font_name("regular"), font_name("bold"), font_name("italic")
    lines: list[tuple[str, str, float]] = [
        (title or "TRANG CĂN CHỈNH MÁY IN", bold, 11),
        (f"Khổ giấy: {format_mm(width_mm).lstrip('+')} × {format_mm(height_mm).lstrip('+')} mm", regular, 9),
        (
            f"Độ lệch của hồ sơ in: x = {format_mm(offset_x_mm)} mm (dương: sang phải), "
            f"y = {format_mm(offset_y_mm)} mm (dương: lên trên)",
            regular,
            9,
        ),
    ]
    if layout is not None:
        lines.append((f"Dấu chữ thập đỏ: vị trí các dòng in trên phôi của mẫu «{layout.name}»", regular, 9))
    lines.append(
        (
            "In bằng đúng máy in và hồ sơ in, đặt lên phôi và soi ngược sáng; "
            "thước đo tính từ mép trái và mép trên tờ giấy (mm).",
            italic,
            8,
        )
    )
    checked = [
        (check_glyphs(text, role=ROLE_BY_FONT[font], context="calibration page"), font, size)
        for text, font, size in lines
    ]
    box_width = max(stringWidth(text, font, size) for text, font, size in checked) + 8 * MM
    box_height = sum(size * 1.5 for _, _, size in checked) + 6 * MM
    cx, cy = width_mm * MM / 2, height_mm * MM / 2
    canv.setFillColorRGB(1, 1, 1)
    canv.setStrokeColorRGB(0, 0, 0)
    canv.setLineWidth(0.6)
    canv.rect(cx - box_width / 2, cy - box_height / 2, box_width, box_height, stroke=1, fill=1)
    canv.setFillColorRGB(0, 0, 0)
    y = cy + box_height / 2 - 3 * MM
    for text, font, size in checked:
        y -= size * 1.5
        draw_text(canv, text, x=cx, y=y + size * 0.4, font=font, size=size, align="center")


def render_calibration_page(
    *,
    paper_width_mm: float,
    paper_height_mm: float,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    title: str = "",
    layout: Layout | None = None,
) -> bytes:
    """A one-page PDF: millimetre grid and rulers shifted by the profile's offsets
    (positive x to the right, positive y up, as in blank mode), the offsets printed,
    and, given a ``layout``, a crosshair at each blank-mode field's anchor."""
    if not (20 <= paper_width_mm <= 2000 and 20 <= paper_height_mm <= 2000):
        raise ContentError("paper sizes must be between 20 and 2000 mm")
    register_fonts()
    buffer = io.BytesIO()
    canv = Canvas(
        buffer,
        pagesize=(paper_width_mm * MM, paper_height_mm * MM),
        pageCompression=1,
        invariant=1,
    )
    canv.setTitle("Trang căn chỉnh máy in")
    canv.saveState()
    canv.translate(offset_x_mm * MM, offset_y_mm * MM)
    _grid(canv, paper_width_mm, paper_height_mm)
    _rulers(canv, paper_width_mm, paper_height_mm)
    if layout is not None:
        _crosshairs(canv, layout, paper_height_mm)
    canv.restoreState()
    _legend(
        canv,
        width_mm=paper_width_mm,
        height_mm=paper_height_mm,
        offset_x_mm=offset_x_mm,
        offset_y_mm=offset_y_mm,
        title=title,
        layout=layout,
    )
    canv.showPage()
    canv.save()
    return buffer.getvalue()
