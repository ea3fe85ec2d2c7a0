"""The audit trail: append-only at the model and database layers, sealed into a hash chain in
order, and tampering caught by verify_audit naming the first bad event."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from enforcement.audit import GENESIS_HASH, audit_record, audit_seal_pending, audit_verify, chain_hash
from enforcement.models import AuditEvent, AuditSeal
from enforcement.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


def record_three(actor, court):
    for i in range(3):
        audit_record(
            actor=actor,
            action="test.did",
            summary=f"第{i + 1}件事",
            court=court,
            object_type="test.thing",
            object_id=i,
            data={"n": i, "金额": "12.50"},
        )
    return list(AuditEvent.objects.order_by("id"))


def test_record_fills_actor_court_and_data(clerk, court):
    event = audit_record(
        actor=clerk, action="test.did", summary="登记", obj=court, court=court, data={"a": 1}
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.court, event.object_type, event.object_id) == (
        clerk,
        "王书记员",
        court,
        "enforcement.court",
        str(court.pk),
    )
    assert event.data == {"a": 1}


def test_sealing_links_events_in_order(clerk, court):
    events = record_three(clerk, court)
    assert audit_seal_pending() == 3
    seals = list(AuditSeal.objects.order_by("seq"))
    assert [s.seq for s in seals] == [1, 2, 3]
    assert [s.event_id for s in seals] == [e.pk for e in events]
    assert seals[0].prev_hash == GENESIS_HASH
    assert seals[1].prev_hash == seals[0].hash
    assert seals[2].hash == chain_hash(seals[1].hash, events[2])
    assert audit_seal_pending() == 0  # idempotent


def test_verify_intact_chain(clerk, court):
    record_three(clerk, court)
    audit_seal_pending()
    result = audit_verify()
    assert result.ok and result.checked == 3 and result.unsealed == 0


def test_model_layer_refuses_update_and_delete(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    event.summary = "改过"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="改过")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_trigger_refuses_raw_update(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE enforcement_auditevent SET summary = %s WHERE id = %s", ["改过", event.pk])


@pytest.mark.postgres
def test_database_trigger_refuses_raw_delete_on_postgres(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM enforcement_auditevent WHERE id = %s", [event.pk])


def _tamper(sql, params):
    """Change a row behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending FK checks
            cursor.execute(
                "ALTER TABLE enforcement_auditevent DISABLE TRIGGER enforcement_auditevent_append_only"
            )
            cursor.execute(sql, params)
            cursor.execute(
                "ALTER TABLE enforcement_auditevent ENABLE TRIGGER enforcement_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER enforcement_auditevent_append_only")
            cursor.execute(sql, params)


def test_tampering_is_caught_naming_the_first_bad_event(clerk, court, capsys):
    events = record_three(clerk, court)
    audit_seal_pending()
    _tamper("UPDATE enforcement_auditevent SET summary = %s WHERE id = %s", ["被篡改", events[1].pk])
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_event_id == events[1].pk
    assert result.checked == 1
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit")
    assert exit_info.value.code == 1
    assert f"event {events[1].pk}" in capsys.readouterr().err


def test_tampering_with_data_json_is_caught(clerk, court):
    events = record_three(clerk, court)
    audit_seal_pending()
    _tamper(
        "UPDATE enforcement_auditevent SET data = %s WHERE id = %s",
        ['{"n": 0, "金额": "99.00"}', events[0].pk],
    )
    assert audit_verify().first_bad_event_id == events[0].pk


def test_verify_command_exits_zero_on_intact_chain(clerk, court, capsys):
    record_three(clerk, court)
    call_command("verify_audit", "--seal")
    assert "3 sealed events verified" in capsys.readouterr().out


def test_login_is_audited(client, clerk):
    # Through the login form: the lock-out backend (django-axes) needs the request, which the test
    # client's login() does not pass.
    assert client.post("/login/", {"username": "clerk", "password": "pass-Word-123"}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=clerk).exists()
    client.logout()
    client.post("/login/", {"username": "clerk", "password": "wrong"})
    assert AuditEvent.objects.filter(action="auth.login_failed", data__username="clerk").exists()


def test_many_events_in_one_transaction_queue_one_seal(clerk, court, django_capture_on_commit_callbacks):
    from django.db import transaction

    from enforcement.audit import _queue_seal

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for i in range(5):
            audit_record(actor=clerk, action="test.did", summary=f"{i}", court=court)
    assert [c for c in callbacks if c is _queue_seal] == [_queue_seal]
