"""The lifecycle of a few cases as a hypothesis state machine: random sequences of real service
calls (never views) by random court users, over two or three cases: file, propose and take case
actions, decide approvals (approve or reject), freeze a bank deposit, deduct from one (the bank's
answer records the receipt), receive and confirm money, propose, decide and execute payouts and
refunds, propose, decide and remove a defaulter listing, issue a 限制消费令, meet 终本's checklist
item by item (the start documents issued and served, the network query answered, the applicant
heard, the order) while the clock runs past three months, 终本 and 恢复执行 (the 执恢 case joins
the machine), judicial aid (filed, recommended, decided under the budget, paid), conclude.

A service may refuse (wrong role, wrong court, wrong state, over the balance): that is a fine
outcome, but it must be the project's ServiceError, never anything else. After every step:
- no ledger has paid out more than it received (and the account's totals match its rows);
- no closed case has a measure in force or a sanction in force;
- no approval, payout, refund, listing or aid application was decided by its proposer;
- no aid budget reserved and paid more than it was allocated;
- a case reached 终本 only with every condition of its checklist met at that moment;
- every successful call wrote its audit event, each case's state is the last one its audit trail
  records, and the audit chain, sealed, verifies;
- nobody saw a record outside their court or agency: the selectors each page and API reads from
  (cases, notices, receipts, payouts, refunds, aid applications, approvals waiting), called as each
  person, return exactly what their court (and the courts below it) or their agency holds.

Bounded for CI (6 sequences of up to 12 steps, under a minute); HYPOTHESIS_PROFILE=long runs 60
of up to 30 steps (PROPS_EXAMPLES=n sets the number of sequences either way). The documents' PDFs
are stand-ins (stand_in_pdfs; PROPS_REAL_PDF=1 renders them). `pytest -s` prints what the run did
(each service's successes and refusals by code); PROPS_DEBUG=1 adds the refusal messages.

Found so far: a freeze drafted on a concluded case was sent and held property with no lifting
notice (fixed in assistance.services.notice_draft; tests/assistance/test_closed_case_measures.py);
a defaulter listing proposed on a concluded case was approved and published the respondent for a
case that no longer enforces anything (fixed in sanctions.services;
tests/sanctions/test_closed_case_sanctions.py)."""

import datetime as dt
import os
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from aid import services as aid
from aid.choices import ApplicationStatus
from aid.models import Application, Budget
from aid.selectors import applications_visible_to
from assets.choices import AssetKind, MeasureStatus
from assets.models import ControlMeasure
from assets.selectors import amount_held, amount_owed
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.selectors import notices_visible_to
from assistance.services import network_query_run, network_query_start, notice_answer, notice_draft
from cases.actions import action_checklist
from cases.choices import CaseState, PartyRole
from cases.models import Approval, Case
from cases.selectors import approvals_waiting_for, cases_visible_to
from cases.services import PartyInput, applicant_hearing_record, approval_decide, case_act, case_file
from documents.services import document_issue
from documents.serving import service_record
from enforcement.access import membership_of
from enforcement.audit import audit_seal_pending, audit_verify
from enforcement.choices import AgencyKind, Role
from enforcement.errors import ServiceError
from enforcement.models import AuditEvent, Court
from money import services as money
from money.choices import PayoutStatus, ReceiptStatus, RefundStatus
from money.models import CaseAccount, Payout, Receipt, Refund
from money.selectors import payouts_visible_to, receipts_visible_to, refunds_visible_to
from money.standing import overpaid, standing
from sanctions import services as sanctions
from sanctions.choices import EntryStatus, OrderStatus
from sanctions.models import ConsumptionOrder, DefaulterEntry
from tests.aid.conftest import pdf, wage  # noqa: F401 (wage: the fixture the aid cap needs)
from tests.cases.conftest import PERSON_ID_2, filing_input
from tests.clock import NOW, TODAY
from tests.documents.service_helpers import proof_file
from tests.factories import AgencyFactory, AssetFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

CLOSED = (CaseState.CONCLUDED, CaseState.TERMINATED, CaseState.WITHDRAWN, CaseState.SETTLED)
IN_FORCE_MEASURES = (MeasureStatus.REQUESTED, MeasureStatus.ACTIVE, MeasureStatus.QUEUED)
ACTIONS = [
    "investigate",
    "dispose",
    "back_to_investigation",
    "pay_out",
    "conclude",
    "suspend",
    "lift_suspension",
]
# "owed" and "balance" are what is still owed on the case and what is on its account: the amounts
# that let a case reach 执行完毕 within a few steps
AMOUNTS = st.sampled_from(["owed", "owed", "balance", "balance", "1.00", "500.00", "5000.00", "150000.00"])
# 终本's checklist, one item a step (终本规定 2016 art. 1; the three months come from the clock)
END_ROUND_ITEMS = ["documents", "network_query", "hearing", "order"]
START_DOCUMENTS = ("execution_notice", "asset_report_order")
MAX_CASES = 3
OUTCOMES: Counter = Counter()  # what the run did, printed at the end (pytest -s shows it)
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def today():
    return timezone.localdate()


def lifecycle_machine(people: dict, bank, observers: dict, clock):
    role_names = sorted(people)

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # each sequence runs in a savepoint of the test's transaction, rolled back at the end
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.cases: list[int] = []
            self.refused = 0
            self.done = 0
            self.days_passed = 0
            self.ended: set[int] = set()  # cases seen in 终本 (their checklist checked then)
            self.seen_up_to: tuple = ()  # the last records the visibility invariant checked
            clock.move_to(NOW)  # each sequence from the fixed start

        def teardown(self):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        # --- calling a service ----------------------------------------------------------------
        def call(self, service, /, **kwargs):
            """Call the service; a refusal must be a ServiceError and change nothing audited, a
            success must write at least one audit event."""
            before = AuditEvent.objects.count()
            try:
                result = service(**kwargs)
            except ServiceError as error:
                event(f"{service.__name__}: refused ({error.code})")
                OUTCOMES[f"{service.__name__}: refused ({error.code})"] += 1
                if os.environ.get("PROPS_DEBUG"):
                    OUTCOMES[f"  {service.__name__}: {error.message} {error.fields}"] += 1
                self.refused += 1
                assert AuditEvent.objects.count() == before, f"{service.__name__} refused but wrote events"
                return None
            self.done += 1
            event(f"{service.__name__}: done")
            OUTCOMES[f"{service.__name__}: done"] += 1
            assert AuditEvent.objects.count() > before, f"{service.__name__} changed something without audit"
            return result

        def pick_case(self, data) -> Case:
            # the 执恢 cases resumption opened join the machine
            self.cases = list(Case.objects.order_by("pk").values_list("pk", flat=True))
            return Case.objects.get(pk=data.draw(st.sampled_from(self.cases), label="case"))

        def respondents(self, case):
            return list(case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk"))

        def bank_account(self, data, case):
            return AssetFactory(
                case=case,
                kind=AssetKind.BANK_DEPOSIT,
                description="活期账户",
                identifier=f"62220000{data.draw(st.integers(0, 10**8 - 1), label='account'):08d}",
                holder_agency=bank,
                estimated_value=Decimal("30000.00"),
                source="investigation",
            )

        def who(self, data, *likely):
            """Mostly someone whose role may do it (so sequences get somewhere), sometimes anyone."""
            names = [*likely, *likely, *likely, *role_names] if likely else role_names
            return people[data.draw(st.sampled_from(names), label="actor")]

        def resolve(self, amount: str, case: Case) -> str:
            if amount == "owed":
                return str(max(standing(case).outstanding, Decimal("0.01")))
            if amount == "balance":
                return str(max(CaseAccount.objects.get(case=case).balance, Decimal("0.01")))
            if amount == "excess":
                return str(max(overpaid(case), Decimal("0.01")))
            return amount

        # --- the rules -------------------------------------------------------------------------
        def filing(self, amount):
            # one respondent: 终本's documents, orders and queries are per respondent
            respondent = PartyInput(role="respondent", kind="person", name="李四", id_number=PERSON_ID_2)
            data = filing_input(people["judge"], amount=Decimal(amount), respondents=[respondent])
            # the same parties again: the clerk confirms it is another application (DuplicateBasis)
            return replace(data, confirm_duplicate=True, duplicate_reason="另一份生效法律文书")

        @initialize()
        def first_case(self):
            case = self.call(case_file, actor=people["clerk"], data=self.filing("1000.00"))
            self.cases.append(case.pk)
            # the court's judicial aid budgets of this year and the next (the clock may run into it)
            for year in (TODAY.year, TODAY.year + 1):
                self.call(
                    aid.budget_fund,
                    actor=people["finance"],
                    court_id=case.court_id,
                    year=year,
                    amount="20000.00",
                )

        @precondition(lambda self: len(self.cases) < MAX_CASES)
        @rule(data=st.data(), amount=st.sampled_from(["1000.00", "100000.00"]))
        def file(self, data, amount):
            case = self.call(case_file, actor=self.who(data, "clerk"), data=self.filing(amount))
            if case is not None:
                self.cases.append(case.pk)

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), action=st.sampled_from(ACTIONS))
        def act(self, data, action):
            case = self.pick_case(data)
            actor = self.who(data, "judge", "clerk")
            self.call(case_act, actor=actor, case_id=case.pk, action_key=action, reason="依法办理")

        @precondition(lambda self: Approval.objects.filter(status="pending").exists())
        @rule(data=st.data(), approve=st.booleans())
        def decide_approval(self, data, approve):
            pending = list(
                Approval.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True)
            )
            approval_id = data.draw(st.sampled_from(pending), label="approval")
            self.call(
                approval_decide,
                actor=self.who(data, "head", "judge"),
                approval_id=approval_id,
                approve=approve,
                note="" if approve else "理由不足",
            )

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), over_limit=st.booleans())
        def freeze(self, data, over_limit):
            case = self.pick_case(data)
            unheld = amount_owed(case) - amount_held(case)
            asset = self.bank_account(data, case)
            drafted = self.call(
                notice_draft,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                agency_id=bank.pk,
                action=NoticeAction.FREEZE,
                asset_id=asset.pk,
                # what is still unheld (no approval needed), or over it with a reason (the head decides)
                payload={"amount": str(max(unheld, Decimal("1.00")))},
                over_limit_reason="账户余额不足以分割，须整体冻结" if over_limit else "",
            )
            if drafted is not None and drafted.notice is not None and drafted.notice.status == "sent":
                self.call(
                    notice_answer,
                    agency=bank,
                    notice_id=drafted.notice.pk,
                    result="done",
                    data={"from": today().isoformat()},
                )

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), amount=AMOUNTS)
        def receive(self, data, amount):
            case = self.pick_case(data)
            receipt = self.call(
                money.receipt_record,
                actor=self.who(data, "clerk"),
                case_id=case.pk,
                kind="voluntary",
                amount=self.resolve(amount, case),
                payer="李四",
                received_on=today(),
            )
            if receipt is not None:
                self.call(money.receipt_confirm, actor=self.who(data, "finance"), receipt_id=receipt.pk)

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), amount=AMOUNTS)
        def propose_payout(self, data, amount):
            case = self.pick_case(data)
            applicant = case.parties.get(role=PartyRole.APPLICANT)
            self.call(
                money.payout_propose,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                payee_id=applicant.pk,
                amount=self.resolve(amount, case),
            )

        @precondition(lambda self: Payout.objects.filter(status__in=["proposed", "approved"]).exists())
        @rule(data=st.data(), approve=st.booleans())
        def decide_or_execute_payout(self, data, approve):
            open_ = list(Payout.objects.filter(status__in=["proposed", "approved"]).order_by("pk"))
            payout = data.draw(st.sampled_from(open_), label="payout")
            if payout.status == PayoutStatus.PROPOSED:
                self.call(
                    money.payout_decide, actor=self.who(data, "head"), payout_id=payout.pk, approve=approve
                )
            else:
                self.call(money.payout_execute, actor=self.who(data, "finance"), payout_id=payout.pk)

        @precondition(lambda self: self.cases)
        @rule(data=st.data())
        def propose_listing(self, data):
            case = self.pick_case(data)
            respondent = case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk").first()
            self.call(
                sanctions.defaulter_propose,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                party_id=respondent.pk,
                grounds=["4"],
                facts="未按执行通知报告财产",
            )

        @precondition(
            lambda self: DefaulterEntry.objects.filter(status__in=["proposed", "published"]).exists()
        )
        @rule(data=st.data(), approve=st.booleans())
        def decide_or_remove_listing(self, data, approve):
            open_ = list(DefaulterEntry.objects.filter(status__in=["proposed", "published"]).order_by("pk"))
            entry = data.draw(st.sampled_from(open_), label="entry")
            if entry.status == EntryStatus.PROPOSED:
                self.call(
                    sanctions.defaulter_decide,
                    actor=self.who(data, "head"),
                    entry_id=entry.pk,
                    approve=approve,
                    note="" if approve else "证据不足",
                )
            else:
                self.call(
                    sanctions.defaulter_remove,
                    actor=self.who(data, "judge"),
                    entry_id=entry.pk,
                    reason="performed",
                    note="已履行完毕",
                )

        @precondition(lambda self: self.cases)
        @rule(data=st.data())
        def enforce_in_full(self, data):
            """The whole way to 执行完毕 in one step, each call by the right person: money in for
            what is owed, confirmed, the stages walked, paid out, concluded and approved (each call
            may still be refused by the case's state: a suspended or closed case stays so)."""
            case = self.pick_case(data)
            receipt = self.call(
                money.receipt_record,
                actor=people["clerk"],
                case_id=case.pk,
                kind="voluntary",
                amount=self.resolve("owed", case),
                payer="李四",
                received_on=today(),
            )
            if receipt is not None:
                self.call(money.receipt_confirm, actor=people["finance"], receipt_id=receipt.pk)
            for action in ("investigate", "dispose", "pay_out"):
                self.call(case_act, actor=people["judge"], case_id=case.pk, action_key=action)
            payout = self.call(
                money.payout_propose,
                actor=people["judge"],
                case_id=case.pk,
                payee_id=case.parties.get(role=PartyRole.APPLICANT).pk,
                amount=self.resolve("balance", case),
            )
            if payout is not None:
                self.call(money.payout_decide, actor=people["head"], payout_id=payout.pk, approve=True)
                self.call(money.payout_execute, actor=people["finance"], payout_id=payout.pk)
            acted = self.call(
                case_act, actor=people["judge"], case_id=case.pk, action_key="conclude", reason="已全部履行"
            )
            if acted is not None and acted.approval is not None:
                self.call(approval_decide, actor=people["head"], approval_id=acted.approval.pk, approve=True)

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), amount=AMOUNTS, part=st.sampled_from(["all", "all", "half"]))
        def deduct(self, data, amount, part):
            """扣划: the judge sends a deduction notice for a bank deposit, the bank answers with what it
            deducted (all or part of it), which records a bank-deduction receipt for finance."""
            case = self.pick_case(data)
            asked = Decimal(self.resolve(amount, case))
            drafted = self.call(
                notice_draft,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                agency_id=bank.pk,
                action=NoticeAction.DEDUCT,
                asset_id=self.bank_account(data, case).pk,
                payload={"amount": str(asked)},
            )
            if drafted is not None and drafted.notice is not None and drafted.notice.status == "sent":
                deducted = (
                    asked if part == "all" else max((asked / 2).quantize(Decimal("0.01")), Decimal("0.01"))
                )
                self.call(
                    notice_answer,
                    agency=bank,
                    notice_id=drafted.notice.pk,
                    result="done",
                    data={"amount": str(deducted), "from": today().isoformat()},
                )

        @precondition(lambda self: Receipt.objects.filter(status=ReceiptStatus.RECORDED).exists())
        @rule(data=st.data())
        def confirm_receipt(self, data):
            waiting = list(Receipt.objects.filter(status=ReceiptStatus.RECORDED).order_by("pk"))
            receipt = data.draw(st.sampled_from(waiting), label="receipt")
            self.call(money.receipt_confirm, actor=self.who(data, "finance"), receipt_id=receipt.pk)

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), amount=st.sampled_from(["excess", "excess", "1.00", "5000.00"]))
        def propose_refund(self, data, amount):
            case = self.pick_case(data)
            self.call(
                money.refund_propose,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                payee_id=self.respondents(case)[0].pk,
                amount=self.resolve(amount, case),
                reason="多付款项退还被执行人",
            )

        @precondition(lambda self: Refund.objects.filter(status__in=["proposed", "approved"]).exists())
        @rule(data=st.data(), approve=st.booleans())
        def decide_or_execute_refund(self, data, approve):
            open_ = list(Refund.objects.filter(status__in=["proposed", "approved"]).order_by("pk"))
            refund = data.draw(st.sampled_from(open_), label="refund")
            if refund.status == RefundStatus.PROPOSED:
                self.call(
                    money.refund_decide, actor=self.who(data, "head"), refund_id=refund.pk, approve=approve
                )
            else:
                self.call(money.refund_execute, actor=self.who(data, "finance"), refund_id=refund.pk)

        @precondition(lambda self: self.cases)
        @rule(data=st.data())
        def issue_order(self, data):
            case = self.pick_case(data)
            self.call(
                sanctions.consumption_issue,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                party_id=self.respondents(case)[0].pk,
            )

        # --- 终本 and 恢复执行 -------------------------------------------------------------------
        @precondition(lambda self: self.days_passed < 200)
        @rule()
        def time_passes(self):
            """A hundred days: past 终本's three months, the payout limits, the listing's terms."""
            clock.shift(dt.timedelta(days=100))
            self.days_passed += 100

        def checklist_item(self, data, case, item, *, by_the_right_people=False):
            """One item of 终本's checklist, by whoever the draw picks or (to get somewhere) by the
            case's judge and clerk, the network query then finding nothing."""
            actor = people["judge"] if by_the_right_people else self.who(data, "judge")
            clerk = people["clerk"] if by_the_right_people else self.who(data, "clerk", "judge")
            if item == "documents":
                for kind in START_DOCUMENTS:
                    for party in self.respondents(case):
                        if case.documents.filter(kind=kind, party=party, services__isnull=False).exists():
                            continue
                        document = self.call(
                            document_issue, actor=actor, kind=kind, case_id=case.pk, party_id=party.pk
                        )
                        if document is not None:
                            self.call(
                                service_record,
                                actor=clerk,
                                document_id=document.pk,
                                method="direct",
                                date=today(),
                                recipient=party.name,
                                proof=proof_file(),
                            )
            elif item == "network_query":
                ids = [party.pk for party in self.respondents(case)]
                query = self.call(network_query_start, actor=actor, respondent_ids=ids)
                if query is not None:
                    # the task the outbox sends on commit (never, inside the test's transaction)
                    network_query_run(query_id=query.pk)
                found = not by_the_right_people and data.draw(st.booleans(), label="property found")
                for notice in Notice.objects.filter(network_query=query).order_by("pk") if query else []:
                    items = [{"identifier": "6222000011112222", "value": "5000.00"}] if found else []
                    self.call(
                        notice_answer,
                        agency=notice.agency,
                        notice_id=notice.pk,
                        result="done",
                        data={"items": items},
                    )
            elif item == "hearing":
                self.call(
                    applicant_hearing_record,
                    actor=actor,
                    case_id=case.pk,
                    held_on=today(),
                    way="interview",
                    note="告知未发现可供执行的财产",
                )
            else:
                for party in self.respondents(case):
                    if not ConsumptionOrder.objects.filter(party=party, status=OrderStatus.IN_FORCE).exists():
                        self.call(
                            sanctions.consumption_issue, actor=actor, case_id=case.pk, party_id=party.pk
                        )

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), item=st.sampled_from(END_ROUND_ITEMS))
        def meet_end_round_item(self, data, item):
            self.checklist_item(data, self.pick_case(data), item)

        @precondition(lambda self: self.cases)
        @rule(data=st.data(), meet_all=st.booleans())
        def end_round(self, data, meet_all):
            """The judge proposes 终本 (refused while its checklist is not met), after meeting every
            item first or as things stand; the head decides."""
            case = self.pick_case(data)
            if meet_all:
                self.call(case_act, actor=people["judge"], case_id=case.pk, action_key="investigate")
                for item in END_ROUND_ITEMS:
                    self.checklist_item(data, case, item, by_the_right_people=True)
                if self.days_passed < 100:
                    self.time_passes()
            acted = self.call(
                case_act,
                actor=self.who(data, "judge"),
                case_id=case.pk,
                action_key="end_round",
                reason="穷尽财产调查措施，未发现可供执行的财产",
            )
            if acted is not None and acted.approval is not None:
                self.call(
                    approval_decide,
                    actor=self.who(data, "head"),
                    approval_id=acted.approval.pk,
                    approve=data.draw(st.sampled_from([True, True, True, False]), label="approve"),
                )

        @precondition(lambda self: Case.objects.filter(state=CaseState.TERMINATED_ROUND).exists())
        @rule(data=st.data())
        def resume(self, data):
            ended = list(
                Case.objects.filter(state=CaseState.TERMINATED_ROUND)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            case_id = data.draw(st.sampled_from(ended), label="ended case")
            acted = self.call(
                case_act,
                actor=self.who(data, "judge"),
                case_id=case_id,
                action_key="resume",
                reason="申请执行人提供新的财产线索",
            )
            if acted is not None and acted.approval is not None:
                self.call(
                    approval_decide, actor=self.who(data, "head"), approval_id=acted.approval.pk, approve=True
                )

        # --- judicial aid -------------------------------------------------------------------------
        @precondition(lambda self: self.cases)
        @rule(data=st.data(), amount=st.sampled_from(["5000.00", "15000.00", "300000.00"]))
        def aid_apply(self, data, amount):
            case = self.pick_case(data)
            self.call(
                aid.application_file,
                actor=self.who(data, "clerk"),
                case_id=case.pk,
                applicant_id=case.parties.get(role=PartyRole.APPLICANT).pk,
                hardship_category="livelihood",
                household_size=3,
                household_income="800.00",
                household_facts="一家三口，无固定收入",
                amount_requested=amount,
                files=[pdf()],
            )

        @precondition(
            lambda self: Application.objects.filter(
                status__in=[
                    ApplicationStatus.FILED,
                    ApplicationStatus.RECOMMENDED,
                    ApplicationStatus.APPROVED,
                ]
            ).exists()
        )
        @rule(data=st.data(), approve=st.booleans())
        def aid_progress(self, data, approve):
            """The judge recommends, the approver decides (reserving from the budget), finance pays."""
            open_ = list(
                Application.objects.filter(
                    status__in=[
                        ApplicationStatus.FILED,
                        ApplicationStatus.RECOMMENDED,
                        ApplicationStatus.APPROVED,
                    ]
                ).order_by("pk")
            )
            application = data.draw(st.sampled_from(open_), label="application")
            if application.status == ApplicationStatus.FILED:
                self.call(
                    aid.application_recommend,
                    actor=self.who(data, "judge"),
                    application_id=application.pk,
                    amount=str(application.amount_requested),
                    opinion="符合救助条件",
                )
            elif application.status == ApplicationStatus.RECOMMENDED:
                self.call(
                    aid.application_decide,
                    actor=self.who(data, "head", "judge"),
                    application_id=application.pk,
                    approve=approve,
                    note="" if approve else "不符合救助条件",
                )
            else:
                self.call(aid.aid_pay, actor=self.who(data, "finance"), application_id=application.pk)

        # --- invariants ------------------------------------------------------------------------
        @invariant()
        def ledgers_never_pay_out_more_than_received(self):
            for account in CaseAccount.objects.filter(case_id__in=self.cases):
                received = Receipt.objects.filter(
                    case=account.case, status=ReceiptStatus.CONFIRMED
                ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
                paid = Payout.objects.filter(account=account, status=PayoutStatus.EXECUTED).aggregate(
                    total=Sum("amount")
                )["total"] or Decimal("0")
                assert account.confirmed_total == received
                assert account.paid_total == paid
                assert paid + account.refunded_total <= received

        @invariant()
        def closed_cases_hold_nothing_in_force(self):
            closed = Case.objects.filter(pk__in=self.cases, state__in=CLOSED)
            # Closing drafts a lifting notice for every measure that holds (assistance.closing; the
            # judge signs it, the agency confirms): a measure may stand until then, never without one.
            holding = ControlMeasure.objects.filter(case__in=closed, status__in=IN_FORCE_MEASURES)
            unlifted = holding.exclude(
                pk__in=Notice.objects.filter(action=NoticeAction.LIFT)
                .exclude(status=NoticeStatus.CANCELLED)
                .values("measure_id")
            )
            assert not unlifted.exists(), list(unlifted)
            assert not DefaulterEntry.objects.filter(case__in=closed, status=EntryStatus.PUBLISHED).exists()
            assert not ConsumptionOrder.objects.filter(case__in=closed, status=OrderStatus.IN_FORCE).exists()

        @invariant()
        def nobody_decides_their_own_proposal(self):
            assert not Approval.objects.filter(decided_by=F("proposer")).exists()
            assert not Payout.objects.filter(decided_by=F("proposed_by")).exists()
            assert not DefaulterEntry.objects.filter(decided_by=F("proposed_by")).exists()
            assert not Refund.objects.filter(decided_by=F("proposed_by")).exists()
            assert not Application.objects.filter(decided_by=F("recommended_by")).exists()

        @invariant()
        def every_state_is_the_one_the_audit_trail_records(self):
            for case in Case.objects.filter(pk__in=self.cases):
                moves = [
                    event.data["to"]
                    for event in AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
                    .order_by("id")
                    .only("data")
                    if isinstance(event.data, dict) and "to" in event.data
                ]
                assert (moves[-1] if moves else CaseState.FILED) == case.state, (case.state, moves)

        @invariant()
        def aid_budgets_never_pay_more_than_allocated(self):
            for budget in Budget.objects.all():
                paid = Application.objects.filter(budget=budget, status=ApplicationStatus.PAID).aggregate(
                    total=Sum("approved_amount")
                )["total"] or Decimal("0")
                reserved = Application.objects.filter(
                    budget=budget, status=ApplicationStatus.APPROVED
                ).aggregate(total=Sum("approved_amount"))["total"] or Decimal("0")
                assert budget.paid_total == paid, (budget.paid_total, paid)
                assert budget.reserved_total == reserved, (budget.reserved_total, reserved)
                assert paid + reserved <= budget.allocated_total

        @invariant()
        def end_round_only_with_its_checklist_met(self):
            """Checked after the step that brought the case to 终本: every condition met then."""
            for case in Case.objects.filter(state=CaseState.TERMINATED_ROUND).exclude(pk__in=self.ended):
                missing = [
                    (item.label, item.reason) for item in action_checklist("end_round", case) if not item.met
                ]
                assert not missing, missing
                self.ended.add(case.pk)

        @invariant()
        def nobody_sees_outside_their_court_or_agency(self):
            """What each person's selectors return is exactly their courts' (their own and those below
            it) or their agency's records: nothing of another court or agency, nothing of theirs missing."""

            def pks(queryset):
                return set(queryset.values_list("pk", flat=True))

            # A record never changes court or agency: what anyone sees changes only when records are
            # added, so the full check runs after the steps that added some (most steps do).
            added = tuple(
                model.objects.aggregate(last=Max("pk"))["last"]
                for model in (Case, Notice, Receipt, Payout, Refund, Application, Approval)
            )
            if added == self.seen_up_to:
                return
            self.seen_up_to = added
            expected = {}  # court path -> model -> the pks of its courts' records
            for user in observers.values():
                membership = membership_of(user)
                if membership.agency_id:
                    assert not notices_visible_to(user).exclude(agency_id=membership.agency_id).exists()
                    for nothing in (
                        cases_visible_to,
                        receipts_visible_to,
                        payouts_visible_to,
                        applications_visible_to,
                    ):
                        assert not nothing(user).exists(), nothing.__name__
                    continue
                path = membership.court.path
                if path not in expected:
                    theirs = Case.objects.filter(court__in=Court.objects.filter(path__startswith=path))
                    expected[path] = {
                        "cases": pks(theirs),
                        **{
                            model.__name__: pks(model.objects.filter(case__in=theirs))
                            for model in (Notice, Receipt, Payout, Refund, Application)
                        },
                    }
                want = expected[path]
                assert pks(cases_visible_to(user)) == want["cases"]
                for selector, model in (
                    (notices_visible_to, Notice),
                    (receipts_visible_to, Receipt),
                    (payouts_visible_to, Payout),
                    (refunds_visible_to, Refund),
                    (applications_visible_to, Application),
                ):
                    assert pks(selector(user)) == want[model.__name__], (user.username, model.__name__)
                assert not approvals_waiting_for(user).exclude(case_id__in=want["cases"]).exists()

        @invariant()
        def the_audit_chain_verifies(self):
            audit_seal_pending()
            result = audit_verify()
            assert result.ok, result.reason
            assert result.unsealed == 0

    return Lifecycle


@pytest.fixture
def stand_in_pdfs(monkeypatch):
    """The documents the machine issues (notices, 执行通知书, 失信决定书…) numbered, stored and audited
    as ever, their PDF a small stand-in for WeasyPrint's layout, which is most of a step's time: what
    a document looks like is tests/documents' business, not the lifecycle's. PROPS_REAL_PDF=1 renders
    them for real."""
    if os.environ.get("PROPS_REAL_PDF"):
        return
    import hashlib

    from documents import services as documents

    def stand_in(html: str) -> bytes:
        digest = hashlib.sha256(html.encode()).hexdigest().encode()
        return b"%PDF-1.4\n% " + digest + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

    monkeypatch.setattr(documents, "html_to_pdf", stand_in)
    monkeypatch.setattr(documents, "check_glyphs", lambda *args, **kwargs: None)


@pytest.mark.timeout(3600 if LONG else 300)
@pytest.mark.usefixtures("wage", "stand_in_pdfs")
def test_the_lifecycle_keeps_its_invariants(
    clock, intermediate_court, court, other_court, clerk, judge, head, finance
):
    bank = AgencyFactory(name="中国工商银行西宁分行", kind=AgencyKind.BANK)
    other_bank = AgencyFactory(name="中国建设银行西宁分行", kind=AgencyKind.BANK)
    people = {
        "clerk": clerk,
        "judge": judge,
        "head": head,
        "finance": finance,
        "second_judge": make_member(Role.JUDGE, court=court, username="judge2", name="周法官"),
        "other_court_judge": make_member(Role.JUDGE, court=other_court, username="judge_x", name="外院法官"),
        "other_court_head": make_member(Role.HEAD, court=other_court, username="head_x", name="外院局长"),
    }
    # who the visibility invariant asks, beyond the people who act: the parent court, another
    # court's clerk, the bank's officer and another bank's
    observers = {
        **people,
        "parent_court_head": make_member(
            Role.HEAD, court=intermediate_court, username="head_p", name="中院局长"
        ),
        "other_court_clerk": make_member(
            Role.CLERK, court=other_court, username="clerk_x", name="外院书记员"
        ),
        "bank_officer": make_member(Role.LIAISON, agency=bank, username="bank_officer", name="银行联络员"),
        "other_bank_officer": make_member(
            Role.LIAISON, agency=other_bank, username="other_bank_officer", name="他行联络员"
        ),
    }
    machine = lifecycle_machine(people, bank, observers, clock)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=int(os.environ.get("PROPS_EXAMPLES", 60 if LONG else 6)),
            stateful_step_count=30 if LONG else 12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print("\n".join(f"{count:5d} {what}" for what, count in sorted(OUTCOMES.items())))
