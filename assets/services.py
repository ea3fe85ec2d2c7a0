"""Services of the assets app: recording an asset, and every change of a control
measure's state: taking effect or queueing on the agency's answer, a deduction carried out, lifting
(whole or in part), promotion of what was queued, renewal, withdrawal, and the daily expiry sweep
that warns the judge and marks lapsed measures expired.

A measure's status moves only through its @transition methods; a change its state forbids is refused
with enforcement.errors.Conflict (409 in the API, a message in the browser), never a 500. The
notices that carry measures out are assistance's: it calls these services, and it drafts the renewal
notice at the first expiry warning through `registry.renewal_drafters`."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed

from assets import events, registry
from assets.choices import AssetKind, AssetSource, MeasureStatus
from assets.models import Asset, ControlMeasure
from assets.rules import MEASURE_WARNING_DAYS, rule, statutory_expiry
from cases.choices import PartyRole
from cases.locking import lock_cases, lock_for_case
from cases.models import Case, Party
from cases.selectors import works_on_case
from cases.validators import refuse_foreign_digits
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed
from enforcement.i18n import in_record_language
from enforcement.models import Agency
from enforcement.money import MONEY_MAX, too_large_message
from enforcement.notifications import notification_queue, notification_queue_many
from enforcement.registry import AuditEventType

# Who records an asset on a case (and drafts the notices that act on it): those who work on it.
RECORDING_ROLES = (Role.CLERK, Role.JUDGE, Role.HEAD)

# What each transition is called when it is refused ("不能…").
TRANSITION_LABELS = {
    "take_effect": gettext_lazy("take effect"),
    "queue": gettext_lazy("queue"),
    "promote": gettext_lazy("take effect after the queue"),
    "carry_out": gettext_lazy("deduct"),
    "lift": gettext_lazy("lift"),
    "expire": gettext_lazy("expire"),
    "mark_renewed": gettext_lazy("renew"),
    "cancel": gettext_lazy("withdraw"),
}


# --- helpers -----------------------------------------------------------------------------------
def parse_money(value, field: str) -> Decimal:
    """An amount of yuan that comes in (a form, an agency's answer): not negative, two places at most."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput(
            _("The amount is malformed."), fields={field: [_("The amount is malformed.")]}
        ) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(
            _("The amount must be zero or more, with at most two decimals."),
            fields={field: [_("The amount must be zero or more, with at most two decimals.")]},
        )
    if amount > MONEY_MAX:
        message = str(too_large_message())
        raise InvalidInput(message, fields={field: [message]})
    return amount


def refuse_foreign_identifier(text: str, field: str, label: str) -> None:
    """An identifier with a digit of another script than ASCII (Arabic-Indic, Ethiopic …) would be
    a second, unmatchable identity of the same property (cases.validators)."""
    try:
        refuse_foreign_digits(text, label=label)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], fields={field: list(exc.messages)}) from None


def _transition(measure: ControlMeasure, name: str, **kwargs) -> None:
    """Run the transition `name`, or refuse with the measure's state as the reason."""
    method = getattr(measure, name)
    if not can_proceed(method):
        raise Conflict(
            _("The measure is “%(status)s”: it cannot %(transition)s.")
            % {"status": measure.get_status_display(), "transition": TRANSITION_LABELS[name]},
            code="measure_transition_refused",
        )
    method(**kwargs)


def _save(measure: ControlMeasure, **kwargs) -> None:
    try:
        measure.save(**kwargs)
    except ConcurrentTransition:
        raise Conflict(
            _("Someone else changed the measure at the same time; please reload and try again."),
            code="concurrent_change",
        ) from None


def _lock(measure: ControlMeasure) -> ControlMeasure:
    """The measure row only: its case is the caller's to lock first (cases.locking). Locking the
    joined rows too (no `of`) would take the case after the measure, the crosswise order."""
    return (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("asset", "case")
        .get(pk=measure.pk)
    )


def _lock_case(actor, case_id) -> Case:
    """The case, locked first (cases.locking); NotFound for one the actor may not see."""
    return lock_for_case(case_id, actor=actor).case


def _record_and_tell_judge(
    measure: ControlMeasure,
    *,
    event: AuditEventType,
    summary,
    title,
    body="",
    dedupe_key: str | None = None,
) -> None:
    """What the system did to a measure by itself (promotion, lapse): on the case timeline, and to
    the judge's inbox (kind = the event). summary, title and body: text, or callables evaluated in
    the record language (audit_record, notification_queue)."""
    case = measure.case
    audit_record(
        actor=None,
        action=event,
        obj=case,
        subject=measure,
        court=case.court,
        summary=summary,
        data={"measure_id": measure.pk},
    )
    notification_queue(
        recipient=case.judge,
        kind=event.action,
        title=title,
        body=body,
        dedupe_key=dedupe_key,
        link=reverse("assistance:case", args=[case.pk]),
    )


# --- a measure's states ------------------------------------------------------------------------
# Transaction contract of the functions below: they are steps of another service (an agency's
# answer, a lifting notice answered, the head's decision), not entry points. Each runs inside the
# caller's transaction, after the caller has locked the case and then the notice
# (cases.locking.lock_for_case), and locks the measure itself last; it writes no audit event of
# its own except where it says so (the caller's event describes the step).
def measure_take_effect(*, measure: ControlMeasure, started_on: dt.date, expires_on, citation: str):
    """The agency carried the measure out: in effect from `started_on` to `expires_on`."""
    _transition(measure, "take_effect", started_on=started_on, expires_on=expires_on, citation=citation)
    _save(measure)
    return measure


def measure_queue(*, measure: ControlMeasure, citation: str) -> ControlMeasure:
    """The agency registered the measure behind one already in effect on the property (轮候)."""
    _transition(measure, "queue", citation=citation)
    _save(measure)
    return measure


def measure_carry_out(*, measure: ControlMeasure, amount: Decimal, on: dt.date) -> ControlMeasure:
    """A deduction (扣划) was made for `amount` on `on`."""
    _transition(measure, "carry_out", amount=amount, on=on)
    _save(measure)
    return measure


def measure_renew(*, measure: ControlMeasure, until: dt.date, citation: str, created_by) -> ControlMeasure:
    """续行: a new measure continues this one from the day after its expiry to `until`; this one is
    marked renewed. Only a measure in effect with a term can be renewed."""
    old = _lock(measure)
    if old.status != MeasureStatus.ACTIVE or old.expires_on is None:
        raise Conflict(_("Only an active measure with a term can be renewed."), code="not_active")
    _transition(old, "mark_renewed")
    _save(old, update_fields=["status"])
    # A continuation is in effect from its first day: it is created in that state.
    return ControlMeasure.objects.create(
        case=old.case,
        asset=old.asset,
        kind=old.kind,
        amount=old.amount,
        status=MeasureStatus.ACTIVE,
        started_on=old.expires_on + dt.timedelta(days=1),
        expires_on=until,
        term_citation=citation,
        renewed_from=old,
        created_by=created_by,
    )


def measure_cancel(*, measure_id) -> bool:
    """Withdraw a measure that never took effect (its notice was never sent). False when it is no
    longer only requested (nothing to withdraw)."""
    measure = ControlMeasure.objects.select_for_update().filter(pk=measure_id).first()
    if measure is None or not can_proceed(measure.cancel):
        return False
    measure.cancel()
    _save(measure, update_fields=["status"])
    return True


def measure_can_be_lifted(measure: ControlMeasure) -> bool:
    return can_proceed(measure.lift)


def lift_touches_cases(measure_id) -> set[int]:
    """The cases lifting (or the lapse of) measure `measure_id` may touch, read unlocked: its own,
    and those of the measures queued on the same property, one of which the lift may promote. A
    service that lifts locks them all first, by ascending id (cases.locking.lock_cases)."""
    row = ControlMeasure.objects.filter(pk=measure_id).values("case_id", "asset__identity").first()
    if row is None:
        return set()
    cases = {row["case_id"]}
    if row["asset__identity"]:
        cases.update(
            ControlMeasure.objects.filter(
                asset__identity=row["asset__identity"], status=MeasureStatus.QUEUED
            ).values_list("case_id", flat=True)
        )
    return cases


def measure_lift_done(
    *, measure: ControlMeasure, lifted_on: dt.date, cases_locked=()
) -> ControlMeasure | None:
    """The measure is lifted; the first measure queued on the same property takes effect (2020
    rules art. 26). Returns the promoted measure, if any. Refused (Conflict) for a measure that no
    longer holds anything: carried out, lapsed, renewed, withdrawn or lifted already.

    `cases_locked`: the cases the caller has locked, by ascending id, before anything else
    (lift_touches_cases); the measure's own case is always among them."""
    measure = _lock(measure)
    was_active = measure.status == MeasureStatus.ACTIVE
    _transition(measure, "lift", on=lifted_on)
    _save(measure, update_fields=["status", "lifted_on"])
    if not was_active:
        return None
    return _promote_queued(
        measure.asset.identity, on=lifted_on, cases_locked={measure.case_id, *cases_locked}
    )


def measure_lift_part_done(
    *, measure: ControlMeasure, amount: Decimal, lifted_on: dt.date, cases_locked=()
) -> ControlMeasure:
    """Part of a freeze is lifted: the measure holds that much less and stays in effect. Lifting as
    much as it holds or more lifts it (`cases_locked` as for measure_lift_done)."""
    measure = _lock(measure)
    remaining = (measure.amount or Decimal("0")) - amount
    if remaining <= 0:
        measure_lift_done(measure=measure, lifted_on=lifted_on, cases_locked=cases_locked)
        measure.refresh_from_db()
        return measure
    if not measure_can_be_lifted(measure):
        _transition(measure, "lift", on=lifted_on)  # refused with the measure's state as the reason
    measure.amount = remaining
    _save(measure, update_fields=["amount"])
    return measure


def _promote_queued(identity: str, *, on: dt.date, cases_locked=()) -> ControlMeasure | None:
    """If nothing is in effect on this property any more, the earliest queued measure takes effect
    today, with a fresh statutory term.

    The queued measure usually belongs to another case. The caller has locked, by ascending id,
    every case it found queued on the property (lift_touches_cases) before any measure
    (`cases_locked`); here the earliest queued measure is found, locked, and checked again on the
    locked row; if another transaction took it or queued one earlier meanwhile, the next candidate
    is tried. A candidate of a case that was queued after the caller looked, and so is not locked,
    is locked now only if that keeps the order (its id above every case held); otherwise the
    promotion is done right after this transaction commits, in one of its own that locks in order
    (promote_queued_on)."""
    if not identity:
        return None
    held = set(cases_locked)
    tried: set[int] = set()
    while True:
        if ControlMeasure.objects.filter(asset__identity=identity, status=MeasureStatus.ACTIVE).exists():
            return None
        queue = ControlMeasure.objects.filter(asset__identity=identity, status=MeasureStatus.QUEUED).order_by(
            "queued_at", "id"
        )
        candidate = queue.exclude(pk__in=tried).values("pk", "case_id").first()
        if candidate is None:
            return None
        tried.add(candidate["pk"])
        if candidate["case_id"] not in held:
            if held and candidate["case_id"] < max(held):
                transaction.on_commit(lambda: promote_queued_on(identity, on=on))
                return None
            lock_for_case(candidate["case_id"])
            held.add(candidate["case_id"])
        list(ControlMeasure.objects.filter(pk=candidate["pk"]).select_for_update(of=("self",)))
        first = queue.values_list("pk", flat=True).first()  # read again under the locks
        if first != candidate["pk"]:
            continue
        nxt = ControlMeasure.objects.select_related("asset", "case").get(pk=first)
        break
    expiry, citation = statutory_expiry(nxt.asset.kind, on)
    _transition(nxt, "promote", started_on=on, expires_on=expiry, citation=citation)
    _save(nxt)
    _record_and_tell_judge(
        nxt,
        event=events.MEASURE_PROMOTED,
        summary=lambda: (
            f"在先措施解除，轮候的{nxt.get_kind_display()}自{on:%Y年%m月%d日}起生效，至{expiry:%Y年%m月%d日}"
        ),
        title=lambda: _("%(number)s: a queued measure took effect") % {"number": nxt.case.number},
        body=lambda: (
            _("%(asset)s: %(kind)s in effect from %(date)s.")
            % {"asset": nxt.asset, "kind": nxt.get_kind_display(), "date": date_format(on)}
        ),
    )
    return nxt


@in_record_language()  # run after a commit, by no one: its records in the record language
def promote_queued_on(identity: str, *, on: dt.date) -> ControlMeasure | None:
    """In a transaction of its own: the earliest measure queued on the property takes effect if
    nothing else is in effect on it, every case queued on it locked first, by ascending id."""
    with transaction.atomic():
        queued = ControlMeasure.objects.filter(asset__identity=identity, status=MeasureStatus.QUEUED)
        locked = lock_cases(queued.values_list("case_id", flat=True))
        return _promote_queued(identity, on=on, cases_locked=locked)


# --- the daily sweep (Celery beat) -------------------------------------------------------------
SWEEP_CHUNK = 1000  # measures marked per transaction by the expiry sweep


def _expiring_notification(measure: ControlMeasure, key: str, today: dt.date) -> dict:
    """notification_queue's arguments for the judge of a measure entering an expiry warning."""
    left = (measure.expires_on - today).days
    return {
        "recipient": measure.case.judge,
        "kind": "measure.expiring",
        "dedupe_key": f"measure:{measure.pk}:{key}",
        "title": _("%(number)s: %(kind)s expires in %(days)s days")
        % {"number": measure.case.number, "kind": measure.get_kind_display(), "days": left},
        "body": _("%(asset)s, expires on %(date)s. A draft renewal notice is ready.")
        % {"asset": measure.asset, "date": date_format(measure.expires_on)},
        "link": reverse("assistance:case", args=[measure.case_id]),
    }


@in_record_language()  # a sweep writes records only: its labels in the record language
def measures_expiry_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: warn the judge 30 and 7 days before a measure expires (once each), have the renewal
    notice drafted at the first warning (registry.renewal_drafters), and mark lapsed measures
    expired (promoting what was queued behind them)."""
    today = today or timezone.localdate()
    now = timezone.now()
    first, second = rule(MEASURE_WARNING_DAYS, on=today).value
    counts = {"warned_30": 0, "warned_7": 0, "expired": 0, "renewals_drafted": 0}
    for days, field, key in ((first, "warned_30_at", "warned_30"), (second, "warned_7_at", "warned_7")):
        due = ControlMeasure.objects.filter(
            status=MeasureStatus.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=days),
            **{f"{field}__isnull": True},
        )
        # Set-based, a chunk per transaction: the due measures locked (ascending id, SKIP LOCKED:
        # one another sweep holds is that sweep's, one a service holds is still due tomorrow) and
        # read again with the condition under the lock, marked in one UPDATE, the judges told in
        # one insert. A warning locks no case (it changes no state), so the lock order holds.
        ids = sorted(due.values_list("pk", flat=True))
        for start in range(0, len(ids), SWEEP_CHUNK):
            with transaction.atomic():
                measures = list(
                    due.filter(pk__in=ids[start : start + SWEEP_CHUNK])
                    .select_related("case", "case__court", "case__judge", "asset", "asset__holder_agency")
                    .select_for_update(of=("self",), skip_locked=True)
                    .order_by("pk")
                )
                ControlMeasure.objects.filter(pk__in=[m.pk for m in measures]).update(**{field: now})
                notification_queue_many([_expiring_notification(m, key, today) for m in measures])
                counts[key] += len(measures)
                if key == "warned_30" and measures:
                    drafted = set()
                    for draft in registry.renewal_drafters:  # every drafter runs, on the whole chunk
                        drafted |= draft(measures)
                    counts["renewals_drafted"] += len(drafted)
    lapsed = ControlMeasure.objects.filter(status=MeasureStatus.ACTIVE, expires_on__lt=today)
    for measure_id in lapsed.values_list("pk", flat=True):
        touched = lift_touches_cases(measure_id)
        with transaction.atomic():
            # Its case and those of the measures queued behind it, by ascending id, then the
            # measure (cases.locking), as every service on those cases does.
            locked = lock_cases(touched)
            measure = ControlMeasure.objects.select_for_update(of=("self",)).filter(pk=measure_id).first()
            if measure is None or measure.case_id not in locked:
                continue  # gone meanwhile (it never moves to another case)
            measure = ControlMeasure.objects.select_related("case", "asset").get(pk=measure_id)
            if not can_proceed(measure.expire):
                continue
            measure.expire()
            _save(measure, update_fields=["status"])
            _record_and_tell_judge(
                measure,
                event=events.MEASURE_EXPIRED,
                summary=f"{measure.get_kind_display()}已于{measure.expires_on:%Y年%m月%d日}期满未续行：{measure.asset}",
                title=_("%(number)s: %(kind)s expired")
                % {"number": measure.case.number, "kind": measure.get_kind_display()},
                dedupe_key=f"measure:{measure.pk}:expired",
            )
            _promote_queued(measure.asset.identity, on=today, cases_locked=locked)
            counts["expired"] += 1
    return counts


# --- assets found otherwise than by a notice ------------------------------------------------------
def asset_record(
    *,
    actor,
    case_id,
    kind: str,
    description: str,
    identifier: str = "",
    holder_agency_id=None,
    estimated_value=None,
    source: str,
    owner_id=None,
) -> Asset:
    """Record an asset found otherwise than by a notice: the respondent's own report, the court's
    investigation or the applicant's lead."""
    errors: dict[str, list[str]] = {}
    if kind not in AssetKind.values:
        errors["kind"] = [_("Invalid asset kind.")]
    if source not in AssetSource.values or source == AssetSource.NETWORK_QUERY:
        errors["source"] = [
            _(
                "Choose the source of the asset (reported by the respondent, found by the court, or a lead from the applicant)."
            )
        ]
    if not (description or "").strip():
        errors["description"] = [_("Please describe the asset.")]
    try:
        refuse_foreign_identifier(
            (identifier or "").strip(), "identifier", _("Account, title or plate number")
        )
    except InvalidInput as exc:
        errors.update(exc.fields)
    value = None
    if estimated_value not in (None, ""):
        try:
            value = parse_money(estimated_value, "estimated_value")
        except InvalidInput as exc:
            errors.update(exc.fields)
    if errors:
        raise InvalidInput(
            _("The asset details have errors; please correct them as indicated."), fields=errors
        )
    with transaction.atomic():
        case = _lock_case(actor, case_id)
        membership = membership_of(actor)
        if membership is None or membership.role not in RECORDING_ROLES or not works_on_case(actor, case):
            raise NotAllowed(_("Only the staff handling this case can draw up assistance notices."))
        owner = None
        if owner_id not in (None, ""):
            owner = Party.objects.filter(pk=owner_id, case=case, role=PartyRole.RESPONDENT).first()
            if owner is None:
                raise InvalidInput(
                    _("The owner must be a respondent of this case."),
                    fields={"owner": [_("The owner must be a respondent of this case.")]},
                )
        agency = None
        if holder_agency_id not in (None, ""):
            agency = Agency.objects.filter(pk=holder_agency_id, is_active=True).first()
            if agency is None:
                raise InvalidInput(
                    _("The assisting agency does not exist."),
                    fields={"holder_agency": [_("The assisting agency does not exist.")]},
                )
        asset = Asset.objects.create(
            case=case,
            owner=owner,
            kind=kind,
            description=description.strip()[:200],
            identifier=(identifier or "").strip()[:100],
            holder_agency=agency,
            estimated_value=value,
            source=source,
        )
        audit_record(
            actor=actor,
            action=events.ASSET_RECORDED,
            obj=case,
            subject=asset,
            court=case.court,
            summary=lambda: (
                f"登记财产：{asset}（{AssetSource(source).label}）"
                + (f"，估值¥{value:,.2f}" if value is not None else "")
            ),
            data={"asset_id": asset.pk},
        )
    return asset
