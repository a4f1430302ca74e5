from __future__ import annotations

import factory

from awards.enums import Gender, Role
from awards.models import EmulationBloc, Organization, Person, User

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
