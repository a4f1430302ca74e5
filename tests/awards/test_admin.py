"""The admin is where a province edits its rules: every page opens, bad criteria are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.models import AwardType, RuleSet
from tests.factories.awards import AwardRecordFactory, PersonFactory, RatingFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "emulationbloc",
    "organization",
    "person",
    "awardtype",
    "ruleset",
    "basesalary",
    "period",
    "rating",
    "hold",
    "initiative",
    "blocresult",
    "registration",
    "awardrecord",
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["staff"]))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_and_add_page_opens_for_staff(admin_client, model):
    RatingFactory(person=PersonFactory(full_name="Nguyễn Văn Thưởng"))

    listing = admin_client.get(reverse(f"admin:awards_{model}_changelist"), {"q": "nguyen"})
    adding = admin_client.get(reverse(f"admin:awards_{model}_add"))

    assert listing.status_code == 200
    assert adding.status_code == 200


def test_admin_refuses_a_rule_set_with_an_unknown_check(admin_client):
    rule_set = RuleSet.objects.filter(award_type__code="flag_province").first()
    url = reverse("admin:awards_ruleset_change", args=[rule_set.pk])

    response = admin_client.post(
        url,
        {
            "award_type": AwardType.objects.get(code="flag_province").pk,
            "effective_from": rule_set.effective_from.isoformat(),
            "legal_basis": rule_set.legal_basis,
            "review_body": "council",
            "vote_threshold": "0.8",
            "threshold_base": "members",
            "quorum": "0.8",
            "reward_multiple_individual": "0",
            "reward_multiple_collective": "8",
            "required_documents": "[]",
            "criteria": '{"check": "tea_leaves"}',
            "options": "{}",
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "tea_leaves" in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.criteria != {"check": "tea_leaves"}


def test_admin_never_deletes_register_lines(admin_client):
    assert admin_client.get(reverse("admin:awards_awardrecord_changelist")).status_code == 200
    from awards.admin import AwardRecordAdmin

    assert AwardRecordAdmin.has_delete_permission(None, None) is False


def test_admin_shows_a_line_written_by_a_decision_read_only(admin_client):
    record = AwardRecordFactory(nomination_id=4242)
    url = reverse("admin:awards_awardrecord_change", args=[record.pk])

    response = admin_client.post(url, {"decision_number": "99/QĐ-UBND"})

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.decision_number != "99/QĐ-UBND"
