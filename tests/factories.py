"""factory_boy factories for the whole suite."""

from decimal import Decimal

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


# --- records of the domain apps -------------------------------------------------------------------
# A record that a service makes (a case, a notice, an approval, a document) is made through that
# service, so a test starts from what the application would have stored, audit trail included. The
# plain model factories below are for rows the services make as a side effect (an asset found by a
# notice's answer, a measure an agency put in place) when a test needs one in a given state.
class CaseFactory(factory.Factory):
    """A case filed through cases.services.case_file by a clerk of `court` for `judge`."""

    class Meta:
        model = dict  # built by _create below

    court = factory.SubFactory(CourtFactory)
    clerk = factory.LazyAttribute(lambda o: make_member(Role.CLERK, court=o.court))
    judge = factory.LazyAttribute(lambda o: make_member(Role.JUDGE, court=o.court))
    amount = Decimal("100000.00")

    @classmethod
    def _create(cls, model_class, *, court, clerk, judge, amount, **kwargs):
        from cases.services import case_file
        from tests.cases.conftest import filing_input

        return case_file(actor=clerk, data=filing_input(judge, amount=amount, **kwargs))


class AssetFactory(DjangoModelFactory):
    class Meta:
        model = "assets.Asset"

    case = factory.SubFactory(CaseFactory)
    kind = "bank_deposit"
    description = "活期储蓄账户"
    identifier = factory.Sequence(lambda n: f"6222{n:012d}")
    estimated_value = Decimal("30000.00")
    source = "investigation"


class ControlMeasureFactory(DjangoModelFactory):
    class Meta:
        model = "assets.ControlMeasure"

    asset = factory.SubFactory(AssetFactory)
    case = factory.LazyAttribute(lambda o: o.asset.case)
    kind = "freeze"
    amount = Decimal("30000.00")
    status = "active"


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = "enforcement.Notification"

    recipient = factory.SubFactory(UserFactory)
    kind = "case.deadline_warning"
    title = factory.Sequence(lambda n: f"通知{n}")


class PendingTaskFactory(DjangoModelFactory):
    class Meta:
        model = "enforcement.PendingTask"

    key = factory.Sequence(lambda n: f"task-{n}")
    task = "x"
