"""Sign-in lock-out (django-axes, configured in settings.base): what a locked-out caller is told on
the login page and on the API token endpoint, and the unlock service the admin calls.

Axes counts failed sign-ins per user name and client address (enforcement.middleware.client_ip) and
refuses the pair once it reaches AXES_FAILURE_LIMIT; the audit events of failures and lock-outs are
written in enforcement.signals."""

import math
from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions

from enforcement import events
from enforcement.audit import audit_record
from enforcement.errors import NotAllowed

LOCKED_OUT_CODE = "locked_out"


def lockout_minutes() -> int | None:
    """How long a lock lasts, in whole minutes; None: until an administrator unlocks it."""
    cool_off = settings.AXES_COOLOFF_TIME
    if not cool_off:
        return None
    return max(1, math.ceil(cool_off.total_seconds() / 60))


def lockout_message() -> str:
    minutes = lockout_minutes()
    if minutes is None:
        return _(
            "Too many failed sign-ins for this user name from your address: signing in is locked "
            "until an administrator unlocks it."
        )
    return _(
        "Too many failed sign-ins for this user name from your address: signing in is locked for "
        "%(minutes)s minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def retry_after_seconds() -> int | None:
    minutes = lockout_minutes()
    return minutes * 60 if minutes else None


class LockedOut(exceptions.APIException):
    """The API's answer to a locked-out sign-in: 429 with code `locked_out` and Retry-After."""

    status_code = 429
    default_code = LOCKED_OUT_CODE

    def __init__(self):
        super().__init__(lockout_message(), LOCKED_OUT_CODE)
        self.wait = retry_after_seconds()  # DRF's exception handler turns it into Retry-After


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: axes' middleware replaces the response of a locked-out sign-in with
    this. The login pages (ours and the admin's) are shown again with the message; anything under
    /api/ gets the API's error shape."""
    message = lockout_message()
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": LOCKED_OUT_CODE, "detail": message}, status=429)
    else:
        form = AuthenticationForm(request, initial={"username": username})
        context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
        response = render(request, "registration/login.html", context, status=429)
    if retry_after_seconds():
        response["Retry-After"] = str(retry_after_seconds())
    return response


def is_locked(attempt: AccessAttempt) -> bool:
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def login_unlock(*, actor, attempt_ids: Iterable[int]) -> int:
    """Lift the lock (and forget the failed attempts) of the given user name and address pairs.
    Only a user who may delete attempts in the admin (a superuser, or the axes permission) may.
    One audit event per pair; returns how many pairs were unlocked."""
    if not (actor.is_active and actor.has_perm("axes.delete_accessattempt")):
        raise NotAllowed(_("Only a system administrator may unlock sign-ins."))
    with transaction.atomic():
        attempts = list(
            AccessAttempt.objects.select_for_update().filter(pk__in=list(attempt_ids)).order_by("pk")
        )
        for attempt in attempts:
            audit_record(
                actor=actor,
                action=events.AUTH_UNLOCKED,
                summary=f"解除登录锁定：{attempt.username}（{attempt.ip_address or '地址不明'}）",
                object_type="axes.accessattempt",
                object_id=attempt.pk,
                data={
                    "username": attempt.username,
                    "ip": attempt.ip_address,
                    "failures": attempt.failures_since_start,
                    "was_locked": is_locked(attempt),
                },
            )
        AccessAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
    return len(attempts)
