"""What a head (or judge) decides a request of the case's own actions on, registered in
cases.registry.approval_facts from CasesConfig.ready(): the ground of a suspension or termination,
the time limit an extension moves, and 终本's checklist (each condition of the actions table with
whether it holds today). Apps above cases add their own facts (documents: the served notices as
终本's evidence; assistance: the asset and amounts of a measure beyond the debt)."""

from django.utils import timezone
from django.utils.translation import gettext

from cases.actions import action_checklist, end_round_earliest, prefetch_checklist
from cases.registry import ApprovalFacts, Fact, approval_facts
from enforcement.dates import format_date


def _ground(approval) -> list[Fact]:
    label = {
        "suspend": gettext("Ground for suspension"),
        "terminate": gettext("Ground for termination"),
        "end_round": gettext("Ground for terminating the current round"),
    }.get(approval.action, gettext("Ground"))
    return [Fact(label, approval.reason)]


def _time_limit(approval) -> list[Fact]:
    case = approval.case
    facts = [Fact(gettext("Time limit ends"), format_date(case.deadline))]
    if case.suspended_since:
        facts.append(Fact(gettext("Suspended since"), format_date(case.suspended_since)))
    months = approval.payload.get("months") if isinstance(approval.payload, dict) else None
    if approval.action == "extend" and months:
        facts.append(Fact(gettext("Extension asked for"), gettext("%(months)s months") % {"months": months}))
    return facts


def end_round_checklist(approval) -> list[Fact]:
    """Each condition 终本 needs (终本规定 2016 art. 1), checked on the case as it is now: the
    condition's own reason when it does not hold."""
    case = approval.case
    facts = [
        Fact(item.label, item.reason or gettext("Met"), met=item.met, url=item.url)
        for item in action_checklist("end_round", case)
    ]
    earliest, _months = end_round_earliest(case, on=timezone.localdate())
    facts.append(Fact(gettext("Filed on"), format_date(case.filed_on)))
    facts.append(Fact(gettext("Current round may be terminated from"), format_date(earliest)))
    return facts


def end_round_prefetch(approvals) -> None:
    """What each of 终本's conditions reads, for the cases of a page of requests at once."""
    prefetch_checklist("end_round", [approval.case for approval in approvals])


def register_case_facts() -> None:
    for item in (
        ApprovalFacts("cases.ground", ("suspend", "terminate", "end_round"), _ground, order=100),
        ApprovalFacts(
            "cases.end_round", ("end_round",), end_round_checklist, order=200, prefetch=end_round_prefetch
        ),
        ApprovalFacts("cases.time_limit", ("suspend", "lift_suspension", "extend"), _time_limit, order=300),
    ):
        approval_facts.register(item)
