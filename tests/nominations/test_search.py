"""One search rule for the API and the pages: every word of the name, or a reference."""

import pytest

from nominations.enums import NominationStatus
from nominations.filters import NominationFilter
from nominations.models import Nomination
from nominations.selectors import nominations_matching
from tests.factories.awards import PersonFactory
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def an():
    nomination = NominationFactory(status=NominationStatus.SUBMITTED)
    nomination.nominee_person.full_name = "Nguyễn Thị Ân"
    nomination.nominee_person.save()
    nomination.save()
    NominationFactory(nominee_person=PersonFactory(full_name="Trần Văn Bình"))
    return nomination


@pytest.mark.parametrize("text", ["an nguyen", "NGUYỄN ÂN", "thi an", "  nguyen  "])
def test_words_in_any_order_find_the_nominee(an, text):
    assert list(nominations_matching(Nomination.objects.all(), text)) == [an]


def test_a_reference_finds_its_dossier(an):
    assert list(nominations_matching(Nomination.objects.all(), an.reference.lower())) == [an]


def test_the_api_filter_and_the_page_agree(an, client):
    from tests.factories.awards import UserFactory

    staff = UserFactory(roles=["staff"])
    client.force_login(staff)

    api_rows = NominationFilter({"search": "an nguyen"}, Nomination.objects.all()).qs
    page = client.get("/nominations/", {"q": "an nguyen"})

    assert list(api_rows) == [an]
    assert an.reference in page.content.decode()
