"""Stored text is Vietnamese whatever language the acting user's request used."""

import pytest
from django.utils import translation

from awards.models import AwardType
from nominations import services
from nominations.enums import NominationStatus
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db


def test_verify_stores_the_eligibility_result_in_vietnamese(staff_user):
    # The real merit rule set: a nominee with no ratings fails its checks, each explained.
    merit = AwardType.objects.get(code="merit_chairman")
    nomination = NominationFactory(status=NominationStatus.SUBMITTED, award_type=merit)

    with translation.override("en"):
        services.nomination_verify(nomination=nomination, actor=staff_user, override_reason="Đã xác minh.")

    nomination.refresh_from_db()
    details = " ".join(check["detail"] for check in nomination.eligibility["checks"])
    assert nomination.eligibility["eligible"] is False
    assert "chưa có kết quả xếp loại" in details
