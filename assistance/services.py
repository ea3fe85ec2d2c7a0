"""Services of the assistance app. Every write to a notice, an asset found by
one, or a control measure goes through here: permission, row locks, audit event on the case
timeline and notifications in one transaction.

Lifecycle: draft → approved → sent → received → answered → closed, or overdue while unanswered.
Agencies may not refuse (the 执行联动 rules art. 18): an answer is done, partly done, or a review
suggestion that goes to the judge while the measure stands."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assets.choices import AssetKind, AssetSource, MeasureKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from assets.rules import DIVISIBLE_ASSET_KINDS, statutory_expiry
from assets.selectors import active_ahead, amount_held, amount_owed, asset_held_value, measure_held_value
from assets.services import (
    lift_touches_cases,
    measure_can_be_lifted,
    measure_cancel,
    measure_carry_out,
    measure_lift_done,
    measure_lift_part_done,
    measure_queue,
    measure_renew,
    measure_take_effect,
    parse_money,
    refuse_foreign_identifier,
)
from assistance import events
from assistance import rules as arules
from assistance.choices import AnswerResult, BatchStatus, NoticeAction, NoticeStatus
from assistance.models import NetworkQuery, Notice
from assistance.registry import run_answer_hooks
from cases.choices import ApprovalStatus, CaseState, PartyRole
from cases.locking import lock_for_case
from cases.models import Approval, Case, Party
from cases.money import format_date_cn
from cases.selectors import cases_visible_to, works_on_case
from cases.services import approval_raise, case_act
from documents.services import document_issue
from enforcement.access import membership_of
from enforcement.audit import audit_record, audit_record_many
from enforcement.bulk import copy_insert_shared
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language, record_text
from enforcement.models import Agency, PendingTask, User
from enforcement.notifications import notification_queue
from enforcement.nul import NUL, NUL_MESSAGE
from enforcement.outbox import task_enqueue
from enforcement.workdays import PROVISIONAL_LABEL, WorkingDayResult, add_working_days

A = NoticeAction
SIGNING_ROLES = (Role.JUDGE, Role.HEAD)  # who signs (签发) a routine notice at once
DRAFTING_ROLES = (Role.CLERK, Role.JUDGE, Role.HEAD)
# Notices about the respondent themselves (not a particular asset): they must name one.
PERSON_ACTIONS = {
    A.QUERY,
    A.FIND_RESPONDENT,
    A.RESTRICT_EXIT,
    A.LIFT_EXIT,
    A.EXECUTE_DETENTION,
    A.REFUND_ACCOUNT,
    A.PROJECT_QUERY,
}

# The closings (执行完毕, 执行和解, 终结执行, 撤回; assistance.closing.CLOSING_ACTIONS lead there). Not 终本:
# its measures stand and the case may be resumed.
CLOSED_STATES = (CaseState.CONCLUDED, CaseState.SETTLED, CaseState.TERMINATED, CaseState.WITHDRAWN)


# --- helpers -----------------------------------------------------------------------------------
def _lock_case(actor, case_id) -> Case:
    """The case, locked first (cases.locking); NotFound for one the actor may not see."""
    return lock_for_case(case_id, actor=actor).case


def _visible_notice_case_id(actor, notice_id):
    """The case of a notice the actor may see, read unlocked: the case is locked before the notice
    (cases.locking), so the notice's case must be known first. None when missing or not visible."""
    try:
        return (
            Notice.objects.filter(pk=notice_id, case__in=cases_visible_to(actor))
            .values_list("case_id", flat=True)
            .first()
        )
    except (ValueError, TypeError, OverflowError):
        return None


def _check_drafter(actor, case: Case) -> str:
    membership = membership_of(actor)
    if membership is None or membership.role not in DRAFTING_ROLES or not works_on_case(actor, case):
        raise NotAllowed(_("Only the staff handling this case can draw up assistance notices."))
    return membership.role


def _answer_date(value, field: str, notice) -> dt.date:
    """A date an agency reports (took effect, lifted, deducted): not before the notice was sent,
    not in the future."""
    day = _date(value, field)
    today = timezone.localdate()
    earliest = timezone.localdate(notice.sent_at) if notice.sent_at else today
    if day < earliest:
        message = _("The date cannot be before the notice was served (%(date)s).") % {
            "date": date_format(earliest)
        }
        raise InvalidInput(message, fields={field: [message]})
    if day > today:
        raise InvalidInput(
            _("The date cannot be after today."), fields={field: [_("The date cannot be after today.")]}
        )
    return day


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise InvalidInput(
            _("Dates are written YYYY-MM-DD."), fields={field: [_("Dates are written YYYY-MM-DD.")]}
        ) from None


def _liaison_officers(agency) -> list[User]:
    return list(User.objects.filter(membership__agency=agency, membership__role=Role.LIAISON, is_active=True))


def _timeline(actor, case, event, summary, *, subject=None, **data):
    audit_record(
        actor=actor, action=event, obj=case, subject=subject, court=case.court, summary=summary, data=data
    )


# --- measures: terms and the over-seizure guard ------------------------------------------------


def _exceeds_debt(case: Case, extra: Decimal, *, exclude_id=None) -> bool:
    """Would the value held, with `extra` more, pass what is still owed? Exactly the debt is not
    past it."""
    return amount_held(case, exclude_id=exclude_id) + extra > amount_owed(case)


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def over_limit_facts(case: Case, *, asset: Asset, held: Decimal, extra: Decimal = Decimal("0")) -> str:
    """The facts the head decides on: the asset, what the measure holds, what all measures of the
    case hold (with `extra` not yet counted), and what is still owed. Stored (the request's reason,
    the judge's notification), so in the record language: the asset's kind is a label."""
    total = amount_held(case) + extra
    whole = asset.kind not in DIVISIBLE_ASSET_KINDS
    return record_text(
        lambda: (
            f"财产：{asset}；本措施控制{'财产价值' if whole else '金额'}{_yuan(held)}；"
            f"全案控制合计{_yuan(total)}；尚欠{_yuan(amount_owed(case))}"
        )
    )


# --- drafting and sending ----------------------------------------------------------------------
@dataclass
class DraftResult:
    notice: Notice
    sent: bool  # signed and sent at once (a judge's routine notice)
    approval: object | None  # the Approval it waits on otherwise


def notice_draft(
    *,
    actor,
    case_id,
    agency_id,
    action: str,
    respondent_id=None,
    asset_id=None,
    measure_id=None,
    payload: dict | None = None,
    over_limit_reason: str = "",
) -> DraftResult:
    """Draft a notice. A judge's (or head's) routine notice is signed and sent at once; a clerk's
    waits for a judge; a measure that would hold more than is owed needs a written reason and the
    head's approval (超标的查封)."""
    payload = dict(payload or {})
    with transaction.atomic():
        case = _lock_case(actor, case_id)
        role = _check_drafter(actor, case)
        if action in arules.MEASURE_OF_ACTION and case.state in CLOSED_STATES:
            # Closing lifted what the case held (assistance.closing): a new measure on a closed case
            # would hold property with no lifting notice, for a debt the case no longer enforces.
            raise Conflict(
                _("The case is closed (“%(state)s”): no new measure can be taken on it.")
                % {"state": case.get_state_display()},
                code="case_closed",
            )
        agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
        if agency is None:
            raise InvalidInput(
                _("The assisting agency does not exist."),
                fields={"agency": [_("The assisting agency does not exist.")]},
            )
        if action not in arules.ACTIONS_BY_AGENCY.get(agency.kind, ()):
            message = _("%(agency)s does not handle “%(action)s”.") % {
                "agency": agency.get_kind_display(),
                "action": NoticeAction(action).label if action in A.values else action,
            }
            raise InvalidInput(message, fields={"action": [message]})
        respondent = None
        if respondent_id is not None:
            respondent = Party.objects.filter(pk=respondent_id, case=case, role=PartyRole.RESPONDENT).first()
            if respondent is None:
                raise InvalidInput(
                    _("The respondent is not a party to this case."),
                    fields={"respondent": [_("The respondent is not a party to this case.")]},
                )
        if respondent is None and asset_id is None and action in PERSON_ACTIONS:
            message = _("Please choose a respondent.")
            raise InvalidInput(message, fields={"respondent": [message]})
        asset = Asset.objects.filter(pk=asset_id, case=case).first() if asset_id is not None else None
        if asset_id is not None and asset is None:
            raise InvalidInput(
                _("The asset does not belong to this case."),
                fields={"asset": [_("The asset does not belong to this case.")]},
            )
        target = None
        if action in (A.LIFT, A.RENEW):
            target = ControlMeasure.objects.select_for_update().filter(pk=measure_id, case=case).first()
            if target is None:
                raise InvalidInput(
                    _("Choose the measure to lift or renew."),
                    fields={"measure": [_("Choose the measure to lift or renew.")]},
                )
            asset = target.asset
        measure = None
        needs_head = False
        facts = ""
        if action in arules.MEASURE_OF_ACTION:
            if asset is None:
                raise InvalidInput(
                    _("Sealing, seizing, freezing and deducting need an asset."),
                    fields={"asset": [_("Sealing, seizing, freezing and deducting need an asset.")]},
                )
            amount = parse_money(payload.get("amount", asset.estimated_value or 0), "payload.amount")
            payload["amount"] = str(amount)
            kind = arules.MEASURE_OF_ACTION[action]
            # The guard counts what the measure really holds: a seal of a whole property holds its
            # value, however small the amount the notice names (assistance.rules.DIVISIBLE_ASSET_KINDS).
            held = amount if kind == MeasureKind.DEDUCT else asset_held_value(asset, amount)
            if kind != MeasureKind.DEDUCT and _exceeds_debt(case, held):
                facts = over_limit_facts(case, asset=asset, held=held, extra=held)
                if not over_limit_reason.strip():
                    message = _(
                        "After this measure the controlled value would exceed the amount owed (%(facts)s): give a reason; the head of enforcement approves."
                    ) % {"facts": facts}
                    raise InvalidInput(message, fields={"over_limit_reason": [message]})
                needs_head = True
            measure = ControlMeasure.objects.create(
                case=case,
                asset=asset,
                kind=kind,
                amount=held,
                over_limit_reason=over_limit_reason.strip(),
                created_by=actor,
            )
        notice = Notice.objects.create(
            court=case.court,
            case=case,
            agency=agency,
            action=action,
            respondent=respondent or (asset.owner if asset else None),
            asset=asset,
            measure=measure or target,
            payload=payload,
            created_by=actor,
        )
        _timeline(
            actor,
            case,
            events.NOTICE_DRAFTED,
            lambda: f"制作协助执行通知书：{agency.name}（{notice.get_action_display()}）",
            subject=notice,
            notice_id=notice.pk,
            action=action,
            agency=agency.name,
            payload=payload,
        )
        if needs_head or role not in SIGNING_ROLES:
            key = "send_notice_over_limit" if needs_head else "send_notice"
            reason = (
                f"{over_limit_reason.strip()}（{facts}）"
                if needs_head
                else record_text(lambda: f"{notice.get_action_display()}：{agency.name}")
            )
            result = case_act(
                actor=actor,
                case_id=case.pk,
                action_key=key,
                reason=reason,
                payload={"notice_id": notice.pk},
            )
            if needs_head and actor.pk != case.judge_id:
                _tell_judge_over_limit(
                    case,
                    title=lambda: (
                        _("%(number)s: a measure above the amount owed awaits the head of enforcement")
                        % {"number": case.number}
                    ),
                    body=facts,
                )
            return DraftResult(notice=notice, sent=False, approval=result.approval)
        notice = notice_approve_and_send(actor=actor, notice=notice)
    return DraftResult(notice=notice, sent=True, approval=None)


def _tell_judge_over_limit(case: Case, *, title, body, kind: str = "measure.over_limit") -> None:
    # title and body: text, or callables evaluated in the record language (notification_queue)
    notification_queue(
        recipient=case.judge,
        kind=kind,
        title=title,
        body=body,
        link=reverse("assistance:case", args=[case.pk]),
    )


def notice_approve_and_send(*, actor, notice: Notice, over_limit_approved: bool = False) -> Notice:
    """签发 and send: approve, issue its PDF through the document service, set the answer due date
    in working days, tell the agency's liaison officers. Runs inside the caller's transaction
    (directly for a judge, or when the approval is granted)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict(_("The notice has already been issued or withdrawn."), code="not_draft")
    measure = notice.measure if notice.action in arules.MEASURE_OF_ACTION else None
    if (
        not over_limit_approved
        and measure is not None
        and measure.kind != MeasureKind.DEDUCT
        and _exceeds_debt(notice.case, Decimal("0"))
    ):
        raise Conflict(
            _(
                "The controlled value already exceeds the amount owed (money may have come in): the notice needs a reason and the head of enforcement's approval."
            ),
            code="over_limit",
        )
    notice.approve()
    notice.approved_by = actor
    notice.save()
    _issue_pdf(actor, notice)
    _send(notice)
    _timeline(
        actor,
        notice.case,
        events.NOTICE_SENT,
        lambda: (
            f"签发并送达协助执行通知书：{notice.agency.name}（{notice.get_action_display()}），"
            f"应于{due_text(notice.due_on, notice.due_on_provisional)}前答复"
        ),
        subject=notice,
        notice_id=notice.pk,
    )
    return notice


def _answer_due(notice: Notice) -> WorkingDayResult:
    """The answer deadline: the kind's working days after the day the notice was sent."""
    return add_working_days(timezone.localdate(notice.sent_at), arules.answer_working_days(notice.action))


def due_text(day: dt.date, provisional: bool) -> str:
    """A deadline in a message: the Chinese date, marked when counted on the fallback calendar."""
    text = format_date_cn(day)
    return f"{text}（{_(PROVISIONAL_LABEL)}）" if provisional else text


def _send(notice: Notice) -> None:
    notice.send()
    due = _answer_due(notice)
    notice.due_on, notice.due_on_provisional = due.date, not due.exact
    notice.save()
    for officer in _liaison_officers(notice.agency):
        notification_queue(
            recipient=officer,
            kind="notice.received",
            title=lambda: _("New assistance notice: %(number)s") % {"number": notice.case.number},
            body=lambda: (
                _("%(action)s; please answer by %(due)s.")
                % {
                    "action": notice.get_action_display(),
                    "due": due_text(notice.due_on, notice.due_on_provisional),
                }
            ),
            link=reverse("assistance:liaison-notice", args=[notice.pk]),
        )


def _issue_pdf(actor, notice: Notice) -> None:
    document = document_issue(
        actor=actor,
        kind="assistance_notice",
        case_id=notice.case_id,
        party_id=notice.respondent_id,
        subject=notice,
        notify=False,
    )
    notice.document = document
    notice.save(update_fields=["document"])


# --- the agency's side -------------------------------------------------------------------------
def notice_sign_receipt(*, agency, notice_id, actor=None, actor_name: str = "") -> Notice:
    """签收: the agency signs for the notice by an explicit act (the portal's 签收 button or the
    agency API's sign call), once; opening the notice or downloading its PDF signs nothing. The
    answer period runs from the day the notice was sent (_answer_due), so signing moves no
    deadline: an overdue notice signed for late stays overdue (and escalation goes on) until
    answered. Signed already (or answered, which counts as received): Conflict already_signed."""
    with transaction.atomic():
        notice = Notice.objects.for_agency(agency).select_for_update().filter(pk=notice_id).first()
        if notice is None:
            raise NotFound(_("The assistance notice does not exist."))
        if notice.received_at is not None:
            raise Conflict(
                _("The notice has already been signed for; it cannot be signed for again."),
                code="already_signed",
            )
        if notice.status not in (NoticeStatus.SENT, NoticeStatus.OVERDUE):
            raise Conflict(
                _("The notice is no longer awaiting an answer; it cannot be signed for."),
                code="not_open",
            )
        if notice.status == NoticeStatus.SENT:
            notice.receive()
        else:
            notice.received_at = timezone.now()
        notice.save()
        audit_record(
            actor=actor,
            actor_name=actor_name,
            action=events.NOTICE_RECEIVED,
            obj=notice.case,
            subject=notice,
            court=notice.court,
            summary=lambda: f"{notice.agency.name}已签收协助执行通知书（{notice.get_action_display()}）",
            data={"notice_id": notice.pk},
        )
    return notice


def notice_answer(
    *,
    agency,
    notice_id,
    result: str,
    data: dict | None = None,
    note: str = "",
    actor=None,
    actor_name: str = "",
) -> Notice:
    """Record the agency's answer, once. Query answers create assets on the case; measure answers
    put the measure in effect (or in the queue) with its term; a review suggestion goes to the judge
    and the measure stands."""
    data = dict(data or {})
    if result not in AnswerResult.values:
        raise InvalidInput(_("Invalid result."), fields={"result": [_("Invalid result.")]})
    if result == AnswerResult.REVIEW_SUGGESTION and not note.strip():
        raise InvalidInput(
            _("A review suggestion needs a reason."),
            fields={"note": [_("A review suggestion needs a reason.")]},
        )
    with transaction.atomic():
        # The case, then the notice, then (in _apply_answer) its measure: cases.locking. A lift
        # may promote a measure queued on the property in another case: those cases are locked
        # with this one, all by ascending id, before the notice (assets.services.lift_touches_cases).
        found = (
            Notice.objects.for_agency(agency)
            .filter(pk=notice_id)
            .values("case_id", "action", "measure_id")
            .first()
        )
        notice = None
        if found is not None:
            touched = (
                lift_touches_cases(found["measure_id"])
                if found["action"] == A.LIFT and found["measure_id"] is not None
                else ()
            )
            locks = lock_for_case(
                found["case_id"],
                with_cases=touched,
                notices=Notice.objects.for_agency(agency)
                .select_related("case", "measure", "asset")
                .filter(pk=notice_id),
            )
            notice = locks.notice
        if notice is None:
            raise NotFound(_("The assistance notice does not exist."))
        if notice.status not in NoticeStatus.awaiting_answer():
            raise Conflict(
                _("The notice has already been answered; it cannot be answered again."),
                code="already_answered",
            )
        carried = notice.measure if notice.action in arules.MEASURE_OF_ACTION else None
        held_before = measure_held_value(carried) if carried is not None else None
        cleaned = _apply_answer(notice, result, data, cases_locked=locks.case_ids)
        notice.record_answer()
        notice.result = result
        notice.answer = cleaned
        notice.answer_note = note.strip()
        notice.answered_by = actor if getattr(actor, "is_authenticated", False) else None
        notice.save()
        verdict = record_text(AnswerResult(result).label)
        audit_record(
            actor=actor,
            actor_name=actor_name,
            action=events.NOTICE_ANSWERED,
            obj=notice.case,
            subject=notice,
            court=notice.court,
            summary=lambda: (
                f"{agency.name}答复协助执行通知书（{notice.get_action_display()}）：{verdict}"
                + (f"；{note.strip()}" if note.strip() else "")
            ),
            data={"notice_id": notice.pk, "result": result, "answer": cleaned},
        )
        run_answer_hooks(notice=notice, result=result, answer=cleaned, actor=actor)
        judge = notice.case.judge
        notification_queue(
            recipient=judge,
            kind=f"notice.{result}",
            title=lambda: (
                _("%(number)s: %(agency)s answered (%(verdict)s)")
                % {"number": notice.case.number, "agency": agency.name, "verdict": verdict}
            ),
            body=lambda: note.strip() or notice.get_action_display(),
            link=reverse("assistance:case", args=[notice.case_id]),
        )
        if carried is not None:
            _over_limit_recheck(
                notice, carried, held_before=held_before, actor_name=actor_name or agency.name
            )
    return notice


def _over_limit_recheck(notice: Notice, measure: ControlMeasure, *, held_before: Decimal, actor_name: str):
    """The agency's answer says the measure holds more than the notice declared (a bank froze the
    whole balance, a registry reports the property's full value): if the case now holds more than
    is owed, the head decides whether that may stand, with the facts, and the judge is told.

    Meanwhile the measure stands: an agency's measure is in force once carried out (查封扣押冻结
    规定 art. 1: in force when the ruling and the notice are served), and only the court's lifting
    notice ends it. The head's approval records why holding the excess is justified (an indivisible
    thing and nothing else to pay the debt: art. 19 of the 2020 text); a refusal drafts the lifting
    notice for the excess (measure_over_limit_refused). Runs inside notice_answer's transaction."""
    if measure.kind == MeasureKind.DEDUCT or measure.status not in MeasureStatus.holding():
        return None  # a deduction pays the debt; a queued measure holds nothing until it takes effect
    held_now = measure_held_value(measure)
    if held_now <= held_before or not _exceeds_debt(notice.case, Decimal("0")):
        return None
    case = notice.case
    total, owed = amount_held(case), amount_owed(case)
    facts = over_limit_facts(case, asset=measure.asset, held=held_now)
    reason = record_text(
        lambda: (
            f"{notice.agency.name}答复：{measure.get_kind_display()}实际控制{_yuan(held_now)}，"
            f"通知书所列{_yuan(held_before)}；全案控制已超过尚欠金额{_yuan(total - owed)}。{facts}"
        )
    )
    audit_record(
        actor=None,
        actor_name=actor_name,
        action=events.MEASURE_OVER_LIMIT,
        obj=case,
        subject=measure,
        court=case.court,
        summary=f"超标的复核：{reason}"[:255],
        data={
            "measure_id": measure.pk,
            "notice_id": notice.pk,
            "asset_id": measure.asset_id,
            "held_before": held_before,
            "held": held_now,
            "held_total": total,
            "owed": owed,
        },
    )
    approval = approval_raise(
        case=case,
        action_key="keep_over_limit",
        proposer=case.judge,
        reason=reason,
        payload={
            "measure_id": measure.pk,
            "notice_id": notice.pk,
            "asset": record_text(lambda: str(measure.asset)),  # in the 继续控制 summary when approved
            "held": str(held_now),
            "declared": str(held_before),
            "held_total": str(total),
            "owed": str(owed),
        },
    )
    _tell_judge_over_limit(
        case,
        title=lambda: (
            _("%(number)s: %(kind)s controls more than owed; the head of enforcement decides")
            % {"number": case.number, "kind": measure.get_kind_display()}
        ),
        body=reason,
    )
    return approval


def measure_over_limit_refused(*, case: Case, actor, measure_id) -> Notice | None:
    """The head refused to let a measure hold more than is owed: the court must lift the excess
    (查封扣押冻结规定 art. 19 of the 2020 text: 及时解除对超标的额部分财产的查封、扣押、冻结). The
    system drafts the lifting notice to the holder agency for the judge to sign (a court document is
    never sent in anyone's name by the system): a balance or securities account is lifted for the
    excess amount and stays frozen for the rest (部分解除); an indivisible thing (a house under one
    certificate, a vehicle, a stake) cannot be lifted in part, and the refusal means the head found
    the exception for indivisible things not met, so it is lifted whole. If, by the time the head
    decides, the case no longer holds more than is owed (money arrived, another measure lapsed) or
    the measure no longer holds anything, nothing is drafted. Runs inside approval_decide's
    transaction (the case row is locked)."""
    measure = (
        ControlMeasure.objects.select_for_update()
        .select_related("asset")
        .filter(pk=measure_id, case=case)
        .first()
    )
    if measure is None or measure.status not in MeasureStatus.holding():
        _timeline(
            actor,
            case,
            events.MEASURE_OVER_LIMIT_REFUSED,
            "超标的复核未获同意；该措施已不再生效，无需解除",
            subject=measure,
        )
        return None
    excess = amount_held(case) - amount_owed(case)
    if excess <= 0:
        _timeline(
            actor,
            case,
            events.MEASURE_OVER_LIMIT_REFUSED,
            lambda: f"超标的复核未获同意；全案控制已不超过尚欠金额，无需解除：{measure.asset}",
            subject=measure,
            measure_id=measure.pk,
        )
        return None
    existing = Notice.objects.filter(
        measure=measure, action=A.LIFT, status__in=[NoticeStatus.DRAFT, *NoticeStatus.awaiting_answer()]
    ).first()
    if existing is not None:
        return existing
    held = measure_held_value(measure)
    partial = measure.asset.kind in DIVISIBLE_ASSET_KINDS and excess < held
    agency = measure.asset.holder_agency or next(
        (n.agency for n in measure.notices.filter(action__in=list(arules.MEASURE_OF_ACTION)).order_by("id")),
        None,
    )
    what = f"解除超出尚欠金额的{_yuan(excess)}" if partial else "整体解除"
    if agency is None:
        _timeline(
            actor,
            case,
            events.MEASURE_OVER_LIMIT_REFUSED,
            lambda: (
                f"超标的复核未获同意，须{what}{measure.get_kind_display()}：{measure.asset}（无协助执行单位，请线下办理）"
            ),
            subject=measure,
            measure_id=measure.pk,
        )
        _tell_judge_over_limit(
            case,
            kind="measure.over_limit_refused",
            title=lambda: (
                _("%(number)s: the review was refused; to do: %(what)s")
                % {"number": case.number, "what": what}
            ),
            body=lambda: (
                _("%(asset)s has no assisting agency on record; lift it offline.") % {"asset": measure.asset}
            ),
        )
        return None
    payload = {"reason": "执行局长审批不同意继续控制超标的部分", "over_limit_refused": True}
    if partial:
        payload["amount"] = str(excess)
    notice = Notice.objects.create(
        court=case.court,
        case=case,
        agency=agency,
        action=A.LIFT,
        asset=measure.asset,
        measure=measure,
        respondent=measure.asset.owner,
        created_by=actor,
        payload=payload,
    )
    _timeline(
        actor,
        case,
        events.NOTICE_DRAFTED,
        lambda: (
            f"超标的复核未获同意，起草解除协助执行通知书（{what}）：{agency.name}，{measure.asset}，待承办法官签发"
        ),
        subject=notice,
        notice_id=notice.pk,
        measure_id=measure.pk,
        partial=partial,
        amount=str(excess) if partial else None,
    )
    _tell_judge_over_limit(
        case,
        kind="measure.over_limit_refused",
        title=lambda: (
            _("%(number)s: the review was refused; please issue the lifting notice") % {"number": case.number}
        ),
        body=lambda: (
            _("%(asset)s: %(what)s %(kind)s.")
            % {"asset": measure.asset, "what": what, "kind": measure.get_kind_display()}
        ),
    )
    return notice


def _apply_answer(notice: Notice, result: str, data: dict, *, cases_locked=frozenset()) -> dict:
    """Validate the structured answer for the notice's action and apply it. Returns what is kept.
    `cases_locked`: every case notice_answer locked (a lift may promote into another one)."""
    action = notice.action
    if result == AnswerResult.REVIEW_SUGGESTION:
        return {}  # the measure stands as requested; the judge reviews the suggestion
    if action == A.QUERY:
        return _answer_query(notice, data)
    if action in arules.MEASURE_OF_ACTION:
        return _answer_measure(notice, data)
    if action == A.LIFT:
        measure = notice.measure
        lifted_on = _answer_date(data.get("lifted_on") or timezone.localdate(), "data.lifted_on", notice)
        if not measure_can_be_lifted(measure):
            # The measure ended meanwhile (lapsed, renewed, lifted by another notice): the agency's
            # answer is recorded all the same (it may not be refused), and the measure stays as it is.
            return {"lifted_on": lifted_on.isoformat(), "measure_status": measure.status}
        part = notice.payload.get("amount") if isinstance(notice.payload, dict) else None
        if part not in (None, ""):  # 部分解除: the excess of a balance, the rest stays frozen
            measure_lift_part_done(
                measure=measure, amount=Decimal(str(part)), lifted_on=lifted_on, cases_locked=cases_locked
            )
            return {"lifted_on": lifted_on.isoformat(), "amount": str(part)}
        measure_lift_done(measure=measure, lifted_on=lifted_on, cases_locked=cases_locked)
        return {"lifted_on": lifted_on.isoformat()}
    if action == A.RENEW:
        return _answer_renewal(notice, data)
    return {"text": str(data.get("text", ""))[:4000]}


def _answer_query(notice: Notice, data: dict) -> dict:
    """Accounts (bank, fund, securities), certificates (registry), vehicles, equity …: each found
    item becomes an asset of the case, found by this notice."""
    items = data.get("items", [])
    if not isinstance(items, list):
        raise InvalidInput(
            _("The query result must be a list."),
            fields={"data.items": [_("The query result must be a list.")]},
        )
    kind_by_agency = {
        "bank": AssetKind.BANK_DEPOSIT,
        "natural_resources": AssetKind.REAL_ESTATE,
        "police": AssetKind.VEHICLE,
        "market_regulation": AssetKind.EQUITY,
        "housing_fund": AssetKind.HOUSING_FUND,
        "securities": AssetKind.SECURITIES,
        "insurance": AssetKind.INSURANCE,
    }
    default_kind = kind_by_agency.get(notice.agency.kind, AssetKind.OTHER)
    kept = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InvalidInput(
                _("The query result is malformed."), fields={f"data.items[{index}]": [_("Malformed.")]}
            )
        identifier = str(item.get("identifier", "")).strip()[:100]
        if not identifier:
            raise InvalidInput(
                _("Please enter the account, title or plate number."),
                fields={f"data.items[{index}].identifier": [_("Required.")]},
            )
        refuse_foreign_identifier(
            identifier, f"data.items[{index}].identifier", _("Account, title or plate number")
        )
        kind = item.get("kind") or default_kind
        if kind not in AssetKind.values:
            raise InvalidInput(
                _("Invalid asset kind."), fields={f"data.items[{index}].kind": [_("Invalid asset kind.")]}
            )
        value = item.get("value")
        value = parse_money(value, f"data.items[{index}].value") if value not in (None, "") else None
        description = (
            str(item.get("description", "")).strip()[:200]
            or f"{record_text(AssetKind(kind).label)} {identifier}"
        )
        asset = Asset.objects.create(
            case=notice.case,
            owner=notice.respondent,
            kind=kind,
            description=description,
            identifier=identifier,
            holder_agency=notice.agency,
            estimated_value=value,
            found_by_notice=notice,
            source=AssetSource.NETWORK_QUERY if notice.network_query_id else AssetSource.INVESTIGATION,
            details={
                k: v for k, v in item.items() if k not in {"identifier", "kind", "value", "description"}
            },
        )
        kept.append(
            {
                "asset_id": asset.pk,
                "kind": kind,
                "identifier": identifier,
                "value": str(value) if value is not None else None,
                "description": description,
            }
        )
    text = str(data.get("text", "")).strip()[:4000]
    return {"items": kept, **({"text": text} if text else {})}


def _answer_measure(notice: Notice, data: dict) -> dict:
    measure = notice.measure
    today = timezone.localdate()
    if measure.kind == MeasureKind.DEDUCT:
        amount = parse_money(data.get("amount", measure.amount), "data.amount")
        day = _answer_date(data.get("from") or today, "data.from", notice)
        measure_carry_out(measure=measure, amount=amount, on=day)
        return {"amount": str(amount), "from": day.isoformat()}
    start = _answer_date(data.get("from") or today, "data.from", notice)
    latest, citation = statutory_expiry(measure.asset.kind, start)
    until = _date(data["to"], "data.to") if data.get("to") else latest
    if until < start:
        raise InvalidInput(
            _("The end date cannot be before the start date."),
            fields={"data.to": [_("The end date cannot be before the start date.")]},
        )
    if until > latest:
        message = _("The term exceeds the longest the law allows (until %(date)s, %(citation)s).") % {
            "date": date_format(latest),
            "citation": citation,
        }
        raise InvalidInput(message, fields={"data.to": [message]})
    if "amount" in data and data["amount"] not in (None, ""):
        # What the agency reports it holds: the amount frozen of a balance (which replaces the
        # amount asked for), or the value of a property held whole (which only ever raises it).
        answered = parse_money(data["amount"], "data.amount")
        whole = measure.asset.kind not in DIVISIBLE_ASSET_KINDS
        measure.amount = max(answered, measure.amount or Decimal("0")) if whole else answered
    queued = bool(data.get("queued")) or measure.kind in MeasureKind.queued()
    ahead = active_ahead(measure)
    if queued and ahead is not None:
        measure_queue(measure=measure, citation=citation)
        return {"queued": True, "ahead_measure_id": ahead.pk, "amount": str(measure.amount or "")}
    measure_take_effect(measure=measure, started_on=start, expires_on=until, citation=citation)
    return {"from": start.isoformat(), "to": until.isoformat(), "amount": str(measure.amount or "")}


def _answer_renewal(notice: Notice, data: dict) -> dict:
    old = ControlMeasure.objects.select_for_update().select_related("asset").get(pk=notice.measure_id)
    if old.status != MeasureStatus.ACTIVE or old.expires_on is None:
        raise Conflict(_("Only an active measure with a term can be renewed."), code="not_active")
    start = old.expires_on + dt.timedelta(days=1)
    latest, citation = statutory_expiry(old.asset.kind, start)
    until = _date(data["to"], "data.to") if data.get("to") else latest
    if until > latest or until < start:
        message = _("The renewal must end between %(start)s and %(latest)s (%(citation)s).") % {
            "start": date_format(start),
            "latest": date_format(latest),
            "citation": citation,
        }
        raise InvalidInput(message, fields={"data.to": [message]})
    renewed = measure_renew(measure=old, until=until, citation=citation, created_by=notice.created_by)
    return {"measure_id": renewed.pk, "from": start.isoformat(), "to": until.isoformat()}


def measure_lift(*, actor, measure_id, reason: str) -> DraftResult | ControlMeasure:
    """解除: a measure the agency has carried out or registered (in effect, queued, or requested
    with its notice already sent) is lifted through a lifting notice to its holder agency; one whose
    notice was never sent is simply withdrawn together with that notice."""
    measure = (
        ControlMeasure.objects.select_related("asset", "case")
        .filter(pk=measure_id, case__in=cases_visible_to(actor))
        .first()
    )
    if measure is None:
        raise NotFound(_("The measure does not exist or you may not view it."))
    if not reason.strip():
        raise InvalidInput(
            _("Please give the reason for lifting."),
            fields={"reason": [_("Please give the reason for lifting.")]},
        )
    carrying = (
        Notice.objects.filter(measure=measure, action__in=list(arules.MEASURE_OF_ACTION))
        .order_by("id")
        .first()
    )
    unsent = carrying is not None and carrying.status in (NoticeStatus.DRAFT, NoticeStatus.APPROVED)
    if measure.status in (MeasureStatus.ACTIVE, MeasureStatus.QUEUED) or (
        measure.status == MeasureStatus.REQUESTED and not unsent
    ):
        agency = measure.asset.holder_agency or (carrying.agency if carrying else None)
        if agency is None:
            raise InvalidInput(
                _("The asset has no assisting agency on record: no lifting notice can be sent."),
                fields={"measure": [_("No assisting agency.")]},
            )
        return notice_draft(
            actor=actor,
            case_id=measure.case_id,
            agency_id=agency.pk,
            action=A.LIFT,
            measure_id=measure.pk,
            payload={"reason": reason.strip()},
        )
    with transaction.atomic():
        # The case, then the notice carrying the measure, then the measure (cases.locking).
        locks = lock_for_case(
            measure.case_id,
            actor=actor,
            notices=Notice.objects.filter(pk=carrying.pk) if carrying is not None else None,
            measures=ControlMeasure.objects.filter(pk=measure.pk),
        )
        case = locks.case
        _check_drafter(actor, case)
        measure = locks.measure
        if measure.status != MeasureStatus.REQUESTED:
            raise Conflict(_("The measure is no longer active or queued."), code="not_holding")
        notice_cancel(notice_id=carrying.pk, case=case, actor=actor, why=f"措施撤回：{reason.strip()}")
        measure.refresh_from_db()
        _timeline(
            actor,
            case,
            events.MEASURE_WITHDRAWN,
            lambda: f"撤回{measure.get_kind_display()}：{measure.asset}（{reason.strip()}）",
            subject=measure,
            measure_id=measure.pk,
        )
    return measure


def _lock_notice_for_signer(actor, notice_id, doing: str) -> Notice:
    """The notice, locked after its case (cases.locking), for a judge or head who works on its case;
    NotFound for a notice the actor may not see, NotAllowed for one they see but may not act on.
    Runs inside the caller's transaction."""
    case_id = _visible_notice_case_id(actor, notice_id)
    notice = None
    if case_id is not None:
        notice = lock_for_case(case_id, actor=actor, notices=Notice.objects.filter(pk=notice_id)).notice
    if notice is None:
        raise NotFound(_("The assistance notice does not exist or you may not view it."))
    membership = membership_of(actor)
    if membership is None or membership.role not in SIGNING_ROLES or not works_on_case(actor, notice.case):
        raise NotAllowed(
            _("Only the judge in charge or the head of enforcement can %(doing)s.") % {"doing": doing}
        )
    return notice


# --- judicial suggestion (司法建议函) ---------------------------------------------------------------
def notice_judicial_suggestion(*, actor, notice_id) -> Notice:
    """One step for the judge when an agency does not answer: issue a 司法建议函 to it (the 执行联动 rules
    art. 22), recorded on the notice and the case timeline."""
    with transaction.atomic():
        notice = _lock_notice_for_signer(actor, notice_id, _("send a judicial suggestion"))
        if notice.status != NoticeStatus.OVERDUE:
            raise Conflict(
                _("A judicial suggestion can only follow a notice left unanswered past its date."),
                code="not_overdue",
            )
        if notice.suggestion_document_id:
            raise Conflict(
                _("A judicial suggestion has already been sent for this notice."), code="already_suggested"
            )
        notice.suggestion_document = document_issue(
            actor=actor,
            kind="judicial_suggestion",
            case_id=notice.case_id,
            subject=notice,
            notify=False,
        )
        notice.save(update_fields=["suggestion_document"])
        _timeline(
            actor,
            notice.case,
            events.NOTICE_JUDICIAL_SUGGESTION,
            f"就{notice.agency.name}逾期未协助发出司法建议函 {notice.suggestion_document.number}",
            subject=notice,
            notice_id=notice.pk,
        )
        for officer in _liaison_officers(notice.agency):
            notification_queue(
                recipient=officer,
                kind="notice.judicial_suggestion",
                title=lambda: _("Judicial suggestion: %(number)s") % {"number": notice.case.number},
                link=reverse("assistance:liaison-notice", args=[notice.pk]),
            )
    return notice


# --- sweeps (Celery beat) ----------------------------------------------------------------------
@in_record_language()  # a sweep writes records only: its labels in the record language
def _lock_notice_of_case(case_id, notice_id) -> Notice | None:
    """A sweep's notice, its case locked first (cases.locking). A notice locked with its case joined
    in (select_for_update with select_related) locks the notice row before the case row: against
    notice_answer or notice_sign_draft (case, then notice) that is the crosswise order."""
    return lock_for_case(
        case_id, notices=Notice.objects.select_related("agency", "case").filter(pk=notice_id)
    ).notice


def notice_due_dates_recompute() -> int:
    """Provisional answer dates (counted past the years the holiday calendar knew) are counted again;
    once the installed calendar knows the year, the date becomes firm, and a date that moves is
    written on the case's timeline and told to the agency. Reads only provisional notices still
    awaiting an answer. Returns how many became firm."""
    firm = 0
    waiting = Notice.objects.filter(
        due_on_provisional=True, status__in=NoticeStatus.awaiting_answer(), sent_at__isnull=False
    )
    for notice_id, case_id in waiting.values_list("pk", "case_id"):
        with transaction.atomic():
            notice = _lock_notice_of_case(case_id, notice_id)
            if notice is None or not notice.due_on_provisional:
                continue
            due = _answer_due(notice)
            if not due.exact:
                continue  # still beyond what the calendar knows
            before = notice.due_on
            notice.due_on, notice.due_on_provisional = due.date, False
            notice.save(update_fields=["due_on", "due_on_provisional"])
            firm += 1
            summary = f"答复期限按国务院公布的放假安排确定为{format_date_cn(due.date)}" + (
                f"（原暂按工作日推算为{format_date_cn(before)}）" if before != due.date else ""
            )
            _timeline(
                None, notice.case, events.NOTICE_DUE_RECOMPUTED, summary, subject=notice, notice_id=notice.pk
            )
            if before != due.date:
                for officer in _liaison_officers(notice.agency):
                    notification_queue(
                        recipient=officer,
                        kind="notice.due_changed",
                        dedupe_key=f"notice:{notice.pk}:due:{due.date.isoformat()}",
                        title=_("Answer due date corrected: %(number)s") % {"number": notice.case.number},
                        link=reverse("assistance:liaison-notice", args=[notice.pk]),
                        body=summary,
                    )
    return firm


@in_record_language()  # a sweep writes records only: its labels in the record language
def notices_overdue_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: provisional answer dates are counted again first (notice_due_dates_recompute); then
    notices past their answer date become overdue and their liaison officers are reminded; still
    unanswered some working days later, the judge is told (escalation). Reads only what is due;
    each step happens once per notice."""
    today = today or timezone.localdate()
    now = timezone.now()
    notice_due_dates_recompute()
    reminded = escalated = 0
    late = Notice.objects.filter(status__in=[NoticeStatus.SENT, NoticeStatus.RECEIVED], due_on__lt=today)
    for notice_id, case_id in late.values_list("pk", "case_id"):
        with transaction.atomic():
            notice = _lock_notice_of_case(case_id, notice_id)
            if notice is None or notice.status not in (NoticeStatus.SENT, NoticeStatus.RECEIVED):
                continue
            notice.mark_overdue()
            notice.reminded_liaison_at = now
            notice.save()
            audit_record(
                actor=None,
                action=events.NOTICE_OVERDUE,
                obj=notice.case,
                subject=notice,
                court=notice.court,
                summary=f"{notice.agency.name}逾期未答复协助执行通知书（应于{notice.due_on:%Y年%m月%d日}前）",
                data={"notice_id": notice.pk},
            )
            for officer in _liaison_officers(notice.agency):
                notification_queue(
                    recipient=officer,
                    kind="notice.overdue",
                    dedupe_key=f"notice:{notice.pk}:remind",
                    title=_("Assistance notice overdue: %(number)s") % {"number": notice.case.number},
                    link=reverse("assistance:liaison-notice", args=[notice.pk]),
                    body=_("The answer was due on %(date)s; please answer soon.")
                    % {"date": date_format(notice.due_on)},
                )
            reminded += 1
    waiting = Notice.objects.filter(status=NoticeStatus.OVERDUE, escalated_at__isnull=True)
    escalate_after = arules.rule(arules.ESCALATE_AFTER_WORKING_DAYS, on=today)
    for notice in waiting.select_related("case", "agency"):
        escalate_on = add_working_days(notice.due_on, int(escalate_after.value)).date
        if today <= escalate_on:
            continue
        if not Notice.objects.filter(pk=notice.pk, escalated_at__isnull=True).update(escalated_at=now):
            continue
        notification_queue(
            recipient=notice.case.judge,
            kind="notice.escalated",
            dedupe_key=f"notice:{notice.pk}:escalate",
            title=_("%(agency)s has not assisted in time: %(number)s")
            % {"agency": notice.agency.name, "number": notice.case.number},
            link=reverse("assistance:case", args=[notice.case_id]),
            body=_("A judicial suggestion can be sent with one click."),
        )
        escalated += 1
    return {"reminded": reminded, "escalated": escalated}


def draft_renewals(measures: list[ControlMeasure]) -> set[int]:
    """Draft 续行 notices waiting for the judge to sign (never sent by the system itself), one for
    each measure whose holder takes renewals and has none drafted yet; the ids of the measures
    drafted for. The renewal drafter of assets.registry: runs inside the expiry sweep's chunk
    transaction, which has already marked the measures warned and holds their rows; it locks
    nothing. A chunk at once (its existing renewals in one query, the notices in one insert, their
    events by audit_record_many): one measure at a time it was most of the sweep (issue 15)."""
    takes_renewal = [
        m
        for m in measures
        if m.asset.holder_agency is not None
        and A.RENEW in arules.ACTIONS_BY_AGENCY.get(m.asset.holder_agency.kind, ())
    ]
    if not takes_renewal:
        return set()
    drafted_before = set(
        Notice.objects.filter(measure__in=takes_renewal, action=A.RENEW)
        .exclude(status=NoticeStatus.CANCELLED)
        .values_list("measure_id", flat=True)
    )
    todo = [m for m in takes_renewal if m.pk not in drafted_before]
    ids = copy_insert_shared(  # COPY on PostgreSQL (bulk_create elsewhere): what they share once
        Notice,
        {"action": A.RENEW, "payload": {"drafted_by_system": True}},
        [
            {
                "court_id": m.case.court_id,
                "case_id": m.case_id,
                "agency_id": m.asset.holder_agency_id,
                "asset_id": m.asset_id,
                "measure_id": m.pk,
                "respondent_id": m.asset.owner_id,
                "created_by_id": m.case.judge_id,
            }
            for m in todo
        ],
    )
    notices = [Notice(pk=pk) for pk in ids]  # what the events name as their subject
    audit_record_many(
        [
            {
                "actor": None,
                "action": events.NOTICE_DRAFTED,
                "obj": m.case,
                "subject": notice,
                "court": m.case.court,
                "summary": f"系统起草续行协助执行通知书：{m.asset.holder_agency.name}（{m.asset}），待承办法官签发",
                "data": {"notice_id": notice.pk},
            }
            for m, notice in zip(todo, notices, strict=True)
        ]
    )
    return {m.pk for m in todo}


def notice_sign_draft(*, actor, notice_id) -> DraftResult:
    """Sign and send a draft (for example the renewal the sweep drafted). The same gates as
    drafting: a clerk's goes to a judge, and a measure that would now hold more than is owed goes
    to the head, whoever signs."""
    with transaction.atomic():
        # The case before the notice (cases.locking): approving the same draft locks in that order.
        case_id = _visible_notice_case_id(actor, notice_id)
        if case_id is None:
            raise NotFound(_("The assistance notice does not exist or you may not view it."))
        locks = lock_for_case(case_id, actor=actor, notices=Notice.objects.filter(pk=notice_id))
        case, notice = locks.case, locks.notice
        if notice is None:
            raise NotFound(_("The assistance notice does not exist or you may not view it."))
        role = _check_drafter(actor, case)
        if notice.status == NoticeStatus.CANCELLED:
            raise Conflict(
                _("The notice was withdrawn (approval refused or measure withdrawn): it cannot be issued."),
                code="cancelled",
            )
        if notice.status != NoticeStatus.DRAFT:
            raise Conflict(_("The notice has already been issued."), code="already_sent")
        measure = notice.measure if notice.action in arules.MEASURE_OF_ACTION else None
        over_limit = (
            measure is not None and measure.kind != MeasureKind.DEDUCT and _exceeds_debt(case, Decimal("0"))
        )
        if over_limit and not measure.over_limit_reason:
            message = _(
                "The controlled value exceeds the amount owed: give a reason; the head of enforcement approves."
            )
            raise InvalidInput(message, fields={"over_limit_reason": [message]})
        if over_limit or role not in SIGNING_ROLES:
            key = "send_notice_over_limit" if over_limit else "send_notice"
            reason = (
                f"{measure.over_limit_reason}"
                f"（{over_limit_facts(case, asset=measure.asset, held=measure_held_value(measure))}）"
                if over_limit
                else record_text(lambda: f"{notice.get_action_display()}：{notice.agency.name}")
            )
            result = case_act(
                actor=actor,
                case_id=case.pk,
                action_key=key,
                reason=reason,
                payload={"notice_id": notice.pk},
            )
            return DraftResult(notice=notice, sent=False, approval=result.approval)
        notice = notice_approve_and_send(actor=actor, notice=notice)
    return DraftResult(notice=notice, sent=True, approval=None)


def notice_cancel(*, notice_id, case, actor, why: str) -> Notice | None:
    """Withdraw a notice that was never sent (its approval refused, or its measure withdrawn):
    the notice is cancelled and the measure it would have carried out never takes effect. Pending
    approvals to send it are closed as refused. Runs inside the caller's transaction."""
    notice = Notice.objects.select_for_update().filter(pk=notice_id, case=case).first()
    if notice is None or notice.status not in (NoticeStatus.DRAFT, NoticeStatus.APPROVED):
        return None
    notice.cancel()
    notice.save()
    if notice.measure_id and notice.action in arules.MEASURE_OF_ACTION:
        measure_cancel(measure_id=notice.measure_id)
    Approval.objects.filter(
        case=case, subject_key=f"notice:{notice.pk}", status=ApprovalStatus.PENDING
    ).update(status=ApprovalStatus.REJECTED, decided_at=timezone.now(), decision_note=f"通知书已撤回：{why}")
    _timeline(
        actor,
        case,
        events.NOTICE_CANCELLED,
        lambda: f"撤回协助执行通知书：{notice.agency.name}（{notice.get_action_display()}）——{why}",
        subject=notice,
        notice_id=notice.pk,
    )
    return notice


# --- network query (网络查控) ------------------------------------------------------------------------
class NetworkQueryInProgress(Conflict):
    """Some of these respondents are in a network query that has not finished: starting another would
    send every agency the same request twice. `query_id` names the one in progress."""

    code = "network_query_in_progress"

    def __init__(self, message: str, *, query_id: int):
        super().__init__(message)
        self.query_id = query_id


REQUEST_KEY_MAX = 64


def network_query_start(*, actor, respondent_ids: list[int], request_key: str = ""):
    """One action queries respondents at every agency kind that holds property information. The
    notices are created in bulk by a Celery task (progress on the NetworkQuery row); for one
    respondent the eager path makes it immediate.

    Starting is idempotent, the way a clerk expects a form sent twice to behave: the same
    `request_key` (the form's token, the API's Idempotency-Key) returns the query it started the
    first time; and while a query of some of these respondents is still running, another one is
    refused (NetworkQueryInProgress, naming it), whoever sends it. A finished query does not block a
    new one (the 6-monthly re-query of 终本 cases)."""
    membership = membership_of(actor)
    if membership is None or membership.role not in SIGNING_ROLES:
        raise NotAllowed(_("Network queries are started by the judge in charge or the head of enforcement."))
    request_key = (request_key or "").strip()
    if len(request_key) > REQUEST_KEY_MAX:
        raise InvalidInput(
            _("The request key is too long."),
            fields={"request_key": [_("At most %(max)s characters.") % {"max": REQUEST_KEY_MAX}]},
        )
    try:
        ids = sorted({int(i) for i in respondent_ids})
    except (TypeError, ValueError):
        raise InvalidInput(
            _("Invalid respondent id."), fields={"respondents": [_("Invalid respondent id.")]}
        ) from None
    if not ids:
        raise InvalidInput(
            _("Please choose a respondent."), fields={"respondents": [_("Please choose a respondent.")]}
        )
    if request_key and (done := _network_query_by_key(actor, request_key, ids)):
        return done
    parties = Party.objects.filter(pk__in=ids, role=PartyRole.RESPONDENT, case__in=cases_visible_to(actor))
    parties = [p for p in parties.select_related("case") if works_on_case(actor, p.case)]
    if len(parties) != len(ids):
        raise InvalidInput(
            _("Some respondents are not in cases you handle."),
            fields={"respondents": [_("Some respondents are not in cases you handle.")]},
        )
    with transaction.atomic():
        # The cases' rows serialise two starts over the same respondents (and the same key).
        list(Case.objects.select_for_update().filter(pk__in={p.case_id for p in parties}).order_by("pk"))
        if request_key and (done := _network_query_by_key(actor, request_key, ids)):
            return done
        wanted = set(ids)
        running = NetworkQuery.objects.filter(
            court=membership.court, status__in=[BatchStatus.PENDING, BatchStatus.RUNNING]
        ).order_by("id")
        for other in running.only("id", "respondent_ids", "created_at"):
            overlap = wanted & set(other.respondent_ids)
            if overlap:
                names = _(", ").join(p.name for p in parties if p.pk in overlap)
                raise NetworkQueryInProgress(
                    _(
                        "The network query (no. %(id)s) of respondent %(names)s is not finished; it cannot be started again until it is."
                    )
                    % {"names": names, "id": other.pk},
                    query_id=other.pk,
                )
        query = NetworkQuery.objects.create(
            court=membership.court,
            requested_by=actor,
            respondent_ids=ids,
            total=len(ids),
            request_key=request_key,
        )
        for case in {p.case for p in parties}:
            _timeline(
                actor,
                case,
                events.NETWORK_QUERY_STARTED,
                _("Start a network query"),
                subject=query,
                network_query_id=query.pk,
            )
        _queue_network_query(query.pk)
    return query


def _network_query_by_key(actor, request_key: str, ids: list[int]):
    query = NetworkQuery.objects.filter(requested_by=actor, request_key=request_key).first()
    if query is not None and sorted(query.respondent_ids) != ids:
        raise Conflict(_("This request key was used for another network query."), code="request_key_reused")
    if query is not None:
        query.replayed = True  # the API answers 200 with it instead of 201
    return query


def _queue_network_query(query_id: int) -> None:
    """In the caller's transaction: the outbox row, sent after commit and swept until a worker ran it."""
    task_enqueue("assistance.network_query_run", query_id, key=f"assistance.network_query_run:{query_id}")


def network_query_run(*, query_id: int, chunk: int = 500) -> int:
    """Create the query notices for each respondent at every active agency of the network-query
    kinds, in bulk; sent at once (electronic 点对点 query; the PDF of each is issued when the agency
    first opens it). Idempotent: a respondent already done for this query is skipped."""
    query = NetworkQuery.objects.get(pk=query_id)
    if query.status == BatchStatus.DONE:
        return 0
    NetworkQuery.objects.filter(pk=query_id).update(status=BatchStatus.RUNNING)
    agencies = list(
        Agency.objects.filter(kind__in=arules.NETWORK_QUERY_KINDS, is_active=True).order_by("kind", "id")
    )
    officers: dict[int, list[User]] = {a.pk: _liaison_officers(a) for a in agencies}
    done_ids = set(
        Notice.objects.filter(network_query_id=query_id).values_list("respondent_id", flat=True).distinct()
    )
    parties = (
        Party.objects.filter(pk__in=query.respondent_ids).select_related("case", "case__court").order_by("id")
    )
    now = timezone.now()
    today = timezone.localdate(now)
    due = add_working_days(today, arules.answer_working_days(A.QUERY))
    created = 0
    todo = [p for p in parties if p.pk not in done_ids]
    summary_text = "网络查控：向{agencies}家协助执行单位查询被执行人{name}"
    shared = {  # what every notice of the query says; each row adds its court, case, agency, respondent
        "action": A.QUERY,
        "status": NoticeStatus.SENT,
        "sent_at": now,
        "created_at": now,
        "due_on": due.date,
        "due_on_provisional": not due.exact,
        "network_query_id": query.pk,
        "created_by_id": query.requested_by_id,
        "approved_by_id": query.requested_by_id,
        "payload": {"network_query": query.pk},
    }
    for start in range(0, len(todo), chunk):
        batch = todo[start : start + chunk]
        with transaction.atomic():
            rows = [
                {"court_id": p.case.court_id, "case_id": p.case_id, "agency_id": a.pk, "respondent_id": p.pk}
                for p in batch
                for a in agencies
            ]
            copy_insert_shared(Notice, shared, rows)  # COPY on PostgreSQL, bulk_create elsewhere
            created += len(rows)
            audit_record_many(
                [
                    {
                        "actor": query.requested_by,
                        "action": events.NETWORK_QUERY_SENT,
                        "obj": p.case,
                        "subject": query,
                        "court": p.case.court,
                        "summary": summary_text.format(agencies=len(agencies), name=p.name),
                        "data": {
                            "network_query_id": query.pk,
                            "respondent_id": p.pk,
                            "agencies": len(agencies),
                        },
                    }
                    for p in batch
                ]
            )
            NetworkQuery.objects.filter(pk=query_id).update(done=len(done_ids) + start + len(batch))
    for agency in agencies:
        for officer in officers[agency.pk]:
            notification_queue(
                recipient=officer,
                kind="notice.received",
                dedupe_key=f"network_query:{query_id}:agency:{agency.pk}:user:{officer.pk}",
                title=lambda: _("Network query request (%(count)s respondents)") % {"count": len(todo)},
                link=reverse("assistance:liaison-inbox"),
            )
    NetworkQuery.objects.filter(pk=query_id).update(status=BatchStatus.DONE, done=query.total)
    return created


def notice_ensure_document(*, notice: Notice) -> Notice:
    """An electronic query notice gets its PDF when the agency first opens it, issued in the name
    of the judge who sent it."""
    if notice.document_id:
        return notice
    with transaction.atomic():
        # Issuing locks the case (documents.services): the case goes first (cases.locking).
        notice = lock_for_case(notice.case_id, notices=Notice.objects.filter(pk=notice.pk)).notice
        if notice.document_id is None:
            _issue_pdf(notice.approved_by or notice.created_by, notice)
    return notice


def network_queries_resume(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Network queries that did not finish and have no open work in the task outbox (begun before
    the outbox, or its row closed while the query was left unfinished) get it again; what has open
    work is the outbox sweep's (enforcement.outbox). network_query_run skips the respondents already
    done, so this is safe to repeat. Returns how many were queued."""
    stuck = NetworkQuery.objects.filter(
        status__in=[BatchStatus.PENDING, BatchStatus.RUNNING], created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    open_keys = set(
        PendingTask.objects.filter(
            key__in=[f"assistance.network_query_run:{pk}" for pk in stuck], done_at__isnull=True
        ).values_list("key", flat=True)
    )
    count = 0
    for query_id in stuck:
        if f"assistance.network_query_run:{query_id}" in open_keys:
            continue
        task_enqueue(
            "assistance.network_query_run",
            query_id,
            key=f"assistance.network_query_run:{query_id}",
            reopen=True,
            now=True,
        )
        count += 1
    return count


def notice_close(*, actor, notice_id, note: str = "") -> Notice:
    """办结: the judge has read the answer. A review suggestion (审查建议) needs the judge's written
    view; the measure stands either way (the 执行联动 rules art. 18) — lifting it is a separate decision."""
    with transaction.atomic():
        notice = _lock_notice_for_signer(actor, notice_id, _("close an assistance notice"))
        if notice.status != NoticeStatus.ANSWERED:
            raise Conflict(_("Only an answered notice can be closed."), code="not_answered")
        if notice.result == AnswerResult.REVIEW_SUGGESTION and not note.strip():
            message = _("A review suggestion needs a review note.")
            raise InvalidInput(message, fields={"note": [message]})
        if NUL in note:  # the browser view passes this field through without a form
            message = str(_(NUL_MESSAGE))
            raise InvalidInput(message, fields={"note": [message]})
        notice.close()
        notice.save()
        summary = record_text(
            lambda: f"办结协助执行通知书：{notice.agency.name}（{notice.get_action_display()}）"
        )
        if note.strip():
            summary += f"；审查意见：{note.strip()}"
        _timeline(
            actor,
            notice.case,
            events.NOTICE_CLOSED,
            summary,
            subject=notice,
            notice_id=notice.pk,
            note=note.strip(),
        )
        if notice.result == AnswerResult.REVIEW_SUGGESTION:
            for officer in _liaison_officers(notice.agency):
                notification_queue(
                    recipient=officer,
                    kind="notice.review_answered",
                    title=lambda: _("Review suggestion handled: %(number)s") % {"number": notice.case.number},
                    body=note.strip(),
                    link=reverse("assistance:liaison-notice", args=[notice.pk]),
                )
    return notice


# --- what the court API adds to the case page's buttons ------------------------------------------
def notice_withdraw(*, actor, notice_id, reason: str) -> Notice:
    """撤回 a notice that was never sent (a draft, or one approved and not yet sent), by one who works
    on its case, with a written reason: notice_cancel, which also withdraws the measure it would have
    carried out and closes a pending approval to send it."""
    reason = (reason or "").strip()
    found = Notice.objects.filter(pk=notice_id, case__in=cases_visible_to(actor)).values("case_id").first()
    if found is None:
        raise NotFound(_("The assistance notice does not exist or you may not view it."))
    with transaction.atomic():
        case = _lock_case(actor, found["case_id"])
        _check_drafter(actor, case)
        if not reason or NUL in reason:
            message = str(_(NUL_MESSAGE)) if reason else _("Give the reason for withdrawing the notice.")
            raise InvalidInput(message, fields={"reason": [message]})
        notice = notice_cancel(notice_id=notice_id, case=case, actor=actor, why=reason)
        if notice is None:
            raise Conflict(
                _("Only a notice that has not been sent can be withdrawn."), code="not_withdrawable"
            )
    return notice


def measure_renewal(*, actor, measure_id) -> DraftResult:
    """续行 a measure in effect: the renewal notice drafted at its first expiry warning is signed
    (notice_sign_draft); when there is none, one is drafted to the agency holding the asset
    (notice_draft). The same gates as any notice: a clerk's goes to a judge."""
    measure = (
        ControlMeasure.objects.select_related("asset", "case")
        .filter(pk=measure_id, case__in=cases_visible_to(actor))
        .first()
    )
    if measure is None:
        raise NotFound(_("The measure does not exist or you may not view it."))
    _check_drafter(actor, measure.case)
    if measure.status != MeasureStatus.ACTIVE:
        raise Conflict(_("Only a measure in effect can be renewed."), code="not_active")
    renewals = Notice.objects.filter(measure=measure, action=A.RENEW).exclude(status=NoticeStatus.CANCELLED)
    draft = renewals.filter(status=NoticeStatus.DRAFT).order_by("id").first()
    if draft is not None:
        return notice_sign_draft(actor=actor, notice_id=draft.pk)
    if renewals.exists():
        raise Conflict(_("A renewal notice for this measure has been sent already."), code="renewal_sent")
    agency = measure.asset.holder_agency
    if agency is None:
        message = _("The asset has no assisting agency recorded: no renewal notice can be sent.")
        raise InvalidInput(message, fields={"measure": [message]})
    return notice_draft(
        actor=actor,
        case_id=measure.case_id,
        agency_id=agency.pk,
        action=A.RENEW,
        measure_id=measure.pk,
    )
