"""JSON in: NFC-normalised, and refused when it holds NUL or lone surrogates."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from awards.text import has_forbidden_characters


def _clean(value):
    if isinstance(value, str):
        if has_forbidden_characters(value):
            raise ParseError(
                _("Dữ liệu chứa ký tự không hợp lệ (NUL, mã thay thế lẻ hoặc ký tự đảo chiều văn bản).")
            )
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


class NormalizingJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _clean(super().parse(stream, media_type, parser_context))
