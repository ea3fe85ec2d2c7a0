"""Sign-in and sign-out are part of the trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from enforcement.audit import audit_record


def _court_of(user):
    membership = user.membership_or_none if user is not None else None
    return membership.court if membership else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(
        actor=user,
        action="auth.login",
        summary=f"{user} 登录",
        obj=user,
        court=_court_of(user),
        request=request,
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            actor=user,
            action="auth.logout",
            summary=f"{user} 退出",
            obj=user,
            court=_court_of(user),
            request=request,
        )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action="auth.login_failed",
        summary=f"登录失败：{username}",
        data={"username": username},
        request=request,
    )
