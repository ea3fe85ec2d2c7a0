"""The one lock order of every service that changes a case or what hangs on it.

A service that needs several rows locks them in this order, and only in this order:

    case → approval(s) → notice(s) → measure(s)

each kind by ascending id. Two services that both follow it can only wait for each other, never
deadlock (approving a clerk's notice and signing the same draft at the same moment used to: one
locked approval, case, notice; the other notice, case). A service that reads a row to learn which
case it belongs to reads it unlocked first, then calls `lock_for_case`, then checks what it read
again on the locked row.

The notice and measure models belong to the apps above this one (assistance, assets), so they come
in as querysets (`Notice.objects.filter(pk=…)`): this module names no app above cases.

Transaction contract: call it inside the service's `transaction.atomic()`; the locks are held until
that transaction ends. It writes nothing."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.models import Approval, Case
from cases.selectors import cases_visible_to
from enforcement.errors import NotFound


@dataclass
class CaseLocks:
    case: Case
    approvals: list[Approval] = field(default_factory=list)
    notices: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    # Every case locked (the case and any `with_cases`).
    case_ids: frozenset = frozenset()

    @property
    def approval(self) -> Approval | None:
        return self.approvals[0] if self.approvals else None

    @property
    def notice(self):
        return self.notices[0] if self.notices else None

    @property
    def measure(self):
        return self.measures[0] if self.measures else None


def lock_cases(case_ids) -> dict[int, Case]:
    """Lock the cases `case_ids` (ids that are None are ignored), by ascending id, in one statement
    (PostgreSQL locks the rows in the statement's order). Returns {id: case} of those that exist.
    No visibility check: the caller has checked the case it acts on; the others are touched by the
    rules (a promotion), not by the actor."""
    ids = sorted({int(pk) for pk in case_ids if pk is not None})
    if not ids:
        return {}
    return {
        case.pk: case
        for case in Case.objects.filter(pk__in=ids).select_for_update(of=("self",)).order_by("pk")
    }


def _lock_children(queryset: QuerySet | None, case: Case) -> list:
    if queryset is None:
        return []
    return list(queryset.filter(case=case).select_for_update(of=("self",)).order_by("pk"))


def lock_for_case(
    case_id,
    *,
    actor=None,
    select_related: tuple[str, ...] = (),
    approval_ids=(),
    notices: QuerySet | None = None,
    measures: QuerySet | None = None,
    with_cases=(),
) -> CaseLocks:
    """Lock the case, then its approvals `approval_ids`, then the rows of `notices`, then the rows
    of `measures` (each kind by id; children of another case are left out). With `actor`, the case
    must be one the actor may see (cases_visible_to), else NotFound: the same answer for missing and
    forbidden. Without it the caller has already checked (an agency's answer, a decision on an
    approval of the actor's court). Rows that do not exist are simply not in the lists: the caller
    says what their absence means.

    `with_cases`: other cases the service may touch (see the module's docstring); they are locked
    together with the case, all by ascending id, before any child row, and listed in
    `CaseLocks.case_ids`. The case must still be one the actor may see."""
    scope = cases_visible_to(actor) if actor is not None else Case.objects.all()
    if select_related:
        scope = scope.select_related(*select_related)
    try:
        if with_cases:
            case_id = int(case_id)
            others = lock_cases([case_id, *with_cases])
            case = scope.get(pk=case_id)  # locked just now, with the others
        else:
            others = {}
            case = scope.select_for_update(of=("self",)).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The case does not exist or you may not view it.")) from None
    locks = CaseLocks(case=case, case_ids=frozenset(others) | {case.pk})
    if approval_ids:
        locks.approvals = list(
            Approval.objects.filter(pk__in=list(approval_ids), case=case)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
    locks.notices = _lock_children(notices, case)
    locks.measures = _lock_children(measures, case)
    return locks
