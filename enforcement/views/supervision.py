"""The head's page of supervision grants: list the court's grants, grant one, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.models import SupervisionGrant, SupervisorBody, User
from enforcement.supervision import grant_supervision, may_grant, revoke_supervision


class GrantForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        label=_("supervisor"),
        queryset=User.objects.filter(membership__role=Role.SUPERVISOR).order_by("username"),
    )
    body = forms.ChoiceField(label=_("supervising body"), choices=SupervisorBody.choices)
    organisation = forms.CharField(label=_("supervising organisation"), max_length=100, required=False)
    valid_until = forms.DateTimeField(label=_("valid until"), required=False)


def _own_court(request):
    membership = membership_of(request.user)
    if membership is None or membership.court is None or not may_grant(request.user, membership.court):
        raise PermissionDenied
    return membership.court


@login_required
def grant_list(request):
    court = _own_court(request)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant_supervision(actor=request.user, court=court, **form.cleaned_data)
        messages.success(request, _("Supervision granted."))
        return redirect("grants:list")
    grants = SupervisionGrant.objects.filter(court=court).select_related("supervisor", "granted_by")
    return render(
        request, "enforcement/supervision_grants.html", {"court": court, "grants": grants, "form": form}
    )


@login_required
@require_POST
def grant_revoke(request, pk):
    court = _own_court(request)
    grant = get_object_or_404(SupervisionGrant, pk=pk, court=court)
    revoke_supervision(actor=request.user, grant=grant)
    messages.success(request, _("Supervision revoked."))
    return redirect("grants:list")
