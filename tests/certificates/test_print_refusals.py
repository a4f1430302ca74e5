"""Bad printing input gets a clear 400 before anything is drawn or queued: a field
off the sheet (naming it and the profile), blank mode for the flag."""

from __future__ import annotations

from decimal import Decimal

import pytest

from certificates.models import PrintJob
from tests.certificates.readback import client
from tests.factories.certificates import (
    PrintProfileFactory,
    certificates_of,
    issued_decision,
    merit_award_type,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _message(response) -> str:
    body = response.json()
    return " ".join(str(v) for v in (body.values() if isinstance(body, dict) else body))


def test_a4_profile_for_the_a3_blank_at_100_percent_is_a_400_naming_field_and_profile():
    decision = issued_decision(people=1)
    profile = PrintProfileFactory(name="Máy in A4 phòng Văn thư", paper="A4")
    certificate = certificates_of(decision)[0]

    response = client(staff_user()).get(
        f"/api/v1/certificates/{certificate.pk}/pdf/", {"mode": "blank", "profile": profile.pk}
    )

    assert response.status_code == 400
    message = _message(response)
    assert "Máy in A4 phòng Văn thư" in message
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in message
    assert "ngoài tờ giấy 297 × 210 mm" in message


def test_offsets_off_the_sheet_refuse_the_print_job_before_it_starts():
    decision = issued_decision(people=2)
    profile = PrintProfileFactory(name="Máy in lệch", offset_x_mm=Decimal("45"))

    response = client(staff_user()).post(
        "/api/v1/print-jobs/",
        {"decision": decision.pk, "mode": "blank", "profile": profile.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "“recipient”" in _message(response) and "Máy in lệch" in _message(response)
    assert not PrintJob.objects.exists()


def test_the_same_profile_prints_in_full_mode_scaled_to_fit():
    decision = issued_decision(people=1)
    profile = PrintProfileFactory(name="A4", paper="A4")

    response = client(staff_user()).get(
        f"/api/v1/certificates/{certificates_of(decision)[0].pk}/pdf/",
        {"mode": "full", "profile": profile.pk},
    )

    assert response.status_code == 200


def test_blank_mode_for_the_flag_is_a_400_with_the_reason():
    flag = merit_award_type(code="flag_test", layout="flag_inscription")
    decision = issued_decision(names=[], collectives=["Phòng Kiểm soát thủ tục hành chính"], award_type=flag)
    api = client(staff_user())

    single = api.get(f"/api/v1/certificates/{certificates_of(decision)[0].pk}/pdf/", {"mode": "blank"})
    job = api.post("/api/v1/print-jobs/", {"decision": decision.pk, "mode": "blank"}, format="json")

    for response in (single, job):
        assert response.status_code == 400
        assert "không có phôi in sẵn" in _message(response)
    assert not PrintJob.objects.exists()


def test_refusals_speak_english_when_asked():
    decision = issued_decision(people=1)
    profile = PrintProfileFactory(name="Small", paper="A4")

    response = client(staff_user()).get(
        f"/api/v1/certificates/{certificates_of(decision)[0].pk}/pdf/",
        {"mode": "blank", "profile": profile.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "outside" in _message(response)


def test_profile_scaling_per_layout_through_the_api():
    api = client(staff_user())
    created = api.post(
        "/api/v1/print-profiles/",
        {
            "name": "A4 văn thư",
            "paper": "A4",
            "layout_scaling": {"merit_chairman": "fit", "generic": "actual"},
        },
        format="json",
    )
    bad_value = api.post(
        "/api/v1/print-profiles/",
        {"name": "x", "layout_scaling": {"merit_chairman": "stretch"}},
        format="json",
    )
    bad_layout = api.post(
        "/api/v1/print-profiles/", {"name": "y", "layout_scaling": {"../etc": "fit"}}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["layout_scaling"] == {"merit_chairman": "fit"}
    assert bad_value.status_code == 400 and "in đúng kích thước" in str(bad_value.json())
    assert bad_layout.status_code == 400 and "Không có mẫu in" in str(bad_layout.json())
