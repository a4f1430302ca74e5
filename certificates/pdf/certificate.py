"""Certificates (Bằng khen, generic awards) and the flag's inscription sheet.

One canvas, one page per certificate: a decision of 1,000 certificates is one PDF
with the fonts embedded once. Everything that does not change from page to page
(border, national heading, star, flag background) is drawn once into a PDF form
XObject and placed on each page, so a page costs only its own text and QR code.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .drawing import (
    MM,
    colour,
    draw_border,
    draw_dimension,
    draw_fitted,
    draw_star,
    fit_text,
)
from .emblem import Emblem, draw_emblem
from .errors import ContentError, TextFitError
from .fonts import check_glyphs, font_name, register_fonts
from .formatting import short_date, vietnamese_date
from .geometry import ACTUAL, Sheet, check_on_sheet, place
from .glyphs import cap_height
from .layouts import ArtboardLayout, FieldLayout, Layout, StarLayout, load_layout
from .qr import draw_qr

MODES = ("full", "blank")

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PRESENTS = "TẶNG"

# Trying all eight QR mask patterns is ~85 % of a page's cost; any mask is valid
# and was decoded in tests (see qr.py), so certificates use the fixed one.
QR_BEST_MASK = False
QR_LEVEL = "M"  # 15 % of the symbol may be damaged (a stamp, a fold) and still scan


@dataclass(frozen=True)
class CertificateContent:
    register_number: int  # số sổ vàng
    layout_code: str  # 'merit_chairman' | 'flag_inscription' | 'generic'
    authority_line: str  # 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH' (line 3, red)
    award_title: str  # 'BẰNG KHEN' (line 5, red, largest)
    recipient_name: str  # 'Ông Nguyễn Văn An' / 'Bà …' / a collective's name
    recipient_detail: str  # position and unit, may be ''
    citation: str  # 'Đã có thành tích xuất sắc …'
    decision_number: str  # '46/QĐ-UBND'
    decision_date: date
    place: str  # 'Bắc Ninh' (địa danh)
    signer_title_lines: tuple[str, ...]  # ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')
    signer_name: str
    verify_url: str  # absolute URL encoded in the QR code
    province_name: str = ""  # flag: 'ỦY BAN NHÂN DÂN TỈNH BẮC NINH'
    year: int | None = None  # flag: 'ĐƠN VỊ DẪN ĐẦU PHONG TRÀO THI ĐUA NĂM 2023'
    register_suffix: str = ""  # 'BK' prints 'Số: 12/BK'; empty prints 'Số sổ vàng: 12'


def _register_line(c: CertificateContent) -> tuple[str, ...]:
    if c.register_suffix:
        return (f"Số: {c.register_number}/{c.register_suffix}",)
    return (f"Số sổ vàng: {c.register_number}",)


def _flag_line(c: CertificateContent) -> tuple[str, ...]:
    if c.year is None:
        raise ContentError(f"register number {c.register_number}: the flag needs the year")
    return (f"ĐƠN VỊ DẪN ĐẦU PHONG TRÀO THI ĐUA NĂM {c.year}",)


def _place_date(c: CertificateContent) -> str:
    # A decision's place (địa danh) is optional: never print a line starting with ", ngày".
    when = vietnamese_date(c.decision_date)
    return f"{c.place}, {when}" if c.place.strip() else when[:1].upper() + when[1:]


# Where each content field's text comes from. Fields listed in STATIC_FIELDS do not
# depend on the certificate and go into the per-document form.
SOURCES: dict[str, Callable[[CertificateContent], tuple[str, ...]]] = {
    "authority": lambda c: (c.authority_line,),
    "province": lambda c: (c.province_name or c.authority_line,),
    "award_title": lambda c: (c.award_title,),
    "recipient": lambda c: (c.recipient_name,),
    "recipient_detail": lambda c: (c.recipient_detail,),
    "citation": lambda c: (c.citation,),
    "flag_line": _flag_line,
    "decision_line": lambda c: (f"Quyết định số {c.decision_number} ngày {short_date(c.decision_date)}",),
    "register_line": _register_line,
    "place_date": lambda c: (_place_date(c),),
    "signer_title": lambda c: tuple(c.signer_title_lines),
    "signer_name": lambda c: (c.signer_name,),
}
STATIC_FIELDS = frozenset({"national_name", "national_motto", "presents", "scale_note"})


@dataclass(frozen=True)
class _Field:
    """A field with everything that does not depend on the page's content resolved."""

    name: str
    spec: FieldLayout
    font: str
    colour: Color
    x: float  # points, in the coordinate space of its page or artboard
    y: float
    max_width: float
    floor: float | None  # smallest size allowed (points), from min_letter_height_mm


@dataclass(frozen=True)
class _Space:
    """Where fields are drawn: the page, or the artboard's scaled coordinate system."""

    translate: tuple[float, float]
    scale: float
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class _Plan:
    """A layout made ready for one mode and page size; built once per document."""

    page_size: tuple[float, float]  # points
    fit: tuple[float, float, float]  # translate x, y and scale from layout to paper (geometry.Sheet)
    form: str | None
    spaces: tuple[_Space, ...]  # dynamic fields only
    qr: tuple[float, float, float] | None  # x, y (bottom left), size in points


def _prepare_fields(
    fields: Mapping[str, FieldLayout], height_mm: float, *, skip: Collection[str], static: bool
) -> tuple[_Field, ...]:
    prepared = []
    for name, spec in fields.items():
        if name in skip:
            continue
        if (name in STATIC_FIELDS or bool(spec.text)) != static:
            continue
        prepared.append(
            _Field(
                name=name,
                spec=spec,
                font=font_name(spec.font),
                colour=colour(spec.colour),
                x=spec.x_mm * MM,
                y=(height_mm - spec.y_mm) * MM,
                max_width=spec.max_width_mm * MM,
                floor=_floor(spec),
            )
        )
    return tuple(prepared)


def _floor(spec: FieldLayout) -> float | None:
    """The size whose capitals are ``min_letter_height_mm`` tall."""
    if spec.min_letter_height_mm is None:
        return None
    return spec.min_letter_height_mm / cap_height(font_name(spec.font)) * MM


def _artboard_space(layout: Layout, board: ArtboardLayout) -> tuple[tuple[float, float], float]:
    """Translation and scale mapping artboard millimetres onto layout points."""
    scale = 1.0 / board.scale
    left = board.x_mm * MM
    bottom = (layout.page_height_mm - board.y_mm - board.height_mm * scale) * MM
    return (left, bottom), scale


def _draw_field(canv: Canvas, field: _Field, paragraphs: Iterable[str], *, context: str) -> None:
    spec = field.spec
    cleaned = []
    for text in paragraphs:
        if spec.uppercase:
            text = text.upper()
        text = check_glyphs(text, role=spec.font, context=context, field=field.name)
        if text:
            cleaned.append(text)
    if not cleaned:
        return
    try:
        fitted = fit_text(
            cleaned,
            font=field.font,
            size=spec.size_pt,
            min_size=spec.min_size,
            max_width=field.max_width,
            max_lines=spec.max_lines,
            wrap_first=spec.wrap_first,
            floor=field.floor,
        )
    except TextFitError as exc:
        raise TextFitError(f"{context}, field {field.name}: {exc}") from exc
    canv.setFillColor(field.colour)
    draw_fitted(
        canv,
        fitted,
        x=field.x,
        y=field.y,
        align=spec.align,
        v_anchor=spec.v_anchor,
        line_spacing=spec.line_spacing,
        underline=spec.underline,
    )


def _star(canv: Canvas, star: StarLayout, height_mm: float) -> None:
    draw_star(
        canv,
        star.x_mm * MM,
        (height_mm - star.y_mm) * MM,
        star.radius_mm * MM,
        fill=colour(star.colour),
        stroke=colour(star.outline) if star.outline else None,
    )


def _format_scale(denominator: float) -> str:
    if abs(denominator - round(denominator)) < 0.005:
        return f"1:{round(denominator)}"
    return f"1:{denominator:.2f}".replace(".", ",")


def _static_text(name: str, spec: FieldLayout, layout: Layout, fit_scale: float) -> str:
    if spec.text:
        return spec.text
    if name == "national_name":
        return NATIONAL_NAME
    if name == "national_motto":
        return NATIONAL_MOTTO
    if name == "presents":
        return PRESENTS
    board = layout.artboard
    if board is None:  # scale_note without an artboard: nothing to state
        return ""
    # The sheet may be printed scaled to another paper size: state the real scale.
    return (
        f"Tỷ lệ {_format_scale(board.scale / fit_scale)} — kích thước thật của cờ: "
        f"{board.width_mm:g} × {board.height_mm:g} mm (dài × rộng); chữ và sao màu vàng trên nền đỏ"
    )


def _star_or_emblem(canv: Canvas, layout: Layout, emblem: Emblem | None) -> None:
    star = layout.star
    if emblem is None:
        _star(canv, star, layout.page_height_mm)
        return
    size = (star.emblem_mm or 2.6 * star.radius_mm) * MM
    draw_emblem(canv, emblem, cx=star.x_mm * MM, cy=(layout.page_height_mm - star.y_mm) * MM, size=size)


def _build_artboard(
    canv: Canvas, layout: Layout, board: ArtboardLayout, *, full: bool, fit_scale: float, context: str
) -> None:
    """The flag drawn to scale: background, dimension lines, star, static fields."""
    (left, bottom), scale = _artboard_space(layout, board)
    board_w, board_h = board.width_mm * MM * scale, board.height_mm * MM * scale
    if full and board.background:
        canv.setFillColor(colour(board.background))
        canv.rect(left, bottom, board_w, board_h, stroke=0, fill=1)
    if full and board.annotate:
        label_font = font_name("regular")
        canv.setFillColorRGB(0, 0, 0)
        canv.setStrokeColorRGB(0, 0, 0)
        gap = 6 * MM
        draw_dimension(
            canv,
            start=(left, bottom - gap),
            end=(left + board_w, bottom - gap),
            label=f"{board.width_mm:g} mm",
            font=label_font,
            size=9,
        )
        draw_dimension(
            canv,
            start=(left + board_w + gap, bottom),
            end=(left + board_w + gap, bottom + board_h),
            label=f"{board.height_mm:g} mm",
            font=label_font,
            size=9,
        )
    canv.saveState()
    canv.translate(left, bottom)
    canv.scale(scale, scale)
    if full and board.star:
        _star(canv, board.star, board.height_mm)
    for field in _prepare_fields(board.fields, board.height_mm, skip=(), static=True):
        text = _static_text(field.name, field.spec, layout, fit_scale)
        _draw_field(canv, field, (text,), context=context)
    canv.restoreState()


def _build_form(
    canv: Canvas, name: str, layout: Layout, mode: str, fit_scale: float, emblem: Emblem | None = None
) -> None:
    """Draw the parts that are the same on every page into a form XObject."""
    context = f"layout {layout.code}"
    width, height = layout.page_width_mm * MM, layout.page_height_mm * MM
    canv.beginForm(name, 0, 0, width, height)
    full = mode == "full"
    if full and layout.border:
        margin = layout.border_margin_mm * MM
        main, accent = colour(layout.border_colour), colour(layout.border_accent)
        draw_border(
            canv,
            x=margin,
            y=margin,
            width=width - 2 * margin,
            height=height - 2 * margin,
            main=main,
            accent=accent,
        )
    if full and layout.star:
        _star_or_emblem(canv, layout, emblem)
    for field in _prepare_fields(
        layout.fields, layout.page_height_mm, skip=_skipped(layout, mode), static=True
    ):
        text = _static_text(field.name, field.spec, layout, fit_scale)
        _draw_field(canv, field, (text,), context=context)
    if layout.artboard is not None:
        _build_artboard(canv, layout, layout.artboard, full=full, fit_scale=fit_scale, context=context)
    canv.endForm()


def _skipped(layout: Layout, mode: str) -> frozenset[str]:
    """Fields blank mode leaves out: those the pre-printed blank already carries."""
    return frozenset(layout.preprinted) if mode == "blank" else frozenset()


def _plan(
    canv: Canvas, layout: Layout, *, mode: str, sheet: Sheet, form_name: str, emblem: Emblem | None = None
) -> _Plan:
    check_on_sheet(layout, sheet, mode)
    _build_form(canv, form_name, layout, mode, sheet.scale, emblem)
    skip = _skipped(layout, mode)
    spaces = [
        _Space(
            translate=(0.0, 0.0),
            scale=1.0,
            fields=_prepare_fields(layout.fields, layout.page_height_mm, skip=skip, static=False),
        )
    ]
    if layout.artboard is not None:
        translate, scale = _artboard_space(layout, layout.artboard)
        board_fields = _prepare_fields(
            layout.artboard.fields, layout.artboard.height_mm, skip=(), static=False
        )
        spaces.append(_Space(translate=translate, scale=scale, fields=board_fields))
    qr = None
    if layout.qr is not None:
        # Every mode: a certificate printed on a blank must be verifiable too.
        size = layout.qr.size_mm * MM
        qr = (layout.qr.x_mm * MM, (layout.page_height_mm - layout.qr.y_mm) * MM - size, size)
    return _Plan(
        page_size=sheet.page_size,
        fit=sheet.canvas_transform,
        form=form_name,
        spaces=tuple(s for s in spaces if s.fields),
        qr=qr,
    )


def render_certificates(
    contents: Iterable[CertificateContent],
    *,
    mode: str = "full",
    offset_x_mm: float = 0,
    offset_y_mm: float = 0,
    page_size_mm: tuple[float, float] | None = None,
    scaling: Mapping[str, str] | None = None,
    emblems: Mapping[str, Emblem] | None = None,
    on_page: Callable[[int], None] | None = None,
    layout: Layout | None = None,
) -> bytes:
    """Render certificates as one PDF, one page each.

    ``mode='full'``: the whole certificate on plain paper (border, national heading,
    QR code). ``mode='blank'``: everything but the layout's ``preprinted`` fields, QR
    code included, for pre-printed forms; refused for a layout without a blank.

    Where the layout lands on the paper is ``geometry.place``: ``page_size_mm`` is
    (width, height) of the paper as it goes through the printer; full mode fits a
    design made for another size (uniform scale, centred); blank mode prints at
    100 % from the top-left corner unless ``scaling[layout code]`` is ``"fit"``.
    ``offset_x_mm`` / ``offset_y_mm`` (the print profile's correction) then move
    everything by exactly that much: positive x to the RIGHT, positive y UP. A
    field whose box would leave the paper raises ``OffSheetError`` before drawing;
    ``emblems[layout code]`` (a PNG or SVG) replaces the star in full mode.

    ``layout`` replaces each content's ``layout_code``; ``on_page(n)`` is called after
    each page. Errors are ``RenderingError``s (``MissingGlyphError``, ``TextFitError``,
    ``ContentError``, ``LayoutError``, ``OffSheetError``, ``NoBlankError``).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    register_fonts()
    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=1, invariant=1)
    plans: dict[int, _Plan] = {}
    offsets = {"offset_x_mm": offset_x_mm, "offset_y_mm": offset_y_mm}
    pages = 0
    for content in contents:
        page_layout = layout if layout is not None else load_layout(content.layout_code)
        plan = plans.get(id(page_layout))
        if plan is None:
            if not plans:
                canv.setTitle(page_layout.name)
            how = (scaling or {}).get(page_layout.code, ACTUAL)
            sheet = place(page_layout, mode=mode, paper_mm=page_size_mm, scaling=how, **offsets)
            emblem = (emblems or {}).get(page_layout.code)
            plans[id(page_layout)] = plan = _plan(
                canv, page_layout, mode=mode, sheet=sheet, form_name=f"static{len(plans)}", emblem=emblem
            )
        _draw_page(canv, content, plan)
        pages += 1
        if on_page is not None:
            on_page(pages)
    if pages == 0:
        raise ContentError("no certificate to render")
    canv.save()
    return buffer.getvalue()


def _draw_page(canv: Canvas, content: CertificateContent, plan: _Plan) -> None:
    context = f"register number {content.register_number}"
    canv.setPageSize(plan.page_size)
    canv.saveState()
    tx, ty, k = plan.fit
    if k != 1.0 or tx or ty:
        canv.translate(tx, ty)
        canv.scale(k, k)
    if plan.form:
        canv.doForm(plan.form)
    for space in plan.spaces:
        transformed = space.scale != 1.0 or space.translate != (0.0, 0.0)
        if transformed:
            canv.saveState()
            canv.translate(*space.translate)
            canv.scale(space.scale, space.scale)
        for field in space.fields:
            _draw_field(canv, field, SOURCES[field.name](content), context=context)
        if transformed:
            canv.restoreState()
    if plan.qr is not None:
        if not content.verify_url:
            raise ContentError(f"{context}: verify_url is empty")
        x, y, size = plan.qr
        draw_qr(canv, content.verify_url, x=x, y=y, size=size, level=QR_LEVEL, best_mask=QR_BEST_MASK)
    canv.restoreState()
    canv.showPage()


__all__ = [
    "MODES",
    "CertificateContent",
    "render_certificates",
]
