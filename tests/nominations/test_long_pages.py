"""The council session page and the decision page at a large province's size: a
page of rows from a constant number of queries, and a way to see all of them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from awards.models import Person
from nominations.enums import NominationStatus, SessionStatus
from nominations.models import AgendaItem, DecisionItem, Nomination, Vote
from nominations.page_rows import CARDS_PER_PAGE, PER_PAGE
from tests.factories.awards import OrganizationFactory, UserFactory
from tests.factories.nominations import CouncilSessionFactory, DecisionFactory
from tests.nominations.council_helpers import chairman, fixed_period, members, merit_rules, staff

pytestmark = pytest.mark.django_db

# Exactly these, whatever the number of rows: the decision page 8 (4 of them the
# layout's: login session, user, the bell, the user's unit); the session page 14 for staff (live
# counts, the rules of the page's award types; the periods come with the rows) and 12 for a member.
DECISION_QUERIES = 8
SESSION_QUERIES = 14
MEMBER_SESSION_QUERIES = 12


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _nominations(n: int, *, status=NominationStatus.AWARDED) -> tuple[list[Nomination], object, object]:
    """`n` dossiers written in bulk (the factories would take minutes at 1,000)."""
    rules, period = merit_rules(), fixed_period()
    unit = OrganizationFactory(code="SYT", name="Sở Y tế")
    head = UserFactory(organization=unit)
    people = Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn Số {i}", gender="male", organization=unit, position="Bác sĩ")
        for i in range(n)
    )
    nominations = Nomination.objects.bulk_create(
        Nomination(
            reference=f"HS-2023-{i:06d}",
            period=period,
            award_type=rules.award_type,
            nominee_person=person,
            recipient_kind="individual",
            nominee_name=person.full_name,
            proposing_organization=unit,
            created_by=head,
            achievements="Hoàn thành xuất sắc nhiệm vụ. " * 200,
            status=status,
        )
        for i, person in enumerate(people)
    )
    return nominations, rules, period


def _decision(n: int):
    nominations, rules, period = _nominations(n)
    decision = DecisionFactory(award_type=rules.award_type, period=period, status="issued")
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, nomination=nomination, position=i, amount=2_700_000)
        for i, nomination in enumerate(nominations, start=1)
    )
    return decision


def _decision_page(client, decision, query=""):
    return client.get(f"/decisions/{decision.pk}/{query}")


@pytest.mark.parametrize("n", [10, 1000])
def test_decision_page_query_count_does_not_grow_with_the_annex(n, django_assert_num_queries):
    decision = _decision(n)
    client = _login(chairman())
    client.get("/")  # session and user loaded once, outside the count

    with django_assert_num_queries(DECISION_QUERIES):
        response = _decision_page(client, decision)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Nguyễn Văn Số") == min(n, PER_PAGE)
    assert html.count('data-label="Họ tên / tập thể"') == min(n, PER_PAGE)


def test_decision_page_second_page_and_all(django_assert_num_queries):
    decision = _decision(120)
    client = _login(staff())

    second = _decision_page(client, decision, "?annex=2").content.decode()
    everything = _decision_page(client, decision, "?annex=all").content.decode()
    beyond = _decision_page(client, decision, "?annex=99").content.decode()
    nonsense = _decision_page(client, decision, "?annex=x").status_code

    assert "Nguyễn Văn Số 50<" in second and "Nguyễn Văn Số 99<" in second
    assert "Nguyễn Văn Số 49<" not in second and "Nguyễn Văn Số 100<" not in second
    assert "Trang 2/3 · 120 dòng" in second and "annex=all" in second
    assert everything.count("Nguyễn Văn Số") == 120
    assert "Nguyễn Văn Số 119<" in beyond  # past the end: the last page
    assert nonsense == 200


def _open_session(n: int):
    """An open session of `n` items, five members, each having voted on every item."""
    nominations, _rules, period = _nominations(n, status=NominationStatus.VERIFIED)
    people = members(5)
    session = CouncilSessionFactory(period=period, status=SessionStatus.OPEN)
    session.members.set(people)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(session=session, nomination=nomination, position=i)
        for i, nomination in enumerate(nominations, 1)
    )
    Vote.objects.bulk_create(
        Vote(item=item, member=person, choice="yes") for item in items for person in people
    )
    return session, people


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("who", ["staff", "member"])
def test_session_page_query_count_does_not_grow_with_the_agenda(n, who, django_assert_num_queries):
    session, people = _open_session(n)
    client = _login(staff() if who == "staff" else people[0])
    client.get("/")

    with django_assert_num_queries(SESSION_QUERIES if who == "staff" else MEMBER_SESSION_QUERIES):
        response = client.get(f"/sessions/{session.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<article class="card" id="item-') == min(n, CARDS_PER_PAGE)
    if who == "staff":
        # Open ballot: staff see the live counts of every item on the page.
        assert html.count("<strong>5</strong> / 0 / 0") == min(n, CARDS_PER_PAGE)
    else:
        assert html.count("Bạn đã biểu quyết:") == min(n, CARDS_PER_PAGE)


def test_session_page_pages_and_all():
    session, _people = _open_session(60)
    client = _login(staff())

    last = client.get(f"/sessions/{session.pk}/?agenda=3").content.decode()
    everything = client.get(f"/sessions/{session.pk}/?agenda=all").content.decode()

    assert last.count('<article class="card" id="item-') == 60 - 2 * CARDS_PER_PAGE
    assert f">{2 * CARDS_PER_PAGE + 1}. Nguyễn Văn Số {2 * CARDS_PER_PAGE}<" in last
    assert "Trang 3/3 · 60 dòng" in last and 'rel="prev"' in last
    assert everything.count('<article class="card" id="item-') == 60
    assert "Đang xem cả 60 dòng." in everything


def test_voting_cards_preview_long_achievements_and_link_to_the_dossier():
    session, _people = _open_session(3)
    html = _login(staff()).get(f"/sessions/{session.pk}/").content.decode()

    # 6,000 characters each: the card shows the start and links to the whole text.
    assert html.count("Hoàn thành xuất sắc nhiệm vụ.") == 3 * (600 // len("Hoàn thành xuất sắc nhiệm vụ. "))
    assert html.count("Xem toàn văn trong hồ sơ") == 3


def test_voting_cards_are_worded_in_the_reader_language():
    nominations, _rules, period = _nominations(2, status=NominationStatus.VERIFIED)
    people = members(3)
    session = CouncilSessionFactory(period=period, status=SessionStatus.OPEN)
    session.members.set(people)
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, nomination=nomination, position=i)
        for i, nomination in enumerate(nominations, 1)
    )
    client = _login(people[0])

    vietnamese = client.get(f"/sessions/{session.pk}/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    english = client.get(f"/sessions/{session.pk}/").content.decode()

    assert english.count('data-confirm="Vote IN FAVOUR? This cannot be changed after submitting."') == 2
    assert "Biểu quyết" not in english
    assert vietnamese.count('data-confirm="Biểu quyết ĐỒNG Ý? Không thể thay đổi sau khi gửi."') == 2
