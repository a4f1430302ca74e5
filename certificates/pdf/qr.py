"""QR codes from ReportLab's own encoder, drawn as one compact path.

``QrCodeWidget`` is used for the encoding only. Its ``draw()`` builds a graphics
``Group`` of one ``Rect`` per run that ``renderPDF`` then walks: slow per page and
~10 KB of coordinates. Here the module matrix is written as one path in module
units (integer coordinates, ~1 KB a code before compression).

Mask choice: ReportLab's ``make()`` tries all eight mask patterns and scores each
(ISO/IEC 18004 penalty rules), which is ~85 % of the encoding time (~9 ms of ~10 ms
a code on these machines). ``best_mask=False`` uses one fixed mask instead; any
mask is valid and decoders read it from the format information, but the score
keeps scanners' work easy, so the default stays the standard choice.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4  # the white margin ISO/IEC 18004 asks around the symbol
FIXED_MASK = 2  # vertical stripes: cheap and never degenerate on a URL's data


def qr_modules(value: str, *, level: str = "M", best_mask: bool = True) -> list[list[bool]]:
    """The module matrix (row 0 at the top) that encodes ``value``."""
    widget = QrCodeWidget(value, barLevel=level)
    qr = widget.qr
    if best_mask:
        qr.make()
    else:
        qr.version = qr.calculate_version()
        qr.makeImpl(False, FIXED_MASK)
    return qr.modules


def draw_qr(
    canv: Canvas,
    value: str,
    *,
    x: float,
    y: float,
    size: float,
    level: str = "M",
    best_mask: bool = True,
) -> None:
    """Draw the symbol (without its quiet zone) in the square ``x, y`` (bottom left)
    to ``x + size, y + size``; leave 4 modules of white around it in the layout."""
    modules = qr_modules(value, level=level, best_mask=best_mask)
    count = len(modules)
    scale = size / count
    rects = []
    for row_index, row in enumerate(modules):
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            rects.append(f"{start} {row_index} {column - start} 1 re")
    canv.saveState()
    # One unit = one module, rows downwards from the top left corner.
    canv.transform(scale, 0, 0, -scale, x, y + size)
    canv.setFillColorRGB(0, 0, 0)
    # Integer coordinates written directly: ReportLab's path object formats every
    # number through fp_str, which was half the cost of a page for ~350 rectangles.
    canv.addLiteral("\n".join(rects) + "\nf")
    canv.restoreState()
