"""Every page, for each role, at 1280 and 375 px: axe-core finds no WCAG 2.1 AA violation,
and on a phone no element's right edge passes the viewport. Also after actions: a
refused form, a success message, a vote."""

from __future__ import annotations

import pytest

from certificates.models import Certificate
from demo import province as demo
from nominations.enums import NominationStatus as S
from nominations.enums import SessionStatus
from nominations.models import CouncilSession, Decision, Nomination
from tests.e2e.a11y import check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-thu-2024"
WIDTHS = (1280, 375)


def _first(qs):
    obj = qs.order_by("pk").first()
    assert obj is not None
    return obj.pk


def _pages(world) -> dict[str, list[str]]:
    head_unit = world.users["truongphong"].organization
    mine = Nomination.objects.filter(proposing_organization__path__startswith=head_unit.path)
    draft = _first(mine.filter(status=S.DRAFT))
    returned = _first(mine.filter(status=S.RETURNED))
    submitted = _first(Nomination.objects.filter(status=S.SUBMITTED))
    awarded = _first(Nomination.objects.filter(status=S.AWARDED))
    session = _first(CouncilSession.objects.filter(members=world.users["uyvien1"]))
    planned = CouncilSession.objects.filter(status=SessionStatus.PLANNED).order_by("pk").first()
    decision = _first(Decision.objects.all())
    certificate = Certificate.objects.order_by("pk").first()
    common = ["/", "/notifications/", "/profile/", "/no-such-page/"]
    return {
        "truongphong": [
            *common,
            "/nominations/",
            "/nominations/new/",
            f"/nominations/{draft}/",
            f"/nominations/{draft}/edit/",
            f"/nominations/{returned}/",
        ],
        "canbo": [
            *common,
            "/inbox/",
            "/nominations/?status=verified",
            f"/nominations/{submitted}/appraise/",
            f"/nominations/{awarded}/",
            "/sessions/",
            "/sessions/new/",
            f"/sessions/{session}/",
            *([f"/sessions/{planned.pk}/edit/"] if planned else []),
            "/decisions/",
            "/decisions/new/",
            f"/decisions/{decision}/",
            "/printing/",
            "/printing/profiles/",
            "/catalogue/",
            "/catalogue/imports/",
        ],
        "uyvien1": [*common, "/sessions/", f"/sessions/{session}/"],
        "chutich": [*common, "/decisions/", f"/decisions/{decision}/", f"/nominations/{awarded}/revoke/"],
        "anonymous": ["/accounts/login/", *([f"/verify/{certificate.code}/"] if certificate else [])],
    }


def _context(browser, live_server, username: str | None):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
    return context, page


def _both_widths(page, label: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += check_page(page, f"{label} @{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def test_every_page_passes_axe_and_fits_a_phone(browser, live_server):
    world = demo.seed(password=PASSWORD)
    problems: list[str] = []
    for username, paths in _pages(world).items():
        context, page = _context(browser, live_server, None if username == "anonymous" else username)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            problems += _both_widths(page, f"{username} {path}")
        context.close()
    assert problems == [], "\n".join(problems)


def _luminance(rgb: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_is_visible_on_the_red_header(browser, live_server):
    """WCAG 1.4.11: 3:1 between the ring and the header behind it (axe does not check focus)."""
    demo.seed(password=PASSWORD)
    context, page = _context(browser, live_server, "canbo")
    ratios = {}
    for _ in range(8):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => {
              const el = document.activeElement;
              const bar = el.closest(".site-nav") || el.closest(".site-header");
              if (!bar) return null;
              return {name: el.textContent.trim().slice(0, 30), ring: getComputedStyle(el).outlineColor,
                      width: getComputedStyle(el).outlineWidth, back: getComputedStyle(bar).backgroundColor};
            }"""
        )
        if found:
            ratios[found["name"]] = (_contrast(found["ring"], found["back"]), found["width"])
    context.close()
    assert len(ratios) >= 4, ratios
    assert all(ratio >= 3 and width != "0px" for ratio, width in ratios.values()), ratios


def test_after_actions_the_pages_still_pass(browser, live_server):
    """A refused form (error summary focused), a success message, a council vote."""
    world = demo.seed(password=PASSWORD)
    problems: list[str] = []

    context, page = _context(browser, live_server, "truongphong")
    page.goto(f"{live_server.url}/nominations/new/")
    page.get_by_label("Tóm tắt thành tích").fill("")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    links = page.locator(".error-summary a")
    assert links.count() >= 2
    target = links.first.get_attribute("href")
    assert page.locator(target).count() == 1  # each link leads to its field
    problems += _both_widths(page, "refused nomination form")
    page.goto(f"{live_server.url}/profile/")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("load")
    assert page.locator(".messages [role=status]").count() == 1
    problems += _both_widths(page, "message after saving the profile")
    context.close()

    session = CouncilSession.objects.filter(members=world.users["uyvien1"], status=SessionStatus.OPEN).first()
    if session is not None:
        context, page = _context(browser, live_server, "uyvien1")
        page.goto(f"{live_server.url}/sessions/{session.pk}/")
        buttons = page.get_by_role("button", name="Đồng ý")
        if buttons.count():
            buttons.first.click()
            page.wait_for_load_state("load")
            problems += _both_widths(page, "session after a vote")
        context.close()
    assert problems == [], "\n".join(problems)
