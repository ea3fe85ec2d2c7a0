"""Fuzz the API against its own OpenAPI schema with Schemathesis, as a court user and as an agency.

    python -m tests.fuzz.run_schemathesis [--max-examples N] [--port P]

It makes a database of its own (PostgreSQL `<name of DATABASE_URL's database>_fuzz`, made afresh;
SQLite in a scratch folder without DATABASE_URL), migrates it, seeds it (tests.fuzz.seed: demo data
and a case with an asset, a measure, notices, a document and a network query), starts the
development server on a loopback port with the test settings, and runs `st run` on /api/schema/
twice: with the judge's API token over the court operations, and with an agency's API key over the
agency API. Checks: not_a_server_error, status_code_conformance, response_schema_conformance. The
run is bounded (examples per operation, a time limit per identity) and fails on any 5xx, any status
the schema does not document, or any response that does not match its schema. Reports (JUnit) go to
test-results/schemathesis/. The database is dropped afterwards (FUZZ_KEEP_DB=1 keeps it).

Knobs: FUZZ_MAX_EXAMPLES (per operation, default 15), FUZZ_TIME_LIMIT (seconds per identity,
default 600), FUZZ_PHASES (default examples,fuzzing; add coverage for every boundary value)."""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
AGENCY_PATHS = r"^/api/v1/agency/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres(sql: list[str]) -> None:
    """Run statements on the server of DATABASE_URL, connected to its `postgres` database."""
    import psycopg2

    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or ""),
        dbname="postgres",
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
    finally:
        admin.close()


def fuzz_database(scratch: Path) -> tuple[str, str | None]:
    """A fresh database for this run: (its URL, its PostgreSQL name) — `<db>_fuzz` beside
    DATABASE_URL's, or a SQLite file in the scratch folder (name None)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{scratch / 'fuzz.sqlite3'}", None
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_fuzz"
    _postgres([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])
    return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name


def wait_for(url: str, headers: dict, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"the development server did not answer {url} within {limit:.0f} s"
                ) from None
            time.sleep(0.5)


def run_st(*, name, schema_url, header, include, phases, max_examples, time_limit, reports: Path, env) -> int:
    reports.mkdir(parents=True, exist_ok=True)
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    command = [
        st,
        "run",
        schema_url,
        "--checks",
        CHECKS,
        "--header",
        header,
        "--max-examples",
        str(max_examples),
        "--workers",
        "1",
        "--seed",
        "20261202",
        "--phases",
        phases,
        "--report",
        "junit",
        "--report-junit-path",
        str(reports / f"{name}.xml"),
        "--request-timeout",
        "60",
        *include,
    ]
    shown = " ".join("***" if c == header else c for c in command)
    print(f"\n==> schemathesis as {name}: {shown}")
    sys.stdout.flush()
    try:
        return subprocess.run(command, cwd=ROOT, env=env, timeout=time_limit).returncode
    except subprocess.TimeoutExpired:
        print(f"schemathesis as {name} did not finish within {time_limit} s", file=sys.stderr)
        return 124


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("FUZZ_MAX_EXAMPLES", "15")))
    parser.add_argument("--time-limit", type=int, default=int(os.environ.get("FUZZ_TIME_LIMIT", "600")))
    parser.add_argument(
        "--phases",
        default=os.environ.get("FUZZ_PHASES", "examples,fuzzing"),
        help="Schemathesis phases (add `coverage` for every boundary value: some thousand requests more)",
    )
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="fuzz-"))
    reports = ROOT / "test-results" / "schemathesis"
    reports.mkdir(parents=True, exist_ok=True)
    database_url, pg_name = fuzz_database(scratch)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        # its own documents and audit anchors, so the chain checked at the end is this run's alone
        "TEST_MEDIA_ROOT": str(scratch / "media"),
    }
    env.pop("REDIS_URL", None)  # tasks run eagerly, inside the request, like the embedded default
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    python = sys.executable
    server = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        seeded = subprocess.run(
            [python, "-m", "tests.fuzz.seed"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        sys.stderr.write(seeded.stderr)
        seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        print(f"seeded: {seed['made']}")
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        reports.mkdir(parents=True, exist_ok=True)  # a test run beside this one may have emptied it
        log = (reports / "server.log").open("w")
        server = subprocess.Popen(
            [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        court = f"Authorization: Token {seed['court_token']}"
        agency = f"Authorization: Agency {seed['agency_key']}"
        wait_for(f"{base}/api/schema/", {"Authorization": court.split(": ", 1)[1]})
        started = time.monotonic()
        results = {}
        for name, header, include in (
            ("court-user", court, ["--exclude-path-regex", AGENCY_PATHS]),
            ("agency", agency, ["--include-path-regex", AGENCY_PATHS]),
        ):
            results[name] = run_st(
                name=name,
                schema_url=f"{base}/api/schema/",
                header=header,
                include=include,
                phases=args.phases,
                max_examples=args.max_examples,
                time_limit=args.time_limit,
                reports=reports,
                env=env,
            )
        print(f"\nschemathesis finished in {time.monotonic() - started:.0f} s: {results}")
        # After everything the fuzzer did (and the seed before it): the audit trail's hash chain
        # still verifies link by link and reaches the anchors written outside the database.
        audit = subprocess.run(
            [python, "manage.py", "verify_audit", "--seal"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        print(f"audit trail after the run: {(audit.stdout + audit.stderr).strip()}")
        results["audit-chain"] = audit.returncode
        failed = {name: rc for name, rc in results.items() if rc != 0}
        if failed:
            print(f"schemathesis found problems (exit status by identity): {failed}", file=sys.stderr)
            print(f"server log: {reports / 'server.log'}", file=sys.stderr)
            return 1
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)
        if pg_name and os.environ.get("FUZZ_KEEP_DB") != "1":  # FUZZ_KEEP_DB=1 keeps it to look into
            _postgres([f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'])


if __name__ == "__main__":
    sys.exit(main())
