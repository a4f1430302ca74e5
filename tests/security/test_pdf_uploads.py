"""Finding 3: active content disguised in uploaded PDFs, and how attachments are served.

The hostile files are built as an attacker would: names written with `#xx`
escapes, an action compressed inside an object stream, an encrypted file. Each
is first read back with pikepdf to prove it really holds what it claims.
"""

from __future__ import annotations

import io
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.models import Attachment
from tests.factories.nominations import MINIMAL_PDF, AttachmentFactory, NominationFactory

pytestmark = pytest.mark.django_db

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def raw_pdf(catalog_extra: bytes, *extra_objects: bytes) -> bytes:
    """A PDF written byte by byte (a library would normalise the escaped names away)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def escaped_javascript_open_action() -> bytes:
    return raw_pdf(b"/OpenAction 4 0 R", b"<< /Type /Action /S /J#61vaScript /JS (app.alert\\(1\\)) >>")


def escaped_launch() -> bytes:
    return raw_pdf(b"/OpenAction 4 0 R", b"<< /S /L#61unch /F (cmd.exe) >>")


def javascript_in_compressed_object_stream() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def encrypted(user_password: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="chu-so-huu", user=user_password, R=6))
    return out.getvalue()


def embedded_file() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["bao-cao.exe"] = pikepdf.AttachedFileSpec(
        pdf, b"MZ\x90\x00", mime_type="application/x-msdownload"
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def flate(data: bytes) -> bytes:
    return zlib.compress(data)


def xfa_form() -> bytes:
    xml = flate(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(xml) + xml + b"\nendstream"
    return raw_pdf(b"/AcroForm << /Fields [] /XF#41 4 0 R >>", stream)


def rich_media_annotation() -> bytes:
    return raw_pdf(b"", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>")


def page_open_action() -> bytes:
    # Additional actions on a page run when it opens, with no /S naming JavaScript in the file.
    return raw_pdf(b"", b"<< /O 5 0 R >>", b"<< /S /GoTo /D [3 0 R /Fit] >>").replace(
        PAGE, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA 4 0 R >>"
    )


def _upload(client, nomination, content: bytes, name="ho-so.pdf"):
    return client.post(
        f"/api/v1/nominations/{nomination.pk}/attachments/",
        {"kind": "proposal", "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


@pytest.fixture
def draft(db):
    return NominationFactory()


@pytest.fixture
def head(client_for, draft):
    return client_for(draft.created_by)


def _error(response) -> str:
    assert response.status_code == 400, response.content
    return " ".join(response.json()["file"])


def test_the_hostile_files_really_hold_what_they_claim():
    with pikepdf.open(io.BytesIO(escaped_javascript_open_action())) as pdf:
        assert pikepdf.Name.JavaScript == pdf.Root.OpenAction.S
    with pikepdf.open(io.BytesIO(escaped_launch())) as pdf:
        assert pikepdf.Name.Launch == pdf.Root.OpenAction.S
    hidden = javascript_in_compressed_object_stream()
    assert b"JavaScript" not in hidden and b"/ObjStm" in hidden
    with pikepdf.open(io.BytesIO(hidden)) as pdf:
        assert pikepdf.Name.JavaScript == pdf.Root.OpenAction.S


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (escaped_javascript_open_action, "JavaScript"),
        (escaped_launch, "Launch"),
        (javascript_in_compressed_object_stream, "JavaScript"),
        (embedded_file, "tệp nhúng"),
        (xfa_form, "XFA"),
        (rich_media_annotation, "RichMedia"),
        (page_open_action, "hành động tự động"),
    ],
)
def test_active_content_is_refused_and_named(head, draft, build, named):
    message = _error(_upload(head, draft, build()))

    assert "nội dung động" in message
    assert named in message
    assert not Attachment.objects.filter(nomination=draft).exists()


@pytest.mark.parametrize("user_password", ["", "mat-khau"])
def test_encrypted_files_are_refused(head, draft, user_password):
    message = _error(_upload(head, draft, encrypted(user_password)))

    assert "mã hóa" in message
    assert not Attachment.objects.filter(nomination=draft).exists()


def test_an_unreadable_pdf_is_refused(head, draft):
    body = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\nstartxref\n9\n%%EOF\n"

    message = _error(_upload(head, draft, body))

    assert "không đọc được" in message or "không phải là tệp PDF" in message


def test_the_refusal_is_in_english_when_asked(head, draft):
    response = head.post(
        f"/api/v1/nominations/{draft.pk}/attachments/",
        {
            "kind": "proposal",
            "file": SimpleUploadedFile("a.pdf", escaped_launch(), content_type="application/pdf"),
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "active content" in " ".join(response.json()["file"])


@pytest.mark.parametrize("build", [lambda: MINIMAL_PDF, lambda: raw_pdf(b"/OpenAction [3 0 R /Fit]")])
def test_clean_pdfs_are_still_accepted(head, draft, build):
    assert _upload(head, draft, build()).status_code == 201


def test_a_reportlab_pdf_is_accepted(head, draft):
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "To trinh de nghi khen thuong")
    page.save()

    assert _upload(head, draft, out.getvalue()).status_code == 201


@pytest.mark.parametrize("query", ["", "?inline=1"])
def test_page_download_is_always_an_attachment_in_a_sandbox(client, draft, query):
    attachment = AttachmentFactory(nomination=draft)
    client.force_login(draft.created_by)

    response = client.get(f"/nominations/{draft.pk}/documents/{attachment.pk}/{query}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_api_download_is_sandboxed(head, draft):
    attachment = AttachmentFactory(nomination=draft)

    response = head.get(f"/api/v1/nominations/{draft.pk}/attachments/{attachment.pk}/")

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
