"""The QR code of a printed certificate decodes to its absolute verification URL,
read by two independent decoders: Debian's zbarimg and zxing-cpp."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from certificates.rendering import load_layout
from tests.certificates.readback import client
from tests.factories.certificates import PrintProfileFactory, certificates_of, issued_decision, staff_user

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


def _zbar_at_150_dpi(pdf: bytes, tmp_path: Path) -> list[str]:
    (tmp_path / "blank.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", "blank.pdf", "page"], cwd=tmp_path, check=True
    )
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_blank_mode_prints_a_qr_code_that_decodes_at_150_dpi(printed, tmp_path: Path, paper):
    """On the A3 blank at 100 %, and on an A4 blank the layout is fitted to."""
    certificate, _ = printed
    profile = PrintProfileFactory(paper=paper, layout_scaling={"merit_chairman": "fit"})
    response = client(staff_user()).get(
        f"/api/v1/certificates/{certificate.pk}/pdf/", {"mode": "blank", "profile": profile.pk}
    )
    assert response.status_code == 200

    assert _zbar_at_150_dpi(response.content, tmp_path) == [
        f"https://thidua.bacninh.gov.vn/verify/{certificate.code}/"
    ]


def test_blank_mode_qr_code_sits_where_the_layout_says(printed):
    """Bottom left, in the blank's empty area: left of the decision line, below the citation."""
    certificate, _ = printed
    response = client(staff_user()).get(f"/api/v1/certificates/{certificate.pk}/pdf/", {"mode": "blank"})
    image = pypdfium2.PdfDocument(response.content)[0].render(scale=150 / 72).to_pil()
    (found,) = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    layout = load_layout("merit_chairman")
    px_per_mm = 150 / 25.4
    left = min(p.x for p in (found.position.top_left, found.position.bottom_left)) / px_per_mm
    top = min(p.y for p in (found.position.top_left, found.position.top_right)) / px_per_mm
    # zxing reports the finder patterns' outer corners: the symbol's edge.
    assert left == pytest.approx(layout.qr.x_mm, abs=1.0)
    assert top == pytest.approx(layout.qr.y_mm, abs=1.0)
    assert top + layout.qr.size_mm < layout.fields["decision_line"].y_mm + 10
    assert left + layout.qr.size_mm < layout.fields["decision_line"].x_mm
