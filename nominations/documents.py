"""Checks on uploaded dossier documents: PDF by content, size, name, count.

A file is judged by its bytes, never by its name or declared type (an
executable renamed `.pdf` is refused). The stored name is generated
(`nominations.models.dossiers.attachment_path`); the user's file name is kept
only as a display label, and refused when it tries to be a path.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from awards.errors import PayloadTooLarge
from awards.text import has_forbidden_characters

_CHUNK = 1024 * 1024
# ISO 32000: the header "%PDF-x.y" opens the file; we require it at byte 0,
# which every producer writes, so nothing can hide in front of it.
_HEADER = re.compile(rb"%PDF-\d\.\d")
# Markup that makes a file an HTML/PDF polyglot, and actions that run code.
_ACTIVE = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg)[\s>/]|/JavaScript\b|/Launch\b",
    re.IGNORECASE,
)
_OVERLAP = 32
FILENAME_MAX = 255


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    size: int
    sha256: str


def unsafe_filename_reason(raw: str) -> str | None:
    """Why a client-sent file name is refused, or None. Runs on the raw multipart name."""
    if not raw or raw in {".", ".."}:
        return _("Tên tệp trống.")
    if "/" in raw or "\\" in raw or ".." in raw:
        return _("Tên tệp không được chứa đường dẫn (“/”, “\\”, “..”).")
    if has_forbidden_characters(raw) or any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in raw):
        return _("Tên tệp chứa ký tự không hợp lệ.")
    if len(raw) > FILENAME_MAX:
        return _("Tên tệp dài quá %(max)d ký tự.") % {"max": FILENAME_MAX}
    return None


def clean_filename(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw or "").strip()
    reason = unsafe_filename_reason(name)
    if reason:
        raise ValidationError({"file": [reason]})
    return name


def check_count(existing: int) -> None:
    limit = settings.ATTACHMENT_MAX_FILES
    if existing >= limit:
        raise ValidationError({"file": [_("Mỗi hồ sơ có tối đa %(max)d tệp đính kèm.") % {"max": limit}]})


def check_pdf(upload: IO[bytes], *, filename: str, size: int) -> CheckedFile:
    """Refuse anything but a non-empty PDF within the size limit; return its SHA-256.

    Raises ValidationError (400) or PayloadTooLarge (413). Reads the file once.
    """
    name = clean_filename(filename)
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise PayloadTooLarge(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(max)s).")
            % {"name": name, "max": filesizeformat(limit)}
        )
    if size == 0:
        raise ValidationError({"file": [_("Tệp “%(name)s” rỗng.") % {"name": name}]})

    upload.seek(0)
    digest = hashlib.sha256()
    head = b""
    tail = b""
    active = False
    total = 0
    for chunk in iter(lambda: upload.read(_CHUNK), b""):
        if not head:
            head = chunk[:1024]
        total += len(chunk)
        if total > limit:
            # The declared size lied: stop reading (413).
            raise PayloadTooLarge(
                _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(max)s).")
                % {"name": name, "max": filesizeformat(limit)}
            )
        digest.update(chunk)
        window = tail[-_OVERLAP:] + chunk
        active = active or bool(_ACTIVE.search(window))
        tail = window[-2048:]
    upload.seek(0)

    if total == 0:
        raise ValidationError({"file": [_("Tệp “%(name)s” rỗng.") % {"name": name}]})
    if not _HEADER.match(head):
        raise ValidationError(
            {
                "file": [
                    _("Tệp “%(name)s” không phải là tệp PDF (kiểm tra theo nội dung tệp).") % {"name": name}
                ]
            }
        )
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(
            {
                "file": [
                    _("Tệp “%(name)s” không phải là tệp PDF hoàn chỉnh (thiếu phần kết thúc).")
                    % {"name": name}
                ]
            }
        )
    if active:
        raise ValidationError(
            {
                "file": [
                    _("Tệp “%(name)s” chứa mã HTML hoặc mã thực thi, không được chấp nhận.") % {"name": name}
                ]
            }
        )
    return CheckedFile(filename=name, size=total, sha256=digest.hexdigest())
