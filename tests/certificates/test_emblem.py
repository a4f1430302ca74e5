"""A province's emblem (PNG or SVG) replaces the star in full mode; uploads are
checked by content; blank mode never prints it."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from awards.enums import Role
from certificates.models import LayoutEmblem
from tests.certificates.readback import client as api_client
from tests.factories.awards import UserFactory
from tests.factories.certificates import certificates_of, issued_decision, staff_user

pytestmark = pytest.mark.django_db

STAR = (210, 38)  # merit_chairman's star, mm from the top-left corner
BLUE = (20, 60, 200)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<circle cx="50" cy="50" r="48" fill="#143CC8"/></svg>'
)


def _png(colour=BLUE) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(data: bytes, name: str) -> dict:
    return {"layout": "merit_chairman", "image": SimpleUploadedFile(name, data)}


def _pixel(pdf: bytes, mm: tuple[float, float], dpi: int = 60) -> tuple[int, int, int]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("RGB")
    return image.getpixel((round(mm[0] * dpi / 25.4), round(mm[1] * dpi / 25.4)))


def _staff() -> Client:
    page = Client()
    page.force_login(staff_user())
    return page


@pytest.fixture
def certificate():
    return certificates_of(issued_decision(people=1))[0]


def _certificate_pdf(certificate, mode: str = "full") -> bytes:
    response = api_client(staff_user()).get(f"/api/v1/certificates/{certificate.pk}/pdf/", {"mode": mode})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(("data", "name"), [(_png(), "quoc-huy.png"), (SVG, "quoc-huy.svg")])
def test_an_uploaded_emblem_is_drawn_in_place_of_the_star(data, name, certificate):
    star = _pixel(_certificate_pdf(certificate), STAR)
    assert star[0] > 150 and star[2] < 120  # gold

    answer = _staff().post("/printing/emblems/", _upload(data, name))
    assert answer.status_code == 302
    with_emblem = _certificate_pdf(certificate)

    assert _pixel(with_emblem, STAR) == pytest.approx(BLUE, abs=12)
    assert _pixel(with_emblem, (STAR[0] + 13, STAR[1])) == pytest.approx(BLUE, abs=12)  # 30 mm wide
    assert _pixel(_certificate_pdf(certificate, "blank"), STAR) == (255, 255, 255)


def test_removing_the_emblem_brings_the_star_back(certificate):
    staff = _staff()
    staff.post("/printing/emblems/", _upload(_png(), "a.png"))
    staff.post("/printing/emblems/", {"layout": "merit_chairman", "remove": "1"})

    assert not LayoutEmblem.objects.exists()
    assert _pixel(_certificate_pdf(certificate), STAR)[2] < 120


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not an emblem", "không đọc được"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="file:///etc/passwd" width="10" height="10"/></svg>',
            "không được phép",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "không phải là ảnh SVG",
        ),
        (b"\x89PNG" + b"\0" * (3 * 1024 * 1024), "quá lớn"),
    ],
)
def test_bad_emblems_are_refused_with_a_reason(data, message):
    answer = _staff().post("/printing/emblems/", _upload(data, "x.svg"))

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not LayoutEmblem.objects.exists()


def test_a_layout_without_a_star_takes_no_emblem():
    answer = _staff().post(
        "/printing/emblems/", {"layout": "flag_inscription", "image": SimpleUploadedFile("a.png", _png())}
    )

    assert answer.status_code == 400
    assert not LayoutEmblem.objects.exists()


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.UNIT_HEAD, Role.COUNCIL_MEMBER])
def test_only_staff_upload_emblems(role):
    page = Client()
    page.force_login(UserFactory(roles=[role]))

    assert page.post("/printing/emblems/", _upload(_png(), "a.png")).status_code == 403
    assert not LayoutEmblem.objects.exists()
