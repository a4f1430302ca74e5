"""The QR code of a printed certificate decodes to its absolute verification URL,
read by two independent decoders: Debian's zbarimg and zxing-cpp."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from tests.certificates.readback import client
from tests.factories.certificates import certificates_of, issued_decision, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(settings):
    settings.PUBLIC_BASE_URL = "https://thidua.bacninh.gov.vn"
    decision = issued_decision(people=2)
    certificate = certificates_of(decision)[1]
    response = client(staff_user()).get(f"/api/v1/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    return certificate, response.content


def test_qr_code_decodes_with_zbarimg_to_the_verification_url(printed, tmp_path: Path):
    certificate, pdf = printed
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", "certificate.pdf", "page"], cwd=tmp_path, check=True
    )

    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        check=True,
    )

    expected = f"https://thidua.bacninh.gov.vn/verify/{certificate.code}/"
    assert result.stdout.strip().splitlines() == [expected]


def test_qr_code_decodes_with_zxing_to_the_verification_url(printed):
    certificate, pdf = printed
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=150 / 72).to_pil()

    decoded = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]

    assert decoded == [f"https://thidua.bacninh.gov.vn/verify/{certificate.code}/"]


def test_qr_code_is_absent_in_blank_mode(printed, tmp_path: Path):
    certificate, _ = printed
    response = client(staff_user()).get(f"/api/v1/certificates/{certificate.pk}/pdf/", {"mode": "blank"})
    with tempfile.NamedTemporaryFile(suffix=".pdf", dir=tmp_path, delete=False) as handle:
        handle.write(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", handle.name, "page"], cwd=tmp_path, check=True
    )

    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True
    )

    assert result.stdout.strip() == ""
