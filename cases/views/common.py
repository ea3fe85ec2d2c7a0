"""What every cases view shares: the Chinese 403 page, who counts as a court user, and how a
service's field errors become messages."""

from django.shortcuts import render

from cases.actions import approver_roles
from cases.selectors import FILING_ROLES
from enforcement import view_errors
from enforcement.access import membership_of
from enforcement.choices import Role

__all__ = ["FILING_ROLES", "approvers_text", "may_approve"]


def may_approve(user) -> bool:
    """The approvals inbox is for court users whose role approves something in the actions table
    (cases.actions: judges and heads today; any role an app's action names)."""
    return court_role(user) in approver_roles()


def approvers_text() -> str:
    """The roles that approve, for the refusal page: 执行法官和执行局长."""
    labels = [str(Role(role).label) for role in Role.values if role in approver_roles()]
    return "和".join(labels) if len(labels) <= 2 else "、".join(labels[:-1]) + "和" + labels[-1]


def forbidden(request, message: str = "您无权访问此页面。"):
    return render(request, "cases/forbidden.html", {"message": message}, status=403)


def court_role(user) -> str | None:
    """The user's role if they belong to a court (not an agency), else None."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return None
    return membership.role


def is_court_user(user) -> bool:
    return user.is_superuser or court_role(user) is not None


error_text = view_errors.error_text  # the kernel's (enforcement.view_errors), under its old name here
