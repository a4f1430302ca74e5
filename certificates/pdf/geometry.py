"""One geometry for every printed sheet: where a layout lands on the paper.

Layout positions are millimetres from the TOP-LEFT corner of the layout's page.
A ``Sheet`` maps them onto the paper actually fed to the printer, in the same way
for full mode, blank mode, the calibration page and the preview:

- the layout is printed at 100 % with its top-left corner on the paper's top-left
  corner (a pre-printed blank of the layout's size), or
- it is scaled uniformly to fit the paper and centred (full mode on plain paper of
  another size, or a blank printed at another size);
- then the print profile's offsets move everything: positive x to the right,
  positive y up, towards the top edge of the sheet.

Before anything is drawn, ``check_on_sheet`` refuses a field whose box would fall
outside the paper, naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .drawing import MM
from .errors import RenderingError
from .layouts import FieldLayout, Layout

ACTUAL = "actual"
FIT = "fit"
SCALINGS = (ACTUAL, FIT)
PT_TO_MM = 25.4 / 72
# Tolerance for boxes that touch the paper's edge exactly.
_EDGE_MM = 0.01


class OffSheetError(RenderingError):
    """A field would be printed (partly) outside the paper."""

    def __init__(self, *, layout: Layout, field: str, box: tuple[float, float, float, float], paper) -> None:
        self.layout_code = layout.code
        self.layout_name = layout.name
        self.field = field
        self.box = box
        self.paper = paper
        left, top, right, bottom = box
        super().__init__(
            f"layout {layout.code}, field {field}: spans x {left:.1f}..{right:.1f} mm, "
            f"y {top:.1f}..{bottom:.1f} mm, outside the {paper[0]:g} x {paper[1]:g} mm paper"
        )


class NoBlankError(RenderingError):
    """The layout has no pre-printed blank (the flag's inscription sheet)."""

    def __init__(self, layout: Layout) -> None:
        self.layout_code = layout.code
        self.layout_name = layout.name
        super().__init__(f"layout {layout.code} has no pre-printed blank; print it in full mode")


@dataclass(frozen=True)
class Sheet:
    paper_mm: tuple[float, float]  # width, height of the paper as it goes through the printer
    layout_mm: tuple[float, float]
    scale: float
    left_mm: float  # where the layout's top-left corner lands, before the offsets
    top_mm: float
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0

    def to_paper_mm(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """A layout point, in millimetres from the paper's top-left corner."""
        return (
            self.left_mm + self.scale * x_mm + self.offset_x_mm,
            self.top_mm + self.scale * y_mm - self.offset_y_mm,
        )

    def to_points(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """A layout point in ReportLab page points (origin bottom left)."""
        x, y = self.to_paper_mm(x_mm, y_mm)
        return x * MM, (self.paper_mm[1] - y) * MM

    @property
    def canvas_transform(self) -> tuple[float, float, float]:
        """translate(x, y) then scale(k) makes layout points (origin at the layout's
        bottom left) land where ``to_points`` says."""
        x, y = self.to_points(0, self.layout_mm[1])
        return x, y, self.scale

    @property
    def page_size(self) -> tuple[float, float]:
        return self.paper_mm[0] * MM, self.paper_mm[1] * MM


def place(
    layout: Layout,
    *,
    mode: str,
    paper_mm: tuple[float, float] | None = None,
    scaling: str = ACTUAL,
    offset_x_mm: float = 0.0,
    offset_y_mm: float = 0.0,
) -> Sheet:
    """How ``layout`` lands on ``paper_mm`` (default: the layout's own size) in ``mode``."""
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}, not {scaling!r}")
    size = (layout.page_width_mm, layout.page_height_mm)
    paper = (float(paper_mm[0]), float(paper_mm[1])) if paper_mm else size
    if paper == size or (mode == "blank" and scaling == ACTUAL):
        scale, left, top = 1.0, 0.0, 0.0
    else:
        scale = min(paper[0] / size[0], paper[1] / size[1])
        left, top = (paper[0] - size[0] * scale) / 2, (paper[1] - size[1] * scale) / 2
    return Sheet(paper, size, scale, left, top, float(offset_x_mm), float(offset_y_mm))


def field_box(spec: FieldLayout) -> tuple[float, float, float, float]:
    """The most a field may cover, in layout millimetres (left, top, right, bottom):
    its maximum width and lines at its largest size, ascenders and descenders included."""
    width = spec.max_width_mm
    left = (
        spec.x_mm
        if spec.align == "left"
        else spec.x_mm - width
        if spec.align == "right"
        else spec.x_mm - width / 2
    )
    size = spec.size_pt * PT_TO_MM
    block = (spec.max_lines - 1) * size * spec.line_spacing
    above = {"top": 0.0, "middle": block / 2, "bottom": block}[spec.v_anchor]
    top = spec.y_mm - above - size * 0.95
    bottom = spec.y_mm - above + block + size * 0.25
    return left, top, left + width, bottom


def printed_boxes(layout: Layout, mode: str) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """Every box the mode prints on the page, in layout millimetres."""
    if mode == "full" and layout.border:
        margin = layout.border_margin_mm
        yield "border", (margin, margin, layout.page_width_mm - margin, layout.page_height_mm - margin)
    for name, spec in layout.fields.items():
        if mode == "blank" and name in layout.preprinted:
            continue
        yield name, field_box(spec)
    if layout.qr is not None:
        q = layout.qr
        yield "qr", (q.x_mm, q.y_mm, q.x_mm + q.size_mm, q.y_mm + q.size_mm)
    board = layout.artboard
    if board is not None and mode == "full":
        yield (
            "artboard",
            (
                board.x_mm,
                board.y_mm,
                board.x_mm + board.width_mm / board.scale,
                board.y_mm + board.height_mm / board.scale,
            ),
        )


def check_on_sheet(layout: Layout, sheet: Sheet, mode: str) -> None:
    """Raise ``OffSheetError`` for the first printed box that leaves the paper,
    ``NoBlankError`` for blank mode on a layout without a blank."""
    if mode == "blank" and not layout.has_blank:
        raise NoBlankError(layout)
    width, height = sheet.paper_mm
    for name, (left, top, right, bottom) in printed_boxes(layout, mode):
        x0, y0 = sheet.to_paper_mm(left, top)
        x1, y1 = sheet.to_paper_mm(right, bottom)
        if x0 < -_EDGE_MM or y0 < -_EDGE_MM or x1 > width + _EDGE_MM or y1 > height + _EDGE_MM:
            raise OffSheetError(layout=layout, field=name, box=(x0, y0, x1, y1), paper=sheet.paper_mm)
