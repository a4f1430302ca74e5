"""Adding and removing a dossier's documents through the services: who may, in which
states, what is recorded, and that a refused upload leaves no file behind.

Written from the mutants mutmut made of `attachment_add` and `attachment_delete`
(the PDF checks themselves are in test_documents.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from awards.errors import ConflictError
from nominations import services
from nominations.enums import NominationStatus as S
from nominations.models import Attachment, Nomination
from tests.factories.nominations import MINIMAL_PDF, AttachmentFactory, NominationFactory

pytestmark = pytest.mark.django_db

NOT_THE_UNIT = "Chỉ đơn vị đề nghị mới được thực hiện thao tác này."


def _add(nomination, actor, kind="minutes", filename="Biên bản.pdf"):
    return services.attachment_add(
        nomination=nomination,
        actor=actor,
        kind=kind,
        upload=io.BytesIO(MINIMAL_PDF),
        filename=filename,
        size=len(MINIMAL_PDF),
    )


def _stored_files():
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return {path for path in root.rglob("*") if path.is_file()}


def test_a_document_is_recorded_with_its_kind_name_and_uploader():
    nomination = NominationFactory()
    before = Nomination.objects.get(pk=nomination.pk).updated_at

    attachment = _add(nomination, nomination.created_by)

    stored = Attachment.objects.get(pk=attachment.pk)
    assert (stored.nomination, stored.kind, stored.filename, stored.size, stored.uploaded_by) == (
        nomination,
        "minutes",
        "Biên bản.pdf",
        len(MINIMAL_PDF),
        nomination.created_by,
    )
    assert default_storage.exists(stored.file.name)
    assert Nomination.objects.get(pk=nomination.pk).updated_at > before


def test_another_unit_may_not_add_a_document(other_head):
    nomination = NominationFactory()

    with pytest.raises(PermissionDenied) as refused:
        _add(nomination, other_head)

    assert str(refused.value) == NOT_THE_UNIT
    assert nomination.attachments.count() == 0


def test_an_unknown_kind_is_refused_in_these_words():
    nomination = NominationFactory()

    with pytest.raises(ValidationError) as refused:
        _add(nomination, nomination.created_by, kind="passport")

    assert refused.value.message_dict == {"kind": ["Loại tài liệu không hợp lệ."]}


def test_a_submitted_dossier_takes_no_document():
    nomination = NominationFactory(status=S.SUBMITTED)

    with pytest.raises(ConflictError) as refused:
        _add(nomination, nomination.created_by)

    assert "hồ sơ này đang ở trạng thái “Đã nộp”" in refused.value.message
    assert nomination.attachments.count() == 0


def test_a_dossier_submitted_meanwhile_takes_no_document_and_keeps_no_file():
    nomination = NominationFactory()
    before = _stored_files()
    # The caller's copy is still a draft; the row under the lock is not.
    Nomination.objects.filter(pk=nomination.pk).update(status=S.SUBMITTED)

    with pytest.raises(ConflictError):
        _add(nomination, nomination.created_by)

    assert nomination.attachments.count() == 0
    assert _stored_files() == before


def test_the_document_after_the_last_allowed_leaves_no_file(settings):
    settings.ATTACHMENT_MAX_FILES = 1
    nomination = NominationFactory()
    AttachmentFactory(nomination=nomination)
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        _add(nomination, nomination.created_by)

    assert refused.value.message_dict == {"file": ["Mỗi hồ sơ có tối đa 1 tệp đính kèm."]}
    assert nomination.attachments.count() == 1
    assert _stored_files() == before


def test_another_unit_may_not_remove_a_document(other_head):
    attachment = AttachmentFactory()

    with pytest.raises(PermissionDenied) as refused:
        services.attachment_delete(attachment=attachment, actor=other_head)

    assert str(refused.value) == NOT_THE_UNIT
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_removal_goes_after_commit_and_touches_the_dossier(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()
    nomination = attachment.nomination
    before = Nomination.objects.get(pk=nomination.pk).updated_at

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.attachment_delete(attachment=attachment, actor=nomination.created_by)

    assert default_storage.exists(attachment.file.name)  # until the commit
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert Nomination.objects.get(pk=nomination.pk).updated_at > before
    for callback in callbacks:
        callback()
    assert not default_storage.exists(attachment.file.name)


def test_a_file_that_cannot_be_removed_does_not_undo_the_removal(django_capture_on_commit_callbacks):
    nomination = NominationFactory()
    stuck = Path(settings.MEDIA_ROOT) / "attachments" / "stuck-document"
    (stuck / "inside").mkdir(parents=True, exist_ok=True)
    attachment = AttachmentFactory(nomination=nomination, file="attachments/stuck-document")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.attachment_delete(attachment=attachment, actor=nomination.created_by)

    assert len(callbacks) == 1
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert stuck.is_dir()


def test_removing_one_document_keeps_the_others():
    nomination = NominationFactory()
    removed, kept = (
        AttachmentFactory(nomination=nomination),
        AttachmentFactory(nomination=nomination, kind="minutes"),
    )

    services.attachment_delete(attachment=removed, actor=nomination.created_by)

    assert list(nomination.attachments.all()) == [kept]
