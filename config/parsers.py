"""API bodies in: NFC-normalised, refused when they hold forbidden characters, JSON bounded.

Every body parser of the API applies the forbidden-character rule
(`awards.text.has_forbidden_characters`): JSON, form-encoded and multipart
(field names, values and file names). Query strings and the pages' forms go
through `config.middleware.ForbiddenCharactersMiddleware`.

DRF's own JSONParser reads the whole stream and lets a deeply nested body
raise RecursionError (a 500); this one reads at most the upload limit and
refuses anything nested deeper than `JSON_MAX_DEPTH` before walking it.
"""

from __future__ import annotations

import json
import unicodedata

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from awards.text import has_forbidden_characters


def forbidden_characters_error() -> ParseError:
    return ParseError(
        _("Dữ liệu chứa ký tự không hợp lệ (NUL, mã thay thế lẻ hoặc ký tự đảo chiều văn bản).")
    )


def _too_deep() -> ParseError:
    return ParseError(
        _("Dữ liệu JSON lồng nhau quá sâu (tối đa %(depth)d cấp).") % {"depth": settings.JSON_MAX_DEPTH}
    )


def _clean(value, depth: int = 0):
    if isinstance(value, str):
        if has_forbidden_characters(value):
            raise forbidden_characters_error()
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | dict) and depth >= settings.JSON_MAX_DEPTH:
        raise _too_deep()
    if isinstance(value, list):
        return [_clean(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_clean(key, depth + 1): _clean(item, depth + 1) for key, item in value.items()}
    return value


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON; json.loads accepts them by default.
    raise ValueError(f"{name} is not valid JSON")


def read_bounded(stream, limit: int) -> bytes:
    """At most `limit` bytes of the body, or a 400 when there are more."""
    data = stream.read(limit + 1) if stream is not None else b""
    if len(data) > limit:
        raise ParseError(
            _("Nội dung yêu cầu quá lớn (tối đa %(size)d MB).") % {"size": limit // (1024 * 1024)}
        )
    return data


class NormalizingJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        data = read_bounded(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            value = json.loads(data.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise _too_deep() from exc
        except (ValueError, UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("Dữ liệu JSON không hợp lệ.")) from exc
        return _clean(value)


def clean_query_dict(data: QueryDict) -> QueryDict:
    """The same rule for form fields: refused when forbidden, NFC otherwise."""
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        try:
            cleaned.setlist(_clean(key), [_clean(value) for value in values])
        except ParseError as exc:
            # A form names its field (a JSON body may nest it anywhere: {"detail"} there).
            field = key if not has_forbidden_characters(key) else "non_field_errors"
            raise ValidationError({field: [exc.detail]}) from exc
    cleaned._mutable = False
    return cleaned


def _too_many_fields(exc: SuspiciousOperation) -> ParseError:
    # Django's limits (DATA_UPLOAD_MAX_NUMBER_FIELDS, ...) as the API's 400, not a logged traceback.
    return ParseError(_("Yêu cầu không hợp lệ hoặc nội dung quá lớn."))


class CheckedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as exc:
            raise _too_many_fields(exc) from exc
        return clean_query_dict(parsed)


class CheckedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as exc:
            raise _too_many_fields(exc) from exc
        for upload in parsed.files.values():
            if has_forbidden_characters(upload.name or ""):
                raise forbidden_characters_error()
        return DataAndFiles(clean_query_dict(parsed.data), parsed.files)
