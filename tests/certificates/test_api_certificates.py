"""`/api/v1/certificates/`: who sees what, filters, and the single-certificate PDF read back."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest

from awards.enums import Gender, Role
from certificates.models import Certificate
from nominations import decisions
from tests.certificates.readback import MM, client, page_chars, page_lines, page_texts, pdftotext
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.certificates import (
    PrintProfileFactory,
    certificates_of,
    chairman_user,
    issued_decision,
    staff_user,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/certificates/"


@pytest.fixture
def office():
    return OrganizationFactory(code="VP", name="Văn phòng Ủy ban nhân dân tỉnh", kind="office")


@pytest.fixture
def decision(office):
    division = OrganizationFactory(code="PKS", name="Phòng Kiểm soát thủ tục hành chính", parent=office)
    return issued_decision(
        names=["Nguyễn Văn An", "Đặng Thị Hương"], unit=division, collectives=["Tổ Một cửa"]
    )


def _pdf(certificate: Certificate, user=None, **params):
    return client(user or staff_user()).get(f"{URL}{certificate.pk}/pdf/", params)


# --- list and visibility --------------------------------------------------------------------------


def test_certificate_list_shows_the_contract_fields(decision):
    response = client(staff_user()).get(URL, {"decision": decision.pk})

    assert response.status_code == 200
    first = response.json()["results"][0]
    certificate = certificates_of(decision)[0]
    assert first == {
        "id": certificate.pk,
        "nomination": certificate.nomination_id,
        "decision": decision.pk,
        "decision_number": "46/QĐ-UBND",
        "signed_on": "2024-01-11",
        "register_number": 1,
        "recipient_name": "Nguyễn Văn An",
        "award_type": "cert_merit",
        "award_type_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "status": "valid",
        "revoked_on": None,
        "verify_url": f"http://127.0.0.1:8000/verify/{certificate.code}/",
        "print_count": 0,
        "last_printed_at": None,
    }


@pytest.mark.parametrize(("role", "expected"), [(Role.STAFF, 3), (Role.CHAIRMAN, 3), (Role.ADMIN, 3)])
def test_certificate_list_secretariat_and_chairman_see_all(decision, role, expected):
    response = client(UserFactory(roles=[role])).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == expected


def test_certificate_list_unit_head_sees_only_their_subtree(decision, office):
    other = issued_decision(people=2, number="2/QĐ-UBND", unit=OrganizationFactory(name="Sở Nội vụ"))
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=office)

    response = client(head).get(URL)

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {c.pk for c in certificates_of(decision)}
    assert not ids & {c.pk for c in certificates_of(other)}
    foreign = certificates_of(other)[0]
    assert client(head).get(f"{URL}{foreign.pk}/").status_code == 404


def test_certificate_list_council_member_sees_nothing(decision):
    response = client(UserFactory(roles=[Role.COUNCIL_MEMBER])).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_certificate_list_anonymous_is_401(decision):
    assert client().get(URL).status_code == 401


def test_certificate_list_filters_by_status_after_revocation(decision):
    first = certificates_of(decision)[0]
    decisions.nomination_revoke(
        nomination=first.nomination, actor=chairman_user(), reason="Gian dối", act_number="9/QĐ-UBND"
    )
    api = client(staff_user())

    revoked = api.get(URL, {"status": "revoked"}).json()
    valid = api.get(URL, {"status": "valid"}).json()

    assert [row["id"] for row in revoked["results"]] == [first.pk]
    assert revoked["results"][0]["revoked_on"] == datetime.date.today().isoformat()
    assert valid["count"] == 2


@pytest.mark.parametrize("query", ["dang thi huong", "ĐẶNG", unicodedata.normalize("NFD", "Hương")])
def test_certificate_list_search_ignores_accents_and_case(decision, query):
    response = client(staff_user()).get(URL, {"search": query})

    assert [row["recipient_name"] for row in response.json()["results"]] == ["Đặng Thị Hương"]


def test_certificate_list_filters_by_year_award_type_and_decision(decision):
    api = client(staff_user())

    assert api.get(URL, {"year": 2023, "award_type": "cert_merit"}).json()["count"] == 3
    assert api.get(URL, {"year": 2022}).json()["count"] == 0
    assert api.get(URL, {"award_type": "flag_province"}).json()["count"] == 0
    assert api.get(URL, {"decision": 999999}).json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"year": "abc"}, {"decision": "99999999999999999999999"}, {"search": "x" * 300}],
)
def test_certificate_list_bad_filters_are_400(decision, params):
    assert client(staff_user()).get(URL, params).status_code == 400


def test_certificate_list_query_count_does_not_grow(decision, django_assert_max_num_queries):
    issued_decision(people=8, number="2/QĐ-UBND")
    api = client(staff_user())

    with django_assert_max_num_queries(2):
        response = api.get(URL)

    assert response.json()["count"] == 11


# --- the single-certificate PDF ----------------------------------------------------------------


def test_certificate_pdf_prints_every_official_line_in_order(decision):
    certificate = certificates_of(decision)[1]

    response = _pdf(certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    lines = page_lines(response.content)
    official = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "TẶNG",
        "BẰNG KHEN",
        "Ông Đặng Thị Hương",
        "Chuyên viên, Phòng Kiểm soát thủ tục hành chính",
        "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023",
    ]
    assert lines[: len(official)] == official
    rest = "\n".join(lines[len(official) :])
    # Bottom right (place and date, signer) and bottom left (decision, register number).
    for fragment in (
        "Bắc Ninh, ngày 11 tháng 01 năm 2024",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Quyết định số 46/QĐ-UBND ngày 11/01/2024",
        "Số sổ vàng: 2",
        "Vũ Việt Văn",
    ):
        assert fragment in rest
    assert rest.index("KT. CHỦ TỊCH") < rest.index("PHÓ CHỦ TỊCH") < rest.index("Số sổ vàng: 2")


def test_certificate_pdf_counts_prints(decision):
    certificate = certificates_of(decision)[0]

    _pdf(certificate)
    _pdf(certificate, mode="blank")

    certificate.refresh_from_db()
    assert certificate.print_count == 2
    assert certificate.last_printed_at is not None


def test_certificate_pdf_names_are_nfc_exact_when_entered_decomposed():
    name = "Nguyễn Thị Hương Đặng Ánh Tuyết"
    decision = issued_decision(names=[unicodedata.normalize("NFD", name)], gender=Gender.FEMALE)

    response = _pdf(certificates_of(decision)[0])

    assert response.status_code == 200
    assert f"Bà {name}" in page_lines(response.content)
    assert f"Bà {name}" in pdftotext(response.content)


@pytest.mark.parametrize(
    "name",
    [
        'Nguyễn <font color="red">Văn</font> An',
        'Trần <img src="/etc/passwd"/> Bình',
        "Lê & Phạm <b>Chưa đóng",
        "Hoàng ]]> <![CDATA[ &amp; &#x41;",
    ],
)
def test_certificate_pdf_prints_markup_literally(name):
    decision = issued_decision(names=[name])

    response = _pdf(certificates_of(decision)[0])

    assert response.status_code == 200
    assert f"Ông {name}" in page_lines(response.content)
    assert f"Ông {name}" in pdftotext(response.content)


def test_certificate_pdf_character_outside_the_font_is_400_naming_it():
    decision = issued_decision(names=["Nguyễn 中文 An"])
    certificate = certificates_of(decision)[0]

    response = _pdf(certificate)

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "“中”" in detail
    assert "U+4E2D" in detail
    assert "số sổ vàng 1" in detail
    assert "46/QĐ-UBND" in detail
    certificate.refresh_from_db()
    assert certificate.print_count == 0


def test_certificate_pdf_longest_collective_name_is_printed_whole():
    # A name is at most 255 characters (a 500-character one is refused when stored);
    # the longest fits by wrapping onto the recipient's two lines at a smaller size.
    name = ("Tổ công tác liên ngành về cải cách thủ tục hành chính và chuyển đổi số " * 4)[:255].strip()
    decision = issued_decision(names=[], collectives=[name])

    response = _pdf(certificates_of(decision)[0])

    assert response.status_code == 200
    assert " ".join(name.split()) in " ".join(page_texts(response.content)[0].split())


def test_certificate_pdf_revoked_is_refused(decision):
    certificate = certificates_of(decision)[0]
    decisions.nomination_revoke(
        nomination=certificate.nomination, actor=chairman_user(), reason="Gian dối", act_number="9/QĐ-UBND"
    )

    response = _pdf(certificate)

    assert response.status_code == 409
    assert "thu hồi" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [{"mode": "color"}, {"mode": "FULL"}, {"profile": 999999}, {"profile": "abc"}, {"profile": "1e9"}],
)
def test_certificate_pdf_bad_mode_or_unknown_profile_is_400(decision, params):
    response = _pdf(certificates_of(decision)[0], **params)

    assert response.status_code == 400


@pytest.mark.parametrize(("role", "expected"), [(Role.CHAIRMAN, 403), (Role.COUNCIL_MEMBER, 404)])
def test_certificate_pdf_is_for_staff_only(decision, role, expected):
    response = _pdf(certificates_of(decision)[0], user=UserFactory(roles=[role]))

    assert response.status_code == expected


def test_certificate_pdf_anonymous_is_401(decision):
    assert client().get(f"{URL}{certificates_of(decision)[0].pk}/pdf/").status_code == 401


def test_certificate_pdf_blank_mode_prints_only_the_variable_fields(decision):
    response = _pdf(certificates_of(decision)[0], mode="blank")

    text = page_texts(response.content)[0]
    assert "Ông Nguyễn Văn An" in text
    assert "Số sổ vàng: 1" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "BẰNG KHEN" not in text


def test_certificate_pdf_blank_mode_moves_every_field_by_the_profile_offsets(decision):
    certificate = certificates_of(decision)[0]
    straight = PrintProfileFactory(name="Chuẩn")
    shifted = PrintProfileFactory(name="Lệch", offset_x_mm=Decimal("7.5"), offset_y_mm=Decimal("-4.25"))

    before = page_chars(_pdf(certificate, mode="blank", profile=straight.pk).content)
    after = page_chars(_pdf(certificate, mode="blank", profile=shifted.pk).content)

    assert len(before) == len(after) > 100
    assert [c["text"] for c in before] == [c["text"] for c in after]
    for a, b in zip(before, after, strict=True):
        assert b["x0"] - a["x0"] == pytest.approx(7.5 * MM, abs=0.01)
        # Negative y moves the print down: further from the top edge.
        assert b["top"] - a["top"] == pytest.approx(4.25 * MM, abs=0.01)


# --- print profiles ------------------------------------------------------------------------------

PROFILES = "/api/v1/print-profiles/"


def test_print_profile_create_and_patch():
    api = client(staff_user())

    created = api.post(
        PROFILES,
        {"name": "Máy in Canon phòng 203", "paper": "A3", "offset_x_mm": "1.5", "offset_y_mm": "-2"},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["offset_x_mm"] == "1.50"
    assert body["offset_y_mm"] == "-2.00"

    patched = api.patch(f"{PROFILES}{body['id']}/", {"offset_y_mm": "3.25"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["offset_y_mm"] == "3.25"
    assert patched.json()["offset_x_mm"] == "1.50"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Lệch xa", "paper": "A4", "offset_x_mm": "500"},
        {"name": "Lệch âm", "paper": "A4", "offset_y_mm": "-250"},
        {"name": "Nhỏ", "paper": "custom", "width_mm": "60", "height_mm": "60", "offset_x_mm": "80"},
        {"name": "Thiếu cỡ", "paper": "custom", "width_mm": "300"},
        {"name": "Giấy lạ", "paper": "A0"},
        {"name": "", "paper": "A4"},
        {"name": "Chữ", "paper": "A4", "offset_x_mm": "abc"},
        {"name": "NaN", "paper": "A4", "offset_x_mm": "NaN"},
    ],
)
def test_print_profile_bad_input_is_400(body):
    response = client(staff_user()).post(PROFILES, body, format="json")

    assert response.status_code == 400


def test_print_profile_patch_offsets_beyond_the_page_is_400():
    profile = PrintProfileFactory(paper="custom", width_mm=Decimal("100"), height_mm=Decimal("80"))

    response = client(staff_user()).patch(f"{PROFILES}{profile.pk}/", {"offset_y_mm": "90"}, format="json")

    assert response.status_code == 400
    assert "offset_y_mm" in response.json()


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.UNIT_HEAD, Role.COUNCIL_MEMBER])
def test_print_profiles_are_for_staff_only(role):
    assert client(UserFactory(roles=[role])).get(PROFILES).status_code == 403


def test_print_profile_calibration_page_prints_grid_and_offsets():
    profile = PrintProfileFactory(
        name="Epson",
        paper="A4",
        offset_x_mm=Decimal("2.5"),
        offset_y_mm=Decimal("-1"),
        layout_scaling={"merit_chairman": "fit"},
    )

    response = client(staff_user()).get(f"{PROFILES}{profile.pk}/calibration/", {"layout": "merit_chairman"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page_texts(response.content)[0].split())
    assert "TRANG CĂN CHỈNH MÁY IN — Epson" in text
    assert "Khổ giấy: 297 × 210 mm" in text


def test_print_profile_calibration_unknown_layout_is_400():
    profile = PrintProfileFactory()

    response = client(staff_user()).get(
        f"{PROFILES}{profile.pk}/calibration/", {"layout": "../../etc/passwd"}
    )

    assert response.status_code == 400


def test_print_profile_calibration_unknown_profile_is_404():
    assert client(staff_user()).get(f"{PROFILES}999999/calibration/").status_code == 404
