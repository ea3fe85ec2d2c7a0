"""manage.py generate_bench_data --cases N [--defaulters M] [--seed S]: bench data, see benchdata.generate."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchdata.generate import generate


class Command(BaseCommand):
    help = (
        "Generate a realistic data set for the benchmarks (courts, judges, cases, parties, assets, "
        "measures, notices, money, defaulter entries) in the database of DATABASE_URL, by bulk inserts. "
        "Not for a production database: rows bypass the services (no audit events)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="number of cases to add")
        parser.add_argument(
            "--defaulters", type=int, default=None, help="defaulter-list entries (default: half the cases)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--judges-per-court",
            type=int,
            default=None,
            help="judges of each basic court (default: one per 2,000 cases it will hold, at least 8)",
        )

    def handle(self, *args, cases, defaulters, seed, judges_per_court, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1")
        defaulters = cases // 2 if defaulters is None else defaulters
        if defaulters < 0:
            raise CommandError("--defaulters must not be negative")
        started = time.perf_counter()
        meter = generate(
            cases=cases,
            defaulters=defaulters,
            seed=seed,
            judges_per_court=judges_per_court,
            out=self.stdout.write,
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM needs autocommit
            self.stdout.write(
                "  VACUUM ANALYZE (statistics and visibility map, as autovacuum would leave them)"
            )
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        for line in meter.lines():
            self.stdout.write(line)
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{cases:,} cases in {total:.1f} s ({cases / total:,.0f} cases/s) on {connection.vendor}"
            )
        )
