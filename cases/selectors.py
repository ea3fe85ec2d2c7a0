"""Reads of the cases app: what a user may see, scoped in one place."""

import datetime as dt
import re

from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import events, rules
from cases.actions import approver_roles, get_action
from cases.choices import ApprovalStatus, CaseState, PartyKind
from cases.models import Approval, Case, Party, case_worked_on_by, case_worker_q
from cases.registry import list_filters, timeline_kinds
from cases.validators import normalize_identifier, ric_check_char, uscc_check_char
from enforcement.access import membership_of, visible_courts
from enforcement.audit import audit_record, audit_reference, events_for
from enforcement.choices import Role
from enforcement.dates import format_date
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


# How the list sorts: the form's choices (cases.forms.ORDER_CHOICES) and the column headers.
LIST_ORDERINGS = {
    "deadline": ["deadline", "id"],
    "-deadline": ["-deadline", "-id"],
    "filed": ["filed_at", "id"],
    "-filed": ["-filed_at", "-id"],
    "number": ["number"],
    "amount": [F("subject_amount").asc(nulls_first=True), "id"],
    "-amount": [F("subject_amount").desc(nulls_last=True), "-id"],
}


def case_statutory_steps(case: Case) -> list[dict]:
    """The case's own steps with a day fixed by law (cases.registry.next_steps): the execution notice
    (due `notice_due`, EXECUTION_NOTICE_DAYS after filing) until it is served, and the end of the
    time limit. None while the clock does not run (suspended or closed)."""
    if case.state not in CaseState.running_states():
        return []
    steps = []
    if case.notice_served_on is None:
        steps.append({"label": _("Send the execution notice"), "due": case.notice_due, "url": ""})
    steps.append({"label": _("End of the time limit for enforcement"), "due": case.deadline, "url": ""})
    return steps


def case_list(
    user,
    *,
    q: str = "",
    state: str = "",
    type_code: str = "",
    judge_id=None,
    clerk_id=None,
    court_id=None,
    filed_from: dt.date | None = None,
    filed_to: dt.date | None = None,
    amount_min=None,
    amount_max=None,
    due_within: int | None = None,
    overdue: bool = False,
    pending_approval: bool = False,
    only: str = "",
    mine: bool = False,
    order: str = "deadline",
) -> QuerySet[Case]:
    """The case list: visible cases filtered, with what each row shows fetched in a constant number
    of queries (one for the page, one for the parties of the page, one for the pending approvals of
    the page: awaiting_approval(case)).

    The visible courts are read first (one small query) and given to the list's query as
    numbers: `court_id IN (…)` with the number of a basic court lets PostgreSQL read the page
    of 20 along an index of the sort order (cases migration 0012) instead of sorting every case
    of the court, which at 200,000 cases took most of a second."""
    court_ids = list(visible_courts(user).values_list("pk", flat=True))
    qs = Case.objects.filter(court_id__in=court_ids).select_related("court", "judge", "clerk")
    q = q.strip()
    if q:
        qs = _searched(qs, q)
    if state:
        qs = qs.filter(state=state)
    if type_code:
        qs = qs.filter(type_code=type_code)
    if judge_id:
        qs = qs.filter(judge_id=judge_id)
    if clerk_id:
        qs = qs.filter(clerk_id=clerk_id)
    if court_id:
        qs = qs.filter(court_id=court_id)
    if filed_from:
        qs = qs.filter(filed_on__gte=filed_from)
    if filed_to:
        qs = qs.filter(filed_on__lte=filed_to)
    if amount_min is not None:
        qs = qs.filter(subject_amount__gte=amount_min)
    if amount_max is not None:
        qs = qs.filter(subject_amount__lte=amount_max)
    today = timezone.localdate()
    if due_within is not None:
        qs = qs.filter(
            state__in=CaseState.running_states(), deadline__lte=today + dt.timedelta(days=due_within)
        )
    if overdue:
        qs = qs.filter(state__in=CaseState.running_states(), deadline__lt=today)
    if pending_approval:
        # Few: the pending requests of the visible courts (the court is on the request's row) read
        # first and their cases given to the list as numbers (_by_ids). As an EXISTS, PostgreSQL
        # walked the court's cases probing each: 1.8 s at 2,000,000 cases.
        pending = Approval.objects.filter(status=ApprovalStatus.PENDING, court_id__in=court_ids)
        waiting = list(pending.values_list("case_id", flat=True).distinct()[: CASE_IDS_MAX + 1])
        qs = _by_ids(qs, waiting, pending.values("case_id"))
    if mine:
        # the condition on the listed rows themselves (not `pk IN (their ids)`): the deadline index
        # carries the fields it names, so a page of the user's cases is read from the index alone
        condition = case_worker_q(user)
        qs = qs.filter(condition) if condition is not None else qs.none()
    named = list_filters.get(only) if only else None
    if named is not None:
        qs = named.apply(qs, user)
    qs = qs.order_by(*LIST_ORDERINGS.get(order, LIST_ORDERINGS["deadline"]))
    return qs.prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.only("id", "case_id", "role", "kind", "name", "id_number", "position"),
        ),
        # whether a case awaits an approval (awaiting_approval): the pending requests of the page's
        # cases only. An EXISTS in the page's query made PostgreSQL hash every pending request of
        # every court first (it plans for the whole list, not the 20 rows of the page).
        Prefetch(
            "approvals",
            queryset=Approval.objects.filter(status=ApprovalStatus.PENDING).only("id", "case_id"),
            to_attr=PENDING_APPROVALS,
        ),
    )


PENDING_APPROVALS = "pending_approvals_listed"

# The filters whose columns the deadline index carries (cases.models, case_court_deadline_id).
INDEX_COVERED_FILTERS = frozenset(
    {
        "state",
        "type_code",
        "judge_id",
        "clerk_id",
        "court_id",
        "filed_from",
        "filed_to",
        "amount_min",
        "amount_max",
        "mine",  # the fields of cases.models.CASE_WORKER_FIELDS
        "pending_approval",  # ids (the key of the index)
    }
)


def page_ids_from_index(filters: dict) -> bool:
    """Whether case_list(**filters) should have its page's ids read first (enforcement.pagination,
    ids_first): ordered by deadline and filtered only by columns the deadline index carries ("mine"
    by its fields, "awaiting approval" by the ids of the cases waiting), the ids come from the index
    alone: a judge's own cases at 200,000 cases, 53 ms to fetch and sort all 2,000 of them, 0.1 ms
    along the index. A named filter says so itself (ListFilter.ids_first). Not otherwise: with a
    search or another named filter PostgreSQL planned the ids' query worse than the whole page's
    ("awaiting approval" as an EXISTS: 14 ms became 55 at 200,000 cases), and an unfiltered list
    reads its first 20 entries either way."""
    if filters.get("order", "deadline") != "deadline":
        return False
    used = {key for key, value in filters.items() if key != "order" and value not in (None, "", False)}
    named = list_filters.get(filters["only"]) if filters.get("only") else None
    if named is not None and named.ids_first:
        used.discard("only")
        return used <= INDEX_COVERED_FILTERS
    return bool(used) and used <= INDEX_COVERED_FILTERS


def awaiting_approval(case: Case) -> bool:
    """Whether a case of case_list() has a request waiting for a decision (prefetched)."""
    return bool(getattr(case, PENDING_APPROVALS, ()))


# A query of at least this many ID characters (digits, X) is also looked for inside ID numbers.
ID_FRAGMENT_MIN = 6
ID_CHARS = re.compile(r"^[0-9A-Z]+$")


# Up to this many case ids are handed to a list's query as numbers (among_cases).
CASE_IDS_MAX = 5_000


def among_cases(qs: QuerySet[Case], case_ids: QuerySet) -> QuerySet[Case]:
    """`qs` narrowed to the cases of `case_ids` (a queryset of rows with a `case` foreign key:
    measures expiring, answers waiting), for a list filter that keeps few cases.

    The ids of the matching cases of `qs` are read first, in no order, and given to the list's
    query as numbers. As an `IN (subquery)` in the ordered list PostgreSQL walked the court's cases
    in the list's order (by deadline) looking for the few that match, supposing them spread evenly
    along it: 100-560 ms at 200,000 cases instead of a few. Beyond CASE_IDS_MAX the subquery it is,
    so that a query never carries an unbounded literal."""
    case_ids = case_ids.filter(case__in=qs.order_by().values("pk"))
    ids = list(case_ids.order_by().values_list("case_id", flat=True).distinct()[: CASE_IDS_MAX + 1])
    return _by_ids(qs, ids, case_ids.values("case_id"))


def _by_ids(qs: QuerySet[Case], ids: list, subquery: QuerySet) -> QuerySet[Case]:
    """`qs` narrowed to `ids` (read with a limit of CASE_IDS_MAX + 1) given as numbers, or, when
    there were more than CASE_IDS_MAX of them, to the `subquery` they were read from."""
    return qs.filter(pk__in=ids) if len(ids) <= CASE_IDS_MAX else qs.filter(pk__in=subquery)


def _searched(qs: QuerySet[Case], q: str) -> QuerySet[Case]:
    """`qs` narrowed to what the search box finds for `q`. The matching case ids are read first
    (case_search_matches, one UNION of index lookups) and given to the list as numbers, as
    among_cases does: as a subquery PostgreSQL guessed the trigram matches of a number fragment at
    thousands (there were 19) and walked the court's cases in deadline order looking for them, 168 ms
    at 200,000 cases for 8 digits of an ID number. Beyond CASE_IDS_MAX matches (a word in every
    company's name) the subquery it is."""
    matches = case_search_matches(q)
    found = [next(iter(row.values())) for row in matches[: CASE_IDS_MAX + 1]]
    return _by_ids(qs, found, matches)


def whole_id_number(folded: str) -> bool:
    """Whether a folded search string is a complete 公民身份号码 (GB 11643) or 统一社会信用代码
    (GB 32100): 18 characters whose last is the check character of the first 17."""
    if len(folded) != 18:
        return False
    for check_char in (ric_check_char, uscc_check_char):
        try:
            if check_char(folded[:17]) == folded[17]:
                return True
        except ValueError:  # not of that alphabet
            continue
    return False


def case_search_matches(q: str):
    """The ids of the cases the list's search box finds for `q`: a UNION of indexed lookups, one
    per thing searched (an OR of them across tables makes PostgreSQL scan every case). Each arm
    is a `values()` of case ids; to search one more field, add an arm here.

    - case number and original case number (原审案号): contain q, from three characters on (the trigram index on UPPER(number) needs
      three, and a shorter string cannot single out a number such as （2026）青0102执12号);
    - party name: contains q (_parties_matching: trigram index, or the two-character index);
    - ID number: equal to q folded, or containing it from ID_FRAGMENT_MIN characters on."""
    arms = [_parties_matching(q).order_by().values("case_id")]
    if len(q) >= 3:
        arms.append(Case.objects.filter(number__icontains=q).order_by().values("pk"))
        # the original case number (原审案号), on its own trigram index (cases migration 0008)
        arms.append(Case.objects.filter(original_case_number__icontains=q).order_by().values("pk"))
    folded = normalize_identifier(q)
    if whole_id_number(folded):
        # a whole 公民身份号码 or 统一社会信用代码 names one person or body: looked up by the
        # exact index only. Looking for it inside other numbers as well cost a trigram scan over
        # every party's number (all digits, so every trigram is common): 12 ms of the 14 ms
        # query at 200,000 cases, growing with the parties.
        arms.append(Party.objects.filter(id_number=folded).order_by().values("case_id"))
    elif len(folded) >= ID_FRAGMENT_MIN and ID_CHARS.match(folded):
        arms.append(Party.objects.filter(id_number__icontains=folded).order_by().values("case_id"))
    else:
        arms.append(Party.objects.filter(id_number=folded).order_by().values("case_id"))
    first, *rest = arms
    return first.union(*rest) if rest else first


class HasBigram(Func):
    """`cases_bigrams(UPPER(column)) @> ARRAY[UPPER(value)]`: the column holds the two characters
    `value` somewhere (PostgreSQL; the expression of the index of cases migration 0009)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, value = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        value_sql, value_params = compiler.compile(value)
        sql = f"cases_bigrams(UPPER(({column_sql})::text)) @> ARRAY[UPPER({value_sql})]::text[]"
        return sql, (*column_params, *value_params)


def _parties_matching(q: str) -> QuerySet[Party]:
    """Parties whose name contains q. On PostgreSQL three characters or more are served by the
    trigram index on UPPER(name) (cases migration 0003); exactly two (a two-character name such as
    李四, or 鑫源 in 青海鑫源贸易有限公司) by the index on the name's two-character pieces
    (migration 0009), which a trigram index cannot serve; a single character matches names equal
    to or starting with it (the plain index on name). SQLite scans with `icontains`."""
    if len(q) >= 3:
        return Party.objects.filter(name__icontains=q)
    if len(q) == 2:
        if connection.vendor == "postgresql":
            return Party.objects.filter(HasBigram(F("name"), Value(q)))
        return Party.objects.filter(name__icontains=q)
    return Party.objects.filter(Q(name=q) | Q(name__startswith=q))


def approvals_waiting_for(user) -> QuerySet[Approval]:
    return Approval.objects.waiting_for(user).select_related("case", "proposer").order_by("created_at", "id")


def approval_inbox_count(user) -> int:
    return Approval.objects.waiting_for(user).count()


def case_timeline(case: Case, *, kind: str = "", newest_first: bool = False):
    """Everything that happened to the case, from the audit trail, in true order: by the time of
    each event and then by its id (two events of one instant keep the order they were written in:
    a notice is received only after it was sent). Oldest first, or newest first for the case page.
    `kind` keeps one kind of event (cases.registry.timeline_kinds: documents, notices, money,
    approvals). Events an app registers as off the timeline (enforcement.registry.audit_event_types:
    who looked at what is not case progress) stay in the trail only."""
    object_type, object_id = audit_reference(case)
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id).exclude(
        action__in=off_timeline_actions()
    )
    timeline_kind = timeline_kinds.get(kind) if kind else None
    if timeline_kind is not None:
        match = Q(pk__in=[])
        for prefix in timeline_kind.prefixes:
            match |= Q(action__startswith=prefix) if prefix.endswith(".") else Q(action=prefix)
        events = events.filter(match)
    return events.order_by("-created_at", "-id") if newest_first else events.order_by("created_at", "id")


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


ENTRIES_SHOWN = 5


def notice_pending(qs, user=None):
    """Running cases whose execution notice is not served yet (the list filter "notice_pending")."""
    return qs.filter(state__in=CaseState.running_states(), notice_served_on__isnull=True)


def _case_entry(case: Case, text: str, anchor: str = "") -> dict:
    return {
        "text": _("%(number)s: %(what)s") % {"number": case.number, "what": text},
        "url": reverse("cases:detail", args=[case.pk]) + anchor,
    }


def home_items(user) -> list[dict]:
    """待办 on the home page of court users: their open cases, those due within the warning window,
    the overdue ones, the approvals waiting on them; for a judge also the execution notices still to
    send (due EXECUTION_NOTICE_DAYS after filing) and their own requests awaiting a decision. Each
    counter links to the case list filtered to the same cases; `entries` are the first few, each
    a link to its place on the case page (a handful of queries, none per case)."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    cases_url = reverse("cases:list")
    today = timezone.localdate()
    scope = cases_visible_to(user).filter(state__in=CaseState.running_states())
    own = membership.role in (Role.JUDGE, Role.CLERK)
    mine = scope.worked_on_by(user) if own else scope
    mine_query = "mine=on&" if own else ""
    label = _("My open cases") if own else _("Open cases")
    window = int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=today).value)
    overdue = mine.filter(deadline__lt=today).order_by("deadline", "id")
    items = [
        {"label": label, "count": mine.count(), "url": f"{cases_url}?{mine_query}".rstrip("?&"), "tone": ""},
        {
            "label": _("Due within %(days)s days") % {"days": window},
            "count": mine.filter(
                deadline__gte=today, deadline__lte=today + dt.timedelta(days=window)
            ).count(),
            "url": f"{cases_url}?{mine_query}due=30",  # the list's "due soon" filter (cases.forms.DUE_CHOICES)
            "tone": "warn",
        },
        {
            "label": _("Past the deadline"),
            "count": overdue.count(),
            "url": f"{cases_url}?{mine_query}due=overdue",
            "tone": "alert",
            "entries": [
                _case_entry(c, _("time limit expired on %(date)s") % {"date": format_date(c.deadline)})
                for c in overdue[:ENTRIES_SHOWN]
            ]
            if membership.role == Role.HEAD
            else [],
        },
    ]
    if membership.role == Role.JUDGE:
        notices = notice_pending(mine).order_by("notice_due", "id")
        items.append(
            {
                "label": _("Execution notices to send"),
                "count": notices.count(),
                "url": f"{cases_url}?{mine_query}only=notice_pending",
                "tone": "warn",
                "entries": [
                    _case_entry(c, _("due by %(date)s") % {"date": format_date(c.notice_due)}, "#next-step")
                    for c in notices[:ENTRIES_SHOWN]
                ],
            }
        )
        proposed = approvals_proposed_by(user).filter(status=ApprovalStatus.PENDING)
        items.append(
            {
                "label": _("My requests awaiting a decision"),
                "count": proposed.count(),
                "url": f"{cases_url}?{mine_query}awaiting=on",
                "tone": "",
                "entries": [
                    _case_entry(a.case, _approval_text(a), "#pending-approvals")
                    for a in proposed[:ENTRIES_SHOWN]
                ],
            }
        )
    if membership.role in approver_roles():
        waiting = approvals_waiting_for(user)
        items.append(
            {
                "label": _("Awaiting my decision"),
                "count": waiting.count(),
                "url": reverse("cases:approvals"),
                "tone": "warn",
                "entries": [
                    {
                        "text": _("%(number)s: %(what)s")
                        % {"number": a.case.number, "what": _approval_text(a)},
                        "url": reverse("cases:approvals"),
                    }
                    for a in waiting[:ENTRIES_SHOWN]
                ],
            }
        )
    return items


def _approval_text(approval: Approval) -> str:
    action = get_action(approval.action)
    return str(action.label) if action else approval.action
