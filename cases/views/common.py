"""What every cases view shares: the Chinese 403 page, who counts as a court user, and how a
service's field errors become messages."""

from django.shortcuts import render

from cases.selectors import FILING_ROLES, JUDGE_ROLES
from enforcement.access import membership_of

__all__ = ["APPROVER_ROLES", "FILING_ROLES"]
APPROVER_ROLES = JUDGE_ROLES  # the approvals inbox: judges and heads (cases.actions approver roles)


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


def error_text(exc) -> str:
    """A ServiceError as one sentence: its field messages when it has any, else its message."""
    details = []
    for messages in exc.fields.values():
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            if str(message) not in details:
                details.append(str(message))
    return "；".join(details) if details else exc.message
