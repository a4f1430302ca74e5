"""Certificate layouts as data: positions in millimetres, faces, sizes, colours.

A province adds a layout by writing a JSON file (or a dict, e.g. stored in the
database) in the shape of ``layouts/merit_chairman.json``; no code changes.

Coordinates: ``x_mm`` from the LEFT edge, ``y_mm`` from the TOP edge of the page (as
one measures a printed form with a ruler), ``y_mm`` being the baseline of the text;
``certificates.pdf.geometry`` maps them onto the paper the same way in every mode.
``preprinted`` lists the fields a pre-printed blank already carries (blank mode
leaves them out); ``has_blank: false`` says there is no blank at all.
Fields of an ``artboard`` (the flag drawn to scale) are in real millimetres from the
artboard's top left corner. ``x_mm`` is the left end, centre or right end of the
text according to ``align``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .drawing import ALIGNMENTS, V_ANCHORS
from .errors import LayoutError

LAYOUT_DIR = Path(__file__).resolve().parent / "layouts"
FONT_ROLES = ("regular", "bold", "italic", "bold_italic")

# Fields whose value comes from the certificate's content (see certificate.py).
# Any other field name must carry a fixed ``text``.
CONTENT_FIELDS = frozenset(
    {
        "national_name",
        "national_motto",
        "presents",
        "authority",
        "province",
        "award_title",
        "recipient",
        "recipient_detail",
        "citation",
        "flag_line",
        "decision_line",
        "register_line",
        "place_date",
        "signer_title",
        "signer_name",
        "scale_note",
    }
)

_CODE_RE = re.compile(r"^[a-z0-9_]{1,64}$")
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class FieldLayout:
    x_mm: float
    y_mm: float
    font: str = "regular"  # 'regular' | 'bold' | 'italic' | 'bold_italic'
    size_pt: float = 14.0
    min_size_pt: float | None = None  # defaults to size_pt: never shrink
    colour: str = "#000000"
    align: str = "center"  # 'left' | 'center' | 'right'
    max_width_mm: float = 250.0
    max_lines: int = 1
    uppercase: bool = False
    underline: bool = False
    line_spacing: float = 1.2  # leading as a multiple of the size
    v_anchor: str = "middle"  # where y_mm sits in a wrapped block: 'top'|'middle'|'bottom'
    text: str = ""  # fixed text instead of the content's value
    # Sentences wrap at the largest size that fits max_lines; names (the default)
    # shrink to min_size first so as to stay on one line.
    wrap_first: bool = False
    # A floor for the height of the capitals (the flag's unit name must stay the
    # largest text): wrapped to max_lines rather than shrunk below it, refused if
    # it still does not fit.
    min_letter_height_mm: float | None = None

    @property
    def min_size(self) -> float:
        return self.size_pt if self.min_size_pt is None else self.min_size_pt


@dataclass(frozen=True)
class QrLayout:
    x_mm: float  # left edge of the symbol
    y_mm: float  # top edge of the symbol
    size_mm: float = 25.0  # edge of the symbol, quiet zone not included


@dataclass(frozen=True)
class StarLayout:
    x_mm: float  # centre
    y_mm: float
    radius_mm: float
    colour: str = "#FFD700"
    outline: str | None = None
    emblem_mm: float | None = None  # the uploaded emblem's square (default 2.6 radii)


@dataclass(frozen=True)
class ArtboardLayout:
    """An object drawn to scale on the sheet (the flag: 850 x 650 mm at 1:4)."""

    width_mm: float  # real size
    height_mm: float
    scale: float  # denominator: 4 means 1:4
    x_mm: float  # top left corner on the page, page millimetres
    y_mm: float
    background: str | None = None
    annotate: bool = True  # dimension lines with the real sizes
    fields: Mapping[str, FieldLayout] = field(default_factory=lambda: MappingProxyType({}))
    star: StarLayout | None = None


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    page_width_mm: float
    page_height_mm: float
    fields: Mapping[str, FieldLayout]
    qr: QrLayout | None = None
    border: bool = True
    border_colour: str = "#A8151B"
    border_accent: str = "#B8892B"
    border_margin_mm: float = 8.0
    star: StarLayout | None = None  # the neutral star where the State emblem goes
    artboard: ArtboardLayout | None = None
    # Whether a pre-printed blank of this layout exists (the flag's sheet has none),
    # and which fields the blank already carries: blank mode leaves exactly those out.
    has_blank: bool = True
    preprinted: tuple[str, ...] = ()


def _fail(path: str, problem: str) -> LayoutError:
    return LayoutError(f"layout {path}: {problem}")


def _build(cls: type, data: Any, path: str, nested: Mapping[str, Any] | None = None) -> Any:
    """Build a frozen dataclass from a dict, strictly: unknown keys and wrong types fail."""
    if not isinstance(data, Mapping):
        raise _fail(path, "must be an object")
    known = {f.name: f for f in fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise _fail(path, f"unknown key(s) {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for name, spec in known.items():
        key_path = f"{path}.{name}"
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise _fail(key_path, "is required")
            continue
        value = data[name]
        if nested and name in nested:
            kwargs[name] = nested[name](value, key_path)
            continue
        kwargs[name] = _check_scalar(value, str(spec.type), key_path)
    return cls(**kwargs)


def _check_scalar(value: Any, type_name: str, path: str) -> Any:
    optional = "None" in type_name
    if value is None:
        if optional:
            return None
        raise _fail(path, "must not be null")
    if type_name.startswith("float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail(path, "must be a number")
        return float(value)
    if type_name.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, "must be an integer")
        return value
    if type_name.startswith("bool"):
        if not isinstance(value, bool):
            raise _fail(path, "must be true or false")
        return value
    if type_name.startswith("str"):
        if not isinstance(value, str):
            raise _fail(path, "must be a string")
        return value
    raise _fail(path, f"unsupported type {type_name}")  # pragma: no cover - layout bug


def _field(data: Any, path: str) -> FieldLayout:
    spec: FieldLayout = _build(FieldLayout, data, path)
    if spec.font not in FONT_ROLES:
        raise _fail(f"{path}.font", f"must be one of {FONT_ROLES}")
    if spec.align not in ALIGNMENTS:
        raise _fail(f"{path}.align", f"must be one of {ALIGNMENTS}")
    if spec.v_anchor not in V_ANCHORS:
        raise _fail(f"{path}.v_anchor", f"must be one of {V_ANCHORS}")
    _colour(spec.colour, f"{path}.colour")
    if not 1 <= spec.size_pt <= 1000:
        raise _fail(f"{path}.size_pt", "must be between 1 and 1000")
    if not 1 <= spec.min_size <= spec.size_pt:
        raise _fail(f"{path}.min_size_pt", "must be between 1 and size_pt")
    if spec.max_width_mm <= 0:
        raise _fail(f"{path}.max_width_mm", "must be positive")
    if not 1 <= spec.max_lines <= 20:
        raise _fail(f"{path}.max_lines", "must be between 1 and 20")
    if not 0.8 <= spec.line_spacing <= 3:
        raise _fail(f"{path}.line_spacing", "must be between 0.8 and 3")
    if spec.min_letter_height_mm is not None and spec.min_letter_height_mm <= 0:
        raise _fail(f"{path}.min_letter_height_mm", "must be positive")
    return spec


def _fields(data: Any, path: str) -> Mapping[str, FieldLayout]:
    if not isinstance(data, Mapping):
        raise _fail(path, "must be an object")
    result = {}
    for name, spec_data in data.items():
        spec = _field(spec_data, f"{path}.{name}")
        if name not in CONTENT_FIELDS and not spec.text:
            raise _fail(f"{path}.{name}", "is not a known field; give it a fixed 'text'")
        result[name] = spec
    return MappingProxyType(result)


def _colour(value: str | None, path: str) -> None:
    if value is not None and not _COLOUR_RE.match(value):
        raise _fail(path, "must be a colour like '#C8102E'")


def _star(data: Any, path: str) -> StarLayout | None:
    if data is None:
        return None
    star: StarLayout = _build(StarLayout, data, path)
    _colour(star.colour, f"{path}.colour")
    _colour(star.outline, f"{path}.outline")
    if star.radius_mm <= 0:
        raise _fail(f"{path}.radius_mm", "must be positive")
    return star


def _qr(data: Any, path: str) -> QrLayout | None:
    if data is None:
        return None
    qr: QrLayout = _build(QrLayout, data, path)
    if qr.size_mm < 10:
        raise _fail(f"{path}.size_mm", "must be at least 10 mm to scan reliably")
    return qr


def _artboard(data: Any, path: str) -> ArtboardLayout | None:
    if data is None:
        return None
    board: ArtboardLayout = _build(ArtboardLayout, data, path, nested={"fields": _fields, "star": _star})
    _colour(board.background, f"{path}.background")
    if board.width_mm <= 0 or board.height_mm <= 0 or board.scale <= 0:
        raise _fail(path, "sizes and scale must be positive")
    return board


def _names(data: Any, path: str) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise _fail(path, "must be a list of field names")
    return tuple(data)


def _check_positions(layout: Layout) -> None:
    """Every anchor and the QR code inside the layout's own page."""
    width, height = layout.page_width_mm, layout.page_height_mm
    for name, spec in layout.fields.items():
        if not (0 <= spec.x_mm <= width and 0 <= spec.y_mm <= height):
            raise _fail(
                f"{layout.code}.fields.{name}",
                f"position ({spec.x_mm:g}; {spec.y_mm:g}) mm is outside the {width:g} x {height:g} mm page",
            )
    qr = layout.qr
    if qr is not None and not (
        qr.x_mm >= 0 and qr.x_mm + qr.size_mm <= width and qr.y_mm >= 0 and qr.y_mm + qr.size_mm <= height
    ):
        raise _fail(f"{layout.code}.qr", "the symbol must lie inside the page")
    unknown = sorted(set(layout.preprinted) - set(layout.fields))
    if unknown:
        raise _fail(f"{layout.code}.preprinted", f"names no field {unknown}")


def layout_from_dict(data: Mapping[str, Any]) -> Layout:
    """Validate a layout given as plain data (a parsed JSON file) and build it."""
    layout: Layout = _build(
        Layout,
        data,
        str(data.get("code", "?")) if isinstance(data, Mapping) else "?",
        nested={"fields": _fields, "qr": _qr, "star": _star, "artboard": _artboard, "preprinted": _names},
    )
    if not _CODE_RE.match(layout.code):
        raise _fail("code", "must be 1-64 characters of a-z, 0-9 and _")
    if not (20 <= layout.page_width_mm <= 2000 and 20 <= layout.page_height_mm <= 2000):
        raise _fail(layout.code, "page sizes must be between 20 and 2000 mm")
    for colour_name in ("border_colour", "border_accent"):
        _colour(getattr(layout, colour_name), f"{layout.code}.{colour_name}")
    _check_positions(layout)
    board = layout.artboard
    if board is not None:
        right = board.x_mm + board.width_mm / board.scale
        bottom = board.y_mm + board.height_mm / board.scale
        if board.x_mm < 0 or board.y_mm < 0:
            raise _fail(f"{layout.code}.artboard", "must start inside the page")
        if right > layout.page_width_mm or bottom > layout.page_height_mm:
            raise _fail(
                f"{layout.code}.artboard",
                f"at 1:{board.scale:g} it needs {right:.0f} x {bottom:.0f} mm, more than the page",
            )
    return layout


def layout_from_json(text: str) -> Layout:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(f"layout is not valid JSON: {exc}") from exc
    return layout_from_dict(data)


def available_layouts() -> tuple[str, ...]:
    """Codes of the built-in layouts."""
    return tuple(sorted(path.stem for path in LAYOUT_DIR.glob("*.json")))


@lru_cache(maxsize=32)
def load_layout(code: str) -> Layout:
    """A built-in layout by code ('merit_chairman', 'flag_inscription', 'generic').

    Cached: layouts are immutable (frozen dataclasses over read-only mappings).
    """
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise LayoutError(f"unknown layout {code!r}")
    path = LAYOUT_DIR / f"{code}.json"
    if not path.is_file():
        raise LayoutError(f"unknown layout {code!r}; built-in: {', '.join(available_layouts())}")
    layout = layout_from_json(path.read_text(encoding="utf-8"))
    if layout.code != code:
        raise LayoutError(f"layout file {path.name} declares code {layout.code!r}")
    return layout
