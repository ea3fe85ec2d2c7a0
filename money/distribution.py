"""Distribution of a case's money (分配) and 参与分配 (民诉法解释 2022 arts. 506–510; money.rules).

`allocate` is the arithmetic: the fees first, then the priority claims rank by rank, then the
ordinary claims pro rata; every part in fen, each claim's part rounded down and the fen left over
given one by one to the largest remainders (ties: the earlier line), so the parts always add up to
what is distributed and nobody gets more than they claim.

The services: another creditor applies to share (`participation_file`, decided by the judge), the
judge draws up a plan (`plan_draw`: the case's applicant and every admitted application), serves it
(`plan_serve`: the objection window opens), objections are recorded within it (`plan_objection`);
a plan served without objection becomes payable the day after the window (`plan_make_payable`, also
from the daily sweep), and the judge then proposes its payouts (`plan_pay`), which the head approves
and finance executes like any payout.

Transaction contract as in money.services: the case, then the account, then the plan."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import PartyRole
from cases.models import Case
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language
from enforcement.workdays import is_working_day
from money import events, rules
from money.choices import ParticipationStatus, PayoutStatus, PlanLineClass, PlanStatus
from money.models import ZERO, DistributionPlan, Participation, Payout, PlanLine, PlanObjection
from money.services import COURT_STAFF, _lock, _member, _money, parse_amount
from money.standing import standing

CENT = Decimal("0.01")
FEES_PAYEE = "本院（执行费用）"
CLASS_RECORD = {"fees": "执行费用", "secured": "优先受偿债权", "ordinary": "普通债权"}
OPEN = (PlanStatus.DRAFT, PlanStatus.SERVED, PlanStatus.OBJECTED, PlanStatus.PAYABLE)


# --- the arithmetic --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    key: object
    claim: Decimal
    rank: int | None = None  # None: ordinary


def pro_rata(available: Decimal, claims: list[Claim]) -> dict:
    """`available` shared among `claims` in proportion to them, in fen, adding up exactly to
    min(available, total claimed); nobody above their claim."""
    total = sum((c.claim for c in claims), ZERO)
    if total <= available:
        return {c.key: c.claim for c in claims}
    shares, remainders = {}, []
    for index, c in enumerate(claims):
        exact = available * c.claim / total
        floor = exact.quantize(CENT, rounding=ROUND_DOWN)
        shares[c.key] = floor
        remainders.append((exact - floor, -index, c.key))
    left = int(((available - sum(shares.values(), ZERO)) / CENT).to_integral_value())
    for _rest, _index, key in sorted(remainders, reverse=True)[:left]:
        shares[key] += CENT
    return shares


def allocate(amount: Decimal, *, fees: Decimal, claims: list[Claim]) -> tuple[Decimal, dict, Decimal]:
    """(fees paid, {key: part}, left over) of `amount`: fees first (民诉法解释 art. 508: 扣除执行费用),
    then the priority claims by rank (the same rank shares pro rata), then the ordinary claims pro
    rata."""
    fees_paid = min(fees, amount)
    available = amount - fees_paid
    parts = {}
    ranks = sorted({c.rank for c in claims if c.rank is not None})
    for rank in [*ranks, None]:
        group = [c for c in claims if c.rank == rank]
        if not group:
            continue
        shares = pro_rata(available, group)
        parts.update(shares)
        available -= sum(shares.values(), ZERO)
    return fees_paid, parts, available


# --- the objection window --------------------------------------------------------------------------
def objection_last_day(served_on: dt.date) -> dt.date:
    """The last day to object: 15 days from service, the day of service not counted (art. 509); a
    last day that is not a working day moves to the next working day (the period rule)."""
    days = int(rules.rule(rules.PLAN_OBJECTION_DAYS, on=served_on).value)
    last = served_on + dt.timedelta(days=days)
    while not is_working_day(last):
        last += dt.timedelta(days=1)
    return last


# --- participation (参与分配) ----------------------------------------------------------------------
def _judge_of(actor, case, message):
    membership = _member(actor, case, {Role.JUDGE, Role.HEAD}, message)
    if membership.role == Role.JUDGE and case.judge_id != actor.pk:
        raise NotAllowed(message)
    return membership


def _date_field(value, field: str, *, not_before: dt.date | None = None) -> dt.date:
    if not isinstance(value, dt.date) or value > timezone.localdate():
        message = _("Give a date not in the future.")
        raise InvalidInput(message, fields={field: [message]})
    if not_before is not None and value < not_before:
        message = _("The date cannot be before %(date)s.") % {"date": not_before.isoformat()}
        raise InvalidInput(message, fields={field: [message]})
    return value


def participation_file(
    *, actor, case_id, creditor: str, basis_document: str, claim, filed_on: dt.date, rank=None
) -> Participation:
    """Court staff record another creditor's application to share in the case's money, with its
    执行依据. Refused unless a respondent is a natural person or other organisation (art. 506), and
    once a plan of the case has been served (art. 507: before the property's enforcement ends;
    money.rules.PARTICIPATION_CUTOFF)."""
    claim = parse_amount(claim, "claim")
    creditor, basis_document = (creditor or "").strip(), (basis_document or "").strip()
    errors = {}
    if not creditor:
        errors["creditor"] = [_("Name the creditor.")]
    if not basis_document:
        errors["basis_document"] = [_("An application to share needs the creditor's enforcement basis.")]
    if rank not in (None, "") and (not str(rank).isdigit() or int(rank) < 1):
        errors["rank"] = [_("A priority rank is a whole number from 1.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    with transaction.atomic():
        case, _account = _lock(actor, case_id)
        _member(
            actor, case, COURT_STAFF, _("Only court staff of the case's court may record an application.")
        )
        filed_on = _date_field(filed_on, "filed_on", not_before=case.filed_on)
        kinds = rules.rule(rules.PARTICIPATION_RESPONDENT_KINDS, on=filed_on).value
        if not case.parties.filter(role=PartyRole.RESPONDENT, kind__in=kinds).exists():
            raise Conflict(
                _(
                    "Sharing in distribution is open only against a respondent who is a natural person "
                    "or another organisation (Civil Procedure Interpretation art. 506)."
                ),
                code="participation_not_open",
            )
        if DistributionPlan.objects.filter(
            case=case, status__in=(PlanStatus.SERVED, PlanStatus.PAYABLE, PlanStatus.PAID)
        ).exists():
            raise Conflict(
                _("The distribution plan has been served: an application can no longer be added to it."),
                code="participation_closed",
            )
        item = Participation.objects.create(
            case=case,
            creditor=creditor[:200],
            basis_document=basis_document[:200],
            claim=claim,
            rank=int(rank) if rank not in (None, "") else None,
            filed_on=filed_on,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.PARTICIPATION_FILED,
            obj=case,
            subject=item,
            court=case.court,
            summary=f"{creditor[:40]}申请参与分配，债权{_money(claim)}，执行依据：{basis_document[:80]}"
            + (f"，主张第{item.rank}顺位优先受偿" if item.rank else ""),
            data={"participation_id": item.pk, "claim": str(claim), "rank": item.rank},
        )
    return item


def participation_decide(*, actor, participation_id, admit: bool, note: str = "") -> Participation:
    """The case's judge admits an application to the distribution or refuses it (with a reason)."""
    try:
        case_id = Participation.objects.values_list("case_id", flat=True).get(pk=participation_id)
    except (Participation.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The application does not exist or you may not view it.")) from None
    note = (note or "").strip()
    if not admit and not note:
        message = _("Give the reason for refusing.")
        raise InvalidInput(message, fields={"note": [message]})
    with transaction.atomic():
        case, _account = _lock(actor, case_id)
        _judge_of(actor, case, _("Only the case's judge may decide an application to share."))
        item = Participation.objects.select_for_update(of=("self",)).get(pk=participation_id)
        if item.status != ParticipationStatus.FILED:
            raise Conflict(_("The application has already been decided."), code="participation_decided")
        item.status = ParticipationStatus.ADMITTED if admit else ParticipationStatus.REFUSED
        item.decided_by, item.decided_at, item.decision_note = actor, timezone.now(), note[:200]
        item.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor,
            action=events.PARTICIPATION_DECIDED,
            obj=case,
            subject=item,
            court=case.court,
            summary=f"{'准许' if admit else '不准许'}{item.creditor}参与分配" + (f"：{note}" if note else ""),
            data={"participation_id": item.pk, "admitted": admit},
        )
    return item


# --- the plan --------------------------------------------------------------------------------------
def applicant_claim(case: Case) -> Decimal:
    """What the case's own applicant claims in a distribution: the money debt with interest to
    date, less what already reached them (paid out, paid directly)."""
    state = standing(case)
    return max(state.debt + state.interest - state.in_place, ZERO)


def plan_draw(*, actor, case_id, amount=None, fees=None) -> DistributionPlan:
    """The case's judge draws up a plan of `amount` (default: the balance on the account) with
    `fees` taken first (default: the application fee the case records). Creditors: the case's first
    applicant (ordinary) and every admitted application. Any earlier open plan is superseded."""
    with transaction.atomic():
        case, account = _lock(actor, case_id)
        _judge_of(actor, case, _("Only the case's judge may draw up a distribution plan."))
        amount = account.balance if amount in (None, "") else parse_amount(amount)
        if amount <= 0:
            raise Conflict(
                _("There is no money on the case's account to distribute."), code="nothing_to_distribute"
            )
        if amount > account.balance:
            message = _(
                "The plan distributes %(amount)s, more than the balance of the case's money, %(balance)s."
            ) % {
                "amount": _money(amount),
                "balance": _money(account.balance),
            }
            raise Conflict(message, code="plan_over_balance")
        if fees in (None, ""):
            fees = case.application_fee or ZERO
        else:
            fees = ZERO if str(fees).strip() in ("0", "0.00") else parse_amount(fees, "fees")
        applicant = case.parties.filter(role=PartyRole.APPLICANT).order_by("position", "pk").first()
        admitted = list(Participation.objects.filter(case=case, status=ParticipationStatus.ADMITTED))
        rows = []
        if applicant is not None and applicant_claim(case) > 0:
            rows.append(("party", applicant, Claim(("party", applicant.pk), applicant_claim(case))))
        rows += [("participation", p, Claim(("participation", p.pk), p.claim, p.rank)) for p in admitted]
        fees_paid, parts, left = allocate(amount, fees=fees, claims=[row[2] for row in rows])
        DistributionPlan.objects.filter(case=case, status__in=OPEN).update(status=PlanStatus.SUPERSEDED)
        plan = DistributionPlan.objects.create(
            case=case, amount=amount, fees=fees, left_over=left, drawn_by=actor
        )
        position = 0
        if fees > 0:
            PlanLine.objects.create(
                plan=plan,
                position=position,
                line_class=PlanLineClass.FEES,
                creditor=FEES_PAYEE,
                claim=fees,
                allocated=fees_paid,
            )
        ordered = sorted(rows, key=lambda row: (row[2].rank is None, row[2].rank or 0))
        for kind, source, claim in ordered:
            position += 1
            PlanLine.objects.create(
                plan=plan,
                position=position,
                line_class=PlanLineClass.ORDINARY if claim.rank is None else PlanLineClass.SECURED,
                rank=claim.rank,
                creditor=source.name if kind == "party" else source.creditor,
                party=source if kind == "party" else None,
                participation=source if kind == "participation" else None,
                claim=claim.claim,
                allocated=parts[claim.key],
            )
        audit_record(
            actor=actor,
            action=events.PLAN_DRAWN,
            obj=case,
            subject=plan,
            court=case.court,
            summary=f"制作财产分配方案：分配{_money(amount)}，执行费用{_money(fees_paid)}，"
            f"债权人{len(rows)}人，剩余{_money(left)}",
            data={"plan_id": plan.pk, "amount": str(amount), "fees": str(fees_paid), "left_over": str(left)},
        )
    return plan


def _locked_plan(actor, plan_id):
    try:
        case_id = DistributionPlan.objects.values_list("case_id", flat=True).get(pk=plan_id)
    except (DistributionPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The distribution plan does not exist or you may not view it.")) from None
    case, account = _lock(actor, case_id)
    plan = DistributionPlan.objects.select_for_update(of=("self",)).get(pk=plan_id)
    return case, account, plan


def plan_serve(*, actor, plan_id, served_on: dt.date) -> DistributionPlan:
    """Record that the plan was served on the creditors and the respondent (the last of them on
    `served_on`): the objection window runs from then (art. 509)."""
    with transaction.atomic():
        case, _account, plan = _locked_plan(actor, plan_id)
        _member(actor, case, COURT_STAFF, _("Only court staff of the case's court may record service."))
        if plan.status != PlanStatus.DRAFT:
            raise Conflict(_("Only a draft plan can be served."), code="plan_not_draft")
        served_on = _date_field(served_on, "served_on", not_before=timezone.localdate(plan.drawn_at))
        plan.status, plan.served_on = PlanStatus.SERVED, served_on
        plan.objection_until = objection_last_day(served_on)
        plan.save(update_fields=["status", "served_on", "objection_until"])
        citation = rules.rule(rules.PLAN_OBJECTION_DAYS, on=served_on).citation
        audit_record(
            actor=actor,
            action=events.PLAN_SERVED,
            obj=case,
            subject=plan,
            court=case.court,
            summary=f"财产分配方案于{served_on.isoformat()}送达，异议期至{plan.objection_until.isoformat()}（{citation}）",
            data={
                "plan_id": plan.pk,
                "served_on": served_on.isoformat(),
                "until": plan.objection_until.isoformat(),
            },
        )
    return plan


def plan_objection(*, actor, plan_id, objector: str, filed_on: dt.date, reason: str) -> PlanObjection:
    """Record a written objection to a served plan, filed on `filed_on`: accepted up to the last
    day of the window, refused after it. The plan is then not payable as it stands."""
    objector, reason = (objector or "").strip(), (reason or "").strip()
    errors = {}
    if not objector:
        errors["objector"] = [_("Name who objects.")]
    if not reason:
        errors["reason"] = [_("Give the grounds of the objection.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    with transaction.atomic():
        case, _account, plan = _locked_plan(actor, plan_id)
        _member(actor, case, COURT_STAFF, _("Only court staff of the case's court may record an objection."))
        if plan.status not in (PlanStatus.SERVED, PlanStatus.OBJECTED):
            raise Conflict(
                _("The plan is “%(status)s”: objections are recorded only while its window runs.")
                % {"status": plan.get_status_display()},
                code="plan_not_open",
            )
        filed_on = _date_field(filed_on, "filed_on", not_before=plan.served_on)
        if filed_on > plan.objection_until:
            message = _(
                "The objection window ended on %(date)s (Civil Procedure Interpretation art. 509)."
            ) % {"date": plan.objection_until.isoformat()}
            raise Conflict(message, code="objection_late")
        item = PlanObjection.objects.create(
            plan=plan, objector=objector[:200], filed_on=filed_on, reason=reason, recorded_by=actor
        )
        plan.status = PlanStatus.OBJECTED
        plan.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=events.PLAN_OBJECTION,
            obj=case,
            subject=plan,
            court=case.court,
            summary=f"{objector[:40]}于{filed_on.isoformat()}对财产分配方案提出书面异议：{reason[:200]}",
            data={"plan_id": plan.pk, "objection_id": item.pk, "filed_on": filed_on.isoformat()},
        )
    return item


def _make_payable(case, plan, today: dt.date, actor=None) -> bool:
    if plan.status != PlanStatus.SERVED or today <= plan.objection_until:
        return False
    plan.status, plan.payable_at = PlanStatus.PAYABLE, timezone.now()
    plan.save(update_fields=["status", "payable_at"])
    audit_record(
        actor=actor,
        action=events.PLAN_PAYABLE,
        obj=case,
        subject=plan,
        court=case.court,
        summary=f"异议期（至{plan.objection_until.isoformat()}）届满无人提出异议，财产分配方案可以发放",
        data={"plan_id": plan.pk},
    )
    return True


@in_record_language()
def plan_payable_sweep(*, today: dt.date | None = None) -> int:
    """Daily: served plans whose window has passed without objection become payable (once)."""
    from cases.locking import lock_for_case

    today = today or timezone.localdate()
    count = 0
    for plan_id, case_id in DistributionPlan.objects.filter(
        status=PlanStatus.SERVED, objection_until__lt=today
    ).values_list("pk", "case_id"):
        with transaction.atomic():
            case = lock_for_case(case_id, select_related=("court",)).case
            plan = DistributionPlan.objects.select_for_update(of=("self",)).get(pk=plan_id)
            count += _make_payable(case, plan, today)
    return count


def plan_pay(*, actor, plan_id) -> list[Payout]:
    """The case's judge proposes the payouts of a payable plan, one per line with money (a served
    plan whose window has passed becomes payable here too); each then goes to the head and finance."""
    with transaction.atomic():
        case, account, plan = _locked_plan(actor, plan_id)
        _judge_of(actor, case, _("Only the case's judge may propose the plan's payouts."))
        _make_payable(case, plan, timezone.localdate(), actor=actor)
        if plan.status != PlanStatus.PAYABLE:
            if plan.status == PlanStatus.SERVED:
                message = _("Objections may be made until %(date)s: the plan is not payable yet.") % {
                    "date": plan.objection_until.isoformat()
                }
            else:
                message = _("The plan is “%(status)s”: it cannot be paid out.") % {
                    "status": plan.get_status_display()
                }
            raise Conflict(message, code="plan_not_payable")
        lines = [line for line in plan.lines.select_related("party") if line.allocated > 0]
        total = sum((line.allocated for line in lines), ZERO)
        pending = sum(
            (
                p.amount
                for p in Payout.objects.filter(
                    account=account, status__in=(PayoutStatus.PROPOSED, PayoutStatus.APPROVED)
                )
            ),
            ZERO,
        )
        if total + pending > account.balance:
            raise Conflict(
                _(
                    "The plan's payouts (%(total)s) and those waiting (%(pending)s) are more than the balance, %(balance)s."
                )
                % {"total": _money(total), "pending": _money(pending), "balance": _money(account.balance)},
                code="payout_over_balance",
            )
        payouts = [
            Payout.objects.create(
                account=account,
                case=case,
                payee=line.party,
                payee_name="" if line.party_id else line.creditor,
                amount=line.allocated,
                reason=f"财产分配方案第{line.position}项（{CLASS_RECORD[line.line_class]}）",
                proposed_by=actor,
                plan_line=line,
            )
            for line in lines
        ]
        plan.status = PlanStatus.PAID
        plan.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=events.PLAN_PAYOUTS,
            obj=case,
            subject=plan,
            court=case.court,
            summary=f"按财产分配方案提请发放{len(payouts)}笔，共{_money(total)}",
            data={"plan_id": plan.pk, "payout_ids": [p.pk for p in payouts], "total": str(total)},
        )
    return payouts
