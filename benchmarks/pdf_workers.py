"""PDF documents: one notice against WeasyPrint rendering the same HTML on its own, and 200 notices
issued through Celery with one and then two real workers on Redis (throughput scaling).

1. One 执行通知书 through documents.services.render_document (template, QR code, fonts, the PDF)
   against `weasyprint.HTML(string=<the same HTML>).write_pdf()` alone; medians, in this process.
   Target: ≤ 1.5×.
2. About 200 notices (document batches of execution notices, ten cases a batch, over the cases of
   judges in several courts: issues of one kind in one court take their number one at a time) queued
   on Redis, then consumed by one worker (prefork, one process), and a second set of the same size by
   two workers; the time from the first batch started to the last finished, from the batches' own
   times. Target: two workers ≥ 1.7× one worker's throughput.

    DATABASE_URL=postgres://…/enforcement_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python manage.py generate_bench_data --cases 20000
    DATABASE_URL=… REDIS_URL=… .venv/bin/python benchmarks/pdf_workers.py [--documents 200] [--quick]

It issues real documents (files under the servers' MEDIA_ROOT, .bench-media/<database>) into the
database it is given. The machine's load average is reported with the figures: two workers can only
scale when two cores are free. Results: benchmarks/results/pdf_workers.txt and .json.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report, servers  # noqa: E402

NAME = "pdf_workers"
JUDGES = ["b0102judge0", "b0202judge5", "b0103judge5", "b0102judge6"]  # generate_bench_data's users


def _pick_cases(used: set, documents: int):
    """`documents` open cases of the judges, round robin over them (one execution notice each)."""
    from cases.models import Case
    from enforcement.models import User

    per_judge = {}
    for username in JUDGES:
        judge = User.objects.filter(username=username).first()
        if judge is None:
            continue
        qs = (
            Case.objects.filter(judge=judge, state__in=["filed", "investigating", "disposing"])
            .exclude(pk__in=used)
            .order_by("pk")
            .values_list("pk", flat=True)[:documents]
        )
        per_judge[judge] = list(qs)
    picked, count = {j: [] for j in per_judge}, 0
    while count < documents and any(per_judge.values()):
        for judge, ids in per_judge.items():
            if ids and count < documents:
                pk = ids.pop(0)
                picked[judge].append(pk)
                used.add(pk)
                count += 1
    return picked, count


def _issue_with_workers(n_workers: int, documents: int, used: set, env) -> tuple[float, int, int]:
    from documents.models import DocumentBatch
    from documents.services import document_batch_start

    picked, expected = _pick_cases(used, documents)
    workers = [servers.CeleryWorker(f"pdf{i}", env=env, concurrency=1) for i in range(n_workers)]
    # The batches queued in turn from each judge (so from the courts in turn), as several courts'
    # work reaches a shared queue. Queued judge after judge, two workers took two batches of one
    # court at once, and those issue one at a time on the court's number lock (documents.services
    # _allocate_seq, held while the PDF renders: no gap, no duplicate): 0.91× one worker.
    chunks = {
        judge: [ids[start : start + 10] for start in range(0, len(ids), 10)] for judge, ids in picked.items()
    }
    batches = []
    while any(chunks.values()):
        for judge, left in chunks.items():
            if left:
                batches.append(
                    document_batch_start(actor=judge, kind="execution_notice", case_ids=left.pop(0))
                )
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.wait_ready()
        end = time.monotonic() + 1800
        pks = [b.pk for b in batches]
        while time.monotonic() < end:
            if not DocumentBatch.objects.filter(pk__in=pks).exclude(status="finished").exists():
                break
            time.sleep(0.5)
    finally:
        for w in workers:
            w.stop()
    rows = list(DocumentBatch.objects.filter(pk__in=[b.pk for b in batches]))
    started = min(r.started_at for r in rows if r.started_at)
    finished = max(r.finished_at for r in rows if r.finished_at)
    return (finished - started).total_seconds(), sum(r.done for r in rows), sum(r.failed for r in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 documents a run")
    args = parser.parse_args(argv)
    if args.quick:
        args.documents = 20
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")):
        sys.exit("pdf_workers needs PostgreSQL (DATABASE_URL, generated data) and Redis (REDIS_URL)")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.loopback"
    os.environ["MEDIA_ROOT"] = servers.bench_media_root()
    os.environ.setdefault("SECRET_KEY", "bench-" + "x1y2z3" * 10)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    import weasyprint
    from django.conf import settings
    from django.utils import timezone

    from cases.models import Case
    from documents import rendering
    from documents.kinds import EXECUTION_NOTICE
    from documents.services import new_verification_code, render_document

    case = Case.objects.filter(state="investigating").order_by("pk").first()
    party = case.parties.filter(role="respondent").first()
    today = timezone.localdate()
    captured = []
    real_html_to_pdf = rendering.html_to_pdf

    def one():
        return render_document(
            EXECUTION_NOTICE,
            case=case,
            party=party,
            court=case.court,
            number=f"（{today.year}）青0102执通1号",
            code=new_verification_code(),
            issued_on=today,
            preview=False,
        )

    import documents.services as document_services

    def capture(html):
        captured.append(html)
        return real_html_to_pdf(html)

    document_services.html_to_pdf = capture
    one()  # fonts and caches load once
    document_services.html_to_pdf = real_html_to_pdf
    html = captured[-1]

    def raw():
        fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
        return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()

    raw()
    samples_raw, samples_one = [], []
    for _ in range(3 if args.quick else 7):
        t0 = time.perf_counter()
        raw()
        samples_raw.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        one()
        samples_one.append(time.perf_counter() - t0)
    raw_s, one_s = statistics.median(samples_raw), statistics.median(samples_one)
    load_single = servers.load_average()

    env = servers.production_env()
    used: set = set()
    one_w = _issue_with_workers(1, args.documents, used, env)
    load_one = servers.load_average()
    two_w = _issue_with_workers(2, args.documents, used, env)
    load_two = servers.load_average()
    rate_one, rate_two = one_w[1] / one_w[0], two_w[1] / two_w[0]
    lines = [
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC postgresql + redis, WeasyPrint {weasyprint.__version__}, "
        f"{os.cpu_count()} CPUs shared with other work",
        f"one 执行通知书 through render_document: {one_s * 1000:.0f} ms (median); WeasyPrint alone on the same "
        f"HTML: {raw_s * 1000:.0f} ms; {one_s / raw_s:.2f}× (target ≤ 1.5×); load average {load_single}",
        f"1 worker: {one_w[1]} notices issued ({one_w[2]} failed) in {one_w[0]:.1f} s, {rate_one:.2f}/s; "
        f"load average {load_one}",
        f"2 workers: {two_w[1]} notices issued ({two_w[2]} failed) in {two_w[0]:.1f} s, {rate_two:.2f}/s, "
        f"{rate_two / rate_one:.2f}× one worker (target ≥ 1.7×); load average {load_two}",
    ]
    rows = [
        report.row(
            NAME,
            "one notice vs WeasyPrint alone",
            one_s * 1000,
            "ms",
            baseline=raw_s * 1000,
            target=1.5,
            higher_is_better=False,
        ),
        report.row(NAME, "notices/s, 1 worker", rate_one, "notices/s"),
        report.row(NAME, "notices/s, 2 workers", rate_two, "notices/s", baseline=rate_one, target=1.7),
    ]
    report.write_results(NAME, lines, rows)
    return rows


if __name__ == "__main__":
    main()
