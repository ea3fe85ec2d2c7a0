"""The application's PostgreSQL role, with the grants production applies (manage.py grant_app_role):
it runs the application, and it cannot remove or rewrite the audit trail: no TRUNCATE, UPDATE or
DELETE on the audit tables, no switching off or dropping their triggers.

The test database belongs to the test run's superuser; the role is created here (its name carries
a random suffix: roles are global to the server, which other test runs share) and dropped after."""

import contextlib
import secrets

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from enforcement.audit import audit_record, audit_seal_pending, audit_verify
from enforcement.audit_anchor import audit_anchor_check
from enforcement.models import AuditSeal, Court, Membership
from tests.factories import CourtFactory

pytestmark = pytest.mark.django_db(transaction=True)

EVENT, SEAL = "enforcement_auditevent", "enforcement_auditseal"
INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture
def app_role(transactional_db):
    """A fresh LOGIN role owning nothing: (name, password)."""
    name = f"enf_app_test_{secrets.token_hex(6)}"
    password = secrets.token_hex(16)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
    try:
        yield name, password
    finally:
        connection.close()  # a test may have left Django connected as the role
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")  # its grants and default privileges
            cursor.execute(f"DROP ROLE {name}")


def connect_as(role):
    name, password = role
    params = connection.settings_dict
    return psycopg2.connect(
        dbname=params["NAME"],
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=name,
        password=password,
    )


@contextlib.contextmanager
def django_connected_as(role):
    """Django's own connection, logged in as the role: the application's code runs as production's."""
    name, password = role
    params = connection.settings_dict
    saved = params["USER"], params["PASSWORD"]
    connection.close()
    params["USER"], params["PASSWORD"] = name, password
    try:
        yield
    finally:
        connection.close()
        params["USER"], params["PASSWORD"] = saved


def refused(conn, sql):
    """The error PostgreSQL raises for `sql` in a transaction of its own (rolled back)."""
    with conn.cursor() as cursor:
        try:
            cursor.execute(sql)
        except psycopg2.Error as exc:
            conn.rollback()
            return exc
    conn.rollback()
    return None


TAMPERING = [
    f"TRUNCATE {EVENT}",
    f"TRUNCATE {SEAL}",
    f"TRUNCATE {SEAL}, {EVENT} CASCADE",
    f"UPDATE {EVENT} SET summary = 'changed'",
    f"UPDATE {SEAL} SET hash = repeat('0', 64)",
    f"DELETE FROM {EVENT}",
    f"DELETE FROM {SEAL}",
    f"ALTER TABLE {EVENT} DISABLE TRIGGER {EVENT}_append_only",
    f"ALTER TABLE {SEAL} DISABLE TRIGGER ALL",
    f"DROP TRIGGER {EVENT}_append_only ON {EVENT}",
    f"DROP TABLE {SEAL}",
    f"ALTER TABLE {EVENT} RENAME TO old_events",
    f"CREATE TRIGGER sneaky BEFORE INSERT ON {EVENT} FOR EACH ROW "
    "EXECUTE FUNCTION enforcement_audit_refuse_change()",
    "CREATE OR REPLACE FUNCTION enforcement_audit_refuse_change() RETURNS trigger "
    "AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    "SET session_replication_role = replica",  # would switch every trigger off
]


@pytest.mark.postgres
def test_app_role_cannot_remove_or_rewrite_the_audit_trail(app_role, clerk, court):
    audit_record(actor=clerk, action="test.did", summary="一件事", court=court)  # rows to aim at
    audit_seal_pending()
    call_command("grant_app_role", "--role", app_role[0])
    conn = connect_as(app_role)
    try:
        for sql in TAMPERING:
            error = refused(conn, sql)
            assert error is not None, f"the application role may: {sql}"
            # refused for want of privilege (not owner, no grant), before any trigger is reached
            assert error.pgcode == INSUFFICIENT_PRIVILEGE, (sql, error)
            assert "append-only" not in str(error), (sql, error)
        with conn.cursor() as cursor:  # reading and appending are what it may do
            cursor.execute(f"SELECT count(*) FROM {EVENT}")
            assert cursor.fetchone()[0] == 1
            cursor.execute(
                f"INSERT INTO {EVENT} (created_at, actor_name, action, object_type, object_id, summary, data) "
                "VALUES (now(), '系统', 'test.raw', '', '', '追加', '{}') RETURNING id"
            )
            assert cursor.fetchone()[0]
        conn.rollback()
    finally:
        conn.close()
    assert AuditSeal.objects.count() == 1


@pytest.mark.postgres
def test_app_role_runs_the_application(app_role, clerk, court):
    call_command("grant_app_role", "--role", app_role[0])
    with django_connected_as(app_role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, usesuper FROM pg_user WHERE usename = current_user")
            assert cursor.fetchone() == (app_role[0], False)
        # ordinary writes: insert, update, delete, row locks
        other = CourtFactory(name="西宁市城西区人民法院", code="青0104", parent=court.parent)
        other.name = "西宁市城西区人民法院（新址）"
        other.save()
        Membership.objects.filter(user=clerk).delete()
        with transaction.atomic():
            assert Court.objects.select_for_update().filter(pk=court.pk).exists()
        # the audit trail: record; sealed after commit (inserts only) and anchored; verified
        with transaction.atomic():
            for i in range(3):
                audit_record(actor=clerk, action="test.did", summary=f"事件{i}", court=court)
        assert AuditSeal.objects.count() == 3
        assert audit_seal_pending() == 0
        result = audit_verify()
        assert result.ok and result.checked == 3
        assert audit_anchor_check().newest.seq == 3  # anchored after sealing
        call_command("verify_audit")
    assert Court.objects.get(pk=other.pk).name.endswith("（新址）")
    assert not Membership.objects.filter(user=clerk).exists()


@pytest.mark.postgres
def test_tables_of_later_migrations_get_the_grants(app_role):
    call_command("grant_app_role", "--role", app_role[0])
    table = f"enf_later_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:  # as the owner, the way a later migration creates a table
        cursor.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, note text)")
    conn = connect_as(app_role)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (note) VALUES ('a') RETURNING id")  # the sequence too
            (row_id,) = cursor.fetchone()
            cursor.execute(f"UPDATE {table} SET note = 'b' WHERE id = %s", [row_id])
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row_id])
        conn.commit()
        assert refused(conn, f"TRUNCATE {table}").pgcode == INSUFFICIENT_PRIVILEGE
    finally:
        conn.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")


@pytest.mark.postgres
def test_rerunning_the_grants_takes_back_a_stray_privilege(app_role, capsys):
    call_command("grant_app_role", "--role", app_role[0])
    with connection.cursor() as cursor:  # someone "fixed" a problem by hand
        cursor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON {EVENT} TO {app_role[0]}")
    call_command("grant_app_role", "--role", app_role[0])
    insert_only = capsys.readouterr().out.split("read/insert only on ", 1)[1].split(";", 1)[0].split(", ")
    assert EVENT in insert_only and SEAL in insert_only
    conn = connect_as(app_role)
    try:
        for sql in (f"TRUNCATE {EVENT}", f"DELETE FROM {EVENT}", f"UPDATE {EVENT} SET summary = ''"):
            assert refused(conn, sql).pgcode == INSUFFICIENT_PRIVILEGE, sql
    finally:
        conn.close()


@pytest.mark.postgres
def test_grants_refuse_a_role_that_could_bypass_them(app_role):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", "--role", f"{app_role[0]}_missing")
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", "--role", connection.settings_dict["USER"] or "postgres")
    table = f"enf_owned_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {table} (id int)")
        cursor.execute(f"ALTER TABLE {table} OWNER TO {app_role[0]}")
    try:
        with pytest.raises(CommandError, match="owns 1 relation"):
            call_command("grant_app_role", "--role", app_role[0])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")


def test_grants_are_for_postgresql_only(db, vendor):
    if vendor == "postgresql":
        pytest.skip("the refusal is for the other databases")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("grant_app_role", "--role", "enforcement_app")
