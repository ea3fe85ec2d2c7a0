"""恢复执行 and the case money: the 执恢 case carries the original case's ledger forward.

Approving `resume` (cases.actions) opens the 执恢 case (cases.resumption.case_resume_open); the hook
registered here (cases.actions.add_on_approved, from MoneyConfig.ready()) runs in the same
transaction and records on the new case what the original's ledger stood at: what was owed there
(the money obligation, delayed-performance interest and the fee fixed at its filing), what was
performed (money received and confirmed into its account), what is still outstanding, and the
balance still held in its account. The 执恢 case does not receive the money itself: a balance held by
the original account is paid out from it (its page stays open), so no yuan is counted in two
accounts.

The figures are read from the original case's ledger (`carried_over`), so the 执恢 case's money panel
shows the original's entry line as it stands ("原案执行到位", which reduces the debt); the audit event
of the resumption keeps the figures as they were on the day."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from enforcement.audit import audit_record
from enforcement.registry import AuditEventType
from money.models import ZERO, CaseAccount
from money.registry import LedgerLine, LedgerLines

CARRIED_OVER = AuditEventType("money.carried_over", _("Ledger of the original case carried over"))


@dataclass(frozen=True)
class CarriedOver:
    original: Case
    owed: Decimal  # what the original case's filing fixed: obligation + interest + fee
    performed: Decimal  # confirmed receipts of the original case (执行到位)
    held: Decimal  # still in the original's account, not paid out

    @property
    def outstanding(self) -> Decimal:
        return max(self.owed - self.performed, ZERO)


def _owed(case: Case) -> Decimal:
    return (case.subject_amount or ZERO) + (case.delay_interest or ZERO) + (case.application_fee or ZERO)


def carried_over(case: Case) -> CarriedOver | None:
    """What a 执恢 case carries from the case it resumes; None for a case that resumes none."""
    if case.resumed_from_id is None:
        return None
    original = case.resumed_from
    account = CaseAccount.objects.filter(case=original).first()
    confirmed = account.confirmed_total if account else ZERO
    return CarriedOver(
        original=original,
        owed=_owed(original),
        performed=confirmed,
        held=account.balance if account else ZERO,
    )


def _yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def carry_on_resume(*, case: Case, actor, approval) -> None:
    """add_on_approved("resume"): record on the 执恢 case just opened what the original's ledger
    stood at. `case` is the original, locked by the decision (cases.locking); its account row is
    locked after it, in the one lock order, so the figures are those of the moment."""
    resumed = case.resumptions.order_by("-pk").first()
    if resumed is None:
        return
    CaseAccount.objects.select_for_update().filter(case=case).first()
    carried = carried_over(resumed)
    audit_record(
        actor=actor,
        action=CARRIED_OVER,
        obj=resumed,
        subject=case,  # among the original case's events too
        court=resumed.court,
        summary=(
            f"结转原案 {case.number} 执行款：应执行总额{_yuan(carried.owed)}，"
            f"已执行到位{_yuan(carried.performed)}，未执行到位{_yuan(carried.outstanding)}，"
            f"原案账户余额{_yuan(carried.held)}（在原案账户发放）"
        ),
        data={
            "original": case.number,
            "owed": str(carried.owed),
            "performed": str(carried.performed),
            "outstanding": str(carried.outstanding),
            "held": str(carried.held),
        },
    )


def ledger_lines(case: Case) -> list[LedgerLine]:
    """The 执恢 case's ledger line: what the original case performed, which reduces the debt."""
    carried = carried_over(case)
    if carried is None:
        return []
    original = carried.original
    note = gettext("outstanding when resumed %(outstanding)s") % {"outstanding": _yuan(carried.outstanding)}
    if carried.held:
        note += gettext("; %(held)s still held in the original case's account, paid out from there") % {
            "held": _yuan(carried.held)
        }
    return [
        LedgerLine(
            on=case.filed_on,  # the opening line of the 执恢 case's ledger
            label=gettext("Performed in the original case %(number)s") % {"number": original.number},
            amount=carried.performed,
            reduces_debt=True,
            note=note,
            link=reverse("cases:detail", args=[original.pk]) + "#money",
        )
    ]


def register_carry() -> None:
    """From MoneyConfig.ready(): the resume hook, its audit event and the 执恢 case's ledger line."""
    from cases.actions import add_on_approved
    from enforcement.registry import register_audit_event_types
    from money.registry import ledger_lines as registry

    register_audit_event_types(CARRIED_OVER)
    add_on_approved("resume", carry_on_resume)
    registry.register(LedgerLines("money.carried_over", ledger_lines))
