"""Assistance notices (协助执行通知书) to cooperating agencies and their answers.

Invariants: a notice belongs to one case and one agency; its status moves draft → approved →
sent → received → answered → closed (or overdue while unanswered) only through the services in
assistance.services; an agency never sees another agency's notices (assistance.selectors)."""

import hashlib
import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from assets.models import Asset
from assistance.choices import AnswerResult, BatchStatus, NoticeAction, NoticeStatus

N = NoticeStatus


class NoticeQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency).exclude(status__in=[N.DRAFT, N.APPROVED, N.CANCELLED])


class Notice(models.Model):
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="notices"
    )
    agency = models.ForeignKey(
        "enforcement.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="notices"
    )
    action = models.CharField(_("requested action"), max_length=30, choices=NoticeAction.choices)
    respondent = models.ForeignKey(
        "cases.Party",
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name=_("asset"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    measure = models.ForeignKey(
        "assets.ControlMeasure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    payload = models.JSONField(_("what is asked"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = FSMField(
        _("status"), default=N.DRAFT, choices=NoticeStatus.choices, protected=True, db_index=True
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    network_query = models.ForeignKey(
        "assistance.NetworkQuery", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    # True while due_on was counted past the years the holiday calendar knows (enforcement.workdays):
    # shown as provisional, recomputed by the overdue sweep once the calendar knows the year.
    due_on_provisional = models.BooleanField(_("answer due date is provisional"), default=False)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=AnswerResult.choices, blank=True)
    answer = models.JSONField(_("answer data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    answer_note = models.TextField(_("answer note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    reminded_liaison_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    suggestion_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("judicial suggestion letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance notice")
        verbose_name_plural = _("assistance notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="notice_agency_status_idx"),
            models.Index(fields=["status", "due_on"], name="notice_due_idx"),
            # The liaison inbox (assistance.selectors.agency_inbox: the agency's notices by due date),
            # read along the index instead of sorting every notice of the agency (issue 15). The
            # pending tab's condition spells out NoticeStatus.awaiting_answer().
            models.Index(fields=["agency", "due_on", "id"], name="notice_agency_due_idx"),
            models.Index(
                fields=["agency", "due_on", "id"],
                condition=models.Q(status__in=["sent", "received", "overdue"]),
                name="notice_agency_pending_due_idx",
            ),
            # the liaison inbox's "all" tab, newest sent first (read backwards): without it the
            # list sorted all 155,000 notices of a bank at 200,000 cases on disk (140 ms -> 0.7 ms)
            models.Index(fields=["agency", "sent_at", "id"], name="notice_agency_sent_idx"),
            # answers waiting for the judge's review, oldest first (the work lists' "answers
            # waiting" panel and list filter): a few thousand rows among the hundreds of thousands
            # closed; the first five are read in order and the count index-only (a head's panel at
            # 200,000 cases: 260 ms -> 0.4 ms for the entries, 11 ms for the count)
            models.Index(
                fields=["answered_at", "id"],
                include=["case"],
                condition=models.Q(status="answered"),
                name="notice_answered_order_idx",
            ),
            # the cases that had a query notice ("no network query yet": NOT EXISTS, a probe a running
            # case): read from the index alone, not the notices of each case (120 ms of 190 at
            # 200,000 cases for 13,800 probes)
            models.Index(fields=["case"], condition=models.Q(action="query"), name="notice_query_case"),
            # answers by time (command centre's agency answer chart)
            models.Index(
                fields=["answered_at"],
                include=["id", "sent_at", "case", "agency", "status"],
                condition=~models.Q(status="cancelled") & models.Q(sent_at__isnull=False),
                name="notice_answered_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} → {self.agency}"

    # --- transitions: fields only; services check, lock, audit and notify ----------------------
    @transition(field=status, source=N.DRAFT, target=N.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=N.APPROVED, target=N.SENT)
    def send(self):
        self.sent_at = timezone.now()

    @transition(field=status, source=[N.SENT, N.OVERDUE], target=N.RECEIVED)
    def receive(self):
        self.received_at = self.received_at or timezone.now()

    @transition(field=status, source=[N.SENT, N.RECEIVED], target=N.OVERDUE)
    def mark_overdue(self):
        self.overdue_at = timezone.now()

    @transition(field=status, source=[N.SENT, N.RECEIVED, N.OVERDUE], target=N.ANSWERED)
    def record_answer(self):
        self.answered_at = timezone.now()
        self.received_at = self.received_at or self.answered_at

    @transition(field=status, source=N.ANSWERED, target=N.CLOSED)
    def close(self):
        self.closed_at = timezone.now()

    @transition(field=status, source=[N.DRAFT, N.APPROVED], target=N.CANCELLED)
    def cancel(self):
        pass

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None or self.due_on is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on


class AnswerDeadline(models.Model):
    """Working days an agency has to answer a notice of this action, when an operator changes the
    default of the rule rows in assistance.rules (admin: 协助答复期限)."""

    action = models.CharField(_("requested action"), max_length=30, choices=NoticeAction.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))

    class Meta:
        verbose_name = _("answer deadline")
        verbose_name_plural = _("answer deadlines")

    def __str__(self):
        return f"{self.get_action_display()}: {self.working_days}"


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class AgencyTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str):
        return self.select_related("agency").filter(key_hash=_hash_key(key), revoked_at__isnull=True).first()


class AgencyToken(models.Model):
    """An API key of one agency (the agency API). Only its SHA-256 is stored; the key is shown once."""

    agency = models.ForeignKey("enforcement.Agency", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AgencyTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency API token")
        verbose_name_plural = _("agency API tokens")

    def __str__(self):
        return f"{self.agency} · {self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, agency, name: str) -> tuple["AgencyToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(agency=agency, name=name, prefix=key[:8], key_hash=_hash_key(key))
        return token, key


class NetworkQuery(models.Model):
    """网络查控: one request to query respondents at every kind of agency, with its progress."""

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    respondent_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    error = models.TextField(blank=True)
    # The token of the form (or the API's Idempotency-Key) that started it: sending the same request
    # again returns this query instead of starting a second one.
    request_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("network query")
        verbose_name_plural = _("network queries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "request_key"],
                condition=~models.Q(request_key=""),
                name="networkquery_request_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["court"],
                condition=models.Q(status__in=["pending", "running"]),
                name="networkquery_running_idx",
            )
        ]

    def __str__(self):
        return gettext("Network query #%(id)s (%(done)s/%(total)s)") % {
            "id": self.pk,
            "done": self.done,
            "total": self.total,
        }


# Which notice's answer found an asset (an account a bank reported, a house a registry did): the link
# is assistance's, the app that finds assets, so it is added to Asset from here and the assets app
# never names the app above it. The column (found_by_notice_id on cases_asset) is the one the field
# always had; assistance migration 0006 adds it to the model's migration state.
Asset.add_to_class(
    "found_by_notice",
    models.ForeignKey(
        "assistance.Notice",
        verbose_name=_("found by notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets_found",
    ),
)


class EndRoundRequery(models.Model):
    """终本后定期查询: the network query (网络查控) of a case whose current round was terminated, for
    one half-year after the 终本 ruling (终本规定 2016 art. 9 para. 2; assistance.requery). Invariant:
    one row per (case, period), so the daily beat task running twice starts the half-year's query
    once; `period` 1 is due six months after the ruling, the last five years after it."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="end_round_requeries"
    )
    period = models.PositiveSmallIntegerField(_("half-year after the termination"))
    due_on = models.DateField(pgettext_lazy("re-query", "due on"))
    network_query = models.ForeignKey(
        NetworkQuery,
        verbose_name=_("network query"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="end_round_requeries",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    # when every agency had answered and the result went out (assistance.requery.requery_results_tell)
    result_told_at = models.DateTimeField(_("result told at"), null=True, blank=True)
    assets_found = models.PositiveIntegerField(_("property items found"), default=0)

    class Meta:
        verbose_name = _("periodic query after termination of the round")
        verbose_name_plural = _("periodic queries after termination of the round")
        ordering = ["case", "period"]
        constraints = [
            models.UniqueConstraint(fields=["case", "period"], name="endroundrequery_once_per_period")
        ]

    def __str__(self):
        return f"{self.case} #{self.period}"
