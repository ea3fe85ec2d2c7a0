from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.access import membership_of
from enforcement.choices import Role
from supervision import selectors, services


def _head_membership(user):
    membership = membership_of(user)
    if membership is None or membership.role != Role.HEAD or membership.court_id is None:
        raise PermissionDenied
    return membership


@login_required
def node_list(request):
    membership = _head_membership(request.user)
    rows = selectors.late_nodes(membership.court_id)
    return render(request, "supervision/nodes.html", {"rows": rows})


@login_required
@require_POST
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
