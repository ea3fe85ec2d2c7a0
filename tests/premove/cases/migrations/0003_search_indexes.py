"""Search indexes for the case list on PostgreSQL (fast with 200,000 cases).

`icontains` becomes UPPER(col) LIKE UPPER('%q%') on PostgreSQL; a trigram GIN index on that
expression serves it (pg_trgm handles CJK text under a UTF-8 ctype). SQLite, the embedded
default, gets nothing here: it scans, which is fine at a demo's size."""

from django.db import migrations

INDEXES = [
    ("cases_party_name_trgm", "cases_party", "name"),
    ("cases_case_number_trgm", "cases_case", "number"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER(({column})::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_approval_role_choices")]
    operations = [migrations.RunPython(forwards, backwards)]
