"""What the pages show of disposal: the case panel (each held asset with its price findings, its
steps and the limits of its next round), the case's next steps, the head's and judge's work lists,
the ledger line of an in-kind satisfaction, and the API's scoped reads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from assets.choices import AssetKind, MeasureStatus
from assets.models import Asset
from assets.registry import disposal_blocked
from cases.selectors import cases_visible_to
from disposal import rules as R
from disposal.choices import PriceStatus, StepKind, StepStatus
from disposal.limits import cite, objection_deadline, sale_off_min_price
from disposal.models import DisposalStep, PriceFinding, PriceObjection
from disposal.services import fixed_finding, last_step, next_round_limits
from enforcement.access import membership_of
from enforcement.choices import Role
from money.registry import LedgerLine

S = StepStatus
# money held on an account is deducted, not sold: no price finding is due for it
NOT_SOLD_KINDS = (AssetKind.BANK_DEPOSIT, AssetKind.HOUSING_FUND)
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE}
ENTRIES_SHOWN = 5


def _anchor(case_id) -> str:
    return reverse("cases:detail", args=[case_id]) + "#disposal"


def asset_state(asset: Asset) -> dict:
    """One asset's disposal: findings, steps, what may come next and its limits."""
    findings = list(PriceFinding.objects.filter(asset=asset).prefetch_related("objections"))
    steps = list(DisposalStep.objects.filter(asset=asset).select_related("taker", "receipt"))
    fixed = fixed_finding(asset)
    last = last_step(asset)
    open_step = last if last is not None and last.status in (S.PROPOSED, S.APPROVED) else None
    done = last is not None and last.status in (S.SOLD, S.DONE)
    limits = next_round_limits(asset) if fixed is not None and not done and open_step is None else None
    failed = sum(1 for s in steps if s.kind == StepKind.AUCTION and s.status == S.FAILED)
    after_failed = last is not None and last.kind == StepKind.AUCTION and last.status == S.FAILED
    today = timezone.localdate()
    sale_off_min = None
    if after_failed and failed >= R.rule(R.FAILED_ROUNDS_BEFORE_SALE_OFF, on=today).value:
        sale_off_min = sale_off_min_price(last.finding, on=today)[0]
    for finding in findings:
        finding.deadline = objection_deadline(finding)
    return {
        "asset": asset,
        "held": asset.measures.filter(status=MeasureStatus.ACTIVE).exists(),
        "blocked": disposal_blocked(asset),
        "findings": findings,
        "steps": steps,
        "fixed": fixed,
        "open_step": open_step,
        "done": done,
        "limits": limits,
        "earliest_start": limits.earliest_start(today) if limits else None,
        "can_price": not done
        and open_step is None
        and not any(f.status == PriceStatus.SERVED for f in findings),
        "can_sale_off": sale_off_min is not None and open_step is None,
        "sale_off_min": sale_off_min,
        "can_in_kind": after_failed and open_step is None,
        "in_kind_price": last.price if after_failed else None,
    }


def case_panel(request, case) -> dict | None:
    """The disposal of the case's held assets for court staff of its court; None for anyone else."""
    membership = membership_of(request.user)
    if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
        return None
    assets = [
        a
        for a in Asset.objects.filter(case=case).order_by("pk")
        if a.measures.filter(status=MeasureStatus.ACTIVE).exists() or a.price_findings.exists()
    ]
    role = membership.role
    return {
        "assets": [asset_state(a) for a in assets],
        "can_act": role == Role.HEAD or (role == Role.JUDGE and case.judge_id == request.user.pk),
        "can_record_objection": role in (Role.CLERK, Role.JUDGE, Role.HEAD),
        "can_decide": role == Role.HEAD,
        "user_id": request.user.pk,
        "rules": R.RULES,
    }


def next_steps(case) -> list[dict]:
    """Fix the reference price after the window; have the head decide; record a round's result; a
    failed round's re-auction by its last day."""
    out = []
    url = _anchor(case.pk)
    for asset in Asset.objects.filter(case=case).exclude(kind__in=NOT_SOLD_KINDS).order_by("pk"):
        if PriceFinding.objects.filter(asset=asset).exists():
            continue
        measure = (
            asset.measures.filter(status=MeasureStatus.ACTIVE, started_on__isnull=False)
            .order_by("started_on")
            .first()
        )
        if measure is None:
            continue
        start = R.rule(R.PRICE_START_DAYS, on=measure.started_on)
        out.append(
            {
                "label": gettext("Start finding the reference price of %(asset)s (%(article)s)")
                % {"asset": asset, "article": cite(start)},
                "due": measure.started_on + dt.timedelta(days=start.value),
                "url": url,
            }
        )
    for finding in PriceFinding.objects.filter(case=case, status=PriceStatus.SERVED).select_related("asset"):
        out.append(
            {
                "label": gettext("Fix the reference price of %(asset)s") % {"asset": finding.asset},
                "due": objection_deadline(finding) + dt.timedelta(days=1),
                "url": url,
            }
        )
    for step in DisposalStep.objects.filter(case=case, status__in=[S.PROPOSED, S.APPROVED]).select_related(
        "asset"
    ):
        if step.status == S.PROPOSED:
            out.append(
                {
                    "label": gettext("Head's approval of %(step)s of %(asset)s")
                    % {"step": step, "asset": step.asset},
                    "due": timezone.localdate(step.proposed_at),
                    "url": url,
                }
            )
        elif step.kind != StepKind.IN_KIND:
            due = timezone.localdate(step.bidding_ends_at) if step.bidding_ends_at else timezone.localdate()
            out.append(
                {
                    "label": gettext("Record the result of %(step)s of %(asset)s")
                    % {"step": step, "asset": step.asset},
                    "due": due,
                    "url": url,
                }
            )
    for step in DisposalStep.objects.filter(case=case, kind=StepKind.AUCTION, status=S.FAILED).select_related(
        "asset"
    ):
        if last_step(step.asset) == step:
            within = R.rule(R.REAUCTION_WITHIN_DAYS, on=step.result_on)
            if DisposalStep.objects.filter(
                asset=step.asset, kind=StepKind.AUCTION, status=S.FAILED
            ).count() < (R.rule(R.FAILED_ROUNDS_BEFORE_SALE_OFF, on=step.result_on).value):
                out.append(
                    {
                        "label": gettext("Re-auction %(asset)s (%(article)s)")
                        % {"asset": step.asset, "article": cite(within)},
                        "due": step.result_on + dt.timedelta(days=within.value),
                        "url": url,
                    }
                )
    return out


def home_items(user) -> list[dict]:
    """A head: disposals of their court to approve. A judge: their rounds whose bidding has ended
    without a recorded result."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    if membership.role == Role.HEAD:
        rows = (
            DisposalStep.objects.filter(case__court_id=membership.court_id, status=S.PROPOSED)
            .exclude(proposed_by=user)
            .select_related("case", "asset")
            .order_by("proposed_at", "pk")
        )
        label = gettext("Disposals to approve")
    elif membership.role == Role.JUDGE:
        rows = (
            DisposalStep.objects.filter(
                case__court_id=membership.court_id,
                case__judge=user,
                status=S.APPROVED,
                kind=StepKind.AUCTION,
                bidding_ends_at__lte=timezone.now(),
            )
            .select_related("case", "asset")
            .order_by("bidding_ends_at", "pk")
        )
        label = gettext("Auction results to record")
    else:
        return []
    count = rows.count()
    if not count:
        return []
    first = list(rows[:ENTRIES_SHOWN])
    return [
        {
            "label": label,
            "count": count,
            "url": _anchor(first[0].case_id),
            "tone": "warn",
            "entries": [
                {"text": f"{s.case.number}: {s} · {s.asset}", "url": _anchor(s.case_id)} for s in first
            ],
        }
    ]


def ledger_lines(case) -> list[LedgerLine]:
    """以物抵债 done: the applicant took the asset at the round's reserve price, which reduces the debt
    without passing through the case's account."""
    return [
        LedgerLine(
            on=step.result_on,
            label=gettext("In-kind satisfaction"),
            amount=step.price,
            reduces_debt=True,
            note=f"{step.asset} → {step.taker.name if step.taker_id else ''}",
            link=_anchor(case.pk),
        )
        for step in DisposalStep.objects.filter(
            case=case, kind=StepKind.IN_KIND, status=S.DONE
        ).select_related("asset", "taker")
    ]


# --- the API's scoped reads ------------------------------------------------------------------------
def findings_visible_to(user):
    return PriceFinding.objects.filter(case__in=cases_visible_to(user))


def objections_visible_to(user):
    return PriceObjection.objects.filter(finding__case__in=cases_visible_to(user))


def steps_visible_to(user):
    return DisposalStep.objects.filter(case__in=cases_visible_to(user))


def assets_visible_to(user):
    return Asset.objects.filter(case__in=cases_visible_to(user))
