"""Audit trail services: record an event (in the caller's transaction), seal events into the hash
chain (after commit, in order, under one lock), verify the chain, and list an object's events.

What an event records of the request it was written in (address, request id, user agent) comes from
the request's context (enforcement.middleware.current_request_context), never from an argument: the
services' signatures stay about the domain.

Why hand-written: the libraries that exist (django-auditlog, django-simple-history) hang on model
signals and keep no hash chain; here every service records its own event explicitly.

A summary is a legal record in Chinese, whoever acts and whatever language their pages are in: it
is built in the record language (enforcement.i18n). Labels (`get_<field>_display()`, a choice's or
a case action's `label`) and gettext evaluate in the active language, which in a request is the
acting user's; so a summary built from them is passed as a callable (`summary=lambda: f"…"`) or a
lazy string, and audit_record turns it into text under `in_record_language()`."""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from enforcement.audit_anchor import audit_anchor_after_seal
from enforcement.i18n import record_text
from enforcement.middleware import current_request_context
from enforcement.models import AuditEvent, AuditSeal
from enforcement.outbox import send_now
from enforcement.registry import AuditEventType

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
# Key of the PostgreSQL advisory lock the sealer holds (any constant unique to this use).
SEAL_LOCK_KEY = 0x61756469  # "audi"


# The canonical form new seals hash (see canonical): 1 until the subject and the request's id and
# user agent were added to events; 2 covers them as well.
HASH_VERSION = 2
V2_FIELDS = ("subject_type", "subject_id", "request_id", "user_agent")


def audit_reference(obj: models.Model) -> tuple[str, str]:
    """(type, id) under which the trail names an object. A model that moved between apps keeps the
    type its events were first recorded under (its `audit_object_type`), so the trail names one kind
    of object one way."""
    return getattr(type(obj), "audit_object_type", "") or obj._meta.label_lower, str(obj.pk)


def audit_record(
    *,
    actor,
    action: AuditEventType | str,
    summary: "str | Promise | Callable[[], str]",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    subject: models.Model | None = None,
    court=None,
    data: dict | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction: the event commits or rolls back
    with the change it describes. Sealing is queued for after the commit.

    `action` is an event type an app declares in its events module (enforcement.registry
    .AuditEventType). `obj` is what the event is about (the case, for what shows on a case's
    timeline); `subject` the object within it the event concerns (the notice, the measure, the
    approval), so that the event is among both objects' events (events_for).

    `summary` is written in the record language: a callable or a lazy string is evaluated under
    enforcement.i18n.in_record_language(), so labels in it are Chinese whoever acts."""
    event = _build_event(
        actor=actor,
        action=action,
        summary=summary,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        subject=subject,
        court=court,
        data=data,
        actor_name=actor_name,
    )
    event.save()
    _seal_after_commit()
    return event


def audit_record_many(records: list[dict]) -> list[AuditEvent]:
    """Append many events at once, each given as audit_record's keyword arguments: the same events,
    in the order given (ids ascending, so they are chained in that order), written in one COPY on
    PostgreSQL (bulk_create elsewhere). For a service that records one event per item of a batch
    (a network query: one per respondent)."""
    from enforcement.bulk import copy_insert

    events = [_build_event(**record) for record in records]
    copy_insert(AuditEvent, events)
    if events:
        _seal_after_commit()
    return events


def _seal_after_commit() -> None:
    # One seal per transaction is enough: a service that records many events (a network query
    # records one per respondent) must not queue as many sealing passes. Django keeps the hooks of
    # the open transaction in connection.run_on_commit as (savepoint ids, callable, robust).
    if not any(hook[1] is _queue_seal for hook in connection.run_on_commit):
        transaction.on_commit(_queue_seal)


def _build_event(
    *,
    actor,
    action: AuditEventType | str,
    summary: "str | Promise | Callable[[], str]",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    subject: models.Model | None = None,
    court=None,
    data: dict | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """The unsaved event of audit_record's arguments."""
    summary = record_text(summary)
    if obj is not None:
        ref_type, ref_id = audit_reference(obj)
        object_type = object_type or ref_type
        object_id = object_id or ref_id
    subject_type, subject_id = audit_reference(subject) if subject is not None else ("", "")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    # Round-trip through JSON so what is hashed later is exactly what the database returns.
    data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    context = current_request_context()
    event = AuditEvent(
        actor=actor,
        # actor_name names a caller that is not a user (an agency's API token)
        actor_name=(actor_name or (actor.get_full_name() if actor else "系统"))[:150],
        court=court,
        action=action.action if isinstance(action, AuditEventType) else action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        subject_type=subject_type,
        subject_id=subject_id,
        summary=summary[:255],
        data=data,
        ip=context.ip if context else None,
        request_id=context.request_id if context else "",
        user_agent=context.user_agent if context else "",
    )
    return event


def _queue_seal():
    # The unsealed events are the record of this work and beat seals every minute: a nudge that
    # does not reach the broker loses nothing (enforcement.outbox.send_after_commit).
    send_now("enforcement.audit_seal")


def canonical(event: AuditEvent, version: int = HASH_VERSION) -> bytes:
    """The bytes an event's hash covers: every field that describes what happened, in the form of
    `version` (the seal records which). Version 1 is the form of before subjects and request ids;
    version 2 adds those fields. A new field is a new version: the events sealed before it keep
    verifying with the form they were sealed with."""
    if version not in (1, 2):
        raise ValueError(f"unknown audit hash version {version}")
    payload = {
        "id": event.pk,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "court_id": event.court_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "data": event.data,
        "ip": event.ip,
    }
    if version >= 2:
        payload["v"] = 2
        payload.update({name: getattr(event, name) for name in V2_FIELDS})
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


def chain_hash(prev_hash: str, event: AuditEvent, version: int = HASH_VERSION) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(event, version)).hexdigest()


def _outside_version(event: AuditEvent, version: int) -> bool:
    """Whether the event holds something its seal's form does not cover: a version 1 seal was made
    before events had a subject or a request id, so one of those set on its event was added since."""
    return version < 2 and any(getattr(event, name) for name in V2_FIELDS)


def audit_seal_pending(*, batch: int = 1000) -> int:
    """Link every unsealed event into the chain, oldest id first. Only the sealer serialises (one
    advisory lock on PostgreSQL; SQLite's write lock elsewhere); writers of events never wait for it.
    Returns how many events were sealed. Safe to run concurrently and repeatedly. Sealing only
    inserts: the application's database role may not update or delete audit rows.

    When something was sealed, the new head is anchored outside the database after commit (at most
    once per AUDIT_ANCHOR_INTERVAL; enforcement.audit_anchor)."""
    sealed = _seal_batches(batch)
    if sealed:
        transaction.on_commit(audit_anchor_after_seal)
    return sealed


def _seal_batches(batch: int) -> int:
    sealed = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
            last = AuditSeal.objects.order_by("-seq").only("seq", "hash").first()
            seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
            pending = list(AuditEvent.objects.filter(seal__isnull=True).order_by("id")[:batch])
            if not pending:
                return sealed
            seals = []
            for event in pending:
                seq += 1
                digest = chain_hash(prev, event, HASH_VERSION)
                seals.append(
                    AuditSeal(seq=seq, event=event, prev_hash=prev, hash=digest, hash_version=HASH_VERSION)
                )
                prev = digest
            AuditSeal.objects.bulk_create(seals)
            sealed += len(seals)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    unsealed: int
    first_bad_event_id: int | None = None
    first_bad_seq: int | None = None
    reason: str = ""


def audit_verify(*, chunk: int = 2000) -> VerifyResult:
    """Walk the chain in sequence order and recompute every hash. The first event whose content,
    link or position does not match is reported."""
    prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        seals = list(
            AuditSeal.objects.filter(seq__gt=last_seq).select_related("event").order_by("seq")[:chunk]
        )
        if not seals:
            break
        for seal in seals:
            if seal.seq != expected_seq:
                return VerifyResult(
                    False,
                    checked,
                    0,
                    seal.event_id,
                    expected_seq,
                    f"sequence gap: expected {expected_seq}, found {seal.seq}",
                )
            if seal.prev_hash != prev:
                return VerifyResult(
                    False, checked, 0, seal.event_id, seal.seq, "link to previous event broken"
                )
            if seal.hash_version not in (1, 2):
                return VerifyResult(
                    False, checked, 0, seal.event_id, seal.seq, f"unknown hash version {seal.hash_version}"
                )
            if _outside_version(seal.event, seal.hash_version) or (
                chain_hash(prev, seal.event, seal.hash_version) != seal.hash
            ):
                return VerifyResult(False, checked, 0, seal.event_id, seal.seq, "event content changed")
            prev = seal.hash
            expected_seq += 1
            checked += 1
            last_seq = seal.seq
    unsealed = AuditEvent.objects.filter(seal__isnull=True).count()
    return VerifyResult(True, checked, unsealed)


# --- reading the trail -----------------------------------------------------------------------------
def events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """Every event about this object, oldest first: those whose object it is (a case's) and those
    whose subject it is (a notice's, a measure's, an approval's, which are also their case's)."""
    ref_type, ref_id = audit_reference(obj)
    return AuditEvent.objects.filter(
        Q(object_type=ref_type, object_id=ref_id) | Q(subject_type=ref_type, subject_id=ref_id)
    ).order_by("created_at", "id")
