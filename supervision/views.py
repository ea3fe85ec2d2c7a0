from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.errors import Conflict
from enforcement.view_errors import service_errors
from supervision import selectors, services
from supervision.models import Node


def _head_membership(user):
    membership = membership_of(user)
    if membership is None or membership.role != Role.HEAD or membership.court_id is None:
        raise PermissionDenied
    return membership


@login_required
def node_list(request):
    """The court's late nodes, narrowed by `?node=` (a node kind) and `?judge=` (a user id); an
    unknown value narrows nothing."""
    membership = _head_membership(request.user)
    node = request.GET.get("node", "")
    node = node if node in Node.values else ""
    judges = list(selectors.node_judges(membership.court_id))
    judge = request.GET.get("judge", "")
    judge_id = int(judge) if judge.isdigit() and int(judge) in {j.pk for j in judges} else None
    rows = selectors.late_nodes(membership.court_id, node=node or None, judge_id=judge_id)
    return render(
        request,
        "supervision/nodes.html",
        {"rows": rows, "nodes": Node.choices, "node": node, "judges": judges, "judge_id": judge_id},
    )


def _back_to_nodes(request):
    return redirect("supervision:nodes")


@login_required
@require_POST
@service_errors(back=_back_to_nodes, handles=(Conflict,))  # a reminder still open: a message on the list
def reminder_send(request):
    case = request.POST.get("case", "")
    services.reminder_send(  # its refusals become their page (enforcement.service_errors)
        actor=request.user,
        case_id=int(case) if case.isdigit() else 0,  # not a number: no such case, a 404
        node=request.POST.get("node", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("Supervision reminder sent."))
    return redirect("supervision:nodes")


@login_required
@require_POST
def reminder_act(request, pk):
    reminder = services.reminder_act(actor=request.user, reminder_id=pk)
    messages.success(request, _("Marked as acted on."))
    return redirect("cases:detail", reminder.case_id)


@login_required
def workload(request):
    membership = _head_membership(request.user)
    return render(
        request, "supervision/workload.html", {"rows": selectors.judge_workload(membership.court_id)}
    )
