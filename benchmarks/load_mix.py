"""Load test: a mix of the court's users for a bounded time, then the books and the audit chain.

gunicorn (`config.wsgi`, production settings, 2 sync workers by default) and one Celery worker serve
a generated data set (`manage.py generate_bench_data`) on loopback. Before the load starts the set-up
makes, through the services, the work the run will do, each user its own queue (no two users ever
race for one item, so a 409 is a real failure): per division head a queue of pending time-limit
extensions proposed by the case's judge (proposer ≠ approver); per finance officer a queue of payouts
proposed by the case's judge and approved by the head, waiting to be paid out from accounts with
confirmed receipts; per liaison officer a queue of query notices waiting for an answer. Then locust,
headless, runs for `--duration` seconds (120 by default) with these users at once:

- clerks filing cases (POST /api/v1/cases/, token auth, a new basis each time);
- division heads deciding their approvals (POST /api/v1/approvals/<id>/decide/, approve) and
  reading the inbox (GET /api/v1/approvals/);
- finance officers paying out (POST /api/v1/payouts/<id>/execute/) and reading the case accounts;
- liaison officers answering their query notices (POST /api/v1/agency/notices/<id>/answer/, agency token);
- joint-punishment units checking IDs (POST /api/v1/sanctions/checks/, one ID a request);
- the public searching the defaulter list (GET and POST /public/defaulters/ with the form's CSRF
  token, under its per-address limit of 20 a minute).

Zero failures are expected; p95 per request type is reported. Afterwards: the audit events are
sealed and the chain verified (`manage.py verify_audit --seal`); the month's reconciliation of the
court's accounts (money.reconciliation) shows no discrepancy; no case account has paid out more than
it received, and the prepared accounts' paid-out totals grew by exactly the payouts executed; and the
approvals decided, payouts executed, notices answered and cases filed equal the successful requests
of each type (nothing lost, nothing done twice).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python manage.py generate_bench_data --cases 20000
    DATABASE_URL=… REDIS_URL=… .venv/bin/python benchmarks/load_mix.py [--duration 120] [--quick]

It adds cases, decisions, payouts, answers, check logs, users, tokens and audit events to that
database. Not in CI (it needs the generated data and minutes); `--quick` is a 10-second run.
Results: benchmarks/results/load_mix.txt and .json.
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
import json, os, random, re, time, uuid
from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

C = json.loads(os.environ["BENCH_CONTEXT"])
# headless locust kills the users when the time is up, a request in flight with them: done on the
# server, never counted. The writes stop a little before the end so every one is counted.
WRITE_UNTIL = time.time() + C["duration"] - C["quiet"]


def _writing():
    return time.time() < WRITE_UNTIL


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
    fixed_count = C["counts"]["clerks"]
    wait_time = between(0.5, 1.5)

    @task
    def file_case(self):
        if not _writing():
            return
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


_taken = {}


def _queue(kind):
    # the next user of a kind takes the next queue of that kind: its own token and items, no one else's
    i = _taken.get(kind, 0)
    _taken[kind] = i + 1
    queue = C[kind][i]
    return queue.get("token", ""), list(queue["items"])


class Head(FastHttpUser):
    fixed_count = C["counts"]["heads"]
    wait_time = between(0.5, 1.5)

    def on_start(self):
        token, self.todo = _queue("approvals")
        self.headers = {"Authorization": "Token " + token}

    @task(3)
    def decide(self):
        if not self.todo or not _writing():
            return self.inbox()
        approval = self.todo.pop(0)
        with self.client.post(f"/api/v1/approvals/{approval}/decide/", json={"approve": True, "note": ""},
                              headers=self.headers, name="head: approve a request", catch_response=True) as r:
            _ok(r)

    @task(1)
    def inbox(self):
        with self.client.get("/api/v1/approvals/", headers=self.headers, name="head: approvals inbox",
                             catch_response=True) as r:
            _ok(r)


class Liaison(FastHttpUser):
    fixed_count = C["counts"]["liaisons"]
    wait_time = between(0.5, 1.5)

    def on_start(self):
        _token, self.todo = _queue("notices")

    @task
    def answer(self):
        if not self.todo or not _writing():
            return
        key, notice = self.todo.pop(0)
        with self.client.post(f"/api/v1/agency/notices/{notice}/answer/",
                              json={"result": "done", "data": {"items": []}, "note": ""},
                              headers={"Authorization": "Agency " + key},
                              name="liaison: answer a notice", catch_response=True) as r:
            _ok(r)


class Finance(FastHttpUser):
    fixed_count = C["counts"]["finance"]
    wait_time = between(0.5, 1.5)

    def on_start(self):
        token, self.todo = _queue("payouts")
        self.headers = {"Authorization": "Token " + token}

    @task(3)
    def pay_out(self):
        if not self.todo or not _writing():
            return self.accounts()
        payout = self.todo.pop(0)
        with self.client.post(f"/api/v1/payouts/{payout}/execute/", headers=self.headers,
                              name="finance: pay out", catch_response=True) as r:
            _ok(r)

    @task(1)
    def accounts(self):
        with self.client.get("/api/v1/money-accounts/", headers=self.headers, name="finance: case accounts",
                             catch_response=True) as r:
            _ok(r)


class Unit(FastHttpUser):
    fixed_count = C["counts"]["units"]
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


COUNTS = {"clerks": 2, "heads": 2, "liaisons": 2, "finance": 2, "units": 3}  # and one public user


def _staff(court, username, name, role):
    """A user of `court` in `role` (the generator's way: no usable password, tokens for the API)."""
    from enforcement.models import Membership, User

    user, created = User.objects.get_or_create(username=username, defaults={"name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, defaults={"role": role, "court": court})
    return user


def _token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def _chunks(items: list, n: int) -> list[list]:
    return [items[i::n] for i in range(n)]


def quiet_seconds(duration: int) -> int:
    """The last seconds of the run without writes (reads go on): longer than any write takes."""
    return min(8, max(2, duration // 4))


def prepare(per_user: int, duration: int) -> tuple[dict, dict]:
    """The context of the locust users and what the checks afterwards need: every queue made
    through the services before the load starts, `per_user` items for each user."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.loopback"
    os.environ["MEDIA_ROOT"] = servers.bench_media_root()  # the servers' anchors, read by verify_audit
    os.environ.setdefault("SECRET_KEY", "bench-" + "x1y2z3" * 10)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from assistance.models import AgencyToken, Notice
    from cases.choices import CaseState
    from cases.models import Case, Party
    from cases.services import case_act
    from enforcement.choices import Role
    from enforcement.errors import ServiceError
    from enforcement.models import Agency, Court, User
    from money import services as money
    from money.models import CaseAccount
    from sanctions.models import CheckUnit, DefaulterEntry

    if connection.vendor != "postgresql":
        sys.exit("load_mix needs PostgreSQL with generated data: see the docstring")
    court = Court.objects.filter(code=COURT).first()
    names = ("b0102clerk0", "b0102judge0", "b0102head", "b0102finance")
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    if court is None or len(found) < len(names):
        sys.exit("no bench users of 青0102: run manage.py generate_bench_data first")
    clerk, judge, head, finance = (found[n] for n in names)
    heads = [
        _staff(court, f"b0102loadhead{i}", f"负载测试执行局长{i}", Role.HEAD) for i in range(COUNTS["heads"])
    ]
    cashiers = [
        _staff(court, f"b0102loadfinance{i}", f"负载测试会计{i}", Role.FINANCE)
        for i in range(COUNTS["finance"])
    ]
    running = list(
        Case.objects.filter(court=court, state__in=CaseState.running_states(), judge__isnull=False)
        .select_related("judge")
        .order_by("id")
    )
    # time-limit extensions, proposed by each case's judge, for the heads (one pending a case)
    approvals = []
    for case in running:
        if len(approvals) >= per_user * COUNTS["heads"]:
            break
        try:
            result = case_act(
                actor=case.judge,
                case_id=case.pk,
                action_key="extend",
                reason="负载测试：延长执行期限",
                payload={"months": 1},
            )
        except ServiceError:
            continue
        approvals.append(result.approval.pk)
    # payouts: money received and confirmed, proposed by the judge, approved by the head
    payouts, today = [], timezone.localdate()
    for case in running:
        if len(payouts) >= per_user * COUNTS["finance"]:
            break
        payee = Party.objects.filter(case=case, role="applicant").order_by("id").first()
        if payee is None:
            continue
        try:
            receipt = money.receipt_record(
                actor=case.judge,
                case_id=case.pk,
                kind="voluntary",
                amount="1000.00",
                payer="负载测试付款人",
                received_on=today,
            )
            money.receipt_confirm(actor=finance, receipt_id=receipt.pk)
            payout = money.payout_propose(
                actor=case.judge, case_id=case.pk, payee_id=payee.pk, amount="600.00"
            )
            money.payout_decide(actor=head, payout_id=payout.pk, approve=True)
        except ServiceError:
            continue
        payouts.append(payout.pk)
    paid_before = {a.pk: a.paid_total for a in CaseAccount.objects.filter(payouts__pk__in=payouts).distinct()}
    # query notices waiting for an answer, each agency's with its own key
    notices = []
    for agency in Agency.objects.filter(is_active=True).order_by("id"):
        ids = list(
            Notice.objects.filter(agency=agency, status="sent", action="query")
            .order_by("id")
            .values_list("pk", flat=True)[: per_user * COUNTS["liaisons"]]
        )
        if ids:
            _token_row, key = AgencyToken.issue(agency=agency, name="负载测试")
            notices += [[key, pk] for pk in ids]
    notices = notices[: per_user * COUNTS["liaisons"]]
    unit = CheckUnit.objects.filter(name="基准测试单位·混合").first() or CheckUnit(
        name="基准测试单位·混合", kind="bank"
    )
    unit.per_minute = 2_000_000_000
    unit_key = unit.set_new_key()
    unit.save()
    listed = list(DefaulterEntry.objects.filter(status="published").values_list("name", "id_number")[:500])
    context = {
        "counts": COUNTS,
        "duration": duration,
        "quiet": quiet_seconds(duration),
        "clerk": _token(clerk),
        "judge_id": judge.pk,
        "approvals": [
            {"token": _token(u), "items": items}
            for u, items in zip(heads, _chunks(approvals, len(heads)), strict=True)
        ],
        "payouts": [
            {"token": _token(u), "items": items}
            for u, items in zip(cashiers, _chunks(payouts, len(cashiers)), strict=True)
        ],
        "notices": [{"items": items} for items in _chunks(notices, COUNTS["liaisons"])],
        "unit": unit_key,
        "ids": [i for _n, i in listed],
        "listed": listed,
    }
    prepared = {
        "approvals": approvals,
        "payouts": payouts,
        "notices": [pk for _key, pk in notices],
        "paid_before": paid_before,
        "last_case": Case.objects.aggregate(m=Max("id"))["m"] or 0,
    }
    connection.close()
    return context, prepared


def after_checks(prepared: dict) -> dict:
    """Once the load has stopped: the audit chain (sealed, then verified), the books, and what the
    prepared queues show was done."""
    from django.core.management import call_command
    from django.db.models import F, Sum
    from django.utils import timezone

    from assistance.models import Notice
    from cases.models import Approval, Case
    from enforcement.models import Court
    from money.models import CaseAccount, Payout
    from money.reconciliation import accounts_of_court, reconcile

    out = io.StringIO()
    try:
        with redirect_stdout(out):
            call_command("verify_audit", "--seal", stdout=out)
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
    overpaid = CaseAccount.objects.filter(paid_total__gt=F("confirmed_total") - F("refunded_total")).count()
    executed = Payout.objects.filter(pk__in=prepared["payouts"], status="executed")
    grown = sum(
        (a.paid_total - prepared["paid_before"][a.pk])
        for a in CaseAccount.objects.filter(pk__in=list(prepared["paid_before"]))
    )
    return {
        "audit_ok": ok,
        "audit_report": out.getvalue().strip()[-300:],
        "discrepancies": discrepancies,
        "overpaid_accounts": overpaid,
        "paid_out_matches": grown == (executed.aggregate(s=Sum("amount"))["s"] or 0),
        "done": {
            "head: approve a request": Approval.objects.filter(
                pk__in=prepared["approvals"], status="approved"
            ).count(),
            "finance: pay out": executed.count(),
            "liaison: answer a notice": Notice.objects.filter(
                pk__in=prepared["notices"], status="answered"
            ).count(),
            "clerk: file a case": Case.objects.filter(pk__gt=prepared["last_case"]).count(),
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--quick", action="store_true", help="a 10-second smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 10
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("load_mix needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): see the docstring")
    # a user's steady pace is at most one write a second: enough items that no queue runs dry
    context, prepared = prepare(per_user=args.duration + 10, duration=args.duration)
    users = sum(COUNTS.values()) + 1
    env = servers.production_env()
    worker = servers.CeleryWorker("load", env=env, concurrency=1).start()
    try:
        with servers.Gunicorn(workers=args.workers, env=env) as server:
            worker.wait_ready()
            load_env = {**os.environ, "BENCH_CONTEXT": json.dumps(context, ensure_ascii=False)}
            stats = servers.run_locust(
                LOCUSTFILE, server.url, users=users, seconds=args.duration, env=load_env
            )
            load = servers.load_average()
    finally:
        worker.stop()
    after = after_checks(prepared)
    total = stats.get("Aggregated", {})
    lines = [
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC postgresql + redis, gunicorn {args.workers} sync workers, "
        f"one Celery worker, locust {users} users for {args.duration} s on the same 2-core machine "
        f"(load average at the end {load})",
        f"prepared: {len(prepared['approvals'])} extensions to approve, {len(prepared['payouts'])} payouts to "
        f"pay out, {len(prepared['notices'])} notices to answer; writes stop {quiet_seconds(args.duration)} s "
        "before the end (a request cut off in flight would be done but not counted)",
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
    lost = 0
    for name, done in after["done"].items():
        s = stats.get(name, {})
        succeeded = int(s.get("Request Count", 0) - s.get("Failure Count", 0))
        lost += abs(done - succeeded)
        lines.append(f"{name}: {succeeded} succeeded, {done} done in the database")
    ok = after["audit_ok"]
    lines.append(
        f"audit chain after the run: {'verifies' if ok else 'DOES NOT VERIFY'} ({after['audit_report']})"
    )
    lines.append(
        f"reconciliation of {COURT}'s accounts this month: {after['discrepancies']} discrepancies; "
        f"{after['overpaid_accounts']} accounts paid out more than received; prepared accounts' paid-out "
        f"totals {'equal' if after['paid_out_matches'] else 'DO NOT EQUAL'} the payouts executed"
    )
    rows.append(report.row(NAME, "audit chain verifies", int(ok), "bool"))
    rows.append(report.row(NAME, "reconciliation discrepancies", after["discrepancies"], "accounts"))
    rows.append(
        report.row(NAME, "accounts paid out more than received", after["overpaid_accounts"], "accounts")
    )
    rows.append(
        report.row(NAME, "paid-out totals equal payouts executed", int(after["paid_out_matches"]), "bool")
    )
    rows.append(report.row(NAME, "writes lost or doubled", lost, "requests"))
    report.write_results(NAME, lines, rows)
    return rows


def passed(rows: list[dict]) -> bool:
    """Zero failures, nothing lost or doubled, the books balance and the chain verifies."""
    value = {r["figure"]: r["value"] for r in rows}
    return (
        value["failed requests"] == 0
        and value["writes lost or doubled"] == 0
        and value["reconciliation discrepancies"] == 0
        and value["accounts paid out more than received"] == 0
        and value["audit chain verifies"] == 1
        and value["paid-out totals equal payouts executed"] == 1
    )


if __name__ == "__main__":
    sys.exit(0 if passed(main()) else 1)
