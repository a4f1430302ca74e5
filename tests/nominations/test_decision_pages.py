"""The decision page as the chairman and staff see it: return with a comment, issue
with an explicit confirmation of unverified figures, the proposal and the timeline."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from awards.models import BaseSalary
from nominations import decisions
from nominations.enums import DecisionEventKind, DecisionStatus, NominationStatus
from nominations.models import Decision
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import chairman, fixed_period, merit_rules, staff, verified

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    period = fixed_period()
    rules = merit_rules()
    rules.figure_sources["reward_multiple_individual"] = {
        "source": "Nghị định 98/2023/NĐ-CP",
        "verified": False,
    }
    rules.save()
    return decisions.decision_create(
        actor=staff(),
        number="46/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=[verified(rules, period, status=NominationStatus.APPROVED)],
        proposal_number="19/TTr-SNV",
        proposal_date=datetime.date(2024, 1, 9),
        proposer="Giám đốc Sở Nội vụ",
    )


def test_draft_page_warns_of_unverified_multiple_and_shows_the_proposal(draft):
    page = _login(chairman()).get(f"/decisions/{draft.pk}/").content.decode()

    assert "Hệ số tiền thưởng chưa đối chiếu văn bản:" in page
    assert "hệ số tiền thưởng cá nhân: Nghị định 98/2023/NĐ-CP" in page
    assert "19/TTr-SNV" in page and "09/01/2024" in page
    assert 'name="confirm_unverified"' in page and f'action="/decisions/{draft.pk}/return/"' in page


def test_issue_without_the_confirmation_is_refused_and_with_it_is_recorded(draft):
    signer = chairman()
    client = _login(signer)

    refused = client.post(f"/decisions/{draft.pk}/issue/", follow=True)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT
    assert "Cần xác nhận rõ ràng" in refused.content.decode()

    client.post(f"/decisions/{draft.pk}/issue/", {"confirm_unverified": "1"})
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED
    event = draft.events.get(kind=DecisionEventKind.CONFIRMED_UNVERIFIED)
    assert event.actor == signer
    page = _login(signer).get(f"/decisions/{draft.pk}/").content.decode()
    assert "Xác nhận hệ số chưa đối chiếu" in page


def test_chairman_returns_from_the_page_and_staff_resubmit(draft):
    client = _login(chairman())

    client.post(f"/decisions/{draft.pk}/return/", {"comment": "Ghi rõ số tờ trình."})
    draft.refresh_from_db()
    assert draft.returned_comment == "Ghi rõ số tờ trình." and draft.status == DecisionStatus.DRAFT
    page = client.get(f"/decisions/{draft.pk}/").content.decode()
    assert "Chủ tịch đã trả lại dự thảo:" in page and "Ghi rõ số tờ trình." in page
    assert f'action="/decisions/{draft.pk}/issue/"' not in page

    _login(staff()).post(f"/decisions/{draft.pk}/resubmit/")
    draft.refresh_from_db()
    assert draft.returned_comment == ""
    assert list(draft.events.values_list("kind", flat=True)) == ["drafted", "returned", "resubmitted"]


def test_staff_cannot_return_a_draft_from_the_page(draft):
    response = _login(staff()).post(f"/decisions/{draft.pk}/return/", {"comment": "x"})

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.returned_comment == ""


def test_staff_correct_a_returned_draft_on_its_edit_page_which_resubmits_it(draft):
    _login(chairman()).post(f"/decisions/{draft.pk}/return/", {"comment": "Ghi đúng số tờ trình."})
    client = _login(staff())
    page = client.get(f"/decisions/{draft.pk}/edit/").content.decode()
    assert "Ghi đúng số tờ trình." in page and 'value="19/TTr-SNV"' in page

    response = client.post(
        f"/decisions/{draft.pk}/edit/",
        {
            "number": "46/QĐ-UBND",
            "signed_on": "2024-01-11",
            "signer_name": "Vũ Việt Văn",
            "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
            "place": "Bắc Ninh",
            "proposal_number": "21/TTr-SNV",
            "proposal_date": "2024-01-10",
            "proposer": "Giám đốc Sở Nội vụ",
            "citation": "",
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.proposal_number, draft.returned_comment) == ("21/TTr-SNV", "")
    assert list(draft.events.values_list("kind", flat=True)) == ["drafted", "returned", "resubmitted"]


def test_edit_page_refuses_bidi_characters_and_keeps_the_draft(draft):
    response = _login(staff()).post(
        f"/decisions/{draft.pk}/edit/",
        {
            "number": "46/QĐ-UBND",
            "signed_on": "2024-01-11",
            "signer_name": "Vũ Việt Văn",
            "signer_title": "CHỦ TỊCH",
            "authority": "Ủy ban nhân dân tỉnh Bắc Ninh",
            "proposal_number": "21/TTr\u202e-SNV",
            "proposal_date": "2024-01-10",
        },
    )

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.proposal_number == "19/TTr-SNV"


def test_staff_delete_a_draft_from_the_page_and_land_on_the_list(draft):
    client = _login(staff())

    assert _login(chairman()).post(f"/decisions/{draft.pk}/delete/").status_code == 403
    assert client.get(f"/decisions/{draft.pk}/delete/").url == f"/decisions/{draft.pk}/"
    response = client.post(f"/decisions/{draft.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/decisions/", 302)]
    assert "Đã xóa dự thảo quyết định 46/QĐ-UBND." in response.content.decode()
    assert not Decision.objects.filter(pk=draft.pk).exists()


def test_an_issued_decision_is_not_deleted_and_the_page_says_why(draft):
    _login(chairman()).post(f"/decisions/{draft.pk}/issue/", {"confirm_unverified": "1"})

    response = _login(staff()).post(f"/decisions/{draft.pk}/delete/", follow=True)

    assert response.redirect_chain == [(f"/decisions/{draft.pk}/", 302)]
    assert "Đã xóa" not in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED
