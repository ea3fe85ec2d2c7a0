"""Supervision: grant and revoke a supervising body's read-only access to a court, and the request
guards that keep supervisors read-only and record every page they see."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.events import SUPERVISION_GRANTED, SUPERVISION_REVOKED, SUPERVISION_VIEWED
from enforcement.models import Court, SupervisionGrant

READ_ONLY_MESSAGE = _("Supervisors have read-only access: this action is not allowed.")


def is_supervisor(user) -> bool:
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    membership = user.membership_or_none
    return membership is not None and membership.role == Role.SUPERVISOR


def may_grant(user, court: Court) -> bool:
    """A court's admin or head grants supervision of that court."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    membership = user.membership_or_none
    return bool(membership and membership.court_id == court.pk and membership.role in (Role.HEAD, Role.ADMIN))


def supervised_court_ids(user, moment=None):
    """Ids of the courts a valid grant lets this supervisor see."""
    return SupervisionGrant.objects.valid_at(moment).filter(supervisor=user).values("court_id")


@transaction.atomic
def grant_supervision(*, actor, court, supervisor, body, organisation="", valid_from=None, valid_until=None):
    if not may_grant(actor, court):
        raise PermissionDenied(_("Only the court's head or admin may grant supervision."))
    if not is_supervisor(supervisor):
        raise PermissionDenied(_("Supervision can only be granted to a supervisor."))
    grant = SupervisionGrant.objects.create(
        court=court,
        supervisor=supervisor,
        body=body,
        organisation=organisation,
        valid_from=valid_from or timezone.now(),
        valid_until=valid_until,
        granted_by=actor,
    )
    audit_record(
        actor=actor,
        action=SUPERVISION_GRANTED,
        obj=grant,
        court=court,
        summary=lambda: f"授予{grant.get_body_display()}监督权限：{supervisor.get_full_name()}",
        data={"supervisor": supervisor.pk, "body": body, "valid_until": valid_until},
    )
    return grant


@transaction.atomic
def revoke_supervision(*, actor, grant: SupervisionGrant):
    grant = SupervisionGrant.objects.select_for_update().get(pk=grant.pk)
    if not may_grant(actor, grant.court):
        raise PermissionDenied(_("Only the court's head or admin may revoke supervision."))
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=SUPERVISION_REVOKED,
            obj=grant,
            court=grant.court,
            summary=lambda: f"撤销监督权限：{grant.supervisor.get_full_name()}",
        )
    return grant


class SupervisorReadOnly(BasePermission):
    """DRF: a supervisor may only read."""

    message = READ_ONLY_MESSAGE

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or not is_supervisor(request.user)


# What a supervisor may still post: their own account and their own inbox, never a court's records.
OWN_ACCOUNT_VIEWS = frozenset(
    {"logout", "password_change", "set_language", "notifications:mark-read", "notifications:mark-all-read"}
)


class SupervisorMiddleware:
    """Refuses every write a supervisor attempts (403) and records each page a supervisor sees
    (one audit insert per GET)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_supervisor(request.user) or request.path.startswith(("/static/", "/jsi18n/")):
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            match = request.resolver_match
            if match is not None and match.view_name in OWN_ACCOUNT_VIEWS:
                return None
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "not_allowed", "detail": str(READ_ONLY_MESSAGE)}, status=403)
            return render(request, "enforcement/supervisor_read_only.html", status=403)
        if request.method == "GET":
            match = request.resolver_match
            kwargs = {key: str(value) for key, value in view_kwargs.items()}
            audit_record(
                actor=request.user,
                action=SUPERVISION_VIEWED,
                object_type="page",
                object_id=(match.view_name if match else "")[:64],
                court=request.user.membership_or_none.court,
                summary=f"监督查阅：{request.path}",
                data={"path": request.path, "view": match.view_name if match else "", "kwargs": kwargs},
            )
        return None
