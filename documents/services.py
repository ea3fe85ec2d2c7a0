"""Document services: issue, preview, verify, download, and batches.

`document_issue` is one transaction: lock the case, check the actor, take the next number under a
row lock, render the PDF with its number, verification code and QR code, store it with its SHA-256,
write the audit event on the case (so it shows on the case timeline), and queue the notification.
Issuing does not serve: service is recorded separately (documents.serving), and that sets the
case's execution notice date. Either all of it happens or none.

Files and transactions. Storage (a file system or S3) is not transactional, so the order matters:
the PDF is written last, after the counter row is locked and everything that can be refused has
been checked, and immediately before the row is inserted. If anything fails inside
`document_issue` (the INSERT, the audit event, the notification) the except-clause deletes the file
before re-raising, so a rolled-back issue leaves nothing behind. Writing after commit instead
(transaction.on_commit) would be worse: a failed write would leave an issued document without its
archive copy. What remains is a caller's enclosing transaction rolling back after we returned, or
the process dying between the write and the commit: the file is then unreferenced, and
`document_orphans_sweep` (task enforcement.documents_sweep_orphans, to run daily from beat) deletes files no row names once they are older than any
transaction can be. File names are the verification code, never reused, so the sweep cannot
delete a file a later row claims.

Rendering (~0.2 s, benchmarks/render_documents.py) happens while the counter row is locked: numbers stay gapless, and issues of
one kind in one court are serialised at that rate (several per second), which suits how courts
issue documents; different kinds and courts do not wait on each other.
"""

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cases.choices import CaseState, PartyKind, PartyRole
from cases.locking import lock_for_case
from cases.models import Case, Party
from cases.selectors import can_see_full_id, case_list, get_case_for, works_on_case
from cases.validators import mask_id
from enforcement.access import membership_of, visible_courts
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed, NotFound, ServiceError
from enforcement.i18n import in_record_language
from enforcement.notifications import notification_queue
from enforcement.outbox import task_enqueue

from . import events
from .formatting import date_cn_numerals, group_code, one_sentence_end
from .kinds import KINDS, DocumentKind, get_kind
from .models import (
    Document,
    DocumentBatch,
    DocumentBatchItem,
    DocumentBatchItemStatus,
    DocumentBatchStatus,
    DocumentCounter,
    document_upload_to,
)
from .rendering import (
    MissingGlyphs,
    check_glyphs,
    css_string,
    documents_unavailable_reason,
    html_to_pdf,
    qr_svg_data_uri,
    render_html,
    sha256_hex,
)
from .serving import service_statuses, unserved_end_round_documents

logger = logging.getLogger(__name__)

# 32 characters without 0/O and 1/I: 12 of them carry 60 bits, printed as ABCD-EFGH-JKLM.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_BATCH_CASES = 500
ORPHAN_AGE = dt.timedelta(hours=6)


class DocumentRenderFailed(ServiceError):
    """The PDF could not be made properly (fonts missing on the server): nothing was issued."""

    status = 503
    code = "render_failed"


class DocumentsUnavailable(DocumentRenderFailed):
    """This machine cannot make documents at all (no Chinese font, or no PDF renderer): refused before
    a number is taken, with what is missing and how to install it."""

    code = "documents_unavailable"


def _refuse_unless_documents_can_be_made() -> None:
    reason = documents_unavailable_reason()
    if reason:
        raise DocumentsUnavailable(
            gettext("Documents cannot be made at the moment: %(reason)s") % {"reason": reason}
        )


# --- small helpers -------------------------------------------------------------------------------
def document_number(*, year: int, court_code: str, kind_code: str, seq: int) -> str:
    """（2026）青0102执通3号."""
    return f"（{year}）{court_code}{kind_code}{seq}号"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed or scanned → the stored form; "" when it cannot be a code."""
    code = re.sub(r"[\s\-]", "", str(raw or "")).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def verify_url_for(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[code])


def _storage():
    return Document._meta.get_field("file").storage


def _kind_or_invalid(key: str) -> DocumentKind:
    kind = get_kind(key)
    if kind is None:
        raise InvalidInput(
            _("Unknown kind of document."),
            fields={"kind": [_("Unknown kind of document: %(kind)s") % {"kind": key}]},
        )
    return kind


def _standalone_or_invalid(key: str) -> DocumentKind:
    kind = _kind_or_invalid(key)
    if not kind.standalone:
        raise InvalidInput(
            _("A %(title)s is drawn up from its own matter.") % {"title": kind.title},
            fields={"kind": [_("A %(title)s is drawn up from its own matter.") % {"title": kind.title}]},
        )
    return kind


def may_issue(user, case: Case, kind: DocumentKind) -> bool:
    """Court users who work on the case (cases.selectors.works_on_case) and hold a role the kind allows."""
    membership = membership_of(user)
    return membership is not None and membership.role in kind.issuer_roles and works_on_case(user, case)


def _check_issuer(actor, case: Case, kind: DocumentKind) -> None:
    if not may_issue(actor, case, kind):
        raise NotAllowed(
            _(
                "Only the clerk, enforcement judge or head of enforcement handling this case can draw up a %(title)s."
            )
            % {"title": kind.title}
        )


def _addressee(case: Case, kind: DocumentKind, party_id) -> Party | None:
    if kind.addressed_to is None:
        return None
    parties = case.parties.filter(role=kind.addressed_to)
    role_label = PartyRole(kind.addressed_to).label if kind.addressed_to in PartyRole.values else ""
    if party_id in (None, ""):
        candidates = list(parties[:2])
        if len(candidates) == 1:
            return candidates[0]
        message = _("Choose the party to serve.")
        raise InvalidInput(message, fields={"party": [message]})
    try:
        return parties.get(pk=int(party_id))
    except (Party.DoesNotExist, ValueError, TypeError):
        message = _("The chosen party is not a %(role)s of this case.") % {"role": role_label}
        raise InvalidInput(message, fields={"party": [message]}) from None


def _lock_case(actor, case_id) -> Case:
    """The case, locked first (cases.locking); NotFound for one the actor may not see."""
    return lock_for_case(case_id, actor=actor, select_related=("court", "judge", "clerk")).case


def _allocate_seq(court, year: int, kind: str) -> int:
    """Next number under a row lock (see cases.services._allocate_number): no gap, no duplicate."""
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(court=court, year=year, kind=kind, last=0)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(court=court, year=year, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _unused_code() -> str:
    while True:  # 60 bits: a second round is already a curiosity
        code = new_verification_code()
        if not Document.objects.filter(verification_code=code).exists():
            return code


def _person_id_numbers(case) -> list[str]:
    """The 身份证号码 of the case's natural persons: what a masked rendition must not contain."""
    if case is None:
        return []
    return [n for n in case.parties.filter(kind=PartyKind.PERSON).values_list("id_number", flat=True) if n]


def _mask_left_over(html: str, numbers: list[str], kind: DocumentKind) -> str:
    """The masked rendition's last guard: a kind whose context builder printed a number without
    kinds.party_id_text still never shows it in full."""
    for number in numbers:
        if number in html:
            logger.error("document kind %s printed a full ID number in its masked rendition", kind.key)
            html = html.replace(number, mask_id(number))
    return html


EDIT_ROLES = (Role.JUDGE, Role.HEAD)


def clean_edits(actor, kind: DocumentKind, edits: dict | None) -> dict[str, str]:
    """The free-text parts a judge wrote (kind.editable): known keys only, within their length,
    written by the judge or head (a clerk issues the text as it stands), as a sentence that ends
    once (no "。。"). Empty parts are left out: the document prints none."""
    cleaned: dict[str, str] = {}
    parts = {part.key: part for part in kind.editable}
    for key, raw in (edits or {}).items():
        part = parts.get(key)
        if part is None:
            message = _("The %(title)s has no free-text part “%(key)s”.") % {"title": kind.title, "key": key}
            raise InvalidInput(message, fields={f"edits.{key}": [message]})
        text = " ".join(str(raw or "").replace("\x00", "").split())
        if not text:
            continue
        if len(text) > part.max_length:
            message = _("At most %(max)s characters.") % {"max": part.max_length}
            raise InvalidInput(message, fields={f"edits.{key}": [message]})
        cleaned[key] = one_sentence_end(text)
    if cleaned:
        membership = membership_of(actor)
        if membership is None or membership.role not in EDIT_ROLES:
            raise NotAllowed(
                _("Only the judge or the head of enforcement may change the text of a document.")
            )
    return cleaned


def render_document_html(
    kind: DocumentKind,
    *,
    case,
    party,
    court,
    number,
    code,
    issued_on,
    preview,
    subject=None,
    masked=False,
    edits: dict | None = None,
) -> str:
    """The one render path of issue and preview (and the benchmark): the kind's context plus the
    common part (court, number, date in Chinese numerals, verification code, QR code). `masked`
    renders the masked rendition: the same document, natural persons' ID numbers masked, marked
    脱敏副本 beside its verification code."""
    with in_record_language():  # the document's text is Chinese whoever issues it, its labels too
        context = kind.build_context(case=case, party=party, subject=subject, masked=masked)
    context.update(edits or {})  # the judge's own words, cleaned by clean_edits
    verify_url = verify_url_for(code) if code else ""
    mark = "预览 · 未生效" if preview else f"验证码 {group_code(code)}" + (" · 脱敏副本" if masked else "")
    context.update(
        {
            "kind": kind,
            "title": kind.title,
            "court_name": court.name,
            "number": number,
            "date_numerals": date_cn_numerals(issued_on),
            "preview": preview,
            "masked": masked,
            "verification_code": group_code(code) if code else "",
            "verify_url": verify_url,
            "qr": qr_svg_data_uri(verify_url) if code else "",
            "running_header_css": css_string(f"{court.name} · {number}" if number else court.name),
            "footer_mark_css": css_string(mark),
        }
    )
    html = render_html(kind.template, context)
    return _mask_left_over(html, _person_id_numbers(case), kind) if masked else html


def render_document(
    kind: DocumentKind,
    *,
    case,
    party,
    court,
    number,
    code,
    issued_on,
    preview,
    subject=None,
    masked=False,
    edits: dict | None = None,
) -> bytes:
    return html_to_pdf(
        render_document_html(
            kind,
            case=case,
            party=party,
            court=court,
            number=number,
            code=code,
            issued_on=issued_on,
            preview=preview,
            subject=subject,
            masked=masked,
            edits=edits,
        )
    )


def _published(kind: DocumentKind, *, case, party, court, number, issued_on) -> dict:
    """What the public verify page may show. Never an ID number; party names only where the kind's
    own publication rule allows (neither 执行通知书 nor 报告财产令 does)."""
    summary = {
        "kind": kind.key,
        "title": kind.title,
        "number": number,
        "court": court.name,
        "issued_on": issued_on.isoformat(),
    }
    if kind.publish_case_number and case is not None:
        summary["case_number"] = case.number
    if kind.publish_party_names and party is not None:
        summary["addressee"] = party.name
    return summary


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # the sweep will find it
        logger.warning("could not delete %s after a failed issue", name, exc_info=True)


# --- issue -----------------------------------------------------------------------------------------
def document_issue(
    *,
    actor,
    kind: str,
    case_id,
    party_id=None,
    batch: DocumentBatch | None = None,
    notify: bool = True,
    subject=None,
    edits: dict | None = None,
) -> Document:
    """制作并发出: number, render, store and record one document for a case (for one addressee).
    `subject` is the object a kind's document is about beyond the case and addressee (the notice
    of a 协助执行通知书 or a 司法建议函); the kind's context builder receives it."""
    spec = _kind_or_invalid(kind) if subject is not None else _standalone_or_invalid(kind)
    storage = _storage()
    written: list[str] = []
    try:
        with transaction.atomic():
            case = _lock_case(actor, case_id)
            _check_issuer(actor, case, spec)
            party = _addressee(case, spec, party_id)
            edits = clean_edits(actor, spec, edits)
            _refuse_unless_documents_can_be_made()
            court = case.court
            issued_at = timezone.now()
            issued_on = timezone.localdate(issued_at)
            seq = _allocate_seq(court, issued_on.year, spec.key)
            number = document_number(year=issued_on.year, court_code=court.code, kind_code=spec.code, seq=seq)
            code = _unused_code()
            common = {
                "case": case,
                "party": party,
                "subject": subject,
                "court": court,
                "number": number,
                "code": code,
                "issued_on": issued_on,
                "preview": False,
                "edits": edits,
            }
            html = render_document_html(spec, **common)
            personal = any(n in html for n in _person_id_numbers(case))
            pdf = html_to_pdf(html)
            # A document that prints a person's full ID number gets its masked rendition now, from
            # the same data in the same transaction: its content is what was issued (rendering it
            # at download time would print the case as it is then), it is never rendered again, and
            # its own SHA-256 is recorded. The price is a second layout (~0.2 s) for such documents.
            masked_pdf = html_to_pdf(render_document_html(spec, **common, masked=True)) if personal else None
            try:
                # Only the font check here (pure Python, ~ms); pdftotext is for the tests.
                for made in (pdf, masked_pdf) if masked_pdf is not None else (pdf,):
                    check_glyphs(made, [spec.title, court.name, number], extract_text=False)
            except MissingGlyphs as exc:
                logger.error("document %s not issued: %s", number, exc)
                raise DocumentRenderFailed(
                    _(
                        "The document could not be generated correctly (%(error)s). Please ask the administrator to install the Chinese fonts (fonts-noto-cjk)."
                    )
                    % {"error": exc}
                ) from exc
            document = Document(
                court=court,
                case=case,
                party=party,
                kind=spec.key,
                year=issued_on.year,
                seq=seq,
                number=number,
                title=spec.title,
                sha256=sha256_hex(pdf),
                size=len(pdf),
                verification_code=code,
                issued_by=actor,
                issued_at=issued_at,
                issued_on=issued_on,
                batch=batch,
                published=_published(
                    spec, case=case, party=party, court=court, number=number, issued_on=issued_on
                ),
                personal_data=personal,
                masked_sha256=sha256_hex(masked_pdf) if masked_pdf is not None else "",
            )
            name = storage.save(document_upload_to(document, f"{code}.pdf"), ContentFile(pdf))
            written.append(name)
            document.file.name = name
            if masked_pdf is not None:
                masked_name = storage.save(
                    document_upload_to(document, f"{code}-masked.pdf"), ContentFile(masked_pdf)
                )
                written.append(masked_name)
                document.masked_file.name = masked_name
            document.audit_event = audit_record(
                actor=actor,
                action=events.DOCUMENT_ISSUED,
                obj=case,
                # what the document is about beyond the case (a notice): among its events too
                subject=subject if isinstance(subject, models.Model) else None,
                court=court,
                summary=f"制作并发出{spec.title}{number}"
                + (f"（受送达人：{party.name}）" if party else "")
                + (
                    f"；修改文书内容：{'、'.join(p.name for p in spec.editable if p.key in edits)}"
                    if edits
                    else ""
                ),
                data={
                    "kind": spec.key,
                    "number": number,
                    "verification_code": code,
                    "sha256": document.sha256,
                    "masked_sha256": document.masked_sha256 or None,
                    "party_id": party.pk if party else None,
                    "batch_id": batch.pk if batch else None,
                    # the judge's own words in the issued text (clean_edits), kept with the issue
                    **({"edits": edits} if edits else {}),
                },
            )
            document.save()
            if notify and case.judge_id != actor.pk:
                notification_queue(
                    recipient=case.judge,
                    kind="document.issued",
                    title=lambda: (
                        _("%(case)s: %(title)s %(number)s drawn up")
                        % {"case": case.number, "title": spec.title, "number": number}
                    ),
                    body=lambda: (
                        _("Drawn up by %(actor)s; served on %(party)s")
                        % {"actor": actor, "party": party.name}
                        if party
                        else _("Drawn up by %(actor)s") % {"actor": actor}
                    ),
                    link=reverse("documents:case", args=[case.pk]),
                )
    except BaseException:
        for name in written:
            _delete_quietly(storage, name)
        raise
    return document


# --- preview ----------------------------------------------------------------------------------------
def document_render_preview(*, actor, kind: str, case_id, party_id=None, edits: dict | None = None) -> bytes:
    """The same template without number, verification code or QR code, marked 预览 · 未生效. No row,
    no number taken, no audit event. Only issuers who work on the case preview, and the ID numbers
    follow the case page's rule all the same (cases.selectors.can_see_full_id)."""
    spec = _standalone_or_invalid(kind)
    case = get_case_for(actor, case_id)
    _check_issuer(actor, case, spec)
    party = _addressee(case, spec, party_id)
    edits = clean_edits(actor, spec, edits)
    _refuse_unless_documents_can_be_made()
    return render_document(
        spec,
        case=case,
        party=party,
        court=case.court,
        number="",
        code="",
        issued_on=timezone.localdate(),
        preview=True,
        masked=not can_see_full_id(actor, case),
        edits=edits,
    )


# --- reading documents ------------------------------------------------------------------------------
def documents_visible_to(user):
    """Documents of cases (and courts) this user may see: the court hierarchy, as for cases."""
    return Document.objects.filter(court__in=visible_courts(user))


def get_document_for(user, document_id) -> Document:
    """The document if the user may see its case (cases.selectors.get_case_for); NotFound otherwise."""
    try:
        document = documents_visible_to(user).select_related("court", "case").get(pk=document_id)
    except (Document.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The document does not exist or you may not view it.")) from None
    if document.case_id is not None:
        get_case_for(user, document.case_id)
    return document


def documents_of_case(case: Case):
    return case.documents.select_related("party", "issued_by").order_by("issued_at", "id")


ORIGINAL, MASKED = "original", "masked"


@dataclass
class DocumentDownload:
    document: Document
    handle: object  # the open file
    rendition: str  # ORIGINAL or MASKED
    sha256: str  # of the file served
    filename: str


def document_rendition_for(user, document: Document) -> str | None:
    """Which rendition of a document this user may download: the original where it prints no
    person's ID number, or to those who may see full ID numbers on the case page (the same rule:
    cases.selectors.can_see_full_id, those who work on the case and the division head); the masked
    rendition to everyone else who may see the case (a higher court's supervisor, finance, a judge
    or clerk of the court not on the case); None when there is no masked rendition to give (a
    document issued before renditions were kept)."""
    if document.personal_data is False:
        return ORIGINAL
    if document.case is not None and can_see_full_id(user, document.case):
        return ORIGINAL
    return MASKED if document.masked_file else None


def document_open_for_download(*, actor, document_id) -> DocumentDownload:
    """The file this user may download, open. Recorded in the audit trail on the document (not on
    the case timeline), naming the rendition served: the original carries full ID numbers.
    NotFound for a document the user may not see, or may see only masked when it has no masked
    rendition."""
    document = get_document_for(actor, document_id)
    rendition = document_rendition_for(actor, document)
    if rendition is None:
        raise NotFound(
            _(
                "The document carries a party's full ID number and has no masked copy: you may not download it."
            )
        )
    masked = rendition == MASKED
    handle = _storage().open((document.masked_file if masked else document.file).name, "rb")
    sha256 = document.masked_sha256 if masked else document.sha256
    audit_record(
        actor=actor,
        action=events.DOCUMENT_DOWNLOADED,
        obj=document,
        court=document.court,
        summary=f"下载{document.title}{document.number}" + ("（脱敏副本）" if masked else ""),
        data={"rendition": rendition, "sha256": sha256},
    )
    suffix = "（脱敏副本）" if masked else ""
    return DocumentDownload(
        document=document,
        handle=handle,
        rendition=rendition,
        sha256=sha256,
        filename=f"{document.title}{document.number}{suffix}.pdf",
    )


def missing_end_round_documents(case: Case) -> str | None:
    """A 终本 condition (cases.actions style: a reason, or None when met): the execution notice and the
    asset-report order must have been issued and served, service in effect by today (终本规定 2016
    art. 1 item (一); documents.serving.unserved_end_round_documents)."""
    required = [k for k in KINDS.values() if k.required_for_end_round]
    # both are addressed to a respondent, so each issued one has its service status (read once,
    # or from what a page prefetched: documents.serving.prefetch_service_statuses)
    statuses = service_statuses(case)
    issued = {s.document.kind for s in statuses}
    missing = [k.title for k in required if k.key not in issued]
    if missing:
        return _("Not yet issued: %(documents)s.") % {"documents": _(", ").join(missing)}
    return unserved_end_round_documents(case, statuses=statuses)


# --- verification (public) -----------------------------------------------------------------------------
@dataclass
class Verification:
    document: Document
    archive_sha256: str | None  # the stored file hashed now; None when the file is gone

    @property
    def archive_intact(self) -> bool:
        return self.archive_sha256 == self.document.sha256

    @property
    def published(self) -> dict:
        summary = dict(self.document.published)
        issued_on = dt.date.fromisoformat(summary["issued_on"])
        summary["issued_on_cn"] = date_cn_numerals(issued_on)
        summary["sha256"] = self.document.sha256
        return summary


def _hash_file(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def document_verify(*, code: str) -> Verification | None:
    """Look a code up and re-hash the archive copy: a changed stored file shows as not matching."""
    code = normalize_code(code)
    if not code:
        return None
    document = Document.objects.filter(verification_code=code).first()
    if document is None:
        return None
    try:
        with _storage().open(document.file.name, "rb") as handle:
            actual = _hash_file(handle)
    except (FileNotFoundError, OSError):
        logger.error("archive copy of document %s is missing", document.number)
        actual = None
    if actual is not None and actual != document.sha256:
        logger.error("archive copy of document %s does not match its SHA-256", document.number)
    return Verification(document=document, archive_sha256=actual)


def document_compare_upload(*, document: Document, upload) -> tuple[bool, str]:
    """Does an uploaded PDF equal the issued one? Compared with the SHA-256 recorded at issue
    (upload_is_masked_rendition tells whether it is the document's masked rendition instead)."""
    if upload.size > MAX_UPLOAD_BYTES:
        message = _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        raise InvalidInput(message, fields={"file": [message]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    actual = digest.hexdigest()
    return actual == document.sha256, actual


def upload_is_masked_rendition(document: Document, digest: str) -> bool:
    return bool(document.masked_sha256) and digest == document.masked_sha256


# --- batches ------------------------------------------------------------------------------------------
def cases_lacking_document(user, kind: str):
    """Running cases this user works on with no document of this kind yet (the batch page's list)."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return Case.objects.none()
    qs = case_list(user, court_id=membership.court_id).filter(state__in=CaseState.running_states())
    return qs.worked_on_by(user).exclude(
        pk__in=Document.objects.filter(kind=kind, case__isnull=False).values("case_id")
    )


def document_batch_start(*, actor, kind: str, case_ids) -> DocumentBatch:
    """Ask for `kind` for every respondent of each case; a Celery task does the work after commit."""
    spec = _standalone_or_invalid(kind)
    membership = membership_of(actor)
    if membership is None or membership.court_id is None or membership.role not in spec.issuer_roles:
        raise NotAllowed(_("You may not draw up a %(title)s.") % {"title": spec.title})
    try:
        ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    except (TypeError, ValueError):
        raise InvalidInput(_("Invalid case id."), fields={"cases": [_("Invalid case id.")]}) from None
    if not ids:
        raise InvalidInput(_("Choose at least one case."), fields={"cases": [_("Choose at least one case.")]})
    if len(ids) > MAX_BATCH_CASES:
        message = _("Choose at most %(max)s cases at a time.") % {"max": MAX_BATCH_CASES}
        raise InvalidInput(message, fields={"cases": [message]})
    cases = list(Case.objects.visible_to(actor).filter(pk__in=ids).select_related("court"))
    allowed = [c for c in cases if works_on_case(actor, c)]
    if len(allowed) != len(ids):
        message = _("%(count)s cases do not exist or are not yours; no batch was created.") % {
            "count": len(ids) - len(allowed)
        }
        raise InvalidInput(message, fields={"cases": [message]})
    with transaction.atomic():
        batch = DocumentBatch.objects.create(
            court_id=membership.court_id, requested_by=actor, kind=spec.key, case_ids=ids, total=len(ids)
        )
        DocumentBatchItem.objects.bulk_create([DocumentBatchItem(batch=batch, case_id=pk) for pk in ids])
        audit_record(
            actor=actor,
            action=events.DOCUMENT_BATCH_STARTED,
            obj=batch,
            court=membership.court,
            summary=f"批量制作{spec.title}：{len(ids)}件案件",
            data={"kind": spec.key, "case_ids": ids},
        )
        queue_batch(batch.pk)
    return batch


def queue_batch(batch_id: int) -> None:
    """The batch's work in the task outbox (sent after commit, swept until a worker ran it). Called
    again for a batch that stopped (the page's "start again"), it reopens the work; document_batch_run
    skips what is done, so nothing is issued twice."""
    with transaction.atomic():
        task_enqueue(
            "enforcement.documents_issue_batch",
            batch_id,
            key=f"enforcement.documents_issue_batch:{batch_id}",
            reopen=True,
        )


def document_batch_run(*, batch_id: int) -> DocumentBatch | None:
    """The task's work: each pending case in turn, each addressee through document_issue (one
    transaction each), so one failure is recorded and the rest continue. Idempotent: cases done are
    skipped, and an addressee that already has this batch's document is not issued again (checked
    first, and guaranteed by the unique constraint document_once_per_batch_item under a race)."""
    with transaction.atomic():
        batch = DocumentBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return None
        if (
            batch.status == DocumentBatchStatus.FINISHED
            and not batch.items.filter(status=DocumentBatchItemStatus.PENDING).exists()
        ):
            return batch
        batch.status = DocumentBatchStatus.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        batch.save(update_fields=["status", "started_at"])
    spec = get_kind(batch.kind)
    items = batch.items.filter(status=DocumentBatchItemStatus.PENDING).select_related("case").order_by("id")
    for item in items:
        errors = _batch_item_run(batch, spec, item) if spec else [_("Unknown kind of document.")]
        item.status = DocumentBatchItemStatus.FAILED if errors else DocumentBatchItemStatus.DONE
        item.error = _("; ").join(errors)
        item.save(update_fields=["status", "error", "updated_at"])
        _batch_recount(batch)
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=DocumentBatchStatus.FINISHED, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    notification_queue(
        recipient=batch.requested_by,
        kind="document.batch_finished",
        title=lambda: (
            _("Batch %(title)s finished: %(done)s done, %(failed)s failed")
            % {"title": spec.title if spec else batch.kind, "done": batch.done, "failed": batch.failed}
        ),
        link=reverse("documents:batch", args=[batch.pk]),
        dedupe_key=f"document-batch:{batch.pk}:finished",
    )
    return batch


def _batch_item_run(batch: DocumentBatch, spec: DocumentKind, item: DocumentBatchItem) -> list[str]:
    errors = []
    parties = (
        list(item.case.parties.filter(role=spec.addressed_to).order_by("position", "id"))
        if spec.addressed_to
        else [None]
    )
    for party in parties:
        already = Document.objects.filter(batch=batch, case=item.case, party=party, kind=spec.key)
        if already.exists():
            continue
        label = _("%(name)s: ") % {"name": party.name} if party else ""
        try:
            document_issue(
                actor=batch.requested_by,
                kind=spec.key,
                case_id=item.case_id,
                party_id=party.pk if party else None,
                batch=batch,
                notify=False,
            )
        except IntegrityError:
            if not already.exists():  # not the batch-item race: a real failure
                logger.exception("batch %s: case %s failed", batch.pk, item.case_id)
                errors.append(_("%(label)sSaving failed; please try again.") % {"label": label})
        except ServiceError as exc:
            errors.append(f"{label}{exc.message}")
        except Exception:  # a rendering or storage failure on one case must not stop the batch
            logger.exception("batch %s: case %s failed", batch.pk, item.case_id)
            errors.append(_("%(label)sA system error: not generated.") % {"label": label})
    return errors


def _batch_recount(batch: DocumentBatch) -> None:
    counts = dict(batch.items.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    failed = list(
        batch.items.filter(status=DocumentBatchItemStatus.FAILED)
        .select_related("case")
        .values_list("case_id", "case__number", "error")
    )
    DocumentBatch.objects.filter(pk=batch.pk).update(
        total=sum(counts.values()),
        done=counts.get(DocumentBatchItemStatus.DONE, 0),
        failed=counts.get(DocumentBatchItemStatus.FAILED, 0),
        errors=[{"case_id": pk, "case_number": number, "message": error} for pk, number, error in failed],
    )


def get_batch_for(user, batch_id) -> DocumentBatch:
    """Only the person who asked for the batch sees it and its progress."""
    try:
        return DocumentBatch.objects.get(pk=batch_id, requested_by=user)
    except (DocumentBatch.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The batch does not exist or you may not view it.")) from None


def batch_progress(batch: DocumentBatch) -> dict:
    processed = batch.done + batch.failed
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "total": batch.total,
        "done": batch.done,
        "failed": batch.failed,
        "processed": processed,
        "percent": 100 if batch.total == 0 else round(100 * processed / batch.total),
        "finished": batch.status == DocumentBatchStatus.FINISHED,
        "errors": batch.errors,
        "documents": batch.documents.count(),
    }


# --- housekeeping --------------------------------------------------------------------------------------
def document_orphans_sweep(*, older_than: dt.timedelta = ORPHAN_AGE) -> int:
    """Delete stored PDFs that no Document row names (an enclosing transaction rolled back, or the
    process died between writing and committing). Only files older than `older_than`: a younger one
    may belong to a transaction still in flight."""
    storage = _storage()
    cutoff = timezone.now() - older_than
    removed = 0

    def walk(path: str):
        try:
            dirs, files = storage.listdir(path)
        except FileNotFoundError:
            return
        for name in files:
            yield f"{path}/{name}"
        for sub in dirs:
            yield from walk(f"{path}/{sub}")

    for name in walk("documents"):
        if Document.objects.filter(Q(file=name) | Q(masked_file=name)).exists():
            continue
        try:
            if storage.get_modified_time(name) > cutoff:
                continue
        except (NotImplementedError, OSError):
            continue
        _delete_quietly(storage, name)
        removed += 1
    return removed
