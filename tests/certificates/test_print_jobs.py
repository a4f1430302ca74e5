"""`/api/v1/print-jobs/`: 202, the task through django-tasks, progress, one PDF, failures."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from awards.enums import Role
from certificates.enums import PrintJobStatus
from certificates.models import Certificate, PrintJob
from certificates.tasks import PROGRESS_EVERY
from nominations import decisions
from tests.certificates import jobs
from tests.certificates.readback import client, page_texts
from tests.factories.awards import UserFactory
from tests.factories.certificates import (
    PrintProfileFactory,
    certificates_of,
    chairman_user,
    issued_decision,
    staff_user,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/print-jobs/"
print_worker = jobs.print_worker  # the fixture, for this module
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class _Answer:
    """The POST's response, and the job as a GET sees it once the queued task ran."""

    def __init__(self, response, state):
        self.status_code = response.status_code
        self.response = response
        self.state = state

    def json(self):
        return self.state if self.state is not None else self.response.json()


@pytest.fixture
def post_job(django_capture_on_commit_callbacks, print_worker):
    """POST a job, queue what the service asked for on commit (the test's transaction
    never commits), then run it as a worker would (tests/certificates/jobs.py;
    test_print_job_modes.py covers real commits in each task mode)."""

    def post(body, user=None):
        api = client(user or staff_user())
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(URL, body, format="json")
        state = None
        if response.status_code == 202:
            print_worker()
            state = api.get(f"{URL}{response.json()['id']}/").json()
        return _Answer(response, state)

    return post


def _register_lines(pdf_bytes: bytes) -> list[str]:
    return [re.search(r"Số sổ vàng: \d+", text).group(0) for text in page_texts(pdf_bytes)]


def test_print_job_pdf_has_pages_in_register_number_order_and_fonts_once(post_job):
    decision = issued_decision(names=[f"Nguyễn Văn Người {i}" for i in range(1, 7)])
    staff = staff_user()
    job_id = post_job({"decision": decision.pk}, user=staff).json()["id"]

    response = client(staff).get(f"{URL}{job_id}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    pdf = b"".join(response.streaming_content)
    assert _register_lines(pdf) == [f"Số sổ vàng: {n}" for n in range(1, 7)]
    texts = page_texts(pdf)
    assert [f"Ông Nguyễn Văn Người {n}" in text for n, text in enumerate(texts, start=1)] == [True] * 6
    # Four faces at most, each embedded once for the whole document.
    assert pdf.count(b"/FontFile2") <= 4


def test_print_job_for_a_list_prints_those_certificates_in_register_order(post_job):
    decision = issued_decision(people=5)
    chosen = certificates_of(decision)
    staff = staff_user()

    body = post_job({"certificates": [chosen[4].pk, chosen[1].pk], "mode": "blank"}, user=staff).json()

    assert body["total"] == 2
    assert sorted(body["certificates"]) == sorted([chosen[4].pk, chosen[1].pk])
    pdf = b"".join(client(staff).get(f"{URL}{body['id']}/pdf/").streaming_content)
    assert _register_lines(pdf) == ["Số sổ vàng: 2", "Số sổ vàng: 5"]
    assert "CỘNG HÒA" not in page_texts(pdf)[0]


def test_print_job_counts_prints(post_job):
    decision = issued_decision(people=3)

    post_job({"decision": decision.pk})
    post_job({"decision": decision.pk})

    assert [c.print_count for c in certificates_of(decision)] == [2, 2, 2]


def test_print_job_updates_progress_while_drawing(post_job):
    decision = issued_decision(people=PROGRESS_EVERY + 5)

    with CaptureQueriesContext(connection) as queries:
        body = post_job({"decision": decision.pk}).json()

    progress = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "certificates_printjob" SET "done"')
    ]
    assert any(f'"done" = {PROGRESS_EVERY}' in sql for sql in progress)
    assert body["done"] == body["total"] == PROGRESS_EVERY + 5


def test_print_job_skips_revoked_certificates_of_a_decision(post_job):
    decision = issued_decision(people=3)
    revoked = certificates_of(decision)[1]
    decisions.nomination_revoke(
        nomination=revoked.nomination, actor=chairman_user(), reason="Gian dối", act_number="9/QĐ-UBND"
    )
    staff = staff_user()

    body = post_job({"decision": decision.pk}, user=staff).json()

    assert body["done"] == body["total"] == 2
    pdf = b"".join(client(staff).get(f"{URL}{body['id']}/pdf/").streaming_content)
    assert _register_lines(pdf) == ["Số sổ vàng: 1", "Số sổ vàng: 3"]


def test_print_job_with_a_revoked_certificate_in_the_list_is_400(post_job):
    decision = issued_decision(people=2)
    first, second = certificates_of(decision)
    decisions.nomination_revoke(
        nomination=first.nomination, actor=chairman_user(), reason="Gian dối", act_number="9/QĐ-UBND"
    )

    response = post_job({"certificates": [first.pk, second.pk]})

    assert response.status_code == 400
    assert "thu hồi" in response.json()["certificates"][0]
    assert PrintJob.objects.count() == 0


def test_print_job_failure_is_recorded_with_its_message(post_job):
    decision = issued_decision(names=["Nguyễn Văn An", "Trần 漢字 Bình"])
    staff = staff_user()

    response = post_job({"decision": decision.pk}, user=staff)

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == PrintJobStatus.FAILED
    assert "“漢”" in body["error"]
    assert "số sổ vàng 2" in body["error"]
    assert client(staff).get(f"{URL}{body['id']}/pdf/").status_code == 409
    assert [c.print_count for c in certificates_of(decision)] == [0, 0]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"mode": "full"},
        {"decision": 1, "certificates": [1]},
        {"certificates": []},
        {"certificates": [999999]},
        {"certificates": ["abc"]},
        {"certificates": "1,2"},
        {"decision": 999999},
        {"decision": "x"},
        {"certificates": [1], "mode": "poster"},
        {"certificates": [1], "profile": 999999},
        {"certificates": [1], "profile": "printer"},
        {"certificates": [2**70]},
    ],
)
def test_print_job_bad_input_is_400(post_job, body):
    issued_decision(people=1)

    response = post_job(body)

    assert response.status_code == 400
    assert PrintJob.objects.count() == 0


def test_print_job_for_a_draft_decision_is_400(post_job):
    from tests.factories.nominations import DecisionFactory

    response = post_job({"decision": DecisionFactory().pk})

    assert response.status_code == 400


def test_print_job_with_a_profile_uses_its_paper(post_job):
    decision = issued_decision(people=1)
    profile = PrintProfileFactory(paper="A4")
    staff = staff_user()

    body = post_job({"decision": decision.pk, "mode": "full", "profile": profile.pk}, user=staff).json()

    pdf = b"".join(client(staff).get(f"{URL}{body['id']}/pdf/").streaming_content)
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert (round(page.width / 72 * 25.4), round(page.height / 72 * 25.4)) == (297, 210)


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.UNIT_HEAD, Role.COUNCIL_MEMBER])
def test_print_job_create_is_for_staff_only(post_job, role):
    decision = issued_decision(people=1)

    response = post_job({"decision": decision.pk}, user=UserFactory(roles=[role]))

    assert response.status_code == 403


def test_print_job_is_visible_to_its_requester_and_staff_only(post_job):
    decision = issued_decision(people=1)
    requester = staff_user()
    job_id = post_job({"decision": decision.pk}, user=requester).json()["id"]
    # The requester later loses the staff role: they still see their own job.
    requester.roles = [Role.UNIT_HEAD]
    requester.save()

    assert client(requester).get(f"{URL}{job_id}/").status_code == 200
    assert client(requester).get(f"{URL}{job_id}/pdf/").status_code == 200
    assert client(staff_user()).get(f"{URL}{job_id}/").status_code == 200
    outsider = UserFactory(roles=[Role.UNIT_HEAD])
    assert client(outsider).get(f"{URL}{job_id}/").status_code == 404
    assert client(outsider).get(f"{URL}{job_id}/pdf/").status_code == 404
    assert client().get(f"{URL}{job_id}/pdf/").status_code == 401


def test_print_job_pdf_is_kept_in_private_media_under_a_random_name(post_job, settings):
    decision = issued_decision(people=1)

    job = PrintJob.objects.get(pk=post_job({"decision": decision.pk}).json()["id"])

    assert re.fullmatch(r"print-jobs/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", job.file.name)
    assert (settings.MEDIA_ROOT / job.file.name).is_file()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_print_job_with_the_database_backend_waits_for_the_worker():
    # Production: TASKS_BACKEND=database and `manage.py db_worker` (it manages its own
    # connections, hence a test with real commits).
    decision = issued_decision(people=3)
    staff = staff_user()

    response = client(staff).post(URL, {"decision": decision.pk}, format="json")

    assert response.status_code == 202
    body = response.json()

    assert body["status"] == PrintJobStatus.QUEUED
    assert body["done"] == 0
    assert body["total"] == 3
    assert client(staff).get(f"{URL}{body['id']}/pdf/").status_code == 409

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    progress = client(staff).get(f"{URL}{body['id']}/").json()
    assert progress["status"] == PrintJobStatus.DONE
    assert progress["done"] == progress["total"] == 3
    pdf = b"".join(client(staff).get(f"{URL}{body['id']}/pdf/").streaming_content)
    assert _register_lines(pdf) == ["Số sổ vàng: 1", "Số sổ vàng: 2", "Số sổ vàng: 3"]
    assert Certificate.objects.filter(decision=decision, print_count=1).count() == 3
