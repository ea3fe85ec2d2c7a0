"""factory_boy factories for the whole suite."""

import factory
from factory.django import DjangoModelFactory

from enforcement.choices import AgencyKind, CourtLevel, Role
from enforcement.models import Agency, Court, Membership, User


class CourtFactory(DjangoModelFactory):
    class Meta:
        model = Court

    name = factory.Sequence(lambda n: f"测试第{n}人民法院")
    code = factory.Sequence(lambda n: f"测{n:04d}")
    level = CourtLevel.BASIC
    parent = None
    region = "青海省"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试协助单位{n}")
    kind = AgencyKind.BANK
    region = "青海省西宁市"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@court.invalid")
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CLERK
    court = factory.SubFactory(CourtFactory)
    agency = None


def make_member(
    role: str, *, court: Court | None = None, agency: Agency | None = None, **user_kwargs
) -> User:
    """A user with a membership: court roles need a court, the liaison role an agency."""
    user = UserFactory(**user_kwargs)
    if role == Role.LIAISON:
        MembershipFactory(user=user, role=role, court=None, agency=agency or AgencyFactory())
    else:
        MembershipFactory(user=user, role=role, court=court or CourtFactory(), agency=None)
    return user
