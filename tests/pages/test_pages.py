"""Every page renders for the roles it is for, answers 403/404 to the others,
keeps what the user typed when it refuses input, and needs a CSRF token."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from nominations.enums import NominationStatus
from nominations.models import CouncilSession, Decision, Nomination

ROLES = ["truongphong", "canbo", "uyvien1", "chutich", "quantri"]


def _nomination(status: str, period_year: int | None = None) -> Nomination:
    qs = Nomination.objects.filter(status=status)
    if period_year:
        qs = qs.filter(period__year=period_year)
    return qs.order_by("id").first()


@pytest.mark.parametrize("username", ROLES)
def test_home_renders_for_every_role(as_user, username):
    response = as_user(username).get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Việc cần tôi xử lý" in body
    assert "Hồ sơ theo trạng thái" in body
    assert 'action="/accounts/logout/"' in body


def test_home_shows_the_unit_head_the_returned_dossier_and_its_reason(as_user):
    body = as_user("truongphong").get("/").content.decode()

    assert "Hồ sơ bị trả lại" in body
    assert "chưa có xác nhận của thủ trưởng đơn vị" in body


def test_home_lists_open_periods_with_their_deadline(as_user):
    body = as_user("canbo").get("/").content.decode()

    assert "Đợt khen thưởng đang mở" in body
    assert "Còn" in body


def test_anonymous_is_sent_to_login_and_back(world, db):
    response = Client().get("/nominations/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/nominations/"


def test_login_refuses_a_wrong_password_and_keeps_the_username(world, db):
    response = Client().post("/accounts/login/", {"username": "truongphong", "password": "sai"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="truongphong"' in body
    assert 'role="alert"' in body


def test_login_with_the_demo_password_goes_home(world, db):
    client = Client()
    response = client.post("/accounts/login/", {"username": "canbo", "password": "Mat-khau-thu-2024"})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_unit_head_list_searches_without_accents(as_user):
    response = as_user("truongphong").get("/nominations/", {"q": "nguyen thi thu ha"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Thu Hà" in body
    assert "Trần Văn Thưởng" not in body


def test_returned_dossier_is_highlighted_in_the_list(as_user):
    body = as_user("truongphong").get("/nominations/", {"status": "returned"}).content.decode()

    assert 'class="row-returned"' in body
    assert "Lý do trả lại" in body


def test_nomination_form_keeps_input_and_shows_errors_beside_fields(as_user, world):
    period = world.periods["current"]
    response = as_user("truongphong").post(
        "/nominations/new/",
        {
            "period": period.pk,
            "award_type": "merit_chairman",
            "recipient_kind": "individual",
            "achievements": "Thành tích giữ nguyên",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400  # refused input: 400, like every form page
    assert "Thành tích giữ nguyên" in body
    assert 'id="id_nominee_person_error"' in body
    assert 'aria-describedby="id_nominee_person_help id_nominee_person_error"' in body
    assert "Vui lòng chọn cá nhân được đề nghị." in body


def test_nominee_picker_is_limited_to_the_unit_subtree(as_user, world):
    client = as_user("truongphong")
    body = client.get("/nominations/new/").content.decode()
    found = client.get("/pickers/people/", {"q": "trinh thi thanh thuy"}).json()["results"]

    assert [row["label"].split(",")[0] for row in found] == ["Trịnh Thị Thanh Thủy"]
    assert (
        "Ban Thi đua - Khen thưởng" not in body.split('id="id_nominee_organization"')[1].split("</select>")[0]
    )


def test_unit_head_creates_a_draft_through_the_service(as_user, world):
    person = world.people["VP-024"]
    response = as_user("truongphong").post(
        "/nominations/new/",
        {
            "period": world.periods["current"].pk,
            "award_type": "merit_chairman",
            "recipient_kind": "individual",
            "nominee_person": person.pk,
            "achievements": "Hoàn thành xuất sắc nhiệm vụ.",
        },
    )

    created = Nomination.objects.get(nominee_person=person, period=world.periods["current"])
    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{created.pk}/"
    assert created.status == NominationStatus.DRAFT


def test_detail_shows_timeline_and_eligibility_to_the_unit(as_user):
    nomination = _nomination(NominationStatus.AWARDED, 2023)

    body = as_user("truongphong").get(f"/nominations/{nomination.pk}/?check=1").content.decode()

    assert "Diễn biến hồ sơ" in body
    assert "Đã khen thưởng" in body
    assert "Căn cứ:" in body


def test_another_units_draft_is_a_404_page_not_a_stack_trace(as_user):
    draft = _nomination(NominationStatus.DRAFT)

    response = as_user("canbo").get(f"/nominations/{draft.pk}/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_council_member_sees_only_agenda_nominations(as_user):
    draft = _nomination(NominationStatus.DRAFT)
    on_agenda = CouncilSession.objects.filter(status="closed").first().items.first().nomination

    client = as_user("uyvien1")

    assert client.get(f"/nominations/{draft.pk}/").status_code == 404
    assert client.get(f"/nominations/{on_agenda.pk}/").status_code == 200


def test_staff_inbox_and_appraisal_page(as_user):
    submitted = _nomination(NominationStatus.SUBMITTED)
    client = as_user("canbo")

    inbox = client.get("/inbox/").content.decode()
    page = client.get(f"/nominations/{submitted.pk}/appraise/")

    assert submitted.reference in inbox
    assert page.status_code == 200
    assert "Trả lại hồ sơ" in page.content.decode()


def test_return_without_a_reason_is_refused_beside_the_field(as_user):
    submitted = _nomination(NominationStatus.SUBMITTED)

    response = as_user("canbo").post(
        f"/nominations/{submitted.pk}/appraise/", {"action": "return", "ret-reason": ""}
    )

    submitted.refresh_from_db()
    assert response.status_code == 400
    assert "Vui lòng nêu lý do trả lại hồ sơ." in response.content.decode()
    assert submitted.status == NominationStatus.SUBMITTED


@pytest.mark.parametrize("username", ["truongphong", "uyvien1", "chutich"])
def test_appraisal_is_for_staff_only(as_user, username):
    submitted = _nomination(NominationStatus.SUBMITTED)

    assert as_user(username).get(f"/nominations/{submitted.pk}/appraise/").status_code in (403, 404)


@pytest.mark.parametrize(
    ("username", "path", "expected"),
    [
        ("canbo", "/sessions/", 200),
        ("uyvien1", "/sessions/", 200),
        ("truongphong", "/sessions/", 403),
        ("canbo", "/sessions/new/", 200),
        ("uyvien1", "/sessions/new/", 403),
        ("canbo", "/decisions/", 200),
        ("chutich", "/decisions/", 200),
        ("truongphong", "/decisions/", 403),
        ("uyvien1", "/decisions/", 403),
        ("canbo", "/decisions/new/", 200),
        ("chutich", "/decisions/new/", 403),
        ("canbo", "/catalogue/", 200),
        ("truongphong", "/catalogue/", 403),
        ("canbo", "/printing/", 200),
        ("chutich", "/printing/", 403),
        ("truongphong", "/inbox/", 403),
    ],
)
def test_pages_by_role(as_user, username, path, expected):
    assert as_user(username).get(path).status_code == expected


def test_session_page_shows_a_member_their_locked_votes_and_results(as_user):
    session = CouncilSession.objects.filter(status="closed").order_by("id").first()

    body = as_user("uyvien1").get(f"/sessions/{session.pk}/").content.decode()

    assert "Bạn đã biểu quyết:" in body
    assert 'name="choice"' not in body
    assert "Kết quả" in body


def test_decision_page_offers_the_chairman_the_issue_button_on_a_draft(as_user):
    draft = Decision.objects.filter(status="draft").first()

    body = as_user("chutich").get(f"/decisions/{draft.pk}/").content.decode()

    assert "Ban hành quyết định" in body
    assert "data-confirm" in body


def test_csrf_is_enforced_on_page_forms(world, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["truongphong"])

    response = client.post("/nominations/new/", {"achievements": "x"})

    assert response.status_code == 403


def test_every_page_loads_local_assets_only(as_user):
    body = as_user("canbo").get("/").content.decode()

    assert "/static/css/app.css" in body
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_is_idempotent(world, db):
    from certificates.models import Certificate, PrintJob, PrintProfile
    from demo import province as demo

    def counts():
        return (
            Nomination.objects.count(),
            Decision.objects.count(),
            CouncilSession.objects.count(),
            PrintProfile.objects.count(),
            PrintJob.objects.count(),
            sum(Certificate.objects.values_list("print_count", flat=True)),
        )

    before = counts()

    demo.seed(password=settings.DEMO_PASSWORD)

    assert counts() == before
    assert PrintJob.objects.get().status == "done"


def _workbook(rows: list[list]) -> bytes:
    import io

    from openpyxl import load_workbook

    from awards import imports

    book = load_workbook(io.BytesIO(imports.template(imports.KINDS["people"])))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_dry_run_reports_each_bad_row_and_saves_nothing(as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.models import Person

    data = _workbook(
        [
            ["NV-900", "Lưu Thị Mới", "Nữ", 1990, "Chuyên viên", "KHONG-CO"],
            ["NV-901", "Đào Văn Hai", "Nam", 1985, "", "VP"],
        ]
    )
    upload = SimpleUploadedFile("ca-nhan.xlsx", data)
    before = Person.objects.count()

    response = as_user("canbo").post(
        "/catalogue/imports/", {"kind": "people", "file": upload, "dry_run": "on"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Lỗi theo từng dòng" in body
    assert '<td data-label="Dòng">2</td>' in body
    assert Person.objects.count() == before


def test_import_page_is_for_staff(as_user):
    assert as_user("canbo").get("/catalogue/imports/").status_code == 200
    assert as_user("truongphong").get("/catalogue/imports/").status_code == 403


@pytest.mark.parametrize("status", ["draft", "issued"])
def test_decision_pdf_preview_and_download(as_user, status):
    decision = Decision.objects.filter(status=status).first()

    response = as_user("canbo").get(f"/decisions/{decision.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_decision_pdf_keeps_a_vietnamese_number_in_the_file_name(as_user):
    decision = Decision.objects.filter(status="issued").first()
    Decision.objects.filter(pk=decision.pk).update(number='46"/QĐ-UBND\r\n')

    response = as_user("canbo").get(f"/decisions/{decision.pk}/pdf/?download=1")

    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''quyet-dinh-46-Q%C4%90-UBND.pdf"


def test_minutes_pdf_of_a_closed_session(as_user):
    session = CouncilSession.objects.filter(status="closed").first()

    response = as_user("canbo").get(f"/sessions/{session.pk}/minutes.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_decision_pdf_is_not_for_unit_heads(as_user):
    decision = Decision.objects.filter(status="issued").first()

    assert as_user("truongphong").get(f"/decisions/{decision.pk}/pdf/").status_code == 403


def test_not_found_is_the_styled_page_even_with_debug(as_user, settings):
    settings.DEBUG = True

    response = as_user("truongphong").get("/nominations/999999/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body


def test_the_councils_todo_names_the_session_once(as_user, world):
    from nominations import council

    planned = CouncilSession.objects.get(status="planned", members=world.users["uyvien1"])
    council.session_open(session=planned, actor=world.users["canbo"])

    body = as_user("uyvien1").get("/").content.decode()

    assert f"{planned.title}: còn" in body and "hồ sơ chưa biểu quyết" in body
    assert "Phiên họp Phiên họp" not in body
