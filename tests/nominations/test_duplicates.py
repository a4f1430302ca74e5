"""One open dossier per nominee, award type and period, anywhere in the province.

Through the service, the API and the pages; two simultaneous creations (real
threads, real transactions; run on SQLite and on PostgreSQL) leave exactly one;
the create form's one-time token makes Back-and-save create nothing new.
"""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connections, transaction
from django.test import Client

from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Nomination
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import NominationFactory, unit_head_of

URL = "/api/v1/nominations/"


def _create(actor, period, award_type, person, **extra):
    return services.nomination_create(
        actor=actor, period=period, award_type=award_type, nominee_person=person, achievements="Tốt", **extra
    )


@pytest.mark.django_db
def test_api_refuses_a_second_open_dossier_and_names_the_first(
    client_for, unit_head, period, award_type, person
):
    first = _create(unit_head, period, award_type, person)

    response = client_for(unit_head).post(
        URL,
        {
            "period": period.pk,
            "award_type": award_type.code,
            "nominee_person": person.pk,
            "achievements": "x",
        },
        format="json",
    )

    assert response.status_code == 400
    message = response.json()["nominee_person"][0]
    assert first.reference in message
    assert f"http://testserver/nominations/{first.pk}/" in message or f"/nominations/{first.pk}/" in message
    assert "/api/" not in message
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED, S.APPROVED, S.AWARDED])
def test_every_open_state_blocks_a_new_dossier(unit_head, period, award_type, person, status):
    NominationFactory(
        proposing_organization=person.organization,
        nominee_person=person,
        period=period,
        award_type=award_type,
        status=status,
    )

    with pytest.raises(services.DuplicateNomination):
        _create(unit_head, period, award_type, person)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.WITHDRAWN, S.NOT_APPROVED])
def test_withdrawn_or_rejected_dossiers_free_the_slot(unit_head, period, award_type, person, status):
    NominationFactory(
        proposing_organization=person.organization,
        nominee_person=person,
        period=period,
        award_type=award_type,
        status=status,
    )

    assert _create(unit_head, period, award_type, person).status == S.DRAFT


@pytest.mark.django_db
def test_other_award_type_or_period_is_a_different_slot(unit_head, period, award_type, person):
    from tests.factories.nominations import PeriodFactory, RuleSetFactory

    _create(unit_head, period, award_type, person)

    _create(unit_head, PeriodFactory(), award_type, person)
    _create(unit_head, period, RuleSetFactory().award_type, person)
    assert Nomination.objects.count() == 3


@pytest.mark.django_db
def test_a_dossier_the_user_may_not_see_is_named_without_a_link(period, award_type):
    parent = OrganizationFactory(name="Sở Tài chính")
    child = OrganizationFactory(name="Phòng Ngân sách", parent=parent)
    person = PersonFactory(organization=child)
    # The parent's draft is private to the parent: the child's head may not open it.
    first = _create(unit_head_of(parent), period, award_type, person)

    with pytest.raises(services.DuplicateNomination) as refused:
        _create(unit_head_of(child), period, award_type, person)

    assert refused.value.existing == first
    assert refused.value.url == ""
    message = refused.value.message_dict["nominee_person"][0]
    assert first.reference in message
    assert "/nominations/" not in message


@pytest.mark.django_db
def test_editing_into_a_taken_slot_is_refused(unit_head, period, award_type, person, unit):
    other = PersonFactory(organization=unit)
    _create(unit_head, period, award_type, person)
    second = _create(unit_head, period, award_type, other)

    with pytest.raises(services.DuplicateNomination):
        services.nomination_update(nomination=second, actor=unit_head, changes={"nominee_person": person})

    second.refresh_from_db()
    assert second.nominee_person == other


@pytest.mark.django_db
def test_the_database_refuses_what_the_service_would(unit_head, period, award_type, person):
    first = _create(unit_head, period, award_type, person)
    clone = Nomination(
        period=period,
        award_type=award_type,
        nominee_person=person,
        proposing_organization=first.proposing_organization,
        created_by=unit_head,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


# --- pages ---------------------------------------------------------------------------------------


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(period, award_type, person, token):
    return {
        "period": period.pk,
        "award_type": award_type.code,
        "recipient_kind": "individual",
        "nominee_person": person.pk,
        "achievements": "Hoàn thành xuất sắc nhiệm vụ.",
        "form_token": token,
    }


@pytest.mark.django_db
def test_page_refuses_the_duplicate_with_a_link_to_the_first(unit_head, period, award_type, person):
    first = _create(unit_head, period, award_type, person)
    client = _page_client(unit_head)

    response = client.post("/nominations/new/", _form(period, award_type, person, "A" * 32))

    assert response.status_code == 400
    body = response.content.decode()
    assert first.reference in body
    assert f'href="/nominations/{first.pk}/"' in body
    assert Nomination.objects.count() == 1
    # The page it links to opens for this user.
    assert client.get(f"/nominations/{first.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_create_form_carries_a_fresh_one_time_token(unit_head):
    client = _page_client(unit_head)

    first = client.get("/nominations/new/").context["form"]["form_token"].value()
    second = client.get("/nominations/new/").context["form"]["form_token"].value()

    assert first and second and first != second


@pytest.mark.django_db
def test_back_and_save_again_creates_nothing_new(unit_head, period, award_type, person, unit):
    client = _page_client(unit_head)
    data = _form(period, award_type, person, "tok-" + "x" * 28)

    created = client.post("/nominations/new/", data)
    nomination = Nomination.objects.get()
    # Back, change nothing or even the nominee, save again: the token was used.
    again = client.post("/nominations/new/", {**data, "nominee_person": PersonFactory(organization=unit).pk})

    assert created.status_code == 302
    assert again.status_code == 302
    assert again["Location"] == created["Location"] == f"/nominations/{nomination.pk}/"
    assert Nomination.objects.count() == 1
    followed = client.get(again["Location"]).content.decode()
    assert "không lập thêm hồ sơ mới" in followed


@pytest.mark.django_db
def test_a_forged_token_is_refused_and_creates_nothing(unit_head, period, award_type, person):
    response = _page_client(unit_head).post(
        "/nominations/new/", _form(period, award_type, person, "%_' OR 1")
    )

    assert response.status_code == 400
    assert Nomination.objects.count() == 0


@pytest.mark.django_db
def test_another_users_token_is_not_theirs(unit_head, period, award_type, person, unit):
    token = "shared-token-" + "y" * 20
    _page_client(unit_head).post("/nominations/new/", _form(period, award_type, person, token))
    colleague = UserFactory(roles=unit_head.roles, organization=unit)

    response = _page_client(colleague).post(
        "/nominations/new/", _form(period, award_type, PersonFactory(organization=unit), token)
    )

    # Refused, not redirected to someone else's dossier.
    assert response.status_code == 400
    assert "tải lại trang" in response.content.decode()
    assert Nomination.objects.filter(created_by=colleague).count() == 0


# --- two at once -----------------------------------------------------------------------------------


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            result: object = call()
        except Exception as exc:  # noqa: BLE001 - recorded and asserted below
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_tabs_creating_at_once_make_exactly_one(round_):
    from tests.factories.nominations import PeriodFactory, RuleSetFactory

    unit = OrganizationFactory()
    person = PersonFactory(organization=unit)
    heads = [unit_head_of(unit), unit_head_of(unit)]
    period = PeriodFactory()
    award_type = RuleSetFactory().award_type

    outcomes = _race([lambda h=head: _create(h, period, award_type, person) for head in heads])

    made = [o for o in outcomes if isinstance(o, Nomination)]
    refused = [o for o in outcomes if not isinstance(o, Nomination)]
    assert len(made) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], services.DuplicateNomination), outcomes
    assert refused[0].existing.pk == made[0].pk
    # Both heads may open the first dossier: the refusal links it, however the race went.
    assert refused[0].url == f"/nominations/{made[0].pk}/"
    assert Nomination.objects.filter(nominee_person=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_makes_one():
    from tests.factories.nominations import PeriodFactory, RuleSetFactory

    unit = OrganizationFactory()
    head = unit_head_of(unit)
    period = PeriodFactory()
    award_type = RuleSetFactory().award_type
    people = [PersonFactory(organization=unit), PersonFactory(organization=unit)]
    token = "double-click-" + "z" * 20

    outcomes = _race([lambda p=p: _create(head, period, award_type, p, creation_token=token) for p in people])

    made = [o for o in outcomes if isinstance(o, Nomination)]
    assert len(made) == 1, outcomes
    other = next(o for o in outcomes if not isinstance(o, Nomination))
    assert isinstance(other, services.AlreadyCreated) and other.nomination.pk == made[0].pk
    assert Nomination.objects.count() == 1
