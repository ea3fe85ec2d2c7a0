"""Run every benchmark against PostgreSQL and write one results table (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/run_all.py [--quick] [--cases N] [--only a,b] [--list]

(or `./dev bench` with the same options). Each benchmark runs in its own process, in the order of
BENCHMARKS below, and writes benchmarks/results/<name>.json (rows as benchmarks/report.py
describes); this script then puts every row in benchmarks/results/RESULTS.md with the machine
(CPUs, memory, PostgreSQL version, load average) and the date, and prints it. With --quick all of
it goes to benchmarks/results/quick/ instead, so a quick run never overwrites the full figures.
A benchmark that is listed but not in the repository is skipped; a script of benchmarks/ that has
a `main` but is neither listed nor in NOT_BENCHMARKS runs last, without arguments, on the scratch
database. A benchmark that fails is marked so in the table and the others still run; the exit
status is 1 when one failed or missed its target.

Databases, next to the one of DATABASE_URL (which itself is left alone):
- <name>_<N> and <name>_2000: the generated data sets (generate_bench_data; made on the first run
  and kept, topped up to N). N is --cases, 200,000 by default, 20,000 with --quick. list_pages
  compares the two; dashboard (--reuse: no second generation), check_load, sweeps, pdf_workers and
  load_mix run on <name>_<N> (they add rows to it, as a day of use would, never flush it);
- <name>_scratch: for the benchmarks that build their own data and FLUSH the database they are
  given (case_list, sanctions_check, network_query).
Every benchmark also gets, in its environment, BENCH_DATABASE_URL (the N-case database),
BENCH_SMALL_DATABASE_URL (the 2,000-case one), BENCH_CASES=N and BENCH_QUICK=1 with --quick.
REDIS_URL is passed on as it is (check_load, pdf_workers and load_mix need it).

--quick runs everything at small sizes (a few minutes on 2 CPUs); its ratios are not the figures
of the README. --cases 2000000 measures the list pages at two million cases (on demand: generating
them takes about an hour and a half on 2 CPUs, and about 10 GB of disk).
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import RESULTS  # noqa: E402

# name, arguments, arguments with --quick, database (its DATABASE_URL):
# - "lists": list_pages, which makes the N-case and 2,000-case data sets itself (arguments below);
# - "bench": the generated N-case data set (made first if list_pages did not run); the script reads
#   it and may add to it (check units, batches, notices, sweep marks) but never flushes it;
# - "scratch": <name>_scratch, which the script FLUSHES and fills with its own data;
# - "own": the script makes its own SQLite file.
# {cases} is --cases. The one place that lists the benchmarks: add a row for a new one.
BENCHMARKS = [
    # 60 requests a page and size in 6 alternating blocks: a p95 of 30 was the second slowest
    # request, one scheduling hiccup of a 30 ms page
    (
        "list_pages",
        ["--cases", "{cases}", "--repeat", "60", "--blocks", "6"],
        ["--cases", "{cases}", "--repeat", "10"],
        "lists",
    ),
    (
        "dashboard",
        ["--cases", "{cases}", "--reuse"],
        ["--cases", "{cases}", "--reuse", "--repeat", "5"],
        "bench",
    ),
    ("case_list", ["--cases", "20000"], ["--cases", "2000", "--repeat", "5"], "scratch"),
    ("sanctions_check", [], ["--listed", "10000", "--ids", "1000", "--runs", "3"], "scratch"),
    ("check_load", [], ["--quick"], "bench"),
    ("sweeps", [], ["--quick"], "bench"),
    ("network_query", [], ["--quick"], "scratch"),
    ("render_documents", ["--count", "100"], ["--count", "10"], "own"),
    ("pdf_workers", [], ["--quick"], "bench"),
    ("load_mix", [], ["--quick"], "bench"),
]
# scripts of benchmarks/ that are not benchmarks: this runner, the row convention, the servers
NOT_BENCHMARKS = {"run_all", "report", "servers", "__init__"}


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_database(url: str) -> None:
    import psycopg2

    name = urlsplit(url).path.lstrip("/")
    admin = psycopg2.connect(with_name(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def machine(url: str) -> dict:
    import psycopg2

    try:
        conn = psycopg2.connect(with_name(url, "postgres"))
        with conn.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = "PostgreSQL " + cursor.fetchone()[0].split()[0]
        conn.close()
    except psycopg2.Error as error:
        pg = f"PostgreSQL unreachable ({error.__class__.__name__})"
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kb / 1024 / 1024:.0f} GB RAM"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return {
        "cpus": os.cpu_count(),
        "memory": mem,
        "postgresql": pg,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "commit": commit,
    }


def fmt(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def table(rows: list[dict]) -> str:
    lines = [
        "| benchmark | figure | value | baseline | ratio | target | met | queries |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        unit = r.get("unit") or ""
        value = f"{fmt(r.get('value'))} {unit}".strip()
        baseline = f"{fmt(r.get('baseline'))} {unit}".strip() if r.get("baseline") is not None else ""
        ratio = f"{fmt(r.get('ratio'))}×" if r.get("ratio") is not None else ""
        figure = str(r.get("figure", "")).replace("|", "/")
        lines.append(
            f"| {r.get('benchmark', '')} | {figure} | {value} | {baseline} | {ratio} | "
            f"{r.get('target') or ''} | {fmt(r.get('met'))} | {fmt(r.get('queries'))} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: a check that all run, not the figures"
    )
    parser.add_argument(
        "--cases", type=int, default=None, help="cases of the list pages (200,000; 20,000 quick)"
    )
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument(
        "--table-only", action="store_true", help="run nothing: the table of the results JSON already written"
    )
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("run_all needs DATABASE_URL=postgres://… (see the README, Performance)")
    cases = args.cases or (20_000 if args.quick else 200_000)
    listed = {name for name, *_ in BENCHMARKS}
    extra = sorted(
        p.stem
        for p in HERE.glob("*.py")
        if p.stem not in listed | NOT_BENCHMARKS and "def main" in p.read_text(encoding="utf-8")
    )
    plan = [*BENCHMARKS, *((name, [], [], "scratch") for name in extra)]
    only = {n for n in args.only.split(",") if n}
    if only:
        plan = [b for b in plan if b[0] in only]
    if args.list:
        for name, *_ in plan:
            print(name, "" if (HERE / f"{name}.py").exists() else "(not in the repository)")
        return 0

    results = RESULTS / "quick" if args.quick else RESULTS
    base_name = urlsplit(base).path.lstrip("/")
    scratch = with_name(base, f"{base_name}_scratch")
    large, small = with_name(base, f"{base_name}_{cases}"), with_name(base, f"{base_name}_2000")
    if not args.table_only:
        create_database(scratch)
    started_at = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    outcome = {}  # name -> (status, seconds)
    bench_ready = False
    for name, full, quick, db in plan:
        script = HERE / f"{name}.py"
        if args.table_only:
            found = (results / f"{name}.json").exists()
            outcome[name] = ("ok" if found else "no results JSON", 0.0)
            continue
        if not script.exists():
            outcome[name] = ("not in the repository, skipped", 0.0)
            continue
        argv = [a.format(cases=cases) for a in (quick if args.quick else full)]
        env = {
            **os.environ,
            "BENCH_DATABASE_URL": large,
            "BENCH_SMALL_DATABASE_URL": small,
            "BENCH_CASES": str(cases),
            "PYTHONUNBUFFERED": "1",
        }
        if args.quick:
            env["BENCH_QUICK"] = "1"
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if db == "scratch":
            env["DATABASE_URL"] = scratch
        elif db == "lists":
            argv += ["--large-db", f"{base_name}_{cases}", "--small-db", f"{base_name}_2000"]
            bench_ready = True
        elif db == "bench":
            env["DATABASE_URL"] = large
            if not bench_ready:  # list_pages did not run first: make (or top up) the data set
                from benchmarks.list_pages import ensure_database

                print(f"\n=== the {cases:,}-case data set for the benchmarks that read it", flush=True)
                ensure_database(base, f"{base_name}_{cases}", cases)
                bench_ready = True
        print(
            f"\n=== {name} {' '.join(argv)}  (database {urlsplit(env['DATABASE_URL']).path[1:]})", flush=True
        )
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, str(script), *argv], env=env, cwd=ROOT)
        seconds = time.perf_counter() - t0
        json_path = results / f"{name}.json"
        fresh = json_path.exists() and json_path.stat().st_mtime >= started_at.timestamp()
        if done.returncode != 0:
            status = f"FAILED (exit {done.returncode})"
        elif not fresh:
            status = "ran, wrote no results JSON"
        else:
            status = "ok"
        outcome[name] = (status, seconds)

    rows = []
    for name, *_ in plan:
        status, _seconds = outcome[name]
        json_path = results / f"{name}.json"
        if status == "ok":
            rows += json.loads(json_path.read_text(encoding="utf-8"))
    m = machine(base)
    load_after = os.getloadavg()
    missed = [r for r in rows if r.get("met") is False]
    failed = [n for n, (s, _) in outcome.items() if s.startswith(("FAILED", "ran,"))]
    header = [
        "# Benchmark results",
        "",
        f"{'Table (--table-only) made' if args.table_only else 'Run of'} {started_at:%Y-%m-%d %H:%M} UTC{' (--quick: small sizes, not the README figures)' if args.quick else ''}, "
        f"commit {m['commit']}, list pages at {cases:,} cases against 2,000.",
        f"Machine: {m['cpus']} CPUs, {m['memory']}, {m['system']}, {m['postgresql']}, Python {m['python']}; "
        f"load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end.",
        "",
        "Each ratio is the figure against a baseline measured in the same run (value / baseline).",
        "",
        "",
    ]
    runs = ["", "| benchmark | status | seconds |", "| --- | --- | --- |"]
    runs += [f"| {n} | {s} | {sec:.0f} |" for n, (s, sec) in outcome.items()]
    summary = [
        "",
        f"{sum(1 for r in rows if r.get('met'))} targets met, {len(missed)} missed"
        + (": " + "; ".join(f"{r['benchmark']}: {r['figure']}" for r in missed) if missed else "")
        + (f"; failed: {', '.join(failed)}" if failed else "")
        + ".",
    ]
    text = "\n".join(header) + table(rows) + "\n" + "\n".join(runs + summary) + "\n"
    results.mkdir(parents=True, exist_ok=True)
    (results / "RESULTS.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"written to {(results / 'RESULTS.md').relative_to(ROOT)}")
    return 1 if missed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
