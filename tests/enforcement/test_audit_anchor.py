"""The audit chain's head anchored outside the database: written by beat and after sealing (at most
once per interval) to a storage and a log line; verify_audit reports a chain that no longer reaches
an anchor (the newest events and their seals removed, the tables emptied) or disagrees with it."""

import datetime as dt
import json
import logging

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from enforcement.audit import audit_record, audit_seal_pending, audit_verify
from enforcement.audit_anchor import audit_anchor_after_seal, audit_anchor_write
from enforcement.models import AuditEvent, AuditSeal
from enforcement.tasks import audit_anchor_task

pytestmark = pytest.mark.django_db

TABLES = ["enforcement_auditevent", "enforcement_auditseal"]
PREFIX = "audit-anchors"


def record(actor, court, n, label="事件"):
    for i in range(n):
        audit_record(actor=actor, action="test.did", summary=f"{label}{i + 1}", court=court, data={"n": i})


def anchor_files(storage):
    """Every anchor file as {day: [names]}."""
    try:
        days, _ = storage.listdir(PREFIX)
    except FileNotFoundError:
        return {}
    return {day: sorted(storage.listdir(f"{PREFIX}/{day}")[1]) for day in days}


def as_malicious_owner(*statements):
    """What the database's owner (or a superuser) can do behind the application's back: switch off
    the append-only triggers and remove rows (on SQLite only UPDATE is trapped)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER/TRUNCATE refuse pending FK checks
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def remove_newest(n):
    seals = list(AuditSeal.objects.order_by("-seq")[:n])
    keep = min(s.seq for s in seals) - 1
    ids = [s.event_id for s in seals]
    marks = ",".join(["%s"] * len(ids))
    as_malicious_owner(
        ("DELETE FROM enforcement_auditseal WHERE seq > %s", [keep]),
        (f"DELETE FROM enforcement_auditevent WHERE id IN ({marks})", ids),
    )


def truncate_trail():
    if connection.vendor == "postgresql":
        # CASCADE: documents name their audit event
        as_malicious_owner(("TRUNCATE enforcement_auditseal, enforcement_auditevent CASCADE", []))
    else:
        as_malicious_owner(
            ("DELETE FROM enforcement_auditseal", []), ("DELETE FROM enforcement_auditevent", [])
        )


def run_verify(*args):
    """(exit status, stdout, stderr) of manage.py verify_audit."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


# --- writing anchors ---------------------------------------------------------------------------
def test_anchor_goes_to_the_store_and_the_log(clerk, court, audit_anchor_storage, caplog):
    record(clerk, court, 3)
    audit_seal_pending()
    head = AuditSeal.objects.get(seq=3)
    with caplog.at_level(logging.INFO, logger="enforcement.audit.anchor"):
        assert audit_anchor_task() == 3
    files = anchor_files(audit_anchor_storage)
    [(day, names)] = files.items()
    assert names == [f"000000000003-{head.hash[:16]}.json"]
    with audit_anchor_storage.open(f"{PREFIX}/{day}/{names[0]}") as fh:
        content = json.loads(fh.read())
    assert (content["seq"], content["hash"], content["event_id"]) == (3, head.hash, head.event_id)
    anchored_at = dt.datetime.fromisoformat(content["anchored_at"])
    assert day == timezone.localdate(anchored_at).isoformat()
    assert dt.datetime.fromisoformat(content["sealed_at"]) == head.sealed_at
    [line] = [r for r in caplog.records if r.name == "enforcement.audit.anchor"]
    assert line.audit_anchor["seq"] == 3 and line.audit_anchor["hash"] == head.hash
    assert head.hash in line.getMessage()

    # nothing sealed since: the periodic run writes nothing; a new head is anchored
    assert audit_anchor_task() is None
    record(clerk, court, 1)
    audit_seal_pending()
    assert audit_anchor_task() == 4
    assert sum(len(names) for names in anchor_files(audit_anchor_storage).values()) == 2


def test_an_empty_chain_is_not_anchored(db, audit_anchor_storage):
    assert audit_anchor_task() is None
    assert anchor_files(audit_anchor_storage) == {}


def test_sealing_anchors_after_commit_at_most_once_per_interval(
    clerk, court, audit_anchor_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(clerk, court, 2)
        audit_seal_pending()
    assert [n[:12] for names in anchor_files(audit_anchor_storage).values() for n in names] == [
        "000000000002"
    ]

    # within the interval: sealed, not anchored (a busy court writes one anchor a minute)
    with django_capture_on_commit_callbacks(execute=True):
        record(clerk, court, 1)
        assert audit_seal_pending() == 1
    assert sum(len(v) for v in anchor_files(audit_anchor_storage).values()) == 1
    # the periodic run catches up
    assert audit_anchor_task() == 3


def test_sealing_inside_a_transaction_that_rolls_back_anchors_nothing(clerk, court, audit_anchor_storage):
    # the test's transaction never commits: an anchor now would name a seal that never existed
    record(clerk, court, 2)
    audit_seal_pending()
    assert anchor_files(audit_anchor_storage) == {}


def test_a_failing_anchor_store_does_not_fail_sealing(
    clerk, court, audit_anchor_storage, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise OSError("store unreachable")

    monkeypatch.setattr(audit_anchor_storage, "save", refuse)
    record(clerk, court, 1)
    audit_seal_pending()
    with caplog.at_level(logging.WARNING, logger="enforcement.audit.anchor"):
        audit_anchor_after_seal()
    assert "periodic run will write it" in caplog.text
    with pytest.raises(OSError):  # the periodic run fails visibly instead
        audit_anchor_write()


def test_beat_runs_the_anchor_every_interval():
    from config.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["audit-anchor"]["task"] == "enforcement.audit_anchor"
    assert schedule["audit-anchor"]["schedule"] == float(settings.AUDIT_ANCHOR_INTERVAL)
    assert schedule["audit-seal"]["task"] == "enforcement.audit_seal"
    assert "enforcement.audit_anchor" in app.tasks


# --- verifying against anchors -----------------------------------------------------------------
def test_intact_chain_reaches_its_anchor(clerk, court):
    record(clerk, court, 3)
    audit_seal_pending()
    audit_anchor_task()
    record(clerk, court, 2)  # sealed after the anchor: the chain may run past it
    audit_seal_pending()
    code, out, err = run_verify()
    assert code == 0, err
    assert "5 sealed events verified" in out
    assert "reaches its anchors: 1 checked" in out and "head at seq 5" in out


def test_removed_tail_is_reported(clerk, court):
    record(clerk, court, 5)
    audit_seal_pending()
    audit_anchor_task()
    remove_newest(2)
    assert AuditSeal.objects.count() == 3 and AuditEvent.objects.count() == 3
    assert audit_verify().ok  # what is left is a valid chain: only the anchor shows the loss
    code, out, err = run_verify()
    assert code == 1
    assert "audit chain TAIL MISSING" in err and "chain ends at seq 3: seals 4–5" in err
    assert "audit chain intact" not in out


def test_truncated_trail_is_reported(clerk, court):
    record(clerk, court, 3)
    audit_seal_pending()
    audit_anchor_task()
    truncate_trail()
    assert not AuditSeal.objects.exists()
    code, out, err = run_verify()
    assert code == 1
    assert "chain ends at seq 0: seals 1–3" in err


def test_rewritten_tail_is_reported(clerk, court):
    record(clerk, court, 3)
    audit_seal_pending()
    audit_anchor_task()
    remove_newest(1)
    record(clerk, court, 1, label="替换")  # sealed as seq 3 again, with another hash
    audit_seal_pending()
    assert AuditSeal.objects.order_by("-seq").first().seq == 3
    assert audit_verify().ok
    code, out, err = run_verify()
    assert code == 1
    assert "audit chain REWRITTEN" in err and "seq 3" in err


def test_truncating_and_carrying_on_is_caught_by_an_earlier_days_anchor(
    clerk, court, audit_anchor_storage, clock
):
    day_one = dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)
    clock.move_to(day_one)
    record(clerk, court, 5)
    audit_seal_pending()
    audit_anchor_task()
    clock.move_to(day_one + dt.timedelta(hours=1))
    # the trail emptied, the application carries on: a new, valid chain with anchors of its own
    truncate_trail()
    record(clerk, court, 2, label="之后")
    audit_seal_pending()
    clock.move_to(day_one + dt.timedelta(days=1))
    audit_anchor_task()
    assert sorted(anchor_files(audit_anchor_storage)) == ["2026-12-03", "2026-12-04"]
    code, out, err = run_verify()
    assert code == 1
    assert "chain ends at seq 2: seals 3–5" in err and "2026-12-03" in err


def test_anchor_from_a_log_line_is_checked_too(clerk, court, audit_anchor_storage):
    record(clerk, court, 4)
    audit_seal_pending()
    head = AuditSeal.objects.get(seq=4)
    remove_newest(1)  # and no anchor file at all (the store was wiped as well)
    assert run_verify()[0] == 0
    code, out, err = run_verify("--anchor", f"4:{head.hash}")
    assert code == 1 and "seal 4 and its event were removed" in err and "command line" in err
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("verify_audit", "--anchor", "4:xyz")


def test_chain_without_any_anchor_is_warned_about(clerk, court):
    record(clerk, court, 2)
    audit_seal_pending()
    code, out, err = run_verify()
    assert code == 0
    assert "no anchor yet" in err


def test_damaged_anchor_file_is_reported(clerk, court, audit_anchor_storage):
    record(clerk, court, 1)
    audit_seal_pending()
    audit_anchor_storage.save(f"{PREFIX}/2026-12-03/000000000009-0000000000000000.json", ContentFile(b"{"))
    code, out, err = run_verify()
    assert code == 1
    assert "anchor file unreadable" in err
