"""Checklists that tell the truth: one state per criterion, labels never codes,
"Nộp hồ sơ" disabled with the reason until the required documents are attached."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from awards.enums import DocumentKind, Role
from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from tests.factories.awards import OrganizationFactory, PersonFactory, RatingFactory, UserFactory
from tests.factories.nominations import (
    AttachmentFactory,
    AwardTypeFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
    unit_head_of,
)

pytestmark = pytest.mark.django_db


def _dossier(criteria, *, required=(), status=S.DRAFT, person=None):
    award_type = AwardTypeFactory(name="Bằng khen thử nghiệm trạng thái")
    RuleSetFactory(
        award_type=award_type,
        effective_from=datetime.date(2020, 1, 1),
        criteria=criteria,
        required_documents=list(required),
    )
    unit = OrganizationFactory(name="Sở Khoa học và Công nghệ")
    head = unit_head_of(unit)
    person = person or PersonFactory(organization=unit)
    if person.organization_id != unit.pk:
        person.organization = unit
        person.save()
    nomination = NominationFactory(
        award_type=award_type,
        period=PeriodFactory(year=2023, rules_date=datetime.date(2024, 1, 10)),
        proposing_organization=unit,
        nominee_person=person,
        created_by=head,
        status=status,
    )
    return nomination, head


def _page(user, path):
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _item(body: str, label: str) -> str:
    """The checklist item whose title is `label`."""
    start = body.index(f"<strong>{label}</strong>")
    return body[body.rindex("<li", 0, start) : body.index("</li>", start)]


def test_a_criterion_only_staff_can_judge_waits_for_them():
    nomination, head = _dossier({"check": "manual", "text": "Nội bộ đoàn kết"})

    item = _item(_page(head, f"/nominations/{nomination.pk}/"), "Tiêu chuẩn do cán bộ thẩm định xác nhận")

    assert "state-pending" in item
    assert "Chờ cán bộ thẩm định xác nhận" in item
    assert "Ban Thi đua - Khen thưởng xác nhận khi thẩm định" in item
    assert ">Đạt<" not in item and "✓" not in item


def test_after_verification_it_reads_confirmed():
    nomination, _head = _dossier({"check": "manual", "text": "Nội bộ đoàn kết"}, status=S.SUBMITTED)
    staff = UserFactory(roles=[Role.STAFF])
    services.nomination_verify(nomination=nomination, actor=staff)

    body = _page(staff, f"/nominations/{nomination.pk}/?check=1")
    item = _item(body, "Tiêu chuẩn do cán bộ thẩm định xác nhận")

    assert "state-met" in item and "cán bộ thẩm định đã xác nhận" in item


def test_a_year_nobody_rated_yet_is_unknown_with_who_provides_it():
    person = PersonFactory()
    RatingFactory(person=person, year=2022)
    nomination, head = _dossier({"check": "rating_streak", "level": "excellent", "years": 2}, person=person)

    body = _page(head, f"/nominations/{nomination.pk}/")
    item = _item(body, "Xếp loại hằng năm liên tục")

    assert "state-unknown" in item
    assert "Chưa biết: còn thiếu dữ liệu" in item
    assert "Kết quả xếp loại năm 2023" in item
    assert "Chưa đủ dữ liệu để kết luận" in body


def test_no_initiative_reads_as_a_sentence_not_a_glitch():
    nomination, head = _dossier({"check": "initiatives", "count": 1})

    item = _item(_page(head, f"/nominations/{nomination.pk}/"), "Sáng kiến được công nhận")

    assert "Có 0: —" not in item
    assert "Chưa có sáng kiến nào" in item
    assert "state-not_met" in item


def test_submit_is_disabled_with_the_reason_until_documents_are_attached():
    nomination, head = _dossier({"check": "no_hold"}, required=[DocumentKind.PROPOSAL, DocumentKind.MINUTES])

    before = _page(head, f"/nominations/{nomination.pk}/")
    AttachmentFactory(nomination=nomination, kind=DocumentKind.PROPOSAL)
    AttachmentFactory(nomination=nomination, kind=DocumentKind.MINUTES)
    after = _page(head, f"/nominations/{nomination.pk}/")

    assert 'disabled aria-describedby="submit-blocker"' in before
    assert "còn thiếu Tờ trình, Biên bản họp xét" in before
    assert "proposal" not in before.split('id="submit-blocker"')[1][:300]
    assert 'aria-describedby="submit-blocker"' not in after


def test_the_verify_refusal_reads_cleanly():
    nomination, _head = _dossier(
        {"all_of": [{"check": "initiatives", "count": 1}, {"check": "registered"}]}, status=S.SUBMITTED
    )

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=nomination, actor=UserFactory(roles=[Role.STAFF]))

    message = refused.value.message
    assert "✗.;" not in message and ".." not in message
    assert "initiatives" not in message and "registered" not in message


def test_the_catalogue_shows_labels_never_codes():
    body = _page(UserFactory(roles=[Role.STAFF]), "/catalogue/")

    assert "Cá nhân, tập thể" in body or "Tập thể, cá nhân" in body
    assert "merit_chairman" not in body
    assert "individual" not in body and "collective" not in body
