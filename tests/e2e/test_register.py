"""The register in a real browser: search, open a profile, download an export, look at the charts."""

from __future__ import annotations

import openpyxl
import pytest

from demo import province as demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-thu-2024"


def _signed_in(browser, live_server, username: str, width: int = 1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_search_open_a_profile_and_download_the_list(browser, live_server, shots):
    world = demo.seed(password=PASSWORD)
    context, page = _signed_in(browser, live_server, "canbo")
    page.get_by_role("link", name="Sổ khen thưởng").first.click()
    page.get_by_label("Tìm theo tên hoặc mã").fill("tran van thuong")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Trần Văn Thưởng").click()
    page.wait_for_url(f"{live_server.url}/register/people/{world.people['VP-002'].pk}/")
    assert page.get_by_role("heading", name="Trần Văn Thưởng").is_visible()
    assert page.get_by_role("link", name="Số 46/QĐ-UBND").is_visible()
    shots(page, "register-profile-1280")

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename == "ca-nhan.xlsx"
    with open(download.path(), "rb") as stream:
        sheet = openpyxl.load_workbook(stream).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Tìm theo tên hoặc mã: tran van thuong" in values
    assert "Trần Văn Thưởng" in values
    context.close()


def test_statistics_draw_their_charts_on_a_phone(browser, live_server, shots):
    demo.seed(password=PASSWORD)
    context, page = _signed_in(browser, live_server, "chutich", width=375)
    page.goto(f"{live_server.url}/statistics/?year_from=2022&year_to=2024")
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 2")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page must not scroll sideways on a phone"
    shots(page, "statistics-375")
    context.close()
