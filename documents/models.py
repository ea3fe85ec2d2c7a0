"""Official documents: the issued PDF, its number and its verification code.

Invariants:
- `Document` rows are immutable once issued (append-only, like the audit trail): a correction is a
  new document with a new number. The stored file's SHA-256 is recorded at issue; the verify page
  re-hashes the stored bytes, so a changed archive copy shows as tampered.
- `number` is unique; (court, year, kind, seq) is unique and seq counts 1, 2, 3… per court, issue
  year and kind with no gap (allocated under a row lock on DocumentCounter in the issuing transaction).
- `verification_code` is unique, 12 characters of an unambiguous alphabet (60 bits, not guessable).
- A document issued by a batch carries it; (batch, case, party, kind) is unique, so running a batch
  twice issues nothing twice.
- A document that prints a natural person's full ID number (`personal_data`) has a masked rendition
  (`masked_file`, `masked_sha256`) stored with it at issue, never made later.

The tables keep the names they had when these models lived in the kernel (enforcement_document…):
the move to this app changed no row (documents migration 0001).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models.audit import AppendOnlyModel


class DocumentCounter(models.Model):
    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "enforcement_documentcounter"
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "kind"], name="document_counter_unique")
        ]

    def __str__(self):
        return f"{self.court_id}/{self.year}/{self.kind}: {self.last}"


def document_upload_to(instance, filename: str) -> str:
    """documents/<court id>/<year>/<kind>/<verification code>.pdf: one name per document, never reused."""
    return f"documents/{instance.court_id}/{instance.year}/{instance.kind}/{filename}"


class Document(AppendOnlyModel):
    # The audit trail names documents as it did before they moved out of the kernel, so one object
    # type covers every download and batch event, old and new (enforcement.audit.audit_record).
    audit_object_type = "enforcement.document"

    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The party the document is addressed to (one 执行通知书 per respondent), if any.
    party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("addressee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_on = models.DateField(_("date of the document"))
    audit_event = models.OneToOneField(
        "enforcement.AuditEvent",
        verbose_name=_("audit event"),
        on_delete=models.PROTECT,
        related_name="document",
    )
    batch = models.ForeignKey(
        "documents.DocumentBatch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # What the public verify page may show: decided by the kind's publish rule at issue time.
    published = models.JSONField(_("published summary"), default=dict, encoder=DjangoJSONEncoder)
    # Whether the document prints a natural person's full ID number: True, False, or None for a
    # document issued before renditions were kept (then nobody outside the case may download it).
    personal_data = models.BooleanField(_("carries personal ID numbers"), null=True, default=None)
    # The masked rendition (脱敏副本) of such a document, made from the same render at issue: the same
    # number, verification code and date, the ID numbers masked as the case page masks them. It is
    # what court users who do not work on the case download; `file` and `sha256` stay the official
    # document. Empty when the document carries no personal ID number.
    masked_file = models.FileField(
        _("masked rendition"), upload_to=document_upload_to, max_length=255, blank=True
    )
    masked_sha256 = models.CharField(_("SHA-256 of the masked rendition"), max_length=64, blank=True)

    class Meta:
        db_table = "enforcement_document"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "kind", "seq"], name="document_number_parts_unique"
            ),
            models.UniqueConstraint(
                fields=["batch", "case", "party", "kind"],
                condition=Q(batch__isnull=False),
                name="document_once_per_batch_item",
            ),
        ]
        indexes = [models.Index(fields=["case", "kind"], name="document_case_kind_idx")]

    def __str__(self):
        return f"{self.title} {self.number}"


class DocumentBatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class DocumentBatchItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentBatch(models.Model):
    """One request to issue a kind of document for many cases, run by a Celery task. `total`, `done`,
    `failed` and `errors` are recounted from the items after each one, so they never drift."""

    audit_object_type = "enforcement.documentbatch"  # as Document.audit_object_type

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40)
    case_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=DocumentBatchStatus.choices, default=DocumentBatchStatus.PENDING
    )
    errors = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "enforcement_documentbatch"
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"batch {self.pk} {self.kind} {self.done + self.failed}/{self.total}"


class DocumentBatchItem(models.Model):
    """One case of a batch: every respondent of it gets the document (one transaction each)."""

    batch = models.ForeignKey(DocumentBatch, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=DocumentBatchItemStatus.choices, default=DocumentBatchItemStatus.PENDING
    )
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "enforcement_documentbatchitem"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["batch", "case"], name="document_batch_item_unique")]

    def __str__(self):
        return f"{self.batch_id}/{self.case_id}: {self.status}"


class ServiceMethod(models.TextChoices):
    """送达方式 (民事诉讼法 2023 arts. 88–91, 95); when each takes effect: documents.rules."""

    DIRECT = "direct", _("Personal service")
    LEFT = "left", _("Service by leaving the document")
    POST = "post", _("Service by post")
    ELECTRONIC = "electronic", _("Electronic service")
    ENTRUSTED = "entrusted", _("Service entrusted to another court")
    PUBLIC = "public", _("Service by public announcement")


def service_proof_upload_to(instance, filename: str) -> str:
    """service-proofs/<court id>/<document id>/<random name>: never a name the user chose."""
    return f"service-proofs/{instance.court_id}/{instance.document_id}/{filename}"


class Service(AppendOnlyModel):
    """送达记录: one act of service of a document on a party, with its proof (送达回证, the postal
    receipt, the electronic delivery record, the announcement). Append-only like the document:
    a mistaken record is followed by a correct one, never edited. A party counts as served from
    the earliest `effective_on` of its records (documents.serving)."""

    audit_object_type = "documents.service"

    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="services"
    )
    party = models.ForeignKey(
        "cases.Party", verbose_name=_("party served"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method of service"), max_length=20, choices=ServiceMethod.choices)
    # What the date is depends on the method (documents.rules: ServiceRule.date_means)
    date = models.DateField(_("date on the proof"))
    effective_on = models.DateField(_("service takes effect on"), db_index=True)
    rule_citation = models.CharField(_("legal basis of the effective date"), max_length=200)
    recipient = models.CharField(_("received by"), max_length=100)
    proof = models.FileField(_("proof of service"), upload_to=service_proof_upload_to, max_length=255)
    proof_name = models.CharField(_("file name of the proof"), max_length=200)
    proof_sha256 = models.CharField("SHA-256", max_length=64)
    proof_size = models.PositiveIntegerField(_("size (bytes)"))
    proof_type = models.CharField(_("file type"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["document", "party"], name="service_document_party_idx")]

    def __str__(self):
        return f"{self.document_id}/{self.party_id}: {self.method} {self.effective_on}"
