"""The monthly reconciliation of the case-money ledgers (案款月度对账).

For one court and one month, every case account holding money or with money moving in that month,
or whose stored totals disagree with its ledger, or with receipts recorded but not yet confirmed by
finance:
- the opening balance (what finance had confirmed, less what was paid out and refunded, before the
  month), the month's confirmed receipts, payouts and refunds executed, and the closing balance;
- the stored running totals (CaseAccount.confirmed_total / paid_total / refunded_total, kept by the
  services under the row lock) against the sums of the ledger rows they are kept from: any
  difference is a discrepancy to look into;
- receipts recorded by the month's end and still waiting for finance's confirmation.

One query whatever the number of accounts: each figure is a correlated SUM subquery per account
(subqueries, not joins, so a receipt is never counted once per payout). The month runs by the
court's calendar (Asia/Shanghai): confirmed_at / executed_at between local midnights."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from money.choices import PayoutStatus, ReceiptStatus, RefundStatus
from money.models import CaseAccount, Payout, Receipt, Refund

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The month's first local midnight and the next month's, as aware datetimes."""
    tz = timezone.get_default_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    nxt = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def _sum(model, status, when: str, *, before=None, since=None):
    rows = model.objects.filter(account=OuterRef("pk"), status=status)
    if before is not None:
        rows = rows.filter(**{f"{when}__lt": before})
    if since is not None:
        rows = rows.filter(**{f"{when}__gte": since})
    total = rows.order_by().values("account").annotate(t=Sum("amount")).values("t")[:1]
    money = DecimalField(max_digits=18, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(ZERO), output_field=money)


@dataclass
class Row:
    account_id: int
    case_id: int
    case_number: str
    reference: str
    opening: Decimal
    received: Decimal
    paid: Decimal
    refunded: Decimal
    closing: Decimal
    pending: Decimal
    stored: dict
    ledger: dict
    discrepancies: list = field(default_factory=list)


@dataclass
class Reconciliation:
    year: int
    month: int
    rows: list
    totals: dict

    @property
    def discrepancies(self) -> list:
        return [row for row in self.rows if row.discrepancies]


def _money(value) -> Decimal:
    # SQLite sums come back with float noise; PostgreSQL's are exact: both to whole cents
    return Decimal(value or 0).quantize(CENT)


def reconcile(accounts, year: int, month: int) -> Reconciliation:
    """`accounts`: the CaseAccount queryset to reconcile (one court's, already scoped to the
    viewer by the caller)."""
    start, end = month_bounds(year, month)
    confirmed, executed, refunded = ReceiptStatus.CONFIRMED, PayoutStatus.EXECUTED, RefundStatus.EXECUTED
    qs = accounts.annotate(
        in_before=_sum(Receipt, confirmed, "confirmed_at", before=start),
        paid_before=_sum(Payout, executed, "executed_at", before=start),
        refunded_before=_sum(Refund, refunded, "executed_at", before=start),
        in_to_end=_sum(Receipt, confirmed, "confirmed_at", before=end),
        paid_to_end=_sum(Payout, executed, "executed_at", before=end),
        refunded_to_end=_sum(Refund, refunded, "executed_at", before=end),
        ledger_in=_sum(Receipt, confirmed, "confirmed_at"),
        ledger_paid=_sum(Payout, executed, "executed_at"),
        ledger_refunded=_sum(Refund, refunded, "executed_at"),
        pending=_sum(Receipt, ReceiptStatus.RECORDED, "recorded_at", before=end),
    ).select_related("case")
    rows = []
    for a in qs.order_by("case__number", "pk"):
        opening = _money(a.in_before) - _money(a.paid_before) - _money(a.refunded_before)
        received = _money(a.in_to_end) - _money(a.in_before)
        paid = _money(a.paid_to_end) - _money(a.paid_before)
        refunded_now = _money(a.refunded_to_end) - _money(a.refunded_before)
        stored = {
            "confirmed": _money(a.confirmed_total),
            "paid": _money(a.paid_total),
            "refunded": _money(a.refunded_total),
        }
        ledger = {
            "confirmed": _money(a.ledger_in),
            "paid": _money(a.ledger_paid),
            "refunded": _money(a.ledger_refunded),
        }
        problems = [key for key in stored if stored[key] != ledger[key]]
        pending = _money(a.pending)
        if not (opening or received or paid or refunded_now or problems or pending):
            continue
        rows.append(
            Row(
                account_id=a.pk,
                case_id=a.case_id,
                case_number=a.case.number,
                reference=a.reference,
                opening=opening,
                received=received,
                paid=paid,
                refunded=refunded_now,
                closing=opening + received - paid - refunded_now,
                pending=pending,
                stored=stored,
                ledger=ledger,
                discrepancies=problems,
            )
        )
    totals = {
        key: sum((getattr(row, key) for row in rows), ZERO)
        for key in ("opening", "received", "paid", "refunded", "closing", "pending")
    }
    return Reconciliation(year=year, month=month, rows=rows, totals=totals)


def accounts_of_court(court_id: int):
    return CaseAccount.objects.filter(case__court_id=court_id)


__all__ = ["Reconciliation", "Row", "accounts_of_court", "month_bounds", "reconcile"]
