"""Checks on uploaded dossier documents: PDF by content, size, name, count.

A file is judged by its bytes, never by its name or declared type (an
executable renamed `.pdf` is refused). The stored name is generated
(`nominations.models.dossiers.attachment_path`); the user's file name is kept
only as a display label, and refused when it tries to be a path.

Active content is found by reading the file with qpdf (pikepdf) and visiting
every object, so name escapes (`/J#61vaScript`) and objects hidden inside
compressed object streams are seen as the viewer would see them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import IO

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.errors import PayloadTooLarge
from awards.text import has_forbidden_characters

_CHUNK = 1024 * 1024
# ISO 32000: the header "%PDF-x.y" opens the file; we require it at byte 0,
# which every producer writes, so nothing can hide in front of it.
_HEADER = re.compile(rb"%PDF-\d\.\d")
# Markup that makes a file an HTML/PDF polyglot (a browser sniffing it would run it).
_ACTIVE = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg)[\s>/]", re.IGNORECASE)
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
        raise _too_large(name, limit)
    if size == 0:
        raise _refused(_("Tệp “%(name)s” rỗng."), name)
    scan = _scan(upload, name=name, limit=limit)
    if scan.total == 0:
        raise _refused(_("Tệp “%(name)s” rỗng."), name)
    if not _HEADER.match(scan.head):
        raise _refused(_("Tệp “%(name)s” không phải là tệp PDF (kiểm tra theo nội dung tệp)."), name)
    if b"%%EOF" not in scan.tail or b"startxref" not in scan.tail:
        raise _refused(_("Tệp “%(name)s” không phải là tệp PDF hoàn chỉnh (thiếu phần kết thúc)."), name)
    if scan.active:
        raise _refused(_("Tệp “%(name)s” chứa mã HTML hoặc mã thực thi, không được chấp nhận."), name)
    inspect_pdf(upload, name=name)
    return CheckedFile(filename=name, size=scan.total, sha256=scan.sha256)


@dataclass(frozen=True)
class _Scan:
    head: bytes
    tail: bytes
    active: bool
    total: int
    sha256: str


def _scan(upload: IO[bytes], *, name: str, limit: int) -> _Scan:
    """One pass over the bytes: the first KiB, the last 2 KiB, the digest, and any active marker."""
    upload.seek(0)
    digest = hashlib.sha256()
    head = tail = b""
    active = False
    total = 0
    for chunk in iter(lambda: upload.read(_CHUNK), b""):
        if not head:
            head = chunk[:1024]
        total += len(chunk)
        if total > limit:
            raise _too_large(name, limit)  # the declared size lied: stop reading
        digest.update(chunk)
        window = tail[-_OVERLAP:] + chunk
        active = active or bool(_ACTIVE.search(window))
        tail = window[-2048:]
    upload.seek(0)
    return _Scan(head=head, tail=tail, active=active, total=total, sha256=digest.hexdigest())


def _too_large(name: str, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(max)s).")
        % {"name": name, "max": filesizeformat(limit)}
    )


def _refused(message: str, name: str) -> ValidationError:
    return ValidationError({"file": [message % {"name": name}]})


# --- what the PDF holds -------------------------------------------------------------------

_JAVASCRIPT = gettext_lazy("JavaScript")
_LAUNCH = gettext_lazy("lệnh chạy chương trình (Launch)")
_EMBEDDED = gettext_lazy("tệp nhúng")
_XFA = gettext_lazy("biểu mẫu XFA")
_RICH_MEDIA = gettext_lazy("đa phương tiện (RichMedia)")
_AUTOMATIC = gettext_lazy("hành động tự động")
_OTHER_ACTION = gettext_lazy("hành động mở tệp, gửi dữ liệu hoặc phát nội dung")

# Action types (/S) and the finding each one is.
_ACTIONS = {
    "/JavaScript": _JAVASCRIPT,
    "/Launch": _LAUNCH,
    "/RichMediaExecute": _RICH_MEDIA,
    "/GoToE": _EMBEDDED,
    "/GoToR": _OTHER_ACTION,
    "/ImportData": _OTHER_ACTION,
    "/SubmitForm": _OTHER_ACTION,
    "/Rendition": _OTHER_ACTION,
    "/Movie": _OTHER_ACTION,
    "/Sound": _OTHER_ACTION,
}
# Dictionary keys (and /Type or /Subtype values) that are findings wherever they appear.
_KEYS = {
    "/JS": _JAVASCRIPT,
    "/JavaScript": _JAVASCRIPT,
    "/EmbeddedFiles": _EMBEDDED,
    "/EF": _EMBEDDED,
    "/XFA": _XFA,
    "/RichMediaContent": _RICH_MEDIA,
    "/RichMediaSettings": _RICH_MEDIA,
    "/AA": _AUTOMATIC,
}
_TYPES = {"/EmbeddedFile": _EMBEDDED, "/Filespec": _EMBEDDED, "/RichMedia": _RICH_MEDIA}


def _refuse(name: str, message) -> ValidationError:
    return ValidationError({"file": [message % {"name": name}]})


def _dictionary_findings(obj) -> set:
    found = {finding for key, finding in _KEYS.items() if key in obj}
    for key in ("/Type", "/Subtype"):
        value = obj.get(key)
        if isinstance(value, pikepdf.Name) and str(value) in _TYPES:
            found.add(_TYPES[str(value)])
    action = obj.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in _ACTIONS:
        found.add(_ACTIONS[str(action)])
    opener = obj.get("/OpenAction")
    # A destination ([page /Fit]) only turns the page; an action dictionary other than GoTo runs.
    if isinstance(opener, pikepdf.Dictionary) and opener.get("/S") != pikepdf.Name.GoTo:
        found.add(_AUTOMATIC)
    return found


def _findings(pdf: pikepdf.Pdf) -> set:
    """Every indirect object (object streams included) and the direct objects inside each."""
    found: set = set()
    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            found |= _dictionary_findings(obj)
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        # Indirect children are in pdf.objects already: visiting them here would loop on cycles.
        stack.extend(
            child
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect
        )
    return found


def inspect_pdf(upload: IO[bytes], *, name: str) -> None:
    """Refuse encrypted or unreadable files, and any active content (400 naming what was found)."""
    upload.seek(0)
    try:
        with pikepdf.open(upload) as pdf:
            if pdf.is_encrypted:
                raise _refuse(
                    name, _("Tệp “%(name)s” được mã hóa hoặc đặt mật khẩu; hãy nộp bản không mã hóa.")
                )
            found = _findings(pdf)
    except pikepdf.PasswordError as exc:
        raise _refuse(
            name, _("Tệp “%(name)s” được mã hóa hoặc đặt mật khẩu; hãy nộp bản không mã hóa.")
        ) from exc
    except (pikepdf.PdfError, RecursionError, ValueError) as exc:
        raise _refuse(name, _("Tệp “%(name)s” bị hỏng, không đọc được nội dung PDF.")) from exc
    finally:
        upload.seek(0)
    if found:
        kinds = ", ".join(sorted(str(finding) for finding in found))
        raise ValidationError(
            {
                "file": [
                    _("Tệp “%(name)s” chứa nội dung động không được chấp nhận: %(kinds)s.")
                    % {"name": name, "kinds": kinds}
                ]
            }
        )


def attachment_response(attachment) -> FileResponse:
    """Always a download, never rendered in the browser, and sandboxed if it ever is."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response
