"""The case-money services: open a case's account, record and confirm money received (also from a
bank's deduction answer), propose, approve and execute payouts and refunds of over-payment, record
the applicant's confirmation of direct performance. Distribution plans: money.distribution.

Transaction contract: every service checks who acts, then locks the case and the account row in
this order (cases.locking.lock_for_case first, then the account), changes the rows, writes the audit
event and queues the notifications in one transaction. Executing a payout is idempotent: a payout
already executed is returned as it is, nothing is recorded twice; so is a refund. What was paid out
and refunded together never exceeds the confirmed receipts: checked under the account lock and
backed by a CHECK constraint. Inside an agency's answer (receipt_from_deduction) the order is case,
notice, account: no money service locks a notice after the account, so the orders never cross."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F as models_F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import Membership
from enforcement.money import MONEY_MAX, too_large_message
from enforcement.notifications import notification_queue
from money import events
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus, RefundStatus
from money.models import CaseAccount, DirectPerformance, Payout, Receipt, Refund

CENT = Decimal("0.01")
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE}


# --- the payment reference (一案一账号) -----------------------------------------------------------
def check_digit(digits: str) -> str:
    """The Luhn check digit of a string of ASCII digits (a mistyped digit or two swapped neighbours
    on a transfer make the reference invalid instead of matching another case)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:  # doubled: the digit that will stand next to the check digit
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def payment_reference(case: Case) -> str:
    """ "<court-code digits>-<case id, ten digits><check digit>": the court code's ASCII digits (the
    province character cannot be typed on every bank's form), then the case id, which makes it
    unique, and a check digit over both."""
    court_digits = "".join(ch for ch in case.court.code if ch in "0123456789") or f"{case.court_id:04d}"
    body = f"{court_digits}{case.pk:010d}"
    return f"{court_digits}-{case.pk:010d}{check_digit(body)}"


def reference_is_valid(reference: str) -> bool:
    match = re.fullmatch(r"(\d+)-(\d{10})(\d)", reference or "")
    return bool(match) and check_digit(match[1] + match[2]) == match[3]


def account_for(case: Case) -> CaseAccount:
    """The case's account, opened when first needed (a case filed before this app existed). Opening
    it writes no event: the reference is derived from the case, nothing is decided."""
    account, _created = CaseAccount.objects.get_or_create(
        case=case, defaults={"reference": payment_reference(case)}
    )
    return account


def open_on_filing(sender, instance: Case, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save receiver on Case: a new case gets its account in the filing's transaction."""
    if created and not raw:
        account_for(instance)


# --- helpers ---------------------------------------------------------------------------------------
def parse_amount(value, field: str = "amount") -> Decimal:
    """A positive amount of yuan with at most two decimals, at most MONEY_MAX; never a float."""
    if isinstance(value, float):
        raise InvalidInput(_("The amount is malformed."), fields={field: [_("The amount is malformed.")]})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput(
            _("The amount is malformed."), fields={field: [_("The amount is malformed.")]}
        ) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        message = _("The amount must be more than zero, with at most two decimals.")
        raise InvalidInput(message, fields={field: [message]})
    if amount > MONEY_MAX:
        message = str(too_large_message())
        raise InvalidInput(message, fields={field: [message]})
    return amount


def _member(actor, case: Case, roles, message) -> Membership:
    """The actor's membership when it is of the case's own court and one of `roles`; else NotAllowed."""
    membership = membership_of(actor)
    if membership is None or membership.court_id != case.court_id or membership.role not in roles:
        raise NotAllowed(message)
    return membership


def _lock(actor, case_id) -> tuple[Case, CaseAccount]:
    """The case (NotFound unless the actor may see it), then its account row: the one lock order."""
    case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
    account_for(case)
    account = CaseAccount.objects.select_for_update(of=("self",)).get(case=case)
    return case, account


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def _case_link(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _finance_of(case: Case):
    return [
        m.user
        for m in Membership.objects.filter(court_id=case.court_id, role=Role.FINANCE, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _heads_of(case: Case):
    return [
        m.user
        for m in Membership.objects.filter(court_id=case.court_id, role=Role.HEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _tell(recipients, *, kind: str, title, link: str) -> None:
    for user in recipients:
        notification_queue(recipient=user, kind=kind, title=title, link=link)


# --- money received --------------------------------------------------------------------------------
def receipt_record(
    *, actor, case_id, kind: str, amount, payer: str, received_on: dt.date, note: str = ""
) -> Receipt:
    """Court staff of the case's court record money received; finance confirms it later."""
    amount = parse_amount(amount)
    if kind not in ReceiptKind.values:
        message = _("Choose the kind of money received.")
        raise InvalidInput(message, fields={"kind": [message]})
    payer = (payer or "").strip()
    if not payer:
        message = _("Name who paid.")
        raise InvalidInput(message, fields={"payer": [message]})
    if not isinstance(received_on, dt.date) or received_on > timezone.localdate():
        message = _("The date received must be a date not in the future.")
        raise InvalidInput(message, fields={"received_on": [message]})
    with transaction.atomic():
        case, account = _lock(actor, case_id)
        _member(
            actor, case, COURT_STAFF, _("Only court staff of the case's court may record money received.")
        )
        receipt = Receipt.objects.create(
            account=account,
            case=case,
            kind=kind,
            amount=amount,
            payer=payer[:200],
            received_on=received_on,
            note=(note or "").strip()[:200],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.RECEIPT_RECORDED,
            obj=case,
            subject=receipt,
            court=case.court,
            summary=lambda: f"登记收款 {ReceiptKind(kind).label} {_money(amount)}（{payer[:40]}）",
            data={"receipt_id": receipt.pk, "amount": str(amount), "kind": kind},
        )
        _tell(
            _finance_of(case),
            kind=events.RECEIPT_RECORDED.action,
            title=lambda: (
                _("Money received to confirm: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(amount)}
            ),
            link=_case_link(case),
        )
    return receipt


def receipt_confirm(*, actor, receipt_id) -> Receipt:
    """Finance of the case's court confirms a receipt against the court's account, once."""
    try:
        case_id = Receipt.objects.values_list("case_id", flat=True).get(pk=receipt_id)
    except (Receipt.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The money received does not exist or you may not view it.")) from None
    with transaction.atomic():
        case, account = _lock(actor, case_id)
        _member(
            actor,
            case,
            {Role.FINANCE},
            _("Only a finance officer of the case's court may confirm money received."),
        )
        receipt = Receipt.objects.select_for_update(of=("self",)).get(pk=receipt_id)
        if receipt.status == ReceiptStatus.CONFIRMED:
            raise Conflict(_("This money received has already been confirmed."), code="receipt_confirmed")
        receipt.status = ReceiptStatus.CONFIRMED
        receipt.confirmed_by = actor
        receipt.confirmed_at = timezone.now()
        receipt.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        account.confirmed_total += receipt.amount
        account.save(update_fields=["confirmed_total"])
        audit_record(
            actor=actor,
            action=events.RECEIPT_CONFIRMED,
            obj=case,
            subject=receipt,
            court=case.court,
            summary=f"财务确认收款 {_money(receipt.amount)}，案款余额 {_money(account.balance)}",
            data={"receipt_id": receipt.pk, "amount": str(receipt.amount), "balance": str(account.balance)},
        )
        if case.judge_id:
            _tell(
                [case.judge],
                kind=events.RECEIPT_CONFIRMED.action,
                title=lambda: (
                    _("Money received confirmed: %(number)s %(amount)s")
                    % {"number": case.number, "amount": _money(receipt.amount)}
                ),
                link=_case_link(case),
            )
    return receipt


# --- payouts ---------------------------------------------------------------------------------------
def _refuse_over_balance(account: CaseAccount, amount: Decimal) -> None:
    if amount > account.balance:
        message = _("The payout of %(amount)s is more than the balance of the case's money, %(balance)s.") % {
            "amount": _money(amount),
            "balance": _money(account.balance),
        }
        raise Conflict(message, code="payout_over_balance")


def payout_propose(*, actor, case_id, payee_id, amount, reason: str = "") -> Payout:
    """The case's judge proposes paying `amount` to a party of the case (usually the applicant); it
    may not be more than the balance of confirmed money."""
    amount = parse_amount(amount)
    with transaction.atomic():
        case, account = _lock(actor, case_id)
        _member(actor, case, {Role.JUDGE, Role.HEAD}, _("Only the case's judge may propose a payout."))
        membership = membership_of(actor)
        if membership.role == Role.JUDGE and case.judge_id != actor.pk:
            raise NotAllowed(_("Only the case's judge may propose a payout."))
        payee = Party.objects.filter(pk=payee_id, case=case).first() if str(payee_id).isdigit() else None
        if payee is None:
            message = _("Choose a party of this case to pay.")
            raise InvalidInput(message, fields={"payee": [message]})
        _refuse_over_balance(account, amount)
        payout = Payout.objects.create(
            account=account,
            case=case,
            payee=payee,
            amount=amount,
            reason=(reason or "").strip(),
            proposed_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.PAYOUT_PROPOSED,
            obj=case,
            subject=payout,
            court=case.court,
            summary=lambda: f"提请发放案款 {_money(amount)} 给{PartyRole(payee.role).label}{payee.name}",
            data={"payout_id": payout.pk, "amount": str(amount), "payee_id": payee.pk},
        )
        _tell(
            [u for u in _heads_of(case) if u.pk != actor.pk],
            kind=events.PAYOUT_PROPOSED.action,
            title=lambda: (
                _("Payout to approve: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(amount)}
            ),
            link=_case_link(case),
        )
    return payout


def _locked_payout(actor, payout_id) -> tuple[Case, CaseAccount, Payout]:
    try:
        case_id = Payout.objects.values_list("case_id", flat=True).get(pk=payout_id)
    except (Payout.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The payout does not exist or you may not view it.")) from None
    case, account = _lock(actor, case_id)
    payout = Payout.objects.select_for_update(of=("self",)).select_related("payee").get(pk=payout_id)
    return case, account, payout


def payout_decide(*, actor, payout_id, approve: bool) -> Payout:
    """The division head of the case's court approves or refuses a proposed payout; never their own
    proposal."""
    with transaction.atomic():
        case, account, payout = _locked_payout(actor, payout_id)
        _member(
            actor, case, {Role.HEAD}, _("Only the division head of the case's court may approve a payout.")
        )
        if payout.proposed_by_id == actor.pk:
            raise NotAllowed(_("You proposed this payout: another head must decide it."))
        if payout.status != PayoutStatus.PROPOSED:
            raise Conflict(
                _("The payout is “%(status)s”: it can no longer be decided.")
                % {"status": payout.get_status_display()},
                code="payout_decided",
            )
        if approve:
            _refuse_over_balance(account, payout.amount)
        payout.status = PayoutStatus.APPROVED if approve else PayoutStatus.REJECTED
        payout.decided_by = actor
        payout.decided_at = timezone.now()
        payout.save(update_fields=["status", "decided_by", "decided_at"])
        event = events.PAYOUT_APPROVED if approve else events.PAYOUT_REJECTED
        verb = "批准" if approve else "不批准"
        audit_record(
            actor=actor,
            action=event,
            obj=case,
            subject=payout,
            court=case.court,
            summary=f"{verb}发放案款 {_money(payout.amount)} 给{payout.payee_display}",
            data={"payout_id": payout.pk, "amount": str(payout.amount)},
        )
        recipients = [payout.proposed_by] + (_finance_of(case) if approve else [])
        _tell(
            recipients,
            kind=event.action,
            title=lambda: (
                (
                    _("Payout approved, to execute: %(number)s %(amount)s")
                    if approve
                    else _("Payout not approved: %(number)s %(amount)s")
                )
                % {"number": case.number, "amount": _money(payout.amount)}
            ),
            link=_case_link(case),
        )
    return payout


def payout_execute(*, actor, payout_id) -> Payout:
    """Finance of the case's court pays an approved payout out, exactly once: a payout already
    executed is returned unchanged (a second request, a double click, a retry records nothing).
    Refused when the balance of confirmed money does not cover it."""
    with transaction.atomic():
        case, account, payout = _locked_payout(actor, payout_id)
        _member(
            actor, case, {Role.FINANCE}, _("Only a finance officer of the case's court may execute a payout.")
        )
        if payout.status == PayoutStatus.EXECUTED:
            return payout
        if payout.status != PayoutStatus.APPROVED:
            raise Conflict(
                _("The payout is “%(status)s”: only an approved payout can be executed.")
                % {"status": payout.get_status_display()},
                code="payout_not_approved",
            )
        _refuse_over_balance(account, payout.amount)
        payout.status = PayoutStatus.EXECUTED
        payout.executed_by = actor
        payout.executed_at = timezone.now()
        payout.save(update_fields=["status", "executed_by", "executed_at"])
        account.paid_total += payout.amount
        account.save(update_fields=["paid_total"])
        audit_record(
            actor=actor,
            action=events.PAYOUT_EXECUTED,
            obj=case,
            subject=payout,
            court=case.court,
            summary=f"发放案款 {_money(payout.amount)} 给{payout.payee_display}，案款余额 {_money(account.balance)}",
            data={"payout_id": payout.pk, "amount": str(payout.amount), "balance": str(account.balance)},
        )
        recipients = [payout.proposed_by] + (
            [case.judge] if case.judge_id and case.judge_id != payout.proposed_by_id else []
        )
        _tell(
            recipients,
            kind=events.PAYOUT_EXECUTED.action,
            title=lambda: (
                _("Payout executed: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(payout.amount)}
            ),
            link=_case_link(case),
        )
    return payout


# --- refunds of over-payment (退款) ---------------------------------------------------------------
def _refuse_refund(account: CaseAccount, amount: Decimal, case: Case) -> None:
    """A refund is at most the balance, and at most what was paid beyond what is owed: while the
    respondent still owes the applicants anything, money on the account is theirs."""
    from money.standing import overpaid

    if amount > account.balance:
        message = _("The refund of %(amount)s is more than the balance of the case's money, %(balance)s.") % {
            "amount": _money(amount),
            "balance": _money(account.balance),
        }
        raise Conflict(message, code="refund_over_balance")
    excess = overpaid(case, account=account)
    if amount > excess:
        message = _(
            "The refund of %(amount)s is more than what was paid beyond what is owed, %(excess)s."
        ) % {
            "amount": _money(amount),
            "excess": _money(excess),
        }
        raise Conflict(message, code="refund_over_excess")


def refund_propose(*, actor, case_id, payee_id, amount, reason: str = "") -> Refund:
    """The case's judge proposes returning over-payment to the party who paid it (not an applicant)."""
    amount = parse_amount(amount)
    with transaction.atomic():
        case, account = _lock(actor, case_id)
        _member(actor, case, {Role.JUDGE, Role.HEAD}, _("Only the case's judge may propose a refund."))
        if membership_of(actor).role == Role.JUDGE and case.judge_id != actor.pk:
            raise NotAllowed(_("Only the case's judge may propose a refund."))
        payee = Party.objects.filter(pk=payee_id, case=case).first() if str(payee_id).isdigit() else None
        if payee is None or payee.role == PartyRole.APPLICANT:
            message = _("Choose the party of this case who paid (not an applicant).")
            raise InvalidInput(message, fields={"payee": [message]})
        _refuse_refund(account, amount, case)
        refund = Refund.objects.create(
            account=account,
            case=case,
            payee=payee,
            amount=amount,
            reason=(reason or "").strip(),
            proposed_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.REFUND_PROPOSED,
            obj=case,
            subject=refund,
            court=case.court,
            summary=f"提请退还多缴案款 {_money(amount)} 给{payee.name}",
            data={"refund_id": refund.pk, "amount": str(amount), "payee_id": payee.pk},
        )
        _tell(
            [u for u in _heads_of(case) if u.pk != actor.pk],
            kind=events.REFUND_PROPOSED.action,
            title=lambda: (
                _("Refund to approve: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(amount)}
            ),
            link=_case_link(case),
        )
    return refund


def _locked_refund(actor, refund_id) -> tuple[Case, CaseAccount, Refund]:
    try:
        case_id = Refund.objects.values_list("case_id", flat=True).get(pk=refund_id)
    except (Refund.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The refund does not exist or you may not view it.")) from None
    case, account = _lock(actor, case_id)
    refund = Refund.objects.select_for_update(of=("self",)).select_related("payee").get(pk=refund_id)
    return case, account, refund


def refund_decide(*, actor, refund_id, approve: bool) -> Refund:
    """A division head of the case's court approves or refuses a proposed refund; never their own."""
    with transaction.atomic():
        case, account, refund = _locked_refund(actor, refund_id)
        _member(
            actor, case, {Role.HEAD}, _("Only the division head of the case's court may approve a refund.")
        )
        if refund.proposed_by_id == actor.pk:
            raise NotAllowed(_("You proposed this refund: another head must decide it."))
        if refund.status != RefundStatus.PROPOSED:
            raise Conflict(
                _("The refund is “%(status)s”: it can no longer be decided.")
                % {"status": refund.get_status_display()},
                code="refund_decided",
            )
        if approve:
            _refuse_refund(account, refund.amount, case)
        refund.status = RefundStatus.APPROVED if approve else RefundStatus.REJECTED
        refund.decided_by = actor
        refund.decided_at = timezone.now()
        refund.save(update_fields=["status", "decided_by", "decided_at"])
        event = events.REFUND_APPROVED if approve else events.REFUND_REJECTED
        audit_record(
            actor=actor,
            action=event,
            obj=case,
            subject=refund,
            court=case.court,
            summary=f"{'批准' if approve else '不批准'}退还案款 {_money(refund.amount)} 给{refund.payee.name}",
            data={"refund_id": refund.pk, "amount": str(refund.amount)},
        )
        _tell(
            [refund.proposed_by] + (_finance_of(case) if approve else []),
            kind=event.action,
            title=lambda: (
                (
                    _("Refund approved, to execute: %(number)s %(amount)s")
                    if approve
                    else _("Refund not approved: %(number)s %(amount)s")
                )
                % {"number": case.number, "amount": _money(refund.amount)}
            ),
            link=_case_link(case),
        )
    return refund


def refund_execute(*, actor, refund_id) -> Refund:
    """Finance pays an approved refund back, exactly once (a second request returns it unchanged);
    refused when the balance no longer covers it (a payout went first)."""
    with transaction.atomic():
        case, account, refund = _locked_refund(actor, refund_id)
        _member(
            actor, case, {Role.FINANCE}, _("Only a finance officer of the case's court may execute a refund.")
        )
        if refund.status == RefundStatus.EXECUTED:
            return refund
        if refund.status != RefundStatus.APPROVED:
            raise Conflict(
                _("The refund is “%(status)s”: only an approved refund can be executed.")
                % {"status": refund.get_status_display()},
                code="refund_not_approved",
            )
        if refund.amount > account.balance:
            message = _(
                "The refund of %(amount)s is more than the balance of the case's money, %(balance)s."
            ) % {
                "amount": _money(refund.amount),
                "balance": _money(account.balance),
            }
            raise Conflict(message, code="refund_over_balance")
        refund.status = RefundStatus.EXECUTED
        refund.executed_by = actor
        refund.executed_at = timezone.now()
        refund.save(update_fields=["status", "executed_by", "executed_at"])
        account.refunded_total += refund.amount
        account.save(update_fields=["refunded_total"])
        audit_record(
            actor=actor,
            action=events.REFUND_EXECUTED,
            obj=case,
            subject=refund,
            court=case.court,
            summary=f"退还案款 {_money(refund.amount)} 给{refund.payee.name}，案款余额 {_money(account.balance)}",
            data={"refund_id": refund.pk, "amount": str(refund.amount), "balance": str(account.balance)},
        )
        _tell(
            [refund.proposed_by],
            kind=events.REFUND_EXECUTED.action,
            title=lambda: (
                _("Refund executed: %(number)s %(amount)s")
                % {"number": case.number, "amount": _money(refund.amount)}
            ),
            link=_case_link(case),
        )
    return refund


# --- direct performance confirmed by the applicant -------------------------------------------------
def direct_performance_record(
    *,
    actor,
    case_id,
    applicant_id,
    amount,
    paid_on: dt.date,
    confirmation: str,
    fully_performed: bool = False,
) -> DirectPerformance:
    """The applicant confirmed in writing that the respondent paid them `amount` directly: it is
    performed (what is owed goes down) without money through the account. `amount` may be zero when
    the applicant only confirms the whole debt performed (fully_performed)."""
    if str(amount).strip() in ("0", "0.00") and fully_performed:
        amount = Decimal("0.00")
    else:
        amount = parse_amount(amount)
    confirmation = (confirmation or "").strip()
    if not confirmation:
        message = _("Name the applicant's written confirmation (its date or file reference).")
        raise InvalidInput(message, fields={"confirmation": [message]})
    if not isinstance(paid_on, dt.date) or paid_on > timezone.localdate():
        message = _("The date paid must be a date not in the future.")
        raise InvalidInput(message, fields={"paid_on": [message]})
    with transaction.atomic():
        case, _account = _lock(actor, case_id)
        _member(
            actor,
            case,
            {Role.JUDGE, Role.HEAD, Role.CLERK},
            _("Only court staff handling the case may record this."),
        )
        applicant = (
            Party.objects.filter(pk=applicant_id, case=case, role=PartyRole.APPLICANT).first()
            if str(applicant_id).isdigit()
            else None
        )
        if applicant is None:
            message = _("Choose an applicant of this case.")
            raise InvalidInput(message, fields={"applicant": [message]})
        item = DirectPerformance.objects.create(
            case=case,
            applicant=applicant,
            amount=amount,
            paid_on=paid_on,
            confirmation=confirmation[:200],
            fully_performed=bool(fully_performed),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.DIRECT_PERFORMANCE,
            obj=case,
            subject=item,
            court=case.court,
            summary=f"申请执行人{applicant.name}书面确认被执行人直接履行{_money(amount)}（{confirmation[:80]}）"
            + ("，确认全部履行完毕" if fully_performed else ""),
            data={"direct_id": item.pk, "amount": str(amount), "fully_performed": bool(fully_performed)},
        )
    return item


# --- money from a bank's deduction answer ----------------------------------------------------------
def receipt_from_deduction(*, notice, amount: Decimal, on: dt.date, actor=None) -> Receipt | None:
    """The bank answered a deduction notice (扣划) with the amount it transferred: a receipt of kind
    bank deduction on the case, for finance to confirm. Called inside the answer's transaction (the
    case and the notice are locked by it); once per notice."""
    if not amount or amount <= 0 or Receipt.objects.filter(notice=notice).exists():
        return None
    case = notice.case
    account_for(case)
    account = CaseAccount.objects.select_for_update(of=("self",)).get(case=case)
    payer = ", ".join(case.parties.filter(role=PartyRole.RESPONDENT).values_list("name", flat=True))[:200]
    receipt = Receipt.objects.create(
        account=account,
        case=case,
        kind=ReceiptKind.BANK_DEDUCTION,
        amount=amount,
        payer=payer or notice.agency.name[:200],
        received_on=min(on, timezone.localdate()),
        note=f"{notice.agency.name}扣划（协助执行通知书 {notice.pk}）"[:200],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        notice=notice,
    )
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=notice.agency.name,
        action=events.RECEIPT_RECORDED,
        obj=case,
        subject=receipt,
        court=case.court,
        summary=f"登记收款 银行扣划 {_money(amount)}（{notice.agency.name}答复扣划）",
        data={
            "receipt_id": receipt.pk,
            "amount": str(amount),
            "kind": ReceiptKind.BANK_DEDUCTION,
            "notice_id": notice.pk,
        },
    )
    _tell(
        _finance_of(case),
        kind=events.RECEIPT_RECORDED.action,
        title=lambda: (
            _("Money received to confirm: %(number)s %(amount)s")
            % {"number": case.number, "amount": _money(amount)}
        ),
        link=_case_link(case),
    )
    return receipt


# --- the 30-day payout limit -----------------------------------------------------------------------
def unpaid_receipts(account: CaseAccount) -> list[Receipt]:
    """The confirmed receipts of the account not yet covered by what was paid out, taking payouts to
    settle the money that arrived first (first in, first out)."""
    covered = account.paid_total + account.refunded_total
    out = []
    for receipt in Receipt.objects.filter(account=account, status=ReceiptStatus.CONFIRMED).order_by(
        "received_on", "pk"
    ):
        if covered >= receipt.amount:
            covered -= receipt.amount
            continue
        covered = Decimal("0.00")
        out.append(receipt)
    return out


def _tell_limit(users, *, kind: str, receipt: Receipt, case: Case, overdue: bool, days: int) -> None:
    params = {"days": days, "number": case.number, "amount": _money(receipt.amount)}

    def title():
        if overdue:
            return _("Money received %(days)s days ago is not paid out: %(number)s %(amount)s") % params
        return _("Money received to pay out within %(days)s days: %(number)s %(amount)s") % params

    for user in [u for u in users if u is not None]:
        notification_queue(
            recipient=user,
            kind=kind,
            title=title,
            link=_case_link(case),
            dedupe_key=f"{kind}:{receipt.pk}:{user.pk}",
        )


def payout_deadline_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: money received and still not paid out warns the judge and finance when it has been on
    the account for the warning days, and is flagged overdue (judge, head and finance told) when the
    payout limit has passed. Each receipt warns once and is flagged once, however often the sweep
    runs (the flags on the receipt, and the notifications' dedupe keys)."""
    from money.rules import PAYOUT_DAYS, PAYOUT_WARNING_DAYS, rule

    today = today or timezone.localdate()
    counts = {"warned": 0, "overdue": 0}
    accounts = CaseAccount.objects.filter(
        confirmed_total__gt=models_F("paid_total") + models_F("refunded_total")
    ).values_list("pk", flat=True)
    for account_id in list(accounts):
        with transaction.atomic():
            case_id = CaseAccount.objects.values_list("case_id", flat=True).get(pk=account_id)
            case = lock_for_case(case_id, select_related=("court",)).case
            account = CaseAccount.objects.select_for_update(of=("self",)).get(pk=account_id)
            for receipt in unpaid_receipts(account):
                days = (today - receipt.received_on).days
                limit = int(rule(PAYOUT_DAYS, on=receipt.received_on).value)
                warning = int(rule(PAYOUT_WARNING_DAYS, on=receipt.received_on).value)
                if days >= limit and receipt.payout_overdue_at is None:
                    receipt.payout_overdue_at = timezone.now()
                    receipt.save(update_fields=["payout_overdue_at"])
                    counts["overdue"] += 1
                    users = [case.judge, *_heads_of(case), *_finance_of(case)]
                    _tell_limit(
                        users,
                        kind="money.payout_overdue",
                        receipt=receipt,
                        case=case,
                        overdue=True,
                        days=limit,
                    )
                elif warning <= days < limit and receipt.payout_warned_at is None:
                    receipt.payout_warned_at = timezone.now()
                    receipt.save(update_fields=["payout_warned_at"])
                    counts["warned"] += 1
                    users = [case.judge, *_finance_of(case)]
                    _tell_limit(
                        users,
                        kind="money.payout_due",
                        receipt=receipt,
                        case=case,
                        overdue=False,
                        days=limit - days,
                    )
    return counts
