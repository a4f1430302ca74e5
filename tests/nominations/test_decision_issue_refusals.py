"""Issuing refuses, word for word and under its field, a draft that is not ready (issued
already, returned, signed in the future or before its period, its number taken,
unverified figures not confirmed, no base salary, an empty annex) or whose dossiers
changed under it, and writes nothing: the decision stays a draft, no register line,
no certificate, no dossier awarded."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from awards import clock
from awards.errors import ConflictError
from awards.models import AwardRecord, BaseSalary, RuleSet
from certificates.models import Certificate
from nominations import decisions
from nominations.enums import DecisionStatus, NominationStatus
from nominations.models import Decision, Nomination
from tests.factories.awards import UserFactory
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import (
    chairman,
    flag_rules,
    merit_draft,
    staff,
    unverify_multiples,
    verified,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    return merit_draft()


def _nothing_written(draft) -> None:
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.status, decision.issued_at, decision.total_reward) == (DecisionStatus.DRAFT, None, 0)
    assert not decision.items.filter(amount__isnull=False).exists()
    dossiers = list(decision.items.values_list("nomination_id", flat=True))
    assert not AwardRecord.objects.filter(nomination_id__in=dossiers, decision_number=draft.number).exists()
    assert not Certificate.objects.filter(decision=draft).exists()
    assert not Nomination.objects.filter(pk__in=dossiers, status=NominationStatus.AWARDED).exists()


def _refusal(draft, error=ConflictError, **kwargs):
    kwargs.setdefault("confirm_unverified", True)
    with pytest.raises(error) as refused:
        decisions.decision_issue(decision=draft, actor=chairman(), **kwargs)
    _nothing_written(draft)
    if error is ValidationError:
        return refused.value.message_dict
    return refused.value.message


def _dossier(draft) -> Nomination:
    return draft.items.get().nomination


def test_a_dossier_no_longer_proposed_is_named(draft):
    dossier = _dossier(draft)
    Nomination.objects.filter(pk=dossier.pk).update(status=NominationStatus.VERIFIED)

    assert _refusal(draft) == (
        f"Hồ sơ {dossier.reference} không còn ở trạng thái “được đề nghị khen thưởng”."
    )


def test_a_dossier_of_another_award_is_named(draft):
    dossier = _dossier(draft)
    Nomination.objects.filter(pk=dossier.pk).update(award_type=flag_rules().award_type)

    assert _refusal(draft) == f"Hồ sơ {dossier.reference} khác hình thức khen thưởng."


@pytest.mark.parametrize("actor", [AnonymousUser, staff, lambda: UserFactory(roles=[])])
def test_only_the_chairman_issues_and_says_so(draft, actor):
    with pytest.raises(PermissionDenied) as refused:
        decisions.decision_issue(decision=draft, actor=actor(), confirm_unverified=True)

    assert str(refused.value) == "Chỉ Chủ tịch (người ký) được ban hành quyết định."
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


def test_a_dossier_left_without_rules_in_force_is_named(draft):
    dossier = _dossier(draft)
    RuleSet.objects.filter(award_type=dossier.award_type).update(effective_from=datetime.date(2030, 1, 1))

    assert _refusal(draft) == f"Không có bộ quy tắc áp dụng cho hồ sơ {dossier.reference}."


def test_an_issued_decision_is_not_issued_again_and_says_which(draft):
    decisions.decision_issue(decision=draft, actor=chairman())

    with pytest.raises(ConflictError) as refused:
        decisions.decision_issue(decision=draft, actor=chairman())

    assert refused.value.message == "Quyết định số 46/QĐ-UBND đã được ban hành."
    assert AwardRecord.objects.count() == 1


def test_a_returned_draft_waits_for_staff(draft):
    decisions.decision_return(decision=draft, actor=chairman(), comment="Sửa lại phần căn cứ.")

    assert _refusal(draft) == "Dự thảo đã được trả lại cán bộ để sửa; chờ cán bộ trình lại."


def test_a_signing_date_after_today_is_refused_under_its_field(draft):
    with clock.frozen_at(datetime.datetime(2024, 1, 10, 16, 0)):
        errors = _refusal(draft, ValidationError)

    assert errors == {
        "signed_on": [
            "Ngày ký 11/01/2024 sau ngày hôm nay: không ban hành quyết định ghi ngày ký trong tương lai."
        ]
    }


def test_a_decision_signed_today_is_issued(draft):
    with clock.frozen_at(datetime.datetime(2024, 1, 11, 8, 0)):
        issued = decisions.decision_issue(decision=draft, actor=chairman())

    assert issued.status == DecisionStatus.ISSUED


def test_a_signing_date_moved_before_the_period_is_refused_under_its_field(draft):
    Decision.objects.filter(pk=draft.pk).update(signed_on=datetime.date(2023, 9, 30))

    errors = _refusal(draft, ValidationError)

    assert errors == {"signed_on": ["Ngày ký không được trước ngày bắt đầu đợt khen thưởng (01/10/2023)."]}


def _second_draft(draft, **changes):
    """Another draft of the same award and period, by default with the same number."""
    fields = {
        "actor": staff(),
        "number": draft.number,
        "signed_on": draft.signed_on,
        "signer_name": draft.signer_name,
        "signer_title": draft.signer_title,
        "authority": draft.authority,
        "award_type": draft.award_type,
        "period": draft.period,
    }
    fields.update(changes)
    rules = RuleSet.objects.get(award_type=draft.award_type)
    return decisions.decision_create(
        nominations=[verified(rules, draft.period, status=NominationStatus.APPROVED)], **fields
    )


def test_a_number_the_authority_used_this_year_is_named_with_the_authority_and_year(draft):
    other = _second_draft(draft)
    decisions.decision_issue(decision=other, actor=chairman())

    assert _refusal(draft) == (
        "Số quyết định 46/QĐ-UBND đã được Ủy ban nhân dân tỉnh Bắc Ninh dùng trong năm 2024."
    )


def test_the_same_number_of_another_authority_is_free(draft):
    other = _second_draft(draft, authority="Ủy ban nhân dân tỉnh Lạng Sơn")
    decisions.decision_issue(decision=other, actor=chairman())

    assert decisions.decision_issue(decision=draft, actor=chairman()).status == DecisionStatus.ISSUED


def test_a_dossier_already_in_the_register_is_refused_whole(draft):
    """The register's one line per dossier, met at the insert: a 409, nothing kept."""
    dossier = _dossier(draft)
    AwardRecord.objects.create(
        person=dossier.nominee_person,
        award_type=draft.award_type,
        year=2023,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 1, 2),
        nomination_id=dossier.pk,
    )

    assert _refusal(draft) == (
        "Số quyết định 46/QĐ-UBND đã được dùng, hoặc hồ sơ đã có trong sổ khen thưởng."
    )
    assert AwardRecord.objects.count() == 1


def _unverified(draft):
    """Both multiples unverified, and a collective dossier on the annex next to the person's."""
    rules = unverify_multiples(draft.award_type)
    collective = verified(rules, draft.period, collective=True, status=NominationStatus.APPROVED)
    return decisions.decision_update(decision=draft, actor=staff(), nominations=[_dossier(draft), collective])


UNVERIFIED = (
    "Quyết định dùng số liệu chưa đối chiếu văn bản: "
    "hệ số tiền thưởng cá nhân (Nghị định 98/2023/NĐ-CP); "
    "hệ số tiền thưởng tập thể (Nghị định 73/2024/NĐ-CP). "
    "Cần xác nhận rõ ràng trước khi ban hành."
)


@pytest.mark.parametrize("confirm", [{}, {"confirm_unverified": False}])
def test_unverified_figures_are_listed_and_need_an_explicit_confirmation(draft, confirm):
    draft = _unverified(draft)

    with pytest.raises(ValidationError) as refused:
        decisions.decision_issue(decision=draft, actor=chairman(), **confirm)

    assert refused.value.message_dict == {"confirm_unverified": [UNVERIFIED]}
    _nothing_written(draft)


def test_no_base_salary_on_the_signing_date_is_named_with_the_date(draft):
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2024, 7, 1), amount=2_340_000)

    assert _refusal(draft) == "Chưa có mức lương cơ sở áp dụng vào ngày ký 11/01/2024."


def test_an_empty_annex_is_refused(draft):
    draft.items.all().delete()

    assert _refusal(draft) == "Quyết định chưa có hồ sơ nào."
