"""Server-side prepared statements (PostgreSQL) for the few statements that run on every request of
a hot path: the single defaulter check (sanctions.checks), where planning cost more than running.

psycopg2 sends every statement as text, so PostgreSQL plans each one again: for the check's
lookup (three joined tables, 27 indexes on cases_case) planning took 0.5 ms and running it 0.05.
A statement PREPAREd once per connection and EXECUTEd after that is planned once; PostgreSQL keeps
the generic plan when it costs no more than a fresh one, which holds for a lookup by one value
(`= $1`, constants written into the statement, not passed as parameters: a partial index on
`status = 'published'` serves the generic plan only when the constant is in the text). Neither
Django nor psycopg2 does this (Django's psycopg 3 support binds on the server but never prepares).

Per connection: the statements are remembered against the driver connection, so a new connection
(CONN_MAX_AGE, a reconnect after an outage) prepares again. A PREPARE is not undone by a ROLLBACK.
Not for a transaction-pooling pooler (pgbouncer in transaction mode), where the next statement may
reach another server session: the deployment here connects directly (docker-compose.yml)."""

from collections.abc import Sequence


def execute_prepared(cursor, name: str, statement: str, args: Sequence = ()) -> None:
    """Run `statement` (PostgreSQL text with $1, $2… for `args`) on `cursor` (a Django cursor on
    PostgreSQL) as prepared statement `name`, preparing it on this connection the first time.
    The rows are the cursor's to fetch, as after cursor.execute."""
    db = cursor.db
    raw = db.connection
    state = getattr(db, "_prepared_statements", None)
    if state is None or state[0] is not raw:
        state = db._prepared_statements = (raw, {})
    known = state[1]
    if known.get(name) != statement:
        if name in known:  # the same name for another text (a changed constant): replace it
            cursor.execute(f"DEALLOCATE {name}")
        cursor.execute(f"PREPARE {name} AS {statement}")
        known[name] = statement
    if args:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(args))})", list(args))
    else:
        cursor.execute(f"EXECUTE {name}")


def placeholder(n: int):
    """The n-th argument ($n) of a prepared statement, given as a parameter to `statement`."""
    from psycopg2.extensions import AsIs

    return AsIs(f"${n}")


def statement(sql: str, params) -> str:
    """The text to prepare from Django-style SQL and its parameters (a list for %s, a dict for
    %(name)s): every parameter written in as a literal, as the driver would send it, except the
    placeholder(n) ones, which become $n."""
    from django.db import connection

    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params).decode()
