"""Every page, for each role, at 1280 and 375 px: axe-core finds no WCAG 2.1 AA violation,
and on a phone no element's right edge passes the viewport. Also after actions: a
refused form, a success message, a vote."""

from __future__ import annotations

import pytest

from awards.models import Person
from certificates.models import Certificate, PrintJob, PrintProfile
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


def _objects(world) -> dict[str, int | str | None]:
    """One object of each kind a page shows, from the demo province."""
    head_unit = world.users["truongphong"].organization
    mine = Nomination.objects.filter(proposing_organization__path__startswith=head_unit.path)
    planned = CouncilSession.objects.filter(status=SessionStatus.PLANNED).order_by("pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    return {
        "draft": _first(mine.filter(status=S.DRAFT)),
        "returned": _first(mine.filter(status=S.RETURNED)),
        "submitted": _first(Nomination.objects.filter(status=S.SUBMITTED)),
        "awarded": _first(Nomination.objects.filter(status=S.AWARDED)),
        "session": _first(CouncilSession.objects.filter(members=world.users["uyvien1"])),
        "planned": planned.pk if planned else None,
        # The chairman's view of an issued decision shows a "Thu hồi" button on each awarded line.
        "issued": _first(Decision.objects.filter(status="issued", items__nomination__status=S.AWARDED)),
        "draft_decision": _first(Decision.objects.filter(status="draft")),
        "person": _first(Person.objects.filter(organization__path__startswith=head_unit.path)),
        "unit": head_unit.pk,
        "job": _first(PrintJob.objects.all()),
        "print_profile": _first(PrintProfile.objects.all()),
        "certificate": certificate.code if certificate else None,
    }


def _register(o) -> list[str]:
    """The register's pages: every role with a register sees them (a unit head, its subtree)."""
    return [
        "/register/people/",
        "/register/people/?q=nguyen&sort=-awards",
        f"/register/people/{o['person']}/",
        "/register/organizations/",
        f"/register/organizations/{o['unit']}/",
        "/register/records/?sort=year",
        "/statistics/",
        "/statistics/?group_by=award_type&then_by=year",
    ]


def _pages(world) -> dict[str, list[str]]:
    o = _objects(world)
    common = ["/", "/notifications/", "/notifications/?status=read", "/profile/", "/no-such-page/"]
    return {
        "truongphong": [
            *common,
            "/nominations/",
            "/nominations/?status=returned&sort=reference",
            "/nominations/new/",
            f"/nominations/{o['draft']}/",
            f"/nominations/{o['draft']}/edit/",
            f"/nominations/{o['returned']}/",
            *_register(o),
            f"/register/ratings/?organization={o['unit']}",
            f"/register/ratings/entry/?person={o['person']}&year=2024",
        ],
        "canbo": [
            *common,
            "/inbox/",
            "/inbox/?sort=nominee&q=nguyen",
            "/nominations/?status=verified",
            f"/nominations/{o['submitted']}/appraise/",
            f"/nominations/{o['awarded']}/",
            "/sessions/",
            "/sessions/?status=closed&sort=meeting_date",
            "/sessions/new/",
            f"/sessions/{o['session']}/",
            f"/sessions/{o['session']}/attendance/",
            *([f"/sessions/{o['planned']}/edit/"] if o["planned"] else []),
            "/decisions/",
            "/decisions/?status=issued&sort=-total_reward",
            "/decisions/new/",
            f"/decisions/{o['issued']}/",
            f"/decisions/{o['draft_decision']}/",
            f"/decisions/{o['draft_decision']}/edit/",
            *_register(o),
            "/printing/",
            f"/printing/jobs/{o['job']}/",
            "/printing/profiles/",
            "/printing/profiles/new/",
            f"/printing/profiles/{o['print_profile']}/edit/",
            "/printing/emblems/",
            "/catalogue/",
            "/catalogue/imports/",
        ],
        "uyvien1": [*common, "/sessions/", f"/sessions/{o['session']}/", *_register(o)[:2]],
        "chutich": [
            *common,
            "/decisions/",
            f"/decisions/{o['issued']}/",
            f"/decisions/{o['draft_decision']}/",
            f"/nominations/{o['awarded']}/revoke/",
            *_register(o)[:2],
        ],
        "anonymous": ["/accounts/login/", *([f"/verify/{o['certificate']}/"] if o["certificate"] else [])],
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
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            expected = 404 if path == "/no-such-page/" else 200
            if response is None or response.status != expected:
                problems.append(f"{username} {path}: HTTP {response.status if response else '—'}")
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
