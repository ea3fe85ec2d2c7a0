"""The hash chain across a change of the canonical form: events sealed with version 1 (before
subjects and request ids) keep verifying with that form, new seals use version 2, and neither form
lets a field it does not cover be changed unnoticed. Rows written by a process of the previous code
(without the new columns) get the database defaults and verify as version 1."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from enforcement.audit import (
    GENESIS_HASH,
    HASH_VERSION,
    audit_record,
    audit_seal_pending,
    audit_verify,
    canonical,
    chain_hash,
    events_for,
)
from enforcement.middleware import RequestContext, request_context
from enforcement.models import AuditEvent, AuditSeal
from tests.enforcement.test_audit import _tamper

pytestmark = pytest.mark.django_db


def _old_code_writes_event(court, summary):
    """An INSERT as the code before subjects and request ids made it: the new columns are not named."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO enforcement_auditevent (created_at, actor_name, court_id, action, object_type, "
            "object_id, summary, data, ip) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [timezone.now(), "系统", court.pk, "test.old", "test.thing", "1", summary, '{"n": 1}', None],
        )
    return AuditEvent.objects.get(summary=summary)


def _old_code_seals(event):
    """A seal as the previous sealer made it: hashed with version 1, the version column not named."""
    last = AuditSeal.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO enforcement_auditseal (seq, event_id, prev_hash, hash, sealed_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            [seq + 1, event.pk, prev, chain_hash(prev, event, 1), timezone.now()],
        )


def _tamper_seal(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE enforcement_auditseal DISABLE TRIGGER enforcement_auditseal_append_only"
            )
            cursor.execute(sql, params)
            cursor.execute(
                "ALTER TABLE enforcement_auditseal ENABLE TRIGGER enforcement_auditseal_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER enforcement_auditseal_append_only")
            cursor.execute(sql, params)


def test_the_two_forms_differ_and_version_two_covers_the_new_fields(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", obj=court, subject=clerk)
    event.refresh_from_db()
    v1, v2 = canonical(event, 1), canonical(event, 2)
    assert HASH_VERSION == 2 and v1 != v2
    for text in ('"subject_type":"enforcement.user"', f'"subject_id":"{clerk.pk}"', '"v":2'):
        assert text in v2.decode() and text not in v1.decode()
    with pytest.raises(ValueError):
        canonical(event, 3)


def test_old_and_new_events_verify_each_with_its_own_form(clerk, court, capsys):
    old = _old_code_writes_event(court, "旧版写入")
    assert (old.subject_type, old.subject_id, old.request_id, old.user_agent) == ("", "", "", "")
    _old_code_seals(old)
    assert AuditSeal.objects.get(event=old).hash_version == 1  # the column's database default
    with request_context(RequestContext(ip="203.0.113.5", request_id="req-1", user_agent="UA/1")):
        new = audit_record(actor=clerk, action="test.did", summary="新版写入", obj=court, subject=clerk)
    assert audit_seal_pending() == 1
    seal = AuditSeal.objects.get(event=new)
    assert seal.hash_version == 2
    assert seal.hash == chain_hash(
        AuditSeal.objects.get(event=old).hash, AuditEvent.objects.get(pk=new.pk), 2
    )
    result = audit_verify()
    assert result.ok and result.checked == 2
    call_command("verify_audit")
    assert "2 sealed events verified" in capsys.readouterr().out


def test_a_subject_added_to_a_version_one_event_is_caught(clerk, court):
    old = _old_code_writes_event(court, "旧版写入")
    _old_code_seals(old)
    assert audit_verify().ok
    # version 1 does not hash the subject: a subject found on such an event was put there since
    _tamper("UPDATE enforcement_auditevent SET subject_type = %s WHERE id = %s", ["cases.case", old.pk])
    result = audit_verify()
    assert not result.ok and result.first_bad_event_id == old.pk and result.reason == "event content changed"


@pytest.mark.parametrize(
    "column, value", [("subject_id", "999"), ("request_id", "forged"), ("user_agent", "forged")]
)
def test_a_changed_new_field_of_a_version_two_event_is_caught(clerk, court, column, value):
    with request_context(RequestContext(ip="203.0.113.5", request_id="req-1", user_agent="UA/1")):
        event = audit_record(actor=clerk, action="test.did", summary="x", obj=court, subject=clerk)
    audit_seal_pending()
    assert audit_verify().ok
    _tamper(f"UPDATE enforcement_auditevent SET {column} = %s WHERE id = %s", [value, event.pk])
    assert audit_verify().first_bad_event_id == event.pk


def test_a_seal_moved_back_to_version_one_is_caught(clerk, court, capsys):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    audit_seal_pending()
    _tamper_seal("UPDATE enforcement_auditseal SET hash_version = 1 WHERE event_id = %s", [event.pk])
    assert audit_verify().first_bad_event_id == event.pk
    with pytest.raises(SystemExit):
        call_command("verify_audit")
    assert f"event {event.pk}" in capsys.readouterr().err


def test_an_unknown_version_is_reported(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    audit_seal_pending()
    _tamper_seal("UPDATE enforcement_auditseal SET hash_version = 7 WHERE event_id = %s", [event.pk])
    result = audit_verify()
    assert not result.ok and result.reason == "unknown hash version 7"


def test_the_seal_table_still_refuses_updates_after_the_columns_were_added(clerk, court):
    # migration 0006 adds columns without rebuilding the tables, so the triggers of 0002 remain
    audit_record(actor=clerk, action="test.did", summary="x", court=court)
    audit_seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE enforcement_auditseal SET hash_version = 1")


def test_events_for_lists_the_events_whose_object_or_subject_it_is(clerk, judge, court):
    on_court = audit_record(actor=clerk, action="test.did", summary="法院的", obj=court)
    about_judge = audit_record(
        actor=clerk, action="test.did", summary="法院的，关于法官", obj=court, subject=judge
    )
    of_judge = audit_record(actor=clerk, action="test.did", summary="法官的", obj=judge)
    audit_record(actor=clerk, action="test.did", summary="别的", obj=clerk)
    assert list(events_for(court)) == [on_court, about_judge]
    assert list(events_for(judge)) == [about_judge, of_judge]
    assert (about_judge.subject_type, about_judge.subject_id) == ("enforcement.user", str(judge.pk))
