"""Reads of exit restriction, fines and detention and the crime referral, scoped in one place: a
court user sees the rows of the courts they may see (their court and those below it); a police
liaison officer sees only the referrals sent to their own agency."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import cases_visible_to, works_on_case
from enforcement.access import membership_of, user_agency, visible_courts
from enforcement.dates import format_date
from enforcement.errors import NotFound
from sanctions import penalty_rules as rules
from sanctions.penalty_models import (
    CoercivePenalty,
    CourtPresident,
    CrimeReferral,
    ExitRestriction,
    ExitStatus,
    PenaltyReconsideration,
    PenaltyStatus,
    ReferralStatus,
)

ENTRIES_SHOWN = 5


def exit_restrictions_visible_to(user) -> QuerySet[ExitRestriction]:
    return ExitRestriction.objects.filter(court__in=visible_courts(user))


def penalties_visible_to(user) -> QuerySet[CoercivePenalty]:
    return CoercivePenalty.objects.filter(court__in=visible_courts(user))


def referrals_visible_to(user) -> QuerySet[CrimeReferral]:
    agency = user_agency(user)
    if agency is not None:
        return CrimeReferral.objects.filter(agency=agency)
    return CrimeReferral.objects.filter(court__in=visible_courts(user))


def get_for(queryset: QuerySet, pk, message: str):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound(message) from None


def private_prosecution_route(referral: CrimeReferral) -> dict | None:
    """What the case shows when the police decline, the procuratorate does not prosecute, or the
    police have not decided in time: the applicant may bring a private prosecution."""
    if not referral.private_prosecution_open():
        return None
    if referral.status == ReferralStatus.DECLINED:
        why = "公安机关决定不予立案"
    elif referral.status == ReferralStatus.NOT_PROSECUTED:
        why = "人民检察院决定不起诉"
    else:
        why = "公安机关逾期未作出是否立案的决定"
    return {
        "why": why,
        "basis": rules.PRIVATE_PROSECUTION_BASIS,
        "text": rules.PRIVATE_PROSECUTION_TEXT,
        "court": referral.court.name,
    }


def case_penalties(case) -> dict:
    referrals = list(case.crime_referrals.select_related("agency", "respondent", "document", "court"))
    for referral in referrals:
        referral.route = private_prosecution_route(referral)
        referral.is_overdue = referral.overdue()
    penalties = list(
        case.coercive_penalties.select_related(
            "respondent", "document", "notice", "decided_by"
        ).prefetch_related("payments")
    )
    for penalty in penalties:
        penalty.paid_total = sum((p.amount for p in penalty.payments.all()), start=0)
        penalty.reconsideration_row = (
            PenaltyReconsideration.objects.filter(penalty=penalty).select_related("higher_court").first()
        )
    return {
        "exits": list(case.exit_restrictions.select_related("agency", "notice", "lift_notice", "document")),
        "penalties": penalties,
        "referrals": referrals,
        "routes": [r.route for r in referrals if r.route],
    }


def case_panel_context(request, case) -> dict:
    ctx = case_penalties(case)
    ctx["can_act"] = works_on_case(request.user, case)
    return ctx


def next_steps(case) -> list[dict]:
    url = reverse("sanctions-penalties:case", args=[case.pk])
    steps = []
    for referral in case.crime_referrals.filter(status=ReferralStatus.SENT):
        steps.append(
            {
                "label": _("Police decision on the referral of %(name)s")
                % {"name": referral.respondent.name},
                "due": referral.decide_by,
                "url": url,
            }
        )
    for item in PenaltyReconsideration.objects.filter(penalty__case=case, outcome=""):
        steps.append(
            {"label": _("Higher court's decision on the reconsideration"), "due": item.decide_by, "url": url}
        )
    return steps


def awaiting_president(user) -> QuerySet[CoercivePenalty]:
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return CoercivePenalty.objects.none()
    if not CourtPresident.objects.filter(court_id=membership.court_id, user=user).exists():
        return CoercivePenalty.objects.none()
    return CoercivePenalty.objects.filter(court_id=membership.court_id, status=PenaltyStatus.PROPOSED)


def reconsiderations_to_decide(user) -> QuerySet[PenaltyReconsideration]:
    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role not in ("judge", "head"):
        return PenaltyReconsideration.objects.none()
    return PenaltyReconsideration.objects.filter(higher_court_id=membership.court_id, outcome="")


def referrals_awaiting_police(user) -> QuerySet[CrimeReferral]:
    agency = user_agency(user)
    if agency is not None:
        return CrimeReferral.objects.filter(agency=agency, status=ReferralStatus.SENT)
    return CrimeReferral.objects.filter(
        case__in=cases_visible_to(user).worked_on_by(user), status=ReferralStatus.SENT
    )


def home_items(user) -> list[dict]:
    """待办: the president's approvals of fines and detention, reconsiderations for the higher court,
    referrals waiting on the police (their deadline first)."""
    items = []
    today = timezone.localdate()
    pending = awaiting_president(user).select_related("case")
    if pending.exists():
        items.append(
            {
                "label": _("Fines and detention awaiting the president's approval"),
                "count": pending.count(),
                "url": reverse("sanctions-penalties:president"),
                "tone": "warn",
                "entries": [
                    {
                        "text": f"{p.case.number}：{p.get_kind_display()} {p.person_name}",
                        "url": reverse("sanctions-penalties:case", args=[p.case_id]),
                    }
                    for p in pending.order_by("proposed_at", "id")[:ENTRIES_SHOWN]
                ],
            }
        )
    recons = reconsiderations_to_decide(user).select_related("penalty__case")
    if recons.exists():
        items.append(
            {
                "label": _("Reconsiderations of fines and detention to decide"),
                "count": recons.count(),
                "url": reverse("sanctions-penalties:president"),
                "tone": "warn",
                "entries": [
                    {
                        "text": _("%(number)s: decide by %(date)s")
                        % {"number": r.penalty.case.number, "date": format_date(r.decide_by)},
                        "url": reverse("sanctions-penalties:case", args=[r.penalty.case_id]),
                    }
                    for r in recons.order_by("decide_by", "id")[:ENTRIES_SHOWN]
                ],
            }
        )
    referrals = referrals_awaiting_police(user).select_related("case")
    if referrals.exists():
        agency = user_agency(user)
        overdue = referrals.filter(decide_by__lt=today)
        items.append(
            {
                "label": _("Referrals awaiting the police's decision"),
                "count": referrals.count(),
                "url": reverse("sanctions-penalties:liaison-referrals")
                if agency
                else reverse("sanctions-penalties:president"),
                "tone": "alert" if overdue.exists() else "warn",
                "entries": [
                    {
                        "text": _("%(number)s: decision due %(date)s")
                        % {"number": r.case.number, "date": format_date(r.decide_by)},
                        "url": reverse("sanctions-penalties:liaison-referral", args=[r.pk])
                        if agency
                        else reverse("sanctions-penalties:case", args=[r.case_id]),
                    }
                    for r in referrals.order_by("decide_by", "id")[:ENTRIES_SHOWN]
                ],
            }
        )
    return items


def in_force_exit(case) -> QuerySet[ExitRestriction]:
    return case.exit_restrictions.filter(status=ExitStatus.IN_FORCE)


EXIT_FETCH_ALL = 5000  # up to this many restrictions in force, read them all rather than send the batch


def _in_force_numbers():
    """The numbers of the exit restrictions in force, normalised as the check's IDs are (no spaces,
    uppercase): the one definition both reads of exit_restricted_ids use."""
    from django.db.models import Value
    from django.db.models.functions import Replace, Upper

    return (
        ExitRestriction.objects.filter(status=ExitStatus.IN_FORCE)
        .annotate(number=Upper(Replace("person_id_number", Value(" "), Value(""))))
        .order_by()
    )


# The SQL of "every restriction in force", compiled once per database vendor: it runs on every
# check (a single-ID check above all), where building the annotated query each time cost 0.6 ms
# against 0.17 ms for running its SQL (500 calls at 200,000 cases). Only the statement is kept.
_EVERY_IN_FORCE_SQL: dict[str, tuple] = {}  # "vendor:limit" -> (sql, params)


def exit_restricted_ids(numbers: list[str]) -> set[str]:
    """Which of these ID numbers (normalised: no spaces, uppercase) are under an exit restriction in
    force: the joint-punishment check's `exit_restricted` (registered in sanctions.checks.exit_lookups).
    Restrictions in force are few: up to EXIT_FETCH_ALL of them are read in one small statement and
    matched here (sending 10,000 IDs to match a handful costs more); beyond, the batch is sent (one
    array parameter on PostgreSQL, chunks of 900 on SQLite)."""
    from django.db import connection
    from django.db.models import F

    from enforcement import prepared
    from sanctions.checks import AnyOf

    if not numbers:
        return set()
    key = f"{connection.vendor}:{EXIT_FETCH_ALL}"
    if key not in _EVERY_IN_FORCE_SQL:
        every_query = _in_force_numbers().values_list("number", flat=True)[: EXIT_FETCH_ALL + 1]
        sql, params = every_query.query.sql_with_params()
        # on PostgreSQL a prepared statement, its constants written in (enforcement.prepared)
        _EVERY_IN_FORCE_SQL[key] = (
            (prepared.statement(sql, params), ()) if connection.vendor == "postgresql" else (sql, params)
        )
    sql, params = _EVERY_IN_FORCE_SQL[key]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            prepared.execute_prepared(cursor, f"sanctions_exits_in_force_{EXIT_FETCH_ALL}", sql)
        else:
            cursor.execute(sql, params)
        every = [row[0] for row in cursor.fetchall()]
    if len(every) <= EXIT_FETCH_ALL:
        return set(numbers).intersection(every)
    in_force = _in_force_numbers()
    if connection.vendor == "postgresql":
        return set(in_force.filter(AnyOf(F("number"), numbers)).values_list("number", flat=True))
    found: set[str] = set()
    chunk = 900  # SQLite's bound-parameter limit
    for start in range(0, len(numbers), chunk):
        found |= set(
            in_force.filter(number__in=numbers[start : start + chunk]).values_list("number", flat=True)
        )
    return found
