"""The decision and minutes PDFs through the API, read back with pdfplumber."""

from __future__ import annotations

import datetime
import io

import pdfplumber
import pytest
from rest_framework.test import APIClient

from awards.enums import Role
from awards.models import BaseSalary
from certificates.pdf.formatting import format_vnd
from nominations import council, decisions
from nominations.enums import NominationStatus
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import (
    chairman,
    fixed_period,
    members,
    merit_rules,
    open_session,
    staff,
    verified,
)

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Thị Hương", "Đặng Văn Thưởng", "Trần Thị Ánh Tuyết"]


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def _text(pdf_bytes: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _table_rows(pdf_bytes: bytes) -> list[list[str]]:
    """Every table row, each cell's wrapped lines joined by spaces."""
    rows = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows.extend([" ".join((cell or "").split()) for cell in row] for row in table)
    return rows


@pytest.fixture
def issued():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalaryFactory(effective_from=datetime.date(2024, 7, 1), amount=2_340_000)
    period = fixed_period()
    rules = merit_rules()
    unit = OrganizationFactory(name="Văn phòng Ủy ban nhân dân tỉnh")
    nominations = [
        verified(
            rules,
            period,
            status=NominationStatus.APPROVED,
            nominee_person=PersonFactory(full_name=name, organization=unit, position="Chuyên viên"),
        )
        for name in NAMES
    ]
    nominations.append(
        verified(
            rules,
            period,
            collective=True,
            status=NominationStatus.APPROVED,
            proposing_organization=OrganizationFactory(name="Phòng Hành chính - Tổ chức"),
        )
    )
    decision = decisions.decision_create(
        actor=staff(),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 7, 2),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        place="Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=nominations,
    )
    return decisions.decision_issue(decision=decision, actor=chairman())


def _page_texts(data: bytes) -> list[str]:
    """Each page's diagonal text (characters drawn at 45°), read back by pdfplumber."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            "".join(
                c["text"]
                for c in page.chars
                if abs(c["matrix"][0] - c["matrix"][1]) < 0.01 and c["matrix"][1] > 0.5
            )
            for page in pdf.pages
        ]


def test_decision_pdf_reads_back_names_number_and_amounts(issued):
    response = _client(staff()).get(f"/api/v1/decisions/{issued.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Số: 46/QĐ-UBND" in text
    annex = {row[1]: row for row in _table_rows(response.content) if len(row) == 4}
    # Individuals 1.5 × 2,340,000 = 3,510,000; the collective 3.0 × = 7,020,000.
    for index, name in enumerate(NAMES, start=1):
        assert annex[f"Ông {name}"] == [
            str(index),
            f"Ông {name}",
            # The position and its unit read as one phrase, never "Chuyên viên, Văn phòng …".
            "Chuyên viên Văn phòng Ủy ban nhân dân tỉnh",
            format_vnd(3_510_000),
        ]
    assert annex["Phòng Hành chính - Tổ chức"][3] == format_vnd(7_020_000)
    assert format_vnd(3 * 3_510_000 + 7_020_000) in text
    assert "Mười bảy triệu năm trăm năm mươi nghìn đồng" in " ".join(text.split())


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.STAFF, 200), (Role.CHAIRMAN, 200), (Role.COUNCIL_MEMBER, 403), (Role.UNIT_HEAD, 403), (None, 401)],
)
def test_decision_pdf_roles(issued, role, expected):
    user = UserFactory(roles=[role]) if role else None

    assert _client(user).get(f"/api/v1/decisions/{issued.pk}/pdf/").status_code == expected


def test_decision_pdf_of_draft_is_served_marked_and_unknown_is_404():
    period = fixed_period()
    rules = merit_rules()
    draft = decisions.decision_create(
        actor=staff(),
        number="1/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="A",
        signer_title="CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=[verified(rules, period, status=NominationStatus.APPROVED)],
    )

    response = _client(staff()).get(f"/api/v1/decisions/{draft.pk}/pdf/")
    assert response.status_code == 200
    assert "du-thao" in response["Content-Disposition"]
    pages = _page_texts(response.content)
    assert pages and all("DỰ THẢO" in page for page in pages)
    assert _client(staff()).get("/api/v1/decisions/999999/pdf/").status_code == 404


@pytest.fixture
def closed_session():
    period = fixed_period()
    rules = merit_rules()
    nominations = [
        verified(rules, period, nominee_person=PersonFactory(full_name=name)) for name in NAMES[:2]
    ]
    people = [
        UserFactory(roles=[Role.COUNCIL_MEMBER], full_name=name, organization=OrganizationFactory())
        for name in ["Lê Văn Cường", "Phạm Thị Dung", "Hoàng Minh Đức"]
    ]
    session, actor = open_session(members=people, agenda=nominations, period=period, secret_ballot=True)
    council.attendance_record(
        session=session,
        actor=actor,
        entries=[
            council.AttendanceEntry(
                member_id=people[2].pk,
                present=False,
                written_opinions=(council.WrittenOpinion(nomination_id=nominations[0].pk, choice="yes"),),
            )
        ],
    )
    for member in people[:2]:
        council.vote_cast(session=session, member=member, nomination=nominations[0], choice="yes")
        council.vote_cast(session=session, member=member, nomination=nominations[1], choice="no")
    council.session_close(session=session, actor=actor)
    return session, people


def test_minutes_pdf_reads_back_attendance_and_tallies(closed_session):
    session, people = closed_session

    response = _client(people[0]).get(f"/api/v1/council-sessions/{session.pk}/minutes/")

    assert response.status_code == 200
    text = " ".join(_text(response.content).split())
    assert "BIÊN BẢN HỌP" in text
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    for member in people:
        assert member.full_name in text
    assert "Vắng mặt (có ý kiến bằng văn bản)" in text
    rows = {row[1].split(" (")[0]: row for row in _table_rows(response.content) if len(row) == 7}
    # members / present, yes, no, abstain, then the share against the threshold and the outcome
    assert rows[NAMES[0]][2:] == [
        "3 / 2",
        "3",
        "0",
        "0",
        "3/3 = 100,0 % > 50 % của số thành viên có mặt (cần quá bán): Đề nghị khen thưởng "
        "(trong đó 1 ý kiến bằng văn bản)",
    ]
    assert rows[NAMES[1]][2:] == [
        "3 / 2",
        "0",
        "2",
        "0",
        "0/2 = 0,0 % < 50 % của số thành viên có mặt (cần quá bán): Không đề nghị",
    ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 200), ("chairman", 200), ("member", 200), ("other_member", 404), ("unit_head", 404)],
)
def test_minutes_pdf_roles_after_close(closed_session, who, expected):
    session, people = closed_session
    user = {
        "staff": staff(),
        "chairman": chairman(),
        "member": people[1],
        "other_member": members(1)[0],
        "unit_head": UserFactory(roles=[Role.UNIT_HEAD]),
    }[who]

    assert _client(user).get(f"/api/v1/council-sessions/{session.pk}/minutes/").status_code == expected


def test_minutes_pdf_before_close_is_409():
    period = fixed_period()
    people = members(2)
    session, _ = open_session(members=people, agenda=[verified(merit_rules(), period)], period=period)

    response = _client(people[0]).get(f"/api/v1/council-sessions/{session.pk}/minutes/")

    assert response.status_code == 409


def test_decision_article_one_puts_the_certificate_citation_in_lower_case(issued):
    from certificates.decision_and_minutes import decision_content

    issued.citation = "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023."
    content = decision_content(issued)

    assert "(có danh sách kèm theo), đã có thành tích xuất sắc" in content.article1
    assert content.article1.endswith("năm 2023.")
