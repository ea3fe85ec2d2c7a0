"""审批: the inbox of what waits on a user whose role approves something in the actions table, and\ntheir decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.actions import get_action
from cases.forms import ApprovalDecisionForm
from cases.selectors import approvals_waiting_for
from cases.services import approval_decide
from cases.views.common import approvers_text, forbidden, may_approve
from enforcement.errors import ServiceError
from enforcement.view_errors import service_errors

PER_PAGE = 20


def _label(key: str) -> str:
    action = get_action(key)
    return str(action.label) if action else key


@login_required
def approval_inbox(request):
    if not may_approve(request.user):
        return forbidden(request, _("Only the %(approvers)s can decide.") % {"approvers": approvers_text()})
    page = Paginator(approvals_waiting_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "approval": a,
            "label": _label(a.action),
            "months": a.payload.get("months") if isinstance(a.payload, dict) else None,
        }
        for a in page
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
        return forbidden(request, _("Only the %(approvers)s can decide.") % {"approvers": approvers_text()})
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
