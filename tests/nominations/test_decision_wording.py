"""How a decision's annex names a recipient: `decisions.unit_path` (the unit and its
parents below the issuing authority) and `decisions.position_and_unit` (a position
joined to its unit, the words they share written once)."""

from __future__ import annotations

import pytest

from awards.enums import OrganizationKind
from nominations import decisions
from tests.factories.awards import OrganizationFactory


@pytest.mark.django_db
def test_the_unit_path_stops_below_the_issuing_authority():
    root = OrganizationFactory(name="Ủy ban nhân dân tỉnh", kind=OrganizationKind.AUTHORITY)
    office = OrganizationFactory(
        name="Văn phòng Ủy ban nhân dân tỉnh", kind=OrganizationKind.OFFICE, parent=root
    )
    division = OrganizationFactory(name="Phòng Tổng hợp", parent=office)

    assert decisions.unit_path(division) == "Phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh"
    assert decisions.unit_path(office) == "Văn phòng Ủy ban nhân dân tỉnh"
    assert decisions.unit_path(root) == ""
    assert decisions.unit_path(None) == ""


@pytest.mark.django_db
def test_without_an_authority_above_the_whole_chain_is_named():
    company = OrganizationFactory(name="Công ty cổ phần Viglacera", kind=OrganizationKind.ENTERPRISE)
    workshop = OrganizationFactory(name="Phân xưởng Gạch", parent=company)

    assert decisions.unit_path(workshop) == "Phân xưởng Gạch, Công ty cổ phần Viglacera"


@pytest.mark.parametrize(
    ("position", "unit", "expected"),
    [
        # The words a position ends with and its unit starts with are written once…
        ("Phó Chánh Văn phòng", "Văn phòng Ủy ban nhân dân tỉnh", "Phó Chánh Văn phòng Ủy ban nhân dân tỉnh"),
        # …whatever their case, the position's spelling kept…
        ("Chánh văn phòng", "Văn phòng Sở Nội vụ", "Chánh văn phòng Sở Nội vụ"),
        # …one shared word is enough…
        (
            "Trưởng phòng",
            "Phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh",
            "Trưởng phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh",
        ),
        # …the whole unit may be shared…
        ("Giám đốc Sở Nội vụ", "Sở Nội vụ", "Giám đốc Sở Nội vụ"),
        # …and the longest overlap wins, not the first one found.
        ("Trưởng ban Ban Thi đua Ban", "Ban Thi đua Ban Nội chính", "Trưởng ban Ban Thi đua Ban Nội chính"),
        # Nothing shared: the two side by side.
        ("Chuyên viên", "Phòng Tổng hợp", "Chuyên viên Phòng Tổng hợp"),
        ("Chuyên viên  chính", "Phòng  Tổng hợp", "Chuyên viên  chính Phòng  Tổng hợp"),
        # One of them missing: the other alone.
        ("", "Phòng Tổng hợp", "Phòng Tổng hợp"),
        ("Chuyên viên", "", "Chuyên viên"),
        ("", "", ""),
    ],
)
def test_a_position_is_joined_to_its_unit(position, unit, expected):
    assert decisions.position_and_unit(position, unit) == expected


def test_a_shared_word_is_found_at_the_join_only():
    # "phòng" ends the unit, not its start: nothing to merge.
    assert decisions.position_and_unit("Trưởng phòng", "Văn phòng") == "Trưởng phòng Văn phòng"
