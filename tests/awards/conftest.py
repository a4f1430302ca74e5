from __future__ import annotations

import datetime

import pytest

from awards import eligibility
from awards.models import AwardType
from tests.factories.awards import AwardTypeFactory, PeriodFactory, RuleSetFactory

LEGAL_BASIS = "Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15"


@pytest.fixture
def period_2023(db):
    """2023 achievements, judged in January 2024: the Decree 98 regime."""
    return PeriodFactory(year=2023, rules_date=datetime.date(2024, 1, 10))


@pytest.fixture
def merit(db) -> AwardType:
    return AwardType.objects.get(code="merit_chairman")


@pytest.fixture
def flag(db) -> AwardType:
    return AwardType.objects.get(code="flag_province")


@pytest.fixture
def rules_with(db):
    """An award type whose only rule set holds `criteria` (and `options`), for one check at a time."""

    def make(
        criteria: dict,
        *,
        options: dict | None = None,
        kinds=("individual", "collective"),
        category="commendation",
    ):
        award_type = AwardTypeFactory(recipient_kinds=list(kinds), category=category)
        RuleSetFactory(
            award_type=award_type,
            effective_from=datetime.date(2020, 1, 1),
            criteria=criteria,
            options=options or {},
            legal_basis=LEGAL_BASIS,
        )
        return award_type

    return make


@pytest.fixture
def no_provider():
    """Run without the nominations app's provider, restoring whatever was registered."""
    previous = eligibility._open_nominations_provider
    eligibility.register_open_nominations_provider(None)
    yield
    eligibility.register_open_nominations_provider(previous)
