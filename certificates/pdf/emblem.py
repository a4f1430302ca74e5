"""A province's emblem (PNG or SVG), drawn in place of the neutral star in full mode.

SVG is drawn as vectors (svglib turns it into a ReportLab drawing), PNG as an image;
either is scaled to fit a square centred on the star's position. The renderer gets
bytes, never a path: the files are checked when uploaded (``certificates.emblems``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from .errors import LayoutError

PNG = "image/png"
SVG = "image/svg+xml"


@dataclass(frozen=True)
class Emblem:
    content_type: str  # PNG or SVG
    data: bytes


def draw_emblem(canv: Canvas, emblem: Emblem, *, cx: float, cy: float, size: float) -> None:
    """Fit ``emblem`` into the ``size`` square centred on (cx, cy), keeping its proportions."""
    if emblem.content_type == PNG:
        reader = ImageReader(io.BytesIO(emblem.data))
        width, height = reader.getSize()
        k = size / max(width, height)
        w, h = width * k, height * k
        canv.drawImage(reader, cx - w / 2, cy - h / 2, w, h, mask="auto")
        return
    if emblem.content_type == SVG:
        drawing = svg2rlg(io.BytesIO(emblem.data))
        if drawing is None or not drawing.width or not drawing.height:
            raise LayoutError("the emblem's SVG has no size")
        k = size / max(drawing.width, drawing.height)
        drawing.scale(k, k)
        canv.saveState()
        renderPDF.draw(drawing, canv, cx - drawing.width * k / 2, cy - drawing.height * k / 2)
        canv.restoreState()
        return
    raise LayoutError(f"unsupported emblem type {emblem.content_type!r}")


def check_emblem(emblem: Emblem) -> None:
    """Draw ``emblem`` once on a scratch canvas: a file that cannot be drawn fails here,
    at upload, rather than in the middle of a print job."""
    draw_emblem(Canvas(io.BytesIO()), emblem, cx=50, cy=50, size=50)
