"""Every action on a case, in one table: who may propose it, which role approves it (None: done at
once by the proposer), the django-fsm transition it runs and the conditions it needs.

This module is the registry and holds the case's own actions. Apps above cases register theirs from
their AppConfig.ready() with `register(...)` (assistance: signing notices, measures beyond the debt;
later sanctions, disposal, money, aid), and add conditions to an action of another app with
`add_condition(...)` (documents: 终本 needs the execution notice and the asset-report order served).
Approvals, the approvals inbox (who approves anything: `approver_roles`) and the API read it."""

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import closing, rules
from cases.choices import CaseStage, CaseState
from cases.models import compute_deadline
from cases.resumption import case_resume_open
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.errors import InvalidInput
from enforcement.registry import AuditEventType, audit_event_types

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
    # may return a sentence for the timeline ("届满日 … → …"), Chinese whoever acts: a callable or a
    # lazy string built from labels is evaluated in the record language (enforcement.i18n)
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
    # the stage of enforcement the case page lists it under (cases.choices.CaseStage); "" for an
    # action that belongs to no one stage (the time limit, suspension), listed after the stages
    stage: str = ""
    # callables(case=, actor=, approval=) run in the decision's transaction once an approved action
    # is carried out: what another app does on it (documents: the ruling 中止/终结/终本 need)
    on_approved: tuple[Callable, ...] = field(default=())

    @property
    def event(self) -> AuditEventType:
        """The audit event carrying the action out writes (on the case timeline)."""
        return AuditEventType(f"case.{self.key}", self.label)


ACTIONS: dict[str, CaseAction] = {}


def register(action: CaseAction) -> CaseAction:
    """Add an action to the table, and its audit event to the kernel's event types."""
    if action.key in ACTIONS:
        raise ValueError(f"action {action.key} registered twice")
    ACTIONS[action.key] = action
    audit_event_types.register(action.event)
    return action


def get_action(key: str) -> CaseAction | None:
    return ACTIONS.get(key)


def add_condition(key: str, condition: Callable) -> CaseAction:
    """Add a condition (callable(case) -> a reason, or None when met) to a registered action: an app
    above cases adds what an action of cases needs from it. Conditions are checked in the order they
    were added."""
    action = ACTIONS.get(key)
    if action is None:
        raise ValueError(f"no action {key} to add a condition to")
    if condition not in action.conditions:
        ACTIONS[key] = dataclasses.replace(action, conditions=(*action.conditions, condition))
    return ACTIONS[key]


def add_on_approved(key: str, hook: Callable) -> CaseAction:
    """Add hook(case=, actor=, approval=) to what approving a registered action also does, in the
    same transaction: an app above cases acts on it without cases naming that app."""
    action = ACTIONS.get(key)
    if action is None:
        raise ValueError(f"no action {key} to add an approval hook to")
    if hook not in action.on_approved:
        ACTIONS[key] = dataclasses.replace(action, on_approved=(*action.on_approved, hook))
    return ACTIONS[key]


def checklist(label, evidence: Callable | None = None, prefetch: Callable | None = None):
    """Give a condition the line it shows as on an approval's checklist and the case page (终本's
    conditions); evidence(case) -> the address of what shows it met or missing (a page of the case);
    prefetch(cases) loads what the condition reads for a page of cases at once and keeps it on them
    (the approvals inbox: cases.approval_facts)."""

    def mark(condition: Callable) -> Callable:
        condition.checklist_label = label
        condition.checklist_evidence = evidence
        condition.checklist_prefetch = prefetch
        return condition

    return mark


def prefetch_checklist(key: str, cases) -> None:
    """Let each condition of an action load what it reads for these cases at once (each loader once)."""
    action = ACTIONS.get(key)
    if action is None:
        return
    cases = list(cases)
    done = set()
    for condition in action.conditions:
        loader = getattr(condition, "checklist_prefetch", None)
        if loader is not None and loader not in done:
            done.add(loader)
            loader(cases)


def condition_label(condition: Callable) -> str:
    return str(getattr(condition, "checklist_label", "") or condition.__name__)


def condition_evidence(condition: Callable, case) -> str:
    evidence = getattr(condition, "checklist_evidence", None)
    return evidence(case) if evidence else ""


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    reason: str | None  # None when met
    url: str

    @property
    def met(self) -> bool:
        return self.reason is None


def action_checklist(key: str, case) -> list[ChecklistItem]:
    """Each condition of an action checked on the case now, with its evidence (终本's checklist on
    the case page and the approval)."""
    action = ACTIONS.get(key)
    if action is None:
        return []
    return [
        ChecklistItem(condition_label(c), c(case), condition_evidence(c, case)) for c in action.conditions
    ]


def approver_roles() -> set[str]:
    """Roles that approve something in the actions table: they get the approvals inbox."""
    return {a.approver_role for a in ACTIONS.values() if a.approver_role}


# --- conditions ----------------------------------------------------------------------------------
def _today():
    return timezone.localdate()


CN_NUMERALS = "零一二三四五六七八九十"


def end_round_earliest(case, *, on=None):
    """The first day 终本 is allowed: more than the rule's months since filing (终本规定 art. 1
    item (四), "已超过三个月"), so the day after filed_on + 3 months. relativedelta keeps month ends
    (filed 11-30 → 02-28, allowed from 03-01). The rule in force on the day of the decision applies."""
    months = int(rules.rule(rules.END_ROUND_SINCE_FILING_MONTHS, on=on or _today()).value)
    return case.filed_on + relativedelta(months=months) + dt.timedelta(days=1), months


def _months_text(months: int) -> str:
    """A number of months in a sentence: 三 in Chinese (as the rule words it), 3 otherwise."""
    chinese = (translation.get_language() or "zh-hans").startswith("zh")
    return CN_NUMERALS[months] if chinese and months <= 10 else str(months)


def _case_page(anchor: str = "") -> Callable:
    def url(case) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")

    return url


@checklist(_("More than three months since filing"), evidence=_case_page())
def at_least_three_months_since_filing(case) -> str | None:
    """终本 needs more than 3 months since filing (终本规定 2016 art. 1 item (四))."""
    today = _today()
    earliest, months = end_round_earliest(case, on=today)
    if today < earliest:
        return gettext(
            "No more than %(months)s months since filing: the current round may be terminated from %(date)s."
        ) % {"months": _months_text(months), "date": format_date(earliest)}
    return None


def _prefetch_heard(cases) -> None:
    from cases.models import ApplicantHearing

    heard = set(ApplicantHearing.objects.filter(case__in=cases).values_list("case_id", flat=True))
    for case in cases:
        case.end_round_heard = case.pk in heard


@checklist(
    _("Applicant heard or told in writing"), evidence=_case_page("end-round"), prefetch=_prefetch_heard
)
def applicant_heard(case) -> str | None:
    """终本 needs the applicant heard (约谈) or told in writing (终本规定 2016 art. 1): a record of the
    case (cases.models.ApplicantHearing, cases.services.applicant_hearing_record)."""
    heard = getattr(case, "end_round_heard", None)  # from _prefetch_heard, on a page of cases
    if heard is None:
        heard = case.applicant_hearings.exists()
    if not heard:
        return gettext("The applicant has not yet been heard or told in writing.")
    return None


# 限制消费令 issued (and 失信 where its grounds hold) and obstruction sanctioned (终本规定 2016 art. 1):
# the sanctions app that issues them adds these conditions from its ready() with
# add_condition(END_ROUND, ...); until it exists the checklist does not show them.
END_ROUND = "end_round"


# --- extra work done with a transition -------------------------------------------------------------
def _extension_limit() -> int:
    return int(rules.rule(rules.CASE_LIMIT_EXTENSION_MONTHS, on=timezone.localdate()).value)


def clean_extension(payload: dict) -> dict:
    """{"months": 1..3} (the statutory extension by default)."""
    allowed = _extension_limit()
    raw = payload.get("months", allowed)
    try:
        months = int(raw)
    except (TypeError, ValueError):
        months = 0
    if isinstance(raw, bool) or str(raw).strip() != str(months) or not 1 <= months <= allowed:
        message = gettext("An extension is a whole number of months from 1 to %(allowed)s.") % {
            "allowed": allowed
        }
        raise InvalidInput(message, fields={"payload.months": [message]})
    return {"months": months}


def _extend(*, case, actor, payload):
    """Extend the time limit by the approved number of months."""
    months = clean_extension(payload)["months"]
    before = case.deadline
    case.extension_months += months
    case.deadline = compute_deadline(case)
    case.deadline_warned_at = None
    case.overdue_at = None
    return f"延长执行期限{months}个月，届满日 {before:%Y年%m月%d日} → {case.deadline:%Y年%m月%d日}"


def _lift_suspension(*, case, actor, payload):
    """Days suspended do not count: push the deadline back by them."""
    days = (timezone.localdate() - case.suspended_since).days if case.suspended_since else 0
    case.suspended_days += days
    case.suspended_since = None
    case.deadline = compute_deadline(case)
    case.deadline_warned_at = None
    case.overdue_at = None
    return f"中止期间{days}天不计入执行期限，届满日为{case.deadline:%Y年%m月%d日}"


def _resume(*, case, actor, payload):
    """恢复执行: open a linked 执恢 case starting at investigating (the original stays closed)."""
    resumed = case_resume_open(actor=actor, original=case)
    return f"恢复执行，立执恢案件 {resumed.number}"


def can_resume(case) -> str | None:
    if case.state not in (CaseState.TERMINATED_ROUND, CaseState.SETTLED):
        return gettext(
            "Only a case closed by terminating this round of enforcement or by settlement can be resumed."
        )
    if case.resumptions.exists():
        return gettext("This case has already been resumed.")
    return None


def can_extend(case) -> str | None:
    if case.state not in CaseState.running_states():
        return gettext("Only a case under enforcement can have its time limit extended.")
    return None


# --- the table -----------------------------------------------------------------------------------
C, J, H = R.CLERK, R.JUDGE, R.HEAD
register(
    CaseAction(
        "investigate",
        _("start asset investigation"),
        (J, H, C),
        None,
        transition="investigate",
        stage=CaseStage.FILING,
    )
)
register(
    CaseAction(
        "dispose",
        _("move to disposal of assets"),
        (J, H),
        None,
        transition="dispose",
        stage=CaseStage.INVESTIGATION,
    )
)
register(
    CaseAction(
        "back_to_investigation",
        _("return to investigation"),
        (J, H),
        None,
        transition="back_to_investigation",
        stage=CaseStage.DISPOSAL,
    )
)
register(
    CaseAction(
        "pay_out", _("move to paying out"), (J, H), None, transition="pay_out", stage=CaseStage.DISPOSAL
    )
)
register(
    CaseAction(
        "conclude", _("close as fully enforced"), (J, H), H, transition="conclude", stage=CaseStage.PAYOUT
    )
)
register(
    CaseAction(
        "end_round",
        _("terminate the current round"),
        (J, H),
        H,
        transition="end_round",
        # documents, assets and assistance add theirs (their ready()); sanctions will (END_ROUND)
        conditions=(at_least_three_months_since_filing, applicant_heard),
        stage=CaseStage.CLOSING,
    )
)
# settle, record_instalment, resume_on_breach, terminate and withdraw record what the law asks of
# each (cases.closing); approving a closing also lifts the measures (assistance) and issues the
# closing document (documents), through their add_on_approved hooks
register(
    CaseAction(
        "settle",
        _("record a settlement"),
        (J, H, C),
        J,
        transition="settle",
        stage=CaseStage.CLOSING,
        perform=closing.settle_perform,
        clean_payload=closing.clean_settlement,
    )
)
register(
    CaseAction(
        "record_instalment",
        _("record performance of a settlement instalment"),
        (J, H, C),
        None,
        conditions=(closing.has_settlement,),
        perform=closing.performance_perform,
        clean_payload=closing.clean_performance,
        stage=CaseStage.CLOSING,
    )
)
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
register(
    CaseAction(
        "terminate",
        _("terminate enforcement"),
        (J, H),
        H,
        transition="terminate",
        stage=CaseStage.CLOSING,
        perform=closing.terminate_perform,
        clean_payload=closing.clean_termination,
    )
)
register(
    CaseAction(
        "withdraw",
        _("record withdrawal of the application"),
        (J, H, C),
        J,
        transition="withdraw",
        stage=CaseStage.CLOSING,
        perform=closing.withdraw_perform,
        clean_payload=closing.clean_withdrawal,
    )
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
        _("resume enforcement (opens a resumed-enforcement case)"),
        (J, H, C),
        H,
        conditions=(can_resume,),
        perform=_resume,
        stage=CaseStage.CLOSING,
    )
)
register(
    CaseAction(
        "resume_on_breach",
        _("resume enforcement on breach of the settlement (opens a resumed-enforcement case)"),
        (J, H, C),
        H,
        conditions=(closing.can_resume_on_breach,),
        perform=closing.breach_perform,
        clean_payload=closing.clean_breach,
        stage=CaseStage.CLOSING,
    )
)
# a settled case resumes only on breach, with its ground and what was performed deducted
add_condition("resume", closing.settled_resumes_on_breach)
