"""QR codes from ReportLab's own encoder, drawn as one compact path.

``QrCodeWidget`` is used for the encoding only. Its ``draw()`` builds a graphics
``Group`` of one ``Rect`` per run that ``renderPDF`` then walks: slow per page and
~10 KB of coordinates. Here the module matrix is drawn as one path in module units
(integer coordinates, ~1 KB a code).

Mask choice: ReportLab's ``make()`` tries all eight mask patterns and scores each
(ISO/IEC 18004 penalty rules), which is ~85 % of the encoding time (~9 ms of ~10 ms
a code on these machines). ``best_mask=False`` uses one fixed mask instead; any
mask is valid and decoders read it from the format information, but the score
keeps scanners' work easy, so the default stays the standard choice.
"""

from __future__ import annotations

import itertools

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
    canv.saveState()
    canv.translate(x, y + size)
    scale = size / count
    canv.scale(scale, -scale)  # one unit = one module, rows downwards
    path = canv.beginPath()
    for row_index, row in enumerate(modules):
        column = 0
        for dark, run in itertools.groupby(row):
            length = sum(1 for _ in run)
            if dark:
                path.rect(column, row_index, length, 1)
            column += length
    canv.setFillColorRGB(0, 0, 0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()
