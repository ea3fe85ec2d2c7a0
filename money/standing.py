"""Where a case's money stands: what the respondent owes (the money debt of the basis, the
delayed-performance interest to date, the fees), what it has performed, what is still owed, and
what reached the applicants (执行到位). Reads only; the case page, the API's case detail, the public
progress page and the conclude condition read the same numbers from here.

Interest to date reuses cases.money.delay_interest (法释〔2014〕8号; before 2014-08-01 法释〔2009〕6号)
stretch by stretch: from the day after the performance deadline to each performance, on what was
still unpaid in that stretch, and on the rest up to today. A performance is applied to the money
debt first (the order of 法释〔2014〕8号 art. 4 — ordinary interest before principal — is not split
out: the basis's breakdown is not tracked per payment)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from cases.choices import PartyRole
from cases.money import delay_interest
from cases.rules import RuleNotFound
from money.choices import PayoutStatus, ReceiptStatus, RefundStatus
from money.models import ZERO, CaseAccount, DirectPerformance, Payout, Receipt, Refund
from money.registry import other_lines


@dataclass(frozen=True)
class Standing:
    debt: Decimal  # the money obligation of the basis
    interest: Decimal  # delayed-performance interest to date
    fees: Decimal  # the application fee the case records
    performed: Decimal  # confirmed receipts less refunds, direct performance, other lines reducing the debt
    outstanding: Decimal  # debt + interest + fees − performed, never below zero
    in_place: Decimal  # 执行到位: paid out to the applicants and paid to them directly
    confirmed_in_full: bool  # the applicant confirmed in writing that the debt is performed

    @property
    def owed(self) -> Decimal:
        return self.debt + self.interest + self.fees

    @property
    def overpaid(self) -> Decimal:
        return max(self.performed - self.owed, ZERO)


def _sum(queryset, field="amount") -> Decimal:
    return queryset.aggregate(s=Sum(field))["s"] or ZERO


def _debt_and_deadline(case) -> tuple[Decimal, dt.date | None]:
    try:
        basis = case.basis
    except ObjectDoesNotExist:
        return ZERO, None
    return basis.money_amount or ZERO, basis.performance_deadline


def performances(case, *, until: dt.date) -> list[tuple[dt.date, Decimal]]:
    """(day, amount) of what the respondent performed up to `until`, by day: confirmed receipts
    (refunds taken off on the day they were paid back), direct payments to the applicant, and the
    other apps' ledger lines that reduce the debt."""
    out = [
        (r.received_on, r.amount)
        for r in Receipt.objects.filter(case=case, status=ReceiptStatus.CONFIRMED, received_on__lte=until)
    ]
    out += [
        (timezone.localdate(r.executed_at), -r.amount)
        for r in Refund.objects.filter(case=case, status=RefundStatus.EXECUTED)
        if timezone.localdate(r.executed_at) <= until
    ]
    out += [(d.paid_on, d.amount) for d in DirectPerformance.objects.filter(case=case, paid_on__lte=until)]
    out += [(line.on, line.amount) for line in other_lines(case) if line.reduces_debt and line.on <= until]
    return sorted(out, key=lambda item: item[0])


def interest_to_date(case, *, today: dt.date, events=None) -> Decimal:
    """Delayed-performance interest from the day after the performance deadline to today, on what
    was unpaid in each stretch (module docstring). No deadline: what was computed at filing."""
    debt, deadline = _debt_and_deadline(case)
    if not debt or deadline is None or deadline >= today:
        return case.delay_interest or ZERO
    events = performances(case, until=today) if events is None else events
    remaining, start, total = debt, deadline, ZERO
    try:
        for day, amount in events:
            if remaining <= 0:
                break
            if day > start:
                total += delay_interest(remaining, start=start, end=day).amount
                start = day
            remaining = max(remaining - amount, ZERO)
        if remaining > 0 and today > start:
            total += delay_interest(remaining, start=start, end=today).amount
    except (RuleNotFound, ValueError, TypeError):
        return case.delay_interest or ZERO  # a delay the rate table does not reach: as at filing
    return total


def standing(case, *, today: dt.date | None = None) -> Standing:
    today = today or timezone.localdate()
    debt, _deadline = _debt_and_deadline(case)
    events = performances(case, until=today)
    interest = interest_to_date(case, today=today, events=events)
    fees = case.application_fee or ZERO
    performed = sum((amount for _day, amount in events), ZERO)
    direct = DirectPerformance.objects.filter(case=case)
    paid = _sum(
        Payout.objects.filter(case=case, status=PayoutStatus.EXECUTED, payee__role=PartyRole.APPLICANT)
    )
    owed = debt + interest + fees
    return Standing(
        debt=debt,
        interest=interest,
        fees=fees,
        performed=performed,
        outstanding=max(owed - performed, ZERO),
        in_place=paid + _sum(direct),
        confirmed_in_full=direct.filter(fully_performed=True).exists(),
    )


def overpaid(case, *, account: CaseAccount | None = None) -> Decimal:
    """What may be refunded: paid beyond what is owed, at most the balance on the account."""
    account = account or CaseAccount.objects.filter(case=case).first()
    balance = account.balance if account else ZERO
    return min(standing(case).overpaid, balance)


# --- the condition money adds to 执行完毕 (cases.actions.add_condition("conclude", …)) -----------
def money_settled(case) -> str | None:
    """Concluded only with no money left on the account and nothing owed, unless the applicant
    confirmed in writing that the debt is performed (then only the account must be empty)."""
    account = CaseAccount.objects.filter(case=case).first()
    if account is not None and account.balance > 0:
        return gettext("%(amount)s of the case's money is on the account and not paid out.") % {
            "amount": f"¥{account.balance:,.2f}"
        }
    pending = Receipt.objects.filter(case=case, status=ReceiptStatus.RECORDED)
    if pending.exists():
        return gettext("Money received is waiting for finance to confirm it (%(amount)s).") % {
            "amount": f"¥{_sum(pending):,.2f}"
        }
    state = standing(case)
    if state.outstanding > 0 and not state.confirmed_in_full:
        return gettext(
            "%(amount)s is still owed (debt, interest to date and fees less what was performed) "
            "and the applicant has not confirmed performance."
        ) % {"amount": f"¥{state.outstanding:,.2f}"}
    return None


# --- what the case detail and the public progress page show (cases.registry.case_figures) ---------
def figures(case) -> list:
    from cases.registry import Figure

    state = standing(case)
    return [
        Figure("money.owed", gettext("Owed (debt, interest to date, fees)"), state.owed),
        Figure("money.performed", gettext("Performed by the respondent"), state.performed),
        Figure("money.outstanding", gettext("Still owed"), state.outstanding),
        Figure("money.in_place", gettext("Money performed to the applicants"), state.in_place, public=True),
    ]
