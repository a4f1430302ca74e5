"""Print jobs hold a lease; a job whose lease ran out is interrupted and may be
retried (`POST /api/v1/print-jobs/{id}/retry/`), once, into one complete PDF."""

from __future__ import annotations

import datetime

import pytest

from awards import clock
from awards.enums import Role
from certificates.enums import PrintJobStatus
from certificates.models import PrintJob
from tests.certificates import jobs
from tests.certificates.readback import client, page_texts
from tests.factories.awards import UserFactory
from tests.factories.certificates import issued_decision, staff_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/print-jobs/"
print_worker = jobs.print_worker  # the fixture, for this module


def _job(*, status=PrintJobStatus.RUNNING, lease_in: int | None = -5, people: int = 3, user=None) -> PrintJob:
    decision = issued_decision(people=people)
    lease = clock.now() + datetime.timedelta(seconds=lease_in) if lease_in is not None else None
    return PrintJob.objects.create(
        requested_by=user or staff_user(),
        decision=decision,
        total=people,
        done=1,
        status=status,
        started_at=clock.now(),
        lease_expires_at=lease,
        attempts=1,
    )


def test_a_running_job_past_its_lease_is_shown_interrupted_and_its_pdf_says_so():
    job = _job()
    api = client(staff_user())

    assert api.get(f"{URL}{job.pk}/").json()["status"] == "interrupted"
    answer = api.get(f"{URL}{job.pk}/pdf/")
    assert answer.status_code == 409
    assert "Bị gián đoạn" in answer.json()["detail"] and "retry" in answer.json()["detail"]


def test_a_job_within_its_lease_is_running_and_cannot_be_retried():
    job = _job(lease_in=30)
    api = client(staff_user())

    assert api.get(f"{URL}{job.pk}/").json()["status"] == "running"
    answer = api.post(f"{URL}{job.pk}/retry/")
    assert answer.status_code == 409
    assert "Đang in" in answer.json()["detail"]


def test_retry_renders_the_interrupted_job_again_into_one_complete_pdf(
    django_capture_on_commit_callbacks, print_worker
):
    job = _job(people=4)
    api = client(staff_user())

    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(f"{URL}{job.pk}/retry/")

    print_worker()

    assert answer.status_code == 202
    body = api.get(f"{URL}{job.pk}/").json()
    assert (body["status"], body["done"], body["total"], body["attempts"]) == ("done", 4, 4, 2)
    pdf = b"".join(api.get(f"{URL}{job.pk}/pdf/").streaming_content)
    assert len(page_texts(pdf)) == 4


def test_retrying_a_done_job_is_409():
    job = _job(status=PrintJobStatus.DONE, lease_in=None)

    answer = client(staff_user()).post(f"{URL}{job.pk}/retry/")

    assert answer.status_code == 409
    assert "Đã xong" in answer.json()["detail"]
    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE


def test_a_failed_job_may_be_retried(django_capture_on_commit_callbacks, print_worker):
    job = _job(status=PrintJobStatus.FAILED, lease_in=None)

    with django_capture_on_commit_callbacks(execute=True):
        answer = client(staff_user()).post(f"{URL}{job.pk}/retry/")

    print_worker()

    assert answer.status_code == 202
    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE and job.error == ""


@pytest.mark.parametrize("role", [Role.CHAIRMAN, Role.UNIT_HEAD, Role.COUNCIL_MEMBER])
def test_others_cannot_retry_someone_elses_job(role):
    job = _job()

    answer = client(UserFactory(roles=[role])).post(f"{URL}{job.pk}/retry/")

    assert answer.status_code == 404  # not even visible
    job.refresh_from_db()
    assert job.status == PrintJobStatus.RUNNING


def test_a_stale_attempt_cannot_overwrite_the_retried_job(django_capture_on_commit_callbacks, print_worker):
    """Fencing: the first attempt's late writes are filtered by its attempt number."""
    from certificates.tasks import render_print_job

    job = _job(people=2)
    with django_capture_on_commit_callbacks(execute=True):
        client(staff_user()).post(f"{URL}{job.pk}/retry/")
    print_worker()
    job.refresh_from_db()
    assert job.attempts == 2
    stale = PrintJob.objects.filter(pk=job.pk, attempts=1, status=PrintJobStatus.RUNNING)

    assert stale.update(status=PrintJobStatus.FAILED) == 0
    assert render_print_job.call(job_id=job.pk) == {"job": job.pk, "skipped": True}


def test_the_job_page_offers_retry_for_an_interrupted_job(
    client, django_capture_on_commit_callbacks, print_worker
):
    staff = staff_user()
    job = _job(user=staff)
    client.force_login(staff)

    page = client.get(f"/printing/jobs/{job.pk}/")
    assert "Bị gián đoạn" in page.content.decode()
    assert f'action="/printing/jobs/{job.pk}/retry/"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/printing/jobs/{job.pk}/retry/")
    print_worker()

    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE
