"""Late statutory nodes of a court's open cases, each kind one database query (no loop per case)."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseState
from cases.models import Case
from cases.selectors import works_on_case
from enforcement.access import membership_of
from enforcement.choices import Role
from supervision.models import Node, SupervisionReminder


def _late_execution_notices(court_id, today):
    """Execution notice not served by `notice_due` (EXECUTION_NOTICE_DAYS after filing, stored on
    the case by cases.services.case_file)."""
    return (
        Case.objects.filter(
            court_id=court_id,
            state__in=CaseState.running_states(),
            notice_served_on__isnull=True,
            notice_due__lt=today,
        )
        .annotate(due=F("notice_due"))
        .select_related("judge")
        .order_by("notice_due", "id")
    )


NODE_QUERIES = {Node.EXECUTION_NOTICE: _late_execution_notices}


def late_nodes(court_id, today=None) -> list[dict]:
    today = today or timezone.localdate()
    rows = []
    for node, query in NODE_QUERIES.items():
        for case in query(court_id, today):
            rows.append(
                {
                    "case": case,
                    "number": case.number,
                    "judge": case.judge,
                    "node": node,
                    "node_label": Node(node).label,
                    "due": case.due,
                    "days_late": (today - case.due).days,
                }
            )
    return rows


def open_reminders_for_judge(user):
    return SupervisionReminder.objects.filter(case__judge=user, acted_at__isnull=True).select_related("case")


def home_items(user) -> list[dict]:
    membership = membership_of(user)
    if membership is None or membership.role != Role.JUDGE:
        return []
    reminders = list(open_reminders_for_judge(user)[:5])
    count = open_reminders_for_judge(user).count()
    if not count:
        return []
    return [
        {
            "label": _("Supervision reminders"),
            "count": count,
            "url": reverse("cases:list"),
            "tone": "alert",
            "entries": [
                {
                    "text": f"{r.case.number} · {r.get_node_display()}",
                    "url": reverse("cases:detail", args=[r.case_id]),
                }
                for r in reminders
            ],
        }
    ]


def case_panel_context(request, case):
    if not works_on_case(request.user, case):
        return None
    reminders = list(case.supervision_reminders.filter(acted_at__isnull=True).select_related("sent_by"))
    if not reminders:
        return None
    return {"reminders": reminders, "can_act": request.user.pk == case.judge_id}


def judge_workload(court_id, today=None):
    """Per judge of the court, in one query: open cases, overdue (running past the deadline),
    cases closed, all cases, and money performed (confirmed receipts plus direct performance).
    The closing rate is closed / all."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from money.choices import ReceiptStatus
    from money.models import DirectPerformance, Receipt

    today = today or timezone.localdate()
    zero = Value(0, output_field=DecimalField(max_digits=16, decimal_places=2))

    def _sum(model, **filters):
        return Coalesce(
            Subquery(
                model.objects.filter(case__judge=OuterRef("pk"), case__court_id=court_id, **filters)
                .order_by()
                .values("case__judge")
                .annotate(total=Sum("amount"))
                .values("total")[:1]
            ),
            zero,
        )

    in_court = Q(judge_cases__court_id=court_id)
    judges = (
        get_user_model()
        .objects.filter(membership__court_id=court_id, membership__role=Role.JUDGE)
        .annotate(
            open_cases=Count(
                "judge_cases", filter=in_court & Q(judge_cases__state__in=CaseState.open_states())
            ),
            overdue=Count(
                "judge_cases",
                filter=in_court
                & Q(judge_cases__state__in=CaseState.running_states(), judge_cases__deadline__lt=today),
            ),
            all_cases=Count("judge_cases", filter=in_court),
            closed=Count("judge_cases", filter=in_court & ~Q(judge_cases__state__in=CaseState.open_states())),
            received=_sum(Receipt, status=ReceiptStatus.CONFIRMED),
            direct=_sum(DirectPerformance),
        )
        .order_by("name", "pk")
    )
    rows = []
    for judge in judges:
        rate = round(judge.closed * 100 / judge.all_cases, 1) if judge.all_cases else None
        rows.append(
            {
                "judge": judge,
                "open_cases": judge.open_cases,
                "overdue": judge.overdue,
                "closed": judge.closed,
                "all_cases": judge.all_cases,
                "closing_rate": rate,
                "performed": judge.received + judge.direct,
            }
        )
    return rows
