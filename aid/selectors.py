"""What the pages and the API show of judicial aid: scoped reads, the case panel, the work lists,
the case ledger's aid lines and the report per court and year."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aid.choices import ApplicationStatus
from aid.models import ZERO, Application, Budget
from cases.selectors import cases_visible_to
from enforcement.access import membership_of, visible_courts
from enforcement.choices import Role
from money.registry import LedgerLine

S = ApplicationStatus
ENTRIES_SHOWN = 5
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE}


def applications_visible_to(user):
    return Application.objects.filter(case__in=cases_visible_to(user))


def get_application_for(user, pk) -> Application | None:
    try:
        return (
            applications_visible_to(user)
            .select_related("case", "case__court", "applicant", "filed_by", "budget", "decision_document")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def budgets_visible_to(user):
    return Budget.objects.filter(court__in=visible_courts(user))


def ledger_lines(case) -> list[LedgerLine]:
    """The aid paid on the case, for its money panel: it does not reduce the respondent's debt."""
    return [
        LedgerLine(
            on=timezone.localdate(a.paid_at),
            label=gettext("Judicial aid paid to %(name)s") % {"name": a.applicant.name},
            amount=a.approved_amount,
            reduces_debt=False,
            note=gettext("state judicial aid fund; does not reduce what the respondent owes"),
            link=reverse("aid:detail", args=[a.pk]),
        )
        for a in Application.objects.filter(case=case, status=S.PAID).select_related("applicant")
    ]


def case_panel(request, case) -> dict | None:
    membership = membership_of(request.user)
    if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
        return None
    from aid.services import cannot_pay_reason

    applications = list(
        Application.objects.filter(case=case).select_related("applicant").order_by("-filed_at", "-pk")
    )
    paid = sum((a.approved_amount for a in applications if a.status == S.PAID), ZERO)
    return {
        "applications": applications,
        "paid": paid,
        "can_file": membership.role in {Role.CLERK, Role.JUDGE, Role.HEAD},
        "blocked": cannot_pay_reason(case),
    }


def _entries(rows, text):
    return [{"text": text(a), "url": reverse("aid:detail", args=[a.pk])} for a in rows[:ENTRIES_SHOWN]]


def home_items(user) -> list[dict]:
    """Work lists: the judge's applications to review, the approver's to decide (by decision day),
    finance's approved aid to pay, and the applicants to tell."""
    from aid.services import may_approve

    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role not in COURT_STAFF:
        return []
    court_id = membership.court_id
    mine = Application.objects.filter(court_id=court_id).select_related("case", "applicant")
    items = []

    def due(a):
        return gettext("%(number)s %(name)s: decide by %(day)s") % {
            "number": a.case.number,
            "name": a.applicant.name,
            "day": a.decision_due_on.isoformat(),
        }

    if membership.role == Role.JUDGE:
        rows = mine.filter(status=S.FILED, case__judge=user).order_by("decision_due_on", "pk")
        items.append(
            {
                "label": gettext("Judicial aid to review"),
                "count": rows.count(),
                "url": reverse("aid:list") + "?status=filed",
                "tone": "warn",
                "entries": _entries(rows, due),
            }
        )
    if may_approve(user, court_id):
        rows = mine.filter(status=S.RECOMMENDED).order_by("decision_due_on", "pk")
        today = timezone.localdate()
        items.append(
            {
                "label": gettext("Judicial aid to decide"),
                "count": rows.count(),
                "url": reverse("aid:list") + "?status=recommended",
                "tone": "alert" if rows.filter(decision_due_on__lt=today).exists() else "warn",
                "entries": _entries(rows, due),
            }
        )
    if membership.role == Role.FINANCE:
        rows = mine.filter(status=S.APPROVED).order_by("decided_at", "pk")
        items.append(
            {
                "label": gettext("Judicial aid to pay"),
                "count": rows.count(),
                "url": reverse("aid:list") + "?status=approved",
                "tone": "warn",
                "entries": _entries(
                    rows,
                    lambda a: (
                        gettext("%(number)s: %(amount)s to %(name)s")
                        % {
                            "number": a.case.number,
                            "amount": f"¥{a.approved_amount:,.2f}",
                            "name": a.applicant.name,
                        }
                    ),
                ),
            }
        )
    if membership.role in {Role.CLERK, Role.JUDGE}:
        rows = mine.filter(status=S.PAID, told_at__isnull=True).filter(Q(filed_by=user) | Q(case__judge=user))
        items.append(
            {
                "label": gettext("Applicants to tell of judicial aid paid"),
                "count": rows.count(),
                "url": reverse("aid:list") + "?status=paid",
                "tone": "warn",
                "entries": _entries(
                    rows.order_by("tell_due_on", "pk"),
                    lambda a: (
                        gettext("%(number)s %(name)s: tell by %(day)s")
                        % {
                            "number": a.case.number,
                            "name": a.applicant.name,
                            "day": a.tell_due_on.isoformat(),
                        }
                    ),
                ),
            }
        )
    return [item for item in items if item["count"]]


def report(user, *, year: int) -> list[dict]:
    """Per court the user may see, for `year`: applications filed, approved (approved or paid),
    refused, amounts requested, approved and paid, and the budget's allocated, reserved, paid and
    available money. Two grouped queries and one for the budgets."""
    courts = list(visible_courts(user).order_by("path"))
    apps = (
        Application.objects.filter(court__in=courts, filed_at__year=year)
        .values("court_id")
        .annotate(
            filed=Count("pk"),
            approved=Count("pk", filter=Q(status__in=[S.APPROVED, S.PAID])),
            refused=Count("pk", filter=Q(status=S.REJECTED)),
            requested=Sum("amount_requested"),
            granted=Sum("approved_amount", filter=Q(status__in=[S.APPROVED, S.PAID])),
            paid=Sum("approved_amount", filter=Q(status=S.PAID)),
        )
    )
    by_court = {row["court_id"]: row for row in apps}
    budgets = {b.court_id: b for b in Budget.objects.filter(court__in=courts, year=year)}
    rows = []
    for court in courts:
        a = by_court.get(court.pk, {})
        b = budgets.get(court.pk)
        if not a and b is None:
            continue
        allocated = b.allocated_total if b else ZERO
        used = (b.reserved_total + b.paid_total) if b else ZERO
        rows.append(
            {
                "court": court,
                "filed": a.get("filed", 0),
                "approved": a.get("approved", 0),
                "refused": a.get("refused", 0),
                "requested": a.get("requested") or ZERO,
                "granted": a.get("granted") or ZERO,
                "paid": a.get("paid") or ZERO,
                "allocated": allocated,
                "reserved": b.reserved_total if b else ZERO,
                "budget_paid": b.paid_total if b else ZERO,
                "available": b.available if b else ZERO,
                "use_percent": float(round(used * 100 / allocated, 1)) if allocated else 0.0,
            }
        )
    return rows
