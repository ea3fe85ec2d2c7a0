"""Database-level refusal of changes to the audit trail, under the model-layer refusal.

PostgreSQL: UPDATE and DELETE on both tables raise. (TRUNCATE is not trapped: the owner, who can
disable triggers anyway, needs it. The application's role may not TRUNCATE, UPDATE, DELETE or alter
these tables at all, enforcement/db_roles.py; an owner's removal of the newest events or of all of
them is caught by the anchors of the chain's head kept outside the database, enforcement/audit_anchor.py.)
SQLite (the embedded default): UPDATE raises. DELETE is not trapped there because Django's test
flush empties tables with DELETE on SQLite; the model layer still refuses it."""

from django.db import migrations

TABLES = ["enforcement_auditevent", "enforcement_auditseal"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION enforcement_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)  # None: the body has literal % signs
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION enforcement_audit_refuse_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE on {table} refused'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS enforcement_audit_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
