"""The calibration page of a print profile.

Staff print it on plain paper with the printer and profile they will use, lay it
over a blank pre-printed form against the light, and read on the rulers how far the
printer's output is from the form's lines. The grid, the rulers and the crosshairs
are placed by ``geometry.place`` exactly as blank-mode certificates are (same paper,
scaling and offsets), so once the offsets are right the crosshairs sit on the form's
lines.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .drawing import MM, draw_text
from .errors import ContentError
from .fonts import ROLE_BY_FONT, check_glyphs, font_name, register_fonts
from .formatting import format_mm
from .geometry import ACTUAL, Sheet, check_on_sheet, place
from .layouts import Layout

_FINE = HexColor("#D9D9D9")
_MEDIUM = HexColor("#A6A6A6")
_STRONG = HexColor("#595959")
_CROSS = HexColor("#C8102E")
_ARM = 4 * MM
_LABEL_SIZE = 6
_LABEL_DX = _LABEL_DY = 1.5 * MM


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


@dataclass(frozen=True)
class _Mark:
    name: str
    x_mm: float  # layout position, as the label says
    y_mm: float
    point: tuple[float, float]  # where it lands on the paper, page points


def _marks(layout: Layout, sheet: Sheet) -> list[_Mark]:
    """Every field blank mode prints, at the anchor blank mode uses; the QR code's corner."""
    marks = [
        _Mark(name, spec.x_mm, spec.y_mm, sheet.to_points(spec.x_mm, spec.y_mm))
        for name, spec in layout.fields.items()
        if name not in layout.preprinted
    ]
    if layout.qr is not None:
        marks.append(
            _Mark("qr", layout.qr.x_mm, layout.qr.y_mm, sheet.to_points(layout.qr.x_mm, layout.qr.y_mm))
        )
    return marks


def _label(mark: _Mark) -> str:
    return f"{mark.name} ({format_mm(mark.x_mm).lstrip('+')}; {format_mm(mark.y_mm).lstrip('+')})"


def _mark_boxes(marks: list[_Mark]) -> list[tuple[float, float, float, float]]:
    """What each crosshair and its label cover (x0, y0, x1, y1 in points)."""
    font = font_name("regular")
    boxes = []
    for mark in marks:
        x, y = mark.point
        label_right = x + _LABEL_DX + stringWidth(_label(mark), font, _LABEL_SIZE)
        boxes.append((x - _ARM, y - _ARM, max(x + _ARM, label_right), y + _LABEL_DY + _LABEL_SIZE))
    return boxes


def _crosshairs(canv: Canvas, marks: list[_Mark]) -> None:
    """A labelled cross at each mark: its x and baseline."""
    font = font_name("regular")
    canv.setStrokeColor(_CROSS)
    canv.setFillColor(_CROSS)
    canv.setLineWidth(0.4)
    for mark in marks:
        x, y = mark.point
        canv.line(x - _ARM, y, x + _ARM, y)
        canv.line(x, y - _ARM, x, y + _ARM)
        canv.circle(x, y, 1.2 * MM, stroke=1, fill=0)
        draw_text(canv, _label(mark), x=x + _LABEL_DX, y=y + _LABEL_DY, font=font, size=_LABEL_SIZE)


def _legend_lines(
    *, sheet: Sheet, title: str, layout: Layout | None, scaling: str
) -> list[tuple[str, str, float]]:
    regular, bold, italic = font_name("regular"), font_name("bold"), font_name("italic")
    width_mm, height_mm = sheet.paper_mm
    lines: list[tuple[str, str, float]] = [
        (title or "TRANG CĂN CHỈNH MÁY IN", bold, 11),
        (f"Khổ giấy: {format_mm(width_mm).lstrip('+')} × {format_mm(height_mm).lstrip('+')} mm", regular, 9),
        (
            f"Độ lệch của hồ sơ in: x = {format_mm(sheet.offset_x_mm)} mm (dương: sang phải), "
            f"y = {format_mm(sheet.offset_y_mm)} mm (dương: lên trên)",
            regular,
            9,
        ),
    ]
    if layout is not None:
        how = (
            "in đúng 100 %" if sheet.scale == 1 else f"thu phóng {sheet.scale * 100:.1f} %".replace(".", ",")
        )
        lines.append(
            (f"Dấu chữ thập đỏ: vị trí các dòng in trên phôi của mẫu «{layout.name}» ({how})", regular, 9)
        )
    lines.append(
        (
            "In bằng đúng máy in và hồ sơ in, đặt lên phôi và soi ngược sáng; "
            "thước đo tính từ mép trái và mép trên của mẫu (mm).",
            italic,
            8,
        )
    )
    lines.append(
        (
            "Dấu chữ thập lệch khỏi dòng trên phôi bao nhiêu mm thì nhập đúng chừng ấy vào độ lệch "
            "(sang phải, lên trên: số dương).",
            italic,
            8,
        )
    )
    return [
        (check_glyphs(text, role=ROLE_BY_FONT[font], context="calibration page"), font, size)
        for text, font, size in lines
    ]


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend_place(size: tuple[float, float], paper: tuple[float, float], marks) -> tuple[float, float]:
    """Bottom-left corner of the legend: the free spot nearest the centre, clear of
    every mark and inside the rulers (the centre itself when there is no mark)."""
    (w, h), (pw, ph) = size, paper
    margin, gap, step = 12 * MM, 2 * MM, 2.5 * MM
    spots = [
        (x, y) for x in _steps(margin, pw - margin - w, step) for y in _steps(margin, ph - margin - h, step)
    ]
    centre = ((pw - w) / 2, (ph - h) / 2)
    spots.sort(key=lambda p: (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2)
    for x, y in spots:
        box = (x - gap, y - gap, x + w + gap, y + h + gap)
        if not any(_overlaps(box, mark) for mark in marks):
            return x, y
    return centre


def _steps(low: float, high: float, step: float) -> list[float]:
    if high < low:
        return [max(0.0, (low + high) / 2)]
    count = int((high - low) / step)
    return [low + i * step for i in range(count + 1)]


def _legend(canv: Canvas, lines: list[tuple[str, str, float]], at: tuple[float, float], size) -> None:
    """The profile's figures and how to use the page, in a white box."""
    (x, y), (box_width, box_height) = at, size
    canv.setFillColorRGB(1, 1, 1)
    canv.setStrokeColorRGB(0, 0, 0)
    canv.setLineWidth(0.6)
    canv.rect(x, y, box_width, box_height, stroke=1, fill=1)
    canv.setFillColorRGB(0, 0, 0)
    line_y = y + box_height - 3 * MM
    for text, font, font_size in lines:
        line_y -= font_size * 1.5
        draw_text(
            canv,
            text,
            x=x + box_width / 2,
            y=line_y + font_size * 0.4,
            font=font,
            size=font_size,
            align="center",
        )


def render_calibration_page(
    *,
    paper_width_mm: float,
    paper_height_mm: float,
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    title: str = "",
    layout: Layout | None = None,
    scaling: str = ACTUAL,
) -> bytes:
    """A one-page PDF: millimetre grid and rulers in the layout's coordinates, placed on
    the paper exactly as blank mode places the layout (``geometry.place``, offsets
    included), the offsets printed, and, given a ``layout``, a labelled crosshair at
    each blank-mode field's anchor and the QR code's corner; the legend goes where no
    mark is. Refuses (``OffSheetError``) a layout whose blank-mode fields would leave
    the paper, as blank mode does."""
    if not (20 <= paper_width_mm <= 2000 and 20 <= paper_height_mm <= 2000):
        raise ContentError("paper sizes must be between 20 and 2000 mm")
    register_fonts()
    paper = (float(paper_width_mm), float(paper_height_mm))
    if layout is not None:
        sheet = place(
            layout,
            mode="blank",
            paper_mm=paper,
            scaling=scaling,
            offset_x_mm=offset_x_mm,
            offset_y_mm=offset_y_mm,
        )
        check_on_sheet(layout, sheet, "blank")
        marks = _marks(layout, sheet)
    else:
        sheet = Sheet(paper, paper, 1.0, 0.0, 0.0, float(offset_x_mm), float(offset_y_mm))
        marks = []
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=sheet.page_size, pageCompression=1, invariant=1)
    canv.setTitle("Trang căn chỉnh máy in")
    canv.saveState()
    tx, ty, k = sheet.canvas_transform
    canv.translate(tx, ty)
    canv.scale(k, k)
    _grid(canv, *sheet.layout_mm)
    _rulers(canv, *sheet.layout_mm)
    canv.restoreState()
    _crosshairs(canv, marks)
    lines = _legend_lines(sheet=sheet, title=title, layout=layout, scaling=scaling)
    size = (
        max(stringWidth(text, font, font_size) for text, font, font_size in lines) + 8 * MM,
        sum(font_size * 1.5 for _, _, font_size in lines) + 6 * MM,
    )
    _legend(canv, lines, _legend_place(size, sheet.page_size, _mark_boxes(marks)), size)
    canv.showPage()
    canv.save()
    return buffer.getvalue()
