"""More search indexes for the case list on PostgreSQL (still fast at 200,000 cases).

- Two-character name fragments (鑫源 in 青海鑫源贸易有限公司, a two-character personal name):
  pg_trgm cannot serve LIKE '%鑫源%' (a two-character pattern yields no trigram), so names also get
  a GIN index on the array of their two-character pieces, `cases_bigrams(UPPER(name))`; the list
  asks `cases_bigrams(UPPER(name)) @> ARRAY[UPPER(q)]` (cases.selectors._parties_matching).
- ID-number fragments of six characters or more: a trigram GIN index on UPPER(id_number), the
  expression `icontains` compares, as cases migration 0003 does for names and case numbers.

SQLite, the embedded default, gets nothing here: the list falls back to `icontains` and scans."""

from django.db import migrations

BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION cases_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
  FROM generate_series(1, char_length(value) - 1) AS i
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(BIGRAMS_FUNCTION)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_party_name_bigrams ON cases_party "
        "USING gin (cases_bigrams(UPPER((name)::text)))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_party_id_number_trgm ON cases_party "
        "USING gin (UPPER((id_number)::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cases_party_id_number_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS cases_party_name_bigrams")
    schema_editor.execute("DROP FUNCTION IF EXISTS cases_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_party_id_documents_agents_basis_breakdown")]
    operations = [migrations.RunPython(forwards, backwards)]
