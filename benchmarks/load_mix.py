"""Load test: a mix of the court's users for a bounded time, then the books and the audit chain.

gunicorn (`config.wsgi`, production settings, 2 sync workers by default) and one Celery worker serve
a generated data set (`manage.py generate_bench_data`) on loopback; locust, headless, runs for
`--duration` seconds (120 by default) with these users at once:

- clerks filing cases (POST /api/v1/cases/, token auth, a new basis each time);
- judges reading their approvals inbox and case list (GET /api/v1/approvals/, /api/v1/cases/);
- liaison officers answering their agency's open query notices (POST /api/v1/agency/notices/<id>/answer/,
  agency token), each notice once;
- finance officers reading the case accounts and pay-outs (GET /api/v1/money-accounts/, /api/v1/payouts/);
- joint-punishment units checking IDs (POST /api/v1/sanctions/checks/, one ID a request);
- the public searching the defaulter list (GET and POST /public/defaulters/, under its per-address
  limit of 20 a minute).

Zero errors are expected; p95 per request type is reported. Afterwards the audit events are sealed
and the chain verified (`manage.py verify_audit`), and the month's reconciliation of the court's
accounts (money.reconciliation) must show no discrepancy.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python manage.py generate_bench_data --cases 20000
    DATABASE_URL=… REDIS_URL=… .venv/bin/python benchmarks/load_mix.py [--duration 120] [--quick]

It adds cases, answers, check logs, tokens and audit events to that database. Not in CI (it needs
the generated data and minutes); `--quick` is a 10-second run. Results: benchmarks/results/load_mix.txt
and .json.
"""

import argparse
import datetime as dt
import io
import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report, servers  # noqa: E402

NAME = "load_mix"
COURT = "青0102"

LOCUSTFILE = r"""
import json, os, random, re, uuid
from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

C = json.loads(os.environ["BENCH_CONTEXT"])


def _pid(n):
    import datetime as dt
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    born = dt.date(1960, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"630102{born:%Y%m%d}{n % 1000:03d}"
    return first17 + "10X98765432"[sum(int(c) * x for c, x in zip(first17, w)) % 11]


def _ok(response, *codes):
    if response.status_code not in (codes or (200,)):
        response.failure(f"{response.status_code}: {response.text[:200]}")


class Clerk(FastHttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    @task
    def file_case(self):
        n = random.randrange(10_000_000)
        body = {
            "judge": C["judge_id"],
            "basis": {
                "kind": "judgment",
                "issuing_organ": "西宁市城东区人民法院",
                "document_number": f"（2026）青0102民初{uuid.uuid4().int % 10**9}号",
                "effective_date": "2026-06-01",
                "money_amount": "100000.00",
            },
            "parties": [
                {"role": "applicant", "kind": "person", "name": "申请人" + str(n), "id_number": _pid(n)},
                {"role": "respondent", "kind": "person", "name": "被执行人" + str(n), "id_number": _pid(n + 1)},
            ],
        }
        with self.client.post("/api/v1/cases/", json=body, headers={"Authorization": "Token " + C["clerk"]},
                              name="clerk: file a case", catch_response=True) as r:
            _ok(r, 201)


class Judge(FastHttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)
    headers = {"Authorization": "Token " + C["judge"]}

    @task(2)
    def inbox(self):
        with self.client.get("/api/v1/approvals/", headers=self.headers, name="judge: approvals inbox",
                             catch_response=True) as r:
            _ok(r)

    @task(3)
    def cases(self):
        with self.client.get(f"/api/v1/cases/?page={random.randint(1, 20)}", headers=self.headers,
                             name="judge: case list", catch_response=True) as r:
            _ok(r)


class Liaison(FastHttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.agency = C["agencies"][random.randrange(len(C["agencies"]))]

    @task
    def answer(self):
        todo = self.agency["notices"]
        if not todo:
            with self.client.get("/api/v1/agency/notices/", headers={"Authorization": "Agency " + self.agency["key"]},
                                 name="liaison: notice list", catch_response=True) as r:
                _ok(r)
            return
        notice = todo.pop()
        with self.client.post(f"/api/v1/agency/notices/{notice}/answer/",
                              json={"result": "done", "data": {"items": []}, "note": ""},
                              headers={"Authorization": "Agency " + self.agency["key"]},
                              name="liaison: answer a notice", catch_response=True) as r:
            _ok(r)


class Finance(FastHttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)
    headers = {"Authorization": "Token " + C["finance"]}

    @task
    def accounts(self):
        with self.client.get("/api/v1/money-accounts/", headers=self.headers, name="finance: case accounts",
                             catch_response=True) as r:
            _ok(r)

    @task
    def payouts(self):
        with self.client.get("/api/v1/payouts/", headers=self.headers, name="finance: pay-outs",
                             catch_response=True) as r:
            _ok(r)


class Unit(FastHttpUser):
    weight = 3
    wait_time = between(0.1, 0.3)

    @task
    def check(self):
        with self.client.post("/api/v1/sanctions/checks/", json={"ids": [random.choice(C["ids"])]},
                              headers={"Authorization": "Unit " + C["unit"]}, name="unit: check an ID",
                              catch_response=True) as r:
            _ok(r)


class Public(FastHttpUser):
    fixed_count = 1  # one address, under its limit of 20 searches a minute
    wait_time = constant(4)

    @task
    def search(self):
        with self.client.get("/public/defaulters/", name="public: search form", catch_response=True) as r:
            _ok(r)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
        if not token:
            return
        name, id_number = random.choice(C["listed"])
        with self.client.post("/public/defaulters/",
                              data={"csrfmiddlewaretoken": token.group(1), "name": name, "id_number": id_number},
                              headers={"Referer": self.host + "/public/defaulters/"},
                              name="public: search", catch_response=True) as r:
            _ok(r)
"""


def prepare():
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.loopback"
    os.environ["MEDIA_ROOT"] = servers.bench_media_root()  # the servers' anchors, read by verify_audit
    os.environ.setdefault("SECRET_KEY", "bench-" + "x1y2z3" * 10)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from assistance.models import AgencyToken, Notice
    from enforcement.models import Agency, User
    from sanctions.models import CheckUnit, DefaulterEntry

    if connection.vendor != "postgresql":
        sys.exit("load_mix needs PostgreSQL with generated data: see the docstring")
    users = {}
    for role, username in (("clerk", "b0102clerk0"), ("judge", "b0102judge0"), ("finance", "b0102finance")):
        user = User.objects.filter(username=username).first()
        if user is None:
            sys.exit(f"no user {username}: run manage.py generate_bench_data first")
        users[role] = Token.objects.get_or_create(user=user)[0].key
        users[f"{role}_id"] = user.pk
    agencies = []
    for agency in Agency.objects.filter(is_active=True):
        notices = list(
            Notice.objects.filter(agency=agency, status="sent", action="query").values_list("pk", flat=True)[
                :400
            ]
        )
        if notices:
            _token, key = AgencyToken.issue(agency=agency, name="负载测试")
            agencies.append({"key": key, "notices": notices})
    unit = CheckUnit.objects.filter(name="基准测试单位·混合").first() or CheckUnit(
        name="基准测试单位·混合", kind="bank"
    )
    unit.per_minute = 2_000_000_000
    unit_key = unit.set_new_key()
    unit.save()
    listed = list(DefaulterEntry.objects.filter(status="published").values_list("name", "id_number")[:500])
    context = {
        "clerk": users["clerk"],
        "judge": users["judge"],
        "finance": users["finance"],
        "judge_id": users["judge_id"],
        "agencies": agencies,
        "unit": unit_key,
        "ids": [i for _n, i in listed],
        "listed": listed,
    }
    connection.close()
    return context


def after_checks() -> tuple[bool, str, int]:
    """(audit chain ok, its report, reconciliation discrepancies) once the load has stopped."""
    from django.core.management import call_command
    from django.utils import timezone

    from enforcement.audit import audit_seal_pending
    from enforcement.models import Court
    from money.reconciliation import accounts_of_court, reconcile

    while audit_seal_pending(batch=5000):
        pass
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            call_command("verify_audit", stdout=out)
        ok = True
    except SystemExit as exc:
        ok = exc.code in (0, None)
    except Exception as exc:  # the command reports a broken chain by raising CommandError
        ok = False
        out.write(str(exc))
    today = timezone.localdate()
    discrepancies = 0
    for court in Court.objects.filter(code=COURT):
        discrepancies += len(reconcile(accounts_of_court(court.pk), today.year, today.month).discrepancies)
    return ok, out.getvalue().strip()[-300:], discrepancies


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--users", type=int, default=13, help="concurrent locust users (one is the public)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--quick", action="store_true", help="a 10-second smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 10
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("load_mix needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): see the docstring")
    context = prepare()
    env = servers.production_env()
    worker = servers.CeleryWorker("load", env=env, concurrency=1).start()
    try:
        with servers.Gunicorn(workers=args.workers, env=env) as server:
            worker.wait_ready()
            load_env = {**os.environ, "BENCH_CONTEXT": json.dumps(context, ensure_ascii=False)}
            stats = servers.run_locust(
                LOCUSTFILE, server.url, users=args.users, seconds=args.duration, env=load_env
            )
            load = servers.load_average()
    finally:
        worker.stop()
    ok, audit_report, discrepancies = after_checks()
    total = stats.get("Aggregated", {})
    lines = [
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC postgresql + redis, gunicorn {args.workers} sync workers, "
        f"one Celery worker, locust {args.users} users for {args.duration} s on the same 2-core machine "
        f"(load average at the end {load})",
        f"all requests: {total.get('Request Count', 0):,.0f}, {total.get('Failure Count', 0):,.0f} failed, "
        f"{total.get('Requests/s', 0):,.1f} req/s, p95 {total.get('95%', 0):,.0f} ms",
    ]
    rows = [
        report.row(NAME, "failed requests", total.get("Failure Count", 0), "requests"),
        report.row(NAME, "all requests p95", total.get("95%", 0), "ms"),
    ]
    for name, s in sorted(stats.items()):
        if name.startswith("_") or name == "Aggregated" or not isinstance(s, dict):
            continue
        lines.append(
            f"  {name}: {s['Request Count']:,.0f} requests, {s['Failure Count']:,.0f} failed, median "
            f"{s['Median Response Time']:,.0f} ms, p95 {s['95%']:,.0f} ms"
        )
        rows.append(report.row(NAME, f"{name} p95", s["95%"], "ms"))
    if stats.get("_failures", "").strip().count("\n") >= 1:  # more than the CSV's header
        lines.append("failures: " + stats["_failures"][:1500])
    lines.append(f"audit chain after the run: {'verifies' if ok else 'DOES NOT VERIFY'} ({audit_report})")
    lines.append(f"reconciliation of {COURT}'s accounts this month: {discrepancies} discrepancies")
    rows.append(report.row(NAME, "audit chain verifies", int(ok), "bool"))
    rows.append(report.row(NAME, "reconciliation discrepancies", discrepancies, "accounts"))
    report.write_results(NAME, lines, rows)
    return rows


if __name__ == "__main__":
    main()
