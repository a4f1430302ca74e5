"""Layouts are data: built-in JSON files and province-supplied dicts, strictly validated."""

from __future__ import annotations

import json

import pytest

from certificates.pdf.certificate import SOURCES, STATIC_FIELDS
from certificates.pdf.layouts import CONTENT_FIELDS, LAYOUT_DIR
from certificates.rendering import (
    LayoutError,
    available_layouts,
    layout_from_dict,
    load_layout,
    render_certificates,
)
from tests.certificates.samples import certificate, find_one, pdf_text


def merit_dict() -> dict:
    return json.loads((LAYOUT_DIR / "merit_chairman.json").read_text(encoding="utf-8"))


def test_builtin_layouts_load():
    assert available_layouts() == ("flag_inscription", "generic", "merit_chairman")

    merit = load_layout("merit_chairman")

    assert (merit.page_width_mm, merit.page_height_mm) == (420, 297)
    assert merit.fields["award_title"].size_pt == max(f.size_pt for f in merit.fields.values())


def test_every_content_field_has_a_source():
    assert set(SOURCES) | STATIC_FIELDS == CONTENT_FIELDS


def test_the_blank_carries_the_heading_authority_presents_and_title():
    merit = load_layout("merit_chairman")

    assert set(merit.preprinted) == {
        "national_name",
        "national_motto",
        "authority",
        "presents",
        "award_title",
    }
    on_blank = set(merit.fields) - set(merit.preprinted)
    assert merit.has_blank
    assert on_blank == {
        "recipient",
        "recipient_detail",
        "citation",
        "decision_line",
        "register_line",
        "place_date",
        "signer_title",
        "signer_name",
    }


def test_layouts_are_immutable():
    merit = load_layout("merit_chairman")

    with pytest.raises(TypeError):
        merit.fields["recipient"] = merit.fields["citation"]  # type: ignore[index]


def test_province_layout_from_dict_renders_without_code():
    data = merit_dict()
    data["code"] = "merit_bac_ninh_2025"
    data["fields"]["motto_note"] = {"x_mm": 210, "y_mm": 285, "size_pt": 9, "text": "Mẫu riêng của tỉnh"}
    data["fields"]["recipient"]["colour"] = "#003399"

    layout = layout_from_dict(data)
    pdf = render_certificates([certificate()], layout=layout)

    assert "Mẫu riêng của tỉnh" in pdf_text(pdf)[0]
    assert find_one(pdf, "Ông Nguyễn Văn An")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["fields"]["recipient"].update(sise_pt=12), "unknown key"),
        (lambda d: d["fields"]["recipient"].update(font="comic"), "font"),
        (lambda d: d["fields"]["recipient"].update(colour="red"), "colour"),
        (lambda d: d["fields"]["recipient"].update(min_size_pt=40), "min_size_pt"),
        (lambda d: d["fields"]["recipient"].update(size_pt="big"), "must be a number"),
        (lambda d: d["fields"]["recipient"].pop("x_mm"), "x_mm: is required"),
        (lambda d: d["fields"].update(motto_note={"x_mm": 1, "y_mm": 1}), "not a known field"),
        (lambda d: d.update(code="../../etc"), "code"),
        (lambda d: d["qr"].update(size_mm=5), "scan"),
    ],
)
def test_layout_from_dict_rejects_malformed_layouts(change, message):
    data = merit_dict()
    change(data)

    with pytest.raises(LayoutError, match=message):
        layout_from_dict(data)


def test_artboard_larger_than_its_page_is_rejected():
    data = json.loads((LAYOUT_DIR / "flag_inscription.json").read_text(encoding="utf-8"))
    data["artboard"]["scale"] = 2

    with pytest.raises(LayoutError, match="more than the page"):
        layout_from_dict(data)


@pytest.mark.parametrize("code", ["../merit_chairman", "nope", "MERIT_CHAIRMAN", ""])
def test_load_layout_refuses_unknown_codes(code):
    with pytest.raises(LayoutError):
        load_layout(code)
