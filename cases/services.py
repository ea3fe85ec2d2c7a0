"""Services of the cases app: every write to a case goes through here (STYLE 1-2).

Each service takes the acting user, checks permission, locks what it changes, writes the audit
event (which is also the case timeline) and queues notifications, all in one transaction."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from cases import events, rules
from cases.actions import ACTIONS, CaseAction, approver_roles, get_action
from cases.choices import (
    AgentKind,
    ApprovalStatus,
    BasisKind,
    CaseState,
    CaseType,
    HearingWay,
    IdType,
    PartyKind,
    PartyRole,
)
from cases.locking import lock_for_case
from cases.models import Approval, Case, EnforcementBasis, Party, PartyAgent, compute_deadline
from cases.money import application_fee, delay_interest, format_yuan
from cases.numbering import allocate_number, case_number
from cases.registry import facts_for
from cases.selectors import JUDGE_ROLES, can_file, works_on_case
from cases.validators import basis_key, mask_id, validate_identity
from enforcement.access import membership_of
from enforcement.audit import audit_record, audit_record_many
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError
from enforcement.i18n import in_record_language, record_text
from enforcement.models import Court, Membership, User
from enforcement.money import MONEY_MAX, fits_column, too_large_message
from enforcement.notifications import notification_queue, notification_queue_many


# --- input shapes ------------------------------------------------------------------------------
@dataclass
class AgentInput:
    """委托代理人 or 法定代理人 of a party (cases.choices.AgentKind)."""

    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    phone: str = ""


@dataclass
class PartyInput:
    role: str
    kind: str
    name: str
    id_number: str
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    # cases.choices.IdType; empty: the kind's usual document (居民身份证, 统一社会信用代码)
    id_type: str = ""
    id_note: str = ""  # what the document is, for IdType.OTHER
    agents: list[AgentInput] = field(default_factory=list)


@dataclass
class BasisInput:
    kind: str
    issuing_organ: str
    document_number: str
    effective_date: dt.date | None
    money_amount: Decimal | None = None
    non_money_obligation: str = ""
    performance_deadline: dt.date | None = None
    # What money_amount is made of; when any is given they must add up to it.
    principal: Decimal | None = None
    judgment_interest: Decimal | None = None
    costs_borne: Decimal | None = None
    other_amount: Decimal | None = None


@dataclass
class FilingInput:
    judge_id: int | None
    basis: BasisInput
    parties: list[PartyInput] = field(default_factory=list)
    clerk_id: int | None = None
    type_code: str = CaseType.FIRST
    filed_on: dt.date | None = None
    no_amount_fee: Decimal | None = None
    cause: str = ""  # 案由
    original_case_number: str = ""  # 原审案号
    related_case_numbers: list[str] = field(default_factory=list)
    # The same basis between some of the same parties was filed before (DuplicateBasis): the clerk
    # confirms this is a different application and says why.
    confirm_duplicate: bool = False
    duplicate_reason: str = ""


class DuplicateBasis(Conflict):
    """The 执行依据 was already filed between some of the same parties: the filing waits for the
    clerk's confirmation and reason (FilingInput.confirm_duplicate, duplicate_reason)."""

    code = "duplicate_basis"

    def __init__(self, earlier: list[Case]):
        self.earlier = earlier
        numbers = _(", ").join(case.number for case in earlier)
        message = _(
            "The same enforcement basis between some of the same parties was already filed as %(numbers)s. If this is a different application (another respondent, say), confirm it and give the reason."
        ) % {"numbers": numbers}
        super().__init__(message, fields={"confirm_duplicate": [message]})
        self.extra = {"earlier_cases": [{"id": case.pk, "number": case.number} for case in earlier]}


# --- helpers -----------------------------------------------------------------------------------
def _court_member_of_role(user_id, court_id, roles) -> User | None:
    if not user_id:
        return None
    membership = (
        Membership.objects.select_related("user")
        .filter(user_id=user_id, court_id=court_id, role__in=roles, user__is_active=True)
        .first()
    )
    return membership.user if membership else None


def _identity_error(id_type: str, kind: str, number: str) -> tuple[str, list[str]]:
    """(normalised number, messages): the number checked as a document of `id_type`, which must
    be one a party of `kind` may be identified by."""
    if id_type not in IdType.for_kind(kind):
        return number, [_("A party of this type is not identified by this document.")]
    try:
        return validate_identity(id_type, number), []
    except ValidationError as exc:
        return number, list(exc.messages)


def _validate_agents(party: PartyInput, prefix: str, errors: dict) -> None:
    for index, agent in enumerate(party.agents):
        key = f"{prefix}.agents[{index}]" if prefix else f"agents[{index}]"
        if agent.kind not in AgentKind.values:
            errors[f"{key}.kind"] = [_("Please choose the kind of agent.")]
        elif agent.kind == AgentKind.STATUTORY and party.kind != PartyKind.PERSON:
            errors[f"{key}.kind"] = [
                _(
                    "Only a natural person has a statutory agent; an entity acts through its legal representative."
                )
            ]
        agent.name = agent.name.strip()
        if not agent.name:
            errors[f"{key}.name"] = [_("Please enter the agent's name.")]
        agent.phone = agent.phone.strip()
        if agent.id_number.strip():
            agent.id_type = agent.id_type or IdType.RIC
            agent.id_number, messages = _identity_error(agent.id_type, PartyKind.PERSON, agent.id_number)
            if messages:
                errors[f"{key}.id_number"] = messages
        else:
            agent.id_type, agent.id_number = "", ""


def _validate_parties(parties: list[PartyInput]) -> tuple[list[PartyInput], dict]:
    errors: dict[str, list[str]] = {}
    cleaned = []
    roles = [p.role for p in parties]
    if PartyRole.APPLICANT not in roles:
        errors["parties"] = [_("At least one applicant is required.")]
    if PartyRole.RESPONDENT not in roles:
        errors.setdefault("parties", []).append(_("At least one respondent is required."))
    for index, party in enumerate(parties):
        prefix = f"parties[{index}]"
        if party.role not in PartyRole.values:
            errors[f"{prefix}.role"] = [_("Invalid party role.")]
        if party.kind not in PartyKind.values:
            errors[f"{prefix}.kind"] = [_("Invalid party type.")]
            continue
        if not party.name.strip():
            errors[f"{prefix}.name"] = [_("Please enter the name.")]
        party.id_type = party.id_type or IdType.default_for(party.kind)
        party.id_number, messages = _identity_error(party.id_type, party.kind, party.id_number)
        if messages:
            key = "id_type" if party.id_type not in IdType.for_kind(party.kind) else "id_number"
            errors[f"{prefix}.{key}"] = messages
        party.id_note = party.id_note.strip()
        if party.id_type == IdType.OTHER and not party.id_note:
            errors[f"{prefix}.id_note"] = [_("Please say which document this is.")]
        if party.kind == PartyKind.ENTITY and not party.legal_representative.strip():
            errors[f"{prefix}.legal_representative"] = [_("A legal entity needs a legal representative.")]
        _validate_agents(party, prefix, errors)
        party.name = party.name.strip()
        cleaned.append(party)
    return cleaned, errors


def _breakdown_error(basis: BasisInput) -> str | None:
    """The parts of the amount owed (principal, interest set by the judgment, costs, other) add
    up to the amount to pay, to the fen."""
    parts = [getattr(basis, name) for name in EnforcementBasis.BREAKDOWN_FIELDS]
    given = [part for part in parts if part is not None]
    if not given:
        return None
    if any(part < 0 for part in given):
        return _("A part of the amount cannot be negative.")
    if basis.money_amount is None:
        return _("The parts of the amount are given: please enter the amount to pay they add up to.")
    total = sum(given, Decimal("0.00"))
    if total != basis.money_amount:
        return _("The parts add up to %(total)s, not to the amount to pay %(amount)s; please check them.") % {
            "total": format_yuan(total),
            "amount": format_yuan(basis.money_amount),
        }
    return None


def normalize_case_number(value: str) -> str:
    """A case number as stored (（2026）青0102执1号) from what people type: ASCII or full-width
    brackets, spaces."""
    folded = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return folded.replace("(", "（").replace(")", "）")


@dataclass
class _Checked:
    """What case_file worked out before writing anything."""

    errors: dict
    court: object
    filed_on: dt.date
    judge: User | None = None
    clerk: User | None = None
    parties: list = field(default_factory=list)
    fee: object = None
    interest: object = None
    related: list = field(default_factory=list)


def _check_filing(actor, data: FilingInput) -> _Checked:
    """Every rule of a filing, all at once: each wrong field is reported, none hides another."""
    if not can_file(actor):
        raise NotAllowed(_("Only a court clerk or enforcement judge can file a case."))
    membership = membership_of(actor)
    court = membership.court
    errors: dict[str, list[str]] = {}
    filed_on = data.filed_on or timezone.localdate()
    checked = _Checked(errors=errors, court=court, filed_on=filed_on)
    checked.judge = _court_member_of_role(data.judge_id, court.pk, JUDGE_ROLES)
    if checked.judge is None:
        errors["judge"] = [_("The judge in charge must be an enforcement judge of this court.")]
    if data.clerk_id:
        checked.clerk = _court_member_of_role(data.clerk_id, court.pk, [Role.CLERK])
        if checked.clerk is None:
            errors["clerk"] = [_("The clerk must be a clerk of this court.")]
    elif membership.role == Role.CLERK:
        checked.clerk = actor
    if data.type_code not in CaseType.values:
        errors["type_code"] = [_("Invalid case type.")]
    basis = data.basis
    if basis.kind not in BasisKind.values:
        errors["basis.kind"] = [_("Invalid kind of enforcement basis.")]
    if not basis.issuing_organ.strip():
        errors["basis.issuing_organ"] = [_("Please enter the organ that issued the enforcement basis.")]
    if not basis.document_number.strip():
        errors["basis.document_number"] = [_("Please enter the document number of the enforcement basis.")]
    if basis.effective_date and basis.effective_date > filed_on:
        errors["basis.effective_date"] = [
            _("The enforcement basis cannot take effect after the filing date.")
        ]
    if basis.money_amount is not None and basis.money_amount <= 0:
        errors["basis.money_amount"] = [_("The amount to pay must be greater than zero.")]
    elif basis.money_amount is not None and basis.money_amount > MONEY_MAX:
        errors["basis.money_amount"] = [str(too_large_message())]
    elif message := _breakdown_error(basis):
        errors["basis.money_amount"] = [message]
    if basis.money_amount is None and not basis.non_money_obligation.strip():
        errors["basis.non_money_obligation"] = [
            _("Please enter the amount to pay or the non-monetary obligation.")
        ]
    checked.parties, party_errors = _validate_parties(list(data.parties))
    errors.update(party_errors)
    numbers = [normalize_case_number(n) for n in data.related_case_numbers if str(n).strip()]
    if numbers:
        found = {c.number: c for c in Case.objects.visible_to(actor).filter(number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            errors["related_case_numbers"] = [
                _("No case you may see has the number %(numbers)s.") % {"numbers": _(", ").join(missing)}
            ]
        checked.related = list(found.values())
    if "basis.money_amount" not in errors and "no_amount_fee" not in errors:
        try:
            checked.fee = application_fee(basis.money_amount, on=filed_on, no_amount_fee=data.no_amount_fee)
        except (ValueError, TypeError) as exc:
            errors["no_amount_fee"] = [str(exc)]
    deadline = basis.performance_deadline
    if basis.money_amount and deadline and deadline < filed_on and "basis.money_amount" not in errors:
        try:
            checked.interest = delay_interest(basis.money_amount, start=deadline, end=filed_on)
        except (rules.RuleNotFound, ValueError) as exc:
            errors["basis.performance_deadline"] = [str(exc)]
        else:
            column = Case._meta.get_field("delay_interest")
            if not fits_column(
                checked.interest.amount, max_digits=column.max_digits, decimal_places=column.decimal_places
            ):
                errors["basis.performance_deadline"] = [
                    str(_("The delayed-performance interest computed from this date is too large to record."))
                ]
    return checked


# The filing rules that read another field than the one they report on: with that field
# unreadable (left empty), the rule would answer for the emptiness, not for what was sent.
_FILING_ERROR_READS = {
    "basis.money_amount": tuple(f"basis.{name}" for name in EnforcementBasis.BREAKDOWN_FIELDS),
    "basis.non_money_obligation": ("basis.money_amount",),
    "basis.performance_deadline": ("basis.money_amount",),
    "no_amount_fee": ("basis.money_amount",),
}
_PARTY_ERROR_READS = {"id_type": ("kind",), "id_number": ("kind", "id_type"), "id_note": ("id_type",)}
_PARTY_KEY = re.compile(r"^(?P<party>parties\[\d+\])(?P<agent>\.agents\[\d+\])?\.(?P<name>\w+)$")


def _within(key: str, other: str) -> bool:
    """`key` names `other` or a part of it ("parties[1].name" within "parties[1]", "parties")."""
    return key == other or key.startswith((f"{other}.", f"{other}["))


def _reads_unreadable(key: str, unreadable) -> bool:
    """Whether the rule answering under `key` reads a field in `unreadable` (see filing_errors)."""
    reads = [key, *_FILING_ERROR_READS.get(key, ())]
    if match := _PARTY_KEY.match(key):
        party = match["party"]
        if match["agent"]:
            reads.append(f"{party}.kind")  # a statutory agent is for a natural person only
            if match["name"] == "id_number":
                reads.append(f"{party}{match['agent']}.id_type")
        else:
            reads.extend(f"{party}.{name}" for name in _PARTY_ERROR_READS.get(match["name"], ()))
    return any(_within(read, other) or _within(other, read) for read in reads for other in unreadable)


def filing_errors(*, actor, data: FilingInput, unreadable=()) -> dict[str, list[str]]:
    """The field errors case_file would answer for this input, without saving anything. The filing
    page and the API ask this even while some fields fail their shape check, so that every mistake
    is answered in one round. `unreadable`: the keys of the fields that failed it (left empty in
    `data`); an error about such a field, a part of it or a whole it belongs to ("parties" when a
    party's role could not be read), or from a rule that reads it, is left out: the shape check's
    message is the one that applies."""
    errors = _check_filing(actor, data).errors
    if not unreadable:
        return errors
    return {key: messages for key, messages in errors.items() if not _reads_unreadable(key, unreadable)}


def duplicate_filings(actor, basis: BasisInput, parties: list[PartyInput]) -> list[Case]:
    """Earlier cases the actor may see that enforce the same 执行依据 (issuing organ and document
    number, cases.validators.basis_key) with at least one of the same parties (ID number)."""
    numbers = {p.id_number for p in parties if p.id_number}
    if not numbers:
        return []
    return list(
        Case.objects.visible_to(actor)
        .filter(basis__key=basis_key(basis.issuing_organ, basis.document_number))
        .filter(parties__id_number__in=numbers)
        .distinct()
        .order_by("filed_at", "id")
    )


# --- filing ------------------------------------------------------------------------------------
def case_file(*, actor, data: FilingInput) -> Case:
    """立案: a clerk (or judge) of a court files a case in that court. Every field error is
    answered at once (InvalidInput); a basis already filed between some of the same parties is
    answered with DuplicateBasis until the clerk confirms with a reason."""
    checked = _check_filing(actor, data)
    errors = checked.errors
    basis = data.basis
    duplicates = [] if errors else duplicate_filings(actor, basis, checked.parties)
    reason = data.duplicate_reason.strip()
    if duplicates and data.confirm_duplicate and not reason:
        errors["duplicate_reason"] = [_("Please give the reason this is a different application.")]
    if errors:
        raise InvalidInput(_("The filing has errors; please correct them as indicated."), fields=errors)
    if duplicates and not data.confirm_duplicate:
        raise DuplicateBasis(duplicates)
    reason = reason if duplicates else ""
    court, filed_on, judge, clerk = checked.court, checked.filed_on, checked.judge, checked.clerk
    fee, interest, parties = checked.fee, checked.interest, checked.parties
    non_litigation = basis.kind in BasisKind.non_litigation()
    limit_key = (
        rules.CASE_LIMIT_NON_LITIGATION_MONTHS if non_litigation else rules.CASE_LIMIT_LITIGATION_MONTHS
    )
    months = int(rules.rule(limit_key, on=filed_on).value)
    notice_days = int(rules.rule(rules.EXECUTION_NOTICE_DAYS, on=filed_on).value)

    with transaction.atomic():
        seq = allocate_number(court, filed_on.year, data.type_code)
        case = Case(
            court=court,
            year=filed_on.year,
            type_code=data.type_code,
            seq=seq,
            number=case_number(year=filed_on.year, court_code=court.code, type_code=data.type_code, seq=seq),
            filed_on=filed_on,
            filed_by=actor,
            judge=judge,
            clerk=clerk,
            subject_amount=basis.money_amount,
            application_fee=fee.amount,
            fee_explanation=fee.explanation,
            delay_interest=interest.amount if interest else Decimal("0.00"),
            interest_explanation=interest.explanation if interest else "",
            interest_parts=[part.as_dict() for part in interest.parts] if interest else [],
            non_litigation=non_litigation,
            time_limit_months=months,
            notice_due=filed_on + dt.timedelta(days=notice_days),
            deadline=filed_on,  # set just below
            cause=data.cause.strip(),
            original_case_number=normalize_case_number(data.original_case_number),
            duplicate_reason=reason,
        )
        case.deadline = compute_deadline(case)
        case.save()
        related = {c.pk: c for c in [*checked.related, *duplicates]}
        if related:
            case.related_cases.add(*related.values())
        EnforcementBasis.objects.create(
            case=case,
            kind=basis.kind,
            issuing_organ=basis.issuing_organ.strip(),
            document_number=basis.document_number.strip(),
            effective_date=basis.effective_date,
            performance_deadline=basis.performance_deadline,
            money_amount=basis.money_amount,
            principal=basis.principal,
            judgment_interest=basis.judgment_interest,
            costs_borne=basis.costs_borne,
            other_amount=basis.other_amount,
            non_money_obligation=basis.non_money_obligation.strip(),
            key=basis_key(basis.issuing_organ, basis.document_number),
        )
        positions: dict[str, int] = {}
        for party in parties:
            positions[party.role] = positions.get(party.role, 0) + 1
            row = Party.objects.create(
                case=case,
                role=party.role,
                kind=party.kind,
                name=party.name,
                id_type=party.id_type,
                id_number=party.id_number,
                id_note=party.id_note,
                legal_representative=party.legal_representative.strip(),
                address=party.address.strip(),
                phone=party.phone.strip(),
                position=positions[party.role],
            )
            PartyAgent.objects.bulk_create(
                PartyAgent(
                    party=row,
                    kind=agent.kind,
                    name=agent.name,
                    id_type=agent.id_type,
                    id_number=agent.id_number,
                    phone=agent.phone,
                    position=position,
                )
                for position, agent in enumerate(party.agents, start=1)
            )
        summary = f"立案 {case.number}"
        if duplicates:
            summary += (
                f"（同一执行依据已立案：{'、'.join(c.number for c in duplicates)}；另案申请理由：{reason}）"
            )
        audit_record(
            actor=actor,
            action=events.CASE_FILED,
            obj=case,
            court=court,
            summary=summary,
            data={
                "number": case.number,
                "judge": str(judge),
                "amount": basis.money_amount,
                "application_fee": fee.amount,
                "delay_interest": case.delay_interest,
                "deadline": case.deadline,
                "cause": case.cause,
                "original_case_number": case.original_case_number,
                "related_cases": sorted(c.number for c in related.values()),
                "duplicate_of": [c.number for c in duplicates],
                "duplicate_reason": reason,
                "parties": [
                    {
                        "role": p.role,
                        "name": p.name,
                        "id_type": p.id_type,
                        "id_number": mask_id(p.id_number),
                        "agents": [{"kind": a.kind, "name": a.name} for a in p.agents],
                    }
                    for p in parties
                ],
            },
        )
        if judge != actor:
            notification_queue(
                recipient=judge,
                kind="case.assigned",
                title=lambda: _("New case %(number)s assigned to you") % {"number": case.number},
                body=lambda: (
                    _("Filed on %(filed)s; the time limit ends on %(deadline)s.")
                    % {"filed": date_format(filed_on), "deadline": date_format(case.deadline)}
                ),
                link=reverse("cases:detail", args=[case.pk]),
            )
    return case


# --- edits -------------------------------------------------------------------------------------
EDITABLE_CASE_FIELDS = {"judge_id": "承办人", "clerk_id": "书记员"}
EDITABLE_PARTY_FIELDS = {
    "address": "地址",
    "phone": "电话",
    "legal_representative": "法定代表人",
    "name": "名称",
}


def _lock_case(actor, case_id) -> Case:
    """The case, locked first (cases.locking); NotFound for one the actor may not see."""
    return lock_for_case(case_id, actor=actor).case


def case_update(
    *,
    actor,
    case_id: int,
    judge_id: int | None = None,
    clerk_id: int | None = None,
    reason: str = "",
) -> Case:
    """Reassign the judge or clerk; the timeline keeps before and after."""
    with transaction.atomic():
        case = _lock_case(actor, case_id)
        if not (
            works_on_case(actor, case) and membership_of(actor).role in {Role.HEAD, Role.JUDGE, Role.CLERK}
        ):
            raise NotAllowed(_("Only the staff handling this case can change its details."))
        changes = {}
        if judge_id is not None and judge_id != case.judge_id:
            judge = _court_member_of_role(judge_id, case.court_id, [Role.JUDGE, Role.HEAD])
            if judge is None:
                raise InvalidInput(
                    _("The judge in charge must be an enforcement judge of this court."),
                    fields={"judge": [_("The judge in charge must be an enforcement judge of this court.")]},
                )
            changes[EDITABLE_CASE_FIELDS["judge_id"]] = (str(case.judge), str(judge))
            case.judge = judge
        if clerk_id is not None and clerk_id != case.clerk_id:
            clerk = _court_member_of_role(clerk_id, case.court_id, [Role.CLERK])
            if clerk is None:
                raise InvalidInput(
                    _("The clerk must be a clerk of this court."),
                    fields={"clerk": [_("The clerk must be a clerk of this court.")]},
                )
            changes[EDITABLE_CASE_FIELDS["clerk_id"]] = (str(case.clerk or "—"), str(clerk))
            case.clerk = clerk
        if not changes:
            return case
        case.save(update_fields=["judge", "clerk", "updated_at"])
        audit_record(
            actor=actor,
            action=events.CASE_UPDATED,
            obj=case,
            court=case.court,
            summary="修改案件信息：" + "；".join(f"{k} {a} → {b}" for k, (a, b) in changes.items()),
            data={
                "changes": {k: {"before": a, "after": b} for k, (a, b) in changes.items()},
                "reason": reason,
            },
        )
        if EDITABLE_CASE_FIELDS["judge_id"] in changes:
            notification_queue(
                recipient=case.judge,
                kind="case.assigned",
                title=lambda: _("Case %(number)s is now assigned to you") % {"number": case.number},
                link=reverse("cases:detail", args=[case.pk]),
            )
    return case


def _agents_text(agents) -> str:
    """The agents as the audit summary lists them: 赵律师（委托代理人，电话）、…, or — for none (the
    ID numbers are in the event's data, masked)."""
    with in_record_language():
        return (
            "、".join(
                f"{a.name}（{AgentKind(a.kind).label}{'，' + a.phone if a.phone else ''}）" for a in agents
            )
            or "—"
        )


def _agents_record(agents) -> list[dict]:
    return [
        {
            "kind": a.kind,
            "name": a.name,
            "id_type": a.id_type,
            "id_number": mask_id(a.id_number),
            "phone": a.phone,
        }
        for a in agents
    ]


def _agent_facts(agent) -> tuple:
    return (agent.kind, agent.name, agent.id_type, agent.id_number, agent.phone)


def party_update(*, actor, party_id: int, agents: list[AgentInput] | None = None, **values) -> Party:
    """Correct a party's contact details or name; ID numbers are not editable after filing.
    `agents`, when given, is the party's whole list of agents from now on (an agent left out is
    removed, a new one added), each checked as at filing."""
    unknown = set(values) - set(EDITABLE_PARTY_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Fields that cannot be changed."),
            fields={k: [_("This field cannot be changed.")] for k in unknown},
        )
    with transaction.atomic():
        # The case before its party (cases.locking).
        case_id = Party.objects.filter(pk=party_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise NotFound(_("The party does not exist or you may not view it."))
        case = _lock_case(actor, case_id)
        party = Party.objects.select_for_update().get(pk=party_id)
        if not works_on_case(actor, case):
            raise NotAllowed(_("Only the staff handling this case can change its parties."))
        if "name" in values and not str(values["name"]).strip():
            raise InvalidInput(_("Please enter the name."), fields={"name": [_("Please enter the name.")]})
        if (
            party.kind == PartyKind.ENTITY
            and "legal_representative" in values
            and not str(values["legal_representative"]).strip()
        ):
            raise InvalidInput(
                _("A legal entity needs a legal representative."),
                fields={"legal_representative": [_("A legal entity needs a legal representative.")]},
            )
        agents_before = list(party.agents.all()) if agents is not None else []
        if agents is not None:
            agents = [AgentInput(**vars(agent)) for agent in agents]  # the caller's stay as given
            errors: dict[str, list[str]] = {}
            _validate_agents(
                PartyInput(role=party.role, kind=party.kind, name="", id_number="", agents=agents), "", errors
            )
            if errors:
                raise InvalidInput(
                    _("The agents have errors; please correct them as indicated."), fields=errors
                )
        changes = {}
        for key, value in values.items():
            value = str(value).strip()
            if getattr(party, key) != value:
                changes[key] = {"before": getattr(party, key), "after": value}
                setattr(party, key, value)
        agents_changed = agents is not None and [_agent_facts(a) for a in agents_before] != [
            _agent_facts(a) for a in agents
        ]
        if changes:
            party.save(update_fields=list(changes))
        if agents_changed:
            party.agents.all().delete()
            PartyAgent.objects.bulk_create(
                PartyAgent(
                    party=party,
                    kind=agent.kind,
                    name=agent.name,
                    id_type=agent.id_type,
                    id_number=agent.id_number,
                    phone=agent.phone,
                    position=position,
                )
                for position, agent in enumerate(agents, start=1)
            )
        if changes or agents_changed:
            summary_parts = [
                f"{EDITABLE_PARTY_FIELDS[k]} {v['before'] or '—'} → {v['after'] or '—'}"
                for k, v in changes.items()
            ]
            data = {"party_id": party.pk, "changes": changes}
            if agents_changed:
                summary_parts += [f"代理人 {_agents_text(agents_before)} → {_agents_text(agents)}"]
                data["agents"] = {"before": _agents_record(agents_before), "after": _agents_record(agents)}
            audit_record(
                actor=actor,
                action=events.PARTY_UPDATED,
                obj=case,
                subject=party,
                court=case.court,
                summary=f"修改当事人 {party.name}：" + "；".join(summary_parts),
                data=data,
            )
    return party


# --- actions, transitions and approvals --------------------------------------------------------
@dataclass
class ActResult:
    case: Case
    approval: Approval | None  # set when the action now waits for approval
    done: bool  # True when the action was carried out now


def action_blockers(case: Case, action: CaseAction) -> list[str]:
    """Why this action cannot be taken on this case now (empty when it can)."""
    reasons = []
    if action.transition:
        method = getattr(case, action.transition)
        if not can_proceed(method, check_conditions=False):
            reasons.append(
                _("The case is “%(state)s”: “%(action)s” is not possible.")
                % {"state": case.get_state_display(), "action": action.label}
            )
    for condition in action.conditions:
        reason = condition(case)
        if reason:
            reasons.append(reason)
    return reasons


def available_actions(user, case: Case) -> list[dict]:
    """Actions this user may propose on this case now, and the ones blocked with their reasons; an
    action with a pending request on the case is left out (its request is shown instead)."""
    membership = membership_of(user)
    if membership is None or not works_on_case(user, case):
        return []
    # an action already proposed for the case itself waits for its decision: not offered again
    proposed = set(
        case.approvals.filter(status=ApprovalStatus.PENDING, subject_key="").values_list("action", flat=True)
    )
    out = []
    for action in ACTIONS.values():
        if membership.role not in action.proposer_roles or action.key in proposed:
            continue
        out.append({"action": action, "blockers": action_blockers(case, action)})
    return out


def _check_proposer(actor, case: Case, action: CaseAction) -> None:
    membership = membership_of(actor)
    if membership is None or membership.role not in action.proposer_roles or not works_on_case(actor, case):
        raise NotAllowed(_("You may not request “%(action)s”.") % {"action": action.label})


def _carry_out(case: Case, action: CaseAction, actor, payload: dict, *, reason: str = "") -> None:
    blockers = action_blockers(case, action)
    if blockers:
        raise Conflict(_("; ").join(blockers), code="transition_refused")
    before = case.state
    if action.transition:
        getattr(case, action.transition)()
    detail = action.perform(case=case, actor=actor, payload=payload) if action.perform else None
    try:
        case.save()
    except ConcurrentTransition:
        raise Conflict(
            _("Someone else changed the case at the same time; please reload and try again."),
            code="concurrent_change",
        ) from None
    summary = record_text(action.label)
    if case.state != before:
        summary += record_text(lambda: f"：{CaseState(before).label} → {case.get_state_display()}")
    if detail:  # perform may return a callable or a lazy string: see CaseAction.perform
        summary += f"；{record_text(detail)}"
    if reason:
        summary += f"（理由：{reason}）"
    audit_record(
        actor=actor,
        action=action.event,
        obj=case,
        court=case.court,
        summary=summary,
        data={"from": before, "to": case.state, "payload": payload, **({"reason": reason} if reason else {})},
    )


def case_act(
    *, actor, case_id: int, action_key: str, reason: str = "", payload: dict | None = None
) -> ActResult:
    """Propose or take an action. Actions that need approval become a pending Approval; the
    others are carried out now. Refused with Conflict (409) when the case's state forbids it."""
    action = get_action(action_key)
    if action is None:
        raise InvalidInput(
            _("Unknown action."),
            fields={"action": [_("Unknown action: %(action)s") % {"action": action_key}]},
        )
    payload = payload or {}
    with transaction.atomic():
        case = _lock_case(actor, case_id)
        _check_proposer(actor, case, action)
        if action.approver_role and not reason.strip():
            raise InvalidInput(
                _("Please give the reason for the request."),
                fields={"reason": [_("Please give the reason for the request.")]},
            )
        if action.clean_payload:
            payload = action.clean_payload(payload)
        blockers = action_blockers(case, action)
        if blockers:
            raise Conflict(_("; ").join(blockers), code="transition_refused")
        if action.approver_role is None:
            _carry_out(case, action, actor, payload, reason=reason.strip())
            return ActResult(case=case, approval=None, done=True)
        approval = _approval_open(case, action, proposer=actor, payload=payload, reason=reason)
        if approval is None:
            raise Conflict(
                _("“%(action)s” is already awaiting approval; do not request it again.")
                % {"action": action.label},
                code="already_pending",
            )
    return ActResult(case=case, approval=approval, done=False)


def _approval_open(
    case: Case, action: CaseAction, *, proposer, payload: dict, reason: str, by_system=False
) -> Approval | None:
    """Create the pending request, write its audit event, tell the approvers. None when the same
    request (action and subject) is already pending. Runs inside the caller's transaction."""
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                court=case.court,
                case=case,
                action=action.key,
                payload=payload,
                subject_key=action.subject_key(payload) if action.subject_key else "",
                reason=reason.strip(),
                proposer=proposer,
                required_role=action.approver_role,
            )
    except IntegrityError:
        return None
    who = "系统提请" if by_system else "提请"
    audit_record(
        actor=None if by_system else proposer,
        action=events.APPROVAL_PROPOSED,
        obj=case,
        subject=approval,
        court=case.court,
        summary=lambda: f"{who}{action.label}（待{Role(action.approver_role).label}审批）：{reason.strip()}",
        data={
            "approval_id": approval.pk,
            "action": action.key,
            "payload": payload,
            "reason": reason.strip(),
            **({"raised_by_system": True, "on_behalf_of": proposer.pk} if by_system else {}),
        },
    )
    approvers = User.objects.filter(
        membership__court=case.court, membership__role=action.approver_role, is_active=True
    ).exclude(pk=proposer.pk)
    for approver in approvers:
        notification_queue(
            recipient=approver,
            kind="approval.pending",
            title=lambda: (
                _("Awaiting approval: %(number)s %(action)s")
                % {"number": case.number, "action": action.label}
            ),
            body=lambda: (
                _("%(who)s requested: %(reason)s")
                % {"who": _("The system") if by_system else proposer, "reason": reason.strip()}
            ),
            link=reverse("cases:approvals"),
        )
    return approval


def approval_raise(*, case: Case, action_key: str, proposer, reason: str, payload: dict) -> Approval:
    """A request the system raises by itself (an agency's answer shows a measure holds more than
    is owed): no one proposes it by hand, so there is no proposer check; it stands in the name of
    the case's judge (who answers for the measure, is told the outcome, and may not approve it:
    four eyes), and its audit event names the system. Returns the request already pending for the
    same subject rather than a second one. Runs inside the caller's transaction."""
    action = get_action(action_key)
    if action is None or action.approver_role is None:
        raise ValueError(f"{action_key} is not an action that needs approval")
    approval = _approval_open(case, action, proposer=proposer, payload=payload, reason=reason, by_system=True)
    if approval is None:
        subject = action.subject_key(payload) if action.subject_key else ""
        approval = Approval.objects.get(
            case=case, action=action.key, subject_key=subject, status=ApprovalStatus.PENDING
        )
    return approval


def approval_decide(*, actor, approval_id: int, approve: bool, note: str = "") -> Approval:
    """Approve (and carry out the action in the same transaction) or reject with a reason."""
    with transaction.atomic():
        # The one lock order (cases.locking): the case first, then the approval; the action carried
        # out locks the case's notices and measures after them.
        case_id = Approval.objects.filter(pk=approval_id).values_list("case_id", flat=True).first()
        locks = lock_for_case(case_id, approval_ids=[approval_id]) if case_id is not None else None
        approval = locks.approval if locks is not None else None
        membership = membership_of(actor)
        if approval is None or membership is None or membership.court_id != approval.court_id:
            raise NotFound(_("The approval does not exist or you may not view it."))
        if approval.status != ApprovalStatus.PENDING:
            raise Conflict(_("This matter has already been decided."), code="already_decided")
        action = get_action(approval.action)
        if action is None:
            raise Conflict(
                _("The action “%(action)s” is no longer supported; reject it and request again.")
                % {"action": approval.action},
                code="unknown_action",
            )
        if membership.role != approval.required_role:
            raise NotAllowed(
                _("“%(action)s” must be decided by the %(role)s.")
                % {
                    "action": action.label if action else approval.action,
                    "role": Role(approval.required_role).label,
                }
            )
        if approval.proposer_id == actor.pk:
            raise NotAllowed(_("You cannot decide your own request (four-eyes review)."), code="four_eyes")
        if not approve and not note.strip():
            raise InvalidInput(
                _("Give a reason when rejecting."), fields={"note": [_("Give a reason when rejecting.")]}
            )
        if approve and action.note_required_on_approve and not note.strip():
            message = _("Approving “%(action)s” needs a reason.") % {"action": action.label}
            raise InvalidInput(message, fields={"note": [message]})
        case = locks.case
        # what the approver decided on, kept with the decision (the 审批表 prints it as it was)
        with translation.override("zh-hans"):  # recorded as the court records it, in Chinese
            facts = [fact.as_dict() for fact in facts_for(approval)]
        if approve:
            _carry_out(case, action, actor, approval.payload)
            for hook in action.on_approved:
                hook(case=case, actor=actor, approval=approval)
        elif action.on_reject:
            action.on_reject(case=case, actor=actor, payload=approval.payload)
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        approval.decided_by = actor
        approval.decided_at = timezone.now()
        approval.decision_note = note.strip()
        approval.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        verdict = "同意" if approve else "不同意"
        audit_record(
            actor=actor,
            action=events.APPROVAL_APPROVED if approve else events.APPROVAL_REJECTED,
            obj=case,
            subject=approval,
            court=case.court,
            summary=lambda: (
                f"审批{verdict}：{action.label}" + (f"（{note.strip()}）" if note.strip() else "")
            ),
            data={
                "approval_id": approval.pk,
                "action": approval.action,
                "note": note.strip(),
                **({"facts": facts} if facts else {}),
            },
        )
        notification_queue(
            recipient=approval.proposer,
            kind=f"approval.{approval.status}",
            title=lambda: (
                (_("%(number)s %(action)s: approved") if approve else _("%(number)s %(action)s: rejected"))
                % {"number": case.number, "action": action.label}
            ),
            body=note.strip(),
            link=reverse("cases:detail", args=[case.pk]),
        )
    return approval


BATCH_MAX = 50


@dataclass
class BatchDecision:
    decided: list[Approval] = field(default_factory=list)
    # (approval id, case number or "", the reason it was not decided)
    failed: list[tuple[int, str, str]] = field(default_factory=list)


def approvals_decide_batch(*, actor, approval_ids: list[int], approve: bool, note: str = "") -> BatchDecision:
    """Decide several requests with one note. Each goes through approval_decide in a transaction of
    its own: each is a decision on its own case (one case locked at a time, in the one lock order),
    and a request whose case has moved on since (a state that no longer allows the action) is
    reported without undoing the others, which stand on their own facts. Refused as a whole, before
    anything is decided, when the list is empty, too long, or holds a request of the actor's own
    (four eyes: a batch is no way around it)."""
    ids = list(dict.fromkeys(int(pk) for pk in approval_ids))
    if not ids:
        message = _("Choose at least one request.")
        raise InvalidInput(message, fields={"approvals": [message]})
    if len(ids) > BATCH_MAX:
        message = _("At most %(max)s requests can be decided at once.") % {"max": BATCH_MAX}
        raise InvalidInput(message, fields={"approvals": [message]})
    if not approve and not note.strip():
        raise InvalidInput(
            _("Give a reason when rejecting."), fields={"note": [_("Give a reason when rejecting.")]}
        )
    membership = membership_of(actor)
    if membership is None or membership.court_id is None or membership.role not in approver_roles():
        raise NotAllowed(_("Only those who approve requests can decide them."))
    if Approval.objects.filter(pk__in=ids, proposer=actor).exists():
        raise NotAllowed(
            _("The selection holds a request of your own: you cannot decide it (four-eyes review)."),
            code="four_eyes",
        )
    outcome = BatchDecision()
    court_id = membership.court_id
    # case numbers for the report, of the actor's own court only (another court's request is "not found")
    numbers = dict(Approval.objects.filter(pk__in=ids, court_id=court_id).values_list("pk", "case__number"))
    for pk in ids:
        try:
            outcome.decided.append(approval_decide(actor=actor, approval_id=pk, approve=approve, note=note))
        except ServiceError as exc:  # this one is not decided; the others stand
            outcome.failed.append((pk, numbers.get(pk, ""), str(exc.message)))
    return outcome


# --- time limits -------------------------------------------------------------------------------
SWEEP_CHUNK = 1000  # rows marked per transaction by a deadline sweep


def sweep_chunks(ids: list[int], size: int = SWEEP_CHUNK):
    """The ids of a sweep's selection in chunks of `size`, ascending (the lock order)."""
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@in_record_language()  # a sweep writes records only: its labels in the record language
def case_deadline_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: warn the judge when a case enters its last days and when it is overdue. Reads only
    the cases that are due (indexed on state and deadline) and marks each once.

    Set-based: the due ids are read in one query, then each chunk of them is one transaction that
    locks its cases (ascending id, SKIP LOCKED: a case another sweep holds is that sweep's, one a
    service holds is left for tomorrow's run, still due), reads them again under the lock with the
    condition (so a second or concurrent run marks nothing twice), marks them in one UPDATE and
    writes the audit events and notifications in one insert each."""
    today = today or timezone.localdate()
    window = int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=today).value)
    running = CaseState.running_states()
    now = timezone.now()
    entering = Case.objects.filter(
        state__in=running,
        deadline__lte=today + dt.timedelta(days=window),
        deadline__gte=today,
        deadline_warned_at__isnull=True,
    )
    late = Case.objects.filter(state__in=running, deadline__lt=today, overdue_at__isnull=True)
    warned = overdue = 0
    for chunk in sweep_chunks(list(entering.values_list("pk", flat=True))):
        with transaction.atomic():
            cases = list(
                entering.filter(pk__in=chunk).select_for_update(of=("self",), skip_locked=True).order_by("pk")
            )
            Case.objects.filter(pk__in=[case.pk for case in cases]).update(deadline_warned_at=now)
            judges = User.objects.in_bulk({case.judge_id for case in cases})
            notification_queue_many(
                [
                    {
                        "recipient": judges.get(case.judge_id),
                        "kind": "case.deadline_warning",
                        "dedupe_key": f"case:{case.pk}:warn:{case.deadline}",
                        "title": _("The time limit of case %(number)s is about to end")
                        % {"number": case.number},
                        "link": reverse("cases:detail", args=[case.pk]),
                        "body": _("The time limit ends on %(deadline)s, %(days)s days from now.")
                        % {"deadline": date_format(case.deadline), "days": (case.deadline - today).days},
                    }
                    for case in cases
                ]
            )
            warned += len(cases)
    for chunk in sweep_chunks(list(late.values_list("pk", flat=True))):
        with transaction.atomic():
            cases = list(
                late.filter(pk__in=chunk).select_for_update(of=("self",), skip_locked=True).order_by("pk")
            )
            Case.objects.filter(pk__in=[case.pk for case in cases]).update(overdue_at=now)
            # the few judges and courts of the chunk read once each, not joined into every case
            judges = User.objects.in_bulk({case.judge_id for case in cases})
            courts = Court.objects.in_bulk({case.court_id for case in cases})
            audit_record_many(
                [
                    # keywords, as audit_record takes them: the record-language summary stays a
                    # `summary=` argument, which tests/test_interface_strings.py recognises
                    dict(  # noqa: C408
                        actor=None,
                        action=events.CASE_OVERDUE,
                        obj=case,
                        court=courts[case.court_id],
                        summary="执行期限已届满（超期）",
                        data={"deadline": case.deadline},
                    )
                    for case in cases
                ]
            )
            notification_queue_many(
                [
                    {
                        "recipient": judges.get(case.judge_id),
                        "kind": "case.overdue",
                        "dedupe_key": f"case:{case.pk}:overdue:{case.deadline}",
                        "title": _("Case %(number)s is overdue") % {"number": case.number},
                        "link": reverse("cases:detail", args=[case.pk]),
                        "body": _("The time limit ended on %(deadline)s.")
                        % {"deadline": date_format(case.deadline)},
                    }
                    for case in cases
                ]
            )
            overdue += len(cases)
    return {"warned": warned, "overdue": overdue}


def cases_assign_judge(*, actor, case_ids: list[int], judge_id: int, reason: str = "") -> list[Case]:
    """Assign one judge to several cases at once (the case list's batch action): case_update for
    each, in one transaction, so either every case is reassigned or none is (a case the actor
    may not change refuses the whole batch)."""
    membership = membership_of(actor)
    if membership is None or membership.court_id is None or membership.role != Role.HEAD:
        raise NotAllowed(_("Only the head of enforcement assigns judges to several cases at once."))
    ids = sorted({int(pk) for pk in case_ids})
    if not ids:
        message = _("Select at least one case.")
        raise InvalidInput(message, fields={"cases": [message]})
    with transaction.atomic():
        return [case_update(actor=actor, case_id=pk, judge_id=judge_id, reason=reason) for pk in ids]


# --- before 终本: the respondent's whereabouts, the applicant heard ------------------------------
def party_set_whereabouts(*, actor, party_id: int, unknown: bool) -> Party:
    """Record that a respondent's whereabouts are unknown (下落不明), or known again: 终本 then needs
    the police asked to find them (终本规定 2016 art. 1; assistance adds that condition)."""
    with transaction.atomic():
        case_id = Party.objects.filter(pk=party_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise NotFound(_("The party does not exist or you may not view it."))
        case = _lock_case(actor, case_id)  # the case before its party (cases.locking)
        party = Party.objects.select_for_update().get(pk=party_id)
        if not works_on_case(actor, case):
            raise NotAllowed(_("Only the staff handling this case can change its parties."))
        if party.role != PartyRole.RESPONDENT:
            message = _("Only a respondent's whereabouts are recorded.")
            raise InvalidInput(message, fields={"unknown": [message]})
        unknown = bool(unknown)
        if party.whereabouts_unknown == unknown:
            return party
        party.whereabouts_unknown = unknown
        party.save(update_fields=["whereabouts_unknown"])
        audit_record(
            actor=actor,
            action=events.PARTY_WHEREABOUTS,
            obj=case,
            subject=party,
            court=case.court,
            summary=f"{party.name}：" + ("下落不明" if unknown else "下落已查明"),
            data={"party_id": party.pk, "whereabouts_unknown": unknown},
        )
    return party


HEARING_NOTE_MAX = 2000
# the audit summary is Chinese whoever records it
HEARING_WAY_RECORD = {HearingWay.INTERVIEW: "约谈", HearingWay.WRITTEN: "书面告知"}


def applicant_hearing_record(*, actor, case_id: int, held_on, way: str, note: str = ""):
    """The applicant heard (约谈) or told in writing (书面告知) before 终本 (终本规定 2016 art. 1)."""
    from cases.models import ApplicantHearing

    errors: dict[str, list[str]] = {}
    if way not in HearingWay.values:
        errors["way"] = [_("Choose how the applicant was heard.")]
    if not isinstance(held_on, dt.date):
        try:
            held_on = dt.date.fromisoformat(str(held_on))
        except ValueError:
            errors["held_on"] = [_("Enter a valid date.")]
    if "held_on" not in errors and held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    note = (note or "").strip()
    if len(note) > HEARING_NOTE_MAX:
        errors["note"] = [_("At most %(max)s characters.") % {"max": HEARING_NOTE_MAX}]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    with transaction.atomic():
        case = _lock_case(actor, case_id)
        membership = membership_of(actor)
        if (
            membership is None
            or membership.role not in (Role.JUDGE, Role.HEAD, Role.CLERK)
            or not works_on_case(actor, case)
        ):
            raise NotAllowed(_("Only the staff handling this case can record that the applicant was heard."))
        if held_on < case.filed_on:
            message = _("The date cannot be before the case was filed.")
            raise InvalidInput(message, fields={"held_on": [message]})
        hearing = ApplicantHearing.objects.create(
            case=case, held_on=held_on, way=way, note=note, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=events.APPLICANT_HEARD,
            obj=case,
            subject=hearing,
            court=case.court,
            summary=f"{held_on:%Y年%m月%d日}{HEARING_WAY_RECORD[way]}申请执行人"
            + (f"：{note}" if note else ""),
            data={"hearing_id": hearing.pk, "held_on": held_on.isoformat(), "way": way, "note": note},
        )
    return hearing
