"""How forms behave in a real browser: double clicks, expired sessions, kept input."""

from __future__ import annotations

import re

import pytest

from awards.models import Period
from demo import province as demo
from nominations.enums import NominationStatus as S
from nominations.models import Nomination
from tests.e2e.picking import pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-thu-2024"


def _login_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    return context, page


def _sign_in(page, username: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_double_clicked_save_creates_one_nomination(browser, live_server):
    world = demo.seed(password=PASSWORD)
    person = world.people["VP-024"]
    context, page = _login_page(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "truongphong")
    page.wait_for_url(f"{live_server.url}/")
    before = Nomination.objects.count()

    page.goto(f"{live_server.url}/nominations/new/")
    page.get_by_label("Hình thức khen thưởng").select_option("merit_chairman")
    page.get_by_label("Cá nhân", exact=True).check()
    pick(page, "Cá nhân được đề nghị", person.full_name, re.compile(person.full_name))
    page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ.")
    page.get_by_role("button", name="Lưu hồ sơ").dblclick()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    page.wait_for_load_state("networkidle")

    assert Nomination.objects.count() == before + 1
    context.close()


def test_an_expired_session_returns_to_login_and_back(browser, live_server):
    demo.seed(password=PASSWORD)
    context, page = _login_page(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "canbo")
    page.wait_for_url(f"{live_server.url}/")

    context.clear_cookies()  # the session is gone, as after its expiry
    page.goto(f"{live_server.url}/inbox/")

    assert "/accounts/login/" in page.url
    _sign_in(page, "canbo")
    page.wait_for_url(f"{live_server.url}/inbox/")
    context.close()


def test_a_refused_form_keeps_what_was_typed(browser, live_server):
    demo.seed(password=PASSWORD)
    context, page = _login_page(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "truongphong")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/nominations/new/")
    page.get_by_label("Hình thức khen thưởng").select_option("merit_chairman")
    page.get_by_label("Tóm tắt thành tích").fill("Thành tích đã gõ, chưa chọn người.")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_load_state()

    assert page.get_by_label("Tóm tắt thành tích").input_value() == "Thành tích đã gõ, chưa chọn người."
    assert page.locator(".field-error, [role=alert], .errorlist").count() >= 1
    context.close()


def _drop_cookies(context, *names: str) -> None:
    """As after the session's expiry: the browser no longer sends these cookies."""
    kept = [c for c in context.cookies() if c["name"] not in names]
    context.clear_cookies()
    context.add_cookies(kept)


def _appraise_and_type(browser, live_server, reason: str):
    demo.seed(password=PASSWORD)
    submitted = Nomination.objects.filter(status="submitted").order_by("pk").first()
    context, page = _login_page(browser, live_server)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "canbo")
    page.wait_for_url(f"{live_server.url}/")
    url = f"{live_server.url}/nominations/{submitted.pk}/appraise/"
    page.goto(url)
    page.get_by_label("Lý do trả lại").fill(reason)
    return context, page, submitted, url


def test_text_typed_before_the_session_expired_comes_back_after_logging_in(browser, live_server):
    reason = "Thiếu biên bản họp xét của đơn vị; đề nghị bổ sung số liệu sáng kiến năm 2024."
    context, page, submitted, url = _appraise_and_type(browser, live_server, reason)

    _drop_cookies(context, "sessionid")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    _sign_in(page, "canbo")
    page.wait_for_url(url)

    assert page.get_by_label("Lý do trả lại").input_value() == reason
    assert page.get_by_role("status").filter(has_text="Đã khôi phục nội dung").count() == 1
    submitted.refresh_from_db()
    assert submitted.status == "submitted"  # nothing was done without the user
    # Sent again, it goes through; the kept copy is gone.
    page.get_by_role("button", name="Trả lại đơn vị").click()
    page.wait_for_url(f"{live_server.url}/inbox/")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("returned", reason)
    context.close()


def test_a_refused_csrf_token_shows_our_page_and_the_way_back_keeps_the_text(browser, live_server):
    reason = "Hồ sơ thiếu xác nhận của thủ trưởng đơn vị."
    context, page, _submitted, url = _appraise_and_type(browser, live_server, reason)

    _drop_cookies(context, "csrftoken")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Biểu mẫu đã hết hạn hoặc không hợp lệ").count() == 1
    page.get_by_role("link", name="Quay lại trang trước").click()
    page.wait_for_url(url)
    assert page.get_by_label("Lý do trả lại").input_value() == reason
    context.close()


def test_a_form_saved_normally_is_not_restored_when_opened_again(browser, live_server):
    world = demo.seed(password=PASSWORD)
    context, page = _login_page(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "truongphong")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/nominations/new/")
    page.get_by_label("Hình thức khen thưởng").select_option("merit_chairman")
    page.get_by_label("Cá nhân", exact=True).check()
    pick(
        page,
        "Cá nhân được đề nghị",
        world.people["VP-024"].full_name,
        re.compile(world.people["VP-024"].full_name),
    )
    page.get_by_label("Tóm tắt thành tích").fill("Đã lưu bình thường, không cần khôi phục.")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    page.goto(f"{live_server.url}/nominations/new/")

    assert page.get_by_label("Tóm tắt thành tích").input_value() == ""
    assert page.get_by_role("status").filter(has_text="Đã khôi phục nội dung").count() == 0
    context.close()


def test_the_session_form_offers_the_chosen_periods_dossiers_and_selects_all_members(browser, live_server):
    demo.seed(password=PASSWORD)
    context, page = _login_page(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _sign_in(page, "canbo")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/sessions/new/")

    # The list offers the chosen period's free verified dossiers only (fetched as the period changes).
    free = Nomination.objects.filter(status=S.VERIFIED, agenda_items__isnull=True)
    for period in Period.objects.order_by("pk"):
        page.get_by_label("Đợt khen thưởng").select_option(str(period.pk))
        expected = sorted(str(n.pk) for n in free if n.period_id == period.pk)
        page.wait_for_function(
            """(expected) => {
              const shown = [...document.querySelectorAll("li:not([hidden]) input[name=agenda]")].map(b => b.value);
              return JSON.stringify(shown.sort()) === JSON.stringify(expected);
            }""",
            arg=expected,
        )
    assert free.exists()

    members_group = page.get_by_role("group", name="Thành viên dự họp")
    members_group.get_by_role("button", name="Chọn tất cả / bỏ chọn tất cả").click()
    members = page.locator("input[name=members]")
    assert members.count() >= 4
    assert all(members.nth(i).is_checked() for i in range(members.count()))
    context.close()
