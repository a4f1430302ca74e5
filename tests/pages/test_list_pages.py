"""Every list page: filters and sort in the URL, pages of 25–50 rows with the total, page
links that keep the filters, literal searches, and a query count that does not grow
with the rows (the same for 10 and 100)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from awards.enums import Role
from nominations.enums import DecisionStatus, NominationStatus, NotificationKind, SessionStatus
from nominations.models import Notification
from tests.factories.awards import AwardRecordFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import (
    CouncilSessionFactory,
    DecisionFactory,
    NominationFactory,
    PeriodFactory,
    RuleSetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(roles=[Role.STAFF])


@pytest.fixture
def client_of():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def _body(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


# --- sessions ---------------------------------------------------------------------------------


def test_sessions_filter_by_period_status_and_title(staff, client_of):
    this_year, last_year = PeriodFactory(name="Tổng kết năm 2026"), PeriodFactory(name="Tổng kết năm 2025")
    CouncilSessionFactory(title="Phiên tháng Mười hai", period=this_year, status=SessionStatus.PLANNED)
    CouncilSessionFactory(title="Phiên tháng Một", period=last_year, status=SessionStatus.CLOSED)
    client = client_of(staff)

    def titles(**params):
        return set(re.findall(r"Phiên tháng [^<]+", _body(client, "/sessions/", params)))

    assert titles() == {"Phiên tháng Mười hai", "Phiên tháng Một"}
    assert titles(period=this_year.pk) == {"Phiên tháng Mười hai"}
    assert titles(status="closed") == {"Phiên tháng Một"}
    assert titles(q="mười") == titles(q="MƯỜI") == {"Phiên tháng Mười hai"}
    assert titles(q="%") == set() and titles(q="_") == set() and titles(q="x" * 500) == set()
    assert titles(status="nope", period="9" * 30, sort="password") == {
        "Phiên tháng Mười hai",
        "Phiên tháng Một",
    }


def test_sessions_sort_by_meeting_date_both_ways(staff, client_of):
    for day in (3, 1, 2):
        CouncilSessionFactory(title=f"Phiên ngày {day}", meeting_date=datetime.date(2026, 12, day))
    client = client_of(staff)

    newest = re.findall(r"Phiên ngày (\d)", _body(client, "/sessions/"))
    oldest = re.findall(r"Phiên ngày (\d)", _body(client, "/sessions/", {"sort": "meeting_date"}))

    assert newest == ["3", "2", "1"] and oldest == ["1", "2", "3"]


def test_a_member_lists_only_the_sessions_they_sit_in(client_of):
    member = UserFactory(roles=[Role.COUNCIL_MEMBER])
    mine = CouncilSessionFactory(title="Phiên của tôi")
    mine.members.add(member)
    CouncilSessionFactory(title="Phiên của người khác")

    body = _body(client_of(member), "/sessions/")

    assert "Phiên của tôi" in body and "Phiên của người khác" not in body


# --- decisions --------------------------------------------------------------------------------


def test_decisions_filter_by_period_award_type_status_and_number(staff, client_of):
    period, other = PeriodFactory(), PeriodFactory()
    merit, flag = RuleSetFactory().award_type, RuleSetFactory().award_type
    DecisionFactory(number="101/QĐ-UBND", period=period, award_type=merit, status=DecisionStatus.ISSUED)
    DecisionFactory(number="202/QĐ-UBND", period=other, award_type=flag, status=DecisionStatus.REVOKED)
    DecisionFactory(number="303/QĐ-UBND", period=period, award_type=flag, status=DecisionStatus.DRAFT)
    client = client_of(staff)

    def numbers(**params):
        return set(re.findall(r">(\d{3}/QĐ-UBND)</a>", _body(client, "/decisions/", params)))

    assert numbers() == {"101/QĐ-UBND", "202/QĐ-UBND", "303/QĐ-UBND"}  # drafts in their own box
    assert numbers(period=period.pk) == {"101/QĐ-UBND", "303/QĐ-UBND"}
    assert numbers(award_type=flag.code) == {"202/QĐ-UBND", "303/QĐ-UBND"}
    assert numbers(status="revoked") == {"202/QĐ-UBND"}
    assert numbers(q="02/qđ") == {"202/QĐ-UBND"}  # any part of the number, any case
    assert numbers(q="%") == set() and numbers(q="_") == set() and numbers(q="1" * 500) == set()


def test_the_decision_download_follows_the_filters(staff, client_of):
    DecisionFactory(number="101/QĐ-UBND", status=DecisionStatus.ISSUED)
    DecisionFactory(number="202/QĐ-UBND", status=DecisionStatus.REVOKED)
    client = client_of(staff)

    body = _body(client, "/decisions/", {"status": "revoked"})
    response = client.get("/decisions/", {"status": "revoked", "format": "xlsx"})

    assert 'href="?status=revoked&amp;format=xlsx"' in body
    assert response.status_code == 200

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {c.value for row in book.active.iter_rows() for c in row}
    assert "202/QĐ-UBND" in cells and "101/QĐ-UBND" not in cells
    assert "Trạng thái: Đã thu hồi" in cells  # the filters in words on its first rows


def test_the_dossier_download_names_the_unit_filter(staff, client_of):
    unit = OrganizationFactory(name="Sở Y tế")
    NominationFactory(proposing_organization=unit, status=NominationStatus.VERIFIED)
    response = client_of(staff).get("/nominations/", {"unit": unit.pk, "q": "nguyen", "format": "xlsx"})

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {c.value for row in book.active.iter_rows() for c in row}
    assert {"Đơn vị đề nghị: Sở Y tế", "Tìm: nguyen"} <= cells


def test_a_unit_head_sees_no_decision_list(client_of):
    head = UserFactory(roles=[Role.UNIT_HEAD])
    assert client_of(head).get("/decisions/").status_code == 403
    assert client_of(head).get("/sessions/").status_code == 403


# --- notifications ----------------------------------------------------------------------------


def _notice(user, kind=NotificationKind.RETURNED, read=False, ref="HS-2026-000001"):
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        params={"reference": ref, "nominee": "Lê Thị Hồng Nhung", "reason": "Thiếu biên bản"},
        path="/nominations/",
        read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) if read else None,
    )


def test_notifications_filter_by_kind_and_read_state_and_show_only_ones_own(client_of):
    me, other = UserFactory(roles=[Role.UNIT_HEAD]), UserFactory(roles=[Role.UNIT_HEAD])
    unread = _notice(me)
    read = _notice(me, kind=NotificationKind.VERIFIED, read=True)
    theirs = _notice(other)
    client = client_of(me)

    def shown(**params):
        return {
            int(pk)
            for pk in re.findall(r'href="/notifications/(\d+)/"', _body(client, "/notifications/", params))
        }

    assert shown() == {unread.pk, read.pk} and theirs.pk not in shown()
    assert shown(status="unread") == {unread.pk}
    assert shown(unread="1") == {unread.pk}  # the address before filters existed
    assert shown(status="read") == {read.pk}
    assert shown(kind="verified") == {read.pk}
    assert shown(kind="password", status="<b>") == {unread.pk, read.pk}


# --- the register -----------------------------------------------------------------------------


def test_register_lines_sort_by_year_both_ways(staff, client_of):
    person = PersonFactory(full_name="Lê Thị Hồng Nhung")
    for year in (2021, 2024, 2022):
        AwardRecordFactory(person=person, year=year)
    client = client_of(staff)

    newest = re.findall(r'data-label="Năm"[^>]*>(\d{4})<', _body(client, "/register/records/"))
    oldest = re.findall(
        r'data-label="Năm"[^>]*>(\d{4})<', _body(client, "/register/records/", {"sort": "year"})
    )

    assert newest == ["2024", "2022", "2021"] and oldest == ["2021", "2022", "2024"]


@pytest.mark.parametrize("url", ["/register/people/", "/register/organizations/", "/register/records/"])
@pytest.mark.parametrize("q", ["%", "_", "%_%", "x" * 500])
def test_register_searches_are_literal_and_a_long_one_finds_nothing(staff, client_of, url, q):
    person = PersonFactory(full_name="Lê Thị Hồng Nhung")
    AwardRecordFactory(person=person)

    body = _body(client_of(staff), url, {"q": q})

    assert "Hồng Nhung" not in body
    assert f"/register/organizations/{person.organization_id}/" not in body


def test_collectives_in_vietnamese_order_across_pages_and_in_the_download(staff, client_of):
    province = OrganizationFactory(name="Tỉnh")
    # Words, not numbers: digits have no place of their own in the Vietnamese key (awards/text.py).
    tails = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hòa", "Khánh", "Lâm"]
    tails += [f"{tail} Mới" for tail in tails]
    names = [f"{first} {tail}" for tail in tails for first in ("Đội", "Dân", "Ấp")]
    for name in names:
        OrganizationFactory(name=name, parent=province)
    client = client_of(staff)

    def shown(**params):
        body = _body(client, "/register/organizations/", params)
        return re.findall(r'href="/register/organizations/\d+/">([^<]+)</a>', body)

    first, second = shown(), shown(page=2)
    # "Ấp" (A) before "Dân" (D) before "Đội" (Đ after D), then "Tỉnh".
    groups = [[n for n in names if n.startswith(first)] for first in ("Ấp", "Dân", "Đội")]
    shown_names = [n for n in first + second if n.split()[0] in ("Ấp", "Dân", "Đội")]
    assert len(first) == 50 and len(shown_names) == 60
    assert set(shown_names[:20]) == set(groups[0])
    assert set(shown_names[20:40]) == set(groups[1]) and set(shown_names[40:]) == set(groups[2])
    assert shown_names.index("Đội Dũng") < shown_names.index("Đội Đức")  # Đ after D
    assert shown(sort="-name")[0] == "Tỉnh"
    response = client.get("/register/organizations/", {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {c.value for row in book.active.iter_rows() for c in row}
    assert set(names) <= cells


# --- pages keep the filters -------------------------------------------------------------------


def test_page_links_keep_filters_and_sort(staff, client_of):
    period = PeriodFactory()
    for n in range(30):
        CouncilSessionFactory(title=f"Phiên số {n}", period=period, status=SessionStatus.CLOSED)
    client = client_of(staff)

    body = _body(client, "/sessions/", {"status": "closed", "sort": "meeting_date", "page": "1"})

    assert "30 phiên họp" in body
    assert "Trang 1 / 2" in body
    assert 'href="?status=closed&amp;sort=meeting_date&amp;page=2"' in body
    assert body.count("Phiên số") == 25
    second = _body(client, "/sessions/", {"status": "closed", "sort": "meeting_date", "page": "2"})
    assert second.count("Phiên số") == 5 and "Trang 2 / 2" in second
    assert "Trang 2 / 2" in _body(client, "/sessions/", {"page": "999"})  # out of range: the last page
    assert "Trang 1 / 2" in _body(client, "/sessions/", {"page": "abc"})


# --- query counts: the same for 10 and 100 rows -----------------------------------------------


def _nominations(n, *, status):
    organization = OrganizationFactory()
    period = PeriodFactory()
    award_type = RuleSetFactory().award_type
    author = UserFactory(roles=[Role.UNIT_HEAD], organization=organization)
    for _ in range(n):
        NominationFactory(
            proposing_organization=organization,
            period=period,
            award_type=award_type,
            created_by=author,
            nominee_person=PersonFactory(organization=organization),
            status=status,
        )


def _people(n):
    organization = OrganizationFactory()
    award_type = RuleSetFactory().award_type
    for _ in range(n):
        AwardRecordFactory(person=PersonFactory(organization=organization), award_type=award_type)


def _organizations(n):
    province = OrganizationFactory(name="Tỉnh")
    for _ in range(n):
        OrganizationFactory(parent=province)


def _sessions(n):
    period = PeriodFactory()
    author = UserFactory(roles=[Role.STAFF])
    for _ in range(n):
        CouncilSessionFactory(period=period, created_by=author)


def _decisions(n):
    period = PeriodFactory()
    award_type = RuleSetFactory().award_type
    author = UserFactory(roles=[Role.STAFF])
    for index in range(n):
        status = DecisionStatus.DRAFT if index % 2 else DecisionStatus.ISSUED
        DecisionFactory(period=period, award_type=award_type, created_by=author, status=status)


def _notifications(user):
    def build(n):
        for index in range(n):
            _notice(user, read=bool(index % 2), ref=f"HS-2026-{index:06d}")

    return build


# (url, rows builder, the most queries a page may take: session, user, the header's bell and
# to-do, the filters' choices, the count, the rows)
LISTS = {
    "nominations": ("/nominations/", lambda n: _nominations(n, status=NominationStatus.VERIFIED), 9),
    "inbox": ("/inbox/", lambda n: _nominations(n, status=NominationStatus.SUBMITTED), 9),
    "sessions": ("/sessions/", _sessions, 7),
    "decisions": ("/decisions/", _decisions, 9),
    "people": ("/register/people/", _people, 9),
    "organizations": ("/register/organizations/", _organizations, 9),
    "records": ("/register/records/", _people, 9),
}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", list(LISTS))
def test_list_queries_do_not_grow_with_the_rows(name, staff, client_of, django_assert_max_num_queries):
    url, build, most = LISTS[name]
    client = client_of(staff)
    build(10)
    few = _queries(client, url)

    build(90)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200

    assert _queries(client, url) == few


def test_notification_queries_do_not_grow_with_the_rows(staff, client_of, django_assert_max_num_queries):
    client = client_of(staff)
    build = _notifications(staff)
    build(10)
    few = _queries(client, "/notifications/")

    build(90)
    with django_assert_max_num_queries(7):
        assert client.get("/notifications/").status_code == 200

    assert _queries(client, "/notifications/") == few


def test_filter_choices_are_escaped_and_the_chosen_one_selected(staff, client_of):
    period = PeriodFactory(name='Đợt <b>đậm</b> "2026"')
    body = _body(client_of(staff), "/decisions/", {"period": period.pk})

    assert "<b>đậm</b>" not in body
    assert (
        f'<option value="{period.pk}" selected>Đợt &lt;b&gt;đậm&lt;/b&gt; &quot;2026&quot;</option>' in body
    )
