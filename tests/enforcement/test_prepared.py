"""enforcement.prepared: a statement is PREPAREd once per database connection and EXECUTEd with
its arguments after that; a new connection prepares again, a new text under the same name
replaces the old one, and a ROLLBACK does not lose it. PostgreSQL only (SQLite has no PREPARE)."""

import pytest
from django.db import connection, transaction

from enforcement import prepared

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _server_statements() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _run(name, text, args=()):
    with connection.cursor() as cursor:
        prepared.execute_prepared(cursor, name, text, args)
        return cursor.fetchall()


def test_prepared_once_then_executed_with_its_arguments():
    text = prepared.statement("SELECT %s::int + %s, %s", [prepared.placeholder(1), 1, "常量"])
    assert text == "SELECT $1::int + 1, '常量'"
    assert _run("test_add_one", text, [41]) == [(42, "常量")]
    assert _run("test_add_one", text, [1]) == [(2, "常量")]
    assert "test_add_one" in _server_statements()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE name = %s",
            ["test_add_one"],
        )
        assert cursor.fetchone()[0] == 2  # executed twice, prepared once


def test_a_new_text_under_the_same_name_replaces_the_old():
    assert _run("test_value", "SELECT 1") == [(1,)]
    assert _run("test_value", "SELECT 2") == [(2,)]
    assert _server_statements()["test_value"].endswith("SELECT 2")


@pytest.mark.django_db(transaction=True)  # the connection is closed: no test transaction around it
def test_a_rollback_keeps_the_statement_and_a_new_connection_prepares_again():
    with pytest.raises(RuntimeError), transaction.atomic():
        assert _run("test_kept", "SELECT $1::text", ["甲"]) == [("甲",)]
        raise RuntimeError
    assert _run("test_kept", "SELECT $1::text", ["乙"]) == [("乙",)]
    connection.close()  # what CONN_MAX_AGE or an outage does: the next use connects anew
    assert "test_kept" not in _server_statements()
    assert _run("test_kept", "SELECT $1::text", ["丙"]) == [("丙",)]
