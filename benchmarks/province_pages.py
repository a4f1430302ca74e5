"""The council and decision pages, decision issue and the people search at a large
province's size, each against a limit measured in the same run.

    BENCH_SCALE=small python -m benchmarks province_pages   # 10,000 people (quick)
    python -m benchmarks province_pages                     # 100,000 people

People and dossiers come from `benchmarks/_province.py` (fixed seed, bulk
inserts). Rounds interleave each path with its limit and the ratio is taken
round by round. On SQLite everything runs in this process, so times are its CPU
time: on a shared machine wall time mostly measures the neighbours (a page that
takes 12 ms of CPU read 45 ms at a load of 6 on 2 cores, the 1 ms limit barely
moved). On PostgreSQL part of the work is the server's: wall time.

* `session_page_200`: the session page (staff, open ballot, live counts, the first
  25 of 200 items, one voting card each) vs a bare `.values()` view of the same 200 agenda rows.
* `session_page_1000`: the whole agenda (`?agenda=all`) of a 1,000-item session,
  per row, vs the whole agenda of the 200-item one: a row must not cost more on
  a longer agenda (target < 2).
* `page_layout`: the site's layout around an empty page vs the session's and the
  decision's bare views: what every page costs before its first row (the floor
  of the page ratios).
* `decision_page_5000`: the decision page's first annex page (50 of 5,000 lines)
  vs a bare `.values()` view of those 50 lines.
* `session_rows_template`, `decision_rows_template`: the rows the page shows (the
  session's first 25 agenda items, one voting card each; the decision's first 50
  annex lines), with the bare view's columns, through the least a Django template
  can do with them (a cell per value, no layout, no login) vs the bare view;
  `*_page_floor` adds the layout to it (layout + rows - 1): the ratio any
  Django-template page of these rows starts from, the rest of a page's ratio being
  its own work. `session_rows_template_200` renders all 200 agenda rows the same
  way (what a page showing the whole agenda would start from).
* `decision_issue_500`: `decision_issue` on 500 nominees vs the same rows written
  with bulk statements (events, statuses, register, certificates) in one
  transaction; both rolled back each round. Prints the service's query count.
* `register_search_100k`: `/api/v1/people/?search=` p50 vs an indexed lookup
  (the search key's B-tree, exact match) through a bare view.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path

from awards import clock
from awards.enums import Role
from awards.models import AwardRecord, AwardType, Organization, Person, User
from awards.pages import page
from awards.text import search_key
from benchmarks import _province
from certificates.models import Certificate
from certificates.registers import reserve_numbers
from nominations import decisions, page_rows
from nominations.enums import NominationStatus, SessionStatus
from nominations.models import (
    AgendaItem,
    CouncilSession,
    Decision,
    DecisionItem,
    Nomination,
    NominationEvent,
    Vote,
)

ROUNDS = 5
SEARCH = "van mai"
LONG_SESSION = "Phiên họp thử nghiệm 1.000 hồ sơ"
_SCALES = {"small": 10_000, "large": 100_000}


class _Rollback(Exception):
    pass


SESSION_COLUMNS = (
    "id", "position", "outcome", "nomination__reference", "nomination__nominee_name",
    "nomination__award_type__name", "nomination__proposing_organization__name",
)  # fmt: skip
DECISION_COLUMNS = ("id", "position", "amount", "nomination__nominee_name", "nomination__status")


def _session_values(pk):
    return AgendaItem.objects.filter(session_id=pk).order_by("position", "id").values(*SESSION_COLUMNS)


def _decision_values(pk):
    return (
        DecisionItem.objects.filter(decision_id=pk).order_by("position", "id")[:50].values(*DECISION_COLUMNS)
    )


def bare_session(request, pk):
    return JsonResponse({"results": list(_session_values(pk))})


def bare_decision(request, pk):
    return JsonResponse({"results": list(_decision_values(pk))})


def rows_template(columns):
    """The least a Django template can do with these rows: a table cell per value."""
    cells = "".join(f"<td>{{{{ row.{name} }}}}</td>" for name in columns)
    return engines["django"].from_string(
        f"<table>{{% for row in rows %}}<tr>{cells}</tr>{{% endfor %}}</table>"
    )


_SESSION_ROWS, _DECISION_ROWS = rows_template(SESSION_COLUMNS), rows_template(DECISION_COLUMNS)


def template_session(request, pk):
    """The rows the session page shows: its first page of voting cards."""
    return HttpResponse(_SESSION_ROWS.render({"rows": _session_values(pk)[: page_rows.CARDS_PER_PAGE]}))


def template_session_all(request, pk):
    return HttpResponse(_SESSION_ROWS.render({"rows": _session_values(pk)}))


def template_decision(request, pk):
    return HttpResponse(_DECISION_ROWS.render({"rows": _decision_values(pk)}))


@page
def empty_page(request):
    return render(request, "base.html", {"nav": "sessions"})


def bare_lookup(request):
    rows = Person.objects.filter(search_key=request.GET["key"]).values("id", "full_name", "code")[:50]
    return JsonResponse({"results": list(rows)})


urlpatterns = [
    path("bench/session/<int:pk>/", bare_session),
    path("bench/decision/<int:pk>/", bare_decision),
    path("bench/session-rows/<int:pk>/", template_session),
    path("bench/session-rows-all/<int:pk>/", template_session_all),
    path("bench/decision-rows/<int:pk>/", template_decision),
    path("bench/lookup/", bare_lookup),
    path("bench/empty/", empty_page),
    path("", include("config.urls")),
]


def _open_session(title: str, dossiers: list[Nomination], period, staff: User, members: list[User]):
    """An open session of `dossiers`, every member having voted on every item."""
    session = CouncilSession.objects.create(
        title=title, meeting_date=_province.SIGNED_ON, period=period, status=SessionStatus.OPEN,
        created_by=staff,
    )  # fmt: skip
    session.members.set(members)
    items = AgendaItem.objects.bulk_create(
        (AgendaItem(session=session, nomination=n, position=i) for i, n in enumerate(dossiers, 1)),
        batch_size=2000,
    )
    Vote.objects.bulk_create(
        (Vote(item=item, member=m, choice="yes") for item in items for m in members), batch_size=2000
    )
    return session


def _long_session(world: dict) -> CouncilSession:
    """The 1,000-item session, added to a kept database that lacks it."""
    found = CouncilSession.objects.filter(title=LONG_SESSION).first()
    if found is not None:
        return found
    short = world["session"]
    taken = Nomination.objects.exclude(nominee_person=None).values("nominee_person_id")
    people = list(Person.objects.exclude(pk__in=taken).order_by("pk")[:1000])
    dossiers = _province.nominations_for(
        people, period=short.period, award_type=AwardType.objects.get(code="merit_chairman"),
        status=NominationStatus.VERIFIED, creator=world["staff"], tag="L",
    )  # fmt: skip
    return _open_session(LONG_SESSION, dossiers, short.period, world["staff"], list(short.members.all()))


def _populate(people_count: int) -> dict:
    started = time.perf_counter()
    rng = random.Random(_province.SEED)
    province = Organization.objects.create(
        code="PP", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind="authority"
    )
    units = [
        Organization.objects.create(code=f"PP{i:04d}", name=f"Đơn vị thử nghiệm {i}", parent=province)
        for i in range(people_count // 70)
    ]
    people = _province.people_in(rng, people_count, units)
    staff = User.objects.create(username="pp-staff", roles=[Role.STAFF], organization=province)
    chairman = User.objects.create(username="pp-chairman", roles=[Role.CHAIRMAN], organization=province)
    members = [
        User.objects.create(username=f"pp-member{i}", roles=[Role.COUNCIL_MEMBER], organization=units[i])
        for i in range(5)
    ]
    period = _province._periods()[-1]
    merit = AwardType.objects.get(code="merit_chairman")

    def dossiers(people, status, tag):
        return _province.nominations_for(
            people, period=period, award_type=merit, status=status, creator=staff, tag=tag
        )

    agenda = dossiers(people[:200], NominationStatus.VERIFIED, "S")
    session = _open_session("Phiên họp thử nghiệm", agenda, period, staff, members)
    annex = dossiers(people[200:5200], NominationStatus.AWARDED, "D")
    big = Decision.objects.create(
        number="5000/QĐ-TN", signed_on=_province.SIGNED_ON, signer_name="Vũ Việt Văn", signer_title="CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Thử nghiệm", place="Thử nghiệm", award_type=merit, period=period,
        status="issued", created_by=staff,
    )  # fmt: skip
    DecisionItem.objects.bulk_create(
        (
            DecisionItem(decision=big, nomination=n, position=i, amount=2_700_000)
            for i, n in enumerate(annex, 1)
        ),
        batch_size=2000,
    )
    approved = dossiers(people[5200:5700], NominationStatus.APPROVED, "I")
    draft = decisions.decision_create(
        actor=staff, number="500/QĐ-TN", signed_on=max(_province.SIGNED_ON, period.opens_on),
        signer_name="Vũ Việt Văn", signer_title="CHỦ TỊCH", authority="Ủy ban nhân dân tỉnh Thử nghiệm",
        place="Thử nghiệm", award_type=merit, period=period, nominations=approved,
    )  # fmt: skip
    _province._log(
        f"{people_count:,} people, a session, two decisions in {time.perf_counter() - started:.1f} s"
    )
    return {"staff": staff, "chairman": chairman, "session": session, "big": big, "draft": draft}


def _kept() -> dict | None:
    """The objects of an earlier run in a kept database (BENCH_DATABASE_URL)."""
    staff = User.objects.filter(username="pp-staff").first()
    if staff is None:
        return None
    return {
        "staff": staff,
        "chairman": User.objects.get(username="pp-chairman"),
        "session": CouncilSession.objects.get(title="Phiên họp thử nghiệm"),
        "big": Decision.objects.get(number="5000/QĐ-TN"),
        "draft": Decision.objects.get(number="500/QĐ-TN"),
    }


def _clock() -> float:
    return time.process_time() if connection.vendor == "sqlite" else time.perf_counter()


def _timed(client: Client, url: str, n: int, **headers) -> float:
    samples = []
    for _ in range(n):
        started = _clock()
        response = client.get(url, headers=headers)
        samples.append(_clock() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def _ratio(client: Client, path: str, limit: str, n: int, **headers) -> tuple[float, float]:
    _timed(client, path, 2, **headers), _timed(client, limit, 2)
    times, ratios = [], []
    for _ in range(ROUNDS):
        base = _timed(client, limit, n)
        took = _timed(client, path, n, **headers)
        times.append(took * 1000)
        ratios.append(took / base)
    return statistics.median(times), statistics.median(ratios)


def _per_row(client: Client, short: CouncilSession, long: CouncilSession) -> tuple[float, float]:
    """Milliseconds per row of the whole agenda of the long session, and its ratio
    to the per-row time of the short one (measured in alternation)."""
    times, ratios = [], []
    rows_long, rows_short = long.items.count(), short.items.count()
    for _ in range(ROUNDS):
        base = _timed(client, f"/sessions/{short.pk}/?agenda=all", 1) / rows_short
        took = _timed(client, f"/sessions/{long.pk}/?agenda=all", 1) / rows_long
        times.append(took * 1000)
        ratios.append(took / base)
    return statistics.median(times), statistics.median(ratios)


def _rolled_back(work) -> float:
    # Each side starts with the collector's slate clean: a full collection triggered by
    # what earlier rounds and pages left (~100 ms) would land on whichever side is next.
    gc.collect()
    started = _clock()
    try:
        with transaction.atomic():
            work()
            raise _Rollback
    except _Rollback:
        pass
    return _clock() - started


def _bulk_issue(draft: Decision, actor: User) -> None:
    """The limit: what issuing writes, as bulk statements over rows read once."""
    items = list(draft.items.select_related("nomination").order_by("position", "id"))
    pks = [item.nomination_id for item in items]
    list(Nomination.objects.select_for_update().filter(pk__in=pks).values_list("pk", "status"))
    now = clock.now()
    NominationEvent.objects.bulk_create(
        NominationEvent(
            nomination_id=pk, from_status="approved", to_status="awarded", actor=actor, at=now, data={}
        )
        for pk in pks
    )
    Nomination.objects.filter(pk__in=pks).update(status="awarded", updated_at=now)
    records = AwardRecord.objects.bulk_create(
        AwardRecord(person_id=i.nomination.nominee_person_id, award_type_id=draft.award_type_id, year=2023,
                    period_id=draft.period_id, decision_number=draft.number, decision_date=draft.signed_on,
                    nomination_id=i.nomination_id, reward_amount=2_700_000)
        for i in items
    )  # fmt: skip
    register, first = reserve_numbers(authority=draft.authority, year=draft.year, count=len(items))
    Certificate.objects.bulk_create(
        Certificate(
            nomination_id=i.nomination_id,
            decision=draft,
            award_record=r,
            register=register,
            register_number=n,
        )
        for n, (i, r) in enumerate(zip(items, records, strict=True), start=first)
    )
    Decision.objects.filter(pk=draft.pk).update(status="issued", issued_at=now, issued_by=actor)


def _statements(queries: list[dict]) -> int:
    """Statements sent, consecutive INSERTs into one table counted once: SQLite splits
    a bulk insert into batches of 999 parameters (Django's limit), PostgreSQL sends
    it whole (so two single inserts in a row count once too)."""
    count, previous = 0, ""
    for query in queries:
        head = " ".join(query["sql"].split()[:3])
        if not (head.startswith("INSERT") and head == previous):
            count += 1
        previous = head
    return count


def _issue(draft: Decision, chairman: User) -> tuple[float, float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        _rolled_back(
            lambda: decisions.decision_issue(decision=draft, actor=chairman, confirm_unverified=True)
        )
    ratios, times = [], []
    for _ in range(ROUNDS):
        base = _rolled_back(lambda: _bulk_issue(draft, chairman))
        took = _rolled_back(
            lambda: decisions.decision_issue(decision=draft, actor=chairman, confirm_unverified=True)
        )
        times.append(took * 1000)
        ratios.append(took / base)
    # BEGIN, SAVEPOINT, RELEASE and ROLLBACK of the rollback wrapper are not the service's.
    captured = [q for q in queries.captured_queries if not q["sql"].startswith(("BEGIN", "ROLLBACK"))][1:-1]
    return statistics.median(times), statistics.median(ratios), _statements(captured), len(captured)


def run(argv: list[str]) -> list[str]:
    from rest_framework.authtoken.models import Token

    scale = os.environ.get("BENCH_SCALE", "large")
    count = _SCALES.get(scale, _SCALES["large"])
    world = _kept() or _populate(count)
    long_session = _long_session(world)
    token, _created = Token.objects.get_or_create(user=world["staff"])
    staff = Client()
    staff.force_login(world["staff"])
    session, big = world["session"].pk, world["big"].pk
    key = search_key(
        Person.objects.filter(search_key__contains=SEARCH).values_list("full_name", flat=True)[0]
    )
    from django.conf import settings

    # No collectstatic in a throwaway run: plain static URLs instead of the manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF=__name__, STORAGES=storages):
        session_ms, session_ratio = _ratio(staff, f"/sessions/{session}/", f"/bench/session/{session}/", 5)
        row_ms, row_ratio = _per_row(staff, world["session"], long_session)
        layout_ms, layout_ratio = _ratio(staff, "/bench/empty/", f"/bench/session/{session}/", 5)
        _ms, layout_decision = _ratio(staff, "/bench/empty/", f"/bench/decision/{big}/", 5)
        decision_ms, decision_ratio = _ratio(staff, f"/decisions/{big}/", f"/bench/decision/{big}/", 5)
        rows_ms, rows_ratio = _ratio(
            staff, f"/bench/session-rows/{session}/", f"/bench/session/{session}/", 5
        )
        rows200_ms, rows200_ratio = _ratio(
            staff, f"/bench/session-rows-all/{session}/", f"/bench/session/{session}/", 5
        )
        drows_ms, drows_ratio = _ratio(staff, f"/bench/decision-rows/{big}/", f"/bench/decision/{big}/", 5)
        search_ms, search_ratio = _ratio(
            staff, f"/api/v1/people/?search={SEARCH.replace(' ', '%20')}", f"/bench/lookup/?key={key.replace(' ', '%20')}",
            10, Authorization=f"Token {token.key}",
        )  # fmt: skip
    issue_ms, issue_ratio, issue_statements, issue_queries = _issue(world["draft"], world["chairman"])
    label = f"{count // 1000}k people"
    session_floor, decision_floor = layout_ratio + rows_ratio - 1, layout_decision + drows_ratio - 1
    return [
        f"session_page_200: {session_ms:.1f} ms (ratio {session_ratio:.2f} vs bare values view of the 200 rows)   target <= 3",
        f"session_page_1000: {row_ms:.2f} ms per row of the whole agenda (ratio {row_ratio:.2f} vs a row of the 200-item one)   target < 2",
        f"page_layout: {layout_ms:.1f} ms (ratio {layout_ratio:.2f} vs the session's bare view, {layout_decision:.2f} vs the decision's: the floor of the page ratios)",
        f"session_rows_template: {rows_ms:.1f} ms (ratio {rows_ratio:.2f} vs the session's bare view: the {page_rows.CARDS_PER_PAGE} rows the page shows through a minimal template, no layout, no login)",
        f"session_rows_template_200: {rows200_ms:.1f} ms (ratio {rows200_ratio:.2f} vs the session's bare view: all 200 rows through the same template)",
        f"session_page_floor: ratio {session_floor:.2f} (layout + minimal rows - 1: any template page of these rows; the page's own work {session_ratio - session_floor:.2f})",
        f"decision_page_5000: {decision_ms:.1f} ms (ratio {decision_ratio:.2f} vs bare values view of page 1)   target <= 3",
        f"decision_rows_template: {drows_ms:.1f} ms (ratio {drows_ratio:.2f} vs the decision's bare view: its 50 rows through a minimal template, no layout, no login)",
        f"decision_page_floor: ratio {decision_floor:.2f} (layout + minimal rows - 1: any template page of these rows; the page's own work {decision_ratio - decision_floor:.2f})",
        f"decision_issue_500: {issue_ms:.0f} ms, {issue_statements} statements, {issue_queries} queries (ratio {issue_ratio:.2f} vs bulk writes)   target <= 1.5, <= 30 queries",
        f"register_search_100k: {search_ms:.1f} ms p50 at {label} (ratio {search_ratio:.2f} vs indexed lookup)",
    ]  # fmt: skip
