"""Reads of the assets app: what a case holds under control measures against what it is owed
(超标的查封), and the measure a queued one waits behind."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from assets import rules
from assets.choices import MeasureKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from assets.rules import DIVISIBLE_ASSET_KINDS
from cases.models import Case
from cases.selectors import among_cases, cases_visible_to
from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.errors import NotFound


# --- over-seizure (超标的查封) ---------------------------------------------------------------
def amount_owed(case: Case) -> Decimal:
    """What is still owed: the money obligation, delayed-performance interest and the fee, less
    what has been deducted so far."""
    total = (case.subject_amount or Decimal("0")) + case.delay_interest + case.application_fee
    deducted = ControlMeasure.objects.filter(
        case=case, kind=MeasureKind.DEDUCT, status=MeasureStatus.DONE
    ).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return max(total - deducted, Decimal("0.00"))


def held_value(*, asset_kind: str, estimated_value, amount) -> Decimal:
    """What one measure really holds (assets.rules.DIVISIBLE_ASSET_KINDS): a freeze of a
    balance holds the amount frozen; a measure on anything else holds the whole property, at
    least its estimated value, whatever smaller amount the notice named."""
    amount = amount if amount is not None else Decimal("0.00")
    if asset_kind in DIVISIBLE_ASSET_KINDS:
        return amount
    return max(amount, estimated_value if estimated_value is not None else Decimal("0.00"))


def measure_held_value(measure: ControlMeasure) -> Decimal:
    asset = measure.asset
    return held_value(asset_kind=asset.kind, estimated_value=asset.estimated_value, amount=measure.amount)


def amount_held(case: Case, *, exclude_id=None) -> Decimal:
    """Value held under measures in effect or requested (queued measures hold nothing yet), each
    at what it really holds (held_value). Summed here rather than in SQL: a case has a handful of
    measures, and the one rule then serves the sum, the drafting check and the answer's re-check.
    Measures stored before the rule (a seal with a token amount) count at their property's value."""
    qs = ControlMeasure.objects.filter(case=case, status__in=MeasureStatus.holding()).exclude(
        kind=MeasureKind.DEDUCT
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    total = sum(
        (
            held_value(asset_kind=kind, estimated_value=value, amount=amount)
            for kind, value, amount in qs.values_list("asset__kind", "asset__estimated_value", "amount")
        ),
        Decimal("0.00"),
    )
    return total.quantize(Decimal("0.01"))


def holding_ratio(case: Case) -> Decimal | None:
    owed = amount_owed(case)
    if not owed:
        return None
    return (amount_held(case) / owed).quantize(Decimal("0.01"))


def active_ahead(measure: ControlMeasure) -> ControlMeasure | None:
    """The measure in effect on the same property (any case, any court) that this one waits behind."""
    if not measure.asset.identity:
        return None
    return (
        ControlMeasure.objects.filter(asset__identity=measure.asset.identity, status=MeasureStatus.ACTIVE)
        .exclude(pk=measure.pk)
        .order_by("started_on", "id")
        .first()
    )


def asset_held_value(asset: Asset, amount: Decimal) -> Decimal:
    """What a measure of `amount` on this asset would hold (held_value)."""
    return held_value(asset_kind=asset.kind, estimated_value=asset.estimated_value, amount=amount)


# --- who sees which asset and measure -----------------------------------------------------------
def assets_visible_to(user) -> QuerySet[Asset]:
    """Assets of the cases this user may see (cases.selectors.cases_visible_to)."""
    return Asset.objects.filter(case__in=cases_visible_to(user))


def get_asset_for(user, asset_id) -> Asset:
    """The asset if the user may see its case; NotFound for both missing and not visible."""
    try:
        return assets_visible_to(user).select_related("case", "owner", "holder_agency").get(pk=asset_id)
    except (Asset.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(gettext("Asset not found, or not yours to see.")) from None


def measures_visible_to(user) -> QuerySet[ControlMeasure]:
    """Control measures of the cases this user may see."""
    return ControlMeasure.objects.filter(case__in=cases_visible_to(user))


def get_measure_for(user, measure_id) -> ControlMeasure:
    """The measure if the user may see its case; NotFound for both missing and not visible."""
    try:
        return measures_visible_to(user).select_related("case", "asset").get(pk=measure_id)
    except (ControlMeasure.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(gettext("Control measure not found, or not yours to see.")) from None


# --- the home page's work list (enforcement.registry.home_panels) -----------------------------------
ENTRIES_SHOWN = 5


def _expiry_window(today) -> int:
    """The first warning of a measure's expiry, in days (assets.rules.MEASURE_WARNING_DAYS, the row
    the expiry sweep reads)."""
    return int(rules.rule(rules.MEASURE_WARNING_DAYS, on=today).value[0])


def _expiring(today):
    return ControlMeasure.objects.filter(
        status=MeasureStatus.ACTIVE,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=_expiry_window(today)),
    )


def measures_expiring(qs, user=None):
    """Cases with a measure in effect that expires within the warning window (the case list filter
    "measures_expiring"); few, so read first (cases.selectors.among_cases)."""
    return among_cases(qs, _expiring(timezone.localdate()))


def home_items(user) -> list[dict]:
    """For the judge (their cases) and the head (every case of the court): control measures that
    expire within the warning window, soonest first, each a link to its case."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role not in (Role.JUDGE, Role.HEAD):
        return []
    today = timezone.localdate()
    measures = (
        _expiring(today)
        .filter(case__in=Case.objects.worked_on_by(user))
        .select_related("case", "asset")
        .order_by("expires_on", "id")
    )
    return [
        {
            "label": gettext("Measures expiring within %(days)s days") % {"days": _expiry_window(today)},
            "count": measures.count(),
            "url": reverse("cases:list") + "?mine=on&only=measures_expiring",
            "tone": "warn",
            "entries": [
                {
                    "text": gettext("%(number)s: %(measure)s, expires %(date)s")
                    % {"number": m.case.number, "measure": str(m), "date": format_date(m.expires_on)},
                    "url": reverse("cases:detail", args=[m.case_id]),
                }
                for m in measures[:ENTRIES_SHOWN]
            ],
        }
    ]
