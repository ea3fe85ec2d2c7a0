"""Audit trail services: record an event (in the caller's transaction), seal events into the hash
chain (after commit, in order, under one lock), and verify the chain.

Why hand-written: the libraries that exist (django-auditlog, django-simple-history) hang on model
signals and keep no hash chain; here every service records its own event explicitly."""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from enforcement.audit_anchor import audit_anchor_after_seal
from enforcement.middleware import client_ip
from enforcement.models import AuditEvent, AuditSeal
from enforcement.outbox import send_now

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
# Key of the PostgreSQL advisory lock the sealer holds (any constant unique to this use).
SEAL_LOCK_KEY = 0x61756469  # "audi"


def audit_record(
    *,
    actor,
    action: str,
    summary: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    court=None,
    data: dict | None = None,
    request=None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction: the event commits or rolls back
    with the change it describes. Sealing is queued for after the commit."""
    if obj is not None:
        # A model that moved between apps keeps the object type its events were first recorded
        # under (its `audit_object_type`), so the trail names one kind of object one way.
        object_type = object_type or getattr(type(obj), "audit_object_type", "") or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor = actor if getattr(actor, "is_authenticated", False) else None
    # Round-trip through JSON so what is hashed later is exactly what the database returns.
    data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    event = AuditEvent(
        actor=actor,
        # actor_name names a caller that is not a user (an agency's API token)
        actor_name=(actor_name or (actor.get_full_name() if actor else "系统"))[:150],
        court=court,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        summary=summary[:255],
        data=data,
        ip=client_ip(request),
    )
    event.save()
    # One seal per transaction is enough: a service that records many events (a network query
    # records one per respondent) must not queue as many sealing passes. Django keeps the hooks of
    # the open transaction in connection.run_on_commit as (savepoint ids, callable, robust).
    if not any(hook[1] is _queue_seal for hook in connection.run_on_commit):
        transaction.on_commit(_queue_seal)
    return event


def _queue_seal():
    # The unsealed events are the record of this work and beat seals every minute: a nudge that
    # does not reach the broker loses nothing (enforcement.outbox.send_after_commit).
    send_now("enforcement.audit_seal")


def canonical(event: AuditEvent) -> bytes:
    """The bytes an event's hash covers: every field that describes what happened."""
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
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(event)).hexdigest()


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
                digest = chain_hash(prev, event)
                seals.append(AuditSeal(seq=seq, event=event, prev_hash=prev, hash=digest))
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
            if chain_hash(prev, seal.event) != seal.hash:
                return VerifyResult(False, checked, 0, seal.event_id, seal.seq, "event content changed")
            prev = seal.hash
            expected_seq += 1
            checked += 1
            last_seq = seal.seq
    unsealed = AuditEvent.objects.filter(seal__isnull=True).count()
    return VerifyResult(True, checked, unsealed)
