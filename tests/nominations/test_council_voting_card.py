"""The voting card and the session page: what a member sees before and after voting."""

from __future__ import annotations

import pytest
from django.test import Client

from nominations import council
from tests.nominations.council_helpers import fixed_period, flag_rules, members, open_session, staff, verified

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _overridden(rules, period):
    nomination = verified(rules, period, collective=True)
    nomination.eligibility = {
        "eligible": False,
        "checks": [
            {
                "code": "leads_bloc",
                "passed": False,
                "detail": "Không được suy tôn dẫn đầu khối năm 2023.",
                "legal_basis": "",
            },
            {
                "code": "manual",
                "passed": True,
                "detail": "Nội bộ đoàn kết: cần cán bộ thẩm định xác nhận.",
                "legal_basis": "",
            },
            {"code": "no_hold", "passed": True, "detail": "Không có trường hợp tạm hoãn.", "legal_basis": ""},
        ],
    }
    nomination.override_reason = "Khối chưa họp suy tôn do sáp nhập; Sở Nội vụ xác nhận."
    nomination.save()
    return nomination


def test_voting_card_shows_the_override_failed_and_manual_criteria():
    period = fixed_period()
    rules = flag_rules()
    nomination = _overridden(rules, period)
    people = members(5)
    session, _actor = open_session(members=people, agenda=[nomination], period=period)

    page = _login(people[0]).get(f"/sessions/{session.pk}/").content.decode()

    assert "Thẩm định đạt (vượt điều kiện)" in page
    assert "Không được suy tôn dẫn đầu khối năm 2023." in page
    assert "Nội bộ đoàn kết: cần cán bộ thẩm định xác nhận." in page
    assert "Không có trường hợp tạm hoãn." not in page  # passed checks stay out of the card
    assert "Khối chưa họp suy tôn do sáp nhập; Sở Nội vụ xác nhận." in page


def test_session_page_after_closing_shows_the_share_and_threshold():
    period = fixed_period()
    rules = flag_rules()
    nomination = verified(rules, period, collective=True)
    people = members(5)
    session, actor = open_session(members=people, agenda=[nomination], period=period)
    for person, choice in zip(people, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        council.vote_cast(session=session, member=person, nomination=nomination, choice=choice)
    council.session_close(session=session, actor=actor)

    for viewer in (people[1], staff()):
        page = _login(viewer).get(f"/sessions/{session.pk}/").content.decode()
        assert "3/5 = 60,0 % &lt; 80 % của tổng số thành viên" in page
        assert "Không đề nghị" in page
        # The minutes on the page: chair, secretary, place, and the PDF.
        assert "Biên bản phiên họp" in page and "Vũ Việt Văn" in page and "Lê Thị Thư" in page
        assert f"/sessions/{session.pk}/minutes.pdf" in page


def test_quorum_error_uses_the_vietnamese_percent():
    period = fixed_period()
    rules = flag_rules()
    nomination = verified(rules, period, collective=True)
    people = members(5)
    session, actor = open_session(members=people, agenda=[nomination], period=period)
    council.vote_cast(session=session, member=people[0], nomination=nomination, choice="yes")

    response = _login(actor).post(f"/sessions/{session.pk}/close/", follow=True)

    page = response.content.decode()
    assert "cần tối thiểu 80 % thành viên có mặt" in page
    assert "80.0" not in page and "80%" not in page


def test_session_page_queries_do_not_grow_with_the_agenda(django_assert_max_num_queries):
    period = fixed_period()
    rules = flag_rules()
    agenda = [_overridden(rules, period) for _ in range(12)]
    people = members(5)
    session, actor = open_session(members=people, agenda=agenda, period=period)
    for person in people:
        for nomination in agenda:
            council.vote_cast(session=session, member=person, nomination=nomination, choice="yes")
    council.session_close(session=session, actor=actor)
    client = _login(people[0])

    # 15: the page's own queries plus the header bell's unread count.
    with django_assert_max_num_queries(15):
        page = client.get(f"/sessions/{session.pk}/").content.decode()

    assert page.count("Thẩm định đạt (vượt điều kiện)") == 12
    assert page.count("5/5 = 100,0 % ≥ 80 % của tổng số thành viên") == 12
