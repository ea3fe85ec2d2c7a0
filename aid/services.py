"""The judicial-aid services: fund a court's budget, file an application, the judge's
recommendation, the approver's decision (reserving from the budget), cancellation (releasing it),
payment by finance (exactly once), telling the applicant, the 司法救助决定书 and the social-aid
referral to civil affairs.

Transaction contract: every service checks who acts, then locks in the one lock order
(cases.locking): the case first (lock_for_case), then the application row, then the budget row of the
court and year last; changes the rows, writes the audit event and queues notifications in one
transaction. Concurrent approvals therefore queue on the budget row: each one sees what the one
before it reserved, and the budget's CHECK constraint backs the check. Paying is idempotent: an
application already paid is returned as it is."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aid import events, rules
from aid.choices import ApplicationStatus, BudgetEntryKind, HardshipCategory
from aid.models import Application, Budget, BudgetEntry, CommitteeMember, ProvinceWage, SupportingFile
from assets.models import Asset
from assistance.end_round import network_query_answered
from cases.choices import CaseState, PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language
from enforcement.models import Court, Membership
from enforcement.notifications import notification_queue
from enforcement.workdays import add_working_days
from money.selectors import performed_to_applicants
from money.services import parse_amount

S = ApplicationStatus
ZERO = Decimal("0.00")
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD}
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
# What a supporting file may be, told by its first bytes (as documents.serving tells a proof)
FILE_TYPES = (
    (b"%PDF-", {".pdf"}),
    (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", {".png"}),
)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def _link(application: Application) -> str:
    return reverse("aid:detail", args=[application.pk])


def _users(court_id, role):
    return [
        m.user
        for m in Membership.objects.filter(court_id=court_id, role=role, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def approvers_of(court_id) -> list:
    """The aid committee of the court when it has one (CommitteeMember rows), else its division heads."""
    members = [
        m.user
        for m in CommitteeMember.objects.filter(court_id=court_id, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]
    return members or _users(court_id, Role.HEAD)


def may_approve(user, court_id) -> bool:
    membership = membership_of(user)
    if membership is None or membership.court_id != court_id:
        return False
    if CommitteeMember.objects.filter(court_id=court_id).exists():
        return CommitteeMember.objects.filter(court_id=court_id, user=user).exists()
    return membership.role == Role.HEAD


def _tell(users, *, kind, title, link, dedupe=None):
    for user in users:
        if user is None:
            continue
        notification_queue(
            recipient=user,
            kind=kind,
            title=title,
            link=link,
            dedupe_key=f"{dedupe}:{user.pk}" if dedupe else None,
        )


# --- the budget ------------------------------------------------------------------------------------
def _locked_budget(court_id: int, year: int) -> Budget:
    """The court's budget of `year`, created when first needed, locked. Always the last lock."""
    try:
        with transaction.atomic():
            Budget.objects.get_or_create(court_id=court_id, year=year)
    except IntegrityError:  # created by a concurrent request at the same moment
        pass
    return Budget.objects.select_for_update(of=("self",)).get(court_id=court_id, year=year)


def budget_fund(*, actor, court_id, year, amount, kind: str = BudgetEntryKind.ALLOCATION, note: str = ""):
    """A finance officer of the court records money the government allocated to (or topped up in)
    the court's aid budget of `year`. The budget's allocated total is the sum of these entries."""
    amount = parse_amount(amount)
    if kind not in (BudgetEntryKind.ALLOCATION, BudgetEntryKind.TOP_UP):
        raise _invalid("kind", _("Choose allocation or top-up."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise _invalid("year", _("Enter a year.")) from None
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise _invalid("year", _("Enter a year from 2000 to next year."))
    membership = membership_of(actor)
    if membership is None or membership.role != Role.FINANCE or str(membership.court_id) != str(court_id):
        raise NotAllowed(_("Only a finance officer of the court may fund its aid budget."))
    with transaction.atomic():
        budget = _locked_budget(membership.court_id, year)
        entry = BudgetEntry.objects.create(
            budget=budget, kind=kind, amount=amount, note=(note or "").strip()[:300], recorded_by=actor
        )
        budget.allocated_total += amount
        budget.save(update_fields=["allocated_total"])
        audit_record(
            actor=actor,
            action=events.BUDGET_FUNDED,
            obj=budget,
            subject=entry,
            court=budget.court,
            summary=lambda: (
                f"{year}年度司法救助资金{BudgetEntryKind(kind).label} {_money(amount)}，"
                f"可用 {_money(budget.available)}"
            ),
            data={"entry_id": entry.pk, "kind": kind, "amount": str(amount), "year": year},
        )
    return entry


# --- what the application rests on ---------------------------------------------------------------
def cannot_pay_reason(case: Case) -> str | None:
    """None when the case shows that the respondent cannot pay: 终本, or the network query answered
    by every agency with no property found. Otherwise why an application may not be filed."""
    if case.state == CaseState.TERMINATED_ROUND:
        return None
    if network_query_answered(case) is None and not Asset.objects.filter(case=case).exists():
        return None
    return _(
        "Judicial aid is for a case whose respondent cannot pay: the current round must be "
        "terminated, or the network query answered with no property found."
    )


def owed_to_applicants(case: Case, *, exclude_id=None) -> Decimal:
    """What the applicants are still owed: the basis's money obligation, less what was paid out to
    the applicants from the case's account and the aid already approved or paid on the case (money
    has no 'owed' helper; aid does not reduce the respondent's debt, but the same loss is not aided
    twice)."""
    basis = getattr(case, "basis", None)
    obligation = (basis.money_amount if basis is not None else None) or ZERO
    aided = (
        Application.objects.filter(case=case, status__in=[S.APPROVED, S.PAID])
        .exclude(pk=exclude_id)
        .aggregate(s=Sum("approved_amount"))["s"]
        or ZERO
    )
    return max(ZERO, obligation - performed_to_applicants(case) - aided)


def province_of(court: Court) -> str:
    return (court.code or "")[:1]


def aid_cap(court: Court, *, on: dt.date) -> tuple[Decimal, str]:
    """(cap, how it was computed): 36 × the province's average monthly wage of the year before `on`.
    Conflict when the wage table has no row for that province and year."""
    months = int(rules.rule(rules.CAP_MONTHS, on=on).value)
    province, year = province_of(court), on.year - 1
    wage = ProvinceWage.objects.filter(province=province, year=year).first()
    if wage is None:
        raise Conflict(
            _(
                "The average monthly wage of %(province)s for %(year)s is not in the wage table: an "
                "administrator must enter it before aid can be approved."
            )
            % {"province": province, "year": year},
            code="aid_no_wage",
        )
    cap = (wage.monthly_wage * months).quantize(Decimal("0.01"))
    basis = f"{province} {year}年职工月平均工资 {_money(wage.monthly_wage)} × {months}（{wage.source}）"
    return cap, basis


def check_amount(case: Case, amount: Decimal, *, on: dt.date, above_cap_reason: str, exclude_id=None):
    """(cap, basis) when `amount` may be approved; InvalidInput on `amount` or `above_cap_reason`."""
    cap, basis = aid_cap(case.court, on=on)
    owed = owed_to_applicants(case, exclude_id=exclude_id)
    if amount > owed:
        raise _invalid(
            "amount",
            _("The aid of %(amount)s is more than the applicants are still owed, %(owed)s: never allowed.")
            % {"amount": _money(amount), "owed": _money(owed)},
        )
    if amount > cap and not (above_cap_reason or "").strip():
        raise _invalid(
            "above_cap_reason",
            _(
                "The aid of %(amount)s is above the cap of %(cap)s (%(basis)s): state the reason for "
                "exceeding it."
            )
            % {"amount": _money(amount), "cap": _money(cap), "basis": basis},
        )
    return cap, basis


# --- filing --------------------------------------------------------------------------------------
def _check_file(upload) -> None:
    if upload.size > MAX_FILE_BYTES:
        raise _invalid(
            "files",
            _("%(name)s is too large: at most %(mb)s MB.")
            % {"name": upload.name, "mb": MAX_FILE_BYTES // (1024 * 1024)},
        )
    if upload.size == 0:
        raise _invalid("files", _("%(name)s is empty.") % {"name": upload.name})
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) and extension in exts for magic, exts in FILE_TYPES):
        raise _invalid("files", _("%(name)s must be a PDF, JPEG or PNG file.") % {"name": upload.name})


def application_file(
    *,
    actor,
    case_id,
    applicant_id,
    hardship_category: str,
    household_size,
    household_income,
    household_facts: str,
    amount_requested,
    files=(),
) -> Application:
    """Court staff of the case's court file an application in the applicant's name. The decision
    is due within the rule's working days of the day it is complete (filed with its files)."""
    amount = parse_amount(amount_requested, "amount_requested")
    if hardship_category not in HardshipCategory.values:
        raise _invalid("hardship_category", _("Choose the hardship."))
    try:
        size = int(household_size)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= 50:
        raise _invalid("household_size", _("Enter the number of household members (1 to 50)."))
    try:
        income = Decimal(str(household_income).strip() or "0")
        if not income.is_finite() or income < 0 or income != income.quantize(Decimal("0.01")):
            raise ValueError
    except (ArithmeticError, ValueError):
        raise _invalid(
            "household_income", _("Enter the household's monthly income (0 or more, two decimals).")
        ) from None
    facts = (household_facts or "").strip()
    if not facts:
        raise _invalid("household_facts", _("Describe the household's situation."))
    files = list(files or [])
    if not files:
        raise _invalid("files", _("Attach the supporting files (proof of hardship)."))
    if len(files) > MAX_FILES:
        raise _invalid("files", _("At most %(n)s files.") % {"n": MAX_FILES})
    for upload in files:
        _check_file(upload)
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
        membership = membership_of(actor)
        if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
            raise NotAllowed(_("Only court staff of the case's court may file a judicial aid application."))
        applicant = (
            Party.objects.filter(pk=applicant_id, case=case, role=PartyRole.APPLICANT).first()
            if str(applicant_id).isdigit()
            else None
        )
        if applicant is None:
            raise _invalid("applicant", _("Choose an applicant of this case."))
        reason = cannot_pay_reason(case)
        if reason:
            raise Conflict(reason, code="aid_respondent_may_pay")
        if Application.objects.filter(
            case=case, applicant=applicant, status__in=[S.FILED, S.RECOMMENDED, S.APPROVED]
        ).exists():
            raise Conflict(
                _("%(name)s already has an open judicial aid application on this case.")
                % {"name": applicant.name},
                code="aid_open_application",
            )
        today = timezone.localdate()
        due = add_working_days(today, int(rules.rule(rules.DECISION_WORKING_DAYS, on=today).value))
        application = Application.objects.create(
            case=case,
            court=case.court,
            applicant=applicant,
            hardship_category=hardship_category,
            household_size=size,
            household_income=income,
            household_facts=facts,
            amount_requested=amount,
            filed_by=actor,
            complete_on=today,
            decision_due_on=due.date,
            decision_due_provisional=not due.exact,
        )
        for upload in files:
            SupportingFile.objects.create(
                application=application,
                file=upload,
                name=(upload.name or "")[:200],
                size=upload.size,
                uploaded_by=actor,
            )
        audit_record(
            actor=actor,
            action=events.APPLICATION_FILED,
            obj=case,
            subject=application,
            court=case.court,
            summary=lambda: (
                f"受理{applicant.name}的国家司法救助申请（{HardshipCategory(hardship_category).label}），"
                f"申请金额 {_money(amount)}，应于{due.date.isoformat()}前作出决定"
            ),
            data={"application_id": application.pk, "amount": str(amount), "due": due.date.isoformat()},
        )
        _tell(
            [case.judge],
            kind=events.APPLICATION_FILED.action,
            title=lambda: (
                _("Judicial aid to review: %(number)s %(name)s")
                % {"number": case.number, "name": applicant.name}
            ),
            link=_link(application),
        )
    return application


def _locked(actor, application_id) -> tuple[Case, Application]:
    """The case (NotFound unless visible to the actor), then the application row."""
    try:
        case_id = Application.objects.values_list("case_id", flat=True).get(pk=application_id)
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The judicial aid application does not exist or you may not view it.")) from None
    case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("applicant").get(pk=application_id)
    )
    return case, application


def _state_conflict(application: Application, doing: str) -> Conflict:
    return Conflict(
        _("The application is “%(status)s”: it cannot be %(doing)s.")
        % {"status": application.get_status_display(), "doing": doing},
        code="aid_state",
    )


# --- review and decision -------------------------------------------------------------------------
def application_recommend(*, actor, application_id, amount, opinion: str = "") -> Application:
    """The case's judge reviews the application and recommends an amount (0 recommends refusal is
    not used: a judge who would refuse says so in the opinion and recommends nothing)."""
    amount = parse_amount(amount)
    with transaction.atomic():
        case, application = _locked(actor, application_id)
        membership = membership_of(actor)
        if (
            membership is None
            or membership.court_id != case.court_id
            or membership.role != Role.JUDGE
            or case.judge_id != actor.pk
        ):
            raise NotAllowed(_("Only the case's judge may review a judicial aid application."))
        if application.status != S.FILED:
            raise _state_conflict(application, _("reviewed"))
        opinion = (opinion or "").strip()
        if not opinion:
            raise _invalid("opinion", _("Give the review's opinion."))
        application.recommend()
        application.recommended_amount = amount
        application.recommendation = opinion
        application.recommended_by = actor
        application.recommended_at = timezone.now()
        application.save()
        audit_record(
            actor=actor,
            action=events.APPLICATION_RECOMMENDED,
            obj=case,
            subject=application,
            court=case.court,
            summary=f"审查{application.applicant.name}的司法救助申请，建议救助 {_money(amount)}",
            data={"application_id": application.pk, "amount": str(amount)},
        )
        _tell(
            approvers_of(case.court_id),
            kind=events.APPLICATION_RECOMMENDED.action,
            title=lambda: (
                _("Judicial aid to approve: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(amount)}
            ),
            link=_link(application),
        )
    return application


def application_decide(
    *, actor, application_id, approve: bool, amount=None, above_cap_reason: str = "", note: str = ""
) -> Application:
    """The approver (the court's aid committee, else its division head) approves an amount or
    refuses. Approving reserves the amount from the court's budget of the current year under the
    budget's row lock; refused with a clear message when the budget's available money does not cover
    it, when it is above the cap without a stated reason, or above what is owed."""
    with transaction.atomic():
        case, application = _locked(actor, application_id)
        if not may_approve(actor, case.court_id):
            raise NotAllowed(
                _(
                    "Only the aid committee of the case's court, or its division head, may decide judicial aid."
                )
            )
        if application.status not in (S.FILED, S.RECOMMENDED):
            raise _state_conflict(application, pgettext("judicial aid", "decided"))
        if application.recommended_by_id == actor.pk:
            raise NotAllowed(_("You reviewed this application: another approver must decide it."))
        now = timezone.now()
        if not approve:
            note = (note or "").strip()
            if not note:
                raise _invalid("note", _("Give the reason for not approving."))
            application.reject()
            application.decision_note = note
            application.decided_by, application.decided_at = actor, now
            application.save()
            audit_record(
                actor=actor,
                action=events.APPLICATION_REJECTED,
                obj=case,
                subject=application,
                court=case.court,
                summary=f"决定不予救助{application.applicant.name}：{note[:100]}",
                data={"application_id": application.pk},
            )
            _tell(
                [application.filed_by, case.judge],
                kind=events.APPLICATION_REJECTED.action,
                title=lambda: _("Judicial aid not approved: %(number)s") % {"number": case.number},
                link=_link(application),
            )
            return application
        if application.status == S.FILED:
            raise Conflict(
                _("The case's judge has not reviewed the application yet."), code="aid_not_reviewed"
            )
        amount = parse_amount(amount if amount not in (None, "") else application.recommended_amount)
        today = timezone.localdate(now)
        cap, basis = check_amount(
            case, amount, on=today, above_cap_reason=above_cap_reason, exclude_id=application.pk
        )
        budget = _locked_budget(case.court_id, today.year)
        if amount > budget.available:
            raise Conflict(
                _(
                    "The court's judicial aid budget for %(year)s has %(available)s available: it cannot "
                    "cover %(amount)s. Finance must top it up first."
                )
                % {"year": today.year, "available": _money(budget.available), "amount": _money(amount)},
                code="aid_budget_exhausted",
            )
        application.approve()
        application.approved_amount = amount
        application.cap_amount = cap
        application.cap_basis = basis[:300]
        application.above_cap_reason = (above_cap_reason or "").strip() if amount > cap else ""
        application.decision_note = (note or "").strip()
        application.decided_by, application.decided_at = actor, now
        application.budget = budget
        application.save()
        BudgetEntry.objects.create(
            budget=budget,
            kind=BudgetEntryKind.RESERVATION,
            amount=amount,
            application=application,
            note=case.number,
            recorded_by=actor,
        )
        budget.reserved_total += amount
        budget.save(update_fields=["reserved_total"])
        above = "（超出限额，理由：" + application.above_cap_reason[:80] + "）" if amount > cap else ""
        audit_record(
            actor=actor,
            action=events.APPLICATION_APPROVED,
            obj=case,
            subject=application,
            court=case.court,
            summary=(
                f"决定给予{application.applicant.name}国家司法救助 {_money(amount)}"
                f"（限额 {_money(cap)}）{above}，预留{today.year}年度救助资金"
            ),
            data={
                "application_id": application.pk,
                "amount": str(amount),
                "cap": str(cap),
                "budget_id": budget.pk,
            },
        )
        _tell(
            [application.filed_by, case.judge, *_users(case.court_id, Role.FINANCE)],
            kind=events.APPLICATION_APPROVED.action,
            title=lambda: (
                _("Judicial aid approved, to pay: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(amount)}
            ),
            link=_link(application),
        )
    return application


def application_cancel(*, actor, application_id, reason: str) -> Application:
    """The approver cancels an application not yet paid; an approved one releases its reservation."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Give the reason for cancelling."))
    with transaction.atomic():
        case, application = _locked(actor, application_id)
        if not may_approve(actor, case.court_id):
            raise NotAllowed(
                _(
                    "Only the aid committee of the case's court, or its division head, may cancel judicial aid."
                )
            )
        if application.status not in (S.FILED, S.RECOMMENDED, S.APPROVED):
            raise _state_conflict(application, _("cancelled"))
        released = application.status == S.APPROVED
        if released:
            budget = Budget.objects.select_for_update(of=("self",)).get(pk=application.budget_id)
            BudgetEntry.objects.create(
                budget=budget,
                kind=BudgetEntryKind.RELEASE,
                amount=application.approved_amount,
                application=application,
                note=case.number,
                recorded_by=actor,
            )
            budget.reserved_total -= application.approved_amount
            budget.save(update_fields=["reserved_total"])
        application.cancel()
        application.decision_note = reason
        application.save()
        audit_record(
            actor=actor,
            action=events.APPLICATION_CANCELLED,
            obj=case,
            subject=application,
            court=case.court,
            summary=f"撤销{application.applicant.name}的司法救助：{reason[:100]}"
            + (f"，释放预留资金 {_money(application.approved_amount)}" if released else ""),
            data={"application_id": application.pk, "released": released},
        )
    return application


# --- payment -------------------------------------------------------------------------------------
def aid_pay(*, actor, application_id) -> Application:
    """A finance officer of the court pays approved aid, exactly once: an application already paid
    is returned unchanged (a second request, a double click, a retry records nothing). The aid goes
    on the case's ledger (aid.selectors.ledger_lines) as not reducing the respondent's debt."""
    with transaction.atomic():
        case, application = _locked(actor, application_id)
        membership = membership_of(actor)
        if membership is None or membership.court_id != case.court_id or membership.role != Role.FINANCE:
            raise NotAllowed(_("Only a finance officer of the case's court may pay judicial aid."))
        if application.status == S.PAID:
            return application
        if application.status != S.APPROVED:
            raise _state_conflict(application, _("paid"))
        budget = Budget.objects.select_for_update(of=("self",)).get(pk=application.budget_id)
        amount = application.approved_amount
        now = timezone.now()
        today = timezone.localdate(now)
        tell = add_working_days(today, int(rules.rule(rules.TELL_APPLICANT_WORKING_DAYS, on=today).value))
        application.pay()
        application.paid_by, application.paid_at = actor, now
        application.tell_due_on = tell.date
        application.save()
        BudgetEntry.objects.create(
            budget=budget,
            kind=BudgetEntryKind.PAYMENT,
            amount=amount,
            application=application,
            note=case.number,
            recorded_by=actor,
        )
        budget.reserved_total -= amount
        budget.paid_total += amount
        budget.save(update_fields=["reserved_total", "paid_total"])
        audit_record(
            actor=actor,
            action=events.AID_PAID,
            obj=case,
            subject=application,
            court=case.court,
            summary=(
                f"向{application.applicant.name}发放国家司法救助金 {_money(amount)}"
                f"（不抵减被执行人的债务），应于{tell.date.isoformat()}前告知申请人"
            ),
            data={"application_id": application.pk, "amount": str(amount), "budget_id": budget.pk},
        )
        _tell(
            [application.filed_by, case.judge],
            kind=events.AID_PAID.action,
            title=lambda: (
                _("Judicial aid paid: tell %(name)s by %(day)s (%(number)s)")
                % {"name": application.applicant.name, "day": tell.date.isoformat(), "number": case.number}
            ),
            link=_link(application),
        )
    return application


def applicant_told(*, actor, application_id, how: str) -> Application:
    """Court staff of the case's court record that the applicant was told of the aid paid."""
    how = (how or "").strip()
    if not how:
        raise _invalid("how", _("Say how the applicant was told."))
    with transaction.atomic():
        case, application = _locked(actor, application_id)
        membership = membership_of(actor)
        if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
            raise NotAllowed(_("Only court staff of the case's court may record this."))
        if application.status != S.PAID:
            raise _state_conflict(application, _("told as paid"))
        if application.told_at is not None:
            raise Conflict(_("The applicant has already been told."), code="aid_told")
        application.told_at = timezone.now()
        application.told_how = how[:200]
        application.save(update_fields=["told_at", "told_how"])
        audit_record(
            actor=actor,
            action=events.APPLICANT_TOLD,
            obj=case,
            subject=application,
            court=case.court,
            summary=f"已告知{application.applicant.name}司法救助金发放情况（{how[:80]}）",
            data={"application_id": application.pk},
        )
    return application


# --- the decision document and the referral -----------------------------------------------------
def decision_issue(*, actor, application_id):
    """The judge or head issues the 司法救助决定书 of an approved (or paid) application, once."""
    from documents.services import document_issue

    with transaction.atomic():
        case, application = _locked(actor, application_id)
        if application.status not in (S.APPROVED, S.PAID):
            raise _state_conflict(application, _("given a decision document"))
        if application.decision_document_id:
            return application.decision_document
        document = document_issue(actor=actor, kind="aid_decision", case_id=case.pk, subject=application)
        application.decision_document = document
        application.save(update_fields=["decision_document"])
    return document


def referral_send(*, actor, application_id, agency_id):
    """The judge (or head) refers the applicant to civil affairs (民政) for social aid, as an
    assistance notice (social_aid) that the agency answers through the liaison portal."""
    from assistance.choices import NoticeAction
    from assistance.services import notice_draft

    with transaction.atomic():
        case, application = _locked(actor, application_id)
        membership = membership_of(actor)
        if (
            membership is None
            or membership.court_id != case.court_id
            or membership.role
            not in (
                Role.JUDGE,
                Role.HEAD,
            )
        ):
            raise NotAllowed(_("Only a judge or the head of the case's court may send a referral."))
        if application.referral_notice_id:
            raise Conflict(_("A referral has already been sent for this application."), code="aid_referred")
        result = notice_draft(
            actor=actor,
            case_id=case.pk,
            agency_id=agency_id,
            action=NoticeAction.SOCIAL_AID,
            payload={"applicant": application.applicant.name, "aid_application": application.pk},
        )
        application.referral_notice = result.notice
        application.save(update_fields=["referral_notice"])
        audit_record(
            actor=actor,
            action=events.REFERRAL_SENT,
            obj=case,
            subject=application,
            court=case.court,
            summary=f"将{application.applicant.name}转介民政部门给予社会救助（{result.notice.agency.name}）",
            data={"application_id": application.pk, "notice_id": result.notice.pk},
        )
    return result.notice


# --- the deadlines -------------------------------------------------------------------------------
@in_record_language()
def deadline_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: an application awaiting a decision warns the approvers and the judge when its decision
    day is within the warning working days, and once more when it has passed; a paid application
    whose applicant has not been told by the due day reminds the clerk who filed it and the judge.
    Each once (the flags on the row, and the notifications' dedupe keys). Only what is due is read
    (indexed by decision_due_on / tell_due_on)."""
    today = today or timezone.localdate()
    counts = {"warned": 0, "overdue": 0, "tell": 0}
    warning = int(rules.rule(rules.DECISION_WARNING_WORKING_DAYS, on=today).value)
    horizon = add_working_days(today, warning).date
    due = Application.objects.filter(
        status__in=S.open_states(), decision_due_on__lte=horizon, decision_overdue_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            case_id = Application.objects.values_list("case_id", flat=True).get(pk=pk)
            case = lock_for_case(case_id).case
            application = Application.objects.select_for_update(of=("self",)).get(pk=pk)
            if application.status not in S.open_states():
                continue
            users = [case.judge, *approvers_of(case.court_id)]
            if application.decision_due_on < today and application.decision_overdue_at is None:
                application.decision_overdue_at = timezone.now()
                application.save(update_fields=["decision_overdue_at"])
                counts["overdue"] += 1
                _tell(
                    users,
                    kind="aid.decision_overdue",
                    title=_("Judicial aid decision overdue since %(day)s: %(number)s")
                    % {"day": application.decision_due_on.isoformat(), "number": case.number},
                    link=_link(application),
                    dedupe=f"aid.decision_overdue:{pk}",
                )
            elif application.decision_due_on >= today and application.decision_warned_at is None:
                application.decision_warned_at = timezone.now()
                application.save(update_fields=["decision_warned_at"])
                counts["warned"] += 1
                _tell(
                    users,
                    kind="aid.decision_due",
                    title=_("Judicial aid to decide by %(day)s: %(number)s")
                    % {"day": application.decision_due_on.isoformat(), "number": case.number},
                    link=_link(application),
                    dedupe=f"aid.decision_due:{pk}",
                )
    untold = Application.objects.filter(
        status=S.PAID, told_at__isnull=True, tell_due_on__lte=today, tell_reminded_at__isnull=True
    ).select_related("case")
    for application in list(untold):
        Application.objects.filter(pk=application.pk).update(tell_reminded_at=timezone.now())
        counts["tell"] += 1
        _tell(
            [application.filed_by, application.case.judge],
            kind="aid.tell_applicant",
            title=_("Tell the applicant of the judicial aid paid by %(day)s: %(number)s")
            % {"day": application.tell_due_on.isoformat(), "number": application.case.number},
            link=_link(application),
            dedupe=f"aid.tell_applicant:{application.pk}",
        )
    return counts
