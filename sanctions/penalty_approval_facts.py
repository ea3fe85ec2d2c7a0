"""What the head decides an exit restriction on (cases.registry.approval_facts): the person, the
respondent they stand for, the exit administration asked, the reason. The restrictions of a page of
requests (the inbox) are loaded at once (prefetch)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import ApprovalFacts, Fact, approval_facts
from cases.validators import mask_id
from sanctions.penalty_models import ExitRestriction


def _restriction_id(approval):
    payload = approval.payload if isinstance(approval.payload, dict) else {}
    return payload.get("restriction_id")


def prefetch(approvals) -> None:
    ids = {_restriction_id(a) for a in approvals if _restriction_id(a) is not None}
    found = {
        r.pk: r for r in ExitRestriction.objects.filter(pk__in=ids).select_related("respondent", "agency")
    }
    for approval in approvals:
        approval._exit_restriction = found.get(_restriction_id(approval))


def facts(approval) -> list[Fact]:
    if not hasattr(approval, "_exit_restriction"):
        prefetch([approval])
    restriction = approval._exit_restriction
    if restriction is None:
        return []
    person = restriction.person_name
    if restriction.person_id_number:
        person += f" {mask_id(restriction.person_id_number)}"
    out = [Fact(_("Person restricted"), person), Fact(_("Respondent"), restriction.respondent.name)]
    if restriction.person_role:
        out.append(Fact(_("Their position"), restriction.person_role))
    out += [
        Fact(_("Exit and entry administration"), restriction.agency.name),
        Fact(_("Reason"), restriction.reason),
    ]
    return out


def register_exit_facts() -> None:
    approval_facts.register(ApprovalFacts("exit_restriction", ("restrict_exit",), facts, prefetch=prefetch))
