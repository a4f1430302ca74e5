"""Documents: PDF by content, limits, names, storage, and the download's headers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.enums import NominationStatus as S
from nominations.models import Attachment
from tests.factories.nominations import MINIMAL_PDF, AttachmentFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _url(nomination, suffix="attachments/"):
    return f"/api/v1/nominations/{nomination.pk}/{suffix}"


def _upload(
    client, nomination, content, name="to-trinh.pdf", kind="proposal", content_type="application/pdf"
):
    return client.post(
        _url(nomination),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


def _raw_multipart(client, nomination, filename: str, content: bytes):
    """A body built by hand: the test client would strip directories from the name."""
    boundary = "BoUnDaRy7f3a"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nproposal\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST", _url(nomination), body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.fixture
def draft(db):
    return NominationFactory()


@pytest.fixture
def head_client(client_for, draft):
    return client_for(draft.created_by)


def test_upload_stores_a_pdf_under_a_generated_name(head_client, draft):
    response = _upload(head_client, draft, MINIMAL_PDF, name="Tờ trình số 12.pdf")

    assert response.status_code == 201, response.json()
    body = response.json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert body["filename"] == "Tờ trình số 12.pdf"
    assert body["size"] == len(MINIMAL_PDF)
    assert body["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert body["url"].endswith(f"/api/v1/nominations/{draft.pk}/attachments/{attachment.pk}/")
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "Tờ" not in stored.name and stored.suffix == ".pdf" and len(stored.stem) == 32
    assert stored.read_bytes() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (
            b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
            "ho-so.pdf",
            "executable",
        ),
        (b"<html><body>%PDF-1.4</body></html>", "ho-so.pdf", "html first"),
        (MINIMAL_PDF.replace(b"%%EOF", b"").replace(b"startxref", b""), "ho-so.pdf", "no trailer"),
        (MINIMAL_PDF[:-30] + b"<script>alert(1)</script>" + MINIMAL_PDF[-30:], "ho-so.pdf", "polyglot"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ho-so.pdf", "elf"),
        (b"%PDF-1.4 /JavaScript (app.alert(1))\nstartxref\n0\n%%EOF", "ho-so.pdf", "javascript"),
    ],
)
def test_upload_refuses_what_is_not_a_clean_pdf(head_client, draft, content, name, reason):
    response = _upload(head_client, draft, content, name=name)

    assert response.status_code == 400, reason
    assert "file" in response.json()
    assert draft.attachments.count() == 0


def test_upload_ignores_the_declared_type_and_name(head_client, draft):
    response = _upload(head_client, draft, MINIMAL_PDF, name="scan.jpg", content_type="image/jpeg")

    assert response.status_code == 201


def test_upload_refuses_an_empty_file(head_client, draft):
    response = _upload(head_client, draft, b"")

    assert response.status_code == 400
    assert "rỗng" in str(response.json())


def test_upload_over_the_limit_is_413(head_client, draft):
    content = (
        MINIMAL_PDF[:-6] + b"%" * (settings.ATTACHMENT_MAX_BYTES + 1 - len(MINIMAL_PDF)) + MINIMAL_PDF[-6:]
    )
    assert len(content) == settings.ATTACHMENT_MAX_BYTES + 1

    response = _upload(head_client, draft, content)

    assert response.status_code == 413
    assert "vượt quá" in response.json()["detail"]
    assert draft.attachments.count() == 0


def test_upload_at_the_limit_is_accepted(head_client, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = len(MINIMAL_PDF)

    response = _upload(head_client, draft, MINIMAL_PDF)

    assert response.status_code == 201


def test_upload_refuses_the_file_after_the_last_allowed(head_client, draft, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    AttachmentFactory.create_batch(2, nomination=draft)

    response = _upload(head_client, draft, MINIMAL_PDF)

    assert response.status_code == 400
    assert "tối đa 2" in str(response.json())
    assert draft.attachments.count() == 2


@pytest.mark.parametrize("filename", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "a/b.pdf", ".."])
def test_upload_refuses_a_name_with_a_path(head_client, draft, filename):
    response = _raw_multipart(head_client, draft, filename, MINIMAL_PDF)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert draft.attachments.count() == 0


def test_upload_refuses_an_unknown_kind(head_client, draft):
    response = _upload(head_client, draft, MINIMAL_PDF, kind="passport")

    assert response.status_code == 400
    assert "kind" in response.json()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.VERIFIED, S.WITHDRAWN])
def test_documents_are_frozen_outside_draft_and_returned(client_for, status):
    nomination = NominationFactory(status=status)
    attachment = AttachmentFactory(nomination=nomination)
    client = client_for(nomination.created_by)

    upload = _upload(client, nomination, MINIMAL_PDF)
    delete = client.delete(_url(nomination, f"attachments/{attachment.pk}/"))

    assert (upload.status_code, delete.status_code) == (409, 409)
    assert nomination.attachments.count() == 1


def test_a_returned_dossier_takes_documents(client_for):
    nomination = NominationFactory(status=S.RETURNED)

    response = _upload(client_for(nomination.created_by), nomination, MINIMAL_PDF)

    assert response.status_code == 201


def test_delete_removes_the_row_and_the_file(head_client, draft, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(nomination=draft)
    path = Path(attachment.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.delete(_url(draft, f"attachments/{attachment.pk}/"))

    assert response.status_code == 204
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not path.exists()


def test_download_carries_the_safety_headers(head_client, draft):
    attachment = AttachmentFactory(nomination=draft, filename="Báo cáo thành tích.pdf")

    response = head_client.get(_url(draft, f"attachments/{attachment.pk}/"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_download_with_a_pdf_accept_header(head_client, draft):
    attachment = AttachmentFactory(nomination=draft)

    response = head_client.get(_url(draft, f"attachments/{attachment.pk}/"), HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200


def test_another_units_attachment_is_404(client_for, other_head, draft):
    attachment = AttachmentFactory(nomination=draft)

    response = client_for(other_head).get(_url(draft, f"attachments/{attachment.pk}/"))

    assert response.status_code == 404


def test_an_attachment_of_another_nomination_is_404(head_client, draft):
    foreign = AttachmentFactory()

    response = head_client.get(_url(draft, f"attachments/{foreign.pk}/"))

    assert response.status_code == 404


def test_anonymous_download_is_401(api_client, draft):
    attachment = AttachmentFactory(nomination=draft)

    response = api_client.get(_url(draft, f"attachments/{attachment.pk}/"))

    assert response.status_code == 401


def test_list_of_documents(head_client, draft):
    AttachmentFactory(nomination=draft, kind="minutes")

    response = head_client.get(_url(draft))

    assert response.status_code == 200
    assert [a["kind"] for a in response.json()] == ["minutes"]
