"""enforcement.bulk.copy_insert and copy_insert_shared (COPY on PostgreSQL, bulk_create elsewhere)
and audit_record_many: the rows come back with their ids, every value as the ORM would have
written it (text with tabs, newlines and backslashes, JSON, NULL, booleans, times), and the events
written in bulk are the same events audit_record writes: in order, sealed into the chain, verifying."""

import pytest
from django.db import transaction

from enforcement.audit import audit_record, audit_record_many, audit_seal_pending, audit_verify
from enforcement.bulk import copy_insert, copy_insert_shared
from enforcement.models import AuditEvent, Notification

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


NOTIFICATION_FIELDS = ["recipient_id", "kind", "title", "body", "link", "dedupe_key", "status", "created_at"]


def test_shared_rows_equal_the_rows_the_orm_writes(clerk, judge):
    from django.utils import timezone

    when = timezone.now()
    shared = {"kind": "test.fan_out", "link": "/cases/1/", "created_at": when, "body": "同\t一\\段\n"}
    rows = [
        {"recipient": user, "dedupe_key": f"fan:{i}", "title": f"第{i}条\t{'换行' if i % 2 else ''}\n\\"}
        for i, user in enumerate([clerk, judge, clerk])
    ]
    ids = copy_insert_shared(Notification, shared, rows)
    assert len(ids) == 3 and ids == sorted(ids)
    orm = Notification.objects.bulk_create(
        [
            Notification(**shared, recipient=r["recipient"], dedupe_key=f"orm:{i}", title=r["title"])
            for i, r in enumerate(rows)
        ]
    )
    stored = {n.pk: n for n in Notification.objects.filter(pk__in=ids + [n.pk for n in orm])}
    for new_id, made, row in zip(ids, orm, rows, strict=True):
        a, b = stored[new_id], stored[made.pk]
        assert a.dedupe_key == row["dedupe_key"] and a.recipient_id == row["recipient"].pk
        assert [getattr(a, f) for f in NOTIFICATION_FIELDS if f != "dedupe_key"] == [
            getattr(b, f) for f in NOTIFICATION_FIELDS if f != "dedupe_key"
        ]


def test_shared_rows_refuse_what_cannot_be_shared(clerk):
    with pytest.raises(ValueError, match="unique"):  # one dedupe key for every row
        copy_insert_shared(
            Notification, {"kind": "k", "dedupe_key": "same"}, [{"recipient": clerk, "title": "a"}]
        )
    with pytest.raises(ValueError, match="same columns"):
        copy_insert_shared(
            Notification,
            {"kind": "k"},
            [{"recipient": clerk, "dedupe_key": "a"}, {"dedupe_key": "b", "recipient": clerk}],
        )
    with pytest.raises(ValueError, match="no column"):
        copy_insert_shared(
            Notification, {"kind": "k"}, [{"recipient": clerk, "dedupe_key": "a", "colour": 1}]
        )
    with pytest.raises(ValueError, match="sequence"):
        copy_insert_shared(Notification, {"kind": "k"}, [{"id": 10**9, "recipient": clerk}])
    assert copy_insert_shared(Notification, {"kind": "k"}, []) == []
    # a unique column left NULL is no clash: notifications without a dedupe key
    assert len(copy_insert_shared(Notification, {"kind": "nokey"}, [{"recipient": clerk}] * 2)) == 2
    assert not Notification.objects.filter(kind="k").exists()
    assert Notification.objects.filter(kind="nokey", dedupe_key=None).count() == 2
