"""What the pages show of the case money: the case panel and the finance officer's work list."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext

from cases.choices import PartyRole
from cases.models import Case
from cases.selectors import cases_visible_to
from enforcement.access import membership_of
from enforcement.choices import Role
from money.choices import (
    ParticipationStatus,
    PayoutStatus,
    PlanStatus,
    ReceiptKind,
    ReceiptStatus,
    RefundStatus,
)
from money.models import (
    ZERO,
    CaseAccount,
    DirectPerformance,
    DistributionPlan,
    Participation,
    Payout,
    Receipt,
    Refund,
)
from money.registry import other_lines
from money.services import unpaid_receipts
from money.standing import standing

ENTRIES_SHOWN = 5
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE}


def performed_to_applicants(case: Case):
    """What has been paid out to the case's applicants (executed payouts)."""
    total = Payout.objects.filter(
        case=case, status=PayoutStatus.EXECUTED, payee__role=PartyRole.APPLICANT
    ).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


def case_panel(request, case: Case) -> dict | None:
    """The ledger of the case for court staff of its court; None (no panel) for anyone else."""
    membership = membership_of(request.user)
    if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
        return None
    account = CaseAccount.objects.filter(case=case).first()
    receipts = list(Receipt.objects.filter(case=case).select_related("recorded_by", "confirmed_by"))
    payouts = list(Payout.objects.filter(case=case).select_related("payee", "proposed_by"))
    role = membership.role
    user = request.user
    return {
        "account": account,
        "balance": account.balance if account else ZERO,
        "confirmed_total": account.confirmed_total if account else ZERO,
        "paid_total": account.paid_total if account else ZERO,
        "performed": performed_to_applicants(case),
        "receipts": receipts,
        "payouts": payouts,
        "other_lines": other_lines(case),
        "kinds": ReceiptKind.choices,
        "payees": list(case.parties.order_by("role", "position", "pk")),
        "can_record": True,
        "can_confirm": role == Role.FINANCE,
        "can_execute": role == Role.FINANCE,
        "can_propose": role == Role.HEAD or (role == Role.JUDGE and case.judge_id == user.pk),
        "can_decide": role == Role.HEAD,
        "user_id": user.pk,
        "recorded": ReceiptStatus.RECORDED,
        "proposed": PayoutStatus.PROPOSED,
        "approved": PayoutStatus.APPROVED,
        "filed": ParticipationStatus.FILED,
        "standing": standing(case),
        "refunds": list(Refund.objects.filter(case=case).select_related("payee")),
        "direct": list(DirectPerformance.objects.filter(case=case).select_related("applicant")),
        "participations": list(Participation.objects.filter(case=case)),
        "plans": list(
            DistributionPlan.objects.filter(case=case)
            .exclude(status=PlanStatus.SUPERSEDED)
            .prefetch_related("lines", "objections")
            .order_by("-drawn_at", "-pk")[:2]
        ),
    }


def home_items(user) -> list[dict]:
    """For a finance officer: receipts of their court to confirm and approved payouts to execute,
    each entry a link to its case."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role != Role.FINANCE:
        return []
    court_id = membership.court_id
    receipts = (
        Receipt.objects.filter(case__court_id=court_id, status=ReceiptStatus.RECORDED)
        .select_related("case")
        .order_by("received_on", "pk")
    )
    payouts = (
        Payout.objects.filter(case__court_id=court_id, status=PayoutStatus.APPROVED)
        .select_related("case", "payee")
        .order_by("decided_at", "pk")
    )
    refunds = (
        Refund.objects.filter(case__court_id=court_id, status=RefundStatus.APPROVED)
        .select_related("case", "payee")
        .order_by("decided_at", "pk")
    )
    # flagged by the 30-day sweep and still not covered by what was paid out (first in, first out)
    flagged = list(
        Receipt.objects.filter(
            case__court_id=court_id, status=ReceiptStatus.CONFIRMED, payout_overdue_at__isnull=False
        )
        .select_related("case", "account")
        .order_by("received_on", "pk")
    )
    unpaid: dict[int, set] = {}
    for r in flagged:
        if r.account_id not in unpaid:
            unpaid[r.account_id] = {u.pk for u in unpaid_receipts(r.account)}
    overdue = [r for r in flagged if r.pk in unpaid[r.account_id]]

    def link(case_id):
        return reverse("cases:detail", args=[case_id]) + "#money"

    return [
        {
            "key": "receipts",
            "label": gettext("Money received to confirm"),
            "count": receipts.count(),
            "url": reverse("money:worklist") + "#receipts",
            "tone": "warn",
            "entries": [
                {
                    "text": gettext("%(number)s: %(amount)s from %(payer)s")
                    % {"number": r.case.number, "amount": f"¥{r.amount:,.2f}", "payer": r.payer},
                    "url": link(r.case_id),
                }
                for r in receipts[:ENTRIES_SHOWN]
            ],
        },
        {
            "key": "payouts",
            "label": gettext("Approved payouts to execute"),
            "count": payouts.count(),
            "url": reverse("money:worklist") + "#payouts",
            "tone": "warn",
            "entries": [
                {
                    "text": gettext("%(number)s: %(amount)s to %(payee)s")
                    % {"number": p.case.number, "amount": f"¥{p.amount:,.2f}", "payee": p.payee_display},
                    "url": link(p.case_id),
                }
                for p in payouts[:ENTRIES_SHOWN]
            ],
        },
        {
            "key": "refunds",
            "label": gettext("Approved refunds to execute"),
            "count": refunds.count(),
            "url": reverse("money:worklist") + "#refunds",
            "tone": "warn",
            "entries": [
                {
                    "text": gettext("%(number)s: %(amount)s to %(payee)s")
                    % {"number": r.case.number, "amount": f"¥{r.amount:,.2f}", "payee": r.payee.name},
                    "url": link(r.case_id),
                }
                for r in refunds[:ENTRIES_SHOWN]
            ],
        },
        {
            "key": "overdue",
            "label": gettext("Money received not paid out in time"),
            "count": len(overdue),
            "url": reverse("money:worklist") + "#overdue",
            "tone": "alert",
            "entries": [
                {
                    "text": gettext("%(number)s: %(amount)s received on %(day)s")
                    % {
                        "number": r.case.number,
                        "amount": f"¥{r.amount:,.2f}",
                        "day": r.received_on.isoformat(),
                    },
                    "url": link(r.case_id),
                }
                for r in overdue[:ENTRIES_SHOWN]
            ],
        },
    ]


# --- the API's scoped reads ------------------------------------------------------------------------
def accounts_visible_to(user):
    return CaseAccount.objects.filter(case__in=cases_visible_to(user))


def receipts_visible_to(user):
    return Receipt.objects.filter(case__in=cases_visible_to(user))


def payouts_visible_to(user):
    return Payout.objects.filter(case__in=cases_visible_to(user))


def refunds_visible_to(user):
    return Refund.objects.filter(case__in=cases_visible_to(user))


def direct_performances_visible_to(user):
    return DirectPerformance.objects.filter(case__in=cases_visible_to(user))


def participations_visible_to(user):
    return Participation.objects.filter(case__in=cases_visible_to(user))


def plans_visible_to(user):
    return DistributionPlan.objects.filter(case__in=cases_visible_to(user))
