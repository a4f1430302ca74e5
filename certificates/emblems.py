"""Emblem uploads per layout: PNG or SVG, checked by content; the renderer draws the
stored bytes in place of the star in full mode (``certificates.pdf.emblem``)."""

from __future__ import annotations

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree
from PIL import Image, UnidentifiedImageError

from certificates.models import LayoutEmblem
from certificates.rendering import Emblem, RenderingError, available_layouts, check_emblem, load_layout

MAX_EMBLEM_BYTES = 2 * 1024 * 1024
MAX_EMBLEM_PIXELS = 4000 * 4000
PNG, SVG = "image/png", "image/svg+xml"
_SVG_NS = "{http://www.w3.org/2000/svg}"
# Nothing that reads another file, runs code or embeds foreign content.
_FORBIDDEN = {"image", "script", "foreignObject", "use", "feImage", "iframe"}


def _png(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp tải lên không phải là ảnh PNG hoặc SVG đọc được.")) from exc
    if kind != "PNG":
        raise ValidationError(_("Quốc huy phải là ảnh PNG hoặc SVG."))
    if width * height > MAX_EMBLEM_PIXELS:
        raise ValidationError(
            _("Ảnh quốc huy quá nhiều điểm ảnh (%(w)s × %(h)s).") % {"w": width, "h": height}
        )


def _svg(data: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(_("Tệp SVG không đọc được: %(why)s") % {"why": str(exc)[:200]}) from exc
    if root.tag != f"{_SVG_NS}svg" or root.getroottree().docinfo.doctype:
        raise ValidationError(_("Tệp tải lên không phải là ảnh SVG."))
    for element in root.iter():
        tag = element.tag.split("}")[-1] if isinstance(element.tag, str) else ""
        external = any(
            key.endswith("href") and not value.startswith("#") for key, value in element.attrib.items()
        )
        if tag in _FORBIDDEN or external:
            raise ValidationError(
                _(
                    "Tệp SVG chứa thành phần không được phép (“%(tag)s”): chỉ dùng hình vẽ, không ảnh nhúng hay liên kết."
                )
                % {"tag": tag}
            )


def validate_emblem(upload) -> tuple[str, bytes]:
    """(content type, bytes) of a PNG or SVG emblem, judged by its content."""
    if upload.size > MAX_EMBLEM_BYTES:
        raise ValidationError(
            _("Ảnh quốc huy quá lớn (%(size)s MB): tối đa %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_EMBLEM_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"\x89PNG"):
        _png(data)
        kind = PNG
    else:
        _svg(data)
        kind = SVG
    try:
        check_emblem(Emblem(kind, data))
    except (RenderingError, OSError, ValueError) as exc:
        raise ValidationError(_("Không vẽ được ảnh quốc huy: %(why)s") % {"why": exc}) from exc
    return kind, data


def emblem_layouts() -> list[tuple[str, str]]:
    """(code, name) of the layouts with a place for the emblem (a star)."""
    layouts = (load_layout(code) for code in available_layouts())
    return [(layout.code, layout.name) for layout in layouts if layout.star is not None]


def emblem_store(*, layout_code: str, upload) -> LayoutEmblem:
    if layout_code not in dict(emblem_layouts()):
        raise ValidationError(
            {"layout": [_("Mẫu “%(c)s” không có chỗ cho quốc huy.") % {"c": layout_code[:50]}]}
        )
    kind, data = validate_emblem(upload)
    extension = "png" if kind == PNG else "svg"
    name = default_storage.save(f"emblems/{secrets.token_hex(16)}.{extension}", ContentFile(data))
    with transaction.atomic():
        old = LayoutEmblem.objects.select_for_update().filter(layout_code=layout_code).first()
        old_name = old.image.name if old else ""
        emblem, _created = LayoutEmblem.objects.update_or_create(
            layout_code=layout_code, defaults={"image": name, "content_type": kind}
        )
    if old_name:
        default_storage.delete(old_name)
    return emblem


def emblem_remove(*, layout_code: str) -> None:
    with transaction.atomic():
        emblem = LayoutEmblem.objects.select_for_update().filter(layout_code=layout_code).first()
        if emblem is None:
            return
        name = emblem.image.name
        emblem.delete()
    default_storage.delete(name)


def emblems_for(layout_codes) -> dict[str, Emblem]:
    """The stored emblems of these layouts, as the renderer takes them."""
    result = {}
    for emblem in LayoutEmblem.objects.filter(layout_code__in=set(layout_codes)):
        try:
            with default_storage.open(emblem.image.name, "rb") as handle:
                result[emblem.layout_code] = Emblem(emblem.content_type, handle.read())
        except FileNotFoundError:
            continue  # the star is drawn instead
    return result
