"""Canvas helpers shared by the renderers: fitting and drawing text, border, star, rules.

Coordinates here are ReportLab points with the origin at the bottom left; layouts
(see :mod:`certificates.pdf.layouts`) are in millimetres and converted by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .errors import TextFitError
from .glyphs import ink

MM = mm  # one millimetre in points

# Below this a wrapped text is no longer legible on paper; a text that does not fit
# even here is refused rather than drawn outside its box.
HARD_MIN_SIZE_PT = 5.0
# Clear space between the ink of two lines, and between a line and its underline.
LINE_GAP_EM = 0.06
UNDERLINE_GAP_EM = 0.05
SIZE_STEP_PT = 0.5
_EPSILON = 1e-6

ALIGNMENTS = ("left", "center", "right")
V_ANCHORS = ("top", "middle", "bottom")


@dataclass(frozen=True)
class FittedText:
    font: str
    size: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]  # width of each line in points, at ``size``


def colour(hex_value: str) -> Color:
    return HexColor(hex_value)


def _round_down(value: float, step: float) -> float:
    return math.floor(value / step + _EPSILON) * step


def _wrap_paragraph(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Greedy word wrap; a word longer than the line is broken between characters."""
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in text.split(" "):
        width = stringWidth(word, font, size)
        if current and current_width + space + width <= max_width + _EPSILON:
            current.append(word)
            current_width += space + width
            continue
        if current:
            lines.append(" ".join(current))
        if width <= max_width + _EPSILON:
            current, current_width = [word], width
            continue
        # A single over-long word (a code, a URL): break it where the line is full.
        piece = ""
        for char in word:
            if piece and stringWidth(piece + char, font, size) > max_width + _EPSILON:
                lines.append(piece)
                piece = ""
            piece += char
        current, current_width = [piece], stringWidth(piece, font, size)
    if current:
        lines.append(" ".join(current))
    return lines


def fit_text(
    paragraphs: Sequence[str],
    *,
    font: str,
    size: float,
    min_size: float,
    max_width: float,
    max_lines: int,
    wrap_first: bool = False,
    floor: float | None = None,
) -> FittedText:
    """Shrink the text down to ``min_size`` to keep each paragraph on one line; failing
    that, wrap it at ``min_size`` into at most ``max_lines`` lines; failing that, keep
    shrinking below ``min_size`` (down to 5 pt) so that nothing is drawn outside the box.

    ``wrap_first`` (sentences such as the citation) wraps before shrinking instead: the
    largest size from ``size`` down to ``min_size`` that fits ``max_lines`` wins.

    ``floor`` replaces the 5 pt limit: a text that must keep a letter height (the
    flag's unit name) stays on one line down to ``min_size``, else wraps at the
    largest size that fits, and is refused rather than shrunk below ``floor``.

    Raises :class:`TextFitError` if even 5 pt (or ``floor``) does not fit.
    """
    hard_min = HARD_MIN_SIZE_PT if floor is None else floor
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return FittedText(font=font, size=size, lines=(), widths=())
    unit_widths = [stringWidth(p, font, 1.0) for p in paragraphs]
    if len(paragraphs) <= max_lines and not wrap_first:
        widest = max(unit_widths)
        best = (
            size if widest * size <= max_width + _EPSILON else _round_down(max_width / widest, SIZE_STEP_PT)
        )
        if best >= min_size - _EPSILON:
            return FittedText(
                font=font,
                size=best,
                lines=tuple(paragraphs),
                widths=tuple(w * best for w in unit_widths),
            )
    # A text with a floor wraps at the largest size that fits, not at its minimum.
    candidate = size if wrap_first or floor is not None else min(min_size, size)
    while candidate >= hard_min - _EPSILON:
        lines = [line for p in paragraphs for line in _wrap_paragraph(p, font, candidate, max_width)]
        if len(lines) <= max_lines:
            return FittedText(
                font=font,
                size=candidate,
                lines=tuple(lines),
                widths=tuple(stringWidth(line, font, candidate) for line in lines),
            )
        candidate -= SIZE_STEP_PT
    raise TextFitError(
        f"text of {sum(len(p) for p in paragraphs)} characters does not fit "
        f"{max_lines} line(s) of {max_width / MM:.0f} mm even at {hard_min:g} pt"
    )


def first_baseline(y: float, *, lines: int, leading: float, v_anchor: str) -> float:
    """Baseline of the first line of a block whose anchor line is at ``y``.

    ``top``: ``y`` is the first baseline; ``bottom``: the last; ``middle``: the block
    is centred on ``y`` (a one-line text sits exactly on ``y`` in every case).
    """
    if v_anchor == "top":
        return y
    if v_anchor == "bottom":
        return y + (lines - 1) * leading
    return y + (lines - 1) * leading / 2


def draw_fitted(
    canv: Canvas,
    fitted: FittedText,
    *,
    x: float,
    y: float,
    align: str = "center",
    v_anchor: str = "middle",
    line_spacing: float = 1.2,
    underline: bool = False,
) -> None:
    """Draw fitted lines with plain ``drawString``: text is never parsed as markup.

    The leading is ``line_spacing`` times the size, or more where the marks below one
    line and above the next would otherwise touch (see ``clear_leading``)."""
    if not fitted.lines:
        return
    leading = clear_leading(fitted, line_spacing)
    canv.setFont(fitted.font, fitted.size)
    baseline = first_baseline(y, lines=len(fitted.lines), leading=leading, v_anchor=v_anchor)
    for text, width in zip(fitted.lines, fitted.widths, strict=True):
        left = x if align == "left" else x - width if align == "right" else x - width / 2
        canv.drawString(left, baseline, text)
        if underline:
            draw_underline(canv, left, baseline, width, fitted.size, text=text, font=fitted.font)
        baseline -= leading


def clear_leading(fitted: FittedText, line_spacing: float) -> float:
    """The leading for ``fitted``: at least ``line_spacing`` times its size, and enough
    that the lowest ink of each line and the highest of the next keep a gap."""
    leading = fitted.size * line_spacing
    gap = fitted.size * LINE_GAP_EM
    for upper, lower in zip(fitted.lines, fitted.lines[1:], strict=False):
        low = ink(upper, fitted.font, fitted.size)[0]
        high = ink(lower, fitted.font, fitted.size)[1]
        leading = max(leading, high - low + gap)
    return leading


def draw_text(
    canv: Canvas,
    text: str,
    *,
    x: float,
    y: float,
    font: str,
    size: float,
    align: str = "left",
    underline: bool = False,
) -> float:
    """Draw one line of already-cleaned text; returns its width in points."""
    width = stringWidth(text, font, size)
    left = x if align == "left" else x - width if align == "right" else x - width / 2
    canv.setFont(font, size)
    canv.drawString(left, y, text)
    if underline:
        draw_underline(canv, left, y, width, size, text=text, font=font)
    return width


def underline_top(text: str, font: str, size: float) -> float:
    """Distance below the baseline of an underline's top edge: under the lowest ink of
    the text (descenders of 'p', dots below 'ậ') with a gap, never closer than the
    font's usual descender depth so that every underline of a document lines up."""
    low = min(ink(text, font, size)[0], -0.2129 * size)
    return -low + size * UNDERLINE_GAP_EM


def draw_underline(
    canv: Canvas, x: float, baseline: float, width: float, size: float, *, text: str = "", font: str = ""
) -> None:
    """A rule under a line of text, in the current fill colour, below every descender."""
    thickness = max(0.5, size * 0.055)
    depth = underline_top(text, font, size) if font else size * 0.26
    canv.rect(x, baseline - depth - thickness, width, thickness, stroke=0, fill=1)


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten vertices of a regular five-pointed star, one point straight up."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for i in range(10):
        angle = math.radians(90 + i * 36)
        r = radius if i % 2 == 0 else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def draw_star(
    canv: Canvas,
    cx: float,
    cy: float,
    radius: float,
    *,
    fill: Color,
    stroke: Color | None = None,
    stroke_width: float = 0.5,
) -> None:
    path = canv.beginPath()
    points = star_points(cx, cy, radius)
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canv.setFillColor(fill)
    if stroke is not None:
        canv.setStrokeColor(stroke)
        canv.setLineWidth(stroke_width)
    canv.drawPath(path, stroke=1 if stroke is not None else 0, fill=1)


def _diamond(path, cx: float, cy: float, half: float) -> None:  # type: ignore[no-untyped-def]
    path.moveTo(cx, cy + half)
    path.lineTo(cx + half, cy)
    path.lineTo(cx, cy - half)
    path.lineTo(cx - half, cy)
    path.close()


# The frame's bands, measured from its outer edge.
_BAND_OUT, _BAND_IN, _INNER = 2.2 * MM, 7.2 * MM, 9.0 * MM


def draw_border(
    canv: Canvas,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    main: Color,
    accent: Color,
) -> None:
    """A dignified decorative frame in vector form: a heavy outer rule, a band of small
    diamonds between two fine accent rules, a fine inner rule, and corner rosettes.

    ``x, y, width, height`` is the outer edge of the frame. The band is 7 mm wide.
    """
    canv.saveState()
    canv.setLineJoin(0)
    _border_rules(canv, x, y, width, height, main=main, accent=accent)
    _border_diamonds(canv, x, y, width, height, accent=accent)
    _border_rosettes(canv, x, y, width, height, main=main, accent=accent)
    canv.restoreState()


def _border_rules(
    canv: Canvas, x: float, y: float, width: float, height: float, *, main: Color, accent: Color
) -> None:
    """The heavy outer rule, the two accent rules framing the band, the fine inner rule."""
    for inset, colour, line_width in (
        (0.0, main, 3.0),
        (_BAND_OUT, accent, 0.8),
        (_BAND_IN, accent, 0.8),
        (_INNER, main, 0.6),
    ):
        canv.setStrokeColor(colour)
        canv.setLineWidth(line_width)
        canv.rect(x + inset, y + inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def _border_diamonds(canv: Canvas, x: float, y: float, width: float, height: float, *, accent: Color) -> None:
    """Diamonds along the band, evenly spaced between the corner squares."""
    centre_offset = (_BAND_OUT + _BAND_IN) / 2
    half = 1.5 * MM
    pitch_target = 6.0 * MM
    corner_clear = _BAND_IN + 1.0 * MM
    path = canv.beginPath()
    for length, horizontal in ((width, True), (height, False)):
        span = length - 2 * corner_clear
        count = max(1, int(span / pitch_target))
        pitch = span / count
        for i in range(count):
            t = corner_clear + pitch * (i + 0.5)
            if horizontal:
                _diamond(path, x + t, y + centre_offset, half)
                _diamond(path, x + t, y + height - centre_offset, half)
            else:
                _diamond(path, x + centre_offset, y + t, half)
                _diamond(path, x + width - centre_offset, y + t, half)
    canv.setFillColor(accent)
    canv.drawPath(path, stroke=0, fill=1)


def _border_rosettes(
    canv: Canvas, x: float, y: float, width: float, height: float, *, main: Color, accent: Color
) -> None:
    """Corner rosettes: a filled square with a small star, where the bands meet."""
    centre_offset = (_BAND_OUT + _BAND_IN) / 2
    size = _BAND_IN - _BAND_OUT
    for cx, cy in (
        (x + centre_offset, y + centre_offset),
        (x + width - centre_offset, y + centre_offset),
        (x + centre_offset, y + height - centre_offset),
        (x + width - centre_offset, y + height - centre_offset),
    ):
        canv.setFillColor(main)
        canv.rect(cx - size / 2, cy - size / 2, size, size, stroke=0, fill=1)
        draw_star(canv, cx, cy, size * 0.42, fill=accent)


def draw_dimension(
    canv: Canvas,
    *,
    start: tuple[float, float],
    end: tuple[float, float],
    label: str,
    font: str,
    size: float,
) -> None:
    """A dimension line with arrow heads at both ends and its label at the middle."""
    (x1, y1), (x2, y2) = start, end
    canv.setLineWidth(0.5)
    canv.line(x1, y1, x2, y2)
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    head, spread = 2.5 * MM, 0.9 * MM
    path = canv.beginPath()
    for (px, py), sign in (((x1, y1), 1), ((x2, y2), -1)):
        bx, by = px + sign * ux * head, py + sign * uy * head
        path.moveTo(px, py)
        path.lineTo(bx - uy * spread, by + ux * spread)
        path.lineTo(bx + uy * spread, by - ux * spread)
        path.close()
    canv.drawPath(path, stroke=0, fill=1)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    canv.saveState()
    canv.translate(mx, my)
    canv.rotate(math.degrees(math.atan2(uy, ux)))
    width = stringWidth(label, font, size)
    canv.setFillColorRGB(1, 1, 1)
    canv.rect(-width / 2 - 1.5, -size * 0.35, width + 3, size * 1.0, stroke=0, fill=1)
    canv.setFillColorRGB(0, 0, 0)
    canv.setFont(font, size)
    canv.drawString(-width / 2, -size * 0.3, label)
    canv.restoreState()
