"""Certificates created by issuing a decision; status following the register; content building."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.enums import Gender
from certificates.enums import CertificateStatus, Paper
from certificates.models import Certificate, PrintProfile
from certificates.services import certificate_contents
from nominations import decisions
from tests.factories.awards import OrganizationFactory
from tests.factories.certificates import (
    PrintProfileFactory,
    certificates_of,
    chairman_user,
    issued_decision,
)

pytestmark = pytest.mark.django_db


def test_issue_creates_certificates_numbered_in_annex_order():
    decision = issued_decision(names=["Trần Văn Ba", "Lê Thị Hai", "Phạm Văn Một"])

    certificates = certificates_of(decision)

    assert [c.register_number for c in certificates] == [1, 2, 3]
    assert [c.nomination.nominee_name for c in certificates] == ["Trần Văn Ba", "Lê Thị Hai", "Phạm Văn Một"]
    assert all(c.award_record.nomination_id == c.nomination_id for c in certificates)
    assert all(c.print_count == 0 and c.last_printed_at is None for c in certificates)


def test_certificate_code_is_random_with_at_least_80_bits():
    decision = issued_decision(people=5)

    codes = [c.code for c in certificates_of(decision)]

    assert len(set(codes)) == 5
    # token_urlsafe(16): 22 characters of a 64-letter alphabet = 128 bits.
    assert all(len(code) >= 22 and code.replace("-", "").replace("_", "").isalnum() for code in codes)


def test_certificate_status_is_valid_until_revoked():
    decision = issued_decision(people=2)
    first, second = certificates_of(decision)

    decisions.nomination_revoke(
        nomination=first.nomination,
        actor=chairman_user(),
        reason="Kê khai thành tích không đúng sự thật",
        act_number="99/QĐ-UBND",
        revoked_on=datetime.date(2024, 3, 1),
    )

    first = Certificate.objects.get(pk=first.pk)
    second = Certificate.objects.get(pk=second.pk)
    assert first.status == CertificateStatus.REVOKED
    assert first.revoked_on == datetime.date(2024, 3, 1)
    assert second.status == CertificateStatus.VALID
    assert second.revoked_on is None


def test_certificate_contents_builds_every_line():
    unit = OrganizationFactory(name="Văn phòng Ủy ban nhân dân tỉnh")
    decision = issued_decision(
        names=["Nguyễn Thị Hương"], gender=Gender.FEMALE, unit=unit, collectives=["Phòng Tổng hợp"]
    )

    person, collective = certificate_contents(
        Certificate.objects.filter(decision=decision).order_by("register_number")
    )

    assert person.recipient_name == "Bà Nguyễn Thị Hương"
    assert person.recipient_detail == "Chuyên viên, Văn phòng Ủy ban nhân dân tỉnh"
    assert person.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert person.award_title == "BẰNG KHEN"
    assert person.citation == "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023"
    assert person.signer_title_lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert person.decision_number == "46/QĐ-UBND"
    assert person.place == "Bắc Ninh"
    assert person.layout_code == "merit_chairman"
    code = Certificate.objects.get(decision=decision, register_number=1).code
    assert person.verify_url == f"http://127.0.0.1:8000/verify/{code}/"
    assert collective.recipient_name == "Phòng Tổng hợp"
    assert collective.recipient_detail == "Văn phòng Ủy ban nhân dân tỉnh"


def test_certificate_contents_capitalises_the_decision_citation():
    decision = issued_decision(people=1, citation="đã có thành tích xuất sắc trong phong trào chuyển đổi số")

    (content,) = certificate_contents(Certificate.objects.filter(decision=decision))

    assert content.citation == "Đã có thành tích xuất sắc trong phong trào chuyển đổi số"


def test_certificate_contents_names_are_nfc_even_when_entered_decomposed():
    decomposed = unicodedata.normalize("NFD", "Đặng Thị Ánh Tuyết")
    decision = issued_decision(names=[decomposed], gender=Gender.FEMALE)

    (content,) = certificate_contents(Certificate.objects.filter(decision=decision))

    assert content.recipient_name == "Bà Đặng Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", content.recipient_name)


def test_certificate_contents_costs_one_query_whatever_the_count(django_assert_num_queries):
    small = issued_decision(people=2, number="1/QĐ-UBND")
    large = issued_decision(people=12, number="2/QĐ-UBND")

    with django_assert_num_queries(1):
        assert len(certificate_contents(Certificate.objects.filter(decision=small))) == 2
    with django_assert_num_queries(1):
        assert len(certificate_contents(Certificate.objects.filter(decision=large))) == 12


def test_print_profile_offset_beyond_the_page_is_refused():
    profile = PrintProfile(
        name="Khổ nhỏ",
        paper=Paper.CUSTOM,
        width_mm=Decimal("60"),
        height_mm=Decimal("60"),
        offset_x_mm=Decimal("75"),
    )

    with pytest.raises(ValidationError) as exc:
        profile.clean()

    assert "offset_x_mm" in exc.value.message_dict


def test_print_profile_custom_paper_needs_both_sizes():
    profile = PrintProfile(name="Tùy chọn", paper=Paper.CUSTOM, width_mm=Decimal("400"))

    with pytest.raises(ValidationError) as exc:
        profile.clean()

    assert "height_mm" in exc.value.message_dict


def test_print_profile_named_paper_has_its_landscape_size():
    assert PrintProfileFactory(paper=Paper.A4).page_size_mm == (Decimal("297"), Decimal("210"))
    assert PrintProfileFactory(paper=Paper.A3).page_size_mm == (Decimal("420"), Decimal("297"))
