"""What the pages and the API read of the sanctions: the case panel, the home panels, the 终本
condition, the public defaulter search (only the fields 失信名单规定 art. 6 publishes) and the scoped
reads of the court API."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from cases.actions import checklist
from cases.choices import CaseState, PartyKind, PartyRole
from cases.models import Case, Party
from cases.selectors import cases_visible_to
from cases.validators import mask_id
from enforcement.access import membership_of
from enforcement.choices import Role
from money.choices import PayoutStatus
from money.models import Payout
from money.standing import standing
from sanctions import rules
from sanctions.choices import (
    DefaulterGround,
    EntryStatus,
    LiftReason,
    OrderStatus,
    RemovalReason,
    RequestStatus,
)
from sanctions.models import ConsumptionOrder, CorrectionRequest, CreditRepair, DefaulterEntry, UnitFeedback

COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD}
ENTRIES_SHOWN = 5


# --- the case page ---------------------------------------------------------------------------------
def case_panel(request, case: Case) -> dict | None:
    membership = membership_of(request.user)
    if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
        return None
    user = request.user
    role = membership.role
    entries = list(
        DefaulterEntry.objects.filter(case=case).select_related("party", "document", "proposed_by")
    )
    orders = list(
        ConsumptionOrder.objects.filter(case=case)
        .select_related("party", "document")
        .prefetch_related("persons")
    )
    is_judge = role == Role.HEAD or (role == Role.JUDGE and case.judge_id == user.pk)
    return {
        "entries": entries,
        "orders": orders,
        "corrections": list(CorrectionRequest.objects.filter(entry__case=case).select_related("entry")),
        "repairs": list(CreditRepair.objects.filter(entry__case=case).select_related("entry")),
        "feedback": list(UnitFeedback.objects.filter(case=case).select_related("unit")[:20]),
        "respondents": list(case.parties.filter(role=PartyRole.RESPONDENT).order_by("position", "pk")),
        "grounds": DefaulterGround.choices,
        "removal_reasons": [(r.value, r.label) for r in _recordable()],
        "lift_reasons": LiftReason.choices,
        "can_propose": is_judge,
        "can_decide": role == Role.HEAD,
        "can_remove": is_judge,
        "can_record": True,
        "user_id": user.pk,
        "proposed": EntryStatus.PROPOSED,
        "published": EntryStatus.PUBLISHED,
        "in_force": OrderStatus.IN_FORCE,
        "pending": RequestStatus.PENDING,
        "restricted": rules.RESTRICTED_CONSUMPTION,
    }


def _recordable():
    from sanctions.services import RECORDABLE_REASONS

    return RECORDABLE_REASONS


def home_items(user) -> list[dict]:
    """Head: listings and credit repairs to decide. Judge: entries of their cases due for removal
    (a ground recorded) and correction requests to decide."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    court_id = membership.court_id
    if membership.role == Role.HEAD:
        proposals = (
            DefaulterEntry.objects.filter(case__court_id=court_id, status=EntryStatus.PROPOSED)
            .exclude(proposed_by=user)
            .select_related("case")
            .order_by("proposed_at", "pk")
        )
        repairs = (
            CreditRepair.objects.filter(entry__case__court_id=court_id, status=RequestStatus.PENDING)
            .exclude(proposed_by=user)
            .select_related("entry__case")
        )
        return [
            _item(gettext("Defaulter listings to approve"), proposals, lambda e: (e.case, e.name), "warn"),
            _item(
                gettext("Credit repairs to approve"), repairs, lambda r: (r.entry.case, r.entry.name), "warn"
            ),
        ]
    if membership.role == Role.JUDGE:
        due = (
            DefaulterEntry.objects.filter(
                case__judge=user, status=EntryStatus.PUBLISHED, removal_due_on__isnull=False
            )
            .select_related("case")
            .order_by("removal_due_on", "pk")
        )
        corrections = (
            CorrectionRequest.objects.filter(entry__case__judge=user, status=RequestStatus.PENDING)
            .select_related("entry__case")
            .order_by("decide_by", "pk")
        )
        return [
            _item(
                gettext("Defaulter entries to remove"),
                due,
                lambda e: (
                    e.case,
                    gettext("%(name)s, by %(date)s") % {"name": e.name, "date": e.removal_due_on},
                ),
                "alert",
            ),
            _item(
                gettext("Correction requests to decide"),
                corrections,
                lambda c: (
                    c.entry.case,
                    gettext("%(name)s, by %(date)s") % {"name": c.entry.name, "date": c.decide_by},
                ),
                "warn",
            ),
        ]
    return []


def _item(label, qs, describe, tone) -> dict:
    rows = list(qs[:ENTRIES_SHOWN])
    entries = []
    first_url = reverse("home")
    for row in rows:
        case, text = describe(row)
        url = reverse("cases:detail", args=[case.pk]) + "#sanctions"
        entries.append({"text": f"{case.number}: {text}", "url": url})
    if entries:
        first_url = entries[0]["url"]
    return {"label": label, "count": qs.count(), "url": first_url, "tone": tone, "entries": entries}


# --- 终本 needs a 限制消费令 (终本规定 2016 art. 1) --------------------------------------------------------
def _prefetch_orders(cases) -> None:
    ids = [c.pk for c in cases]
    have = set(
        ConsumptionOrder.objects.filter(case_id__in=ids, status=OrderStatus.IN_FORCE).values_list(
            "party_id", flat=True
        )
    )
    respondents: dict[int, list] = {}
    for party in Party.objects.filter(case_id__in=ids, role=PartyRole.RESPONDENT).only(
        "pk", "case_id", "name"
    ):
        respondents.setdefault(party.case_id, []).append(party)
    for case in cases:
        case.sanctions_unrestricted = [p.name for p in respondents.get(case.pk, []) if p.pk not in have]


def _panel_url(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#sanctions"


@checklist(
    gettext_lazy("Consumption restriction order issued against every respondent"),
    evidence=_panel_url,
    prefetch=_prefetch_orders,
)
def consumption_order_issued(case) -> str | None:
    """终本 needs a 限制消费令 issued against each respondent (终本规定 2016 art. 1)."""
    missing = getattr(case, "sanctions_unrestricted", None)  # from _prefetch_orders, on a page
    if missing is None:
        have = set(
            ConsumptionOrder.objects.filter(case=case, status=OrderStatus.IN_FORCE).values_list(
                "party_id", flat=True
            )
        )
        missing = [p.name for p in case.parties.filter(role=PartyRole.RESPONDENT) if p.pk not in have]
    if missing:
        return gettext("No consumption restriction order in force against: %(names)s.") % {
            "names": gettext(", ").join(missing)
        }
    return None


# --- the public search (中国执行信息公开网-like) -------------------------------------------------------------
def _performed(case_ids) -> dict[int, Decimal]:
    return dict(
        Payout.objects.filter(
            case_id__in=case_ids, status=PayoutStatus.EXECUTED, payee__role=PartyRole.APPLICANT
        )
        .values("case_id")
        .annotate(s=Sum("amount"))
        .values_list("case_id", "s")
    )


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def public_defaulters(
    *, name: str = "", id_number: str = "", case_number: str = "", court: str = "", province: str = ""
):
    """Published entries matching name + ID number (the ID exact), or the case number; removed
    entries never appear. A queryset, for the paginator."""
    qs = DefaulterEntry.objects.filter(status=EntryStatus.PUBLISHED).select_related(
        "case__court", "case__basis"
    )
    if case_number:
        qs = qs.filter(case__number=case_number.strip())
    elif name and id_number:
        qs = qs.filter(name=name.strip(), id_number=id_number.strip().upper())
    else:
        return qs.none()
    if court:
        qs = qs.filter(case__court__name=court.strip())
    if province:
        qs = qs.filter(case__court__code__startswith=province.strip()[:1])
    return qs.order_by("-published_at", "-pk")


def public_rows(entries) -> list[dict]:
    """Only what art. 6 publishes: name, masked ID, age and sex (persons), legal representative
    (entities), court, case number, basis organ and number, the duty, the performance, the grounds
    and the publication date."""
    entries = list(entries)
    performed = _performed({e.case_id for e in entries})
    today = timezone.localdate()
    out = []
    for e in entries:
        basis = getattr(e.case, "basis", None)
        owed = basis.money_amount if basis is not None else None
        paid = performed.get(e.case_id) or Decimal("0.00")
        if paid <= 0:
            performance = gettext("Nothing performed")
        else:
            performance = gettext("Partly performed: %(paid)s performed, %(left)s not performed") % {
                "paid": f"¥{paid:,.2f}",
                "left": f"¥{max((owed or paid) - paid, Decimal('0')):,.2f}",
            }
        duty = ""
        if basis is not None:
            duty = f"¥{owed:,.2f}" if owed else ""
            if basis.non_money_obligation:
                duty = f"{duty}；{basis.non_money_obligation}" if duty else basis.non_money_obligation
        out.append(
            {
                "name": e.name,
                "id_masked": mask_id(e.id_number) if e.is_person else e.id_number,
                "is_person": e.is_person,
                "age": _age(e.birth_date, today) if e.is_person else None,
                "sex": {"M": gettext("Male"), "F": gettext("Female")}.get(e.sex, "") if e.is_person else "",
                "legal_representative": "" if e.is_person else e.legal_representative,
                "court": e.case.court.name,
                "case_number": e.case.number,
                "basis_number": basis.document_number if basis else "",
                "basis_organ": basis.issuing_organ if basis else "",
                "duty": duty,
                "performance": performance,
                # the interface's words for art. 1's items (the zh-hans ones are the article's own)
                "grounds": [str(DefaulterGround(g).label) for g in e.grounds],
                "published_on": timezone.localdate(e.published_at) if e.published_at else None,
            }
        )
    return out


def public_restrictions(*, name: str = "", id_number: str = "", case_number: str = ""):
    """限制消费 look-up: orders in force, by the respondent's name + ID number or the case number."""
    qs = ConsumptionOrder.objects.filter(status=OrderStatus.IN_FORCE).select_related("case__court", "party")
    if case_number:
        qs = qs.filter(case__number=case_number.strip())
    elif name and id_number:
        qs = qs.filter(
            persons__name=name.strip(), persons__id_number=id_number.strip().upper(), persons__active=True
        )
    else:
        return qs.none()
    return qs.distinct().order_by("-issued_at", "-pk")


def public_end_round_cases(*, name: str = "", id_number: str = "", case_number: str = "", court: str = ""):
    """终本案件 look-up: cases whose current round is terminated (终本) and not resumed (no 执恢 case
    opened from them), by a respondent's name + ID number (exact) or the case number. A queryset,
    for the paginator."""
    qs = Case.objects.filter(state=CaseState.TERMINATED_ROUND, resumptions__isnull=True)
    if case_number:
        qs = qs.filter(number=case_number.strip())
    elif name and id_number:
        qs = qs.filter(
            parties__role=PartyRole.RESPONDENT,
            parties__name=name.strip(),
            parties__id_number=id_number.strip().upper(),
        )
    else:
        return qs.none()
    if court:
        qs = qs.filter(court__name=court.strip())
    return qs.distinct().select_related("court", "basis").order_by("-closed_on", "-pk")


def public_end_round_rows(cases) -> list[dict]:
    """The public fields of a 终本 case only: case number, the respondents' names with masked ID
    numbers, court, filing date, 终本 date, the basis number and organ and the amount not performed
    (money.standing, the figure the case page shows); nothing else about the person."""
    cases = list(cases)
    respondents: dict[int, list] = {}
    for party in Party.objects.filter(case_id__in=[c.pk for c in cases], role=PartyRole.RESPONDENT).order_by(
        "position", "pk"
    ):
        respondents.setdefault(party.case_id, []).append(
            {
                "name": party.name,
                "id_masked": mask_id(party.id_number) if party.kind == PartyKind.PERSON else party.id_number,
            }
        )
    out = []
    for case in cases:
        basis = getattr(case, "basis", None)
        out.append(
            {
                "case_number": case.number,
                "respondents": respondents.get(case.pk, []),
                "court": case.court.name,
                "filed_on": case.filed_on,
                "closed_on": case.closed_on,
                "basis_number": basis.document_number if basis else "",
                "basis_organ": basis.issuing_organ if basis else "",
                "not_performed": standing(case).outstanding,
            }
        )
    return out


# --- the court API's scoped reads -----------------------------------------------------------------
def entries_visible_to(user):
    return DefaulterEntry.objects.filter(case__in=cases_visible_to(user))


def orders_visible_to(user):
    return ConsumptionOrder.objects.filter(case__in=cases_visible_to(user))


def corrections_visible_to(user):
    return CorrectionRequest.objects.filter(entry__case__in=cases_visible_to(user))


def repairs_visible_to(user):
    return CreditRepair.objects.filter(entry__case__in=cases_visible_to(user))


def in_force_summary(case: Case) -> dict:
    """What is in force on the case now (the panel's first lines, and the API)."""
    return {
        "entries": DefaulterEntry.objects.filter(case=case, status=EntryStatus.PUBLISHED).count(),
        "orders": ConsumptionOrder.objects.filter(case=case, status=OrderStatus.IN_FORCE).count(),
        "removals_due": DefaulterEntry.objects.filter(
            Q(case=case, status=EntryStatus.PUBLISHED) & ~Q(removal_reason="")
        ).count(),
        "removal_reason_labels": dict(RemovalReason.choices),
    }
