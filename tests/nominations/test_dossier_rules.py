"""Creating, editing and deleting a dossier: who may, the limits, and what each refusal says.

Written from the mutants mutmut made of `nomination_create`, `_validate_dossier`,
`_check_period_open`, `_refuse_duplicate`, `_refuse_used_token`, `nomination_update`
and `nomination_delete`: every refusal word for word, under its field, with nothing written.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from awards import clock
from awards.enums import Role
from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import (
    AttachmentFactory,
    AwardTypeFactory,
    NominationEventFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
    unit_head_of,
)

pytestmark = pytest.mark.django_db

NOT_THE_UNIT = "Chỉ đơn vị đề nghị mới được thực hiện thao tác này."


def _create(actor, period, award_type, **kwargs):
    return services.nomination_create(actor=actor, period=period, award_type=award_type, **kwargs)


def _closed_period(**kwargs):
    return PeriodFactory(
        name="Khen thưởng năm 2023 (đợt 1)",
        opens_on=datetime.date(2023, 11, 1),
        closes_on=datetime.date(2023, 12, 10),
        **kwargs,
    )


# --- creation --------------------------------------------------------------------------------------


def test_creation_is_refused_to_other_roles_in_these_words(unit, person, period, award_type):
    member = UserFactory(roles=[Role.COUNCIL_MEMBER], organization=unit)

    with pytest.raises(PermissionDenied) as refused:
        _create(member, period, award_type, nominee_person=person)

    assert str(refused.value) == "Chỉ thủ trưởng đơn vị hoặc cán bộ Ban Thi đua - Khen thưởng được lập hồ sơ."
    assert Nomination.objects.count() == 0


def test_staff_of_a_unit_may_create_for_its_people(unit, person, period, award_type):
    clerk = UserFactory(roles=[Role.STAFF], organization=unit)

    nomination = _create(clerk, period, award_type, nominee_person=person)

    assert nomination.created_by == clerk
    assert nomination.proposing_organization == unit


def test_an_account_without_a_unit_cannot_create(person, period, award_type):
    head = UserFactory(roles=[Role.UNIT_HEAD], organization=None)

    with pytest.raises(ValidationError) as refused:
        _create(head, period, award_type, nominee_person=person)

    assert refused.value.message_dict == {"detail": ["Tài khoản chưa được gắn với đơn vị nào."]}
    assert Nomination.objects.count() == 0


def test_the_dossier_is_a_draft_of_its_creator_with_the_given_texts(unit_head, person, period, award_type):
    nomination = _create(
        unit_head,
        period,
        award_type,
        nominee_person=person,
        achievements="Tốt",
        ground="iv",
        creation_token="t1",
    )

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.status, stored.created_by, stored.period, stored.award_type) == (
        S.DRAFT,
        unit_head,
        period,
        award_type,
    )
    assert (stored.achievements, stored.ground, stored.creation_token) == ("Tốt", "iv", "t1")
    assert stored.nominee_person == person and stored.nominee_organization is None


def test_no_token_is_stored_as_none_so_many_dossiers_have_none(unit_head, unit, period, award_type):
    first = _create(unit_head, period, award_type, nominee_person=PersonFactory(organization=unit))
    second = _create(unit_head, period, award_type, nominee_person=PersonFactory(organization=unit))

    assert Nomination.objects.get(pk=first.pk).creation_token is None
    assert Nomination.objects.get(pk=second.pk).creation_token is None


@pytest.mark.parametrize(("field", "limit"), [("achievements", 20000), ("ground", 100)])
def test_the_texts_are_kept_up_to_their_limit(unit_head, person, period, award_type, field, limit):
    nomination = _create(unit_head, period, award_type, nominee_person=person, **{field: "a" * limit})

    assert len(getattr(Nomination.objects.get(pk=nomination.pk), field)) == limit


@pytest.mark.parametrize(("field", "limit"), [("achievements", 20000), ("ground", 100)])
def test_a_text_over_its_limit_is_refused_under_its_name(unit_head, person, period, award_type, field, limit):
    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, award_type, nominee_person=person, **{field: "a" * (limit + 1)})

    assert refused.value.message_dict == {field: [f"Không được dài quá {limit} ký tự."]}
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("field", ["achievements", "ground"])
def test_a_nul_character_is_refused_under_its_field(unit_head, person, period, award_type, field):
    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, award_type, nominee_person=person, **{field: "a\x00b"})

    assert refused.value.message_dict == {
        field: ["Dữ liệu chứa ký tự không hợp lệ (NUL hoặc mã thay thế lẻ)."]
    }


def test_an_award_type_no_longer_used_is_refused(unit_head, person, period):
    retired = RuleSetFactory(award_type=AwardTypeFactory(is_active=False)).award_type

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, retired, nominee_person=person)

    assert refused.value.message_dict == {"award_type": ["Hình thức khen thưởng này không còn được sử dụng."]}


@pytest.mark.parametrize("both", [True, False])
def test_exactly_one_nominee_is_required(unit_head, unit, person, period, award_type, both):
    nominees = {"nominee_person": person, "nominee_organization": unit} if both else {}

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, award_type, **nominees)

    assert refused.value.message_dict == {
        "nominee_person": ["Cần chọn đúng một đối tượng: một cá nhân hoặc một tập thể."]
    }


def test_a_person_for_a_collective_award_is_refused_naming_what_it_takes(unit_head, person, period):
    flag = RuleSetFactory(
        award_type=AwardTypeFactory(name="Cờ thi đua thử", recipient_kinds=["collective"])
    ).award_type

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, flag, nominee_person=person)

    assert refused.value.message_dict == {
        "nominee_person": ["“Cờ thi đua thử” chỉ dành cho: tập thể; không đề nghị cho cá nhân."]
    }


def test_a_unit_for_an_award_taking_nobody_is_refused_under_the_organization(unit_head, unit, period):
    odd = RuleSetFactory(award_type=AwardTypeFactory(name="Danh hiệu lạ", recipient_kinds=[])).award_type

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, odd, nominee_organization=unit)

    assert refused.value.message_dict == {
        "nominee_organization": ["“Danh hiệu lạ” chỉ dành cho: —; không đề nghị cho tập thể."]
    }


def test_both_kinds_are_listed_when_the_award_takes_both(unit_head, unit, period):
    both = RuleSetFactory(
        award_type=AwardTypeFactory(name="Bằng khen", recipient_kinds=["individual", "collective"])
    ).award_type
    nomination = _create(unit_head, period, both, nominee_organization=unit)

    assert nomination.nominee_organization == unit


@pytest.mark.parametrize("kind", ["person", "organization"])
def test_a_nominee_outside_the_unit_is_refused_naming_the_unit(
    unit_head, other_unit, period, award_type, kind
):
    field = f"nominee_{kind}"
    nominee = PersonFactory(organization=other_unit) if kind == "person" else other_unit

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, award_type, **{field: nominee})

    assert refused.value.message_dict == {
        field: ["Đối tượng được đề nghị không thuộc Phòng Hành chính - Tổ chức hoặc các đơn vị trực thuộc."]
    }


def test_a_closed_period_is_refused_with_its_dates(unit_head, person, award_type):
    closed = _closed_period()

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, closed, award_type, nominee_person=person)

    assert refused.value.message_dict == {
        "period": ["Đợt “Khen thưởng năm 2023 (đợt 1)” chỉ nhận hồ sơ từ 01/11/2023 đến 10/12/2023."]
    }


def test_the_given_day_is_the_one_the_period_is_judged_on(unit_head, person, award_type):
    closed = _closed_period()

    nomination = _create(
        unit_head, closed, award_type, nominee_person=person, today=datetime.date(2023, 12, 10)
    )

    assert nomination.pk is not None


def test_without_a_day_the_clock_decides(unit_head, person, award_type):
    ends_today = PeriodFactory(opens_on=datetime.date(2023, 1, 1), closes_on=clock.today())
    ended_yesterday = PeriodFactory(
        opens_on=datetime.date(2023, 1, 1), closes_on=clock.today() - datetime.timedelta(days=1)
    )

    assert _create(unit_head, ends_today, award_type, nominee_person=person).pk
    with pytest.raises(ValidationError):
        _create(unit_head, ended_yesterday, award_type, nominee_person=person)


# --- one open dossier per slot ---------------------------------------------------------------------


def test_the_duplicate_refusal_names_the_first_dossier_word_for_word(unit_head, person, period, award_type):
    first = _create(unit_head, period, award_type, nominee_person=person)

    with pytest.raises(services.DuplicateNomination) as refused:
        _create(unit_head, period, award_type, nominee_person=person)

    sentence = (
        f"Nguyễn Văn Thưởng đã có hồ sơ {first.reference} (Bằng khen thử nghiệm, {period.name}) do "
        "Phòng Hành chính - Tổ chức lập, đang ở trạng thái “Dự thảo”: mỗi đối tượng chỉ có một hồ sơ "
        "cho một hình thức trong một đợt."
    )
    link = f"{settings.PUBLIC_BASE_URL}/nominations/{first.pk}/"
    assert refused.value.message_dict == {"nominee_person": [f"{sentence} Xem hồ sơ: {link}"]}
    assert refused.value.page_message == sentence
    assert refused.value.field == "nominee_person"
    assert refused.value.url == f"/nominations/{first.pk}/"
    assert refused.value.existing == first


def test_a_units_duplicate_is_named_by_the_unit_and_its_state(unit_head, unit, period, award_type):
    team = OrganizationFactory(name="Tổ Văn thư", parent=unit)
    first = _create(unit_head, period, award_type, nominee_organization=team)
    services.nomination_submit(nomination=first, actor=unit_head)

    with pytest.raises(services.DuplicateNomination) as refused:
        _create(unit_head, period, award_type, nominee_organization=team)

    assert refused.value.field == "nominee_organization"
    assert refused.value.page_message.startswith(f"Tổ Văn thư đã có hồ sơ {first.reference} (")
    assert "đang ở trạng thái “Đã nộp”" in refused.value.page_message
    assert list(refused.value.message_dict) == ["nominee_organization"]


def test_the_same_token_from_the_same_user_returns_the_first_dossier(unit_head, unit, period, award_type):
    first = _create(
        unit_head, period, award_type, nominee_person=PersonFactory(organization=unit), creation_token="T"
    )

    with pytest.raises(services.AlreadyCreated) as again:
        _create(
            unit_head, period, award_type, nominee_person=PersonFactory(organization=unit), creation_token="T"
        )

    assert again.value.nomination == first
    assert str(again.value) == first.reference
    assert Nomination.objects.count() == 1


def test_another_users_token_is_refused_in_these_words(unit_head, unit, period, award_type):
    _create(
        unit_head, period, award_type, nominee_person=PersonFactory(organization=unit), creation_token="T"
    )
    colleague = unit_head_of(unit)

    with pytest.raises(ValidationError) as refused:
        _create(
            colleague, period, award_type, nominee_person=PersonFactory(organization=unit), creation_token="T"
        )

    assert not isinstance(refused.value, services.DuplicateNomination)
    assert refused.value.message_dict == {"detail": ["Biểu mẫu không hợp lệ; vui lòng tải lại trang."]}
    assert Nomination.objects.count() == 1


# --- editing ---------------------------------------------------------------------------------------


def test_fields_that_may_not_be_edited_are_each_named(unit):
    nomination = NominationFactory(proposing_organization=unit)

    with pytest.raises(ValidationError) as refused:
        services.nomination_update(
            nomination=nomination,
            actor=nomination.created_by,
            changes={"status": S.APPROVED, "reference": "X"},
        )

    assert refused.value.message_dict == {
        "reference": ["Không được sửa trường này."],
        "status": ["Không được sửa trường này."],
    }
    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT


def test_another_unit_may_not_edit(other_head):
    nomination = NominationFactory()

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_update(nomination=nomination, actor=other_head, changes={"achievements": "x"})

    assert str(refused.value) == NOT_THE_UNIT
    nomination.refresh_from_db()
    assert nomination.achievements != "x"


@pytest.mark.parametrize("status", [S.SUBMITTED, S.VERIFIED, S.WITHDRAWN])
def test_a_dossier_out_of_the_unit_hands_is_not_edited(status):
    nomination = NominationFactory(status=status)

    with pytest.raises(ConflictError) as refused:
        services.nomination_update(
            nomination=nomination, actor=nomination.created_by, changes={"achievements": "x"}
        )

    assert refused.value.message == (
        "Chỉ sửa được hồ sơ ở trạng thái “Dự thảo” hoặc “Trả lại”; hồ sơ này đang ở trạng thái "
        f"“{S(status).label}”."
    )


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_a_draft_or_returned_dossier_is_edited_and_the_callers_copy_follows(status):
    nomination = NominationFactory(status=status)

    result = services.nomination_update(
        nomination=nomination,
        actor=nomination.created_by,
        changes={"achievements": "  Mới  ", "ground": "iv"},
    )

    assert result.achievements == nomination.achievements == "Mới"
    assert nomination.ground == "iv"
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.achievements, stored.ground) == ("Mới", "iv")


@pytest.mark.parametrize(("field", "limit"), [("achievements", 20000), ("ground", 100)])
def test_edited_texts_have_the_same_limits(field, limit):
    nomination = NominationFactory()
    head = nomination.created_by

    services.nomination_update(nomination=nomination, actor=head, changes={field: "b" * limit})
    with pytest.raises(ValidationError) as refused:
        services.nomination_update(nomination=nomination, actor=head, changes={field: "c" * (limit + 1)})

    assert refused.value.message_dict == {field: [f"Không được dài quá {limit} ký tự."]}
    assert getattr(Nomination.objects.get(pk=nomination.pk), field) == "b" * limit


def test_choosing_a_person_clears_the_unit(unit):
    nomination = NominationFactory(
        proposing_organization=unit, nominee_person=None, nominee_organization=unit
    )
    person = PersonFactory(organization=unit)

    services.nomination_update(
        nomination=nomination, actor=nomination.created_by, changes={"nominee_person": person}
    )

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.nominee_person, stored.nominee_organization) == (person, None)


def test_a_closed_period_is_judged_only_when_the_period_changes(unit, award_type):
    nomination = NominationFactory(
        proposing_organization=unit, period=_closed_period(), award_type=award_type
    )
    head = nomination.created_by

    services.nomination_update(nomination=nomination, actor=head, changes={"achievements": "Bổ sung"})
    with pytest.raises(ValidationError) as refused:
        services.nomination_update(nomination=nomination, actor=head, changes={"period": _closed_period()})

    assert list(refused.value.message_dict) == ["period"]
    services.nomination_update(
        nomination=nomination,
        actor=head,
        changes={"period": _closed_period()},
        today=datetime.date(2023, 11, 1),
    )


def test_an_edit_is_judged_by_the_dossier_rules(unit, other_unit):
    nomination = NominationFactory(proposing_organization=unit)

    with pytest.raises(ValidationError) as refused:
        services.nomination_update(
            nomination=nomination,
            actor=nomination.created_by,
            changes={"nominee_person": PersonFactory(organization=other_unit)},
        )

    assert list(refused.value.message_dict) == ["nominee_person"]


# --- deleting --------------------------------------------------------------------------------------


def test_another_unit_may_not_delete(other_head):
    nomination = NominationFactory()

    with pytest.raises(PermissionDenied) as refused:
        services.nomination_delete(nomination=nomination, actor=other_head)

    assert str(refused.value) == NOT_THE_UNIT
    assert Nomination.objects.filter(pk=nomination.pk).exists()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.VERIFIED, S.WITHDRAWN])
def test_only_a_draft_is_deleted(status):
    nomination = NominationFactory(status=status)

    with pytest.raises(ConflictError) as refused:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message == (
        f"Chỉ xóa được hồ sơ dự thảo chưa từng nộp; hồ sơ này đang ở trạng thái “{S(status).label}”."
    )
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_a_draft_with_history_is_kept(unit):
    nomination = NominationFactory(proposing_organization=unit)
    NominationEventFactory(nomination=nomination, from_status=S.DRAFT, to_status=S.DRAFT)

    with pytest.raises(ConflictError) as refused:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message == (
        "Chỉ xóa được hồ sơ dự thảo chưa từng nộp; hồ sơ này đang ở trạng thái “Dự thảo”."
    )
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_a_returned_dossier_is_told_to_be_withdrawn_instead():
    nomination = NominationFactory(status=S.RETURNED)

    with pytest.raises(ConflictError) as refused:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert refused.value.message == (
        "Hồ sơ đã được nộp và trả lại nên có lịch sử xử lý, không thể xóa; hãy rút hồ sơ."
    )


def test_editing_into_a_taken_slot_links_the_first_dossier_for_its_editor(
    unit_head, unit, person, period, award_type
):
    first = _create(unit_head, period, award_type, nominee_person=person)
    second = _create(unit_head, period, award_type, nominee_person=PersonFactory(organization=unit))

    with pytest.raises(services.DuplicateNomination) as refused:
        services.nomination_update(nomination=second, actor=unit_head, changes={"nominee_person": person})

    assert refused.value.url == f"/nominations/{first.pk}/"
    assert refused.value.existing == first


def test_a_file_that_cannot_be_removed_does_not_undo_the_deletion(django_capture_on_commit_callbacks):
    # The dossier is gone once committed; a stuck file is logged, not raised at the user.
    nomination = NominationFactory()
    stuck = Path(settings.MEDIA_ROOT) / "attachments" / "stuck-dossier"
    (stuck / "inside").mkdir(parents=True, exist_ok=True)
    AttachmentFactory(nomination=nomination, file="attachments/stuck-dossier")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.nomination_delete(nomination=nomination, actor=nomination.created_by)

    assert len(callbacks) == 1
    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    assert stuck.is_dir()


def test_editing_a_units_dossier_keeps_its_nominee(unit):
    nomination = NominationFactory(
        proposing_organization=unit, nominee_person=None, nominee_organization=unit
    )

    services.nomination_update(
        nomination=nomination, actor=nomination.created_by, changes={"achievements": "Bổ sung"}
    )

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.nominee_person, stored.nominee_organization, stored.achievements) == (
        None,
        unit,
        "Bổ sung",
    )


def test_a_dossier_saved_without_a_token_is_never_taken_for_a_repeat(unit_head, person, period, award_type):
    # The unique slot can refuse a token-less save (two tabs at once): that is a
    # duplicate, never "already created" from another token-less dossier of the user.
    _create(unit_head, period, award_type, nominee_person=person)
    unsaved = Nomination(created_by=unit_head, creation_token=None)

    assert services._refuse_used_token(unsaved, actor=unit_head) is None


def test_texts_not_given_are_empty(unit_head, person, period, award_type):
    nomination = _create(unit_head, period, award_type, nominee_person=person)

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.achievements, stored.ground) == ("", "")


def test_a_duplicate_the_user_may_not_open_is_named_without_any_link(period, award_type):
    parent = OrganizationFactory(name="Sở Tài chính")
    person = PersonFactory(organization=OrganizationFactory(name="Phòng Ngân sách", parent=parent))
    _create(unit_head_of(parent), period, award_type, nominee_person=person)

    with pytest.raises(services.DuplicateNomination) as refused:
        _create(unit_head_of(person.organization), period, award_type, nominee_person=person)

    assert refused.value.url == ""
    assert refused.value.message_dict == {"nominee_person": [refused.value.page_message]}
    assert refused.value.page_message.endswith(
        "mỗi đối tượng chỉ có một hồ sơ cho một hình thức trong một đợt."
    )


def test_the_kinds_an_award_takes_are_listed_as_stored_comma_separated(unit_head, person, period):
    # Only one other kind exists, so a list of two is a catalogue entry typed twice.
    doubled = RuleSetFactory(
        award_type=AwardTypeFactory(name="Cờ thi đua", recipient_kinds=["collective", "collective"])
    ).award_type

    with pytest.raises(ValidationError) as refused:
        _create(unit_head, period, doubled, nominee_person=person)

    assert refused.value.message_dict["nominee_person"] == [
        "“Cờ thi đua” chỉ dành cho: tập thể, tập thể; không đề nghị cho cá nhân."
    ]
