"""Closing a case lifts what it holds. Approving a closing (执行完毕, 执行和解, 终结执行, 撤回:
cases.closing) runs this hook in the decision's transaction (cases.actions.add_on_approved, from
AssistanceConfig.ready()): every measure of the case that holds or is about to hold property
(requested, in effect, queued) gets its lifting notice (解除协助执行通知书, 执行联动 rules art. 19)
drafted to its holder agency for the judge to sign — a court document is never sent in anyone's
name by the system — or, when its own notice was never sent, is withdrawn with that notice. A
measure that already has a lifting notice on its way gets no second one; one whose asset has no
assisting agency on record is named on the timeline to be lifted offline. The judge is told.

终本 is not among the closings: the measures stand after it (the case may be resumed)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance import events
from assistance import rules as arules
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_cancel
from cases.actions import get_action
from enforcement.audit import audit_record
from enforcement.i18n import record_text
from enforcement.notifications import notification_queue

CLOSING_ACTIONS = ("conclude", "settle", "terminate", "withdraw")
HOLDING = [MeasureStatus.REQUESTED, MeasureStatus.ACTIVE, MeasureStatus.QUEUED]
UNSENT = (NoticeStatus.DRAFT, NoticeStatus.APPROVED)
LIFT_PENDING = [NoticeStatus.DRAFT, NoticeStatus.APPROVED, *NoticeStatus.awaiting_answer()]


def _carrying(measure_ids) -> dict[int, Notice]:
    """The notice that carries out each measure (its first), locked: the case's notices before its
    measures (cases.locking)."""
    notices = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(measure_id__in=measure_ids, action__in=list(arules.MEASURE_OF_ACTION))
        .order_by("id")
    )
    out: dict[int, Notice] = {}
    for notice in notices:
        out.setdefault(notice.measure_id, notice)
    return out


def lift_on_closing(*, case, actor, approval) -> list[Notice]:
    """The on-approved hook of the closing actions: the lifting notices drafted (and the measures
    withdrawn with their unsent notices). Runs inside approval_decide's transaction, the case and
    the approval locked."""
    if approval.action not in CLOSING_ACTIONS:
        return []
    ids = list(ControlMeasure.objects.filter(case=case, status__in=HOLDING).values_list("id", flat=True))
    if not ids:
        return []
    carrying = _carrying(ids)
    measures = list(
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("asset", "asset__holder_agency")
        .filter(pk__in=ids, status__in=HOLDING)
        .order_by("id")
    )
    action = get_action(approval.action)
    closing = record_text(action.label) if action else approval.action
    reason = f"案件结案（{closing}），解除控制措施"
    drafted: list[Notice] = []
    offline = []
    for measure in measures:
        notice = carrying.get(measure.pk)
        if measure.status == MeasureStatus.REQUESTED and notice is not None and notice.status in UNSENT:
            notice_cancel(notice_id=notice.pk, case=case, actor=actor, why=reason)
            continue
        if Notice.objects.filter(measure=measure, action=NoticeAction.LIFT, status__in=LIFT_PENDING).exists():
            continue
        agency = measure.asset.holder_agency or (notice.agency if notice is not None else None)
        if agency is None:
            offline.append(measure)
            continue
        lift = Notice.objects.create(
            court=case.court,
            case=case,
            agency=agency,
            action=NoticeAction.LIFT,
            asset=measure.asset,
            measure=measure,
            respondent=measure.asset.owner,
            created_by=actor,
            payload={"reason": reason, "on_closing": approval.action},
        )
        drafted.append(lift)
        audit_record(
            actor=actor,
            action=events.NOTICE_DRAFTED,
            obj=case,
            subject=lift,
            court=case.court,
            summary=lambda lift=lift, measure=measure: (
                f"结案起草解除协助执行通知书：{lift.agency.name}，{measure.get_kind_display()}{measure.asset}，待承办法官签发"
            ),
            data={"notice_id": lift.pk, "measure_id": measure.pk, "on_closing": approval.action},
        )
    if drafted or offline:
        audit_record(
            actor=actor,
            action=events.MEASURES_LIFT_ON_CLOSING,
            obj=case,
            subject=approval,
            court=case.court,
            summary=lambda: (
                f"结案解除控制措施：起草解除协助执行通知书{len(drafted)}份"
                + (
                    "；无协助执行单位、须线下解除："
                    + "、".join(f"{m.get_kind_display()}{m.asset}" for m in offline)
                    if offline
                    else ""
                )
            ),
            data={
                "notices": [n.pk for n in drafted],
                "offline_measures": [m.pk for m in offline],
                "action": approval.action,
            },
        )
        notification_queue(
            recipient=case.judge,
            kind="measure.lift_on_closing",
            title=lambda: (
                _("%(number)s is closed: sign the lifting notices of its measures") % {"number": case.number}
            ),
            body=lambda: (
                _("%(drafted)s lifting notices drafted; %(offline)s measures to lift offline.")
                % {"drafted": len(drafted), "offline": len(offline)}
            ),
            link=reverse("assistance:case", args=[case.pk]),
        )
    return drafted


def register_lift_on_closing() -> None:
    from cases.actions import add_on_approved

    for key in CLOSING_ACTIONS:
        add_on_approved(key, lift_on_closing)
