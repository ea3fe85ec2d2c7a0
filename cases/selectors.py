"""Reads of the cases app: what a user may see, scoped in one place."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import events, rules
from cases.actions import approver_roles
from cases.choices import CaseState, PartyKind
from cases.models import Approval, Case, Party, case_worked_on_by
from cases.validators import normalize_identifier
from enforcement.access import membership_of
from enforcement.audit import audit_record, audit_reference, events_for
from enforcement.choices import Role
from enforcement.errors import NotFound
from enforcement.models import AuditEvent, User
from enforcement.registry import off_timeline_actions

COURT_ROLES_ON_CASE = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE}
# Who may file a case (立案), and who is assigned as 承办人: one place for both the form and the service.
FILING_ROLES = (Role.CLERK, Role.JUDGE)
JUDGE_ROLES = (Role.JUDGE, Role.HEAD)


def can_file(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.court_id is not None and membership.role in FILING_ROLES


def court_staff(courts, roles):
    """Active members of these courts holding one of these roles (for assignment choices)."""
    return (
        User.objects.filter(membership__court__in=courts, membership__role__in=roles, is_active=True)
        .order_by("name", "username")
        .only("id", "name", "username")
    )


def party_by_query_code(code: str) -> Party | None:
    """The public lookup (执行公开): the party holding this query code, with its case."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Party.objects.select_related("case", "case__court").filter(query_code=code).first()


def pending_approvals_of(case: Case) -> QuerySet[Approval]:
    return case.approvals.filter(status="pending").select_related("proposer").order_by("created_at", "id")


def cases_visible_to(user) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def get_case_for(user, case_id) -> Case:
    """The case if this user may see it; NotFound for both missing and not visible."""
    try:
        return (
            cases_visible_to(user)
            .select_related("court", "judge", "clerk", "filed_by", "basis")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The case does not exist or you may not view it.")) from None


def works_on_case(user, case: Case) -> bool:
    """Court users who work on the case: its judge and clerk, whoever filed it, and the division
    head of its court (who approves its weighty actions). The predicate of
    `Case.objects.worked_on_by(user)` (cases.models.case_worker_scope) for one loaded case."""
    return case_worked_on_by(user, case)


def can_see_full_id(user, case: Case) -> bool:
    """Full ID numbers only for those who work on the case; everyone else sees them masked."""
    return works_on_case(user, case)


PAGE, API = "page", "api"
FULL_ID_SUMMARIES = {PAGE: "查看当事人完整身份证号码", API: "通过API查看当事人完整身份证号码"}


def full_ids_revealed(viewer, case: Case, parties, *, via: str = PAGE) -> bool:
    """Whether `viewer` is shown these parties' full ID numbers (can_see_full_id), for the case page
    (`via` PAGE) or the API (API) about to show them. Revealing a natural person's full number is
    itself audited, here, once per showing: the event is on the case (off its timeline)
    and, when one party is shown, on that party too. A 统一社会信用代码 is public: showing only
    entities records nothing."""
    if not can_see_full_id(viewer, case):
        return False
    parties = list(parties)
    persons = [p.pk for p in parties if p.kind == PartyKind.PERSON]
    if persons:
        audit_record(
            actor=viewer,
            action=events.CASE_VIEWED_FULL_ID,
            obj=case,
            subject=parties[0] if len(parties) == 1 else None,
            court=case.court,
            summary=FULL_ID_SUMMARIES[via],
            data={"parties": persons} if via == API else {},
        )
    return True


def days_left(case: Case, today: dt.date | None = None) -> int | None:
    """Days until the deadline; frozen while suspended; None once the case is closed."""
    today = today or timezone.localdate()
    if case.state not in CaseState.open_states():
        return None
    if case.state == CaseState.SUSPENDED and case.suspended_since:
        return (case.deadline - case.suspended_since).days
    return (case.deadline - today).days


def case_list(
    user,
    *,
    q: str = "",
    state: str = "",
    judge_id=None,
    court_id=None,
    due_within: int | None = None,
    overdue: bool = False,
    order: str = "deadline",
) -> QuerySet[Case]:
    """The case list: visible cases filtered, with what each row shows fetched in a constant number
    of queries (one for the page, one for the parties of the page)."""
    qs = cases_visible_to(user).select_related("court", "judge")
    q = q.strip()
    if q:
        # A UNION of indexed lookups; an OR of them makes PostgreSQL scan every case. Case
        # numbers are matched from three characters on (the trigram index needs three, and a
        # shorter string cannot single out a number such as （2026）青0102执12号).
        matches = _parties_matching(q).order_by().values("case_id")
        if len(q) >= 3:
            matches = Case.objects.filter(number__icontains=q).order_by().values("pk").union(matches)
        qs = qs.filter(pk__in=matches)
    if state:
        qs = qs.filter(state=state)
    if judge_id:
        qs = qs.filter(judge_id=judge_id)
    if court_id:
        qs = qs.filter(court_id=court_id)
    today = timezone.localdate()
    if due_within is not None:
        qs = qs.filter(
            state__in=CaseState.running_states(), deadline__lte=today + dt.timedelta(days=due_within)
        )
    if overdue:
        qs = qs.filter(state__in=CaseState.running_states(), deadline__lt=today)
    orderings = {
        "deadline": ["deadline", "id"],
        "-deadline": ["-deadline", "-id"],
        "filed": ["filed_at", "id"],
        "-filed": ["-filed_at", "-id"],
        "number": ["number"],
        "-amount": ["-subject_amount", "-id"],
    }
    qs = qs.order_by(*orderings.get(order, orderings["deadline"]))
    return qs.prefetch_related(
        Prefetch("parties", queryset=Party.objects.only("id", "case_id", "role", "name", "position"))
    )


def _parties_matching(q: str) -> QuerySet[Party]:
    """Parties whose ID number is q (stored normalised: exact, indexed) or whose name contains q.
    Name containment is served by a trigram index on PostgreSQL (cases migration 0003), which
    needs three characters; a shorter query (a two-character name such as 李四) matches names
    equal to or starting with it, which the plain index on name serves."""
    name_match = Q(name__icontains=q) if len(q) >= 3 else Q(name=q) | Q(name__startswith=q)
    # ID numbers are stored folded (half-width, no spaces, uppercase): fold the query the same way,
    # so a number typed with full-width digits or a lowercase x finds its party.
    return Party.objects.filter(name_match | Q(id_number=normalize_identifier(q)))


def approvals_waiting_for(user) -> QuerySet[Approval]:
    return Approval.objects.waiting_for(user).select_related("case", "proposer").order_by("created_at", "id")


def approval_inbox_count(user) -> int:
    return Approval.objects.waiting_for(user).count()


def case_timeline(case: Case):
    """Everything that happened to the case, oldest first, from the audit trail. Events an app
    registers as off the timeline (enforcement.registry.audit_event_types: who looked at what is not
    case progress) stay in the trail only."""
    object_type, object_id = audit_reference(case)
    return (
        AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
        .exclude(action__in=off_timeline_actions())
        .order_by("created_at", "id")
    )


def get_party_for(user, party_id) -> Party:
    """A party of a case the user may see; NotFound for missing and invisible alike."""
    try:
        return Party.objects.select_related("case__court").get(pk=party_id, case__in=cases_visible_to(user))
    except (Party.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The party does not exist or you may not view it.")) from None


def get_approval_for(user, approval_id) -> Approval:
    """An approval of a case the user may see (a higher court's supervisor may look, not decide)."""
    try:
        return Approval.objects.select_related("case", "proposer", "decided_by").get(
            pk=approval_id, case__in=cases_visible_to(user)
        )
    except (Approval.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The approval does not exist or you may not view it.")) from None


def approval_decision_facts(approval: Approval) -> list[dict] | None:
    """The facts a decided request was decided on, as its decision recorded them (None before the
    decision, or for a decision recorded without facts)."""
    if approval.status == "pending":
        return None
    event = (
        events_for(approval)
        .filter(action__in=(events.APPROVAL_APPROVED.action, events.APPROVAL_REJECTED.action))
        .order_by("-created_at", "-id")
        .first()
    )
    return (event.data or {}).get("facts") if event is not None else None


def approvals_proposed_by(user) -> QuerySet[Approval]:
    """What this user proposed in their own court, newest first, whatever became of it."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return Approval.objects.none()
    return (
        Approval.objects.filter(proposer=user, court_id=membership.court_id)
        .select_related("case", "proposer", "decided_by")
        .order_by("-created_at", "-id")
    )


def home_items(user) -> list[dict]:
    """待办 on the home page of court users: their open cases, those due within the warning window,
    the overdue ones, and the approvals waiting on them (a handful of COUNT queries)."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    cases_url = reverse("cases:list")
    today = timezone.localdate()
    scope = cases_visible_to(user).filter(state__in=CaseState.running_states())
    mine = scope.worked_on_by(user) if membership.role in (Role.JUDGE, Role.CLERK) else scope
    label = _("My open cases") if membership.role in (Role.JUDGE, Role.CLERK) else _("Open cases")
    window = int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=today).value)
    items = [
        {"label": label, "count": mine.count(), "url": cases_url, "tone": ""},
        {
            "label": _("Due within %(days)s days") % {"days": window},
            "count": mine.filter(
                deadline__gte=today, deadline__lte=today + dt.timedelta(days=window)
            ).count(),
            "url": f"{cases_url}?due=30",  # the list's "due soon" filter (cases.forms.DUE_CHOICES)
            "tone": "warn",
        },
        {
            "label": _("Past the deadline"),
            "count": mine.filter(deadline__lt=today).count(),
            "url": f"{cases_url}?due=overdue",
            "tone": "alert",
        },
    ]
    if membership.role in approver_roles():
        items.append(
            {
                "label": _("Awaiting my decision"),
                "count": approval_inbox_count(user),
                "url": reverse("cases:approvals"),
                "tone": "warn",
            }
        )
    return items
