from __future__ import annotations

import datetime

import factory

from awards.enums import Gender, HoldKind, PeriodKind, RatingLevel, Role
from awards.models import (
    AwardRecord,
    AwardType,
    BlocResult,
    EmulationBloc,
    Hold,
    Initiative,
    Organization,
    Period,
    Person,
    Rating,
    Registration,
    RuleSet,
    User,
)
from awards.models.catalogue import FIGURES

PASSWORD = "Mat-khau-thu-2024"


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmulationBloc
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"KHOI-{n:03d}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"DV{n:04d}")
    name = factory.Sequence(lambda n: f"Phòng Nghiệp vụ {n}")
    short_name = ""
    kind = "division"
    parent = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thưởng {n}")
    gender = Gender.MALE
    birth_year = 1980
    position = "Chuyên viên"
    organization = factory.SubFactory(OrganizationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Hương {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organization = factory.SubFactory(OrganizationFactory)
    roles: list[str] = []

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()


def user_with(role: str, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


ALL_ROLES = [r.value for r in Role]


# The data migration loads the catalogue (flag_province, merit_chairman, titles...),
# so award types and rule sets are got-or-created by their natural keys.
class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"award_{n}")
    name = factory.Sequence(lambda n: f"Hình thức khen thưởng {n}")
    category = "commendation"
    recipient_kinds = factory.LazyFunction(lambda: ["individual", "collective"])


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleSet
        django_get_or_create = ["award_type", "effective_from"]

    award_type = factory.SubFactory(AwardTypeFactory)
    effective_from = datetime.date(2024, 1, 1)
    legal_basis = "Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15"
    # Every figure checked against its text: tests of unverified figures say so themselves.
    figure_sources = factory.LazyFunction(
        lambda: {name: {"source": "Điều 74 Luật Thi đua, khen thưởng", "verified": True} for name in FIGURES}
    )
    review_body = "standing_board"
    criteria = factory.LazyFunction(lambda: {"all_of": [{"check": "no_hold"}, {"check": "no_duplicate"}]})


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    year = 2023
    name = factory.LazyAttribute(lambda p: f"Khen thưởng tổng kết năm {p.year}")
    kind = PeriodKind.ANNUAL
    opens_on = factory.LazyAttribute(lambda p: datetime.date(p.year, 11, 1))
    closes_on = factory.LazyAttribute(lambda p: datetime.date(p.year, 12, 10))
    # Year-end achievements are judged in January under the rules then in force.
    rules_date = factory.LazyAttribute(lambda p: datetime.date(p.year + 1, 1, 10))


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    person = factory.SubFactory(PersonFactory)
    organization = None
    year = 2023
    level = RatingLevel.EXCELLENT


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến quy trình số {n}")
    recognized_on = datetime.date(2023, 6, 1)


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    person = factory.SubFactory(PersonFactory)
    organization = None
    kind = HoldKind.DISCIPLINE
    starts_on = datetime.date(2023, 3, 1)
    ends_on = None


class AwardRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRecord

    award_type = factory.SubFactory(AwardTypeFactory)
    person = factory.SubFactory(PersonFactory)
    organization = None
    year = 2023
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = factory.LazyAttribute(lambda r: datetime.date(r.year + 1, 1, 11))


class BlocResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocResult

    period = factory.SubFactory(PeriodFactory)
    bloc = factory.SubFactory(BlocFactory)
    organization = factory.SubFactory(OrganizationFactory, bloc=factory.SelfAttribute("..bloc"))
    rank = 1
    is_leading = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    period = factory.SubFactory(PeriodFactory)
    organization = factory.SubFactory(OrganizationFactory)
    registered_on = factory.LazyAttribute(lambda r: datetime.date(r.period.year, 2, 1))

    @factory.post_generation
    def award_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.award_types.set(extracted)
