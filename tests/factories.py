"""factory_boy factories for the whole suite."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from assistance.services import notice_draft
from cases.services import case_act
from documents.services import document_issue
from documents.serving import service_record
from enforcement.choices import AgencyKind, CourtLevel, Role
from enforcement.models import Agency, Court, Membership, User
from tests.documents.service_helpers import proof_file


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


def _first_respondent(case):
    return case.parties.filter(role="respondent").order_by("id").first()


class ApprovalFactory(factory.Factory):
    """An approval waiting for its approver: the judge of `case` proposes `action` through
    cases.services.case_act (a suspension waits for the head)."""

    class Meta:
        model = dict  # built by _create below

    case = factory.SubFactory(CaseFactory)
    proposer = factory.LazyAttribute(lambda o: o.case.judge)
    action = "suspend"
    reason = "被执行人申请暂缓执行"
    payload = None

    @classmethod
    def _create(cls, model_class, *, case, proposer, action, reason, payload):
        result = case_act(actor=proposer, case_id=case.pk, action_key=action, reason=reason, payload=payload)
        assert result.approval is not None, f"{action} by {proposer} needed no approval"
        return result.approval


class NoticeFactory(factory.Factory):
    """An assistance notice drafted through assistance.services.notice_draft. By default the case's
    clerk drafts a property query to a bank: it waits for the judge's approval (nothing is sent, no
    PDF is made); `actor=case.judge` sends it at once (which issues its PDF: CJK fonts)."""

    class Meta:
        model = dict  # built by _create below

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.clerk)
    agency = factory.SubFactory(AgencyFactory)
    action = "query"
    respondent = factory.LazyAttribute(lambda o: _first_respondent(o.case) if o.action == "query" else None)
    asset = None
    payload = None

    @classmethod
    def _create(cls, model_class, *, case, actor, agency, action, respondent, asset, payload):
        return notice_draft(
            actor=actor,
            case_id=case.pk,
            agency_id=agency.pk,
            action=action,
            respondent_id=respondent.pk if respondent else None,
            asset_id=asset.pk if asset else None,
            payload=payload,
        ).notice


class DraftNoticeFactory(DjangoModelFactory):
    """A draft notice the system made (as assistance.services.draft_renewal stores one): waiting for
    the judge to sign, with no approval and nothing sent."""

    class Meta:
        model = "assistance.Notice"

    case = factory.SubFactory(CaseFactory)
    court = factory.LazyAttribute(lambda o: o.case.court)
    agency = factory.SubFactory(AgencyFactory)
    action = "query"
    created_by = factory.LazyAttribute(lambda o: o.case.judge)


class NetworkQueryFactory(DjangoModelFactory):
    """A network query as assistance.services.network_query_start stores it before its task has run
    (pending, nothing sent)."""

    class Meta:
        model = "assistance.NetworkQuery"

    requested_by = factory.SubFactory(UserFactory)
    court = factory.SubFactory(CourtFactory)
    respondent_ids = factory.List([])
    total = factory.LazyAttribute(lambda o: len(o.respondent_ids))


class DocumentFactory(factory.Factory):
    """A document issued through documents.services.document_issue by the judge of `case`: by
    default the execution notice to its first respondent (renders a PDF: CJK fonts)."""

    class Meta:
        model = dict  # built by _create below

    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: o.case.judge)
    kind = "execution_notice"
    party = factory.LazyAttribute(lambda o: _first_respondent(o.case))

    @classmethod
    def _create(cls, model_class, *, case, actor, kind, party):
        return document_issue(actor=actor, kind=kind, case_id=case.pk, party_id=party.pk if party else None)


class ServiceRecordFactory(factory.Factory):
    """A service (送达) of a document on its party, recorded through documents.serving.service_record
    by the case's judge, in person today, with a small PDF proof."""

    class Meta:
        model = dict  # built by _create below

    document = factory.SubFactory(DocumentFactory)
    actor = factory.LazyAttribute(lambda o: o.document.case.judge)
    method = "direct"
    date = None  # today
    recipient = factory.LazyAttribute(lambda o: o.document.party.name)

    @classmethod
    def _create(cls, model_class, *, document, actor, method, date, recipient):
        return service_record(
            actor=actor,
            document_id=document.pk,
            method=method,
            date=date or timezone.localdate(),
            recipient=recipient,
            proof=proof_file(),
        )


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
