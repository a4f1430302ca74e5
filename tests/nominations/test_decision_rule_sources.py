"""Where a decision's figures and grounds come from: sources per figure, unverified
ones flagged, and no rule set citing an act issued after it took effect."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from awards.models import AwardType, RuleSet
from awards.models.catalogue import acts_issued_after
from tests.factories.awards import UserFactory

pytestmark = pytest.mark.django_db

LATER_ACT = "Điều 3 Quyết định 86/2025/QĐ-UBND"


@pytest.mark.parametrize(
    ("text", "on", "late"),
    [
        ("Quyết định 86/2025/QĐ-UBND", datetime.date(2024, 1, 1), ["86/2025/QĐ-UBND"]),
        # Same year, but dated after the rule set's effective date.
        ("Quyết định 86/2025/QĐ-UBND ngày 03/12/2025", datetime.date(2025, 7, 1), ["86/2025/QĐ-UBND"]),
        ("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025", datetime.date(2025, 7, 1), []),
        ("Nghị định 98/2023/NĐ-CP; Luật 06/2022/QH15", datetime.date(2024, 1, 1), []),
    ],
)
def test_acts_issued_after(text, on, late):
    assert acts_issued_after(text, on) == late


def test_no_seeded_rule_set_cites_a_later_act_and_every_figure_has_a_source():
    for rule_set in RuleSet.objects.all():
        rule_set.full_clean()
        assert "86/2025" not in rule_set.legal_basis
        for name in ("vote_threshold", "threshold_base", "quorum", "reward_multiple_individual"):
            assert rule_set.figure_source(name)["source"], (rule_set, name)


def test_decree_98_multiple_of_the_certificate_is_unverified_and_decree_152_is_verified():
    older = RuleSet.objects.get(award_type__code="merit_chairman", effective_from=datetime.date(2024, 1, 1))
    newer = RuleSet.objects.get(award_type__code="merit_chairman", effective_from=datetime.date(2025, 7, 1))

    assert older.figure_source("reward_multiple_individual")["verified"] is False
    assert "91/2017" in older.figure_source("reward_multiple_individual")["source"]
    assert newer.figure_source("reward_multiple_individual") == {
        "source": "Khoản 1 Điều 54 Nghị định 152/2025/NĐ-CP: cá nhân 1,5 lần mức lương cơ sở",
        "verified": True,
    }
    assert "hệ số tiền thưởng cá nhân" in dict(older.unverified_figures())
    assert "hệ số tiền thưởng cá nhân" not in dict(newer.unverified_figures())


def test_grounds_default_by_regime():
    older = RuleSet.objects.get(award_type__code="flag_province", effective_from=datetime.date(2024, 1, 1))
    newer = RuleSet.objects.get(award_type__code="flag_province", effective_from=datetime.date(2025, 7, 1))

    old_lines = older.grounds_for("Ủy ban nhân dân tỉnh Bắc Ninh")
    assert "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015" in old_lines[0]
    assert "22 tháng 11 năm 2019" in old_lines[0]
    assert "98/2023/NĐ-CP" in old_lines[2]
    assert "152/2025/NĐ-CP" in newer.grounds_for("Ủy ban nhân dân tỉnh Bắc Ninh")[2]
    assert older.reward_fund == "Quỹ Thi đua, khen thưởng tỉnh"


def test_api_refuses_a_rule_set_citing_a_later_act(client_for, staff_user):
    award = AwardType.objects.get(code="merit_chairman")

    response = client_for(staff_user).post(
        "/api/v1/rule-sets/",
        {
            "award_type": award.pk,
            "effective_from": "2023-06-01",
            "legal_basis": f"Điều 74 Luật Thi đua, khen thưởng; {LATER_ACT}",
            "review_body": "standing_board",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "86/2025/QĐ-UBND" in response.json()["legal_basis"][0]
    assert not RuleSet.objects.filter(award_type=award, effective_from=datetime.date(2023, 6, 1)).exists()


def test_api_refuses_a_later_act_in_a_figure_source(client_for, staff_user):
    award = AwardType.objects.get(code="merit_chairman")

    response = client_for(staff_user).post(
        "/api/v1/rule-sets/",
        {
            "award_type": award.pk,
            "effective_from": "2023-06-01",
            "legal_basis": "Điều 74 Luật Thi đua, khen thưởng",
            "review_body": "standing_board",
            "figure_sources": {"quorum": {"source": LATER_ACT, "verified": True}},
        },
        format="json",
    )

    assert response.status_code == 400 and "figure_sources" in response.json()


def test_admin_refuses_a_rule_set_citing_a_later_act(client):
    client.force_login(UserFactory(roles=["staff"]))
    rule_set = RuleSet.objects.get(award_type__code="flag_province", effective_from=datetime.date(2024, 1, 1))
    url = reverse("admin:awards_ruleset_change", args=[rule_set.pk])

    response = client.post(
        url,
        {
            "award_type": rule_set.award_type_id,
            "effective_from": "2024-01-01",
            "legal_basis": f"Điều 26 Luật Thi đua, khen thưởng; {LATER_ACT}",
            "review_body": "council",
            "vote_threshold": "0.8",
            "threshold_base": "members",
            "quorum": "0.8",
            "reward_multiple_individual": "0",
            "reward_multiple_collective": "8",
            "required_documents": "[]",
            "criteria": "{}",
            "options": "{}",
            "decision_grounds": "{}",
            "reward_fund": "",
            "figure_sources": "{}",
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "86/2025/QĐ-UBND" in response.content.decode()
    rule_set.refresh_from_db()
    assert "86/2025" not in rule_set.legal_basis


def test_catalogue_page_warns_of_unverified_figures(client):
    client.force_login(UserFactory(roles=["staff"]))

    page = client.get(reverse("catalogue")).content.decode()

    assert "chưa đối chiếu" in page and "hệ số tiền thưởng cá nhân" in page
    assert "(điều tương ứng chưa đối chiếu)" not in page
