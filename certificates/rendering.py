"""Public façade of the PDF renderers: import from here, not from ``certificates.pdf``.

All renderers are pure: frozen dataclasses in, PDF bytes out; no ORM, no request, no
settings. Text is NFC-normalised, glyph-checked against the embedded Liberation Serif
and never parsed as markup. Errors caused by the input are ``RenderingError``s
(``ValueError``s): ``MissingGlyphError``, ``TextFitError``, ``LayoutError``,
``ContentError``.

Geometry (``pdf/geometry.py``, one rule for every mode): layout positions are
millimetres from the TOP-LEFT corner; the layout lands on the paper at 100 % from
the top-left corner or scaled to fit; then the print profile's offsets move it,
``offset_x_mm`` positive to the right, ``offset_y_mm`` positive up.
"""

from __future__ import annotations

from .pdf.calibration import render_calibration_page
from .pdf.certificate import MODES, CertificateContent, render_certificates
from .pdf.decision import DecisionContent, DecisionRecipient, render_decision
from .pdf.emblem import Emblem, check_emblem
from .pdf.errors import (
    ContentError,
    LayoutError,
    MissingGlyphError,
    RenderingError,
    TextFitError,
)
from .pdf.fonts import check_glyphs, register_fonts
from .pdf.formatting import format_vnd, short_date, vietnamese_date
from .pdf.geometry import NoBlankError, OffSheetError, Sheet, check_on_sheet, place
from .pdf.layouts import (
    ArtboardLayout,
    FieldLayout,
    Layout,
    QrLayout,
    StarLayout,
    available_layouts,
    layout_from_dict,
    layout_from_json,
    load_layout,
)
from .pdf.minutes import MinutesContent, MinutesItem, render_minutes

__all__ = [
    "MODES",
    "ArtboardLayout",
    "CertificateContent",
    "ContentError",
    "DecisionContent",
    "DecisionRecipient",
    "Emblem",
    "FieldLayout",
    "Layout",
    "LayoutError",
    "MinutesContent",
    "MinutesItem",
    "MissingGlyphError",
    "NoBlankError",
    "OffSheetError",
    "QrLayout",
    "RenderingError",
    "Sheet",
    "StarLayout",
    "TextFitError",
    "available_layouts",
    "check_emblem",
    "check_glyphs",
    "check_on_sheet",
    "format_vnd",
    "layout_from_dict",
    "layout_from_json",
    "load_layout",
    "place",
    "register_fonts",
    "render_calibration_page",
    "render_certificates",
    "render_decision",
    "render_minutes",
    "short_date",
    "vietnamese_date",
]
