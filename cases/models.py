"""The enforcement case: number, basis, parties, state machine, time limit, approvals.

Invariants:
- `number` is unique; (court, year, type_code, seq) is unique and seq counts 1, 2, 3… per court, year
  and type with no gap (allocated under a row lock on CaseNumberCounter in the filing transaction).
- `state` changes only through the @transition methods below, called by cases.services.
- `deadline` = filed_on + time limit + extensions + days suspended; it is stored (and indexed) so the
  list sorts by it and the daily sweep reads only the cases that are due.
"""

import datetime as dt
import operator
import secrets
from decimal import Decimal
from functools import reduce

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

from cases.choices import (
    AgentKind,
    ApprovalStatus,
    BasisKind,
    CaseState,
    CaseType,
    HearingWay,
    IdType,
    PartyKind,
    PartyRole,
)
from cases.validators import id_facts
from enforcement.access import membership_of, visible_courts
from enforcement.choices import Role
from enforcement.money import MoneyField

S = CaseState
ACTIVE = [S.FILED, S.INVESTIGATING, S.DISPOSING, S.PAYING_OUT]


class CaseNumberCounter(models.Model):
    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    type_code = models.CharField(max_length=4, choices=CaseType.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "type_code"], name="case_counter_unique")
        ]

    def __str__(self):
        return f"{self.court_id}/{self.year}/{self.type_code}: {self.last}"


# Who works on a case (办案人员): its judge, its clerk and whoever filed it; the division head of its
# court works on every case of that court (they approve its weighty actions).
CASE_WORKER_FIELDS = ("judge", "clerk", "filed_by")


def case_worker_scope(user) -> tuple[int, tuple[str, ...]] | None:
    """The one definition of "works on this case" (CaseQuerySet.worked_on_by and
    cases.selectors.works_on_case read it): None for a user who works on no case, else the court
    and the case fields that must name the user (none for the head: every case of the court)."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return None
    return membership.court_id, () if membership.role == Role.HEAD else CASE_WORKER_FIELDS


def case_worked_on_by(user, case) -> bool:
    """The predicate of CaseQuerySet.worked_on_by for one loaded case (no query beyond the user's
    membership)."""
    scope = case_worker_scope(user)
    if scope is None or case.court_id != scope[0]:
        return False
    return not scope[1] or user.pk in {getattr(case, f"{name}_id") for name in scope[1]}


def case_worker_q(user, prefix: str = "") -> models.Q | None:
    """CaseQuerySet.worked_on_by as a condition on a related case (`prefix` "case__" for a model
    with a case foreign key): the rows of cases the user works on, as a join rather than an
    `IN (subquery)`, which PostgreSQL turns into a hash of every case of the court first (the
    answers panel of a judge's work list: 130 ms -> 1 ms at 200,000 cases). None: no case."""
    scope = case_worker_scope(user)
    if scope is None:
        return None
    court_id, fields = scope
    condition = models.Q(**{f"{prefix}court_id": court_id})
    if fields:
        condition &= reduce(operator.or_, (models.Q(**{f"{prefix}{name}": user}) for name in fields))
    return condition


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(court__in=visible_courts(user))

    def worked_on_by(self, user):
        """The cases the user works on (case_worker_scope)."""
        condition = case_worker_q(user)
        return self.none() if condition is None else self.filter(condition)


class Case(ConcurrentTransitionMixin, models.Model):
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    type_code = models.CharField(
        _("case type"), max_length=4, choices=CaseType.choices, default=CaseType.FIRST
    )
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("case number"), max_length=64, unique=True)
    state = FSMField(_("state"), default=S.FILED, choices=CaseState.choices, protected=True, db_index=True)
    state_before_suspension = models.CharField(max_length=20, blank=True, choices=CaseState.choices)

    filed_on = models.DateField(_("filing date"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge in charge"),
        on_delete=models.PROTECT,
        related_name="judge_cases",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clerk_cases",
    )

    subject_amount = MoneyField(_("amount in dispute"), null=True, blank=True)
    application_fee = MoneyField(_("application fee"), max_digits=12, computed=True)
    fee_explanation = models.TextField(_("how the fee was computed"), blank=True)
    delay_interest = MoneyField(_("delayed-performance interest"), default=0, computed=True)
    interest_explanation = models.TextField(_("how the interest was computed"), blank=True)
    # The parts of delay_interest by the rule that computed them (cases.money.InterestPart.as_dict):
    # before 2014-08-01 法释〔2009〕6号, from then on 法释〔2014〕8号; they add up to delay_interest.
    interest_parts = models.JSONField(
        _("interest by period"), default=list, blank=True, encoder=DjangoJSONEncoder
    )

    non_litigation = models.BooleanField(_("non-litigation case"), default=False)
    time_limit_months = models.PositiveSmallIntegerField(_("time limit (months)"))
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), default=0)
    suspended_days = models.PositiveIntegerField(_("days suspended"), default=0)
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    notice_due = models.DateField(_("execution notice due"))
    notice_served_on = models.DateField(_("execution notice served"), null=True, blank=True)
    deadline_warned_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    cause = models.CharField(_("cause of action"), max_length=100, blank=True)
    original_case_number = models.CharField(
        _("original case number"), max_length=100, blank=True, db_index=True
    )
    related_cases = models.ManyToManyField("self", verbose_name=_("related cases"), blank=True)
    # Filed although an earlier case enforces the same basis between some of the same parties:
    # the clerk's reason why this is a different application (cases.services.case_file).
    duplicate_reason = models.TextField(_("reason for filing the same basis again"), blank=True)

    resumed_from = models.ForeignKey(
        "self",
        verbose_name=_("resumed from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resumptions",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "type_code", "seq"], name="case_number_parts_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["court", "state", "deadline"], name="case_court_state_deadline"),
            models.Index(fields=["judge", "state"], name="case_judge_state"),
            # The case list's sort orders within a court (cases.selectors.LIST_ORDERINGS): the page of 20
            # is read in index order instead of sorting every case of the court (issue 15).
            # It carries the columns the list filters on (and CASE_WORKER_FIELDS, for "mine"), so
            # that a page's ids are read from it alone, the filters checked on its entries
            # (enforcement.pagination, ids_first): "filed this year" walks 40,000 entries of a
            # court's cases in deadline order to find 20 (this year's filings have the latest
            # deadlines), 130 ms through the table, 3 in the index.
            models.Index(
                fields=["court", "deadline", "id"],
                name="case_court_deadline_id",
                include=["filed_on", "state", "type_code", "judge", "clerk", "filed_by", "subject_amount"],
            ),
            models.Index(fields=["court", "filed_at", "id"], name="case_court_filed_id"),
            models.Index(
                models.F("court"),
                models.F("subject_amount").asc(nulls_first=True),
                models.F("id"),
                name="case_court_amount_id",
            ),
            # The running cases of a court by deadline: the overdue and due-soon filters and the home
            # page's counters. The condition spells out CaseState.running_states() (an index condition
            # must be literal): if those states change, change it too, or the planner stops using it.
            models.Index(
                fields=["court", "deadline", "id"],
                # the filing date, for "no network query yet" read from the index (ids_first)
                include=["filed_on"],
                condition=models.Q(state__in=["filed", "investigating", "disposing", "paying_out"]),
                name="case_running_court_deadline",
            ),
            # the overdue running cases of several courts by deadline (a head's work list, the
            # supervision node list): the court filter is a subquery, so the planner walks the
            # deadline order; without the state condition in the index it read ~100,000 closed
            # cases at 200,000 to find five (207 ms -> 0.07 ms)
            models.Index(
                fields=["deadline", "id"],
                condition=models.Q(state__in=["filed", "investigating", "disposing", "paying_out"]),
                name="case_running_deadline_id",
            ),
            # running cases whose execution notice is not served yet, by deadline (the list filter
            # "notice_pending", a judge's "execution notices to send"): a few among the court's
            # running cases, which the count read whole
            models.Index(
                fields=["court", "deadline", "id"],
                condition=models.Q(
                    state__in=["filed", "investigating", "disposing", "paying_out"],
                    notice_served_on__isnull=True,
                ),
                name="case_notice_pending",
            ),
            # the command centre's figures and charts (command.figures): one index-only range scan
            # per court over the filing date, with every column the figures read
            models.Index(
                fields=["court", "filed_on"],
                include=["id", "closed_on", "state", "deadline", "subject_amount"],
                name="case_figures_cover",
            ),
            # the cases closed in a period, per court (closing charts, closed list)
            models.Index(fields=["court", "closed_on"], include=["id", "state"], name="case_court_closed"),
            # rows of other tables joined to their case's court: the pair without the wide table
            models.Index(fields=["court", "id"], name="case_court_id"),
        ]

    def __str__(self):
        return self.number

    @property
    def notice_service_pending(self) -> bool:
        """The execution notice's service takes effect on a day still to come (公告送达: the
        announcement period is running); until then it is not served."""
        return self.notice_served_on is not None and self.notice_served_on > timezone.localdate()

    # --- transitions: fields only; rules, permission and audit live in cases.services ---------
    @transition(field=state, source=S.FILED, target=S.INVESTIGATING)
    def investigate(self):
        pass

    @transition(field=state, source=S.INVESTIGATING, target=S.DISPOSING)
    def dispose(self):
        pass

    @transition(field=state, source=S.DISPOSING, target=S.INVESTIGATING)
    def back_to_investigation(self):
        pass

    @transition(field=state, source=[S.INVESTIGATING, S.DISPOSING], target=S.PAYING_OUT)
    def pay_out(self):
        pass

    @transition(field=state, source=S.PAYING_OUT, target=S.CONCLUDED)
    def conclude(self):
        self.closed_on = timezone.localdate()

    @transition(field=state, source=[S.INVESTIGATING, S.DISPOSING], target=S.TERMINATED_ROUND)
    def end_round(self):
        self.closed_on = timezone.localdate()

    @transition(field=state, source=ACTIVE, target=S.SETTLED)
    def settle(self):
        self.closed_on = timezone.localdate()

    @transition(field=state, source=ACTIVE, target=S.SUSPENDED)
    def suspend(self):
        self.state_before_suspension = self.state
        self.suspended_since = timezone.localdate()

    @transition(
        field=state,
        source=S.SUSPENDED,
        target=GET_STATE(lambda self: self.state_before_suspension or S.INVESTIGATING, states=ACTIVE),
    )
    def lift_suspension(self):
        """Back where it was; the days spent suspended do not count toward the time limit."""
        self.state_before_suspension = ""

    @transition(field=state, source=ACTIVE + [S.SUSPENDED], target=S.TERMINATED)
    def terminate(self):
        self.closed_on = timezone.localdate()

    @transition(field=state, source=ACTIVE + [S.SUSPENDED], target=S.WITHDRAWN)
    def withdraw(self):
        self.closed_on = timezone.localdate()


def compute_deadline(case: Case) -> dt.date:
    """The deadline invariant: filed_on + time limit + extensions (months) + days suspended."""
    months = case.time_limit_months + case.extension_months
    return case.filed_on + relativedelta(months=months) + dt.timedelta(days=case.suspended_days)


class EnforcementBasis(models.Model):
    """执行依据: the effective legal document being enforced and the obligations it fixes."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="basis")
    kind = models.CharField(_("kind of basis"), max_length=20, choices=BasisKind.choices)
    issuing_organ = models.CharField(_("issuing organ"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=100)
    effective_date = models.DateField(_("effective date"))
    performance_deadline = models.DateField(
        _("performance deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Last day for performance fixed by the document; delayed-performance interest runs from the day after."
        ),
    )
    money_amount = MoneyField(_("money obligation"), null=True, blank=True)
    # What money_amount is made of, when given: they add up to it (cases.services.case_file).
    principal = MoneyField(_("principal"), null=True, blank=True)
    judgment_interest = MoneyField(_("interest set by the judgment"), null=True, blank=True)
    costs_borne = MoneyField(_("litigation costs borne"), null=True, blank=True)
    other_amount = MoneyField(_("other amounts"), null=True, blank=True)
    non_money_obligation = models.TextField(_("non-money obligation"), blank=True)
    # Organ and number folded (cases.validators.basis_key): the same basis typed with other
    # brackets or spaces is found again when filed twice.
    key = models.CharField(max_length=220, blank=True, db_index=True)

    BREAKDOWN_FIELDS = ("principal", "judgment_interest", "costs_borne", "other_amount")

    class Meta:
        verbose_name = _("enforcement basis")
        verbose_name_plural = _("enforcement bases")

    def __str__(self):
        return f"{self.issuing_organ} {self.document_number}"


def new_query_code() -> str:
    # 10 characters of an unambiguous alphabet: ~50 bits, not guessable by enumeration.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("party role"), max_length=20, choices=PartyRole.choices)
    kind = models.CharField(_("party kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("ID number"), max_length=40, db_index=True)
    id_note = models.CharField(_("note on the identity document"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    query_code = models.CharField(_("query code"), max_length=16, unique=True, default=new_query_code)
    position = models.PositiveSmallIntegerField(default=0)
    # 下落不明: the respondent cannot be found; 终本 then needs the police asked to find them
    # (终本规定 2016 art. 1). Set through cases.services.party_set_whereabouts, audited.
    whereabouts_unknown = models.BooleanField(_("whereabouts unknown"), default=False, db_default=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "position", "id"]

    def __str__(self):
        return self.name

    @property
    def id_facts(self):
        """(sex, birth date) from a GB 11643 number, else None (cases.validators.id_facts)."""
        return id_facts(self.id_type, self.id_number)


class PartyAgent(models.Model):
    """委托代理人 or 法定代理人 of a party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="agents")
    kind = models.CharField(_("kind of agent"), max_length=20, choices=AgentKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["party", "position", "id"]

    def __str__(self):
        return self.name


class ApprovalQuerySet(models.QuerySet):
    def waiting_for(self, user):
        """What waits on this user: pending requests their role approves, in their court, not their own."""
        membership = user.membership_or_none if user.is_authenticated else None
        if membership is None or membership.court_id is None:
            return self.none()
        return self.filter(
            status=ApprovalStatus.PENDING, court_id=membership.court_id, required_role=membership.role
        ).exclude(proposer=user)


class Approval(models.Model):
    """审批: "action X on case Y with payload Z, proposed by A for reason R". Which role approves
    which action is cases.approvals.APPROVAL_RULES."""

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="approvals")
    action = models.CharField(_("action"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # What the request is about within the case ("notice:12"); empty for actions on the case itself.
    # One pending request per action and subject: proposing the same thing twice is refused.
    subject_key = models.CharField(max_length=64, blank=True, default="")
    reason = models.TextField(_("reason"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    required_role = models.CharField(_("approver role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["court", "required_role", "status"], name="approval_inbox_idx")]
        constraints = [
            # one pending request per action and case: proposing twice is refused
            models.UniqueConstraint(
                fields=["case", "action", "subject_key"],
                condition=models.Q(status="pending"),
                name="approval_one_pending_per_subject",
            )
        ]

    def __str__(self):
        return f"{self.case} · {self.action} · {self.get_status_display()}"


class ApplicantHearing(models.Model):
    """The applicant heard (约谈) or told in writing (书面告知) before 终本 (终本规定 2016 art. 1):
    recorded through cases.services.applicant_hearing_record, audited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applicant_hearings")
    held_on = models.DateField(_("date"))
    way = models.CharField(_("way"), max_length=20, choices=HearingWay.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("applicant hearing")
        verbose_name_plural = _("applicant hearings")
        ordering = ["case", "-held_on", "-id"]

    def __str__(self):
        return f"{self.get_way_display()} {self.held_on}"


def settlement_upload_to(instance, filename: str) -> str:
    return f"settlements/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}-{filename[-80:]}"


class SettlementAgreement(models.Model):
    """执行和解协议 (民诉法 2023 art. 241): recorded when the settlement is approved (cases.closing),
    from the request's payload. One per case (a case settles once; a 执恢 case is another case).
    The agreement's own text (or the 笔录 of an oral one) or its uploaded file, at least one of the
    two; the parties as they were when it was signed; the performance schedule as instalments.

    On breach (art. 241 para. 2) the applicant applies to resume: `breach_*` record the application
    and `resumed_case` the 执恢 case, whose subject amount is the original's less what was performed
    (民诉法解释 2022 art. 465)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="settlement")
    signed_on = models.DateField(_("signed on"))
    terms = models.TextField(_("terms"))
    agreement_text = models.TextField(_("text of the agreement"), blank=True)
    agreement_file = models.FileField(
        _("agreement file"), upload_to=settlement_upload_to, max_length=255, blank=True
    )
    # [{"role", "name"}] of the case's parties when it was signed
    parties = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    total = MoneyField(_("amount agreed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    breach_ground = models.CharField(_("ground of the breach"), max_length=20, blank=True)
    breach_facts = models.TextField(_("facts of the breach"), blank=True)
    breach_applied_on = models.DateField(_("resumption applied for on"), null=True, blank=True)
    performed_deducted = MoneyField(_("performed and deducted"), null=True, blank=True)
    resumed_case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="settlement_resumed"
    )

    class Meta:
        verbose_name = _("settlement agreement")
        verbose_name_plural = _("settlement agreements")

    def __str__(self):
        return f"{self.case} · {self.signed_on}"

    @property
    def performed(self):
        return sum((i.performed_amount for i in self.instalments.all()), start=Decimal("0.00"))

    @property
    def fully_performed(self) -> bool:
        return all(i.performed_amount >= i.amount for i in self.instalments.all())


class SettlementInstalment(models.Model):
    """One instalment of a settlement's performance schedule; what was performed of it and when."""

    agreement = models.ForeignKey(SettlementAgreement, on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount = MoneyField(_("amount"))
    performed_amount = MoneyField(_("performed"), default=Decimal("0.00"))
    performed_on = models.DateField(_("performed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement instalment")
        verbose_name_plural = _("settlement instalments")
        ordering = ["agreement", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "seq"], name="settlement_instalment_seq_unique")
        ]

    def __str__(self):
        return f"{self.seq}: {self.due_on} {self.amount}"
