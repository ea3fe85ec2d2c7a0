"""The sanctions app's records.

- DefaulterEntry: one respondent's listing (失信被执行人名单), from proposal to removal. At most one
  open (proposed or published) entry per party. What the public and the units see is copied onto
  it when it is published (name, ID, sex, birth date, legal representative), so later edits of the
  party do not rewrite a published record.
- ConsumptionOrder + RestrictedPerson: a 限制消费令 and everyone it binds (the respondent; for an
  entity also its legal representative and the others of art. 3 para. 2), one row each with the ID
  number, so the check API answers from one indexed lookup.
- SanctionChange: the change feed (additions and removals), its id is the cursor.
- CheckUnit / CheckLog / UnitFeedback: the joint-punishment units, their hashed keys, every check
  they make, and what they report having applied."""

import contextlib
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanctions.choices import (
    ChangeKind,
    ChangeMeasure,
    EntryStatus,
    LiftReason,
    OrderStatus,
    RemovalReason,
    RequestStatus,
    RestrictedCapacity,
    UnitKind,
)

USER = settings.AUTH_USER_MODEL
OPEN_STATUSES = (EntryStatus.PROPOSED, EntryStatus.PUBLISHED)


class DefaulterEntry(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="defaulter_entries")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="defaulter_entries")
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PROPOSED
    )
    grounds = models.JSONField(_("grounds"), default=list)  # DefaulterGround values, sorted
    facts = models.TextField(_("facts"))
    extension_years = models.PositiveSmallIntegerField(_("extension (years)"), default=0)
    security_given = models.BooleanField(_("security given"), default=False)
    # copied from the party when proposed
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("ID number"), max_length=40)
    is_person = models.BooleanField(default=True)
    sex = models.CharField(max_length=1, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)

    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(pgettext_lazy("defaulter list", "decided on"), null=True, blank=True)
    decision_note = models.TextField(blank=True)
    expires_on = models.DateField(_("listed until"), null=True, blank=True)  # None: until performance
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    removal_reason = models.CharField(max_length=30, choices=RemovalReason.choices, blank=True)
    removal_ground_on = models.DateField(null=True, blank=True)
    removal_due_on = models.DateField(_("to be removed by"), null=True, blank=True)
    removal_note = models.TextField(blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("defaulter list entry")
        verbose_name_plural = _("defaulter list entries")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status__in=["proposed", "published"]),
                name="sanctions_one_open_entry_per_party",
            ),
            models.CheckConstraint(
                condition=Q(extension_years__lte=3), name="sanctions_extension_at_most_3_years"
            ),
        ]
        indexes = [
            models.Index(
                fields=["case"], include=["id"], condition=Q(status="published"), name="sanctions_listed_case"
            ),
            models.Index(fields=["id_number"], condition=Q(status="published"), name="sanctions_listed_id"),
            models.Index(fields=["name"], condition=Q(status="published"), name="sanctions_listed_name"),
            models.Index(
                fields=["expires_on"], condition=Q(status="published"), name="sanctions_listed_expiry"
            ),
            models.Index(
                fields=["removal_due_on"],
                condition=Q(status="published"),
                name="sanctions_listed_removal_due",
            ),
            # proposals waiting for the head, oldest first (the head's work list): a handful among
            # the 100,000 entries of a court's five years, which the list read whole before
            models.Index(
                fields=["proposed_at", "id"],
                include=["case"],
                condition=Q(status="proposed"),
                name="sanctions_proposed_order",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.case.number}）"


class ConsumptionOrder(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consumption_orders")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="consumption_orders")
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.IN_FORCE
    )
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    issued_on = models.DateField()
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.CharField(max_length=30, choices=LiftReason.choices, blank=True)
    lift_note = models.TextField(blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("consumption restriction order")
        verbose_name_plural = _("consumption restriction orders")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status="in_force"),
                name="sanctions_one_order_in_force_per_party",
            )
        ]

    def __str__(self):
        return f"限制消费令（{self.case.number}）"


class RestrictedPerson(models.Model):
    """Someone a 限制消费令 binds; `active` follows the order (lifted: False)."""

    order = models.ForeignKey(ConsumptionOrder, on_delete=models.CASCADE, related_name="persons")
    capacity = models.CharField(max_length=30, choices=RestrictedCapacity.choices)
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["id_number"], condition=Q(active=True), name="sanctions_restricted_id")
        ]

    def __str__(self):
        return f"{self.get_capacity_display()} {self.name}"


class CorrectionRequest(models.Model):
    """纠正申请 (失信名单规定 art. 11, 12)."""

    entry = models.ForeignKey(DefaulterEntry, on_delete=models.PROTECT, related_name="corrections")
    applicant = models.CharField(pgettext_lazy("defaulter list", "applicant"), max_length=200)
    reason = models.TextField(_("reason"))
    received_on = models.DateField(_("received on"))
    decide_by = models.DateField(pgettext_lazy("defaulter list", "to be decided by"))
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    correct_by = models.DateField(null=True, blank=True)
    reconsider_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"纠正申请（{self.applicant}）"


class CreditRepair(models.Model):
    """信用修复: early removal (art. 2 para. 2), proposed by the judge and approved by the head."""

    entry = models.ForeignKey(DefaulterEntry, on_delete=models.PROTECT, related_name="repairs")
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="pending"), name="sanctions_one_pending_repair"
            )
        ]

    def __str__(self):
        return f"信用修复（{self.entry_id}）"


class SanctionChange(models.Model):
    """One addition to or removal from what the units screen against; the id is the feed's cursor."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    measure = models.CharField(max_length=20, choices=ChangeMeasure.choices)
    id_number = models.CharField(max_length=40)
    case_number = models.CharField(max_length=64)
    court_name = models.CharField(max_length=100)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.kind} {self.measure} #{self.pk}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


UNIT_CACHE_SECONDS = 30


def _unit_cache_key(prefix: str) -> str:
    return f"sanctions:check-unit:{prefix}"


class CheckUnitManager(models.Manager):
    def authenticate(self, key: str):
        """The active unit holding this key, or None. Only the key's SHA-256 is stored; the prefix
        finds the row, the digest compared in constant time.

        The row is kept in the shared cache for UNIT_CACHE_SECONDS under its prefix (a unit checks
        many times a second: this saves a query each time). Saving or deleting a unit drops the
        entry once the transaction commits, so a new key, a revocation or a new limit applies to
        the next request on every web process; only an UPDATE bypassing the model (never done
        here) would wait out the 30 s. The digest is compared on every request, cached or not."""
        prefix, _sep, _rest = (key or "").partition(".")
        if not prefix or not _rest:
            return None
        cache_key = _unit_cache_key(prefix)
        try:
            unit = cache.get(cache_key)
        except Exception:  # the cache backend's connection errors: read the row
            unit = None
        if unit is None:
            unit = self.filter(key_prefix=prefix).first() or False
            with contextlib.suppress(Exception):  # the cache unreachable: read the row each time
                cache.set(cache_key, unit, UNIT_CACHE_SECONDS)
        if not unit or not unit.active or not secrets.compare_digest(unit.key_hash, hash_key(key)):
            return None
        return unit


class CheckUnit(models.Model):
    """A joint-punishment unit (联合惩戒单位) with its API key."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    key_prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    per_minute = models.PositiveIntegerField(_("checks per minute"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckUnitManager()

    class Meta:
        verbose_name = _("joint-punishment unit")
        verbose_name_plural = _("joint-punishment units")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_prefix = None
        if self.pk:
            old_prefix = type(self).objects.filter(pk=self.pk).values_list("key_prefix", flat=True).first()
        super().save(*args, **kwargs)
        _forget_units(old_prefix, self.key_prefix)

    def delete(self, *args, **kwargs):
        prefix = self.key_prefix
        result = super().delete(*args, **kwargs)
        _forget_units(prefix)
        return result

    def set_new_key(self) -> str:
        """A fresh key `<prefix>.<secret>`; returned once, only its hash kept."""
        prefix = secrets.token_hex(5)
        key = f"{prefix}.{secrets.token_urlsafe(32)}"
        self.key_prefix = prefix
        self.key_hash = hash_key(key)
        return key


def _forget_units(*prefixes) -> None:
    """Drop the cached rows of these key prefixes now and again once the transaction commits (a
    request between the two would otherwise cache the row as it was before the change)."""
    keys = [_unit_cache_key(p) for p in prefixes if p]

    def forget():
        with contextlib.suppress(Exception):  # the cache unreachable: entries expire within 30 s
            cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


class CheckLog(models.Model):
    """Every check a unit made: when, how many IDs, how many hits, and the IDs themselves, so the
    court can answer who looked a person up."""

    unit = models.ForeignKey(CheckUnit, on_delete=models.PROTECT, related_name="logs")
    at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField()
    hits = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField(default=0)
    ids = models.JSONField(default=list)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "-at"], name="sanctions_log_unit_at")]

    def __str__(self):
        return f"{self.unit_id} {self.at:%Y-%m-%d %H:%M} ({self.count})"


class UnitFeedback(models.Model):
    """拦截反馈: a unit reports what it applied (a refused ticket, a refused loan)."""

    unit = models.ForeignKey(CheckUnit, on_delete=models.PROTECT, related_name="feedback")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sanction_feedback")
    id_number = models.CharField(max_length=40)
    action = models.CharField(_("what was applied"), max_length=300)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return self.action


# the penalties part (exit restriction, fines and detention, crime referral) lives in its own module
from sanctions.penalty_models import *  # noqa: E402, F403
