"""Pickers in a real browser: typed without accents, chosen with the keyboard, the form submitted;
axe-core finds nothing with the listbox open, at 1280 and at 375 px."""

from __future__ import annotations

import re

import pytest

from demo import province as demo
from nominations.enums import NominationStatus as S
from nominations.models import CouncilSession, Nomination
from tests.e2e.a11y import check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-thu-2024"


def _signed_in(browser, live_server, username: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


@pytest.mark.parametrize("width", [1280, 375])
def test_a_unit_head_types_a_name_without_accents_and_saves_the_nomination(
    browser, live_server, shots, width
):
    world = demo.seed(password=PASSWORD)
    person = world.people["VP-024"]
    context, page = _signed_in(browser, live_server, "truongphong", width)
    before = set(Nomination.objects.values_list("pk", flat=True))

    page.goto(f"{live_server.url}/nominations/new/")
    page.get_by_label("Hình thức khen thưởng").select_option("merit_chairman")
    page.get_by_label("Cá nhân", exact=True).check()
    box = page.get_by_role("combobox", name="Cá nhân được đề nghị")
    assert page.locator("#id_nominee_person").is_hidden()  # the short <select> stands behind the box
    box.click()
    box.press_sequentially(_without_accents(person.full_name), delay=20)
    option = page.get_by_role("option", name=re.compile(re.escape(person.full_name)))
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert check_page(page, f"nominee picker open at {width}") == []
    shots(page, f"picker-nominee-{width}")

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")  # picks; does not submit
    assert page.locator("#id_nominee_person").input_value() == str(person.pk)
    assert box.input_value().startswith(person.full_name)
    assert box.get_attribute("aria-expanded") == "false"
    page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ.")
    # Enter in a text field saves: the search button (for browsers without scripts) is gone.
    page.get_by_label("Căn cứ đề nghị (tùy chọn)").press("Enter")
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))

    created = Nomination.objects.exclude(pk__in=before).get()
    assert created.nominee_person_id == person.pk
    context.close()


def test_staff_add_a_dossier_to_the_agenda_by_its_reference(browser, live_server, shots):
    demo.seed(password=PASSWORD)
    context, page = _signed_in(browser, live_server, "canbo")
    page.goto(f"{live_server.url}/sessions/new/")
    free = Nomination.objects.filter(status=S.VERIFIED, agenda_items__isnull=True).order_by("pk").first()
    assert free is not None, "the demo has a verified dossier waiting for a session"
    period = str(free.period_id)
    page.get_by_label("Đợt khen thưởng").select_option(period)  # the offer follows the period
    body = page.get_by_label("Cơ quan xét").input_value()
    offered = page.evaluate(
        "([period, body]) => fetch(`/pickers/agenda/?period=${period}&body=${body}`).then(r => r.json())",
        [period, body],
    )["results"]
    target = next(row for row in offered if row["value"] == str(free.pk))
    reference = target["label"].split(" · ")[0]

    page.get_by_label("Tên phiên họp").fill("Phiên họp xét khen thưởng (kiểm thử bộ chọn)")
    box = page.get_by_role("combobox", name=re.compile("Thêm hồ sơ"))
    box.fill(reference.split("-", 1)[1])  # a part of the reference
    page.get_by_role("option", name=re.compile(re.escape(reference))).wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator(f"input[name=agenda][value='{target['value']}']").is_checked()
    # Only the chosen period's dossiers are offered in the list below the box.
    offered_now = page.locator("input[name=agenda]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert set(offered_now) <= {row["value"] for row in offered}
    assert check_page(page, "agenda picker") == []
    shots(page, "picker-agenda")
    page.get_by_role("group", name="Thành viên dự họp").get_by_role(
        "button", name="Chọn tất cả / bỏ chọn tất cả"
    ).click()
    page.get_by_role("button", name="Lưu phiên họp").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))

    session = CouncilSession.objects.get(pk=int(re.search(r"/sessions/(\d+)/$", page.url).group(1)))
    assert list(session.items.values_list("nomination_id", flat=True)) == [int(target["value"])]
    assert session.members.filter(username__startswith="uyvien").count() == 5
    context.close()


def _without_accents(name: str) -> str:
    from awards.text import search_key

    return search_key(name)
