"""Every action on a case, in one table: who may propose it, which role approves it (None: done at
once by the proposer), the django-fsm transition it runs and the conditions it needs.

Later apps add their actions (blacklisting, fines, detention, auction, payouts, aid) with
`register(...)`; approvals, the inbox and the API pick them up from here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from enforcement.choices import Role

R = Role


@dataclass(frozen=True)
class CaseAction:
    key: str
    label: str
    proposer_roles: tuple[str, ...]
    approver_role: str | None
    # name of the Case @transition method run when the action is carried out (None: no state change)
    transition: str | None = None
    # callables(case) -> str | None: a reason the action cannot be taken now, or None when met
    conditions: tuple[Callable, ...] = field(default=())
    # extra work done in the same transaction after the transition: perform(case=, actor=, payload=)
    # may return a sentence for the timeline ("届满日 … → …")
    perform: Callable | None = None
    # checks the payload when the action is proposed: clean_payload(payload) -> cleaned payload,
    # raising enforcement.errors.InvalidInput; so a bad payload never reaches the approver
    clean_payload: Callable | None = None
    # subject_key(payload) -> str: what the request is about within the case (one pending each)
    subject_key: Callable | None = None
    # on_reject(case=, actor=, payload=): undo what proposing set up, when the approver says no
    on_reject: Callable | None = None
    # the approver must say why when approving, too (the approval is the written justification)
    note_required_on_approve: bool = False


ACTIONS: dict[str, CaseAction] = {}


def register(action: CaseAction) -> CaseAction:
    if action.key in ACTIONS:
        raise ValueError(f"action {action.key} registered twice")
    ACTIONS[action.key] = action
    return action


def get_action(key: str) -> CaseAction | None:
    return ACTIONS.get(key)


def approval_table() -> list[tuple[str, str, str | None]]:
    """(action key, label, approver role) for the documentation page and tests."""
    return [(a.key, str(a.label), a.approver_role) for a in ACTIONS.values()]


# --- conditions ----------------------------------------------------------------------------------
def _today():
    from django.utils import timezone

    return timezone.localdate()


CN_NUMERALS = "零一二三四五六七八九十"


def end_round_earliest(case, *, on=None):
    """The first day 终本 is allowed: more than the rule's months since filing (终本规定 art. 1
    item (四), "已超过三个月"), so the day after filed_on + 3 months. relativedelta keeps month ends
    (filed 11-30 → 02-28, allowed from 03-01). The rule in force on the day of the decision applies."""
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    from cases import rules

    months = int(rules.rule(rules.END_ROUND_SINCE_FILING_MONTHS, on=on or _today()).value)
    return case.filed_on + relativedelta(months=months) + dt.timedelta(days=1), months


def at_least_three_months_since_filing(case) -> str | None:
    """终本 needs more than 3 months since filing (终本规定 2016 art. 1 item (四))."""
    from django.utils.translation import gettext as _

    from cases.money import format_date_cn

    today = _today()
    earliest, months = end_round_earliest(case, on=today)
    if today < earliest:
        return _(
            "No more than %(months)s months since filing: the current round may be terminated from %(date)s."
        ) % {"months": CN_NUMERALS[months] if months <= 10 else months, "date": format_date_cn(earliest)}
    return None


def execution_notice_and_report_order_served(case) -> str | None:
    """终本 needs the execution notice and the asset-report order served (终本规定 2016 art. 1 item (一))."""
    from documents.services import missing_end_round_documents

    return missing_end_round_documents(case)


# --- extra work done with a transition -------------------------------------------------------------
def _extension_limit() -> int:
    from django.utils import timezone

    from cases import rules

    return int(rules.rule(rules.CASE_LIMIT_EXTENSION_MONTHS, on=timezone.localdate()).value)


def clean_extension(payload: dict) -> dict:
    """{"months": 1..3} (the statutory extension by default)."""
    from enforcement.errors import InvalidInput

    allowed = _extension_limit()
    raw = payload.get("months", allowed)
    try:
        months = int(raw)
    except (TypeError, ValueError):
        months = 0
    if isinstance(raw, bool) or str(raw).strip() != str(months) or not 1 <= months <= allowed:
        message = f"延长期限须为1至{allowed}个月的整数。"
        raise InvalidInput(message, fields={"payload.months": [message]})
    return {"months": months}


def _extend(*, case, actor, payload):
    """Extend the time limit by the approved number of months."""
    from cases.services import compute_deadline

    months = clean_extension(payload)["months"]
    before = case.deadline
    case.extension_months += months
    case.deadline = compute_deadline(case)
    case.deadline_warned_at = None
    case.overdue_at = None
    return f"延长执行期限{months}个月，届满日 {before:%Y年%m月%d日} → {case.deadline:%Y年%m月%d日}"


def _lift_suspension(*, case, actor, payload):
    """Days suspended do not count: push the deadline back by them."""
    from django.utils import timezone

    from cases.services import compute_deadline

    days = (timezone.localdate() - case.suspended_since).days if case.suspended_since else 0
    case.suspended_days += days
    case.suspended_since = None
    case.deadline = compute_deadline(case)
    case.deadline_warned_at = None
    case.overdue_at = None
    return f"中止期间{days}天不计入执行期限，届满日为{case.deadline:%Y年%m月%d日}"


def _resume(*, case, actor, payload):
    """恢复执行: open a linked 执恢 case starting at investigating (the original stays closed)."""
    from cases.services import case_resume_open

    resumed = case_resume_open(actor=actor, original=case)
    return f"恢复执行，立执恢案件 {resumed.number}"


def can_resume(case) -> str | None:
    from cases.choices import CaseState

    if case.state not in (CaseState.TERMINATED_ROUND, CaseState.SETTLED):
        return "只有终结本次执行程序或执行和解的案件可以恢复执行。"
    if case.resumptions.exists():
        return "本案已恢复执行。"
    return None


def can_extend(case) -> str | None:
    from cases.choices import CaseState

    if case.state not in CaseState.running_states():
        return "只有正在执行的案件可以延长执行期限。"
    return None


# --- the table -----------------------------------------------------------------------------------
C, J, H = R.CLERK, R.JUDGE, R.HEAD
register(CaseAction("investigate", _("start asset investigation"), (J, H, C), None, transition="investigate"))
register(CaseAction("dispose", _("move to disposal of assets"), (J, H), None, transition="dispose"))
register(
    CaseAction(
        "back_to_investigation",
        _("return to investigation"),
        (J, H),
        None,
        transition="back_to_investigation",
    )
)
register(CaseAction("pay_out", _("move to paying out"), (J, H), None, transition="pay_out"))
register(CaseAction("conclude", _("close as fully enforced"), (J, H), H, transition="conclude"))
register(
    CaseAction(
        "end_round",
        _("terminate the current round (终本)"),
        (J, H),
        H,
        transition="end_round",
        conditions=(at_least_three_months_since_filing, execution_notice_and_report_order_served),
    )
)
register(CaseAction("settle", _("record a settlement"), (J, H, C), J, transition="settle"))
register(CaseAction("suspend", _("suspend enforcement"), (J, H, C), H, transition="suspend"))
register(
    CaseAction(
        "lift_suspension",
        _("lift the suspension"),
        (J, H, C),
        J,
        transition="lift_suspension",
        perform=_lift_suspension,
    )
)
register(CaseAction("terminate", _("terminate enforcement"), (J, H), H, transition="terminate"))
register(
    CaseAction("withdraw", _("record withdrawal of the application"), (J, H, C), J, transition="withdraw")
)
register(
    CaseAction(
        "extend",
        _("extend the time limit"),
        (J, H),
        H,
        conditions=(can_extend,),
        perform=_extend,
        clean_payload=clean_extension,
    )
)
register(
    CaseAction(
        "resume",
        _("resume enforcement (opens a 执恢 case)"),
        (J, H, C),
        H,
        conditions=(can_resume,),
        perform=_resume,
    )
)


# --- assistance notices: signing a clerk's notice, and a measure beyond the debt (超标的查封) -------
def _send_notice_over_limit(*, case, actor, payload):
    return _send_notice(case=case, actor=actor, payload=payload, over_limit_approved=True)


def _send_notice(*, case, actor, payload, over_limit_approved=False):
    from assistance.models import Notice
    from assistance.services import notice_approve_and_send

    notice = Notice.objects.filter(pk=payload.get("notice_id"), case=case).first()
    if notice is None:
        from enforcement.errors import Conflict

        raise Conflict("通知书已不存在。", code="notice_missing")
    notice_approve_and_send(actor=actor, notice=notice, over_limit_approved=over_limit_approved)
    return f"签发协助执行通知书：{notice.agency.name}（{notice.get_action_display()}）"


def _notice_subject(payload: dict) -> str:
    return f"notice:{payload.get('notice_id')}"


def _notice_rejected(*, case, actor, payload):
    from assistance.services import notice_cancel

    notice_cancel(notice_id=payload.get("notice_id"), case=case, actor=actor, why="审批未通过")


def clean_notice_payload(payload: dict) -> dict:
    from enforcement.errors import InvalidInput

    try:
        return {"notice_id": int(payload["notice_id"])}
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("缺少通知书编号。", fields={"payload.notice_id": ["缺少通知书编号。"]}) from None


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
    )
)
register(
    CaseAction(
        "send_notice_over_limit",
        _("send a measure beyond the debt (超标的)"),
        (J, H, C),
        H,
        perform=_send_notice_over_limit,
        clean_payload=clean_notice_payload,
        subject_key=_notice_subject,
        on_reject=_notice_rejected,
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
    from assistance.services import measure_over_limit_refused

    measure_over_limit_refused(case=case, actor=actor, measure_id=payload.get("measure_id"))


register(
    CaseAction(
        "keep_over_limit",
        _("keep a measure that holds beyond the debt (超标的)"),
        (),
        H,
        perform=_keep_over_limit,
        subject_key=_measure_subject,
        on_reject=_over_limit_refused,
        note_required_on_approve=True,
    )
)
