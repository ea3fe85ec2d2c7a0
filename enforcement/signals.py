"""Sign-in and sign-out are part of the trail, and so are failed sign-ins and lock-outs. A Celery
task runs outside any request's context, even when it runs eagerly inside one."""

from axes.signals import user_locked_out
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from enforcement import events
from enforcement.audit import audit_record
from enforcement.lockout import lockout_minutes
from enforcement.middleware import request_context_enter, request_context_leave


def _court_of(user):
    membership = user.membership_or_none if user is not None else None
    return membership.court if membership else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(
        actor=user,
        action=events.AUTH_LOGIN,
        summary=f"{user} 登录",
        obj=user,
        court=_court_of(user),
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            actor=user,
            action=events.AUTH_LOGOUT,
            summary=f"{user} 退出",
            obj=user,
            court=_court_of(user),
        )


def _refused_while_locked(request) -> bool:
    """Whether axes refused this attempt because the pair was locked already (its backend flags the
    request before the password is checked; an attempt that only now reaches the limit has its
    failure count set instead). True either way round the two receivers run."""
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    locked = _refused_while_locked(request)
    audit_record(
        actor=None,
        action=events.AUTH_LOGIN_FAILED,
        summary=f"登录失败（已锁定）：{username}" if locked else f"登录失败：{username}",
        data={"username": username, "locked_out": locked, "path": getattr(request, "path", "")},
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """Axes locks a user name and address pair: once, when its failures reach the limit (later
    refused attempts are login_failed events with locked_out set)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    username = str(username or "")[:150]
    audit_record(
        actor=None,
        action=events.AUTH_LOCKED_OUT,
        summary=f"登录锁定：{username}（连续失败{failures}次）",
        data={
            "username": username,
            "failures": failures,
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": lockout_minutes(),
            "path": getattr(request, "path", ""),
        },
    )


# --- Celery: no request context inside a task -------------------------------------------------------
# The events a task writes name no address, in a worker as in an eager run inside a request (a test,
# `./dev run`), so both record the same. Tokens by task id: eager tasks can nest.
_task_tokens: dict = {}


@task_prerun.connect
def _task_outside_request(task_id=None, **kwargs):
    _task_tokens[task_id] = request_context_enter(None)


@task_postrun.connect
def _task_done(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_context_leave(token)
