"""What the pages show of objections: the scoped reads, the case panel, the case's next steps and the
home-page work lists, each deadline with the days it has left (objections.models: stored due days)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from cases.models import Case
from cases.selectors import cases_visible_to
from enforcement.access import membership_of
from enforcement.choices import Role
from objections import services
from objections.choices import ObjectionKind, ObjectionState, ReconsiderationState
from objections.models import Objection, Reconsideration

ENTRIES_SHOWN = 5
STAFF = (Role.CLERK, Role.JUDGE, Role.HEAD)


def objections_visible_to(user) -> QuerySet[Objection]:
    """Objections of the cases the user may see (court hierarchy): the enforcement court and the
    courts above it; another court's are not found."""
    return Objection.objects.filter(case__in=cases_visible_to(user))


def reconsiderations_visible_to(user) -> QuerySet[Reconsideration]:
    return Reconsideration.objects.filter(objection__case__in=cases_visible_to(user))


def get_objection_for(user, pk) -> Objection | None:
    try:
        return (
            objections_visible_to(user)
            .select_related(
                "case", "court", "case__court", "asset", "objector_party", "filed_by", "decided_by", "ruling"
            )
            .get(pk=pk)
        )
    except (Objection.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def reconsideration_of(objection: Objection) -> Reconsideration | None:
    try:
        return objection.reconsideration
    except Reconsideration.DoesNotExist:
        return None


def is_staff_of(user, court_id, roles=STAFF) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.court_id == court_id and membership.role in roles


def abilities(user, objection: Objection, reconsideration: Reconsideration | None) -> dict:
    """Which buttons the objection page shows (the services decide; this only hides what they refuse)."""
    case = objection.case
    here = is_staff_of(user, case.court_id)
    decider = is_staff_of(user, case.court_id, services.DECIDERS)
    parent_id = case.court.parent_id
    higher = parent_id is not None and is_staff_of(user, parent_id)
    higher_decider = parent_id is not None and is_staff_of(user, parent_id, services.DECIDERS)
    higher_head = parent_id is not None and is_staff_of(user, parent_id, (Role.HEAD,))
    state = objection.state
    open_recon = reconsideration is not None and reconsideration.state == ReconsiderationState.FILED
    return {
        "accept": here and state == ObjectionState.FILED,
        "refuse": decider and state == ObjectionState.FILED,
        "decide": decider and state == ObjectionState.ACCEPTED,
        "serve": here and state == ObjectionState.DECIDED and objection.served_on is None,
        "issue_ruling": decider
        and state in (ObjectionState.DECIDED, ObjectionState.REFUSED)
        and not objection.ruling_id,
        "reconsider": higher
        and objection.kind == ObjectionKind.ACT
        and state == ObjectionState.DECIDED
        and objection.served_on is not None
        and reconsideration is None,
        "extend": higher_head and open_recon and not reconsideration.extended_days,
        "decide_reconsideration": higher_decider and open_recon,
    }


def _days_left(day) -> int:
    return (day - timezone.localdate()).days


def objection_steps(objection: Objection, reconsideration: Reconsideration | None) -> list[dict]:
    """The steps of one objection still due, each {"label", "due", "url", "citation"}."""
    url = reverse("objections:detail", args=[objection.pk])
    steps = []
    if objection.state == ObjectionState.FILED:
        steps.append(
            {
                "label": gettext("Accept or refuse objection %(number)s") % {"number": objection.number},
                "due": objection.accept_due,
                "url": url,
            }
        )
    if objection.state in ObjectionState.pending():
        steps.append(
            {
                "label": gettext("Decide objection %(number)s") % {"number": objection.number},
                "due": objection.decision_due,
                "url": url,
            }
        )
    if (
        objection.state == ObjectionState.DECIDED
        and objection.served_on is not None
        and reconsideration is None
    ):
        last = services.reconsideration_request_due(objection)
        if last is not None and last >= timezone.localdate():
            steps.append(
                {
                    "label": gettext("Reconsideration of %(number)s may be requested until")
                    % {"number": objection.number},
                    "due": last,
                    "url": url,
                }
            )
        suit = services.suit_due(objection)
        if suit is not None and suit >= timezone.localdate():
            steps.append(
                {
                    "label": gettext("A suit against ruling %(number)s may be brought until")
                    % {"number": objection.number},
                    "due": suit,
                    "url": url,
                }
            )
    if reconsideration is not None and reconsideration.state == ReconsiderationState.FILED:
        steps.append(
            {
                "label": gettext("Higher court decides reconsideration %(number)s")
                % {"number": reconsideration.number},
                "due": reconsideration.decision_due,
                "url": url,
            }
        )
    return steps


def case_objection_steps(case: Case) -> list[dict]:
    """cases.registry.next_steps: the deadlines of the case's objections."""
    out = []
    for objection in Objection.objects.filter(case=case).select_related("reconsideration").order_by("pk"):
        out.extend(objection_steps(objection, reconsideration_of(objection)))
    return out


def case_panel(request, case: Case) -> dict | None:
    """The objections of the case for those who may see the case; the button to record one for the
    staff of its court."""
    rows = list(
        Objection.objects.filter(case=case).select_related("reconsideration", "asset").order_by("-pk")
    )
    can_file = is_staff_of(request.user, case.court_id)
    if not rows and not can_file:
        return None
    entries = []
    for objection in rows:
        recon = reconsideration_of(objection)
        steps = objection_steps(objection, recon)
        entries.append(
            {
                "objection": objection,
                "reconsideration": recon,
                "next": {**steps[0], "days": _days_left(steps[0]["due"])} if steps else None,
            }
        )
    return {"entries": entries, "can_file": can_file}


def _entry(objection_id, number, label, due):
    return {
        "text": gettext("%(number)s: %(label)s by %(due)s (%(days)s days left)")
        % {"number": number, "label": label, "due": due.isoformat(), "days": _days_left(due)},
        "url": reverse("objections:detail", args=[objection_id]),
    }


def home_items(user) -> list[dict]:
    """For the staff of a court: its objections to accept and to decide, and the reconsiderations it
    decides as the higher court, soonest due first, each entry with its days left."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role not in STAFF:
        return []
    court_id = membership.court_id
    today = timezone.localdate()
    to_accept = Objection.objects.filter(court_id=court_id, state=ObjectionState.FILED).order_by(
        "accept_due", "pk"
    )
    to_decide = Objection.objects.filter(court_id=court_id, state__in=ObjectionState.pending()).order_by(
        "decision_due", "pk"
    )
    recons = Reconsideration.objects.filter(court_id=court_id, state=ReconsiderationState.FILED).order_by(
        "decision_due", "pk"
    )
    items = []
    for label, rows, due_field, step in (
        (gettext_lazy("Objections to accept"), to_accept, "accept_due", gettext_lazy("accept")),
        (gettext_lazy("Objections to decide"), to_decide, "decision_due", gettext_lazy("decide")),
    ):
        count = rows.count()
        if not count:
            continue
        overdue = rows.filter(**{f"{due_field}__lt": today}).exists()
        items.append(
            {
                "label": str(label),
                "count": count,
                "url": reverse("objections:worklist"),
                "tone": "alert" if overdue else "warn",
                "entries": [
                    _entry(o.pk, o.number, str(step), getattr(o, due_field)) for o in rows[:ENTRIES_SHOWN]
                ],
            }
        )
    count = recons.count()
    if count:
        items.append(
            {
                "label": gettext("Reconsiderations to decide"),
                "count": count,
                "url": reverse("objections:worklist"),
                "tone": "alert" if recons.filter(decision_due__lt=today).exists() else "warn",
                "entries": [
                    _entry(r.objection_id, r.number, gettext("decide"), r.decision_due)
                    for r in recons[:ENTRIES_SHOWN]
                ],
            }
        )
    return items
