"""List pages at court scale: every list page at N cases (200,000 by default) against the same page
at 2,000 cases (issue 15, target 3): the case list with each filter and search, the approvals
inbox, the liaison inbox, the home page's work lists of each role, the API case list, and the
joint-punishment check API (one ID listed, one not, a batch of 1,000) with a unit's key.

Two databases made by `manage.py generate_bench_data` (created, migrated and filled on the first
run, topped up to the asked size after that; they are NOT flushed, so the 200,000 cases are made
once), and VACUUM ANALYZEd before the measurement, as autovacuum leaves them. One process serves
both: it switches the default connection between the two databases in alternating blocks of
requests, so that the load of a shared machine falls on both sizes alike.
For every page: median and p95 of the request time through Django's test client, and the number of
SQL queries of one request. Target: p95 at N ≤ 1.3 × p95 at 2,000, with the same query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/list_pages.py [--cases 200000] [--small-cases 2000]

The databases are <name of DATABASE_URL>_<N> and <name>_<small>, e.g. enforcement_bench_200000
and enforcement_bench_2000 (or --large-db / --small-db names). PostgreSQL only. Writes
benchmarks/results/list_pages.json and appends a table to benchmarks/results/list_pages.txt.
"""

import argparse
import contextlib
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import results_dir, row, write_json  # noqa: E402

TARGET = 1.3
COURT = "青0102"


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_database(base_url: str, name: str, cases: int) -> float | None:
    """Create, migrate and fill database `name` up to `cases` cases (generate_bench_data adds to
    what is there). Returns the seconds the generator took, or None when nothing was added."""
    import psycopg2

    admin = psycopg2.connect(database_url(base_url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    url = database_url(base_url, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    conn = psycopg2.connect(url)
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        have = cursor.fetchone()[0]
    conn.close()
    if have >= cases:
        return None
    print(f"{name}: {have:,} cases, generating {cases - have:,} more", flush=True)
    t0 = time.perf_counter()
    subprocess.run(
        [*manage, "generate_bench_data", "--cases", str(cases - have)], env=env, check=True, cwd=ROOT
    )
    return time.perf_counter() - t0


def vacuum_analyze(base_url: str, name: str) -> None:
    """The database as autovacuum leaves it. The other benchmarks of `./dev bench` write to the
    200,000-case one (the sweeps mark 16,000 cases, the load mix files cases and pays out): measured
    right after, before autovacuum had come by, its 47,000 dead case rows and cleared visibility map
    doubled the lists' times at 200,000 cases only."""
    import psycopg2

    conn = psycopg2.connect(database_url(base_url, name))
    conn.autocommit = True  # VACUUM runs outside a transaction
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # and the pages the vacuum dirtied written out now, not by a checkpoint in the middle of
        # the measurement (its writes showed as p95 spikes of 150-250 ms); superuser only
        with contextlib.suppress(psycopg2.Error):
            cursor.execute("CHECKPOINT")
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--small-cases", type=int, default=2_000)
    parser.add_argument("--large-db", default="", help="database name (default <DATABASE_URL name>_<cases>)")
    parser.add_argument("--small-db", default="")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page and size (default 30)")
    parser.add_argument("--blocks", type=int, default=3, help="alternations between the sizes (default 3)")
    parser.add_argument("--only", default="", help="only the pages whose label contains this")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("list_pages needs DATABASE_URL=postgres://… (the databases are made next to it)")
    base_name = urlsplit(base_url).path.lstrip("/")
    small_db = args.small_db or f"{base_name}_{args.small_cases}"
    large_db = args.large_db or f"{base_name}_{args.cases}"
    built = {}
    for name, n in ((small_db, args.small_cases), (large_db, args.cases)):
        built[name] = ensure_database(base_url, name, n)
        vacuum_analyze(base_url, name)

    os.environ["DATABASE_URL"] = database_url(base_url, small_db)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()

    def use(name):
        connection.close()
        connection.settings_dict["NAME"] = name
        ContentType.objects.clear_cache()
        cache.clear()

    sizes = {}
    for name in (small_db, large_db):
        use(name)
        prepare_approvals()
        sizes[name] = {"pages": pages(Client), "cases": count_cases()}
    labels = [label for label, _c, _u in sizes[small_db]["pages"] if args.only in label or label == BASELINE]

    samples = {name: {label: [] for label in labels} for name in sizes}
    queries = {name: {} for name in sizes}
    shown = {name: {} for name in sizes}  # the rows a page shows: a list of 6 is not one of 20
    per_block = max(1, args.repeat // args.blocks)
    for _block in range(args.blocks):
        for name in (small_db, large_db):
            use(name)
            for label, client, url in sizes[name]["pages"]:
                if label not in labels:
                    continue
                response = client.get(url)  # warm (and the connection)
                assert response.status_code == 200, (name, label, url, response.status_code)
                for _ in range(per_block):
                    t0 = time.perf_counter()
                    response = client.get(url)
                    samples[name][label].append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, (name, label, url, response.status_code)
                if label not in queries[name]:
                    with CaptureQueriesContext(connection) as captured:
                        shown[name][label] = rows_shown(client.get(url))
                    queries[name][label] = len(captured)
                so_far = samples[name][label]
                print(
                    f"  block {_block + 1} {name} {label}: median {statistics.median(so_far):.1f} ms",
                    flush=True,
                )

    def p95(values):
        return statistics.quantiles(values, n=20, method="inclusive")[-1]

    small_n, large_n = sizes[small_db]["cases"], sizes[large_db]["cases"]
    rows, lines = [], []
    stamp = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    lines.append(
        f"# {stamp} list pages: {large_n:,} cases ({large_db}) against {small_n:,} ({small_db}); "
        f"{per_block * args.blocks} requests per page and size in {args.blocks} alternating blocks"
    )
    lines.append(
        f"{'page':44} {'p50 small':>9} {'p50 large':>9} {'p95 small':>9} {'p95 large':>9} {'ratio':>6} "
        f"{'queries':>9} {'rows':>7}  met"
    )
    failed = []
    for label in labels:
        s, big = samples[small_db][label], samples[large_db][label]
        qs, ql = queries[small_db][label], queries[large_db][label]
        ratio = p95(big) / p95(s)
        is_baseline = label == BASELINE
        met = None if is_baseline else (ratio <= TARGET and qs == ql)
        if met is False:
            failed.append(label)
        figure = f"{label}: p95 at {large_n:,} vs {small_n:,} cases"
        rows.append(
            row(
                "list_pages",
                figure,
                p95(big),
                "ms",
                baseline=p95(s),
                target="" if is_baseline else f"≤ {TARGET}, same queries",
                met=met,
                queries=ql,
            )
        )
        rows.append(
            row(
                "list_pages",
                f"{label}: median at {large_n:,} vs {small_n:,}",
                statistics.median(big),
                "ms",
                baseline=statistics.median(s),
                queries=ql,
            )
        )
        lines.append(
            f"{label:44} {statistics.median(s):9.1f} {statistics.median(big):9.1f} {p95(s):9.1f} {p95(big):9.1f} "
            f"{ratio:6.2f} {qs:4d}/{ql:<4d} {shown[small_db][label]:3d}/{shown[large_db][label]:<3d}  "
            f"{'' if met is None else ('yes' if met else 'NO')}"
        )
    for name, seconds in built.items():
        if seconds is not None:
            n = sizes[name]["cases"]
            rows.append(row("list_pages", f"generate_bench_data up to {n:,} cases ({name})", seconds, "s"))
            lines.append(f"generate_bench_data for {name}: {seconds:.0f} s")
    lines.append(
        f"{len(labels) - 1 - len(failed)} of {len(labels) - 1} pages within {TARGET}× and the same queries"
    )
    if failed:
        lines.append("missed: " + ", ".join(failed))
    text = "\n".join(lines)
    print(text)
    write_json("list_pages", rows)
    with (results_dir() / "list_pages.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")


BASELINE = "baseline /healthz"


def rows_shown(response) -> int:
    """The rows of a page's tables (an API page: its results), to read a ratio by: a page that
    shows 6 rows at 2,000 cases and 20 at 200,000 renders three times as much."""
    if response.get("Content-Type", "").startswith("application/json"):
        return len(response.json().get("results", []))
    html = response.content.decode()
    return sum(body.count("<tr") for body in re.findall(r"<tbody.*?</tbody>", html, flags=re.S))


def count_cases() -> int:
    from cases.models import Case

    return Case.objects.count()


def prepare_approvals():
    """Approvals like a court's: about one case in a hundred of the open ones has a request waiting
    for the head, one in ten of all cases had one decided (the generator makes none). Idempotent."""
    from django.db import connection

    from cases.choices import CaseState

    open_states = [str(s) for s in CaseState.open_states()]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_approval (court_id, case_id, action, payload, subject_key, reason, proposer_id,
                required_role, status, decided_by_id, decided_at, decision_note, created_at)
            SELECT c.court_id, c.id, 'suspend', '{}'::jsonb, '', '基准测试', c.judge_id, 'head',
                   CASE WHEN c.id %% 100 = 0 AND c.state = ANY(%s) THEN 'pending' ELSE 'approved' END,
                   CASE WHEN c.id %% 100 = 0 AND c.state = ANY(%s) THEN NULL ELSE c.judge_id END,
                   CASE WHEN c.id %% 100 = 0 AND c.state = ANY(%s) THEN NULL ELSE now() END,
                   '', now() - (c.id %% 30) * interval '1 day'
            FROM cases_case c
            WHERE (c.id %% 10 = 0)
              AND c.id NOT IN (SELECT a.case_id FROM cases_approval a)
            """,
            # NOT IN a hashed set read once: as NOT EXISTS, planned while the table was empty, each
            # row scanned the rows this very statement had inserted (hours at 2,000,000 cases)
            [open_states, open_states, open_states],
        )
        if cursor.rowcount:
            cursor.execute("ANALYZE cases_approval")


def pages(Client):
    """(label, logged-in client, url) of every page measured, for the database in use: the users
    are the generator's staff of court 青0102 and the demo's bank liaison officer."""
    from cases.choices import CaseState, CaseType, PartyRole
    from cases.models import Case, Party
    from enforcement.models import User

    digits = "".join(ch for ch in COURT if ch.isdigit())
    users = {
        "head": f"b{digits}head",
        "judge": f"b{digits}judge0",
        "clerk": f"b{digits}clerk0",
        "finance": f"b{digits}finance",
        "liaison": "liaison",
    }
    clients = {}
    for role, username in users.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[role] = client
    judge = User.objects.get(username=users["judge"])
    clerk = User.objects.get(username=users["clerk"])
    court_cases = Case.objects.filter(court__code=COURT)
    sample = court_cases.filter(state=CaseState.INVESTIGATING).order_by("id").first() or court_cases.first()
    # the name searches look for a person's name (a company's last two characters are 公司, which
    # every company's name ends with: not a search for a name)
    respondents = Party.objects.filter(case__court__code=COURT, role=PartyRole.RESPONDENT).order_by("id")
    respondent = (
        Party.objects.filter(case=sample, role=PartyRole.RESPONDENT, kind="person")
        .order_by("position")
        .first()
        or respondents.filter(kind="person").first()
        or respondents.first()
    )
    person = Party.objects.filter(case__court__code=COURT, kind="person").order_by("id").first()
    year = dt.date.today().year

    def case_list(**params):
        return "/cases/?" + urlencode(params) if params else "/cases/"

    head, judge_c = clients["head"], clients["judge"]
    out = [
        (BASELINE, Client(), "/healthz"),
        ("case list (head), by days left", head, case_list()),
        ("case list, page 10", head, case_list(page=10)),
        ("case list, state investigating", head, case_list(state=CaseState.INVESTIGATING)),
        ("case list, type 执恢", head, case_list(type_code=CaseType.RESUMED)),
        ("case list, judge", head, case_list(judge=judge.pk)),
        ("case list, clerk", head, case_list(clerk=clerk.pk)),
        ("case list, filed this year", head, case_list(filed_from=f"{year}-01-01")),
        ("case list, amount ≥ 1,000,000", head, case_list(amount_min=1_000_000)),
        ("case list, due in 30 days", head, case_list(due="30")),
        ("case list, overdue", head, case_list(due="overdue")),
        ("case list, awaiting approval", head, case_list(awaiting="on")),
        ("case list, mine (judge)", judge_c, case_list(mine="on")),
        ("case list, notice not served", head, case_list(only="notice_pending")),
        ("case list, answers waiting", head, case_list(only="answers_waiting")),
        ("case list, no network query yet", head, case_list(only="no_query_yet")),
        ("case list, measures expiring", head, case_list(only="measures_expiring")),
        ("case list, by amount", head, case_list(order="-amount")),
        ("case list, newest filed", head, case_list(order="-filed")),
        ("search: case number", head, case_list(q=sample.number)),
        ("search: party name", head, case_list(q=respondent.name)),
        ("search: two characters of a name", head, case_list(q=respondent.name[-2:])),
        ("search: ID number", head, case_list(q=person.id_number)),
        ("search: 8 digits of an ID number", head, case_list(q=person.id_number[6:14])),
        ("approvals inbox (head)", head, "/approvals/"),
        ("liaison inbox (bank), pending", clients["liaison"], "/liaison/"),
        ("liaison inbox (bank), all", clients["liaison"], "/liaison/?tab=all"),
        ("home: judge's work list", judge_c, "/"),
        ("home: clerk's work list", clients["clerk"], "/"),
        ("home: head's work list", head, "/"),
        ("home: finance's work list", clients["finance"], "/"),
        ("home: liaison's work list", clients["liaison"], "/"),
        ("API case list (head)", head, "/api/v1/cases/"),
        *check_pages(Client),
    ]
    return out


class UnitCaller:
    """A check unit's client for the page loop: `get(url)` POSTs its IDs with the unit's key (the
    check API is a POST; the loop times `get`)."""

    def __init__(self, client, key: str, ids: list[str]):
        self.client, self.key, self.body = client, key, {"ids": ids}

    def get(self, url):
        return self.client.post(
            url, self.body, content_type="application/json", HTTP_AUTHORIZATION=f"Unit {self.key}"
        )


def check_pages(Client):
    """The check API at this size: a unit (基准测试单位·列表) with a new key and no per-minute limit,
    IDs listed (the published entries, spread over the table) and IDs valid and not listed."""
    from benchmarks.sanctions_check import person_id
    from sanctions.models import CheckUnit, DefaulterEntry

    published = DefaulterEntry.objects.filter(status="published")
    total = published.count()
    if not total:
        return []
    step = max(1, total // 500)
    listed = list(published.order_by("id").values_list("id_number", flat=True)[::step][:500])
    taken = set(DefaulterEntry.objects.values_list("id_number", flat=True))
    unlisted = [n for n in (person_id(14_500_000 + i) for i in range(600)) if n not in taken][:500]
    unit = CheckUnit.objects.filter(name="基准测试单位·列表").first() or CheckUnit(
        name="基准测试单位·列表", kind="bank"
    )
    unit.per_minute = 2_000_000_000  # the benchmark times the check, not the unit's quota
    key = unit.set_new_key()
    unit.save()
    url = "/api/v1/sanctions/checks/"
    middle = listed[len(listed) // 2]
    return [
        ("check API, one ID listed", UnitCaller(Client(), key, [middle]), url),
        ("check API, one ID not listed", UnitCaller(Client(), key, [unlisted[0]]), url),
        ("check API, 1,000 IDs (half listed)", UnitCaller(Client(), key, listed + unlisted), url),
    ]


if __name__ == "__main__":
    main()
