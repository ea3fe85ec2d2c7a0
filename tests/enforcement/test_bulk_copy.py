"""enforcement.bulk.copy_insert (COPY on PostgreSQL, bulk_create elsewhere) and audit_record_many:
the rows come back with their ids, every value as the ORM would have written it (text with tabs,
newlines and backslashes, JSON, NULL, booleans, times), and the events written in bulk are the
same events audit_record writes: in order, sealed into the chain, verifying."""

import pytest
from django.db import transaction

from enforcement.audit import audit_record, audit_record_many, audit_seal_pending, audit_verify
from enforcement.bulk import copy_insert
from enforcement.models import AuditEvent

pytestmark = pytest.mark.django_db


def _records(clerk, court, n):
    return [
        {
            "actor": clerk,
            "action": "test.did",
            "summary": f"第{i}件\t事\\n{'换行' if i % 2 else ''}\n",
            "court": court,
            "obj": court,
            "data": {"n": i, "金额": "12.50", "text": "a\tb\\c\nd", "none": None},
        }
        for i in range(n)
    ]


def test_bulk_events_equal_one_by_one_events(clerk, court):
    with transaction.atomic():
        one = [audit_record(**r) for r in _records(clerk, court, 3)]
    with transaction.atomic():
        many = audit_record_many(_records(clerk, court, 3))
    assert [e.pk for e in many] == sorted(e.pk for e in many) and many[0].pk > one[-1].pk
    fields = [
        "actor_id",
        "actor_name",
        "court_id",
        "action",
        "object_type",
        "object_id",
        "summary",
        "data",
        "ip",
    ]
    stored = {e.pk: e for e in AuditEvent.objects.filter(pk__in=[e.pk for e in one + many])}
    for a, b in zip(one, many, strict=True):
        assert [getattr(stored[a.pk], f) for f in fields] == [getattr(stored[b.pk], f) for f in fields]
        assert stored[b.pk].created_at == b.created_at
    assert audit_seal_pending() == 6
    result = audit_verify()
    assert result.ok and result.unsealed == 0 and result.checked >= 6


def test_copy_insert_of_nothing_writes_nothing(clerk, court):
    before = AuditEvent.objects.count()
    assert copy_insert(AuditEvent, []) == []
    assert AuditEvent.objects.count() == before


def test_bulk_events_roll_back_with_the_transaction(clerk, court):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record_many(_records(clerk, court, 4))
        raise RuntimeError
    assert AuditEvent.objects.count() == before
