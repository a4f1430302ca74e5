"""Finding 6: NUL, lone surrogates and bidi controls are refused on every input channel,
and the PDF layer refuses them if old rows ever carry them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.enums import Role
from awards.models import Person
from certificates.pdf.errors import ForbiddenCharacterError
from certificates.pdf.fonts import check_glyphs
from nominations.models import Attachment, Nomination
from tests.factories.nominations import MINIMAL_PDF

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn \u202eVăn A", "Trần \u2066Thị\u2069 B", "Lê\u202a Văn C", "Phạm\x00 D"]


def _person(world, name: str) -> dict:
    return {"full_name": name, "organization": world.unit.pk, "gender": "male", "birth_year": 1980}


def _refused(response) -> None:
    assert response.status_code == 400, response.content
    assert "ký tự không hợp lệ" in str(response.json())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_json_and_multipart_bodies(world, name, fmt):
    before = Person.objects.count()

    _refused(world.client(Role.STAFF).post("/api/v1/people/", _person(world, name), format=fmt))

    assert Person.objects.count() == before


@pytest.mark.parametrize("name", NAMES)
def test_form_encoded_bodies_on_post_and_patch(world, name):
    client = world.client(Role.STAFF)
    person = world.people[0]
    body = "&".join(f"{key}={value}" for key, value in _person(world, name).items())
    form = "application/x-www-form-urlencoded"

    _refused(client.post("/api/v1/people/", body.encode(), content_type=form))
    _refused(client.patch(f"/api/v1/people/{person.pk}/", f"full_name={name}".encode(), content_type=form))

    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Thưởng"


@pytest.mark.parametrize("name", NAMES)
def test_query_strings(world, name):
    response = world.client(Role.STAFF).get("/api/v1/people/", {"search": name})

    _refused(response)


def test_field_names_are_checked_too(world):
    body = _person(world, "Ngô Văn E") | {"x\u202e": "1"}

    _refused(world.client(Role.STAFF).post("/api/v1/people/", body, format="multipart"))


def test_an_attachment_file_name(world):
    draft = world.nominations["draft"]
    upload = SimpleUploadedFile("to-trinh\u202efdp.exe", MINIMAL_PDF, content_type="application/pdf")
    before = Attachment.objects.count()

    response = world.client(Role.UNIT_HEAD).post(
        f"/api/v1/nominations/{draft.pk}/attachments/",
        {"kind": "proposal", "file": upload},
        format="multipart",
    )

    assert response.status_code == 400
    assert Attachment.objects.count() == before


@pytest.mark.parametrize("name", NAMES)
def test_page_forms(client, world, name):
    client.force_login(world.users[Role.UNIT_HEAD])
    draft = world.nominations["draft"]

    response = client.post(
        f"/nominations/{draft.pk}/edit/", {"achievements": f"Thành tích {name}", "award_type": "x"}
    )

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()
    assert Nomination.objects.get(pk=draft.pk).achievements == draft.achievements


def test_admin_forms(client, world):
    client.force_login(world.users[Role.ADMIN])
    person = world.people[0]

    response = client.post(f"/admin/awards/person/{person.pk}/change/", {"full_name": NAMES[1]})

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Thưởng"


def test_the_refusal_is_in_english_when_asked(world):
    response = world.client(Role.STAFF).post(
        "/api/v1/people/", _person(world, NAMES[0]), format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "invalid characters" in str(response.json())


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x00"])
def test_the_pdf_layer_refuses_them_with_a_clear_error(char):
    with pytest.raises(ForbiddenCharacterError, match=f"U\\+{ord(char):04X}") as caught:
        check_glyphs(f"Nguyễn {char}Văn A", context="certificate", field="recipient")

    assert "recipient" in str(caught.value)


def test_old_rows_make_the_decision_pdf_answer_a_clear_refusal(world):
    decision = world.issued
    Person.objects.filter(pk=world.people[0].pk).update(full_name="Nguyễn \u2066Văn\u2069 Thưởng")
    Nomination.objects.filter(decision_items__decision=decision).update(
        nominee_name="Nguyễn \u2066Văn\u2069 Thưởng"
    )
    # The annex names each person from the register (not the stored nominee name).
    Person.objects.filter(nominations__decision_items__decision=decision).update(
        full_name="Nguyễn \u2066Văn\u2069 Thưởng"
    )

    response = world.client(Role.STAFF).get(f"/api/v1/decisions/{decision.pk}/pdf/")

    assert response.status_code in (400, 409)
    assert "U+2066" in response.json()["detail"]
