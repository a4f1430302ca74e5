"""Errors raised by the renderers. All are ``ValueError``s caused by the input (content
or layout), so a caller can answer them as a bad request rather than a server error."""

from __future__ import annotations


class RenderingError(ValueError):
    """Base class: the content or the layout cannot be rendered as given."""


class MissingGlyphError(RenderingError):
    """A character of the text has no glyph in the font: it would print as a box."""

    def __init__(self, char: str, *, font: str, context: str = "", field: str = "") -> None:
        self.char = char
        self.codepoint = ord(char)
        self.font = font
        self.context = context
        self.field = field
        shown = char if char.isprintable() else repr(char)
        where = ", ".join(part for part in (context, f"field {field}" if field else "") if part)
        message = f"U+{self.codepoint:04X} {shown} cannot be printed: it is not in font {font}"
        if where:
            message += f" ({where})"
        super().__init__(message)


class ForbiddenCharacterError(RenderingError):
    """NUL, a lone surrogate or a bidi control in text to print (old data that predates the
    input rule): refused, since it would reorder or hide what the paper says."""

    def __init__(self, char: str, *, context: str = "", field: str = "") -> None:
        self.char = char
        self.codepoint = ord(char)
        self.field = field
        where = ", ".join(part for part in (context, f"field {field}" if field else "") if part)
        message = f"U+{self.codepoint:04X} (a control character) may not be printed; correct the record"
        super().__init__(f"{message} ({where})" if where else message)


class TextFitError(RenderingError):
    """A text does not fit its box even at the smallest legible size."""


class LayoutError(RenderingError):
    """A layout is missing or malformed; the message names the offending key."""


class ContentError(RenderingError):
    """The content lacks something the layout needs (e.g. the flag's year)."""
