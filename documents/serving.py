"""Service of documents (送达): issuing a document is not serving it.

Every document addressed to a party is served by one or more service records (documents.models.
Service): method, the date on the proof, who received it, the uploaded proof, and the day service
takes effect, computed by documents.rules from the method and the date (公告送达: thirty days after
the announcement). A party counts as served from the earliest effective day of its records, and
only once that day has come. Periods that run from service (the execution notice's performance
period, the asset report's period, 终本's "served" condition, Case.notice_served_on) count from it.

`service_record` is one transaction: lock the case, check the actor (a judge or clerk working on the
case), validate the proof, store it, write the record and the audit event on the case, set the
case's execution-notice date when the document serves it, and queue the notification. The proof is
written last and deleted again when anything after it fails (as document_issue does).
"""

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from cases.choices import CaseState
from cases.models import Case, Party
from cases.selectors import can_see_full_id, get_case_for, works_on_case
from enforcement.access import membership_of, visible_courts
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.errors import InvalidInput, NotAllowed, NotFound
from enforcement.notifications import notification_queue

from . import events, rules
from .formatting import date_cn
from .kinds import KINDS, get_kind
from .models import Document, Service, ServiceMethod, service_proof_upload_to

logger = logging.getLogger(__name__)

SERVICE_ROLES = (Role.CLERK, Role.JUDGE)
MAX_PROOF_BYTES = 10 * 1024 * 1024
# What a proof may be, told by its first bytes (never by the name or the browser's content type)
PROOF_TYPES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
PROOF_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}


def _proof_storage():
    return Service._meta.get_field("proof").storage


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def may_record_service(user, case: Case) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in SERVICE_ROLES and works_on_case(user, case)


def proof_check(upload) -> tuple[str, str]:
    """(content type, extension) of an acceptable proof; InvalidInput on the `proof` field."""
    if upload is None:
        raise _invalid("proof", gettext("Upload the proof of service (PDF, JPEG or PNG)."))
    if upload.size > MAX_PROOF_BYTES:
        raise _invalid(
            "proof",
            gettext("The proof is too large: at most %(mb)s MB.") % {"mb": MAX_PROOF_BYTES // (1024 * 1024)},
        )
    if upload.size == 0:
        raise _invalid("proof", gettext("The proof file is empty."))
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, canonical in PROOF_TYPES:
        if head.startswith(magic) and extension in PROOF_EXTENSIONS:
            return content_type, canonical
    raise _invalid("proof", gettext("The proof must be a PDF, JPEG or PNG file."))


def _parse_date(raw) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise _invalid("date", gettext("Enter a valid date.")) from None


def _document_for_service(actor, document_id) -> Document:
    try:
        return Document.objects.filter(court__in=visible_courts(actor)).get(pk=document_id)
    except (Document.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(gettext("The document does not exist or you may not see it.")) from None


def _party_served(document: Document, party_id) -> Party:
    """The party a service of this document is on: the one it is addressed to, or, for a document
    of the whole case its kind serves on parties of some roles (a 裁定书), the one chosen of them."""
    try:
        chosen = int(party_id) if party_id not in (None, "") else None
    except (TypeError, ValueError):
        chosen = None
    if document.party_id is not None:
        if chosen is not None and chosen != document.party_id:
            raise _invalid("party", gettext("This document is addressed to another party."))
        return document.party
    kind = get_kind(document.kind)
    roles = kind.served_on_roles if kind is not None else ()
    if not roles or document.case_id is None:
        raise _invalid("document", gettext("This document is not addressed to a party."))
    party = (
        Party.objects.filter(case_id=document.case_id, role__in=roles, pk=chosen).first()
        if chosen is not None
        else None
    )
    if party is None:
        raise _invalid("party", gettext("Choose the party the document was served on."))
    return party


def service_record(
    *, actor, document_id, method: str, date, recipient: str, proof, note: str = "", party_id=None
) -> Service:
    """Record one act of service of a document on the party it is addressed to (or, for a document
    its kind serves on several parties, on the party `party_id` names)."""
    membership = membership_of(actor)
    if membership is None or membership.role not in SERVICE_ROLES:
        raise NotAllowed(gettext("Only the judge or clerk working on the case may record service."))
    document = _document_for_service(actor, document_id)
    if document.case_id is None:
        raise _invalid("document", gettext("This document is not addressed to a party."))
    party = _party_served(document, party_id)
    if method not in ServiceMethod.values:
        raise _invalid("method", gettext("Choose a method of service."))
    day = _parse_date(date)
    recipient = (recipient or "").strip()
    if not recipient:
        raise _invalid("recipient", gettext("Enter who received the document."))
    if len(recipient) > 100:
        raise _invalid("recipient", gettext("At most 100 characters."))
    storage = _proof_storage()
    written: list[str] = []
    try:
        with transaction.atomic():
            try:
                case = (
                    Case.objects.visible_to(actor)
                    .select_for_update(of=("self",))
                    .select_related("court", "judge")
                    .get(pk=document.case_id)
                )
            except Case.DoesNotExist:
                raise NotFound(gettext("The document does not exist or you may not see it.")) from None
            if not may_record_service(actor, case):
                raise NotAllowed(gettext("Only the judge or clerk working on the case may record service."))
            today = timezone.localdate()
            if day > today:
                raise _invalid("date", gettext("The date cannot be in the future."))
            if day < document.issued_on:
                raise _invalid(
                    "date",
                    gettext("The date cannot be before the document was issued (%(date)s).")
                    % {"date": format_date(document.issued_on)},
                )
            try:
                effective, rule = rules.effective_on(method, day)
            except rules.RuleNotFound:
                raise _invalid("date", gettext("No rule on service is recorded for this date.")) from None
            content_type, extension = proof_check(proof)
            digest = hashlib.sha256()
            for chunk in proof.chunks():
                digest.update(chunk)
            proof.seek(0)
            service = Service(
                court=case.court,
                document=document,
                party=party,
                method=method,
                date=day,
                effective_on=effective,
                rule_citation=rule.citation[:200],
                recipient=recipient,
                proof_name=(proof.name or "")[:200],
                proof_sha256=digest.hexdigest(),
                proof_size=proof.size,
                proof_type=content_type,
                note=(note or "").strip(),
                recorded_by=actor,
            )
            name = storage.save(service_proof_upload_to(service, secrets.token_hex(16) + extension), proof)
            written.append(name)
            service.proof.name = name
            service.save()
            audit_record(
                actor=actor,
                action=events.DOCUMENT_SERVED,
                obj=case,
                subject=document,
                court=case.court,
                # the audit trail is Chinese data, whatever the interface language (enforcement.i18n)
                summary=lambda: (
                    f"{document.title}{document.number}送达{party.name}"
                    f"（{ServiceMethod(method).label}），{date_cn(effective)}生效"
                ),
                data={
                    "document_id": document.pk,
                    "service_id": service.pk,
                    "party_id": party.pk,
                    "method": method,
                    "date": day,
                    "effective_on": effective,
                    "proof_sha256": service.proof_sha256,
                },
            )
            kind = get_kind(document.kind)
            if kind is not None and kind.serves_execution_notice:
                _case_mark_notice_served(actor=actor, case=case, document=document, on=effective)
            if case.judge_id != actor.pk:
                notification_queue(
                    recipient=case.judge,
                    kind="document.served",
                    title=lambda: (
                        gettext("%(case)s: %(title)s served on %(party)s")
                        % {"case": case.number, "title": document.title, "party": party.name}
                    ),
                    link=reverse("cases:detail", args=[case.pk]) + "#service",
                )
    except BaseException:
        for written_name in written:
            try:
                storage.delete(written_name)
            except Exception:  # the file stays unreferenced; harmless
                logger.warning(
                    "could not delete %s after a failed service record", written_name, exc_info=True
                )
        raise
    return service


def _case_mark_notice_served(*, actor, case: Case, document: Document, on: dt.date) -> None:
    """Case.notice_served_on is the earliest day service of an execution notice takes effect (the
    caller holds the case row locked). A later service with an earlier effective day moves it back."""
    if case.notice_served_on is not None and case.notice_served_on <= on:
        return
    Case.objects.filter(pk=case.pk).update(notice_served_on=on, updated_at=timezone.now())
    case.notice_served_on = on
    audit_record(
        actor=actor,
        action=events.CASE_NOTICE_SERVED,
        obj=case,
        subject=document,
        court=case.court,
        summary=f"执行通知书{document.number}已送达，执行通知日期记为{date_cn(on)}",
        data={"document_number": document.number, "served_on": on},
    )


# --- reading --------------------------------------------------------------------------------------
@dataclass
class ServiceStatus:
    document: Document
    party: object
    services: list  # Service rows, oldest first
    today: dt.date

    @property
    def first(self) -> Service | None:
        return min(self.services, key=lambda s: (s.effective_on, s.pk)) if self.services else None

    @property
    def effective_on(self) -> dt.date | None:
        first = self.first
        return first.effective_on if first else None

    @property
    def served(self) -> bool:
        return self.effective_on is not None and self.effective_on <= self.today

    @property
    def choice(self) -> str:
        """How a form names this document and party: the document's pk when it is addressed to
        the party, "document:party" for a document of the whole case served on each party."""
        return str(self.document.pk) if self.document.party_id else f"{self.document.pk}:{self.party.pk}"

    @property
    def state(self) -> str:
        if not self.services:
            return "issued"
        return "served" if self.served else "pending_effect"

    @property
    def period(self) -> dict | None:
        """The period this document gives its addressee from service, if its kind has one."""
        kind = get_kind(self.document.kind)
        if kind is None or kind.service_period is None or self.effective_on is None:
            return None
        label, days = kind.service_period(self.effective_on)
        return {"label": label, "days": days, "ends_on": self.effective_on + dt.timedelta(days=days)}


def served_kinds() -> dict[str, tuple[str, ...]]:
    """Kinds of documents of the whole case served on the parties of some roles (DocumentKind.
    served_on_roles): kind key → the roles."""
    return {k.key: k.served_on_roles for k in KINDS.values() if k.addressed_to is None and k.served_on_roles}


def service_statuses_for(cases, *, today: dt.date | None = None) -> dict[int, list[ServiceStatus]]:
    """service_statuses of several cases in a fixed number of queries (a list page): case pk →
    its statuses."""
    today = today or timezone.localdate()
    ids = [case.pk for case in cases]
    served = served_kinds()
    documents = list(
        Document.objects.filter(case_id__in=ids)
        .filter(Q(party__isnull=False) | Q(party__isnull=True, kind__in=list(served)))
        .select_related("party")
        .order_by("issued_at", "id")
    )
    parties: dict[int, list] = {}
    whole_case = {d.case_id for d in documents if d.party_id is None}
    if whole_case:
        for party in Party.objects.filter(case_id__in=whole_case).order_by("role", "position", "id"):
            parties.setdefault(party.case_id, []).append(party)
    by_service: dict[tuple[int, int], list] = {}
    if documents:
        for service in Service.objects.filter(document__in=documents).select_related("recorded_by"):
            by_service.setdefault((service.document_id, service.party_id), []).append(service)
    out: dict[int, list[ServiceStatus]] = {pk: [] for pk in ids}
    for document in documents:
        if document.party_id is not None:
            addressees = [document.party]
        else:
            roles = served[document.kind]
            addressees = [p for p in parties.get(document.case_id, []) if p.role in roles]
        for party in addressees:
            out[document.case_id].append(
                ServiceStatus(
                    document=document,
                    party=party,
                    services=by_service.get((document.pk, party.pk), []),
                    today=today,
                )
            )
    return out


def prefetch_service_statuses(cases, *, today: dt.date | None = None) -> None:
    """Compute the statuses of these cases at once and keep them on the case objects, so that
    service_statuses(case, today=the same day) of one of them asks nothing more (a page listing
    many cases: the approvals inbox). Only for reading: the objects are the page's own."""
    today = today or timezone.localdate()
    cases = [case for case in cases if case is not None]
    found = service_statuses_for(cases, today=today)
    for case in cases:
        case._service_statuses = (today, found[case.pk])


def service_statuses(case: Case, *, today: dt.date | None = None) -> list[ServiceStatus]:
    """Per document and the party it is served on: issued / served / not yet served, oldest document
    first. A document of the whole case its kind serves on parties of some roles (a 裁定书) has a
    status for each of them."""
    today = today or timezone.localdate()
    kept = getattr(case, "_service_statuses", None)
    if kept is not None and kept[0] == today:
        return list(kept[1])
    return service_statuses_for([case], today=today)[case.pk]


def served_on(document: Document) -> dt.date | None:
    """The day service of this document took (or takes) effect, or None when not served."""
    return Service.objects.filter(document=document).aggregate(first=Min("effective_on"))["first"]


def parse_choice(value) -> tuple[int | None, int | None]:
    """(document pk, party pk or None) of a ServiceStatus.choice; (None, None) when malformed."""
    document, _sep, party = str(value or "").partition(":")
    try:
        return int(document), (int(party) if party else None)
    except ValueError:
        return None, None


def performance_deadline(case: Case, *, today: dt.date | None = None) -> dt.date | None:
    """The last day of the performance period the execution notice gives: counted from the earliest
    day its service took effect (on any respondent); None until one is served."""
    ends = [
        status.period["ends_on"]
        for status in service_statuses(case, today=today)
        if status.period is not None
        and (kind := get_kind(status.document.kind)) is not None
        and kind.serves_execution_notice
    ]
    return min(ends) if ends else None


def unserved_end_round_documents(case: Case, *, today: dt.date | None = None, statuses=None) -> str | None:
    """A 终本 condition (终本规定 2016 art. 1 item (一): the notice and the report order *served*):
    every respondent who was issued such a document must be served, in effect by today."""
    required = {k.key: k for k in KINDS.values() if k.required_for_end_round}
    missing: dict[str, list[str]] = {}
    if statuses is None:
        statuses = service_statuses(case, today=today)
    statuses = [s for s in statuses if s.document.kind in required]
    served_keys = {(s.document.kind, s.party.pk) for s in statuses if s.served}
    for status in statuses:
        if (status.document.kind, status.party.pk) not in served_keys:
            names = missing.setdefault(required[status.document.kind].title, [])
            if status.party.name not in names:
                names.append(status.party.name)
    if not missing:
        return None
    items = gettext("; ").join(
        gettext("%(title)s not yet served on %(parties)s")
        % {"title": title, "parties": gettext(", ").join(names)}
        for title, names in missing.items()
    )
    return gettext("%(items)s.") % {"items": items}


def _awaiting() -> Q:
    """A document still to serve: addressed to a party with no service record yet, in an open case,
    or of the whole case (a 裁定书) with a party of the roles its kind serves on that has none yet,
    whatever the case's state (the ruling that terminates a case is served after it closed it)."""
    match = Q(party__isnull=False, case__state__in=CaseState.open_states()) & ~Exists(
        Service.objects.filter(document=OuterRef("pk"))
    )
    by_roles: dict[tuple[str, ...], list[str]] = {}
    for kind, roles in served_kinds().items():
        by_roles.setdefault(roles, []).append(kind)
    for roles, kinds in by_roles.items():
        unserved = Party.objects.filter(case=OuterRef("case"), role__in=roles).exclude(
            Exists(Service.objects.filter(document=OuterRef(OuterRef("pk")), party=OuterRef("pk")))
        )
        match |= Q(party__isnull=True, kind__in=kinds) & Exists(unserved)
    return match


def awaiting_service(user):
    """Documents of cases this judge or clerk works on that a party still waits to be served
    (documents addressed to a party with no service record, of open cases, and a 裁定书 until it is
    served on each party it goes to): the work list of documents to serve, oldest first."""
    membership = membership_of(user)
    if membership is None or membership.role not in SERVICE_ROLES or membership.court_id is None:
        return Document.objects.none()
    return (
        Document.objects.filter(court_id=membership.court_id)
        .filter(Q(case__judge=user) | Q(case__clerk=user))
        .filter(_awaiting())
        .select_related("case", "party")
        .order_by("issued_at", "id")
    )


def unserved_parties(documents) -> dict[int, list]:
    """For the work list: document pk → the parties it still has to be served on, in two queries
    whatever the number of documents."""
    documents = list(documents)
    served = served_kinds()
    out: dict[int, list] = {d.pk: [d.party] for d in documents if d.party_id is not None}
    whole_case = [d for d in documents if d.party_id is None and d.kind in served]
    if not whole_case:
        return out
    done = set(
        Service.objects.filter(document__in=whole_case).values_list("document_id", "party_id").distinct()
    )
    parties: dict[int, list] = {}
    for party in Party.objects.filter(case_id__in={d.case_id for d in whole_case}).order_by(
        "role", "position", "id"
    ):
        parties.setdefault(party.case_id, []).append(party)
    for d in whole_case:
        out[d.pk] = [
            p for p in parties.get(d.case_id, []) if p.role in served[d.kind] and (d.pk, p.pk) not in done
        ]
    return out


def home_items(user) -> list[dict]:
    """The home page's work list entry (enforcement.registry.home_panels)."""
    documents = awaiting_service(user)
    count = documents.count()
    if not count:
        return []
    return [
        {
            "label": gettext("Documents awaiting service"),
            "count": count,
            "url": reverse("documents:awaiting-service"),
            "tone": "warn",
        }
    ]


def get_service_for(user, service_id) -> Service:
    """A service record whose proof this user may download: those who may see the case's full ID
    numbers (the proof carries the addressee's particulars); NotFound for everyone else."""
    try:
        service = Service.objects.select_related("document").get(pk=service_id)
    except (Service.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(gettext("The service record does not exist or you may not see it.")) from None
    case = get_case_for(user, service.document.case_id)
    if not can_see_full_id(user, case):
        raise NotFound(gettext("The service record does not exist or you may not see it."))
    return service


def service_proof_open(*, actor, service_id):
    """(service, open file) for a permitted download, recorded in the audit trail."""
    service = get_service_for(actor, service_id)
    handle = _proof_storage().open(service.proof.name, "rb")
    audit_record(
        actor=actor,
        action=events.SERVICE_PROOF_DOWNLOADED,
        obj=service.document.case,
        subject=service,
        court=service.court,
        summary=f"下载{service.document.number}的送达凭证",
        data={"sha256": service.proof_sha256},
    )
    return service, handle
