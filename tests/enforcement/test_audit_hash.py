"""The audit chain's hash against numbers worked out outside the code: SHA-256 over the previous
hash followed by the event's canonical JSON (sorted keys, no spaces, UTF-8). The expected digests are
literals (hashlib over the literal payload below, computed once by hand), so a change of the canonical
form or a hash that stops chaining the previous one fails here."""

import datetime as dt
import hashlib
from decimal import Decimal

from enforcement.audit import GENESIS_HASH, canonical, chain_hash
from enforcement.models import AuditEvent

PAYLOAD = (
    '{"action":"case.filed","actor_id":3,"actor_name":"王书记员","court_id":2,'
    '"created_at":"2026-12-01T02:00:00+00:00","data":{"amount":"100000.00"},"id":7,'
    '"ip":"127.0.0.1","object_id":"5","object_type":"cases.case","summary":"立案"}'
).encode()
AFTER_GENESIS = "031e89158bb047be4c6c294d2a008dab87c84d590751da6e2e96014088c8f9bd"
AFTER_ABAB = "9aaac719d61df512c170c02a6fbad5359b02d5ef273974aff58ea46b6cac8f05"
# Version 2 (the current form) adds the subject, the request id and the user agent, and "v": 2.
PAYLOAD_V2 = (
    '{"action":"case.filed","actor_id":3,"actor_name":"王书记员","court_id":2,'
    '"created_at":"2026-12-01T02:00:00+00:00","data":{"amount":"100000.00"},"id":7,'
    '"ip":"127.0.0.1","object_id":"5","object_type":"cases.case","request_id":"r-1","subject_id":"9",'
    '"subject_type":"assistance.notice","summary":"立案","user_agent":"UA","v":2}'
).encode()
V2_AFTER_GENESIS = "772e0cb944d4e1cc1b11a6db63f765691b02bfe9c7e5aad46e32de2871f3f927"
V2_AFTER_ABAB = "49ec7e42812962e1801b1ad8fa2e4199c6fc7a6b3954da0c610a20417b30e8fe"


def event() -> AuditEvent:
    return AuditEvent(
        id=7,
        created_at=dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC),
        actor_id=3,
        actor_name="王书记员",
        court_id=2,
        action="case.filed",
        object_type="cases.case",
        object_id="5",
        summary="立案",
        data={"amount": Decimal("100000.00")},
        ip="127.0.0.1",
    )


def event_v2() -> AuditEvent:
    later = event()
    later.subject_type, later.subject_id, later.request_id, later.user_agent = (
        "assistance.notice",
        "9",
        "r-1",
        "UA",
    )
    return later


def test_the_literal_digests_are_sha256_of_the_previous_hash_and_the_payload():
    # the expectation itself, from hashlib alone
    assert hashlib.sha256(b"0" * 64 + PAYLOAD).hexdigest() == AFTER_GENESIS
    assert hashlib.sha256(b"ab" * 32 + PAYLOAD).hexdigest() == AFTER_ABAB
    assert hashlib.sha256(b"0" * 64 + PAYLOAD_V2).hexdigest() == V2_AFTER_GENESIS
    assert hashlib.sha256(b"ab" * 32 + PAYLOAD_V2).hexdigest() == V2_AFTER_ABAB


def test_the_canonical_form_is_the_literal_payload():
    assert canonical(event(), 1) == PAYLOAD  # events sealed before subjects and request ids
    assert canonical(event_v2()) == PAYLOAD_V2  # the current form


def test_the_hash_chains_the_previous_hash():
    assert GENESIS_HASH == "0" * 64
    assert chain_hash(GENESIS_HASH, event(), 1) == AFTER_GENESIS
    assert chain_hash("ab" * 32, event(), 1) == AFTER_ABAB  # another predecessor, another hash
    assert chain_hash(GENESIS_HASH, event_v2()) == V2_AFTER_GENESIS
    assert chain_hash("ab" * 32, event_v2()) == V2_AFTER_ABAB


def test_every_field_is_covered():
    base = chain_hash(GENESIS_HASH, event())
    changes = {
        "id": 8,
        "created_at": dt.datetime(2026, 12, 1, 2, 0, 1, tzinfo=dt.UTC),
        "actor_id": 4,
        "actor_name": "李法官",
        "court_id": 1,
        "action": "case.act",
        "object_type": "cases.party",
        "object_id": "6",
        "summary": "立案。",
        "data": {"amount": "100000.01"},
        "ip": "127.0.0.2",
        "subject_type": "cases.party",
        "subject_id": "10",
        "request_id": "r-2",
        "user_agent": "UA2",
    }
    for field, value in changes.items():
        changed = event()
        setattr(changed, "pk" if field == "id" else field, value)
        assert chain_hash(GENESIS_HASH, changed) != base, field
