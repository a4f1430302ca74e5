"""Factories of the nominations app (shared: the council/decision tests add theirs here)."""

from __future__ import annotations

import datetime
import hashlib

import factory

from awards.enums import AwardCategory, DocumentKind, PeriodKind, RecipientKind, ReviewBody, Role
from awards.models import AwardType, Period, RuleSet
from awards.models.catalogue import FIGURES
from nominations.enums import NominationStatus
from nominations.models import Attachment, Nomination, NominationEvent
from tests.factories.awards import OrganizationFactory, PersonFactory, UserFactory

# The smallest file the upload checks accept: a PDF header, one object and a trailer.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)


class PeriodFactory(factory.django.DjangoModelFactory):
    """An annual period open today (so nominations may be created and submitted)."""

    class Meta:
        model = Period

    year = 2023
    name = factory.Sequence(lambda n: f"Khen thưởng năm 2023 (đợt {n})")
    kind = PeriodKind.ANNUAL
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    rules_date = datetime.date(2024, 1, 11)


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"award_{n}")
    name = factory.Sequence(lambda n: f"Bằng khen thử nghiệm {n}")
    category = AwardCategory.COMMENDATION
    recipient_kinds = factory.LazyFunction(lambda: [RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE])


class RuleSetFactory(factory.django.DjangoModelFactory):
    """A rule set in force for 2023 periods: no documents required, no criteria."""

    class Meta:
        model = RuleSet

    award_type = factory.SubFactory(AwardTypeFactory)
    effective_from = datetime.date(2020, 1, 1)
    legal_basis = "Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15"
    # Every figure checked against its text: tests of unverified figures say so themselves.
    figure_sources = factory.LazyFunction(
        lambda: {name: {"source": "Điều 74 Luật Thi đua, khen thưởng", "verified": True} for name in FIGURES}
    )
    review_body = ReviewBody.STANDING_BOARD
    required_documents = factory.LazyFunction(list)
    criteria = factory.LazyFunction(dict)


def unit_head_of(organization, **kwargs):
    return UserFactory(roles=[Role.UNIT_HEAD], organization=organization, **kwargs)


class NominationFactory(factory.django.DjangoModelFactory):
    """A draft for a person of the proposing unit, created by that unit's head.

    `status=` sets the status directly (no events): use the services to walk
    the workflow when the history matters.
    """

    class Meta:
        model = Nomination

    period = factory.SubFactory(PeriodFactory)
    award_type = factory.LazyAttribute(lambda o: RuleSetFactory().award_type)
    proposing_organization = factory.SubFactory(OrganizationFactory)
    nominee_person = factory.LazyAttribute(lambda o: PersonFactory(organization=o.proposing_organization))
    nominee_organization = None
    created_by = factory.LazyAttribute(lambda o: unit_head_of(o.proposing_organization))
    achievements = "Hoàn thành xuất sắc nhiệm vụ năm 2023."
    ground = ""
    status = NominationStatus.DRAFT


class CollectiveNominationFactory(NominationFactory):
    nominee_person = None
    nominee_organization = factory.LazyAttribute(lambda o: o.proposing_organization)


class NominationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NominationEvent

    nomination = factory.SubFactory(NominationFactory)
    from_status = NominationStatus.DRAFT
    to_status = NominationStatus.SUBMITTED
    actor = factory.LazyAttribute(lambda o: o.nomination.created_by)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    nomination = factory.SubFactory(NominationFactory)
    kind = DocumentKind.PROPOSAL
    file = factory.django.FileField(data=MINIMAL_PDF, filename="to-trinh.pdf")
    filename = "to-trinh.pdf"
    size = len(MINIMAL_PDF)
    sha256 = hashlib.sha256(MINIMAL_PDF).hexdigest()
    uploaded_by = factory.LazyAttribute(lambda o: o.nomination.created_by)


# --- council sessions and decisions (council/decision tests) -------------------------------------


def council_member(**kwargs):
    """A user holding `council_member`, in an organization of their own."""
    return UserFactory(roles=[Role.COUNCIL_MEMBER], **kwargs)


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    """A planned session with no members and no agenda (add them with the services)."""

    class Meta:
        model = "nominations.CouncilSession"

    title = factory.Sequence(lambda n: f"Phiên họp Hội đồng Thi đua - Khen thưởng số {n}")
    meeting_date = datetime.date(2024, 1, 5)
    period = factory.SubFactory(PeriodFactory)
    created_by = factory.LazyFunction(lambda: UserFactory(roles=[Role.STAFF]))


class BaseSalaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.BaseSalary"
        django_get_or_create = ["effective_from"]

    effective_from = datetime.date(2023, 7, 1)
    amount = 1_800_000


class DecisionFactory(factory.django.DjangoModelFactory):
    """A draft decision with no items (add them with `decision_create` or DecisionItem)."""

    class Meta:
        model = "nominations.Decision"

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    signed_on = datetime.date(2024, 1, 11)
    signer_name = "Vũ Việt Văn"
    signer_title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    authority = "Ủy ban nhân dân tỉnh Bắc Ninh"
    place = "Bắc Ninh"
    award_type = factory.LazyAttribute(lambda o: RuleSetFactory().award_type)
    period = factory.SubFactory(PeriodFactory)
    created_by = factory.LazyFunction(lambda: UserFactory(roles=[Role.STAFF]))
