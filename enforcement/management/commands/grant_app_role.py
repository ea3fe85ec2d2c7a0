"""(Re)apply the application database role's privileges (PostgreSQL). Run it as the owner of the
tables after `migrate`; running it again changes nothing. See enforcement/db_roles.py."""

import os

from django.core.management.base import BaseCommand, CommandError

from enforcement.db_roles import RoleError, app_role_grant


class Command(BaseCommand):
    help = (
        "Grant the application's database role SELECT/INSERT/UPDATE/DELETE on ordinary tables, "
        "SELECT/INSERT only on the audit tables, and the same on tables later migrations create "
        "(PostgreSQL; run as the owner after migrate; idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            default=os.environ.get("APP_DB_USER", ""),
            help="the application's role (default: $APP_DB_USER)",
        )
        parser.add_argument(
            "--owner",
            default=None,
            help="the role that creates tables in migrations (default: the owner of django_migrations)",
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, role="", owner=None, database="default", verbosity=1, **options):
        if not role:
            raise CommandError("name the application's role: --role NAME (or set APP_DB_USER)")
        try:
            result = app_role_grant(role=role, owner=owner, using=database)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 2:
            for statement in result.statements:
                self.stdout.write(f"  {statement}")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"role {result.role}: read/write on {result.tables - len(result.append_only)} tables, "
                f"read/insert only on {', '.join(result.append_only)}; tables {result.owner} creates "
                f"in schema {result.schema} later get the same grants"
            )
        )
