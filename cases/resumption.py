"""恢复执行: the linked 执恢 case that a resumption opens (the `resume` action carries it out)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import events, rules
from cases.choices import CaseState, CaseType
from cases.models import Case, Party, PartyAgent, compute_deadline
from cases.numbering import allocate_number, case_number
from enforcement.audit import audit_record
from enforcement.notifications import notification_queue


def case_resume_open(*, actor, original: Case) -> Case:
    """Open the 执恢 case for a resumed enforcement: same court, basis and parties, new number,
    starting at investigating, linked to the original. Runs inside the approving transaction."""
    today = timezone.localdate()
    seq = allocate_number(original.court, today.year, CaseType.RESUMED)
    resumed = Case(
        court=original.court,
        year=today.year,
        type_code=CaseType.RESUMED,
        seq=seq,
        number=case_number(
            year=today.year, court_code=original.court.code, type_code=CaseType.RESUMED, seq=seq
        ),
        state=CaseState.INVESTIGATING,
        filed_on=today,
        filed_by=actor,
        judge=original.judge,
        clerk=original.clerk,
        subject_amount=original.subject_amount,
        application_fee=Decimal("0.00"),
        fee_explanation="恢复执行案件不另交申请执行费。",
        non_litigation=original.non_litigation,
        time_limit_months=original.time_limit_months,
        resumed_from=original,
        notice_due=today + dt.timedelta(days=int(rules.rule(rules.EXECUTION_NOTICE_DAYS, on=today).value)),
        deadline=today,
    )
    resumed.deadline = compute_deadline(resumed)
    resumed.save()
    basis = original.basis
    basis.pk = None
    basis.id = None
    basis.case = resumed
    basis._state.adding = True
    basis.save()
    # Each party with its agents: the 委托代理人 and 法定代理人 act for the party in the resumed
    # case as in the original (the parties one by one, so each agent row has its party's id).
    for p in original.parties.prefetch_related("agents"):
        party = Party.objects.create(
            case=resumed,
            role=p.role,
            kind=p.kind,
            name=p.name,
            id_type=p.id_type,
            id_number=p.id_number,
            id_note=p.id_note,
            legal_representative=p.legal_representative,
            address=p.address,
            phone=p.phone,
            position=p.position,
        )
        PartyAgent.objects.bulk_create(
            PartyAgent(
                party=party,
                kind=agent.kind,
                name=agent.name,
                id_type=agent.id_type,
                id_number=agent.id_number,
                phone=agent.phone,
                position=agent.position,
            )
            for agent in p.agents.all()
        )
    audit_record(
        actor=actor,
        action=events.CASE_FILED,
        obj=resumed,
        subject=original,  # among the original case's events too
        court=resumed.court,
        summary=f"恢复执行立案 {resumed.number}（原案 {original.number}）",
        data={"number": resumed.number, "resumed_from": original.number},
    )
    notification_queue(
        recipient=resumed.judge,
        kind="case.assigned",
        title=lambda: _("Resumed case %(number)s") % {"number": resumed.number},
        link=reverse("cases:detail", args=[resumed.pk]),
    )
    return resumed
