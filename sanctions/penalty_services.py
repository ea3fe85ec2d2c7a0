"""Services of exit restriction, fines and detention and the 拒执罪 referral. Every write goes through
here: permission, row locks (the case first, cases.locking), the audit event and notifications in
one transaction. Views, the API and the case actions call these and nothing else writes.

- 限制出境: the judge proposes (a case action the head approves); approving issues the 限制出境决定书 and
  sends the assistance notice to the exit administration; lifting sends a lifting notice, by hand
  (performance, security) or when the case is concluded, settled, terminated or withdrawn.
- 罚款、拘留 (民诉法 2023 arts. 118-119): the judge proposes within the limits of art. 118; only the
  court's president approves; the decision document is issued and, for detention, a notice asks the
  police to carry it out; one reconsideration, decided by the next higher court, which does not
  suspend execution; fines paid are recorded for the treasury, never on the case's ledger.
- 移送公安机关: the referral letter, the police's decision period tracked, the police's decision
  recorded by their liaison officer; declined or not prosecuted, the private prosecution is shown."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.choices import NoticeAction
from assistance.services import notice_draft
from cases.choices import PartyKind, PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from cases.selectors import works_on_case
from cases.services import case_act
from documents.services import document_issue
from enforcement.access import membership_of, user_agency
from enforcement.audit import audit_record
from enforcement.choices import AgencyKind, Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import Agency, User
from enforcement.notifications import notification_queue
from sanctions import penalty_events as events
from sanctions import penalty_rules as rules
from sanctions.penalty_models import (
    CoercivePenalty,
    CourtPresident,
    CrimeReferral,
    ExitRestriction,
    ExitStatus,
    FinePayment,
    PenaltyKind,
    PenaltyReconsideration,
    PenaltyStatus,
    PenaltyTarget,
    ReconsiderationOutcome,
    ReferralStatus,
)
from sanctions.services import refuse_closed

J, H, C, F = Role.JUDGE, Role.HEAD, Role.CLERK, Role.FINANCE
PROPOSER_ROLES = (J, H)


# --- helpers -----------------------------------------------------------------------------------
def _invalid(field: str, message: str):
    return InvalidInput(message, fields={field: [message]})


def _today() -> dt.date:
    return timezone.localdate()


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def _check_staff(actor, case: Case, roles=PROPOSER_ROLES) -> None:
    membership = membership_of(actor)
    if membership is None or membership.role not in roles or not works_on_case(actor, case):
        raise NotAllowed(_("Only the judge or head of enforcement handling this case can do this."))


def _respondent(case: Case, respondent_id) -> Party:
    try:
        party = Party.objects.filter(pk=int(respondent_id), case=case, role=PartyRole.RESPONDENT).first()
    except (TypeError, ValueError):
        party = None
    if party is None:
        raise _invalid("respondent", _("The respondent is not a party to this case."))
    return party


def _agency(agency_id, kind: str, field: str = "agency") -> Agency:
    try:
        agency = Agency.objects.filter(pk=int(agency_id), is_active=True, kind=kind).first()
    except (TypeError, ValueError):
        agency = None
    if agency is None:
        raise _invalid(field, _("Choose an agency of the kind: %(kind)s.") % {"kind": AgencyKind(kind).label})
    return agency


def _timeline(actor, case, event, summary, *, subject, **data):
    audit_record(
        actor=actor, action=event, obj=case, subject=subject, court=case.court, summary=summary, data=data
    )


def _drafter(actor, case: Case):
    """Who drafts a notice the system sends on a decision: the actor when they may (a judge or head
    on the case), else the case's judge."""
    membership = membership_of(actor)
    if membership is not None and membership.role in PROPOSER_ROLES and works_on_case(actor, case):
        return actor
    return case.judge


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise _invalid(field, _("Dates are written YYYY-MM-DD.")) from None


def is_president(user, court) -> bool:
    membership = membership_of(user)
    if membership is None or membership.court_id != court.pk:
        return False
    return CourtPresident.objects.filter(court=court, user=user).exists()


# --- 限制出境 ------------------------------------------------------------------------------------
def exit_restriction_propose(
    *,
    actor,
    case_id,
    respondent_id,
    agency_id,
    reason: str,
    person_name: str = "",
    person_id_number: str = "",
    person_role: str = "",
) -> ExitRestriction:
    """The judge proposes; the head approves (case action restrict_exit). An entity's exit is
    restricted through a person: its legal representative unless another responsible person is named."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor).case
        _check_staff(actor, case)
        # a restriction of movement enforces a debt: none on a closed case, whose closing lifted
        # the ones in force (lift_on_case_closed); refused as a listing is (the case action's
        # case_open condition would refuse it too, later and less plainly)
        refuse_closed(case)
        respondent = _respondent(case, respondent_id)
        agency = _agency(agency_id, AgencyKind.EXIT_ADMINISTRATION)
        if not reason:
            raise _invalid("reason", _("Please give the reason for the request."))
        if respondent.kind == PartyKind.PERSON:
            person_name, person_id_number, person_role = respondent.name, respondent.id_number, ""
        else:
            person_name = (person_name or "").strip() or respondent.legal_representative
            person_role = (person_role or "").strip() or "法定代表人"
            if not person_name:
                raise _invalid(
                    "person_name",
                    _("Name the legal representative or responsible person whose exit is restricted."),
                )
        if ExitRestriction.objects.filter(
            case=case, person_name=person_name, status__in=[ExitStatus.PROPOSED, ExitStatus.IN_FORCE]
        ).exists():
            raise Conflict(
                _("An exit restriction of this person is already proposed or in force."), code="duplicate"
            )
        restriction = ExitRestriction.objects.create(
            court=case.court,
            case=case,
            respondent=respondent,
            person_name=person_name,
            person_id_number=(person_id_number or "").strip(),
            person_role=person_role,
            agency=agency,
            reason=reason,
            proposed_by=actor,
        )
        result = case_act(
            actor=actor,
            case_id=case.pk,
            action_key="restrict_exit",
            reason=f"限制{person_name}出境：{reason}",
            payload={"restriction_id": restriction.pk},
        )
        restriction.approval = result.approval
        restriction.save(update_fields=["approval"])
        _timeline(
            actor,
            case,
            events.EXIT_PROPOSED,
            f"提请限制出境：{person_name}（{reason}）",
            subject=restriction,
            restriction_id=restriction.pk,
        )
    return restriction


def exit_restriction_take_effect(*, case: Case, actor, restriction_id) -> ExitRestriction:
    """Carried out when the head approves (inside approval_decide's transaction, the case locked):
    the decision document, then the notice to the exit administration, sent at once."""
    restriction = ExitRestriction.objects.select_for_update().filter(pk=restriction_id, case=case).first()
    if restriction is None or restriction.status != ExitStatus.PROPOSED:
        raise Conflict(_("The exit restriction is no longer awaiting approval."), code="not_pending")
    restriction.take_effect()
    restriction.approved_by = actor
    issuer = _drafter(actor, case)
    restriction.document = document_issue(
        actor=issuer,
        kind="exit_restriction_decision",
        case_id=case.pk,
        party_id=restriction.respondent_id,
        subject=restriction,
        notify=False,
    )
    who = f"{restriction.person_role}{restriction.person_name}" if restriction.person_role else ""
    drafted = notice_draft(
        actor=issuer,
        case_id=case.pk,
        agency_id=restriction.agency_id,
        action=NoticeAction.RESTRICT_EXIT,
        respondent_id=restriction.respondent_id,
        payload={"text": f"限制出境人员：{who}；决定书：{restriction.document.number}" if who else ""},
    )
    restriction.notice = drafted.notice
    restriction.save()
    _timeline(
        actor,
        case,
        events.EXIT_IN_FORCE,
        f"决定限制{restriction.person_name}出境，协助执行通知书发送{restriction.agency.name}",
        subject=restriction,
        restriction_id=restriction.pk,
        notice_id=drafted.notice.pk,
    )
    return restriction


def exit_restriction_rejected(*, case: Case, actor, restriction_id) -> None:
    restriction = ExitRestriction.objects.select_for_update().filter(pk=restriction_id, case=case).first()
    if restriction is None or restriction.status != ExitStatus.PROPOSED:
        return
    restriction.reject()
    restriction.save()
    _timeline(
        actor, case, events.EXIT_REJECTED, f"限制{restriction.person_name}出境未获批准", subject=restriction
    )


def _lift(case: Case, actor, restriction: ExitRestriction, reason: str) -> ExitRestriction:
    restriction.lift()
    restriction.lift_reason = reason[:200]
    drafted = notice_draft(
        actor=_drafter(actor, case),
        case_id=case.pk,
        agency_id=restriction.agency_id,
        action=NoticeAction.LIFT_EXIT,
        respondent_id=restriction.respondent_id,
        payload={
            "text": f"解除原因：{reason}"
            + (
                f"；原通知：{restriction.notice.document.number}"
                if restriction.notice_id and restriction.notice.document_id
                else ""
            )
        },
    )
    restriction.lift_notice = drafted.notice
    restriction.save()
    _timeline(
        actor,
        case,
        events.EXIT_LIFTED,
        f"解除对{restriction.person_name}的限制出境（{reason}），解除通知发送{restriction.agency.name}",
        subject=restriction,
        restriction_id=restriction.pk,
        notice_id=drafted.notice.pk,
    )
    return restriction


def exit_restriction_lift(*, actor, restriction_id, reason: str) -> ExitRestriction:
    """Lift by hand (performance, security given): the judge or head of the case."""
    reason = (reason or "").strip()
    case_id = (
        ExitRestriction.objects.filter(pk=restriction_id, case__court__in=_courts(actor))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise NotFound(_("The exit restriction does not exist."))
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor).case
        _check_staff(actor, case)
        if not reason:
            raise _invalid("reason", _("Give the reason for lifting (performance, security given, …)."))
        restriction = ExitRestriction.objects.select_for_update().get(pk=restriction_id)
        if restriction.status != ExitStatus.IN_FORCE:
            raise Conflict(_("Only an exit restriction in force can be lifted."), code="not_in_force")
        return _lift(case, actor, restriction, reason)


CLOSING_REASONS = {
    "conclude": "执行完毕",
    "settle": "达成和解",
    "terminate": "终结执行",
    "withdraw": "撤回执行申请",
}


def lift_on_case_closed(*, case, actor, approval) -> None:
    """add_on_approved hook of conclude / settle / terminate / withdraw: every restriction in force
    is lifted by a lifting notice, in the decision's transaction."""
    reason = CLOSING_REASONS.get(approval.action, "案件结案")
    for restriction in ExitRestriction.objects.select_for_update().filter(
        case=case, status=ExitStatus.IN_FORCE
    ):
        _lift(case, actor, restriction, reason)


def _courts(actor):
    from enforcement.access import visible_courts

    return visible_courts(actor)


# --- 罚款、拘留 ----------------------------------------------------------------------------------
def _law(rule) -> str:
    return f"{rule.source}{rule.article}"


def check_limits(*, kind: str, target: str, amount=None, days=None, on: dt.date | None = None):
    """(amount, days) within 民诉法 2023 art. 118, or InvalidInput naming the article."""
    on = on or _today()
    if kind == PenaltyKind.FINE:
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, TypeError, ValueError):
            raise _invalid("amount", _("The amount is malformed.")) from None
        if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
            raise _invalid("amount", _("The amount must be more than zero, with at most two decimals."))
        if target == PenaltyTarget.PERSON:
            top = rules.rule(rules.FINE_PERSON_MAX, on=on)
            if value > top.value:
                raise _invalid(
                    "amount",
                    _("A fine on an individual may not exceed %(max)s (%(law)s).")
                    % {"max": _yuan(top.value), "law": _law(top)},
                )
        else:
            low = rules.rule(rules.FINE_ENTITY_MIN, on=on)
            top = rules.rule(rules.FINE_ENTITY_MAX, on=on)
            if not low.value <= value <= top.value:
                raise _invalid(
                    "amount",
                    _("A fine on an entity is from %(min)s to %(max)s (%(law)s).")
                    % {"min": _yuan(low.value), "max": _yuan(top.value), "law": _law(top)},
                )
        return value.quantize(Decimal("0.01")), None
    if kind == PenaltyKind.DETENTION:
        top = rules.rule(rules.DETENTION_MAX_DAYS, on=on)
        try:
            count = int(str(days))
        except (TypeError, ValueError):
            count = 0
        if isinstance(days, bool) or str(days).strip() != str(count) or not 1 <= count <= top.value:
            raise _invalid(
                "days",
                _("Detention is from 1 to %(max)s days (%(law)s).") % {"max": top.value, "law": _law(top)},
            )
        return None, count
    raise _invalid("kind", _("Choose a fine or detention."))


def penalty_propose(
    *,
    actor,
    case_id,
    respondent_id,
    kind: str,
    target: str,
    facts: str,
    amount=None,
    days=None,
    person_name: str = "",
    person_id_number: str = "",
    police_id=None,
) -> CoercivePenalty:
    """The judge proposes a fine or detention; it waits for the court president (art. 119)."""
    facts = (facts or "").strip()
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor).case
        _check_staff(actor, case)
        # Not refused on a closed case (unlike a listing or an exit restriction): art. 118 punishes
        # an obstruction that was committed, which closing the case does not undo, and neither
        # art. 118-119 nor shared/LEGAL.md says it must be decided while the case is live. Left
        # open until the text is read; penalty_decide does not refuse it either.
        respondent = _respondent(case, respondent_id)
        if target not in PenaltyTarget.values:
            raise _invalid("target", _("Choose whether an individual or an entity is fined."))
        if kind == PenaltyKind.DETENTION and target != PenaltyTarget.PERSON:
            raise _invalid("target", _("Only an individual can be detained."))
        if respondent.kind == PartyKind.PERSON and target != PenaltyTarget.PERSON:
            raise _invalid("target", _("The respondent is an individual."))
        if respondent.kind != PartyKind.PERSON and target == PenaltyTarget.PERSON:
            # an entity's main responsible or directly responsible person (art. 118: 单位的主要负责人或者直接责任人员)
            person_name = (person_name or "").strip() or respondent.legal_representative
            if not person_name:
                raise _invalid("person_name", _("Name the responsible person of the entity."))
        else:
            person_name, person_id_number = respondent.name, respondent.id_number
        amount, days = check_limits(kind=kind, target=target, amount=amount, days=days)
        if not facts:
            raise _invalid("facts", _("State the facts of the obstruction."))
        police = _agency(police_id, AgencyKind.POLICE, "police") if kind == PenaltyKind.DETENTION else None
        penalty = CoercivePenalty.objects.create(
            court=case.court,
            case=case,
            respondent=respondent,
            kind=kind,
            target=target,
            person_name=person_name,
            person_id_number=(person_id_number or "").strip(),
            amount=amount,
            days=days,
            facts=facts,
            police=police,
            proposed_by=actor,
        )
        what = _penalty_text(penalty)
        _timeline(
            actor,
            case,
            events.PENALTY_PROPOSED,
            f"提请{what}（待院长批准）：{facts}",
            subject=penalty,
            penalty_id=penalty.pk,
            kind=kind,
            amount=str(amount) if amount is not None else None,
            days=days,
        )
        president = CourtPresident.objects.filter(court=case.court).select_related("user").first()
        if president is not None:
            notification_queue(
                recipient=president.user,
                kind="penalty.awaiting_president",
                title=f"{case.number}：{what}待院长批准",
                body=facts,
                link=reverse("sanctions-penalties:case", args=[case.pk]),
            )
    return penalty


def _penalty_text(penalty: CoercivePenalty) -> str:
    if penalty.kind == PenaltyKind.FINE:
        return f"对{penalty.person_name}罚款{_yuan(penalty.amount)}"
    return f"对{penalty.person_name}拘留{penalty.days}日"


def _lock_penalty(case_id, penalty_id, **kwargs):
    locks = lock_for_case(case_id, **kwargs)
    penalty = CoercivePenalty.objects.select_for_update().filter(pk=penalty_id, case_id=case_id).first()
    return locks.case, penalty


def _penalty_case_id(penalty_id, courts=None):
    qs = (
        CoercivePenalty.objects.filter(pk=penalty_id)
        if str(penalty_id).isdigit()
        else CoercivePenalty.objects.none()
    )
    if courts is not None:
        qs = qs.filter(court__in=courts)
    case_id = qs.values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(_("The fine or detention does not exist."))
    return case_id


def penalty_decide(*, actor, penalty_id, approve: bool, note: str = "") -> CoercivePenalty:
    """The court president approves (院长批准, art. 119) or refuses; a head or judge alone may not.
    Approved: the 罚款决定书 / 拘留决定书 is issued (by the proposing judge) and, for detention, the
    police are asked by notice to carry it out."""
    note = (note or "").strip()
    case_id = _penalty_case_id(penalty_id, _courts(actor))
    with transaction.atomic():
        case, penalty = _lock_penalty(case_id, penalty_id, actor=actor)
        if not is_president(actor, case.court):
            raise NotAllowed(
                _("Only the president of the court approves a fine or detention (%(law)s).")
                % {"law": "《中华人民共和国民事诉讼法》第一百一十九条"},
                code="president_only",
            )
        if penalty.proposed_by_id == actor.pk:
            raise NotAllowed(_("You cannot decide your own request (four-eyes review)."), code="four_eyes")
        if penalty.status != PenaltyStatus.PROPOSED:
            raise Conflict(_("The fine or detention has already been decided."), code="already_decided")
        what = _penalty_text(penalty)
        penalty.decided_by = actor
        penalty.decision_note = note
        if not approve:
            if not note:
                raise _invalid("note", _("Give a reason when rejecting."))
            penalty.reject()
            penalty.save()
            _timeline(actor, case, events.PENALTY_REJECTED, f"院长不批准{what}：{note}", subject=penalty)
            return penalty
        # the amounts are checked again on the day of the decision
        check_limits(kind=penalty.kind, target=penalty.target, amount=penalty.amount, days=penalty.days)
        penalty.decide()
        issuer = penalty.proposed_by if works_on_case(penalty.proposed_by, case) else case.judge
        kind = "fine_decision" if penalty.kind == PenaltyKind.FINE else "detention_decision"
        penalty.document = document_issue(
            actor=issuer,
            kind=kind,
            case_id=case.pk,
            party_id=penalty.respondent_id,
            subject=penalty,
            notify=False,
        )
        if penalty.kind == PenaltyKind.DETENTION:
            drafted = notice_draft(
                actor=issuer,
                case_id=case.pk,
                agency_id=penalty.police_id,
                action=NoticeAction.EXECUTE_DETENTION,
                respondent_id=penalty.respondent_id,
                payload={
                    "text": f"被拘留人：{penalty.person_name}；拘留{penalty.days}日；拘留决定书：{penalty.document.number}"
                },
            )
            penalty.notice = drafted.notice
        penalty.save()
        _timeline(
            actor,
            case,
            events.PENALTY_DECIDED,
            f"院长批准{what}，制作{penalty.document.title}{penalty.document.number}"
            + ("，协助执行通知书送公安机关执行" if penalty.notice_id else ""),
            subject=penalty,
            penalty_id=penalty.pk,
            document=penalty.document.number,
        )
        notification_queue(
            recipient=penalty.proposed_by,
            kind="penalty.decided",
            title=f"{case.number}：院长已批准{what}",
            link=reverse("sanctions-penalties:case", args=[case.pk]),
        )
    return penalty


def _parse_amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise _invalid(field, _("The amount is malformed.")) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise _invalid(field, _("The amount must be more than zero, with at most two decimals."))
    return amount.quantize(Decimal("0.01"))


def fine_paid_total(penalty: CoercivePenalty) -> Decimal:
    return penalty.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def fine_payment_record(*, actor, penalty_id, amount, paid_on, receipt_number: str) -> FinePayment:
    """A fine paid, recorded for the treasury (上缴国库): not case money, not on the case's ledger."""
    case_id = _penalty_case_id(penalty_id, _courts(actor))
    with transaction.atomic():
        case, penalty = _lock_penalty(case_id, penalty_id, actor=actor)
        membership = membership_of(actor)
        if (
            membership is None
            or membership.court_id != case.court_id
            or not (
                membership.role == F or (membership.role in PROPOSER_ROLES and works_on_case(actor, case))
            )
        ):
            raise NotAllowed(_("Only finance or the judge handling the case records a fine paid."))
        if penalty.kind != PenaltyKind.FINE or penalty.status != PenaltyStatus.DECIDED:
            raise Conflict(_("Only a decided fine can be paid."), code="not_payable")
        value = _parse_amount(amount, "amount")
        day = _date(paid_on, "paid_on")
        if day > _today():
            raise _invalid("paid_on", _("The date cannot be after today."))
        receipt_number = (receipt_number or "").strip()
        if not receipt_number:
            raise _invalid("receipt_number", _("Give the receipt number."))
        outstanding = penalty.amount - fine_paid_total(penalty)
        if value > outstanding:
            raise _invalid(
                "amount", _("More than the fine still unpaid (%(left)s).") % {"left": _yuan(outstanding)}
            )
        payment = FinePayment.objects.create(
            penalty=penalty, amount=value, paid_on=day, receipt_number=receipt_number, recorded_by=actor
        )
        _timeline(
            actor,
            case,
            events.PENALTY_PAID,
            f"{penalty.person_name}缴纳罚款{_yuan(value)}（收据{receipt_number}，上缴国库，不计入执行款）",
            subject=penalty,
            penalty_id=penalty.pk,
            amount=str(value),
        )
    return payment


def reconsideration_file(*, actor, penalty_id, served_on, filed_on, grounds: str) -> PenaltyReconsideration:
    """申请复议一次 to the next higher court (art. 119). Recorded by the staff of the case, or of the
    higher court; execution is not suspended: the penalty stays as decided."""
    grounds = (grounds or "").strip()
    case_id = _penalty_case_id(penalty_id, _courts(actor))
    with transaction.atomic():
        case, penalty = _lock_penalty(case_id, penalty_id, actor=actor)
        higher = case.court.parent
        membership = membership_of(actor)
        own = membership is not None and membership.role in (C, J, H) and works_on_case(actor, case)
        upper = (
            membership is not None
            and higher is not None
            and membership.court_id == higher.pk
            and membership.role in (C, J, H)
        )
        if not (own or upper):
            raise NotAllowed(_("Only the staff of the case or of the higher court record a reconsideration."))
        if penalty.status != PenaltyStatus.DECIDED:
            raise Conflict(_("Only a decided fine or detention can be reconsidered."), code="not_decided")
        if PenaltyReconsideration.objects.filter(penalty=penalty).exists():
            raise Conflict(
                _("A fine or detention is reconsidered once only (%(law)s).")
                % {"law": "《中华人民共和国民事诉讼法》第一百一十九条"},
                code="once_only",
            )
        if higher is None:
            raise Conflict(_("The court has no higher court to reconsider it."), code="no_higher_court")
        served = _date(served_on, "served_on")
        filed = _date(filed_on, "filed_on")
        if filed > _today():
            raise _invalid("filed_on", _("The date cannot be after today."))
        if filed < served:
            raise _invalid("filed_on", _("The application cannot be before the decision was received."))
        if not grounds:
            raise _invalid("grounds", _("State the grounds of the application."))
        apply_days = rules.rule(rules.RECONSIDERATION_APPLY_DAYS, on=filed).value
        decide_days = rules.rule(rules.RECONSIDERATION_DECIDE_DAYS, on=filed).value
        item = PenaltyReconsideration.objects.create(
            penalty=penalty,
            higher_court=higher,
            served_on=served,
            filed_on=filed,
            grounds=grounds,
            decide_by=filed + dt.timedelta(days=decide_days),
            late=filed > served + dt.timedelta(days=apply_days),
            recorded_by=actor,
        )
        _timeline(
            actor,
            case,
            events.PENALTY_RECONSIDERATION_FILED,
            f"{penalty.person_name}对{_penalty_text(penalty)}申请复议，由{higher.name}复议（复议期间不停止执行）",
            subject=penalty,
            penalty_id=penalty.pk,
            decide_by=item.decide_by.isoformat(),
            late=item.late,
        )
        for user in User.objects.filter(membership__court=higher, membership__role=H, is_active=True):
            notification_queue(
                recipient=user,
                kind="penalty.reconsideration",
                title=f"{case.number}：{_penalty_text(penalty)}申请复议",
                body=grounds,
                link=reverse("sanctions-penalties:case", args=[case.pk]),
            )
    return item


def reconsideration_decide(
    *, actor, penalty_id, outcome: str, reasons: str, new_amount=None, new_days=None
) -> PenaltyReconsideration:
    """The higher court decides: upheld, varied (a new amount or number of days within art. 118) or
    revoked. Only a judge or head of that court."""
    reasons = (reasons or "").strip()
    case_id = _penalty_case_id(penalty_id, _courts(actor))
    with transaction.atomic():
        case, penalty = _lock_penalty(case_id, penalty_id, actor=actor)
        item = PenaltyReconsideration.objects.select_for_update().filter(penalty=penalty).first()
        if item is None:
            raise NotFound(_("No reconsideration was filed."))
        membership = membership_of(actor)
        if membership is None or membership.court_id != item.higher_court_id or membership.role not in (J, H):
            raise NotAllowed(
                _("Only a judge or head of the higher court (%(court)s) decides the reconsideration.")
                % {"court": item.higher_court.name},
                code="higher_court_only",
            )
        if item.outcome:
            raise Conflict(_("The reconsideration has already been decided."), code="already_decided")
        if outcome not in ReconsiderationOutcome.values:
            raise _invalid("outcome", _("Choose upheld, varied or revoked."))
        if not reasons:
            raise _invalid("reasons", _("Give the reasons of the decision."))
        before = _penalty_text(penalty)
        if outcome == ReconsiderationOutcome.VARIED:
            amount, days = check_limits(
                kind=penalty.kind, target=penalty.target, amount=new_amount, days=new_days
            )
            if penalty.kind == PenaltyKind.FINE and amount < fine_paid_total(penalty):
                raise _invalid("new_amount", _("Less than has already been paid."))
            penalty.amount, penalty.days = amount, days
            item.new_amount, item.new_days = amount, days
        elif outcome == ReconsiderationOutcome.REVOKED:
            penalty.revoke()
        penalty.save()
        item.outcome = outcome
        item.reasons = reasons
        item.decided_by = actor
        item.decided_at = timezone.now()
        item.save()
        verdict = {"upheld": "维持", "varied": f"变更为{_penalty_text(penalty)}", "revoked": "撤销"}[outcome]
        _timeline(
            actor,
            case,
            events.PENALTY_RECONSIDERATION_DECIDED,
            f"{item.higher_court.name}复议决定：{before}，{verdict}（{reasons}）",
            subject=penalty,
            penalty_id=penalty.pk,
            outcome=outcome,
        )
        notification_queue(
            recipient=case.judge,
            kind="penalty.reconsideration_decided",
            title=f"{case.number}：复议决定{verdict}",
            body=reasons,
            link=reverse("sanctions-penalties:case", args=[case.pk]),
        )
    return item


# --- 移送公安机关 (拒执罪) -------------------------------------------------------------------------
def referral_send(*, actor, case_id, respondent_id, agency_id, facts: str) -> CrimeReferral:
    """The 移送函 to the police; their decision period runs from the day it is sent."""
    facts = (facts or "").strip()
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor).case
        _check_staff(actor, case)
        # Not refused on a closed case: a referral reports a crime (拒不执行判决、裁定) already
        # committed, which performing or closing afterwards does not undo; it imposes nothing on
        # the respondent itself (the police decide).
        respondent = _respondent(case, respondent_id)
        agency = _agency(agency_id, AgencyKind.POLICE)
        if not facts:
            raise _invalid("facts", _("State the facts of the refusal to perform."))
        if CrimeReferral.objects.filter(
            case=case, respondent=respondent, status=ReferralStatus.SENT
        ).exists():
            raise Conflict(
                _("This respondent has already been referred and the police have not decided."),
                code="duplicate",
            )
        today = _today()
        days = rules.rule(rules.REFERRAL_DECIDE_DAYS, on=today).value
        referral = CrimeReferral.objects.create(
            court=case.court,
            case=case,
            respondent=respondent,
            agency=agency,
            facts=facts,
            sent_by=actor,
            sent_on=today,
            decide_by=today + dt.timedelta(days=days),
        )
        referral.document = document_issue(
            actor=actor,
            kind="crime_referral_letter",
            case_id=case.pk,
            party_id=respondent.pk,
            subject=referral,
            notify=False,
        )
        referral.save(update_fields=["document"])
        _timeline(
            actor,
            case,
            events.REFERRAL_SENT,
            f"以涉嫌拒不执行判决、裁定罪将{respondent.name}移送{agency.name}（{referral.document.number}），"
            f"应于{referral.decide_by:%Y年%m月%d日}前作出是否立案的决定",
            subject=referral,
            referral_id=referral.pk,
            decide_by=referral.decide_by.isoformat(),
        )
        for user in User.objects.filter(
            membership__agency=agency, membership__role=Role.LIAISON, is_active=True
        ):
            notification_queue(
                recipient=user,
                kind="referral.sent",
                title=f"{case.court.name}移送涉嫌拒不执行判决、裁定罪案件：{respondent.name}",
                body=facts,
                link=reverse("sanctions-penalties:liaison-referral", args=[referral.pk]),
            )
    return referral


def _lock_referral_for_agency(agency, referral_id):
    case_id = (
        CrimeReferral.objects.filter(pk=referral_id, agency=agency).values_list("case_id", flat=True).first()
        if agency is not None and str(referral_id).isdigit()
        else None
    )
    if case_id is None:
        raise NotFound(_("The referral does not exist."))
    case = lock_for_case(case_id).case
    return case, CrimeReferral.objects.select_for_update().get(pk=referral_id)


def _check_liaison(actor, agency):
    if agency is None or user_agency(actor) != agency:
        raise NotAllowed(_("Only the police's liaison officer records the police's decision."))


def referral_extend(*, actor, referral_id) -> CrimeReferral:
    """The police extend their review of a major, difficult or complex case (法发〔2025〕8号 art. 五)."""
    agency = user_agency(actor)
    _check_liaison(actor, agency)
    with transaction.atomic():
        case, referral = _lock_referral_for_agency(agency, referral_id)
        if referral.status != ReferralStatus.SENT or referral.extended:
            raise Conflict(
                _("The review period can be extended once, before the decision."), code="not_extendable"
            )
        days = rules.rule(rules.REFERRAL_DECIDE_DAYS_COMPLEX, on=referral.sent_on).value
        referral.decide_by = referral.sent_on + dt.timedelta(days=days)
        referral.extended = True
        referral.save()
        _timeline(
            actor,
            case,
            events.REFERRAL_EXTENDED,
            f"{agency.name}以案情重大疑难复杂延长审查期限至{referral.decide_by:%Y年%m月%d日}",
            subject=referral,
            referral_id=referral.pk,
        )
    return referral


def referral_decide(
    *, actor, referral_id, opened: bool, reasons: str = "", police_case_number: str = ""
) -> CrimeReferral:
    """The police's decision, recorded by their liaison officer: a case opened, or declined with
    the reasons (法发〔2025〕8号 art. 五: 不予立案 … 说明理由)."""
    reasons = (reasons or "").strip()
    agency = user_agency(actor)
    _check_liaison(actor, agency)
    with transaction.atomic():
        case, referral = _lock_referral_for_agency(agency, referral_id)
        if referral.status != ReferralStatus.SENT:
            raise Conflict(_("The police's decision has already been recorded."), code="already_decided")
        if not opened and not reasons:
            raise _invalid("reasons", _("Give the reasons for not opening a case."))
        if opened:
            referral.open()
        else:
            referral.decline()
        referral.decided_by = actor
        referral.reasons = reasons
        referral.police_case_number = (police_case_number or "").strip()[:60]
        referral.save()
        verdict = "决定立案侦查" if opened else f"决定不予立案（{reasons}）"
        _timeline(
            actor,
            case,
            events.REFERRAL_DECIDED,
            f"{agency.name}对移送的{referral.respondent.name}涉嫌拒不执行判决、裁定罪案件{verdict}",
            subject=referral,
            referral_id=referral.pk,
            opened=opened,
        )
        notification_queue(
            recipient=case.judge,
            kind="referral.decided",
            title=f"{case.number}：{agency.name}{verdict}",
            link=reverse("sanctions-penalties:case", args=[case.pk]),
        )
    return referral


def referral_not_prosecuted(*, actor, referral_id, note: str = "") -> CrimeReferral:
    """The procuratorate decided not to prosecute: recorded by the judge or head of the case."""
    case_id = (
        CrimeReferral.objects.filter(pk=referral_id, court__in=_courts(actor))
        .values_list("case_id", flat=True)
        .first()
        if str(referral_id).isdigit()
        else None
    )
    if case_id is None:
        raise NotFound(_("The referral does not exist."))
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor).case
        _check_staff(actor, case)
        referral = CrimeReferral.objects.select_for_update().get(pk=referral_id)
        if referral.status != ReferralStatus.OPENED:
            raise Conflict(
                _("Only a referral the police opened can end in no prosecution."), code="not_opened"
            )
        referral.not_prosecuted()
        referral.reasons = (note or "").strip() or referral.reasons
        referral.save()
        _timeline(
            actor,
            case,
            events.REFERRAL_NOT_PROSECUTED,
            f"人民检察院对{referral.respondent.name}涉嫌拒不执行判决、裁定罪决定不起诉",
            subject=referral,
            referral_id=referral.pk,
        )
    return referral
