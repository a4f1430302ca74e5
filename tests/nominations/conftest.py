"""Fixtures of the nominations suites: a small province and one user per role."""

from __future__ import annotations

import pytest

from awards.enums import Role
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory
from tests.factories.nominations import AwardTypeFactory, PeriodFactory, RuleSetFactory


@pytest.fixture
def unit(db):
    """The proposing unit, a division under the province's office."""
    office = OrganizationFactory(code="VP", name="Văn phòng UBND tỉnh", kind="office")
    return OrganizationFactory(code="PHC", name="Phòng Hành chính - Tổ chức", parent=office)


@pytest.fixture
def other_unit(db):
    return OrganizationFactory(code="SNV", name="Sở Nội vụ", kind="department")


@pytest.fixture
def unit_head(unit):
    return UserFactory(username="truongphong", roles=[Role.UNIT_HEAD], organization=unit)


@pytest.fixture
def other_head(other_unit):
    return UserFactory(username="giamdoc", roles=[Role.UNIT_HEAD], organization=other_unit)


@pytest.fixture
def staff(db):
    secretariat = OrganizationFactory(code="BTDKT", name="Ban Thi đua - Khen thưởng")
    return UserFactory(username="chuyenvien", roles=[Role.STAFF], organization=secretariat)


@pytest.fixture
def chairman(db):
    return UserFactory(username="chutich", roles=[Role.CHAIRMAN])


@pytest.fixture
def person(unit):
    return PersonFactory(full_name="Nguyễn Văn Thưởng", organization=unit)


@pytest.fixture
def period(db):
    return PeriodFactory()


@pytest.fixture
def award_type(db):
    """Both recipient kinds, no documents, no criteria, reviewed by the standing board."""
    return RuleSetFactory(
        award_type=AwardTypeFactory(code="test_merit", name="Bằng khen thử nghiệm")
    ).award_type
