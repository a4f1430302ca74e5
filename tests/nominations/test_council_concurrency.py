"""Votes racing their duplicates, through the API, with real threads (docs/architecture.md, "Reliability").

Runs on SQLite and PostgreSQL alike: on PostgreSQL the session row lock and the
unique constraint keep duplicates out; on SQLite IMMEDIATE transactions queue
the writers. Either way: exactly one vote per member and item, duplicates get
409, and nothing is a server error.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from queue import Empty, Queue

import pytest
from django.db import connection
from rest_framework.test import APIClient

from nominations import council
from nominations.models import Vote
from tests.nominations.council_helpers import fixed_period, members, merit_rules, open_session, verified

MEMBERS = 100
ROUNDS = 10
WORKERS = 16


def _post_vote(user, session_id: int, nomination_id: int, choice: str) -> int | str:
    client = APIClient()
    client.force_authenticate(user=user)
    try:
        response = client.post(
            f"/api/v1/council-sessions/{session_id}/votes/",
            {"nomination": nomination_id, "choice": choice},
            format="json",
        )
        return response.status_code
    except Exception as exc:  # noqa: BLE001 - an unhandled exception is what a 500 would be
        return f"{type(exc).__name__}: {exc}"


def _race(jobs: list[tuple]) -> Counter:
    """Run the jobs on WORKERS threads released together; each thread keeps one connection."""
    queue: Queue = Queue()
    for job in jobs:
        queue.put(job)
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(WORKERS)

    def worker() -> None:
        barrier.wait()
        try:
            while True:
                try:
                    job = queue.get_nowait()
                except Empty:
                    return
                result = _post_vote(*job)
                with lock:
                    outcomes[result] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_vote_hundred_members_with_hundred_duplicates_ten_times():
    period = fixed_period()
    rules = merit_rules()
    agenda = [verified(rules, period) for _ in range(ROUNDS)]
    people = members(MEMBERS)
    session, _staff = open_session(members=people, agenda=agenda, period=period)
    outcomes: Counter = Counter()
    started = time.monotonic()

    for nomination in agenda:
        # Each vote and its duplicate are queued side by side, so they race.
        jobs = []
        for member in people:
            jobs.append((member, session.pk, nomination.pk, "yes"))
            jobs.append((member, session.pk, nomination.pk, "no"))
        round_outcomes = _race(jobs)
        outcomes.update(round_outcomes)
        assert round_outcomes == Counter({201: MEMBERS, 409: MEMBERS}), round_outcomes

    elapsed = time.monotonic() - started
    assert outcomes == Counter({201: MEMBERS * ROUNDS, 409: MEMBERS * ROUNDS})
    assert Vote.objects.count() == MEMBERS * ROUNDS
    per_pair = Counter(Vote.objects.values_list("item_id", "member_id"))
    assert max(per_pair.values()) == 1
    tallies = council.session_tallies(session)
    assert all(t.yes + t.no == MEMBERS for _item, t in tallies)
    # A generous ceiling: the point is that queuing writers does not stall.
    assert elapsed < 300
