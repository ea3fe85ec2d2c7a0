"""The sanctions services: the defaulter list (失信被执行人名单), consumption-restriction orders
(限制消费令), corrections, credit repair, lifting everything when a case closes, the daily removal
sweep, and the joint-punishment check.

Transaction contract: each service checks who acts, locks the case first (cases.locking), then the
entry or order row, changes the rows, writes the audit event, the change feed row and the
notifications in one transaction. Removing an entry that is already removed changes nothing (the
sweep and the hooks may meet the same entry)."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.selectors import amount_held, amount_owed
from cases.choices import CaseState, PartyKind, PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from cases.validators import GB11643_ID_TYPES, age_on, id_facts, validate_ric
from documents.services import document_issue
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language
from enforcement.models import Membership
from enforcement.notifications import notification_queue
from enforcement.workdays import add_working_days
from sanctions import events, rules
from sanctions.choices import (
    ChangeKind,
    ChangeMeasure,
    DefaulterGround,
    EntryStatus,
    LiftReason,
    OrderStatus,
    RemovalReason,
    RequestStatus,
    RestrictedCapacity,
)
from sanctions.models import (
    ConsumptionOrder,
    CorrectionRequest,
    CreditRepair,
    DefaulterEntry,
    RestrictedPerson,
    SanctionChange,
)

G = DefaulterGround
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD}


# --- helpers ---------------------------------------------------------------------------------------
def _today() -> dt.date:
    return timezone.localdate()


def _member(actor, case: Case, roles, message) -> Membership:
    membership = membership_of(actor)
    if membership is None or membership.court_id != case.court_id or membership.role not in roles:
        raise NotAllowed(message)
    return membership


def _judge_or_head(actor, case: Case, message) -> None:
    membership = _member(actor, case, {Role.JUDGE, Role.HEAD}, message)
    if membership.role == Role.JUDGE and case.judge_id != actor.pk:
        raise NotAllowed(message)


def _heads_of(case: Case):
    return [
        m.user
        for m in Membership.objects.filter(court_id=case.court_id, role=Role.HEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _link(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#sanctions"


def _tell(users, *, kind: str, title, case: Case) -> None:
    for user in users:
        if user is not None:
            notification_queue(recipient=user, kind=kind, title=title, link=_link(case))


def _invalid(field: str, message: str):
    return InvalidInput(message, fields={field: [message]})


def _case_id_of(model, pk, message) -> int:
    try:
        return model.objects.values_list("case_id", flat=True).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None


def _entry_case_id(entry_id) -> int:
    return _case_id_of(
        DefaulterEntry, entry_id, _("The defaulter list entry does not exist or you may not view it.")
    )


def _change(*, kind: str, measure: str, id_number: str, case: Case) -> None:
    if id_number:
        SanctionChange.objects.create(
            kind=kind,
            measure=measure,
            id_number=id_number,
            case_number=case.number,
            court_name=case.court.name,
        )


# --- the rules of listing --------------------------------------------------------------------------
def clean_grounds(grounds) -> list[str]:
    """One or more of art. 1's six grounds, each once, sorted."""
    values = sorted({str(g).strip() for g in (grounds or []) if str(g).strip()})
    if not values or any(v not in G.values for v in values):
        raise _invalid("grounds", _("Choose one or more of the six grounds for listing."))
    return values


def clean_extension(grounds: list[str], extension_years) -> int:
    """0, or 1 to 3 years where art. 2 allows it: violence or threats (ground 2, serious) or more
    than one ground; never for ground 1 alone (no fixed term)."""
    try:
        years = int(extension_years or 0)
    except (TypeError, ValueError):
        years = -1
    limit = rules.value(rules.EXTENSION_MAX_YEARS, on=_today())
    if not 0 <= years <= limit:
        raise _invalid(
            "extension_years",
            _("An extension is a whole number of years from 1 to %(limit)s.") % {"limit": limit},
        )
    if years and not (G.OBSTRUCTS in grounds or len(grounds) > 1):
        raise _invalid(
            "extension_years",
            _(
                "The term may be extended only for serious obstruction by violence or threats, or for more than one ground (art. 2)."
            ),
        )
    if years and grounds == [G.ABLE_REFUSES]:
        raise _invalid("extension_years", _("Ground 1 has no fixed term: it lasts until performance."))
    return years


def listing_expires_on(grounds: list[str], extension_years: int, decided_on: dt.date) -> dt.date | None:
    """The day the listing ends (失信名单规定 art. 2): none for ground 1 (until performance),
    otherwise 2 years from the decision plus any extension."""
    if G.ABLE_REFUSES in grounds:
        return None
    years = rules.value(rules.TERM_YEARS, on=decided_on) + extension_years
    return decided_on + relativedelta(years=years)


def minor_refusal(party: Party, on: dt.date) -> str | None:
    """Art. 4: never a minor; the age in completed years on the decision day, from the ID number."""
    if party.kind != PartyKind.PERSON or party.id_type not in GB11643_ID_TYPES:
        return None
    try:
        age = age_on(party.id_number, on)
    except (ValidationError, ValueError):
        return None
    adult = rules.value(rules.ADULT_AGE, on=on)
    if age < adult:
        return _(
            "%(name)s is %(age)s years old on %(date)s: a minor may not be listed as a defaulter (art. 4)."
        ) % {"name": party.name, "age": age, "date": on.isoformat()}
    return None


def ground_one_refusal(case: Case, grounds: list[str], security_given: bool) -> str | None:
    """Art. 3: ground 1 is refused when adequate security was given or the property under
    measures covers what is owed."""
    if G.ABLE_REFUSES not in grounds:
        return None
    if security_given:
        return _("Adequate security was given: the respondent may not be listed for ground 1 (art. 3).")
    owed = amount_owed(case)
    held = amount_held(case)
    if owed > 0 and held >= owed:
        return _(
            "Property under seizure, attachment or freezing (%(held)s) covers what is owed (%(owed)s): the respondent may not be listed for ground 1 (art. 3)."
        ) % {"held": f"¥{held:,.2f}", "owed": f"¥{owed:,.2f}"}
    return None


def _refuse_listing(case: Case, party: Party, grounds: list[str], security_given: bool, on: dt.date) -> None:
    reason = minor_refusal(party, on)
    if reason:
        raise Conflict(reason, code="defaulter_minor")
    reason = ground_one_refusal(case, grounds, security_given)
    if reason:
        raise Conflict(reason, code="defaulter_ground_one_refused")


# closing removed the case's listings and lifted its orders (ON_CLOSING below): a new one would be in
# force for a debt the case no longer enforces, with nothing left to remove it (终本 keeps its own)
CLOSED_STATES = (CaseState.CONCLUDED, CaseState.SETTLED, CaseState.TERMINATED, CaseState.WITHDRAWN)


def refuse_closed(case: Case) -> None:
    if case.state in CLOSED_STATES:
        raise Conflict(
            _("The case is closed (“%(state)s”): no new measure can be taken on it.")
            % {"state": case.get_state_display()},
            code="case_closed",
        )


def _respondent(case: Case, party_id) -> Party:
    party = (
        Party.objects.filter(pk=party_id, case=case, role=PartyRole.RESPONDENT).first()
        if str(party_id).isdigit()
        else None
    )
    if party is None:
        raise _invalid("party", _("Choose a respondent of this case."))
    return party


# --- the defaulter list ----------------------------------------------------------------------------
def defaulter_propose(
    *, actor, case_id, party_id, grounds, facts: str, extension_years=0, security_given: bool = False
) -> DefaulterEntry:
    """The case's judge proposes listing a respondent, naming the grounds and the facts; the head
    decides. Refused at once when the respondent is a minor or ground 1 may not apply."""
    grounds = clean_grounds(grounds)
    years = clean_extension(grounds, extension_years)
    facts = (facts or "").strip()
    if not facts:
        raise _invalid("facts", _("State the facts the listing rests on."))
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
        _judge_or_head(actor, case, _("Only the case's judge may propose listing a defaulter."))
        refuse_closed(case)
        party = _respondent(case, party_id)
        if DefaulterEntry.objects.filter(
            party=party, status__in=[EntryStatus.PROPOSED, EntryStatus.PUBLISHED]
        ).exists():
            raise Conflict(
                _("This respondent is already listed or proposed for listing."), code="defaulter_open"
            )
        _refuse_listing(case, party, grounds, security_given, _today())
        facts_of = id_facts(party.id_type, party.id_number)
        entry = DefaulterEntry.objects.create(
            case=case,
            party=party,
            grounds=grounds,
            facts=facts[:4000],
            extension_years=years,
            security_given=bool(security_given),
            name=party.name,
            id_number=party.id_number,
            is_person=party.kind == PartyKind.PERSON,
            sex=("M" if facts_of[0] == "male" else "F") if facts_of else "",
            birth_date=facts_of[1] if facts_of else None,
            legal_representative=party.legal_representative,
            proposed_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.DEFAULTER_PROPOSED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"提请将被执行人{party.name}纳入失信被执行人名单（第一条第{'、'.join(grounds)}项）",
            data={"entry_id": entry.pk, "grounds": grounds, "extension_years": years},
        )
        _tell(
            [u for u in _heads_of(case) if u.pk != actor.pk],
            kind=events.DEFAULTER_PROPOSED.action,
            title=lambda: (
                _("Listing as a defaulter to approve: %(number)s %(name)s")
                % {"number": case.number, "name": party.name}
            ),
            case=case,
        )
    return entry


def _locked_entry(actor, entry_id) -> tuple[Case, DefaulterEntry]:
    case_id = _entry_case_id(entry_id)
    case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
    entry = DefaulterEntry.objects.select_for_update(of=("self",)).select_related("party").get(pk=entry_id)
    return case, entry


def defaulter_decide(*, actor, entry_id, approve: bool, note: str = "") -> DefaulterEntry:
    """The head of the case's court approves (the 失信决定书 is issued, the entry published, and a
    限制消费令 issued if the respondent has none in force) or refuses, never their own proposal.
    The minor and ground-1 refusals are checked again on the decision day."""
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _member(
            actor, case, {Role.HEAD}, _("Only the division head of the case's court may decide a listing.")
        )
        if entry.proposed_by_id == actor.pk:
            raise NotAllowed(_("You proposed this listing: another head must decide it."))
        if entry.status != EntryStatus.PROPOSED:
            raise Conflict(_("This listing has already been decided."), code="defaulter_decided")
        today = _today()
        entry.decided_by = actor
        entry.decided_at = timezone.now()
        entry.decided_on = today
        entry.decision_note = (note or "").strip()[:2000]
        if not approve:
            entry.status = EntryStatus.REJECTED
            entry.save()
            audit_record(
                actor=actor,
                action=events.DEFAULTER_REJECTED,
                obj=case,
                subject=entry,
                court=case.court,
                summary=f"不批准将被执行人{entry.name}纳入失信被执行人名单",
                data={"entry_id": entry.pk},
            )
            _tell(
                [entry.proposed_by],
                kind=events.DEFAULTER_REJECTED.action,
                title=lambda: (
                    _("Listing as a defaulter not approved: %(number)s %(name)s")
                    % {"number": case.number, "name": entry.name}
                ),
                case=case,
            )
            return entry
        refuse_closed(case)
        _refuse_listing(case, entry.party, entry.grounds, entry.security_given, today)
        entry.expires_on = listing_expires_on(entry.grounds, entry.extension_years, today)
        entry.status = EntryStatus.PUBLISHED
        entry.published_at = timezone.now()
        entry.save()
        entry.document = document_issue(
            actor=actor,
            kind="defaulter_decision",
            case_id=case.pk,
            party_id=entry.party_id,
            subject=entry,
            notify=False,
        )
        entry.save(update_fields=["document"])
        _change(kind=ChangeKind.ADDED, measure=ChangeMeasure.DEFAULTER, id_number=entry.id_number, case=case)
        until = f"至{entry.expires_on:%Y年%m月%d日}" if entry.expires_on else "至履行完毕"
        audit_record(
            actor=actor,
            action=events.DEFAULTER_APPROVED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"批准将被执行人{entry.name}纳入失信被执行人名单，{until}，制作失信决定书{entry.document.number}",
            data={
                "entry_id": entry.pk,
                "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
            },
        )
        if not ConsumptionOrder.objects.filter(party=entry.party, status=OrderStatus.IN_FORCE).exists():
            _issue_order(actor=actor, case=case, party=entry.party, persons=[])
        _tell(
            [entry.proposed_by, case.judge],
            kind=events.DEFAULTER_APPROVED.action,
            title=lambda: (
                _("Listed as a defaulter: %(number)s %(name)s") % {"number": case.number, "name": entry.name}
            ),
            case=case,
        )
    return entry


REASON_ITEMS = {
    RemovalReason.PERFORMED: "第十条第一款第（一）项",
    RemovalReason.SETTLEMENT_PERFORMED: "第十条第一款第（二）项",
    RemovalReason.APPLICANT_CONSENT: "第十条第一款第（三）项",
    RemovalReason.END_ROUND_NOTHING_FOUND: "第十条第一款第（四）项",
    RemovalReason.SUSPENDED: "第十条第一款第（五）项",
    RemovalReason.NOT_ENFORCED: "第十条第一款第（六）项",
    RemovalReason.TERMINATED: "第十条第一款第（七）项",
    RemovalReason.EXPIRED: "第十条第二款",
    RemovalReason.CREDIT_REPAIR: "第二条第二款",
    RemovalReason.CORRECTED: "第十二条",
    RemovalReason.WITHDRAWN: "",
}
# what a court user may record as a ground for removal (the others come from the system)
RECORDABLE_REASONS = [
    RemovalReason.PERFORMED,
    RemovalReason.SETTLEMENT_PERFORMED,
    RemovalReason.APPLICANT_CONSENT,
    RemovalReason.END_ROUND_NOTHING_FOUND,
    RemovalReason.SUSPENDED,
    RemovalReason.NOT_ENFORCED,
    RemovalReason.TERMINATED,
]


def removal_due_on(ground_on: dt.date) -> dt.date:
    """Art. 10: removed within 3 working days of the ground (the official holiday calendar)."""
    return add_working_days(ground_on, rules.value(rules.REMOVAL_WORKING_DAYS, on=ground_on)).date


def _remove(*, actor, case: Case, entry: DefaulterEntry, reason: str, note: str = "") -> bool:
    """Remove a published entry, once: False (nothing written) when it is no longer published."""
    if entry.status != EntryStatus.PUBLISHED:
        return False
    entry.status = EntryStatus.REMOVED
    entry.removal_reason = reason
    entry.removal_ground_on = entry.removal_ground_on or _today()
    entry.removal_note = (note or entry.removal_note or "")[:2000]
    entry.removed_at = timezone.now()
    entry.removed_by = actor
    entry.save()
    _change(kind=ChangeKind.REMOVED, measure=ChangeMeasure.DEFAULTER, id_number=entry.id_number, case=case)
    article = REASON_ITEMS.get(reason, "")
    audit_record(
        actor=actor,
        action=events.DEFAULTER_REMOVED,
        obj=case,
        subject=entry,
        court=case.court,
        summary=lambda: (
            f"删除失信信息：{entry.name}（{RemovalReason(reason).label}"
            + (f"，失信名单规定{article}" if article else "")
            + "）"
        ),
        data={"entry_id": entry.pk, "reason": reason},
    )
    return True


def defaulter_record_ground(
    *, actor, entry_id, reason: str, ground_on: dt.date, note: str = ""
) -> DefaulterEntry:
    """Court staff record a ground for removal (art. 10 para. 1) and the day it arose: the entry
    is then due for removal within 3 working days; the judge removes it, or the daily sweep does."""
    if reason not in RECORDABLE_REASONS:
        raise _invalid("reason", _("Choose a ground for removal."))
    if not isinstance(ground_on, dt.date) or ground_on > _today():
        raise _invalid("ground_on", _("The date must be a date not in the future."))
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _member(
            actor,
            case,
            COURT_STAFF,
            _("Only court staff of the case's court may record a ground for removal."),
        )
        if entry.status != EntryStatus.PUBLISHED:
            raise Conflict(_("Only a published entry can be removed."), code="defaulter_not_published")
        entry.removal_reason = reason
        entry.removal_ground_on = ground_on
        entry.removal_due_on = removal_due_on(ground_on)
        entry.removal_note = (note or "").strip()[:2000]
        entry.save(update_fields=["removal_reason", "removal_ground_on", "removal_due_on", "removal_note"])
        audit_record(
            actor=actor,
            action=events.DEFAULTER_REMOVAL_DUE,
            obj=case,
            subject=entry,
            court=case.court,
            summary=lambda: (
                f"登记删除失信信息事由：{entry.name}（{RemovalReason(reason).label}），应于{entry.removal_due_on:%Y年%m月%d日}前删除"
            ),
            data={"entry_id": entry.pk, "reason": reason, "due_on": entry.removal_due_on.isoformat()},
        )
        if case.judge_id != actor.pk:
            _tell(
                [case.judge],
                kind=events.DEFAULTER_REMOVAL_DUE.action,
                title=lambda: (
                    _("Defaulter entry to remove by %(date)s: %(number)s %(name)s")
                    % {"date": entry.removal_due_on.isoformat(), "number": case.number, "name": entry.name}
                ),
                case=case,
            )
    return entry


def defaulter_remove(*, actor, entry_id, reason: str = "", note: str = "") -> DefaulterEntry:
    """The case's judge (or the head) removes a published entry now, for the recorded ground or
    the one given."""
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _judge_or_head(actor, case, _("Only the case's judge may remove a defaulter entry."))
        reason = reason or entry.removal_reason
        if reason not in RECORDABLE_REASONS:
            raise _invalid("reason", _("Choose a ground for removal."))
        if entry.status != EntryStatus.PUBLISHED:
            raise Conflict(_("Only a published entry can be removed."), code="defaulter_not_published")
        _remove(actor=actor, case=case, entry=entry, reason=reason, note=note)
    return entry


@in_record_language()
def defaulter_removal_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: remove the published entries whose term has ended (art. 10 para. 2) and those with a
    recorded ground for removal (art. 10 para. 1), each once, recording why. Only those rows are
    read (partial indexes). Running it twice removes nothing the second time."""
    today = today or _today()
    counts = {"expired": 0, "removed": 0}
    due = DefaulterEntry.objects.filter(status=EntryStatus.PUBLISHED)
    ids = list(due.filter(expires_on__lte=today).values_list("pk", flat=True)) + list(
        due.filter(removal_due_on__isnull=False).values_list("pk", flat=True)
    )
    for entry_id in sorted(set(ids)):
        with transaction.atomic():
            case_id = DefaulterEntry.objects.values_list("case_id", flat=True).get(pk=entry_id)
            case = lock_for_case(case_id, select_related=("court",)).case
            entry = DefaulterEntry.objects.select_for_update(of=("self",)).get(pk=entry_id)
            if entry.status != EntryStatus.PUBLISHED:
                continue
            if entry.removal_due_on is not None and entry.removal_reason:
                if _remove(actor=None, case=case, entry=entry, reason=entry.removal_reason):
                    counts["removed"] += 1
            elif entry.expires_on is not None and entry.expires_on <= today:
                entry.removal_ground_on = entry.expires_on
                if _remove(actor=None, case=case, entry=entry, reason=RemovalReason.EXPIRED):
                    counts["expired"] += 1
    return counts


# --- correction (纠正) and credit repair (信用修复) ----------------------------------------------------
def correction_file(
    *, actor, entry_id, applicant: str, reason: str, received_on: dt.date
) -> CorrectionRequest:
    """A written correction request received (arts. 11–12): to be decided within 15 days."""
    applicant, reason = (applicant or "").strip(), (reason or "").strip()
    if not applicant:
        raise _invalid("applicant", _("Name who asks for the correction."))
    if not reason:
        raise _invalid("reason", _("State the reasons given."))
    if not isinstance(received_on, dt.date) or received_on > _today():
        raise _invalid("received_on", _("The date must be a date not in the future."))
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _member(
            actor,
            case,
            COURT_STAFF,
            _("Only court staff of the case's court may record a correction request."),
        )
        days = rules.value(rules.CORRECTION_DECIDE_DAYS, on=received_on)
        request = CorrectionRequest.objects.create(
            entry=entry,
            applicant=applicant[:200],
            reason=reason[:4000],
            received_on=received_on,
            decide_by=received_on + dt.timedelta(days=days),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=events.CORRECTION_FILED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"收到{applicant[:40]}对失信信息的书面纠正申请，应于{request.decide_by:%Y年%m月%d日}前审查",
            data={"correction_id": request.pk, "decide_by": request.decide_by.isoformat()},
        )
    return request


def correction_decide(*, actor, correction_id, accept: bool, note: str = "") -> CorrectionRequest:
    """The judge or head decides: accepted, the entry is removed as listed in error (corrected
    within 3 working days: here at once); refused, the applicant may ask the higher court to
    reconsider within 10 days of service (dated from the decision when served that day)."""
    try:
        entry_id = CorrectionRequest.objects.values_list("entry_id", flat=True).get(pk=correction_id)
    except (CorrectionRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The correction request does not exist or you may not view it.")) from None
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _judge_or_head(actor, case, _("Only the case's judge or the head may decide a correction request."))
        request = CorrectionRequest.objects.select_for_update().get(pk=correction_id)
        if request.status != RequestStatus.PENDING:
            raise Conflict(_("This request has already been decided."), code="request_decided")
        today = _today()
        request.decided_by = actor
        request.decided_on = today
        request.decision_note = (note or "").strip()[:2000]
        if accept:
            request.status = RequestStatus.ACCEPTED
            request.correct_by = add_working_days(
                today, rules.value(rules.CORRECTION_FIX_WORKING_DAYS, on=today)
            ).date
            _remove(actor=actor, case=case, entry=entry, reason=RemovalReason.CORRECTED, note=note)
        else:
            request.status = RequestStatus.REFUSED
            request.reconsider_by = today + dt.timedelta(
                days=rules.value(rules.RECONSIDERATION_DAYS, on=today)
            )
        request.save()
        audit_record(
            actor=actor,
            action=events.CORRECTION_DECIDED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"{'纠正申请理由成立，撤销失信信息' if accept else '纠正申请理由不成立，决定驳回'}（{request.applicant[:40]}）",
            data={"correction_id": request.pk, "accepted": accept},
        )
    return request


def repair_propose(*, actor, entry_id, reason: str) -> CreditRepair:
    """信用修复: the judge proposes removing a published entry early (art. 2 para. 2: the
    respondent performs actively or corrects the conduct); the head decides."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("State why the credit should be repaired."))
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _judge_or_head(actor, case, _("Only the case's judge may propose credit repair."))
        if entry.status != EntryStatus.PUBLISHED:
            raise Conflict(_("Only a published entry can be removed."), code="defaulter_not_published")
        if entry.repairs.filter(status=RequestStatus.PENDING).exists():
            raise Conflict(_("Credit repair is already proposed for this entry."), code="repair_pending")
        repair = CreditRepair.objects.create(entry=entry, reason=reason[:4000], proposed_by=actor)
        audit_record(
            actor=actor,
            action=events.REPAIR_PROPOSED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"提请对失信被执行人{entry.name}信用修复、提前删除失信信息",
            data={"repair_id": repair.pk},
        )
        _tell(
            [u for u in _heads_of(case) if u.pk != actor.pk],
            kind=events.REPAIR_PROPOSED.action,
            title=lambda: (
                _("Credit repair to approve: %(number)s %(name)s")
                % {"number": case.number, "name": entry.name}
            ),
            case=case,
        )
    return repair


def repair_decide(*, actor, repair_id, approve: bool) -> CreditRepair:
    try:
        entry_id = CreditRepair.objects.values_list("entry_id", flat=True).get(pk=repair_id)
    except (CreditRepair.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("The credit repair request does not exist or you may not view it.")) from None
    with transaction.atomic():
        case, entry = _locked_entry(actor, entry_id)
        _member(
            actor,
            case,
            {Role.HEAD},
            _("Only the division head of the case's court may decide credit repair."),
        )
        repair = CreditRepair.objects.select_for_update().get(pk=repair_id)
        if repair.proposed_by_id == actor.pk:
            raise NotAllowed(_("You proposed this credit repair: another head must decide it."))
        if repair.status != RequestStatus.PENDING:
            raise Conflict(_("This request has already been decided."), code="request_decided")
        repair.status = RequestStatus.ACCEPTED if approve else RequestStatus.REFUSED
        repair.decided_by = actor
        repair.decided_at = timezone.now()
        repair.save()
        if approve:
            _remove(
                actor=actor, case=case, entry=entry, reason=RemovalReason.CREDIT_REPAIR, note=repair.reason
            )
        audit_record(
            actor=actor,
            action=events.REPAIR_DECIDED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"{'批准' if approve else '不批准'}对{entry.name}信用修复",
            data={"repair_id": repair.pk, "approved": approve},
        )
    return repair


# --- 限制消费令 ------------------------------------------------------------------------------------
ENTITY_CAPACITIES = [
    RestrictedCapacity.LEGAL_REPRESENTATIVE,
    RestrictedCapacity.MAIN_RESPONSIBLE,
    RestrictedCapacity.DIRECTLY_RESPONSIBLE,
    RestrictedCapacity.ACTUAL_CONTROLLER,
]


def clean_persons(party: Party, persons) -> list[dict]:
    """For an entity: its legal representative (from the party when not given) and the other
    persons art. 3 para. 2 binds, each with a name and, if known, a valid ID number. A natural
    person's order binds only them."""
    persons = list(persons or [])
    if party.kind == PartyKind.PERSON:
        if persons:
            raise _invalid("persons", _("An order against a natural person binds only that person."))
        return []
    out = []
    for index, item in enumerate(persons):
        capacity = str(item.get("capacity", "")).strip()
        name = str(item.get("name", "")).strip()
        number = str(item.get("id_number", "")).strip().upper()
        if capacity not in ENTITY_CAPACITIES:
            raise _invalid(f"persons[{index}].capacity", _("Choose in what capacity the person is bound."))
        if not name:
            raise _invalid(f"persons[{index}].name", _("Name the person."))
        if number:
            try:
                number = validate_ric(number)
            except ValidationError as exc:
                raise _invalid(f"persons[{index}].id_number", " ".join(exc.messages)) from None
        out.append({"capacity": capacity, "name": name[:200], "id_number": number})
    if party.legal_representative and not any(
        p["capacity"] == RestrictedCapacity.LEGAL_REPRESENTATIVE for p in out
    ):
        out.insert(
            0,
            {
                "capacity": RestrictedCapacity.LEGAL_REPRESENTATIVE,
                "name": party.legal_representative,
                "id_number": "",
            },
        )
    return out


def _issue_order(*, actor, case: Case, party: Party, persons: list[dict]) -> ConsumptionOrder:
    order = ConsumptionOrder.objects.create(case=case, party=party, issued_by=actor, issued_on=_today())
    rows = [
        RestrictedPerson(
            order=order, capacity=RestrictedCapacity.RESPONDENT, name=party.name, id_number=party.id_number
        )
    ]
    rows += [RestrictedPerson(order=order, **p) for p in clean_persons(party, persons)]
    RestrictedPerson.objects.bulk_create(rows)
    order.document = document_issue(
        actor=actor, kind="consumption_order", case_id=case.pk, party_id=party.pk, subject=order, notify=False
    )
    order.save(update_fields=["document"])
    for row in rows:
        _change(kind=ChangeKind.ADDED, measure=ChangeMeasure.CONSUMPTION, id_number=row.id_number, case=case)
    audit_record(
        actor=actor,
        action=events.CONSUMPTION_ISSUED,
        obj=case,
        subject=order,
        court=case.court,
        summary=f"对被执行人{party.name}发出限制消费令{order.document.number}"
        + (f"（一并限制{'、'.join(r.name for r in rows[1:])}）" if len(rows) > 1 else ""),
        data={"order_id": order.pk, "persons": len(rows)},
    )
    return order


def consumption_issue(*, actor, case_id, party_id, persons=None) -> ConsumptionOrder:
    """The case's judge issues a 限制消费令 against a respondent (for an entity, binding the persons
    of art. 3 para. 2 as well); one in force per respondent."""
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
        _judge_or_head(actor, case, _("Only the case's judge may issue a consumption restriction order."))
        refuse_closed(case)
        party = _respondent(case, party_id)
        clean_persons(party, persons)
        if ConsumptionOrder.objects.filter(party=party, status=OrderStatus.IN_FORCE).exists():
            raise Conflict(
                _("A consumption restriction order against this respondent is already in force."),
                code="order_in_force",
            )
        return _issue_order(actor=actor, case=case, party=party, persons=persons or [])


def _lift(*, actor, case: Case, order: ConsumptionOrder, reason: str, note: str = "") -> bool:
    if order.status != OrderStatus.IN_FORCE:
        return False
    order.status = OrderStatus.LIFTED
    order.lift_reason = reason
    order.lift_note = (note or "")[:2000]
    order.lifted_at = timezone.now()
    order.lifted_by = actor
    order.save()
    numbers = list(order.persons.filter(active=True).values_list("id_number", flat=True))
    order.persons.update(active=False)
    for number in numbers:
        _change(kind=ChangeKind.REMOVED, measure=ChangeMeasure.CONSUMPTION, id_number=number, case=case)
    audit_record(
        actor=actor,
        action=events.CONSUMPTION_LIFTED,
        obj=case,
        subject=order,
        court=case.court,
        summary=lambda: f"解除对{order.party.name}的限制消费令（{LiftReason(reason).label}）",
        data={"order_id": order.pk, "reason": reason},
    )
    return True


def consumption_lift(*, actor, order_id, reason: str, note: str = "") -> ConsumptionOrder:
    """The case's judge lifts an order: on performance, adequate security or the applicant's
    consent. Refused while the respondent is still a listed defaulter (who always has one)."""
    if reason not in LiftReason.values:
        raise _invalid("reason", _("Choose why the order is lifted."))
    case_id = _case_id_of(ConsumptionOrder, order_id, _("The order does not exist or you may not view it."))
    with transaction.atomic():
        case = lock_for_case(case_id, actor=actor, select_related=("court",)).case
        _judge_or_head(actor, case, _("Only the case's judge may lift a consumption restriction order."))
        order = (
            ConsumptionOrder.objects.select_for_update(of=("self",)).select_related("party").get(pk=order_id)
        )
        if order.status != OrderStatus.IN_FORCE:
            raise Conflict(_("The order is no longer in force."), code="order_lifted")
        if DefaulterEntry.objects.filter(party=order.party, status=EntryStatus.PUBLISHED).exists():
            raise Conflict(
                _(
                    "The respondent is a listed defaulter: remove the entry first (a listed defaulter is always restricted)."
                ),
                code="order_defaulter_listed",
            )
        _lift(actor=actor, case=case, order=order, reason=reason, note=note)
    return order


# --- lifting everything when the case closes --------------------------------------------------------
def lift_case_sanctions(*, case: Case, actor, entry_reason: str, order_reason: str) -> dict:
    """Remove every published entry, lift every order in force and close every listing still
    proposed as not approved, in the caller's transaction (the case is locked by it)."""
    counts = {"entries": 0, "orders": 0}
    for entry in (
        DefaulterEntry.objects.select_for_update(of=("self",))
        .filter(case=case, status=EntryStatus.PUBLISHED)
        .order_by("pk")
    ):
        counts["entries"] += _remove(actor=actor, case=case, entry=entry, reason=entry_reason)
    for order in (
        ConsumptionOrder.objects.select_for_update(of=("self",))
        .select_related("party")
        .filter(case=case, status=OrderStatus.IN_FORCE)
        .order_by("pk")
    ):
        counts["orders"] += _lift(actor=actor, case=case, order=order, reason=order_reason)
    # a listing still proposed can no longer be approved (refuse_closed): it is closed as not
    # approved, each with its own event as a head's refusal has (defaulter_decide), so the entry's
    # trail says why it ended
    counts["proposals"] = 0
    for entry in (
        DefaulterEntry.objects.select_for_update(of=("self",))
        .filter(case=case, status=EntryStatus.PROPOSED)
        .order_by("pk")
    ):
        entry.status = EntryStatus.REJECTED
        entry.decided_at = timezone.now()
        entry.decided_on = _today()
        entry.decision_note = "案件已结案"
        entry.save(update_fields=["status", "decided_at", "decided_on", "decision_note"])
        audit_record(
            actor=actor,
            action=events.DEFAULTER_REJECTED,
            obj=case,
            subject=entry,
            court=case.court,
            summary=f"案件已结案，提请将被执行人{entry.name}纳入失信被执行人名单不再审批",
            data={"entry_id": entry.pk, "reason": "case_closed"},
        )
        counts["proposals"] += 1
    return counts


def _hook(entry_reason: str, order_reason: str):
    def hook(*, case, actor, approval=None):
        lift_case_sanctions(case=case, actor=actor, entry_reason=entry_reason, order_reason=order_reason)

    hook.__name__ = f"sanctions_lift_{entry_reason}"
    return hook


# which case actions close it and why (registered in SanctionsConfig.ready())
ON_CLOSING = {
    "conclude": _hook(RemovalReason.PERFORMED, LiftReason.PERFORMED),
    "settle": _hook(RemovalReason.SETTLEMENT_PERFORMED, LiftReason.APPLICANT_CONSENT),
    "terminate": _hook(RemovalReason.TERMINATED, LiftReason.CLOSED),
    "withdraw": _hook(RemovalReason.WITHDRAWN, LiftReason.CLOSED),
}


# --- what a unit reports it applied (拦截反馈) ------------------------------------------------------
def feedback_record(*, unit, id_number: str, case_number: str, action: str, occurred_at):
    """A unit reports a restriction it applied to someone listed or restricted in a case; shown on
    that case. Only for a case where that ID is or was listed or restricted (NotFound otherwise:
    a unit cannot write onto other cases)."""
    from sanctions.models import UnitFeedback

    number = (id_number or "").strip().upper()
    action = (action or "").strip()
    if not action:
        raise _invalid("action", _("Say what was applied."))
    case = Case.objects.filter(number=(case_number or "").strip()).select_related("court").first()
    known = case is not None and (
        DefaulterEntry.objects.filter(case=case, id_number=number)
        .exclude(status=EntryStatus.PROPOSED)
        .exists()
        or RestrictedPerson.objects.filter(order__case=case, id_number=number).exists()
    )
    if not known:
        raise NotFound(_("No sanction of this ID number in this case."))
    with transaction.atomic():
        case = lock_for_case(case.pk, select_related=("court",)).case
        feedback = UnitFeedback.objects.create(
            unit=unit, case=case, id_number=number, action=action[:300], occurred_at=occurred_at
        )
        audit_record(
            actor=None,
            actor_name=unit.name,
            action=events.FEEDBACK_RECEIVED,
            obj=case,
            court=case.court,
            summary=f"联合惩戒单位{unit.name}反馈：{action[:100]}",
            data={"feedback_id": feedback.pk, "unit_id": unit.pk},
        )
    return feedback
