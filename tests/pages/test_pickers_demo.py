"""Pickers on the demo province: the printing page's decision picker and the decision form's
dossiers ("all of this award type" instead of thousands of ticked boxes)."""

from __future__ import annotations

import re

from nominations.enums import NominationStatus as S
from nominations.models import Decision, Nomination


def _labels(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


def test_the_decision_picker_finds_issued_decisions_by_part_of_their_number(as_user, world):
    client = as_user("canbo")

    found = _labels(client, "/pickers/decisions/", q="46/QĐ")

    assert len(found) == 1 and found[0].startswith("Số 46/QĐ-UBND (11/01/2024)")
    assert _labels(client, "/pickers/decisions/", q="%") == []
    assert _labels(client, "/pickers/decisions/", q="_") == []
    assert as_user("truongphong").get("/pickers/decisions/", {"q": "46"}).status_code == 403
    assert as_user("chutich").get("/pickers/decisions/").status_code == 403


def test_the_printing_page_renders_a_decision_picker(as_user, world):
    body = as_user("canbo").get("/printing/").content.decode()

    assert 'data-picker-url="/pickers/decisions/"' in body
    select = body.split('id="id_decision"')[1].split("</select>")[0]
    shown = Decision.objects.exclude(status="draft").order_by("-signed_on", "-id").first()
    assert re.search(rf'<option value="{shown.pk}" selected>', select)


def test_the_printing_page_searches_without_scripts(as_user, world):
    response = as_user("canbo").post("/printing/", {"decision_q": "45/QĐ", "picker_search": "decision"})

    body = response.content.decode()
    select = body.split('id="id_decision"')[1].split("</select>")[0]
    assert re.findall(r"<option value=\"\d+\">(Số [^<]*)</option>", select) == [
        _labels(as_user("canbo"), "/pickers/decisions/", q="45/QĐ")[0]
    ]
    assert "Đã tìm: chọn trong danh sách kết quả rồi bấm lưu." in body


def test_a_decision_drafted_with_every_approved_dossier_of_the_award_type(as_user, world):
    # The demo's approved dossiers sit on a draft already: the verified ones are approved here.
    Nomination.objects.filter(status=S.VERIFIED).update(status=S.APPROVED)
    approved = Nomination.objects.filter(status=S.APPROVED).exclude(decision_items__decision__status="draft")
    award_type = approved.first().award_type
    period = approved.filter(award_type=award_type).first().period
    expected = {n.reference for n in approved.filter(award_type=award_type, period=period)}
    assert len(expected) >= 2
    client = as_user("canbo")

    page = client.get("/decisions/new/", {"award_type": award_type.code}).content.decode()
    assert re.search(r'<input type="checkbox" name="all_approved"[^>]*checked', page)
    form = {
        "award_type": award_type.code,
        "period": period.pk,
        "number": "77/QĐ-UBND",
        "signed_on": "2025-01-20",
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "CHỦ TỊCH",
        "authority": "ỦY BAN NHÂN DÂN TỈNH",
        "all_approved": "on",
    }
    confirm = client.post("/decisions/new/", form).content.decode()
    listed = set(re.findall(r'name="nominations" value="(\d+)"', confirm))
    assert {n.reference for n in Nomination.objects.filter(pk__in=listed)} == expected

    # The confirmation posts exactly the dossiers it listed.
    done = client.post(
        "/decisions/new/", {**form, "all_approved": "", "nominations": sorted(listed), "confirm": "1"}
    )
    assert done.status_code == 302
    decision = Decision.objects.get(number="77/QĐ-UBND")
    assert {item.nomination.reference for item in decision.items.all()} == expected


def test_a_decision_with_nothing_chosen_is_refused(as_user, world):
    response = as_user("canbo").post(
        "/decisions/new/",
        {
            "award_type": "merit_chairman",
            "period": world.periods["current"].pk,
            "number": "78/QĐ-UBND",
            "signed_on": "2025-01-20",
            "signer_name": "Nguyễn Văn Ký",
            "signer_title": "CHỦ TỊCH",
            "authority": "ỦY BAN NHÂN DÂN TỈNH",
        },
    )

    assert response.status_code == 400
    assert "Vui lòng chọn ít nhất một hồ sơ." in response.content.decode()


def test_the_printing_page_finds_a_certificate_by_name_without_accents(as_user, world):
    from awards.text import search_key
    from certificates.models import Certificate

    decision = Decision.objects.get(number="46/QĐ-UBND")
    certificates = list(Certificate.objects.filter(decision=decision).select_related("nomination"))
    wanted = certificates[-1]
    client = as_user("canbo")

    def boxes(**params):
        body = client.get("/printing/", {"decision": decision.pk, **params}).content.decode()
        return set(re.findall(r'name="certificates" value="(\d+)"', body))

    assert boxes() == {str(c.pk) for c in certificates}
    assert boxes(cq=search_key(wanted.nomination.nominee_name).upper()) == {str(wanted.pk)}
    assert boxes(cq=str(wanted.register_number)) == {str(wanted.pk)}
    assert boxes(cq="%") == set()
    assert boxes(cq="_" * 500) == set()
