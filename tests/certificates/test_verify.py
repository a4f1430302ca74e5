"""Public verification: `/api/v1/verify/{code}/` and the page `/verify/{code}/`."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from awards.enums import Role
from certificates.models import Certificate
from nominations import decisions
from tests.certificates.readback import client
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.certificates import certificates_of, chairman_user, issued_decision

pytestmark = pytest.mark.django_db

ALLOWED = {
    "recipient_name",
    "organization_name",
    "award_type_name",
    "decision_number",
    "signed_on",
    "status",
    "status_display",
    "revoked_on",
}


@pytest.fixture
def certificate():
    unit = OrganizationFactory(name="Văn phòng Ủy ban nhân dân tỉnh")
    decision = issued_decision(names=["Nguyễn Thị Hương"], unit=unit)
    return certificates_of(decision)[0]


def _revoke(certificate: Certificate, on: datetime.date) -> None:
    decisions.nomination_revoke(
        nomination=certificate.nomination,
        actor=chairman_user(),
        reason="Kê khai thành tích không trung thực",
        act_number="120/QĐ-UBND",
        revoked_on=on,
    )


def test_verify_api_shows_only_the_public_facts(certificate):
    response = client().get(f"/api/v1/verify/{certificate.code}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == ALLOWED
    assert body == {
        "recipient_name": "Nguyễn Thị Hương",
        "organization_name": "Văn phòng Ủy ban nhân dân tỉnh",
        "award_type_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "decision_number": "46/QĐ-UBND",
        "signed_on": "2024-01-11",
        "status": "valid",
        "status_display": "Còn hiệu lực",
        "revoked_on": None,
    }
    assert "1980" not in response.content.decode()  # the factory's birth year
    assert response["Cache-Control"] == "no-store"


def test_verify_api_revoked_certificate_verifies_as_revoked(certificate):
    _revoke(certificate, datetime.date(2024, 5, 20))

    body = client().get(f"/api/v1/verify/{certificate.code}/").json()

    assert body["status"] == "revoked"
    assert body["status_display"] == "Đã bị thu hồi"
    assert body["revoked_on"] == "2024-05-20"
    assert "trung thực" not in str(body)  # the reason is not public


@pytest.mark.parametrize(
    "code",
    [
        "AAAAAAAAAAAAAAAAAAAAAA",
        "AAAA-AAAA_AAAA-AAAA_AA",
        "short",
        "x" * 200,
        "..%2F..%2Fetc%2Fpasswd",
        "<script>alert(1)</script>",
    ],
)
def test_verify_api_unknown_code_is_404(certificate, code):
    response = client().get(f"/api/v1/verify/{code}/")

    assert response.status_code == 404


def test_verify_api_nul_in_the_code_is_refused_not_a_server_error(certificate):
    # The project's middleware refuses NUL anywhere in a request (400).
    assert client().get("/api/v1/verify/%00/").status_code == 400


def test_verify_api_works_for_signed_in_users_too(certificate):
    response = client(UserFactory(roles=[Role.UNIT_HEAD])).get(f"/api/v1/verify/{certificate.code}/")

    assert response.status_code == 200


def test_verify_api_repeated_guessing_is_throttled(certificate, settings):
    api = client()
    statuses = [api.get(f"/api/v1/verify/AAAAAAAAAAAAAAAAAAAA{i:02d}/").status_code for i in range(30)]

    assert statuses == [404] * 30
    assert api.get(f"/api/v1/verify/{certificate.code}/").status_code == 429
    # Another client is not affected.
    assert client().get(f"/api/v1/verify/{certificate.code}/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_verify_page_shows_valid_in_vietnamese_without_personal_data(certificate):
    response = Client().get(f"/verify/{certificate.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="viewport"' in html
    assert "Còn hiệu lực" in html
    assert "Nguyễn Thị Hương" in html
    assert "Văn phòng Ủy ban nhân dân tỉnh" in html
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in html
    assert "Số 46/QĐ-UBND ngày 11/01/2024" in html
    assert "1980" not in html
    assert "Chuyên viên" not in html  # the position is not among the public facts
    assert response["X-Robots-Tag"] == "noindex"


def test_verify_page_shows_revoked_with_its_date(certificate):
    _revoke(certificate, datetime.date(2024, 5, 20))

    html = Client().get(f"/verify/{certificate.code}/").content.decode()

    assert "Đã bị thu hồi" in html
    assert "ngày 20/05/2024" in html
    assert "Còn hiệu lực" not in html


def test_verify_page_unknown_code_is_404_in_vietnamese(certificate):
    response = Client().get("/verify/AAAAAAAAAAAAAAAAAAAAAA/")

    assert response.status_code == 404
    assert "Không tìm thấy bằng khen với mã này." in response.content.decode()


def test_verify_page_escapes_the_recipient_name():
    decision = issued_decision(names=['<script>alert("x")</script> Lê & Co'])
    certificate = certificates_of(decision)[0]

    html = Client().get(f"/verify/{certificate.code}/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Lê &amp; Co" in html


def test_verify_page_shares_the_throttle_with_the_api(certificate):
    page = Client()
    for i in range(30):
        page.get(f"/verify/AAAAAAAAAAAAAAAAAAAA{i:02d}/")

    assert page.get(f"/verify/{certificate.code}/").status_code == 429
    assert client().get(f"/api/v1/verify/{certificate.code}/").status_code == 429
