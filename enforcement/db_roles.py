"""PostgreSQL privileges of the application's database role.

Production runs with two roles: the owner (owns the schema and every table; runs the migrations)
and the application role (LOGIN, owns nothing) that the web, worker and beat connect as. Owning
nothing, the application role cannot TRUNCATE a table, ALTER it (no DISABLE TRIGGER), DROP or
replace its triggers, or change their function; on the audit tables (every AppendOnlyModel) it gets
SELECT and INSERT only, so it cannot UPDATE or DELETE audit rows either, triggers or not.

`app_role_grant` (re)applies the privileges; it is idempotent and runs as the owner (or a
superuser) after every `migrate` (manage.py grant_app_role). Default privileges give the tables and
sequences later migrations create the ordinary grants without a re-run; a new append-only table
needs the re-run to lose UPDATE and DELETE again, which the deployment does after migrating."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections, transaction

from enforcement.models.audit import AppendOnlyModel

ORDINARY_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY_TABLE_PRIVILEGES = "SELECT, INSERT"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


class RoleError(Exception):
    """The role cannot be made the application role (missing, a superuser, an owner...)."""


@dataclass
class GrantResult:
    role: str
    owner: str
    schema: str
    tables: int
    append_only: list[str]
    statements: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def append_only_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    )


def app_role_grant(*, role: str, owner: str | None = None, using: str = "default") -> GrantResult:
    """Give `role` the application's privileges on the current schema, and make tables that `owner`
    (default: the owner of django_migrations, i.e. whoever ran the migrations) creates later get
    them too. Refuses a role that is a superuser, is the owner, or owns anything in the schema."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RoleError("database roles are a PostgreSQL feature; this database is " + connection.vendor)
    qn = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        cursor.execute("SELECT oid, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise RoleError(f"role {role!r} does not exist: create it first (CREATE ROLE … LOGIN PASSWORD …)")
        role_oid, is_super, bypass_rls = row
        if is_super or bypass_rls:
            raise RoleError(
                f"role {role!r} is a superuser (or bypasses row security): it would bypass every grant"
            )
        if owner is None:
            cursor.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = 'django_migrations'",
                [schema],
            )
            found = cursor.fetchone()
            if found is None:
                raise RoleError("no django_migrations table in this schema: run the migrations first")
            owner = found[0]
        if owner == role:
            raise RoleError(f"role {role!r} owns the tables: the application role must be another role")
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relowner = %s",
            [schema, role_oid],
        )
        (owned,) = cursor.fetchone()
        if owned:
            raise RoleError(
                f"role {role!r} owns {owned} relation(s) in schema {schema!r}: "
                f"REASSIGN OWNED BY {role} TO {owner} first"
            )
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
        tables = [name for (name,) in cursor.fetchall()]
        append_only = [t for t in append_only_tables() if t in tables]

        r, s = qn(role), qn(schema)
        statements = [
            f"GRANT CONNECT ON DATABASE {qn(database)} TO {r}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            # Start from nothing, so a stray grant (TRUNCATE, TRIGGER, UPDATE on an audit table)
            # does not survive a re-run; in one transaction, so the running application never sees
            # the gap.
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"GRANT {ORDINARY_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            *(f"REVOKE UPDATE, DELETE ON TABLE {s}.{qn(t)} FROM {r}" for t in append_only),
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {qn(owner)} IN SCHEMA {s} "
            f"GRANT {ORDINARY_TABLE_PRIVILEGES} ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {qn(owner)} IN SCHEMA {s} "
            f"GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {r}",
        ]
        for statement in statements:
            cursor.execute(statement)

        warnings = []
        cursor.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])
        if cursor.fetchone()[0]:
            warnings.append(
                f"role {role!r} may CREATE in schema {schema!r} (PostgreSQL before 15 grants that to "
                f"PUBLIC): REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC, so it can own nothing"
            )
    return GrantResult(role, owner, schema, len(tables), append_only, statements, warnings)
