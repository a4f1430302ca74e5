"""The print profile page: a live PNG preview of one certificate in blank mode over
an uploaded scan of the blank; the scan is checked as an image with a size limit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from awards.enums import Role
from certificates.models import PrintProfile
from certificates.preview import PREVIEW_DPI
from tests.factories.awards import UserFactory
from tests.factories.certificates import PrintProfileFactory, issued_decision, staff_user

pytestmark = pytest.mark.django_db

SCAN_COLOUR = (240, 200, 120)


def _client(user=None) -> Client:
    client = Client()
    client.force_login(user or staff_user())
    return client


def _scan(size=(840, 594), kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, SCAN_COLOUR).save(buffer, format=kind)
    return SimpleUploadedFile(f"phoi.{kind.lower()}", buffer.getvalue(), content_type=f"image/{kind.lower()}")


def _form(profile: PrintProfile, **changes) -> dict:
    data = {
        "name": profile.name,
        "paper": profile.paper,
        "width_mm": "",
        "height_mm": "",
        "offset_x_mm": str(profile.offset_x_mm),
        "offset_y_mm": str(profile.offset_y_mm),
    }
    return {**data, **changes}


def _ink_box(png: bytes) -> tuple[int, int, int, int]:
    """Bounding box of the dark (printed) pixels."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.point(lambda v: 255 if v < 90 else 0).getbbox()


def test_uploaded_scan_lies_under_the_preview():
    issued_decision(people=1)
    profile = PrintProfileFactory()
    staff = _client()
    answer = staff.post(f"/printing/profiles/{profile.pk}/edit/", _form(profile, scan_upload=_scan()))
    assert answer.status_code == 302
    profile.refresh_from_db()
    assert profile.scan.name.startswith("print-profiles/") and profile.scan.name.endswith(".png")

    response = staff.get(f"/printing/profiles/{profile.pk}/preview.png", {"layout": "merit_chairman"})

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    px_per_mm = PREVIEW_DPI / 25.4
    assert image.size == pytest.approx((420 * px_per_mm, 297 * px_per_mm), abs=2)
    blank_spot = image.getpixel((int(100 * px_per_mm), int(40 * px_per_mm)))  # nothing printed there
    faded = tuple(0.25 * 255 + 0.75 * c for c in SCAN_COLOUR)  # the scan, faded towards white
    assert blank_spot == pytest.approx(faded, abs=3)
    assert _ink_box(response.content) is not None  # the printed lines


def test_preview_follows_unsaved_offsets_and_scaling():
    issued_decision(people=1)
    profile = PrintProfileFactory()
    staff = _client()
    url = f"/printing/profiles/{profile.pk}/preview.png"

    still = _ink_box(staff.get(url, {"layout": "merit_chairman"}).content)
    moved = _ink_box(
        staff.get(url, {"layout": "merit_chairman", "offset_x_mm": "10", "offset_y_mm": "5"}).content
    )
    a4 = staff.get(url, {"layout": "merit_chairman", "paper": "A4", "scaling": "fit"})

    px_per_mm = PREVIEW_DPI / 25.4
    assert moved[0] - still[0] == pytest.approx(10 * px_per_mm, abs=2)  # right
    assert still[1] - moved[1] == pytest.approx(5 * px_per_mm, abs=2)  # up
    assert Image.open(io.BytesIO(a4.content)).size == pytest.approx((297 * px_per_mm, 210 * px_per_mm), abs=2)
    profile.refresh_from_db()
    assert profile.offset_x_mm == 0  # nothing saved


def test_preview_refuses_values_that_put_a_line_off_the_sheet():
    profile = PrintProfileFactory(name="Máy in A4")
    staff = _client()

    response = staff.get(
        f"/printing/profiles/{profile.pk}/preview.png", {"layout": "merit_chairman", "paper": "A4"}
    )
    bad_offset = staff.get(
        f"/printing/profiles/{profile.pk}/preview.png", {"layout": "merit_chairman", "offset_x_mm": "x"}
    )
    flag = staff.get(f"/printing/profiles/{profile.pk}/preview.png", {"layout": "flag_inscription"})

    assert response.status_code == 400
    assert "Máy in A4" in response.json()["errors"][0] and "ngoài tờ giấy" in response.json()["errors"][0]
    assert bad_offset.status_code == 400
    assert flag.status_code == 400


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("phoi.png", b"%PDF-1.4 not an image", content_type="image/png"),
            "không phải là ảnh",
        ),
        (SimpleUploadedFile("phoi.png", b"\x89PNG" + b"\0" * (50 * 1024 * 1024)), "quá lớn"),
        ("gif", "PNG hoặc JPEG"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_is_saved(upload, message):
    profile = PrintProfileFactory(offset_x_mm=0)
    if upload == "gif":
        upload = _scan(kind="GIF")

    response = _client().post(
        f"/printing/profiles/{profile.pk}/edit/", _form(profile, offset_x_mm="3", scan_upload=upload)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert profile.offset_x_mm == 0 and not profile.scan


def test_scaling_per_layout_is_saved_from_the_form():
    profile = PrintProfileFactory(paper="A3")

    _client().post(
        f"/printing/profiles/{profile.pk}/edit/", _form(profile, paper="A4", scaling_merit_chairman="fit")
    )

    profile.refresh_from_db()
    assert profile.paper == "A4" and profile.layout_scaling == {"merit_chairman": "fit"}
    assert profile.scaling_for("merit_chairman") == "fit" and profile.scaling_for("generic") == "actual"


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.UNIT_HEAD, Role.COUNCIL_MEMBER])
def test_only_staff_see_the_preview(role):
    profile = PrintProfileFactory()

    response = _client(UserFactory(roles=[role])).get(
        f"/printing/profiles/{profile.pk}/preview.png", {"layout": "merit_chairman"}
    )

    assert response.status_code == 403
