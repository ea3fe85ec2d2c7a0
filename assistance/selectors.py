"""Reads of the assistance app: who may see which notice, scoped in one place. A liaison officer
sees only their own agency's notices, and only once sent; court users see the notices of the cases
they may see. Missing and not-yours give the same NotFound (no leak of existence)."""

import datetime as dt
from statistics import median

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import rules
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import NetworkQuery, Notice
from cases.choices import CaseState
from cases.models import Case, case_worker_q
from cases.selectors import among_cases, cases_visible_to
from cases.validators import FULL_WIDTH_TO_ASCII
from enforcement.access import can_see_court, membership_of, user_agency
from enforcement.dates import format_date
from enforcement.errors import NotFound


def notices_visible_to(user) -> QuerySet[Notice]:
    agency = user_agency(user)
    if agency is not None:
        return Notice.objects.for_agency(agency)
    membership = membership_of(user)
    if membership is None and not getattr(user, "is_superuser", False):
        return Notice.objects.none()
    return Notice.objects.filter(case__in=cases_visible_to(user))


def get_notice_for(user, notice_id) -> Notice:
    try:
        return (
            notices_visible_to(user)
            .select_related("case", "agency", "court", "document", "asset", "measure")
            .get(pk=notice_id)
        )
    except (Notice.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The assistance notice does not exist or you may not view it.")) from None


def get_network_query_for(user, query_id):
    """A network query for its requester, or for a court user who may see its court's cases
    (network_query_start takes only respondents of cases the requester works on, which are all cases
    of the requester's court, and the query records that court); NotFound for anyone else."""
    try:
        pk = int(query_id)
    except (TypeError, ValueError):
        raise NotFound(_("The network query does not exist or you may not view it.")) from None
    query = (
        NetworkQuery.objects.filter(pk=pk).select_related("requested_by").first() if 0 < pk < 2**63 else None
    )
    if query is None:
        raise NotFound(_("The network query does not exist or you may not view it."))
    membership = membership_of(user)
    court_user = user.is_superuser or (membership is not None and membership.court_id is not None)
    if query.requested_by_id != user.pk and not (court_user and can_see_court(user, query.court_id)):
        raise NotFound(_("The network query does not exist or you may not view it."))
    return query


def agency_inbox(agency, *, pending_only: bool = True) -> QuerySet[Notice]:
    qs = Notice.objects.for_agency(agency).select_related("case", "court", "document", "respondent")
    if pending_only:
        qs = qs.filter(status__in=NoticeStatus.awaiting_answer())
    return qs.order_by("due_on", "id")


DUE_FILTERS = ("today", "overdue")  # the liaison's home-page counters, the inbox and the agency API


def agency_inbox_due(
    notices: QuerySet[Notice], due: str, *, today: dt.date | None = None
) -> QuerySet[Notice]:
    """Notices awaiting an answer narrowed to those whose answer is due today (not yet marked
    overdue) or those past due (marked overdue by the sweep); any other value narrows nothing.
    The home-page counters count exactly what this lists."""
    if due not in DUE_FILTERS:
        return notices
    notices = notices.filter(status__in=NoticeStatus.awaiting_answer())
    if due == "overdue":
        return notices.filter(status=NoticeStatus.OVERDUE)
    return notices.filter(due_on=today or timezone.localdate()).exclude(status=NoticeStatus.OVERDUE)


ID_FRAGMENT_MIN = 6  # an ID number is searched by a fragment of at least this many characters


def agency_inbox_search(notices: QuerySet[Notice], text: str) -> QuerySet[Notice]:
    """The inbox narrowed by what the liaison officer typed: a case number (or part of one), the
    respondent's name (or part of it) or, from ID_FRAGMENT_MIN characters on, part of the
    respondent's ID number or credit code. Only narrows the agency's own notices it is given."""
    text = " ".join((text or "").split())[:100]
    if not text:
        return notices
    found = Q(case__number__icontains=text) | Q(respondent__name__icontains=text)
    compact = "".join(text.translate(FULL_WIDTH_TO_ASCII).split()).upper()  # as IDs are stored
    if len(compact) >= ID_FRAGMENT_MIN:
        found |= Q(respondent__id_number__contains=compact)
    return notices.filter(found)


def get_agency_notice(agency, notice_id) -> Notice:
    try:
        return agency_inbox(agency, pending_only=False).get(pk=notice_id)
    except (Notice.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The assistance notice does not exist.")) from None


# --- scoreboard (联席会议) --------------------------------------------------------------------
def agency_scoreboard(*, start: dt.date, end: dt.date, agency_kind: str = "", court_ids=None) -> list[dict]:
    """Per agency for notices sent in [start, end]: received, answered in time, answered late,
    overdue and unanswered, median answer time in hours."""
    qs = Notice.objects.filter(sent_at__date__gte=start, sent_at__date__lte=end).select_related("agency")
    if agency_kind:
        qs = qs.filter(agency__kind=agency_kind)
    if court_ids is not None:
        qs = qs.filter(court_id__in=court_ids)
    rows: dict[int, dict] = {}
    for notice in qs.only("agency__name", "agency__kind", "sent_at", "answered_at", "due_on", "status"):
        row = rows.setdefault(
            notice.agency_id,
            {
                "agency": notice.agency,
                "received": 0,
                "in_time": 0,
                "late": 0,
                "overdue_open": 0,
                "_hours": [],
            },
        )
        row["received"] += 1
        if notice.answered_at:
            hours = (notice.answered_at - notice.sent_at).total_seconds() / 3600
            row["_hours"].append(hours)
            if notice.answered_in_time:
                row["in_time"] += 1
            else:
                row["late"] += 1
        elif notice.status == NoticeStatus.OVERDUE:
            row["overdue_open"] += 1
    out = []
    for row in rows.values():
        hours = row.pop("_hours")
        row["median_hours"] = round(median(hours), 1) if hours else None
        row["in_time_rate"] = round(100 * row["in_time"] / row["received"], 1) if row["received"] else None
        out.append(row)
    return sorted(out, key=lambda r: (r["agency"].kind, r["agency"].name))


ENTRIES_SHOWN = 5


def answers_waiting(qs, user=None):
    """Cases with an agency's answer not yet registered (notice answered, not closed): the case
    list filter "answers_waiting"; few, so read first (cases.selectors.among_cases)."""
    return among_cases(qs, Notice.objects.filter(status=NoticeStatus.ANSWERED))


def no_query_yet(qs, user=None, *, today=None):
    """Running cases filed more than rules.first_query_days() ago with no query notice to any
    agency (a network query or a single one): the case list filter "no_query_yet", and the node
    list's "no network query in the first week" on the day it asks about (`today`)."""
    today = today or timezone.localdate()
    return qs.filter(
        state__in=CaseState.running_states(),
        filed_on__lt=today - dt.timedelta(days=rules.first_query_days(on=today)),
    ).exclude(Exists(Notice.objects.filter(case=OuterRef("pk"), action=NoticeAction.QUERY)))
    # NOT EXISTS, an anti-join along the notices' case index: `NOT IN (every query notice)` had
    # PostgreSQL scan the notices once per case at 200,000 cases (half a million notices).


def notices_overdue(qs, user=None):
    """Cases with a notice overdue at its agency: the case list filter "notices_overdue"."""
    return qs.filter(pk__in=Notice.objects.filter(status=NoticeStatus.OVERDUE).values("case_id"))


def home_items(user) -> list[dict]:
    """待办 for a liaison officer: notices waiting for an answer, those due today and the overdue
    ones, each a link to the notice; for court staff: agencies' answers to register (clerk) or
    review (judge, head) on the cases they work on, and (judge, head) notices overdue at agencies."""
    agency = user_agency(user)
    if agency is not None:
        inbox = agency_inbox(agency)
        url = reverse("assistance:liaison-inbox")
        today = timezone.localdate()

        def entries(notices):
            return [
                {
                    "text": _("%(number)s: %(action)s, answer due %(date)s")
                    % {
                        "number": n.case.number,
                        "action": n.get_action_display(),
                        "date": format_date(n.due_on),
                    },
                    "url": reverse("assistance:liaison-notice", args=[n.pk]),
                }
                for n in notices.select_related("case").order_by("due_on", "id")[:ENTRIES_SHOWN]
            ]

        due_today = agency_inbox_due(inbox, "today", today=today)
        overdue = agency_inbox_due(inbox, "overdue")
        return [
            {
                "label": _("Assistance notices awaiting an answer"),
                "count": inbox.count(),
                "url": url,
                "tone": "warn",
            },
            {
                "label": _("Answer due today"),
                "count": due_today.count(),
                "url": url + "?due=today",
                "tone": "warn",
                "entries": entries(due_today),
            },
            {
                "label": _("Past due"),
                "count": overdue.count(),
                "url": url + "?due=overdue",
                "tone": "alert",
                "entries": entries(overdue),
            },
        ]
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    items = []
    if membership.role in ("clerk", "judge", "head"):
        # the cases a court user works on are all of their own court, so within what they may
        # see; a join on them (case_worker_q), not a subquery of every visible case
        answered = (
            Notice.objects.filter(case_worker_q(user, "case__"), status=NoticeStatus.ANSWERED)
            .select_related("case", "agency")
            .order_by("answered_at", "id")
        )
        items.append(
            {
                "label": _("Agency answers to register")
                if membership.role == "clerk"
                else _("Agency answers waiting for review"),
                "count": answered.count(),
                "url": reverse("cases:list") + "?mine=on&only=answers_waiting",
                "tone": "warn",
                "entries": [
                    {
                        "text": _("%(number)s: answer of %(agency)s")
                        % {"number": n.case.number, "agency": n.agency.name},
                        "url": reverse("assistance:case", args=[n.case_id]),
                    }
                    for n in answered[:ENTRIES_SHOWN]
                ],
            }
        )
    if membership.role not in ("judge", "head"):
        return items
    overdue = notices_visible_to(user).filter(status=NoticeStatus.OVERDUE)
    if membership.role == "judge":
        overdue = overdue.filter(case__judge=user)
    items.append(
        {
            "label": _("Agencies overdue with an answer"),
            "count": overdue.count(),
            "url": reverse("cases:list")
            + ("?mine=on&" if membership.role == "judge" else "?")
            + "only=notices_overdue",
            "tone": "alert",
        }
    )
    if membership.role == "judge":
        waiting = no_query_yet(Case.objects.worked_on_by(user).filter(judge=user)).order_by("filed_on", "id")
        items.append(
            {
                "label": _("No network query %(days)s days after filing")
                % {"days": rules.first_query_days()},
                "count": waiting.count(),
                "url": reverse("cases:list") + "?mine=on&only=no_query_yet",
                "tone": "warn",
                "entries": [
                    {
                        "text": _("%(number)s: filed %(date)s")
                        % {"number": c.number, "date": format_date(c.filed_on)},
                        "url": reverse("assistance:network-query-new") + f"?cases={c.pk}",
                    }
                    for c in waiting[:ENTRIES_SHOWN]
                ],
            }
        )
    return items
