"""The penalties' entries in the case actions table (cases.actions): an exit restriction the judge
proposes and the head approves, and lifting every exit restriction in force when the case is
concluded, settled, terminated or withdrawn (add_on_approved)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import CaseAction, add_on_approved, register
from cases.choices import CaseStage, CaseState
from enforcement.choices import Role
from enforcement.errors import InvalidInput
from sanctions.penalty_services import (
    exit_restriction_rejected,
    exit_restriction_take_effect,
    lift_on_case_closed,
)


def _clean(payload: dict) -> dict:
    try:
        return {"restriction_id": int(payload["restriction_id"])}
    except (KeyError, TypeError, ValueError):
        message = gettext("The exit restriction id is missing.")
        raise InvalidInput(message, fields={"payload.restriction_id": [message]}) from None


def case_open(case) -> str | None:
    """An exit restriction is for a case still under enforcement (or suspended)."""
    if case.state not in CaseState.open_states():
        return gettext("Only a case under enforcement can have an exit restriction.")
    return None


def _perform(*, case, actor, payload):
    restriction = exit_restriction_take_effect(
        case=case, actor=actor, restriction_id=payload.get("restriction_id")
    )
    return f"限制出境：{restriction.person_name}"


def _rejected(*, case, actor, payload):
    exit_restriction_rejected(case=case, actor=actor, restriction_id=payload.get("restriction_id"))


register(
    CaseAction(
        "restrict_exit",
        _("restrict a respondent's exit"),
        (Role.JUDGE, Role.HEAD),
        Role.HEAD,
        conditions=(case_open,),
        perform=_perform,
        clean_payload=_clean,
        subject_key=lambda payload: f"exit_restriction:{payload.get('restriction_id')}",
        on_reject=_rejected,
        stage=CaseStage.CONTROL,
    )
)
for _key in ("conclude", "settle", "terminate", "withdraw"):
    add_on_approved(_key, lift_on_case_closed)
