"""Benchmark: how long court documents take to render (a script with its results written
down, not a timed unit test).

Measures, in one run on one machine, against a baseline measured in the same run:
  baseline   a trivial ASCII-only HTML page rendered to PDF by WeasyPrint
  notice     one 执行通知书 through the render function issue and preview use
             (documents.services.render_document: template, QR code, CJK fonts)
  100        100 notices rendered one after another through that same function
  issue 100  100 notices through document_issue (case lock, number, render, glyph check, file
             write with SHA-256, audit event, notification), on SQLite
and prints medians and ratios to the baseline; the figures go to benchmarks/results/render_documents.txt.

    .venv/bin/python benchmarks/render_documents.py [--count 100]

It makes its own temporary SQLite database (migrated) and media folder, and deletes them after.
"""

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="render-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["LOG_LEVEL"] = "ERROR"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.pop("REDIS_URL", None)  # Celery eager: nothing leaves the process

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

BASELINE_HTML = "<html><body><h1>Hello</h1><p>A trivial ASCII page.</p></body></html>"


def pad(text: str, width: int) -> str:
    """Left-align in a fixed-width column, counting a Chinese character as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def pages(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def demo_case():
    from cases.services import BasisInput, FilingInput, PartyInput, case_file
    from enforcement.choices import CourtLevel, Role
    from enforcement.models import Court, Membership, User

    court = Court.objects.create(name="西宁市城东区人民法院", code="青0102", level=CourtLevel.BASIC)
    clerk = User.objects.create_user("bench-clerk", name="王书记员")
    judge = User.objects.create_user("bench-judge", name="李法官")
    Membership.objects.create(user=clerk, role=Role.CLERK, court=court)
    Membership.objects.create(user=judge, role=Role.JUDGE, court=court)
    data = FilingInput(
        judge_id=judge.pk,
        basis=BasisInput(
            kind="judgment",
            issuing_organ="西宁市城东区人民法院",
            document_number="（2026）青0102民初100号",
            effective_date=dt.date(2026, 6, 1),
            money_amount=Decimal("100000.00"),
            performance_deadline=dt.date(2026, 6, 10),
        ),
        parties=[
            PartyInput(role="applicant", kind="person", name="张三", id_number="11010519491231002X"),
            PartyInput(role="respondent", kind="person", name="李四", id_number="360426199101010071"),
        ],
    )
    case = case_file(actor=clerk, data=data)
    return clerk, case, case.parties.get(role="respondent")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="documents in the batch runs (default 100)")
    args = parser.parse_args()
    n = args.count

    import weasyprint

    from documents.kinds import EXECUTION_NOTICE
    from documents.rendering import check_glyphs, html_to_pdf
    from documents.services import document_issue, new_verification_code, render_document

    call_command("migrate", verbosity=0)
    clerk, case, party = demo_case()
    today = timezone.localdate()

    def notice():
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

    # cold: the first render of the process loads fonts and builds caches
    cold_baseline = timed(lambda: html_to_pdf(BASELINE_HTML), 1)[0]
    cold_notice = timed(notice, 1)[0]
    baseline = timed(lambda: html_to_pdf(BASELINE_HTML), 20)
    one = timed(notice, 10)
    pdf = notice()
    check = timed(lambda: check_glyphs(pdf, ["执行通知书", case.number], extract_text=False), 10)
    start = time.perf_counter()
    for _ in range(n):
        notice()
    batch_render = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(n):
        document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=party.pk, notify=False)
    batch_issue = time.perf_counter() - start

    base = statistics.median(baseline)
    rows = [
        ("baseline: trivial ASCII page → PDF (median of 20)", base),
        ("one 执行通知书 (median of 10)", statistics.median(one)),
        ("  first render in the process (fonts load)", cold_notice),
        ("  first baseline render in the process", cold_baseline),
        ("glyph check of one notice (median of 10)", statistics.median(check)),
        (f"{n} notices rendered one after another (total)", batch_render),
        ("  per notice", batch_render / n),
        (f"{n} notices through document_issue (total)", batch_issue),
        ("  per notice (render, check, store, audit, SQLite)", batch_issue / n),
    ]
    lines = [
        f"render_documents benchmark · {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}, SQLite, one process",
        f"one notice: {len(pdf):,} bytes, {pages(pdf)} pages",
        "",
        pad("measure", 54) + f"{'seconds':>10}{'× baseline':>13}",
    ]
    lines += [pad(label, 54) + f"{seconds:>10.4f}{seconds / base:>13.1f}" for label, seconds in rows]
    report = "\n".join(lines) + "\n"
    print(report)
    from benchmarks.report import results_dir, row, write_json

    out = results_dir() / "render_documents.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")

    write_json(
        "render_documents",
        [
            row(
                "render_documents",
                "one 执行通知书 vs a trivial ASCII page to PDF",
                statistics.median(one),
                "s",
                baseline=base,
            ),
            row(
                "render_documents",
                f"{n} notices through document_issue, per notice, vs one render",
                batch_issue / n,
                "s",
                baseline=batch_render / n,
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
