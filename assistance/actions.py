"""The assistance app's actions in the case actions table (cases.actions), registered from
AssistanceConfig.ready(): signing a clerk's notice (a judge approves), a measure beyond the debt
(超标的查封: the head approves), and keeping a measure an agency's answer showed to hold more than is
owed (raised by the system, never proposed by hand)."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assistance.models import Notice
from assistance.services import measure_over_limit_refused, notice_approve_and_send, notice_cancel
from cases.actions import CaseAction, register
from cases.choices import CaseStage
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput

C, J, H = Role.CLERK, Role.JUDGE, Role.HEAD


# --- signing a clerk's notice, and a measure beyond the debt (超标的查封) ----------------------------
def _send_notice_over_limit(*, case, actor, payload):
    return _send_notice(case=case, actor=actor, payload=payload, over_limit_approved=True)


def _send_notice(*, case, actor, payload, over_limit_approved=False):
    notice = Notice.objects.filter(pk=payload.get("notice_id"), case=case).first()
    if notice is None:
        raise Conflict(gettext("The notice no longer exists."), code="notice_missing")
    notice_approve_and_send(actor=actor, notice=notice, over_limit_approved=over_limit_approved)
    return lambda: f"签发协助执行通知书：{notice.agency.name}（{notice.get_action_display()}）"


def _notice_subject(payload: dict) -> str:
    return f"notice:{payload.get('notice_id')}"


def _notice_rejected(*, case, actor, payload):
    notice_cancel(notice_id=payload.get("notice_id"), case=case, actor=actor, why="审批未通过")


def clean_notice_payload(payload: dict) -> dict:
    try:
        return {"notice_id": int(payload["notice_id"])}
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            gettext("The notice id is missing."),
            fields={"payload.notice_id": [gettext("The notice id is missing.")]},
        ) from None


register(
    CaseAction(
        "send_notice",
        _("sign and send an assistance notice"),
        (C,),
        J,
        perform=_send_notice,
        clean_payload=clean_notice_payload,
        subject_key=_notice_subject,
        on_reject=_notice_rejected,
        stage=CaseStage.CONTROL,
    )
)
register(
    CaseAction(
        "send_notice_over_limit",
        _("send a measure beyond the debt"),
        (J, H, C),
        H,
        perform=_send_notice_over_limit,
        clean_payload=clean_notice_payload,
        subject_key=_notice_subject,
        on_reject=_notice_rejected,
        stage=CaseStage.CONTROL,
    )
)


# --- a measure found, on the agency's answer, to hold more than is owed (超标的复核) -----------------
# Raised by the system (assistance.services._over_limit_recheck), never proposed by hand: no
# proposer roles. The measure stands while the head decides; approving records the justification,
# refusing drafts the lifting notice for the excess.
def _measure_subject(payload: dict) -> str:
    return f"measure:{payload.get('measure_id')}"


def _keep_over_limit(*, case, actor, payload):
    held, owed = Decimal(str(payload.get("held", "0"))), Decimal(str(payload.get("owed", "0")))
    return f"继续控制{payload.get('asset', '')}（控制¥{held:,.2f}，尚欠¥{owed:,.2f}）"


def _over_limit_refused(*, case, actor, payload):
    measure_over_limit_refused(case=case, actor=actor, measure_id=payload.get("measure_id"))


register(
    CaseAction(
        "keep_over_limit",
        _("keep a measure that holds beyond the debt"),
        (),
        H,
        perform=_keep_over_limit,
        subject_key=_measure_subject,
        on_reject=_over_limit_refused,
        note_required_on_approve=True,
        stage=CaseStage.CONTROL,
    )
)
