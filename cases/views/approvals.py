"""审批: the inbox of what waits on a user whose role approves something in the actions table, with
the facts each request is decided on (cases.registry.approval_facts), their decision one at a time
or several with one note, and the printable 审批表 of a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.actions import get_action
from cases.forms import ApprovalBatchForm, ApprovalDecisionForm
from cases.registry import facts_for, outcomes_for, prefetch_facts
from cases.selectors import approval_decision_facts, approvals_waiting_for, get_approval_for
from cases.services import approval_decide, approvals_decide_batch
from cases.views.common import approvers_text, forbidden, is_court_user, may_approve
from enforcement.errors import ServiceError
from enforcement.view_errors import service_errors

PER_PAGE = 20


def _label(key: str) -> str:
    action = get_action(key)
    return str(action.label) if action else key


def _refused(request):
    return forbidden(request, _("Only the %(approvers)s can decide.") % {"approvers": approvers_text()})


@login_required
def approval_inbox(request):
    if not may_approve(request.user):
        return _refused(request)
    page = Paginator(approvals_waiting_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "approval": a,
            "label": _label(a.action),
            "months": a.payload.get("months") if isinstance(a.payload, dict) else None,
            "facts": facts_for(a),
        }
        for a in prefetch_facts(page)
    ]
    return render(request, "cases/approvals.html", {"page": page, "items": items})


@login_required
@require_POST
@service_errors(  # not found, four eyes, wrong role, already decided, refused: a message each
    failing=gettext_lazy("The decision could not be made: %(error)s"),
    back=lambda request, pk: redirect("cases:approvals"),
    handles=(ServiceError,),
)
def approval_decide_view(request, pk):
    if not may_approve(request.user):
        return _refused(request)
    form = ApprovalDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose “Approve” or “Reject”."))
        return redirect("cases:approvals")
    approve = form.cleaned_data["decision"] == "approve"
    approval = approval_decide(
        actor=request.user,
        approval_id=pk,
        approve=approve,
        note=form.cleaned_data["note"],
    )
    verdict = _("Approved") if approve else _("You rejected")
    messages.success(
        request,
        _("%(verdict)s: %(number)s %(action)s.")
        % {"verdict": verdict, "number": approval.case.number, "action": _label(approval.action)},
    )
    return redirect("cases:approvals")


@login_required
@require_POST
@service_errors(  # an empty or too long selection, a request of one's own: nothing is decided
    failing=gettext_lazy("The decision could not be made: %(error)s"),
    back=lambda request: redirect("cases:approvals"),
    handles=(ServiceError,),
)
def approval_batch_view(request):
    if not may_approve(request.user):
        return _refused(request)
    form = ApprovalBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the requests and “Approve” or “Reject”."))
        return redirect("cases:approvals")
    approve = form.cleaned_data["decision"] == "approve"
    outcome = approvals_decide_batch(
        actor=request.user,
        approval_ids=form.cleaned_data["approvals"],
        approve=approve,
        note=form.cleaned_data["note"],
    )
    if outcome.decided:
        text = (
            _("Approved %(count)s requests: %(numbers)s.")
            if approve
            else _("Rejected %(count)s requests: %(numbers)s.")
        )
        messages.success(
            request,
            text
            % {
                "count": len(outcome.decided),
                "numbers": _(", ").join(a.case.number for a in outcome.decided),
            },
        )
    for _pk, number, reason in outcome.failed:
        messages.error(
            request, _("Not decided: %(number)s: %(reason)s") % {"number": number, "reason": reason}
        )
    return redirect("cases:approvals")


@login_required
@service_errors(
    back=lambda request, pk: redirect("cases:approvals"),
    not_found=gettext_lazy("The approval does not exist or you may not view it."),
)
def approval_print(request, pk):
    """审批表: one request on one printable page, with the facts, the proposer, the dates and the
    decision (the facts as the decision recorded them once it is made), and what came of it
    (cases.registry.approval_outcomes: the ruling issued on it)."""
    if not is_court_user(request.user):
        return forbidden(request)
    approval = get_approval_for(request.user, pk)
    recorded = approval_decision_facts(approval)
    facts = recorded if recorded is not None else [fact.as_dict() for fact in facts_for(approval)]
    return render(
        request,
        "cases/approval_print.html",
        {
            "approval": approval,
            "label": _label(approval.action),
            "facts": facts,
            "outcomes": outcomes_for(approval),
            "case": approval.case,
        },
    )
