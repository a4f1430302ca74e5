"""The print profile's live preview: one certificate in blank mode, as a PNG rendered
by the server, over an optional scan of the blank (so the clerk sees the alignment
before wasting a blank), and the scan's checks (an image, not too large)."""

from __future__ import annotations

import io
import secrets
from datetime import date

import pypdfium2
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from certificates.models import PrintProfile
from certificates.rendering import CertificateContent, render_certificates
from certificates.services import certificates_for_rendering, iter_certificate_contents

MAX_SCAN_BYTES = 10 * 1024 * 1024
MAX_SCAN_PIXELS = 60_000_000  # a 600 dpi scan of an A3 sheet is ~ 70 MP; 300 dpi ~ 17 MP
SCAN_FORMATS = {"PNG": "png", "JPEG": "jpg"}
PREVIEW_DPI = 60


def validate_scan(upload) -> str:
    """The scan's file extension; ValidationError (Vietnamese) for anything but a PNG or
    JPEG image under the size limits. Reads the image's header, never trusts its name."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("Ảnh quét phôi quá lớn (%(size)s MB): tối đa %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_SCAN_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp tải lên không phải là ảnh PNG hoặc JPEG đọc được.")) from exc
    finally:
        upload.seek(0)
    if kind not in SCAN_FORMATS:
        raise ValidationError(_("Ảnh quét phôi phải là PNG hoặc JPEG."))
    if width * height > MAX_SCAN_PIXELS:
        raise ValidationError(
            _("Ảnh quét phôi quá nhiều điểm ảnh (%(w)s × %(h)s): hãy quét ở 150–300 dpi.")
            % {"w": width, "h": height}
        )
    return SCAN_FORMATS[kind]


def store_scan(profile: PrintProfile, upload) -> None:
    """Replace the profile's scan with `upload` (checked by `validate_scan`)."""
    extension = validate_scan(upload)
    old = profile.scan.name if profile.scan else ""
    name = default_storage.save(
        f"print-profiles/{secrets.token_hex(16)}.{extension}", ContentFile(upload.read())
    )
    PrintProfile.objects.filter(pk=profile.pk).update(scan=name)
    profile.scan.name = name
    if old:
        default_storage.delete(old)


def sample_content(layout_code: str) -> CertificateContent:
    """The newest certificate printed with this layout, or a specimen."""

    latest = (
        certificates_for_rendering()
        .filter(decision__award_type__certificate_layout=layout_code, award_record__revoked=False)
        .order_by("-id")[:1]
    )
    for content in iter_certificate_contents(latest):
        return content
    return CertificateContent(
        register_number=12,
        register_suffix="BK",
        layout_code=layout_code,
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        award_title="BẰNG KHEN",
        recipient_name="Ông Nguyễn Văn Mẫu",
        recipient_detail="Chuyên viên, Văn phòng Ủy ban nhân dân tỉnh",
        citation="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023",
        decision_number="46/QĐ-UBND",
        decision_date=date(2024, 1, 11),
        place="Bắc Ninh",
        signer_title_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        signer_name="Nguyễn Văn Ký",
        verify_url="https://example.invalid/verify/mau/",
    )


def preview_png(*, profile: PrintProfile, layout_code: str, options: dict) -> bytes:
    """One certificate of `layout_code` in blank mode with `options` (the renderer's
    paper, scaling and offsets), drawn over the profile's scan stretched to the paper."""
    pdf = render_certificates([sample_content(layout_code)], mode="blank", **options)
    page = pypdfium2.PdfDocument(pdf)[0]
    overlay = page.render(scale=PREVIEW_DPI / 72, fill_color=(255, 255, 255, 0)).to_pil().convert("RGBA")
    base = Image.new("RGBA", overlay.size, (255, 255, 255, 255))
    if profile.scan:
        with default_storage.open(profile.scan.name, "rb") as handle, Image.open(handle) as scan:
            scan = ImageOps.exif_transpose(scan).convert("RGBA").resize(overlay.size)
            # Faded, so the printed text stands out against the blank's own print.
            base = Image.blend(base, scan, 0.75)
    out = io.BytesIO()
    Image.alpha_composite(base, overlay).convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()
