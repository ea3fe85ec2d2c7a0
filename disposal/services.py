"""The disposal services: record a price finding, its objections and fix the reference price;
propose an auction round, a 变卖 or a 以物抵债, have the head approve it, record its result.

Transaction contract (as money.services): every service locks the case first (cases.locking
.lock_for_case, which answers NotFound for a case the actor may not see), then the asset's price
findings and disposal steps by id, checks who acts, checks the statutory limits (disposal.limits,
whose refusals name the article), asks assets.registry.disposal_blocked, writes the rows, the audit
event and the notifications in one transaction. A sold result records the proceeds as a receipt of
the case through money.services.receipt_record in the same transaction."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assets.choices import MeasureStatus
from assets.models import Asset
from assets.registry import disposal_blocked
from cases.choices import PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from cases.selectors import cases_visible_to
from disposal import events
from disposal import rules as R
from disposal.choices import PriceMethod, PriceStatus, PropertyClass, RoundResult, StepKind, StepStatus
from disposal.limits import (
    CENT,
    cite,
    objection_deadline,
    property_class_of,
    round_limits,
    sale_off_min_price,
)
from disposal.models import DisposalStep, PriceFinding, PriceObjection
from documents.services import document_issue
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import record_text
from enforcement.models import Membership
from enforcement.notifications import notification_queue
from money.choices import ReceiptKind
from money.services import parse_amount, receipt_record

S = StepStatus
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD}
OPEN = (S.PROPOSED, S.APPROVED)


# --- helpers ---------------------------------------------------------------------------------------
def _invalid(field: str, message: str):
    return InvalidInput(message, fields={field: [message]})


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def _member(actor, case: Case, roles, message: str) -> Membership:
    membership = membership_of(actor)
    if membership is None or membership.court_id != case.court_id or membership.role not in roles:
        raise NotAllowed(message)
    return membership


def _the_judge(actor, case: Case, message: str) -> None:
    """The case's own judge, or a head of its court."""
    membership = _member(actor, case, {Role.JUDGE, Role.HEAD}, message)
    if membership.role == Role.JUDGE and case.judge_id != actor.pk:
        raise NotAllowed(message)


def _heads_of(case: Case, *, but=None):
    return [
        m.user
        for m in Membership.objects.filter(court_id=case.court_id, role=Role.HEAD, user__is_active=True)
        .exclude(user=but)
        .select_related("user")
        .order_by("pk")
    ]


def _tell(users, *, kind: str, title, case: Case) -> None:
    link = reverse("cases:detail", args=[case.pk]) + "#disposal"
    for user in users:
        if user is not None:
            notification_queue(recipient=user, kind=kind, title=title, link=link)


def _refuse_if_blocked(asset: Asset) -> None:
    reason = disposal_blocked(asset)
    if reason:
        raise Conflict(
            _("The asset may not be disposed of now: %(reason)s") % {"reason": reason},
            code="disposal_blocked",
        )


def _lock_asset(actor, asset_id) -> tuple[Case, Asset]:
    """The case of the asset, locked (NotFound unless the actor may see it), then the asset's findings
    and steps by id: the one lock order."""
    try:
        case_id = Asset.objects.values_list("case_id", flat=True).get(pk=asset_id)
    except (Asset.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The asset does not exist or you may not view it.")) from None
    case = lock_for_case(case_id, actor=actor, select_related=("court", "judge")).case
    asset = Asset.objects.get(pk=asset_id)
    list(PriceFinding.objects.filter(asset=asset).select_for_update(of=("self",)).order_by("pk"))
    list(DisposalStep.objects.filter(asset=asset).select_for_update(of=("self",)).order_by("pk"))
    return case, asset


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _invalid(field, _("Enter a valid date."))
    return value


def _not_future(day: dt.date, field: str) -> dt.date:
    _date(day, field)
    if day > timezone.localdate():
        raise _invalid(field, _("The date may not be in the future."))
    return day


def fixed_finding(asset: Asset) -> PriceFinding | None:
    """The asset's reference price: its latest fixed price finding."""
    return (
        PriceFinding.objects.filter(asset=asset, status=PriceStatus.FIXED)
        .order_by("-fixed_on", "-pk")
        .first()
    )


def last_step(asset: Asset) -> DisposalStep | None:
    return DisposalStep.objects.filter(asset=asset).exclude(status=S.REJECTED).order_by("-pk").first()


def _refuse_if_open_or_done(asset: Asset) -> None:
    last = last_step(asset)
    if last is None:
        return
    if last.status in OPEN:
        raise Conflict(_("A disposal step of this asset is still open."), code="disposal_step_open")
    if last.status in (S.SOLD, S.DONE):
        raise Conflict(_("This asset has already been disposed of."), code="disposal_done")


# --- price finding (参考价) -----------------------------------------------------------------------
def price_record(
    *, actor, asset_id, method: str, served_on: dt.date, reference_price=None, platform_results=(), note=""
) -> PriceFinding:
    """The case's judge records how the asset's price was found and the day the result was served on
    the parties; the objection window runs from that day. For an online inquiry the platforms'
    results are given and the reference price is their average (参考价规定)."""
    if method not in PriceMethod.values:
        raise _invalid("method", _("Choose how the price was found."))
    _not_future(served_on, "served_on")
    if method == PriceMethod.ONLINE_INQUIRY:
        results = [parse_amount(v, "platform_results") for v in (platform_results or [])]
        if not results:
            raise _invalid("platform_results", _("Give each platform's result of the online inquiry."))
        price = (sum(results) / len(results)).quantize(CENT)
    else:
        results = []
        price = parse_amount(reference_price, "reference_price")
    with transaction.atomic():
        case, asset = _lock_asset(actor, asset_id)
        _the_judge(actor, case, _("Only the case's judge may record a price finding."))
        if not asset.measures.filter(status=MeasureStatus.ACTIVE).exists():
            raise Conflict(
                _("Only an asset held by a seal, distraint or freeze in effect can be disposed of."),
                code="asset_not_held",
            )
        _refuse_if_blocked(asset)
        _refuse_if_open_or_done(asset)
        finding = PriceFinding.objects.create(
            case=case,
            asset=asset,
            method=method,
            platform_results=[str(v) for v in results],
            reference_price=price,
            result_note=(note or "").strip()[:300],
            served_on=served_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.PRICE_RECORDED,
            obj=case,
            subject=finding,
            court=case.court,
            summary=lambda: (
                f"确定参考价（{PriceMethod(method).label}）{_money(price)}：{asset}，{served_on}送达"
            ),
            data={"finding_id": finding.pk, "price": str(price), "method": method},
        )
    return finding


def _locked_finding(actor, finding_id) -> tuple[Case, PriceFinding]:
    try:
        asset_id = PriceFinding.objects.values_list("asset_id", flat=True).get(pk=finding_id)
    except (PriceFinding.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The price finding does not exist or you may not view it.")) from None
    case, _asset = _lock_asset(actor, asset_id)
    return case, PriceFinding.objects.select_related("asset").get(pk=finding_id)


def objection_record(*, actor, finding_id, objector: str, text: str, filed_on: dt.date) -> PriceObjection:
    """Court staff record a party's objection filed within the window (参考价规定)."""
    objector, text = (objector or "").strip(), (text or "").strip()
    if not objector:
        raise _invalid("objector", _("Name who objects."))
    if not text:
        raise _invalid("text", _("Write what the objection says."))
    _not_future(filed_on, "filed_on")
    with transaction.atomic():
        case, finding = _locked_finding(actor, finding_id)
        _member(actor, case, COURT_STAFF, _("Only court staff of the case's court may record an objection."))
        if finding.status != PriceStatus.SERVED:
            raise Conflict(_("The reference price is already fixed."), code="price_fixed")
        deadline = objection_deadline(finding)
        if filed_on < finding.served_on or filed_on > deadline:
            rule = R.rule(R.OBJECTION_DAYS, on=finding.served_on)
            raise _invalid(
                "filed_on",
                _("An objection is filed within %(days)s days of service, by %(deadline)s (%(article)s).")
                % {"days": rule.value, "deadline": deadline.isoformat(), "article": cite(rule)},
            )
        objection = PriceObjection.objects.create(
            finding=finding, objector=objector[:200], text=text, filed_on=filed_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=events.PRICE_OBJECTION,
            obj=case,
            subject=finding,
            court=case.court,
            summary=f"{objector[:40]}对参考价{_money(finding.reference_price)}提出异议（{filed_on}）",
            data={"finding_id": finding.pk, "objection_id": objection.pk},
        )
    return objection


def objection_answer(*, actor, objection_id, answer: str) -> PriceObjection:
    """The case's judge records how an objection was dealt with."""
    answer = (answer or "").strip()
    if not answer:
        raise _invalid("answer", _("Write how the objection was dealt with."))
    try:
        finding_id = PriceObjection.objects.values_list("finding_id", flat=True).get(pk=objection_id)
    except (PriceObjection.DoesNotExist, ValueError, TypeError):
        raise NotFound(
            pgettext("price objection", "The objection does not exist or you may not view it.")
        ) from None
    with transaction.atomic():
        case, finding = _locked_finding(actor, finding_id)
        _the_judge(actor, case, _("Only the case's judge may answer an objection."))
        objection = PriceObjection.objects.get(pk=objection_id)
        if objection.answered_on:
            raise Conflict(_("This objection has already been answered."), code="objection_answered")
        objection.answer, objection.answered_on = answer, timezone.localdate()
        objection.save(update_fields=["answer", "answered_on"])
        audit_record(
            actor=actor,
            action=events.PRICE_OBJECTION_ANSWERED,
            obj=case,
            subject=finding,
            court=case.court,
            summary=f"处理参考价异议（{objection.objector[:40]}）：{answer[:80]}",
            data={"finding_id": finding.pk, "objection_id": objection.pk},
        )
    return objection


def price_fix(*, actor, finding_id) -> PriceFinding:
    """The result becomes the reference price once the objection window is over and every objection
    has been answered."""
    with transaction.atomic():
        case, finding = _locked_finding(actor, finding_id)
        _the_judge(actor, case, _("Only the case's judge may fix the reference price."))
        if finding.status != PriceStatus.SERVED:
            raise Conflict(_("The reference price is already fixed."), code="price_fixed")
        _refuse_if_blocked(finding.asset)
        deadline = objection_deadline(finding)
        today = timezone.localdate()
        if today <= deadline:
            rule = R.rule(R.OBJECTION_DAYS, on=finding.served_on)
            raise Conflict(
                _(
                    "The objection window runs until %(deadline)s: the price can be fixed from %(earliest)s (%(article)s)."
                )
                % {
                    "deadline": deadline.isoformat(),
                    "earliest": (deadline + dt.timedelta(days=1)).isoformat(),
                    "article": cite(rule),
                },
                code="objection_window",
            )
        if finding.objections.filter(answered_on__isnull=True).exists():
            raise Conflict(_("An objection to this price has not been answered."), code="objection_open")
        finding.fix(on=today)
        finding.save()
        audit_record(
            actor=actor,
            action=events.PRICE_FIXED,
            obj=case,
            subject=finding,
            court=case.court,
            summary=lambda: f"参考价确定为{_money(finding.reference_price)}：{finding.asset}",
            data={"finding_id": finding.pk, "price": str(finding.reference_price)},
        )
    return finding


# --- auction rounds ---------------------------------------------------------------------------------
def _auction_previous(asset: Asset) -> DisposalStep | None:
    """The round a new round follows (a failed or defaulted one), None for the first; refused when the
    asset's steps do not allow another auction."""
    last = last_step(asset)
    if last is None:
        return None
    if last.kind != StepKind.AUCTION:
        raise Conflict(
            _("After a sale-off or in-kind satisfaction the asset is not auctioned again."), code="no_auction"
        )
    failed = DisposalStep.objects.filter(asset=asset, kind=StepKind.AUCTION, status=S.FAILED).count()
    limit = R.rule(R.FAILED_ROUNDS_BEFORE_SALE_OFF, on=timezone.localdate())
    if last.status == S.FAILED and failed >= limit.value:
        raise Conflict(
            _("The auction failed %(n)s times: the asset goes to sale-off (%(article)s).")
            % {"n": failed, "article": cite(limit)},
            code="sale_off_next",
        )
    return last


def check_round(
    limits, *, price, deposit, parties_notified_on, announced_on, starts_at, ends_at, collegial_panel
):
    """Every statutory limit a round's values must keep, as field errors naming the article."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if price < limits.min_price:
        if limits.reauction:
            add(
                "price",
                _(
                    "The start price of a re-auction may be at most %(share)s%% below the previous round's: at least %(min)s (%(article)s)."
                )
                % {
                    "share": int(limits.price_rule.value * 100),
                    "min": _money(limits.min_price),
                    "article": cite(limits.price_rule),
                },
            )
        else:
            add(
                "price",
                _(
                    "The start price (the reserve) is at least %(share)s%% of the reference price: at least %(min)s (%(article)s)."
                )
                % {
                    "share": int(limits.price_rule.value * 100),
                    "min": _money(limits.min_price),
                    "article": cite(limits.price_rule),
                },
            )
    low, high = limits.deposit_range(price)
    if deposit < price * limits.deposit_min_share or deposit > price * limits.deposit_max_share:
        add(
            "deposit",
            _("The deposit is %(low)s%% to %(high)s%% of the start price: %(min)s to %(max)s (%(article)s).")
            % {
                "low": int(limits.deposit_min_share * 100),
                "high": int(limits.deposit_max_share * 100),
                "min": _money(low),
                "max": _money(high),
                "article": cite(limits.deposit_rule),
            },
        )
    if (announced_on - parties_notified_on).days < limits.notify_days:
        add(
            "parties_notified_on",
            _(
                "The parties are told at least %(days)s days before the announcement: by %(latest)s (%(article)s)."
            )
            % {
                "days": limits.notify_days,
                "latest": (announced_on - dt.timedelta(days=limits.notify_days)).isoformat(),
                "article": cite(limits.notify_rule),
            },
        )
    start_day = timezone.localdate(starts_at)
    if (start_day - announced_on).days < limits.announce_days:
        add(
            "bidding_starts_at",
            _(
                "The auction is announced at least %(days)s days before bidding starts: bidding from %(earliest)s (%(article)s)."
            )
            % {
                "days": limits.announce_days,
                "earliest": limits.earliest_start(announced_on).isoformat(),
                "article": cite(limits.announce_rule),
            },
        )
    if limits.latest_start is not None and start_day > limits.latest_start:
        add(
            "bidding_starts_at",
            _(
                "After a failed round the asset is auctioned again within %(days)s days: bidding by %(latest)s (%(article)s)."
            )
            % {
                "days": limits.latest_start_rule.value,
                "latest": limits.latest_start.isoformat(),
                "article": cite(limits.latest_start_rule),
            },
        )
    if ends_at - starts_at < dt.timedelta(hours=limits.bidding_hours):
        add(
            "bidding_ends_at",
            _("Bidding lasts at least %(hours)s hours (%(article)s).")
            % {"hours": limits.bidding_hours, "article": cite(limits.bidding_rule)},
        )
    if not collegial_panel:
        rule = R.rule(R.COLLEGIAL_PANEL, on=timezone.localdate())
        add(
            "collegial_panel",
            _("The start price and the deposit are decided by a collegial panel (%(article)s).")
            % {"article": cite(rule)},
        )
    return errors


def _aware(value, field):
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        raise _invalid(field, _("Enter a valid date and time."))
    return value


def next_round_limits(asset: Asset, *, property_class: str = ""):
    """The limits of the asset's next auction round, or None when it cannot have one now."""
    finding = fixed_finding(asset)
    if finding is None:
        return None
    try:
        previous = _auction_previous(asset)
    except Conflict:
        return None
    if previous is not None and previous.status in OPEN + (S.SOLD,):
        return None
    return round_limits(
        finding=finding,
        previous=previous,
        property_class=property_class or property_class_of(asset),
        on=timezone.localdate(),
    )


def round_propose(
    *,
    actor,
    asset_id,
    price,
    deposit,
    parties_notified_on: dt.date,
    announced_on: dt.date,
    bidding_starts_at: dt.datetime,
    bidding_ends_at: dt.datetime,
    collegial_panel: bool,
    property_class: str = "",
    reason: str = "",
) -> DisposalStep:
    """The case's judge proposes the asset's next online auction round on its fixed reference price;
    the head approves it. Refused, naming the article, outside what 网络司法拍卖规定 allows."""
    price = parse_amount(price, "price")
    deposit = parse_amount(deposit, "deposit")
    _date(parties_notified_on, "parties_notified_on")
    _date(announced_on, "announced_on")
    _aware(bidding_starts_at, "bidding_starts_at")
    _aware(bidding_ends_at, "bidding_ends_at")
    if property_class and property_class not in PropertyClass.values:
        raise _invalid("property_class", _("Choose the kind of property."))
    with transaction.atomic():
        case, asset = _lock_asset(actor, asset_id)
        _the_judge(actor, case, _("Only the case's judge may propose an auction."))
        _refuse_if_blocked(asset)
        finding = fixed_finding(asset)
        if finding is None:
            raise Conflict(_("The asset has no fixed reference price yet."), code="no_reference_price")
        last = last_step(asset)
        if last is not None and last.status in OPEN:
            raise Conflict(_("A disposal step of this asset is still open."), code="disposal_step_open")
        if last is not None and last.status in (S.SOLD, S.DONE):
            raise Conflict(_("This asset has already been disposed of."), code="disposal_done")
        previous = _auction_previous(asset)
        pclass = property_class or property_class_of(asset)
        limits = round_limits(
            finding=finding, previous=previous, property_class=pclass, on=timezone.localdate()
        )
        errors = check_round(
            limits,
            price=price,
            deposit=deposit,
            parties_notified_on=parties_notified_on,
            announced_on=announced_on,
            starts_at=bidding_starts_at,
            ends_at=bidding_ends_at,
            collegial_panel=bool(collegial_panel),
        )
        if errors:
            first = next(iter(errors.values()))[0]
            raise InvalidInput(first, fields=errors)
        step = DisposalStep.objects.create(
            case=case,
            asset=asset,
            finding=finding,
            kind=StepKind.AUCTION,
            previous=previous,
            round_number=limits.round_number,
            property_class=pclass,
            parties_notified_on=parties_notified_on,
            announced_on=announced_on,
            bidding_starts_at=bidding_starts_at,
            bidding_ends_at=bidding_ends_at,
            deposit=deposit,
            collegial_panel=True,
            price=price,
            reason=(reason or "").strip(),
            proposed_by=actor,
        )
        _proposed(actor, case, step)
    return step


def _proposed(actor, case, step):
    audit_record(
        actor=actor,
        action=events.STEP_PROPOSED,
        obj=case,
        subject=step,
        court=case.court,
        summary=lambda: f"提请{step}：{step.asset}，价格{_money(step.price)}",
        data={"step_id": step.pk, "kind": step.kind, "price": str(step.price)},
    )
    _tell(
        _heads_of(case, but=actor),
        kind=events.STEP_PROPOSED.action,
        title=lambda: (
            _("Disposal to approve: %(number)s %(step)s") % {"number": case.number, "step": str(step)}
        ),
        case=case,
    )


# --- 变卖 and 以物抵债 ---------------------------------------------------------------------------------
def sale_off_propose(*, actor, asset_id, price, reason: str = "") -> DisposalStep:
    """After the rounds the law asks for failed, the case's judge proposes selling the asset off at
    `price`, at least the 变卖 floor (拍卖、变卖财产规定); the head approves it."""
    price = parse_amount(price, "price")
    with transaction.atomic():
        case, asset = _lock_asset(actor, asset_id)
        _the_judge(actor, case, _("Only the case's judge may propose a sale-off."))
        _refuse_if_blocked(asset)
        _refuse_if_open_or_done(asset)
        last = last_step(asset)
        limit = R.rule(R.FAILED_ROUNDS_BEFORE_SALE_OFF, on=timezone.localdate())
        failed = DisposalStep.objects.filter(asset=asset, kind=StepKind.AUCTION, status=S.FAILED).count()
        if last is None or last.kind != StepKind.AUCTION or last.status != S.FAILED or failed < limit.value:
            raise Conflict(
                _("A sale-off follows %(n)s failed auction rounds (%(article)s).")
                % {"n": limit.value, "article": cite(limit)},
                code="sale_off_too_early",
            )
        minimum, rule = sale_off_min_price(last.finding, on=timezone.localdate())
        if price < minimum:
            raise _invalid(
                "price",
                _("The sale-off price is at least %(min)s, one half of the reference price (%(article)s).")
                % {"min": _money(minimum), "article": cite(rule)},
            )
        step = DisposalStep.objects.create(
            case=case,
            asset=asset,
            finding=last.finding,
            kind=StepKind.SALE_OFF,
            previous=last,
            price=price,
            reason=(reason or "").strip(),
            proposed_by=actor,
        )
        _proposed(actor, case, step)
    return step


def in_kind_propose(*, actor, asset_id, taker_id, reason: str = "") -> DisposalStep:
    """After a failed round, an applicant who asks for or agrees to it takes the asset in satisfaction
    at that round's reserve price (拍卖、变卖财产规定); the head approves it."""
    with transaction.atomic():
        case, asset = _lock_asset(actor, asset_id)
        _the_judge(actor, case, _("Only the case's judge may propose in-kind satisfaction."))
        _refuse_if_blocked(asset)
        _refuse_if_open_or_done(asset)
        rule = R.rule(R.IN_KIND_AT_RESERVE, on=timezone.localdate())
        last = last_step(asset)
        if last is None or last.kind != StepKind.AUCTION or last.status != S.FAILED:
            raise Conflict(
                _("In-kind satisfaction follows a failed auction round, at its reserve price (%(article)s).")
                % {"article": cite(rule)},
                code="in_kind_too_early",
            )
        taker = (
            Party.objects.filter(pk=taker_id, case=case, role=PartyRole.APPLICANT).first()
            if str(taker_id).isdigit()
            else None
        )
        if taker is None:
            raise _invalid("taker", _("Choose the applicant who takes the asset."))
        step = DisposalStep.objects.create(
            case=case,
            asset=asset,
            finding=last.finding,
            kind=StepKind.IN_KIND,
            previous=last,
            price=last.price,
            taker=taker,
            reason=(reason or "").strip(),
            proposed_by=actor,
        )
        _proposed(actor, case, step)
    return step


# --- the head's decision and the result -------------------------------------------------------------
def _locked_step(actor, step_id) -> tuple[Case, DisposalStep]:
    try:
        asset_id = DisposalStep.objects.values_list("asset_id", flat=True).get(pk=step_id)
    except (DisposalStep.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The disposal step does not exist or you may not view it.")) from None
    case, _asset = _lock_asset(actor, asset_id)
    return case, DisposalStep.objects.select_related("asset", "finding", "taker").get(pk=step_id)


def step_decide(*, actor, step_id, approve: bool) -> DisposalStep:
    """A division head of the case's court who did not propose it approves or refuses the step. An
    approved 以物抵债 is done at once (nothing is left to record)."""
    with transaction.atomic():
        case, step = _locked_step(actor, step_id)
        _member(
            actor, case, {Role.HEAD}, _("Only the division head of the case's court may approve a disposal.")
        )
        if step.proposed_by_id == actor.pk:
            raise NotAllowed(_("You proposed this disposal: another head must decide it."))
        if step.status != S.PROPOSED:
            raise Conflict(
                _("It is “%(status)s”: it can no longer be decided.") % {"status": step.get_status_display()},
                code="step_decided",
            )
        now = timezone.now()
        if approve:
            _refuse_if_blocked(step.asset)
            step.approve(by=actor, at=now)
            if step.kind == StepKind.IN_KIND:
                step.complete(on=timezone.localdate(now))
        else:
            step.reject(by=actor, at=now)
        step.save()
        event = events.STEP_APPROVED if approve else events.STEP_REJECTED
        verb = "批准" if approve else "不批准"
        audit_record(
            actor=actor,
            action=event,
            obj=case,
            subject=step,
            court=case.court,
            summary=lambda: f"{verb}{step}：{step.asset}，价格{_money(step.price)}",
            data={"step_id": step.pk, "approve": bool(approve)},
        )
        _tell(
            [step.proposed_by],
            kind=event.action,
            title=lambda: (
                (
                    _("Disposal approved: %(number)s %(step)s")
                    if approve
                    else _("Disposal not approved: %(number)s %(step)s")
                )
                % {"number": case.number, "step": str(step)}
            ),
            case=case,
        )
    return step


def step_result(
    *, actor, step_id, result: str, on: dt.date, sold_price=None, buyer: str = ""
) -> DisposalStep:
    """The case's judge records how an approved auction round or sale-off ended: sold (price, buyer,
    day: the proceeds become a receipt of the case), failed (no bid), the buyer defaulted (the deposit
    is forfeited), or a sale-off not sold."""
    _not_future(on, "on")
    buyer = (buyer or "").strip()
    with transaction.atomic():
        case, step = _locked_step(actor, step_id)
        _the_judge(actor, case, _("Only the case's judge may record the result."))
        if step.status != S.APPROVED or step.kind == StepKind.IN_KIND:
            raise Conflict(
                _("It is “%(status)s”: there is no result to record.")
                % {"status": step.get_status_display()},
                code="step_not_approved",
            )
        allowed = (
            {RoundResult.SOLD, RoundResult.FAILED, RoundResult.DEFAULTED}
            if step.kind == StepKind.AUCTION
            else {RoundResult.SOLD, RoundResult.FAILED}
        )
        if result not in allowed:
            raise _invalid("result", _("Choose the result."))
        if step.kind == StepKind.AUCTION and on < timezone.localdate(step.bidding_ends_at):
            raise _invalid(
                "on",
                _("The result comes after bidding ends (%(end)s).") % {"end": step.bidding_ends_at.date()},
            )
        if result in (RoundResult.SOLD, RoundResult.DEFAULTED) and not buyer:
            raise _invalid("buyer", _("Name the buyer."))
        if result == RoundResult.SOLD:
            amount = parse_amount(sold_price, "sold_price")
            if amount < step.price:
                rule = R.rule(R.RESERVE_MIN_SHARE, on=timezone.localdate())
                raise _invalid(
                    "sold_price",
                    _("The sold price is not below the start price %(price)s (%(article)s).")
                    % {"price": _money(step.price), "article": cite(rule)},
                )
            _refuse_if_blocked(step.asset)
            step.sell(price=amount, buyer=buyer[:200], on=on)
            label = "拍卖成交" if step.kind == StepKind.AUCTION else "变卖成交"
            step.receipt = receipt_record(
                actor=actor,
                case_id=case.pk,
                kind=ReceiptKind.AUCTION,
                amount=amount,
                payer=buyer,
                received_on=on,
                note=record_text(lambda: f"{label}：{step.asset}")[:200],
            )
            summary = lambda: f"{step}{label}，成交价{_money(amount)}，买受人{buyer[:40]}"  # noqa: E731
        elif result == RoundResult.DEFAULTED:
            step.default(buyer=buyer[:200], on=on)
            summary = lambda: f"{step}买受人{buyer[:40]}悔拍，保证金{_money(step.deposit)}不予退还"  # noqa: E731
        elif step.kind == StepKind.AUCTION:
            step.fail(on=on)
            summary = lambda: f"{step}流拍"  # noqa: E731
        else:
            step.not_sold(on=on)
            summary = "变卖未成交"
        step.save()
        audit_record(
            actor=actor,
            action=events.STEP_RESULT,
            obj=case,
            subject=step,
            court=case.court,
            summary=summary,
            data={"step_id": step.pk, "result": result, "receipt_id": step.receipt_id},
        )
    return step


# --- documents ---------------------------------------------------------------------------------------
def step_document(*, actor, step_id, kind: str):
    """Issue the 拍卖公告 of an approved round or the 拍卖成交裁定书 of a sold one through the document
    service (which checks the issuer, numbers, renders and records it)."""
    step = DisposalStep.objects.filter(pk=step_id, case__in=cases_visible_to(actor)).first()
    if step is None:
        raise NotFound(_("The disposal step does not exist or you may not view it."))
    if kind == "auction_announcement":
        ok = step.kind == StepKind.AUCTION and step.status != S.PROPOSED and step.status != S.REJECTED
    elif kind == "auction_sale_ruling":
        ok = step.kind == StepKind.AUCTION and step.status == S.SOLD
    else:
        raise _invalid("kind", _("Choose the document."))
    if not ok:
        raise Conflict(
            _("It is “%(status)s”: this document cannot be issued for it.")
            % {"status": step.get_status_display()},
            code="document_not_due",
        )
    return document_issue(actor=actor, kind=kind, case_id=step.case_id, subject=step)
