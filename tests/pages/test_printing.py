"""Printing pages: a decision or chosen certificates → a print job → its progress and
PDF; single certificates; print profiles and their calibration page; revocation
seen from the printing page and the public verification page."""

from __future__ import annotations

import datetime
import io
import re

import pdfplumber
import pytest

from awards import clock
from certificates.enums import PrintJobStatus
from certificates.models import Certificate, PrintJob, PrintProfile
from demo import province as demo
from nominations import decisions
from nominations.models import Decision
from tests.certificates import jobs

print_worker = jobs.print_worker  # the fixture, for this module


def _merit() -> Decision:
    return Decision.objects.get(number=demo.MERIT_NUMBER, signed_on=demo.SIGNED_ON)


def _texts(pdf_bytes: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _revoke(world, certificate: Certificate) -> None:
    decisions.nomination_revoke(
        nomination=certificate.nomination,
        actor=world.users["chutich"],
        reason="Thành tích không đúng sự thật.",
        act_number="120/QĐ-UBND",
    )


def test_printing_page_lists_issued_decisions_and_the_certificates_of_one(as_user):
    merit = _merit()

    response = as_user("canbo").get(f"/printing/?decision={merit.pk}")

    body = response.content.decode()
    assert response.status_code == 200
    assert demo.FLAG_NUMBER in body and demo.MERIT_NUMBER in body
    for certificate in merit.certificates.select_related("nomination"):
        assert certificate.nomination.nominee_name in body
        assert f'name="certificates" value="{certificate.pk}"' in body
    assert "Còn hiệu lực" in body
    assert "In lên phôi có sẵn" in body and "“In trên phôi”" in body
    assert demo.PRINT_PROFILE in body  # the profile choice and the demo's finished job


def test_staff_print_a_decision_and_download_one_page_per_certificate(
    as_user, django_capture_on_commit_callbacks, print_worker
):
    merit = _merit()
    staff = as_user("canbo")
    before = {c.pk: c.print_count for c in merit.certificates.all()}

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/printing/?decision={merit.pk}",
            {"target": "decision", "decision": merit.pk, "mode": "full", "profile": ""},
        )
    print_worker()  # the worker's pass: the page only queued the job

    job = PrintJob.objects.order_by("-id").first()
    assert response.status_code == 302
    assert response["Location"] == f"/printing/jobs/{job.pk}/"
    assert job.decision == merit and job.mode == "full" and job.status == PrintJobStatus.DONE
    page = staff.get(response["Location"]).content.decode()
    assert "Tải PDF" in page and f"/printing/jobs/{job.pk}/pdf/" in page
    state = staff.get(f"/printing/jobs/{job.pk}/status/").json()
    assert state["status"] == "done" and state["done"] == state["total"] == len(before)
    pdf = staff.get(f"/printing/jobs/{job.pk}/pdf/")
    texts = _texts(b"".join(pdf.streaming_content))
    assert pdf["Content-Type"] == "application/pdf"
    assert len(texts) == len(before)
    for certificate in merit.certificates.select_related("nomination__nominee_person"):
        assert any(certificate.nomination.nominee_person.full_name in text for text in texts)
        certificate.refresh_from_db()
        assert certificate.print_count == before[certificate.pk] + 1


def test_staff_print_chosen_certificates_in_blank_mode_with_a_profile(
    as_user, django_capture_on_commit_callbacks, print_worker
):
    merit = _merit()
    chosen = list(merit.certificates.order_by("register_number")[:2])
    profile = PrintProfile.objects.get(name=demo.PRINT_PROFILE)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("canbo").post(
            f"/printing/?decision={merit.pk}",
            {
                "target": "certificates",
                "decision": merit.pk,  # left over in the select: only the target counts
                "certificates": [c.pk for c in chosen],
                "mode": "blank",
                "profile": profile.pk,
            },
        )
    print_worker()  # the worker's pass: the page only queued the job

    job = PrintJob.objects.order_by("-id").first()
    assert response.status_code == 302
    assert job.decision is None and job.profile == profile and job.mode == "blank"
    assert set(job.certificates.values_list("pk", flat=True)) == {c.pk for c in chosen}
    assert job.status == PrintJobStatus.DONE and job.total == 2


def test_print_form_keeps_what_was_chosen_and_says_what_is_missing(as_user):
    merit = _merit()

    response = as_user("canbo").post(
        f"/printing/?decision={merit.pk}", {"target": "certificates", "mode": "blank"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng đánh dấu ít nhất một bằng khen trong danh sách." in body
    assert re.search(r'value="certificates"[^>]*checked', body)
    assert re.search(r'value="blank"[^>]*checked', body)
    assert PrintJob.objects.filter(decision=None, mode="blank").count() == 0


def test_a_revoked_certificate_is_shown_revoked_and_the_service_refuses_to_print_it(as_user, world):
    merit = _merit()
    revoked = merit.certificates.order_by("register_number").first()
    _revoke(world, revoked)
    staff = as_user("canbo")

    page = staff.get(f"/printing/?decision={merit.pk}").content.decode()
    row = re.search(rf'<tr class="row-revoked">.*?value="{revoked.pk}".*?</tr>', page, re.S)
    assert row and "Đã bị thu hồi" in row.group(0) and "disabled" in row.group(0)

    # A crafted POST still meets the service's refusal, shown beside the list.
    refused = staff.post(
        f"/printing/?decision={merit.pk}",
        {"target": "certificates", "certificates": [revoked.pk], "mode": "full"},
    )
    assert refused.status_code == 400
    assert "Bằng khen đã bị thu hồi, không được in" in refused.content.decode()

    single = staff.get(f"/printing/certificates/{revoked.pk}/pdf/", follow=True)
    assert single.redirect_chain[-1][0] == f"/printing/?decision={merit.pk}"
    assert "đã bị thu hồi ngày" in single.content.decode()


def test_a_single_certificate_downloads_in_full_or_blank_with_a_profile(as_user):
    certificate = _merit().certificates.order_by("register_number").first()
    profile = PrintProfile.objects.get(name=demo.PRINT_PROFILE)
    staff = as_user("canbo")
    count = certificate.print_count

    full = staff.get(f"/printing/certificates/{certificate.pk}/pdf/")
    blank = staff.post(
        f"/printing/certificates/{certificate.pk}/pdf/",
        {"single_mode": "blank", "mode": "full", "profile": profile.pk},
    )

    for response in (full, blank):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
    assert "phoi" in blank["Content-Disposition"]
    assert len(_texts(blank.content)) == 1
    certificate.refresh_from_db()
    assert certificate.print_count == count + 2


def test_single_certificate_with_an_unknown_profile_goes_back_with_a_message(as_user):
    certificate = _merit().certificates.first()

    response = as_user("canbo").get(
        f"/printing/certificates/{certificate.pk}/pdf/?profile=999999", follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain
    assert 'class="alert alert-error"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/printing/", "/printing/profiles/", "/printing/profiles/new/", "/printing/certificates/1/pdf/"],
)
@pytest.mark.parametrize("username", ["truongphong", "chutich", "uyvien1"])
def test_printing_pages_are_for_staff(as_user, username, path):
    assert as_user(username).get(path).status_code == 403


def test_someone_elses_print_job_is_not_found(as_user):
    job = PrintJob.objects.get(decision=_merit())
    unit_head = as_user("truongphong")

    for path in ("", "status/", "pdf/"):
        assert unit_head.get(f"/printing/jobs/{job.pk}/{path}").status_code == 404


def test_the_demo_job_page_shows_a_finished_job_without_polling(as_user):
    job = PrintJob.objects.get(decision=_merit())

    body = as_user("canbo").get(f"/printing/jobs/{job.pk}/").content.decode()

    assert 'role="progressbar"' in body and 'aria-valuenow="100"' in body
    assert "data-poll-url" not in body
    assert demo.PRINT_PROFILE in body
    assert "15/01/2024" in body


def test_a_running_job_page_polls_its_status(as_user, world):
    job = PrintJob.objects.create(requested_by=world.users["canbo"], decision=_merit(), total=7, done=3)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJobStatus.RUNNING, lease_expires_at=clock.now() + datetime.timedelta(minutes=1)
    )
    staff = as_user("canbo")

    body = staff.get(f"/printing/jobs/{job.pk}/").content.decode()
    state = staff.get(f"/printing/jobs/{job.pk}/status/").json()
    not_ready = staff.get(f"/printing/jobs/{job.pk}/pdf/", follow=True)

    assert f'data-poll-url="/printing/jobs/{job.pk}/status/"' in body
    assert 'aria-valuenow="43"' in body
    assert state == {
        "id": job.pk,
        "status": "running",
        "status_label": "Đang in",
        "can_retry": False,
        "done": 3,
        "total": 7,
        "percent": 43,
        "error": "",
        "pdf_url": None,
    }
    assert "Lệnh in chưa xong (3/7 trang" in not_ready.content.decode()


def test_a_failed_job_page_shows_why(as_user, world):
    job = PrintJob.objects.create(requested_by=world.users["canbo"], decision=_merit(), total=7)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJobStatus.FAILED, error="Không còn bằng khen nào còn hiệu lực để in."
    )

    body = as_user("canbo").get(f"/printing/jobs/{job.pk}/").content.decode()

    assert re.search(r'id="job-failed"[^>]*role="alert">', body)
    assert "Không còn bằng khen nào còn hiệu lực để in." in body
    assert re.search(r'id="job-done"[^>]*hidden', body)


# --- print profiles ------------------------------------------------------------------------------


def test_profile_list_offers_edit_and_the_calibration_page(as_user):
    profile = PrintProfile.objects.get(name=demo.PRINT_PROFILE)

    body = as_user("canbo").get("/printing/profiles/").content.decode()

    assert demo.PRINT_PROFILE in body
    assert f"/printing/profiles/{profile.pk}/edit/" in body
    assert f"/printing/profiles/{profile.pk}/calibration.pdf" in body
    assert "1,5 mm" in body and "-2 mm" in body  # Vietnamese decimal comma


def test_profile_form_shows_errors_beside_fields_and_keeps_the_input(as_user):
    response = as_user("canbo").post(
        "/printing/profiles/new/",
        {
            "name": "Máy in tầng 2",
            "paper": "custom",
            "width_mm": "",
            "height_mm": "210",
            "offset_x_mm": "150",
            "offset_y_mm": "0",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    width_error = re.search(r'id="id_width_mm_error">(.*?)</ul>', body, re.S)
    assert width_error and "Khổ giấy tùy chọn cần chiều rộng." in width_error.group(1)
    assert re.search(r'id="id_offset_x_mm_error">.*?từ -100 đến 100 mm', body, re.S)
    assert 'value="Máy in tầng 2"' in body and 'value="150"' in body
    assert not PrintProfile.objects.filter(name="Máy in tầng 2").exists()


def test_profile_offset_beyond_the_paper_is_refused_by_the_model_rule(as_user):
    response = as_user("canbo").post(
        "/printing/profiles/new/",
        {
            "name": "Khổ nhỏ",
            "paper": "custom",
            "width_mm": "60",
            "height_mm": "60",
            "offset_x_mm": "80",
            "offset_y_mm": "0",
        },
    )

    assert response.status_code == 400
    assert "vượt ra ngoài khổ giấy" in response.content.decode()


def test_staff_create_and_edit_a_profile(as_user):
    staff = as_user("canbo")

    created = staff.post(
        "/printing/profiles/new/",
        {
            "name": "Máy in phòng Tổng hợp",
            "paper": "A4",
            "width_mm": "999",
            "height_mm": "",
            "offset_x_mm": "0.5",
            "offset_y_mm": "-1",
        },
    )
    profile = PrintProfile.objects.get(name="Máy in phòng Tổng hợp")
    edited = staff.post(
        f"/printing/profiles/{profile.pk}/edit/",
        {
            "name": profile.name,
            "paper": "custom",
            "width_mm": "330",
            "height_mm": "230",
            "offset_x_mm": "2",
            "offset_y_mm": "-1",
        },
    )

    assert created.status_code == 302 and edited.status_code == 302
    profile.refresh_from_db()
    assert (profile.paper, profile.width_mm, profile.height_mm, float(profile.offset_x_mm)) == (
        "custom",
        330,
        230,
        2.0,
    )


def test_calibration_page_is_a_pdf_for_the_profile(as_user):
    profile = PrintProfile.objects.get(name=demo.PRINT_PROFILE)
    staff = as_user("canbo")

    plain = staff.get(f"/printing/profiles/{profile.pk}/calibration.pdf")
    marked = staff.get(f"/printing/profiles/{profile.pk}/calibration.pdf?layout=merit_chairman")
    unknown = staff.get(f"/printing/profiles/{profile.pk}/calibration.pdf?layout=../x", follow=True)

    assert plain.status_code == marked.status_code == 200
    assert plain["Content-Type"] == "application/pdf"
    text = _texts(plain.content)[0]
    assert "TRANG CĂN CHỈNH" in text and demo.PRINT_PROFILE in text
    assert "Không có mẫu in" in unknown.content.decode()


# --- revocation ----------------------------------------------------------------------------------


def test_chairman_revokes_with_an_act_and_the_verification_page_says_revoked(as_user, world, client):
    certificate = _merit().certificates.select_related("nomination").order_by("register_number").last()
    nomination = certificate.nomination
    chairman = as_user("chutich")
    assert client.get(f"/verify/{certificate.code}/").content.decode().count("Còn hiệu lực") == 1

    detail = chairman.get(f"/nominations/{nomination.pk}/").content.decode()
    form = chairman.get(f"/nominations/{nomination.pk}/revoke/")
    refused = chairman.post(f"/nominations/{nomination.pk}/revoke/", {"act_number": "", "reason": "Lý do"})
    done = chairman.post(
        f"/nominations/{nomination.pk}/revoke/",
        {"act_number": "120/QĐ-UBND", "reason": "Kê khai thành tích không đúng sự thật."},
        follow=True,
    )

    assert f"/nominations/{nomination.pk}/revoke/" in detail
    assert form.status_code == 200
    assert refused.status_code == 400 and "Vui lòng nhập số văn bản thu hồi." in refused.content.decode()
    assert 'value="Lý do"' not in refused.content.decode()  # a textarea keeps it as text
    assert "Lý do</textarea>" in refused.content.decode()
    assert done.status_code == 200 and "Đã thu hồi khen thưởng" in done.content.decode()
    assert "120/QĐ-UBND" in done.content.decode()
    public = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "Đã bị thu hồi" in public
    assert nomination.nominee_name in public
    assert "Kê khai" not in public  # the reason is not public


def test_revocation_is_for_the_chairman_only(as_user):
    nomination = _merit().certificates.first().nomination

    assert as_user("canbo").get(f"/nominations/{nomination.pk}/revoke/").status_code == 403
