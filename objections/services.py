"""The objection services: receive an objection (执异 number), accept it (立案) or refuse it (不予受
理), decide it (异议成立 / 驳回), record the ruling's service, and at the higher court the
reconsideration (执复 number): receive it within 10 days of service, extend its time limit once with
the approval recorded, decide it.

Transaction contract: every service checks who acts, then locks the enforcement case first
(cases.locking.lock_for_case), then the objection, then its reconsideration, changes them, writes the
audit event on the case (the objection or reconsideration as subject) and queues the notifications
in one transaction.

Who acts: the staff of the enforcement court for the objection; the staff of that court's parent
court (the 上一级人民法院) for the reconsideration. Periods: objections.rules (calendar days; a
period ending on a rest day ends on the next working day)."""

import datetime as dt

from django.db import transaction
from django.db.models import Q as models_Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import MeasureStatus
from assets.models import Asset, ControlMeasure
from cases.choices import CaseState, CaseType
from cases.locking import lock_for_case
from cases.models import Case, Party
from cases.numbering import allocate_number, case_number
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.dates import format_date_cn
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import Membership
from enforcement.notifications import notification_queue
from enforcement.rules import RuleNotFound
from objections import events, rules
from objections.choices import (
    ObjectionKind,
    ObjectionOutcome,
    ObjectionState,
    ReconsiderationOutcome,
    ReconsiderationState,
)
from objections.models import Objection, Reconsideration

STAFF = (Role.CLERK, Role.JUDGE, Role.HEAD)
DECIDERS = (Role.JUDGE, Role.HEAD)
HOLDING = (MeasureStatus.REQUESTED, MeasureStatus.ACTIVE, MeasureStatus.QUEUED)
# the enforcement has ended (异议复议规定 art. 6): 执行完毕, 终结执行, 撤回
ENDED = (CaseState.CONCLUDED, CaseState.TERMINATED, CaseState.WITHDRAWN)


# --- helpers ---------------------------------------------------------------------------------------
def _invalid(field: str, message: str):
    return InvalidInput(message, fields={field: [message]})


def _text(value, field: str, message: str, *, required: bool = True, limit: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _invalid(field, message)
    return value[:limit] if limit else value


def _date(value, field: str, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    if not isinstance(value, dt.date):
        raise _invalid(field, _("Enter a valid date."))
    if value > timezone.localdate():
        raise _invalid(field, _("The date may not be in the future."))
    if not_before is not None and value < not_before:
        raise _invalid(field, _("The date may not be before %(what)s.") % {"what": before_label})
    return value


def _staff_of(actor, court_id, roles, message) -> Membership:
    membership = membership_of(actor)
    if membership is None or membership.court_id != court_id or membership.role not in roles:
        raise NotAllowed(message)
    return membership


def _link(objection: Objection) -> str:
    return reverse("objections:detail", args=[objection.pk])


def _tell(users, *, kind: str, title, link: str) -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notification_queue(recipient=user, kind=kind, title=title, link=link)


def _members(court_id, roles):
    return [
        m.user
        for m in Membership.objects.filter(court_id=court_id, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _record(actor, event, case: Case, subject, summary, **data):
    audit_record(
        actor=actor, action=event, obj=case, subject=subject, court=case.court, summary=summary, data=data
    )


def decision_key(kind: str) -> str:
    return rules.ACT_DECISION_DAYS if kind == ObjectionKind.ACT else rules.OUTSIDER_DECISION_DAYS


def _locked(actor, objection_id) -> tuple[Case, Objection]:
    """The enforcement case, then the objection (NotFound unless the actor may see the case)."""
    try:
        case_id = Objection.objects.values_list("case_id", flat=True).get(pk=objection_id)
    except (Objection.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The objection does not exist or you may not view it.")) from None
    try:
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
    except NotFound:
        raise NotFound(_("The objection does not exist or you may not view it.")) from None
    objection = Objection.objects.select_for_update(of=("self",)).get(pk=objection_id)
    return case, objection


def _state_conflict(objection: Objection, doing: str) -> Conflict:
    return Conflict(
        _("The objection is “%(state)s”: it cannot be %(doing)s.")
        % {"state": objection.get_state_display(), "doing": doing},
        code="objection_state",
    )


# --- receiving the objection ------------------------------------------------------------------------
def objection_file(
    *,
    actor,
    case_id,
    kind: str,
    objector_name: str = "",
    objector_party_id=None,
    asset_id=None,
    subject: str,
    request: str = "",
    received_on: dt.date,
    against_termination: bool = False,
) -> Objection:
    """Record a written objection received by the enforcement court: it becomes an 执异 case of that
    court, linked to the enforcement case, with its 立案 day (异议复议规定 art. 2) and decision day
    (民诉法 2023 art. 236 / 238) counted from `received_on`. An outsider's objection names the
    contested asset of the case; while it is pending the asset's disposal is held."""
    if kind not in ObjectionKind.values:
        raise _invalid("kind", _("Choose the kind of objection."))
    subject = _text(subject, "subject", _("Say what is objected to."))
    request = _text(request, "request", "", required=False)
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
        _staff_of(
            actor, case.court_id, STAFF, _("Only staff of the enforcement court may record an objection.")
        )
        received_on = _date(
            received_on, "received_on", not_before=case.filed_on, before_label=_("the case was filed")
        )
        try:
            accept_due = rules.period_end(received_on, rules.ACCEPT_DAYS)
            decision_due = rules.period_end(received_on, decision_key(kind))
        except RuleNotFound:
            raise _invalid(
                "received_on",
                _("The system holds the periods of the 2023 Civil Procedure Law only (from 2024-01-01)."),
            ) from None
        party = None
        if objector_party_id not in (None, ""):
            party = (
                Party.objects.filter(pk=objector_party_id, case=case).first()
                if str(objector_party_id).isdigit()
                else None
            )
            if party is None:
                raise _invalid("objector_party", _("Choose a party of this case."))
        if kind == ObjectionKind.OUTSIDER and party is not None:
            raise _invalid("objector_party", _("An outsider is not a party of the case."))
        name = _text(
            objector_name or (party.name if party else ""), "objector_name", _("Name who objects."), limit=200
        )
        asset = None
        if asset_id not in (None, ""):
            asset = Asset.objects.filter(pk=asset_id, case=case).first() if str(asset_id).isdigit() else None
            if asset is None:
                raise _invalid("asset", _("Choose an asset of this case."))
        if kind == ObjectionKind.OUTSIDER and asset is None:
            raise _invalid("asset", _("An outsider's objection names the asset it is about."))
        year = received_on.year
        seq = allocate_number(case.court, year, CaseType.OBJECTION)
        objection = Objection.objects.create(
            case=case,
            court=case.court,
            kind=kind,
            year=year,
            seq=seq,
            number=case_number(year=year, court_code=case.court.code, type_code=CaseType.OBJECTION, seq=seq),
            objector_name=name,
            objector_party=party,
            asset=asset,
            subject=subject,
            request=request,
            against_termination=bool(against_termination) and kind == ObjectionKind.ACT,
            received_on=received_on,
            accept_due=accept_due,
            decision_due=decision_due,
            filed_by=actor,
        )
        _record(
            actor,
            events.OBJECTION_FILED,
            case,
            objection,
            lambda: (
                f"收到{ObjectionKind(kind).label}，立{objection.number}（异议人{name}）"
                + (f"，异议标的：{asset}" if asset else "")
            ),
            objection_id=objection.pk,
            number=objection.number,
            kind=kind,
            received_on=received_on.isoformat(),
            accept_due=accept_due.isoformat(),
            decision_due=decision_due.isoformat(),
            asset_id=asset.pk if asset else None,
        )
        _tell(
            [case.judge, *_members(case.court_id, [Role.HEAD])],
            kind=events.OBJECTION_FILED.action,
            title=lambda: (
                _("Objection %(number)s received on case %(case)s")
                % {"number": objection.number, "case": case.number}
            ),
            link=_link(objection),
        )
    return objection


def objection_accept(*, actor, objection_id) -> Objection:
    """立案: today, on time when not after `accept_due` (异议复议规定 art. 2); a late filing is still
    recorded, with its lateness in the event."""
    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _staff_of(
            actor, case.court_id, STAFF, _("Only staff of the enforcement court may accept an objection.")
        )
        if objection.state != ObjectionState.FILED:
            raise _state_conflict(objection, _("accepted"))
        if case.state in ENDED and not objection.against_termination:
            found = rules.rule(rules.RAISED_BEFORE_END, on=objection.received_on)
            raise Conflict(
                _(
                    "The enforcement has ended: %(source)s %(article)s allows an objection only before it ends; refuse it (不予受理)."
                )
                % {"source": found.source, "article": found.article},
                code="enforcement_ended",
            )
        today = timezone.localdate()
        objection.accept(on=today)
        objection.save()
        late = today > objection.accept_due
        _record(
            actor,
            events.OBJECTION_ACCEPTED,
            case,
            objection,
            f"{objection.number}立案审查"
            + (f"（逾期：应于{format_date_cn(objection.accept_due)}前立案）" if late else ""),
            objection_id=objection.pk,
            accepted_on=today.isoformat(),
            on_time=not late,
        )
    return objection


def objection_refuse(*, actor, objection_id, reason: str) -> Objection:
    """不予受理: a ruling by a judge or the head of the enforcement court, with its reason. An
    outsider's objection refused no longer holds the asset."""
    reason = _text(reason, "reason", _("Give the reason for not accepting."))
    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _staff_of(
            actor,
            case.court_id,
            DECIDERS,
            _("Only a judge or the head of the enforcement court may refuse an objection."),
        )
        if objection.state != ObjectionState.FILED:
            raise _state_conflict(objection, _("refused"))
        today = timezone.localdate()
        objection.refuse(on=today, reason=reason)
        objection.save()
        _record(
            actor,
            events.OBJECTION_REFUSED,
            case,
            objection,
            f"{objection.number}裁定不予受理：{reason[:100]}",
            objection_id=objection.pk,
            refused_on=today.isoformat(),
        )
    return objection


def _lift_contested(actor, case: Case, objection: Objection) -> list[int]:
    """An outsider's objection upheld (民诉法 2023 art. 238: 裁定中止对该标的的执行): every measure
    holding the asset on this case is lifted through assistance's lifting service (a lifting notice
    to the holder agency, or the unsent notice withdrawn)."""
    from assistance.services import measure_lift

    lifted = []
    reason = f"{objection.number}案外人异议成立，中止对该标的的执行"
    ids = ControlMeasure.objects.filter(case=case, asset=objection.asset, status__in=HOLDING).values_list(
        "pk", flat=True
    )
    for measure_id in list(ids.order_by("pk")):
        measure_lift(actor=actor, measure_id=measure_id, reason=reason)
        lifted.append(measure_id)
    return lifted


def objection_decide(*, actor, objection_id, outcome: str, reason: str) -> Objection:
    """The ruling on an accepted objection: upheld (撤销或者改正 / 中止对该标的的执行) or dismissed
    (驳回), by a judge or the head of the enforcement court, today; on time when not after
    `decision_due`. An outsider's objection upheld lifts the measures on the contested asset."""
    if outcome not in ObjectionOutcome.values:
        raise _invalid("outcome", _("Choose the outcome."))
    reason = _text(reason, "reason", _("Give the reasons of the ruling."))
    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _staff_of(
            actor,
            case.court_id,
            DECIDERS,
            _("Only a judge or the head of the enforcement court may decide an objection."),
        )
        if objection.state != ObjectionState.ACCEPTED:
            raise _state_conflict(objection, _("decided"))
        today = timezone.localdate()
        objection.decide(on=today, outcome=outcome, reason=reason, by=actor)
        objection.save()
        lifted = []
        if (
            objection.kind == ObjectionKind.OUTSIDER
            and outcome == ObjectionOutcome.UPHELD
            and objection.asset_id
        ):
            lifted = _lift_contested(actor, case, objection)
        late = today > objection.decision_due
        _record(
            actor,
            events.OBJECTION_DECIDED,
            case,
            objection,
            lambda: (
                f"{objection.number}裁定：{ObjectionOutcome(outcome).label}"
                + (f"（逾期：应于{format_date_cn(objection.decision_due)}前审查完毕）" if late else "")
            ),
            objection_id=objection.pk,
            outcome=outcome,
            decided_on=today.isoformat(),
            on_time=not late,
            measures_lifted=lifted,
        )
    return objection


def objection_serve(*, actor, objection_id, served_on: dt.date) -> Objection:
    """The day the ruling was served: the reconsideration period (act objection, 10 days) or the
    suit period (outsider, 15 days) runs from it."""
    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _staff_of(actor, case.court_id, STAFF, _("Only staff of the enforcement court may record service."))
        if objection.state != ObjectionState.DECIDED:
            raise _state_conflict(objection, _("served"))
        if objection.served_on is not None:
            raise Conflict(_("The ruling's service is already recorded."), code="objection_served")
        served_on = _date(
            served_on, "served_on", not_before=objection.decided_on, before_label=_("the ruling")
        )
        objection.served_on = served_on
        objection.save(update_fields=["served_on"])
        _record(
            actor,
            events.OBJECTION_SERVED,
            case,
            objection,
            f"{objection.number}异议裁定于{format_date_cn(served_on)}送达",
            objection_id=objection.pk,
            served_on=served_on.isoformat(),
        )
    return objection


def objection_issue_ruling(*, actor, objection_id) -> Objection:
    """执行异议裁定书 from the document service (numbered, stored, verifiable), once."""
    from documents.services import document_issue

    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _staff_of(
            actor,
            case.court_id,
            DECIDERS,
            _("Only a judge or the head of the enforcement court may issue the ruling."),
        )
        if objection.state not in (ObjectionState.DECIDED, ObjectionState.REFUSED):
            raise _state_conflict(objection, _("given a ruling"))
        if objection.ruling_id:
            raise Conflict(_("The ruling has already been issued."), code="ruling_issued")
        document = document_issue(
            actor=actor, kind="objection_ruling", case_id=case.pk, subject=objection, notify=False
        )
        objection.ruling = document
        objection.save(update_fields=["ruling"])
        _record(
            actor,
            events.OBJECTION_RULING_ISSUED,
            case,
            objection,
            f"{objection.number}制作执行异议裁定书 {document.number}",
            objection_id=objection.pk,
            document_id=document.pk,
        )
    return objection


# --- the reconsideration at the higher court ----------------------------------------------------------
def reconsideration_request_due(objection: Objection) -> dt.date | None:
    """The last day to ask the higher court (民诉法 2023 art. 236: 10 days from service), or None."""
    if objection.kind != ObjectionKind.ACT or objection.served_on is None:
        return None
    return rules.period_end(objection.served_on, rules.RECONSIDERATION_REQUEST_DAYS)


def suit_due(objection: Objection) -> dt.date | None:
    """An outsider's objection decided: the last day for 案外人 / 当事人异议之诉 (民诉法 2023 art. 238)."""
    if objection.kind != ObjectionKind.OUTSIDER or objection.served_on is None:
        return None
    return rules.period_end(objection.served_on, rules.SUIT_DAYS)


def _locked_reconsideration(actor, reconsideration_id) -> tuple[Case, Objection, Reconsideration]:
    try:
        objection_id = Reconsideration.objects.values_list("objection_id", flat=True).get(
            pk=reconsideration_id
        )
    except (Reconsideration.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The reconsideration does not exist or you may not view it.")) from None
    case, objection = _locked(actor, objection_id)
    reconsideration = Reconsideration.objects.select_for_update(of=("self",)).get(pk=reconsideration_id)
    return case, objection, reconsideration


def _higher_staff(actor, case: Case, roles, message) -> Membership:
    if case.court.parent_id is None:
        raise Conflict(_("The enforcement court has no higher court on record."), code="no_higher_court")
    return _staff_of(actor, case.court.parent_id, roles, message)


def reconsideration_file(
    *, actor, objection_id, applicant_name: str, received_on: dt.date, request: str = ""
) -> Reconsideration:
    """复议: a party of an act objection not satisfied with the ruling asks the higher court within
    10 days of its service (民诉法 2023 art. 236); received by that court's staff, it becomes an 执复
    case of the higher court. A request after the last day is refused, naming the article."""
    applicant_name = _text(
        applicant_name, "applicant_name", _("Name who asks for reconsideration."), limit=200
    )
    request = _text(request, "request", "", required=False)
    with transaction.atomic():
        case, objection = _locked(actor, objection_id)
        _higher_staff(
            actor, case, STAFF, _("Only staff of the higher court may receive a reconsideration request.")
        )
        if objection.kind != ObjectionKind.ACT:
            raise Conflict(
                _(
                    "An outsider's objection is not reconsidered: the route is a suit or a retrial (Article 238 of the Civil Procedure Law)."
                ),
                code="no_reconsideration",
            )
        if objection.state != ObjectionState.DECIDED or objection.served_on is None:
            raise Conflict(_("The objection ruling has not been served yet."), code="objection_not_served")
        if Reconsideration.objects.filter(objection=objection).exists():
            raise Conflict(
                _("A reconsideration of this objection is already on record."), code="reconsideration_exists"
            )
        received_on = _date(
            received_on,
            "received_on",
            not_before=objection.served_on,
            before_label=_("the ruling was served"),
        )
        last = reconsideration_request_due(objection)
        if received_on > last:
            found = rules.rule(rules.RECONSIDERATION_REQUEST_DAYS, on=objection.served_on)
            raise _invalid(
                "received_on",
                _(
                    "Too late: %(source)s %(article)s allows %(days)s days from service (served %(served)s, last day %(last)s)."
                )
                % {
                    "source": found.source,
                    "article": found.article,
                    "days": found.value,
                    "served": objection.served_on.isoformat(),
                    "last": last.isoformat(),
                },
            )
        higher = case.court.parent
        year = received_on.year
        seq = allocate_number(higher, year, CaseType.RECONSIDERATION)
        reconsideration = Reconsideration.objects.create(
            objection=objection,
            court=higher,
            year=year,
            seq=seq,
            number=case_number(
                year=year, court_code=higher.code, type_code=CaseType.RECONSIDERATION, seq=seq
            ),
            applicant_name=applicant_name,
            request=request,
            received_on=received_on,
            decision_due=rules.period_end(received_on, rules.RECONSIDERATION_DECISION_DAYS),
            filed_by=actor,
        )
        _record(
            actor,
            events.RECONSIDERATION_FILED,
            case,
            reconsideration,
            f"{higher.name}收到对{objection.number}的复议申请，立{reconsideration.number}（申请人{applicant_name}）",
            objection_id=objection.pk,
            reconsideration_id=reconsideration.pk,
            number=reconsideration.number,
            received_on=received_on.isoformat(),
            decision_due=reconsideration.decision_due.isoformat(),
        )
        _tell(
            _members(higher.pk, [Role.HEAD, Role.JUDGE]),
            kind=events.RECONSIDERATION_FILED.action,
            title=lambda: _("Reconsideration %(number)s to decide") % {"number": reconsideration.number},
            link=_link(objection),
        )
    return reconsideration


def reconsideration_extend(*, actor, reconsideration_id, reason: str) -> Reconsideration:
    """The time limit extended once by up to 30 days (the extension rule), approved by the higher
    court's head (recorded as the president's approval), before the limit has passed."""
    reason = _text(reason, "reason", _("Give the reason for the extension."))
    with transaction.atomic():
        case, objection, reconsideration = _locked_reconsideration(actor, reconsideration_id)
        _higher_staff(
            actor, case, (Role.HEAD,), _("Only the head of the higher court may approve an extension.")
        )
        if reconsideration.state != ReconsiderationState.FILED:
            raise Conflict(_("The reconsideration is already decided."), code="reconsideration_decided")
        if reconsideration.extended_days:
            raise Conflict(_("The time limit has already been extended once."), code="already_extended")
        today = timezone.localdate()
        if today > reconsideration.decision_due:
            raise Conflict(
                _("The time limit has already passed: it can no longer be extended."), code="limit_passed"
            )
        total = rules.days(rules.RECONSIDERATION_DECISION_DAYS, on=reconsideration.received_on)
        extra = rules.days(rules.RECONSIDERATION_EXTENSION_DAYS, on=reconsideration.received_on)
        end = reconsideration.received_on + dt.timedelta(days=total + extra)
        while not rules.is_working_day(end):
            end += dt.timedelta(days=1)
        reconsideration.extended_days = extra
        reconsideration.extension_reason = reason
        reconsideration.extension_approved_by = actor
        reconsideration.decision_due = end
        reconsideration.save(
            update_fields=["extended_days", "extension_reason", "extension_approved_by", "decision_due"]
        )
        _record(
            actor,
            events.RECONSIDERATION_EXTENDED,
            case,
            reconsideration,
            f"{reconsideration.number}经批准延长审查期限{extra}日，至{format_date_cn(end)}：{reason[:100]}",
            reconsideration_id=reconsideration.pk,
            decision_due=end.isoformat(),
        )
    return reconsideration


def reconsideration_decide(*, actor, reconsideration_id, outcome: str, reason: str) -> Reconsideration:
    """The higher court's ruling on the reconsideration, by its judge or head; on time when not after
    `decision_due`."""
    if outcome not in ReconsiderationOutcome.values:
        raise _invalid("outcome", _("Choose the outcome."))
    reason = _text(reason, "reason", _("Give the reasons of the ruling."))
    with transaction.atomic():
        case, objection, reconsideration = _locked_reconsideration(actor, reconsideration_id)
        _higher_staff(
            actor,
            case,
            DECIDERS,
            _("Only a judge or the head of the higher court may decide a reconsideration."),
        )
        if reconsideration.state != ReconsiderationState.FILED:
            raise Conflict(_("The reconsideration is already decided."), code="reconsideration_decided")
        today = timezone.localdate()
        reconsideration.decide(on=today, outcome=outcome, reason=reason, by=actor)
        reconsideration.save()
        late = today > reconsideration.decision_due
        _record(
            actor,
            events.RECONSIDERATION_DECIDED,
            case,
            reconsideration,
            lambda: (
                f"{reconsideration.number}复议裁定：{ReconsiderationOutcome(outcome).label}"
                + (f"（逾期：应于{format_date_cn(reconsideration.decision_due)}前审查完毕）" if late else "")
            ),
            reconsideration_id=reconsideration.pk,
            outcome=outcome,
            decided_on=today.isoformat(),
            on_time=not late,
        )
        _tell(
            [case.judge, objection.decided_by],
            kind=events.RECONSIDERATION_DECIDED.action,
            title=lambda: _("Reconsideration %(number)s decided") % {"number": reconsideration.number},
            link=_link(objection),
        )
    return reconsideration


# --- the disposal hold (assets.registry.disposal_blockers) -------------------------------------------
def disposal_blocker(asset) -> str | None:
    """An outsider's objection to this asset pending (received or accepted), or upheld (its
    execution suspended, 民诉法 2023 art. 238), holds its disposal; refused or dismissed it does not."""
    found = (
        Objection.objects.filter(asset=asset, kind=ObjectionKind.OUTSIDER)
        .filter(
            models_Q(state__in=ObjectionState.pending())
            | models_Q(state=ObjectionState.DECIDED, outcome=ObjectionOutcome.UPHELD)
        )
        .order_by("pk")
        .values_list("number", "state")
        .first()
    )
    if found is None:
        return None
    number, state = found
    if state in ObjectionState.pending():
        return _("Outsider's objection under review (%(number)s)") % {"number": number}
    return _("Outsider's objection upheld, enforcement against this asset suspended (%(number)s)") % {
        "number": number
    }


# --- the daily deadline sweep ------------------------------------------------------------------------
def objection_deadlines_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: an objection not accepted by its 立案 day, not decided by its decision day, or a
    reconsideration not decided by its day tells the court that must act (the case's judge and the
    heads; the higher court's judges and heads), once per deadline and person however often the
    sweep runs (the notifications' dedupe keys). Reads only what is due (indexed due days)."""
    today = today or timezone.localdate()
    counts = {"accept": 0, "decide": 0, "reconsideration": 0}

    def tell(users, key, title, link):
        for user in users:
            if user is not None and notification_queue(
                recipient=user,
                kind="objection.overdue",
                title=title,
                link=link,
                dedupe_key=f"{key}:{user.pk}",
            ):
                counts[key.split(":")[0]] += 1

    late_accept = Objection.objects.filter(state=ObjectionState.FILED, accept_due__lt=today).select_related(
        "case"
    )
    for objection in late_accept:
        tell(
            [objection.case.judge, *_members(objection.court_id, [Role.HEAD])],
            f"accept:{objection.pk}",
            lambda o=objection: (
                _("Objection %(number)s was to be accepted by %(due)s")
                % {"number": o.number, "due": o.accept_due.isoformat()}
            ),
            _link(objection),
        )
    late_decision = Objection.objects.filter(
        state__in=ObjectionState.pending(), decision_due__lt=today
    ).select_related("case")
    for objection in late_decision:
        tell(
            [objection.case.judge, *_members(objection.court_id, [Role.HEAD])],
            f"decide:{objection.pk}",
            lambda o=objection: (
                _("Objection %(number)s was to be decided by %(due)s")
                % {"number": o.number, "due": o.decision_due.isoformat()}
            ),
            _link(objection),
        )
    late_recon = Reconsideration.objects.filter(
        state=ReconsiderationState.FILED, decision_due__lt=today
    ).select_related("objection")
    for recon in late_recon:
        tell(
            _members(recon.court_id, [Role.HEAD, Role.JUDGE]),
            f"reconsideration:{recon.pk}",
            lambda r=recon: (
                _("Reconsideration %(number)s was to be decided by %(due)s")
                % {"number": r.number, "due": r.decision_due.isoformat()}
            ),
            _link(recon.objection),
        )
    return counts
