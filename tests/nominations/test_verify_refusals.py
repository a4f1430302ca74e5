"""What verification says when it refuses: the sentences staff read, word for word.
Written from the mutants mutmut made of `nomination_verify`'s refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from awards import eligibility
from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from tests.factories.awards import PersonFactory
from tests.factories.nominations import NominationFactory, RuleSetFactory

pytestmark = pytest.mark.django_db


def _awaiting_verification(*, criteria=None, **kwargs):
    """A submitted dossier of a fresh award type judged by `criteria` (none: always eligible)."""
    rules = RuleSetFactory(criteria=criteria or {})
    return NominationFactory(status=S.SUBMITTED, award_type=rules.award_type, **kwargs)


def test_a_second_dossier_for_the_achievement_is_refused_in_the_laws_words(staff):
    person = PersonFactory(full_name="Nguyễn Thị Lan")
    first = _awaiting_verification(nominee_person=person, proposing_organization=person.organization)
    services.nomination_verify(nomination=first, actor=staff)
    second = NominationFactory(
        status=S.SUBMITTED,
        award_type=RuleSetFactory().award_type,
        period=first.period,
        nominee_person=person,
        proposing_organization=person.organization,
    )

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=second, actor=staff)

    assert refused.value.message == (
        f"{second.nominee_name} đã có hồ sơ {first.reference} cho thành tích của đợt này: mỗi thành tích chỉ "
        "được đề nghị một hình thức khen thưởng (Điều 5 Luật Thi đua, khen thưởng)."
    )


def test_an_ineligible_nominee_is_told_every_failed_check_in_one_sentence(staff):
    nomination = _awaiting_verification(
        criteria={
            "all_of": [
                {"check": "rating_streak", "level": "excellent", "years": 2},
                {"check": "initiatives", "count": 1},
            ]
        }
    )
    result = eligibility.evaluate(
        award_type=nomination.award_type, subject=nomination.nominee_person, period=nomination.period
    )
    failed = [check.detail.rstrip(" .") for check in result.checks if not check.passed]

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=nomination, actor=staff)

    assert len(failed) == 2
    assert refused.value.message == (
        f"Đối tượng chưa đủ điều kiện: {failed[0]}; {failed[1]}. "
        "Chỉ thẩm định được khi nêu lý do vượt điều kiện."
    )
    assert ". ;" not in refused.value.message and ".." not in refused.value.message


def test_every_dossier_holding_the_achievement_is_named(staff):
    # Two holding dossiers can only come from before the rule (or an import);
    # the refusal names them all, separated by commas.
    person = PersonFactory()
    nomination = _awaiting_verification(nominee_person=person, proposing_organization=person.organization)
    holders = [
        NominationFactory(
            status=status,
            award_type=RuleSetFactory().award_type,
            period=nomination.period,
            nominee_person=person,
            proposing_organization=person.organization,
        )
        for status in (S.VERIFIED, S.APPROVED)
    ]

    with pytest.raises(ConflictError) as refused:
        services.nomination_verify(nomination=nomination, actor=staff)

    assert (
        f"đã có hồ sơ {holders[0].reference}, {holders[1].reference} cho thành tích" in refused.value.message
    )


def test_the_engine_judges_the_ground_the_dossier_claims(staff):
    criteria = {
        "grounds": [
            {"code": "i", "label": "Thành tích đột xuất", "judged": True},
            {
                "code": "iv",
                "label": "Hai năm xuất sắc",
                "expr": {"check": "rating_streak", "level": "excellent", "years": 2},
            },
        ]
    }
    nomination = _awaiting_verification(criteria=criteria, ground="i")

    services.nomination_verify(nomination=nomination, actor=staff, override_reason="Đã xác minh thành tích")

    nomination.refresh_from_db()
    assert nomination.status == S.VERIFIED
    assert nomination.eligibility["ground"] == "i"


@pytest.mark.parametrize("field", ["note", "override_reason"])
def test_a_text_over_5000_characters_is_refused_under_its_own_name(staff, field):
    nomination = _awaiting_verification()

    with pytest.raises(ValidationError) as refused:
        services.nomination_verify(nomination=nomination, actor=staff, **{field: "x" * 5001})

    assert refused.value.message_dict == {field: ["Không được dài quá 5000 ký tự."]}
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


def test_5000_characters_are_kept_and_no_note_leaves_the_event_empty(staff):
    with_note = _awaiting_verification()
    without_note = _awaiting_verification()

    services.nomination_verify(nomination=with_note, actor=staff, note="n" * 5000)
    services.nomination_verify(nomination=without_note, actor=staff)

    assert with_note.events.get().comment == "n" * 5000
    assert without_note.events.get().comment == ""


def test_the_rule_set_in_force_is_recorded_on_the_dossier(staff):
    nomination = _awaiting_verification()

    services.nomination_verify(nomination=nomination, actor=staff)

    nomination.refresh_from_db()
    assert nomination.rule_set == nomination.award_type.rule_set_on(nomination.period.judged_on)
    assert nomination.rule_set is not None
