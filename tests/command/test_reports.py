"""The command centre's reports on a hand-built month (today is 2026-12-01 by the clock fixture):
the figures are the dashboard's, the PDF says them in Chinese, the XLSX and CSV carry the rows
behind them with ID numbers masked and formulas kept as text, the progress goes from 0 to 100, and
only the head, the admin and (reading only) the supervisors of a court get at them."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cases.models import Case, Party
from command import report_services, reports
from command.models import ReportJob, ReportStatus
from command.report_services import report_build, report_progress, report_start
from enforcement.choices import Role
from enforcement.models import Court
from tests.cases.conftest import PERSON_ID, PERSON_ID_2
from tests.court_fixtures import api_as, assert_error
from tests.factories import make_member

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2026, 11, 1), D(2026, 11, 30)


def _set(case, **fields):
    Case.objects.filter(pk=case.pk).update(**fields)


@pytest.fixture
def data(file_case):
    """Seven cases of `court` (the figures test's set): in November 3 filed, 3 closed (one each
    执行完毕, 终本, 和解), 2 pending at the start; case 0 over its limit, case 3 near it."""
    cases = [file_case() for _ in range(7)]
    _set(cases[0], filed_on=D(2026, 6, 1), deadline=D(2026, 11, 20), state="investigating")
    _set(cases[1], filed_on=D(2026, 11, 5), closed_on=D(2026, 11, 15), state="concluded")
    _set(cases[2], filed_on=D(2026, 10, 20), closed_on=D(2026, 11, 19), state="terminated_round")
    _set(cases[3], filed_on=D(2026, 11, 10), deadline=D(2026, 12, 6), state="filed")
    _set(cases[4], filed_on=D(2026, 1, 5), closed_on=D(2026, 3, 1), state="withdrawn")
    _set(cases[5], filed_on=D(2026, 12, 1), deadline=D(2026, 11, 1), state="suspended")
    _set(cases[6], filed_on=D(2026, 11, 20), closed_on=D(2026, 11, 22), state="settled")
    return [Case.objects.get(pk=c.pk) for c in cases]


@pytest.fixture
def other_data(other_court):
    """One case of the sibling court filed in November (for the subtree)."""
    clerk = make_member(Role.CLERK, court=other_court)
    judge = make_member(Role.JUDGE, court=other_court)
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    case = case_file(actor=clerk, data=filing_input(judge, document_number="（2026）青0103民初1号"))
    _set(case, filed_on=D(2026, 11, 3), state="investigating")
    return case


def _built(actor, court, start=START, end=END, capture=None) -> ReportJob:
    with capture(execute=True):
        job = report_start(actor=actor, court_id=court.pk, start=start, end=end)
    return ReportJob.objects.get(pk=job.pk)


# --- the content ----------------------------------------------------------------------------------
def test_figures_are_the_dashboards_and_the_hand_counted(data, court, head, client_for):
    content = reports.report_content(court, START, END)
    totals = content["totals"]
    assert (totals["filed"], totals["pending_at_start"], totals["closed"]) == (3, 2, 3)
    assert (totals["closed_concluded"], totals["closed_terminated_round"], totals["closed_settled"]) == (
        1,
        1,
        1,
    )
    assert totals["closing_rate"] == Decimal(3) / 5 and totals["round_rate"] == Decimal(1) / 3
    assert totals["avg_days"] == Decimal("14.0")
    assert (totals["near_limit"], totals["over_limit"]) == (1, 1)
    page = client_for(head).get(
        reverse("command:dashboard"), {"court": court.pk, "period": "custom", "start": START, "end": END}
    )
    assert page.status_code == 200
    dashboard = page.context["totals"]
    assert {k: totals[k] for k in dashboard} == dashboard
    assert content["lines"] == []  # a basic court has no courts below it


def test_a_higher_court_has_a_line_per_court_adding_up(
    data, other_data, intermediate_court, court, other_court
):
    content = reports.report_content(intermediate_court, START, END)
    assert content["totals"]["filed"] == 4
    lines = {line["court"].pk: line["figures"] for line in content["lines"]}
    assert set(lines) == {court.pk, other_court.pk}
    assert (lines[court.pk]["filed"], lines[other_court.pk]["filed"]) == (3, 1)
    assert sum(f["closed"] for f in lines.values()) == content["totals"]["closed"] == 3


def test_rows_are_the_cases_filed_or_closed_in_the_period(data, court):
    rows = [row for part in reports.row_chunks(court, START, END, chunk=2) for row in part]
    numbers = [row[0] for row in rows]
    # filed in November: 1, 3, 6; closed in November: 1, 2, 6; in primary-key order
    assert numbers == [data[i].number for i in (1, 2, 3, 6)]
    by_number = dict(zip(numbers, rows, strict=True))
    concluded = by_number[data[1].number]
    assert concluded[1] == court.name
    assert concluded[2] == "张三" and concluded[3] == "李四、青海某某贸易有限公司"
    assert PERSON_ID_2 not in concluded[4] and "3604" in concluded[4] and "**" in concluded[4]
    assert "91350100M000100Y43" in concluded[4]  # a 统一社会信用代码 is public
    assert concluded[5] == Decimal("100000.00")
    assert (concluded[6], concluded[7]) == (D(2026, 11, 5), D(2026, 11, 15))
    assert concluded[9] == "执行完毕"
    assert by_number[data[2].number][9] == "终结本次执行程序" or by_number[data[2].number][9].startswith("终")
    assert (by_number[data[3].number][7], by_number[data[3].number][9]) == ("", "")  # still open


def test_month_range_and_period_text():
    assert reports.month_range(2026, 12) == (D(2026, 12, 1), D(2026, 12, 31))
    assert reports.month_range(2028, 2) == (D(2028, 2, 1), D(2028, 2, 29))
    assert reports.period_text(D(2026, 11, 1), D(2026, 11, 30)) == "2026年11月"
    assert reports.period_text(D(2026, 11, 1), D(2026, 12, 15)) == "2026年11月1日至2026年12月15日"
    with translation.override("en"):
        assert reports.period_text(D(2026, 11, 2), D(2026, 11, 30)) == "2026年11月2日至2026年11月30日"


# --- the job: progress and files -----------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_progress_goes_from_0_to_100_chunk_by_chunk(data, court, head, monkeypatch):
    job = ReportJob.objects.create(court=court, requested_by=head, start=START, end=END)
    assert report_progress(job)["percent"] == 0 and not report_progress(job)["finished"]
    seen = []
    real = report_services._progress

    def spy(job, **fields):
        real(job, **fields)
        seen.append(report_progress(ReportJob.objects.get(pk=job.pk))["percent"])

    monkeypatch.setattr(report_services, "_progress", spy)
    report_build(job_id=job.pk, chunk=1)
    assert seen[0] == 0 and seen[-1] == 100
    assert seen == sorted(seen) and {25, 50, 75} <= set(seen)  # four rows, one chunk each
    job.refresh_from_db()
    assert (job.status, job.total, job.processed) == (ReportStatus.FINISHED, 4, 4)
    assert report_build(job_id=job.pk) == job  # built once: a second run does nothing
    assert ReportJob.objects.get(pk=job.pk).finished_at == job.finished_at


def test_a_failed_build_says_why_and_builds_again(data, court, head, monkeypatch):
    job = ReportJob.objects.create(court=court, requested_by=head, start=START, end=END)

    def broken(*args, **kwargs):
        raise OSError("字形缺失")

    monkeypatch.setattr(reports, "report_pdf", broken)
    report_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and "字形缺失" in job.error and not job.pdf
    progress = report_progress(job)
    assert progress["finished"] and progress["errors"][0]["message"] == job.error
    monkeypatch.setattr(reports, "report_pdf", lambda *a, **k: b"%PDF-1.7 stand-in")
    report_build(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.processed) == (ReportStatus.FINISHED, "", 4)
    assert job.pdf.read() == b"%PDF-1.7 stand-in"


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_pdf_says_court_month_and_figures_in_chinese(data, court, head, django_capture_on_commit_callbacks):
    from documents.rendering import pdf_text

    job = _built(head, court, capture=django_capture_on_commit_callbacks)
    assert job.status == ReportStatus.FINISHED, job.error
    text = re.sub(r"\s+", "", pdf_text(job.pdf.read()))
    for expected in (
        "西宁市城东区人民法院",
        "执行工作月报",
        "统计期间：2026年11月",
        "新收案件3",
        "旧存案件2",
        "结案数3",
        "执行完毕1",
        "结案率60.0%",
        "终本率33.3%",
        "平均结案天数14.0天",
        "超审限（截至2026年12月1日）1",
        data[1].number,
        "二〇二六年十二月一日",
    ):
        assert expected in text, expected
    assert PERSON_ID_2 not in text and PERSON_ID not in text  # only masked numbers
    assert "3604**********0071" in text


@pytest.mark.cjk_fonts
def test_xlsx_and_csv_carry_the_rows(data, court, head, django_capture_on_commit_callbacks):
    with translation.override("en"):  # asked for from an English page: the files are still Chinese
        job = _built(head, court, capture=django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(job.xlsx.read())).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:3] == ["案号", "法院", "申请执行人"]
    assert [row[0] for row in table[1:]] == [data[i].number for i in (1, 2, 3, 6)]
    assert table[1][5] == 100000 and table[1][9] == "执行完毕"
    assert all(PERSON_ID_2 not in str(cell) for row in table for cell in row)
    text = job.csv.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "案号" and len(rows) == 5
    assert rows[1][0] == data[1].number and rows[1][5] == "100000.00" and rows[1][6] == "2026年11月5日"
    assert PERSON_ID_2 not in text


@pytest.mark.cjk_fonts
def test_formula_injection_is_kept_as_text(data, court, head, django_capture_on_commit_callbacks):
    Party.objects.filter(case=data[1], role="respondent", kind="person").update(
        name='=HYPERLINK("http://x","y")'
    )
    job = _built(head, court, capture=django_capture_on_commit_callbacks)
    rows = list(csv.reader(io.StringIO(job.csv.read().decode("utf-8-sig"))))
    assert rows[1][3].startswith("'=HYPERLINK")  # the apostrophe: a spreadsheet shows it as text
    cell = load_workbook(io.BytesIO(job.xlsx.read())).active.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, not a formula
    assert cell.quotePrefix


def test_period_longer_than_a_year_or_backwards_is_refused(court, head):
    from enforcement.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        report_start(actor=head, court_id=court.pk, start=D(2025, 1, 1), end=D(2026, 6, 1))
    assert exc.value.fields["end"]
    with pytest.raises(InvalidInput):
        report_start(actor=head, court_id=court.pk, start=END, end=START)
    assert not ReportJob.objects.exists()


# --- the page -------------------------------------------------------------------------------------
def test_head_starts_a_report_from_the_page_and_downloads_it(
    data, court, head, client_for, django_capture_on_commit_callbacks, settings
):
    client = client_for(head)
    page = client.get(reverse("command:reports"))
    assert page.status_code == 200 and court.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("command:reports"), {"court": court.pk, "month": "2026-11"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("command:report", args=[job.pk])
    assert (job.court, job.start, job.end, job.status) == (court, START, END, ReportStatus.PENDING)
    detail = client.get(reverse("command:report", args=[job.pk]))
    body = detail.content.decode()
    assert 'data-progress-url="' + reverse("command:report-progress", args=[job.pk]) in body
    assert "js/progress.js" in body and "<script>" not in body  # no inline script (CSP)
    assert client.get(reverse("command:report-progress", args=[job.pk])).json()["percent"] == 0
    assert client.get(reverse("command:report-pdf", args=[job.pk])).status_code == 404  # not ready


def test_form_errors_stand_next_to_their_fields(court, head, client_for):
    response = client_for(head).post(reverse("command:reports"), {"court": court.pk, "month": "2026-13"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["month"] and not ReportJob.objects.exists()
    assert 'class="field has-error"' in response.content.decode()
    response = client_for(head).post(
        reverse("command:reports"), {"court": court.pk, "start": "2026-11-01", "end": "2025-01-01"}
    )
    assert response.context["form"].errors["end"]
    response = client_for(head).post(reverse("command:reports"), {"court": court.pk})
    assert response.context["form"].errors["month"]


@pytest.fixture
def finished_job(court, head):
    return ReportJob.objects.create(court=court, requested_by=head, start=START, end=END)


def test_who_may_see_and_start(court, other_court, head, judge, clerk, supervisor, client_for, finished_job):
    url = reverse("command:reports")
    detail = reverse("command:report", args=[finished_job.pk])
    assert client_for(judge).get(url).status_code == 403
    assert client_for(clerk).get(detail).status_code == 403
    # a supervisor of the intermediate court reads the basic court's reports but cannot start one
    reader = client_for(supervisor)
    page = reader.get(url, {"court": court.pk})
    assert page.status_code == 200 and page.context["form"] is None
    assert reader.get(detail).status_code == 200
    assert reader.post(url, {"court": court.pk, "month": "2026-11"}).status_code == 403
    with pytest.raises(report_services.NotAllowed):
        report_start(actor=supervisor, court_id=court.pk, start=START, end=END)
    # the head of a sibling court: the report and the court do not exist for them
    stranger = make_member(Role.HEAD, court=other_court)
    other = client_for(stranger)
    assert other.get(detail).status_code == 404
    assert other.get(reverse("command:report-progress", args=[finished_job.pk])).status_code == 404
    assert other.get(url, {"court": court.pk}).status_code == 404
    assert other.get(url, {"court": "abc"}).status_code == 404
    response = other.post(url, {"court": court.pk, "month": "2026-11"})
    assert response.status_code == 200 and response.context["form"].errors["court"]
    assert ReportJob.objects.count() == 1
    # the head of a higher court reaches the basic court's report
    higher = make_member(Role.HEAD, court=Court.objects.get(pk=court.parent_id))
    assert client_for(higher).get(detail).status_code == 200


@pytest.mark.cjk_fonts
def test_supervisor_downloads_a_finished_report(
    data, court, head, supervisor, client_for, django_capture_on_commit_callbacks
):
    job = _built(head, court, capture=django_capture_on_commit_callbacks)
    client = client_for(supervisor)
    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml"), ("csv", "text/csv")):
        response = client.get(reverse(f"command:report-{fmt}", args=[job.pk]))
        assert response.status_code == 200 and kind in response["Content-Type"]
        assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/command/reports/{job.pk}/exe/").status_code == 404


# --- the API --------------------------------------------------------------------------------------
API = "/api/v1/command-reports/"


@pytest.mark.cjk_fonts
def test_api_create_retrieve_list_download(data, court, head, django_capture_on_commit_callbacks):
    client = api_as(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API, {"court": court.pk, "start": "2026-11-01", "end": "2026-11-30"}, format="json"
        )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    body = client.get(f"{API}{pk}/").json()
    assert (body["status"], body["percent"], body["total"], body["processed"]) == ("finished", 100, 4, 4)
    assert body["downloads"] == ["pdf", "xlsx", "csv"]
    listed = client.get(API, {"court": court.pk}).json()
    assert [r["id"] for r in listed["results"]] == [pk]
    download = client.get(f"{API}{pk}/download/", {"format": "xlsx"})
    assert download.status_code == 200 and "spreadsheetml" in download["Content-Type"]
    assert b"".join(client.get(f"{API}{pk}/download/").streaming_content)[:4] == b"%PDF"
    assert_error(client.get(f"{API}{pk}/download/", {"format": "exe"}), 400, "invalid", "format")


def test_api_refusals(court, other_court, head, judge, supervisor, finished_job):
    assert_error(api_as(head).post(API, {"court": court.pk}, format="json"), 400, "invalid", "start")
    assert_error(
        api_as(head).post(
            API, {"court": court.pk, "start": "2026-11-30", "end": "2026-11-01"}, format="json"
        ),
        400,
        "invalid",
        "end",
    )
    assert api_as(judge).get(API).status_code == 403
    assert api_as(judge).get(f"{API}{finished_job.pk}/").status_code == 403
    assert (
        api_as(supervisor)
        .post(API, {"court": court.pk, "start": "2026-11-01", "end": "2026-11-30"}, format="json")
        .status_code
        == 403
    )
    assert api_as(supervisor).get(f"{API}{finished_job.pk}/").status_code == 200
    stranger = make_member(Role.HEAD, court=other_court)
    assert_error(api_as(stranger).get(f"{API}{finished_job.pk}/"), 404, "not_found")
    assert_error(
        api_as(stranger).post(
            API, {"court": court.pk, "start": "2026-11-01", "end": "2026-11-30"}, format="json"
        ),
        404,
        "not_found",
    )
    assert api_as(stranger).get(API, {"court": court.pk}).status_code == 404
    assert api_as(head).get(f"{API}abc/").status_code == 404
    assert api_as(head).get(f"{API}99999999999999999999/").status_code == 404
    assert api_as(head).get(f"{API}{finished_job.pk}/download/").status_code == 404  # not ready
    assert ReportJob.objects.count() == 1


@pytest.mark.redis
@pytest.mark.cjk_fonts
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_once(celery_worker_on_redis, file_case, court, head, client_for):
    """Through Redis: the outbox sends the job after the commit, a second copy is sent on top; the job
    is built once and the progress endpoint reports 100%."""
    from command.tasks import command_build_report_task

    case = file_case()
    _set(case, filed_on=D(2026, 11, 5))
    job = report_start(actor=head, court_id=court.pk, start=START, end=END)  # committed: sent
    result = command_build_report_task.delay(job.pk).get(timeout=120)
    assert result == {"status": "finished", "total": 1, "processed": 1}
    job.refresh_from_db()
    finished_at = job.finished_at
    assert job.pdf.read()[:4] == b"%PDF"
    progress = client_for(head).get(reverse("command:report-progress", args=[job.pk])).json()
    assert (progress["processed"], progress["total"], progress["percent"], progress["finished"]) == (
        1,
        1,
        100,
        True,
    )
    assert ReportJob.objects.get(pk=job.pk).finished_at == finished_at  # the second copy built nothing


@pytest.fixture
def more(file_case, clerk, judge, other_clerk, court, other_court, bank, other_bank):
    """tests/command/test_more_figures.py's hand-built set: money, measures, notices, sanctions, aid."""
    from tests.command.test_more_figures import build

    return build(file_case, clerk, judge, other_clerk, court, other_court, bank, other_bank)


def test_report_has_the_figures_other_apps_record(more, court, clock):
    totals = reports.report_content(court, START, END)["totals"]
    # the hand-counted figures of test_more_figures.test_each_figure_by_hand
    assert (totals["in_place"], totals["owed_closed"], totals["in_place_rate"]) == (
        Decimal("75000.00"),
        Decimal("150000.00"),
        Decimal("0.5"),
    )
    assert (totals["measures_expiring"], totals["notices_overdue"], totals["payouts_overdue"]) == (
        3,
        1 + 2,
        1,
    )
    assert (totals["defaulters_listed"], totals["restrictions_in_force"]) == (1, 1)
    assert (totals["aid_budget"], totals["aid_granted"], totals["aid_use_rate"]) == (
        Decimal("100000.00"),
        Decimal("25000.00"),
        Decimal("0.25"),
    )


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_pdf_says_the_money_sanction_and_aid_figures(
    more, court, head, bank, other_bank, clock, django_capture_on_commit_callbacks
):
    from documents.rendering import pdf_text

    job = _built(head, court, capture=django_capture_on_commit_callbacks)
    assert job.status == ReportStatus.FINISHED, job.error
    text = re.sub(r"\s+", "", pdf_text(job.pdf.read()))
    for expected in (
        "二、执行到位及案款、惩戒、救助情况",
        "结案标的额（元）150000.00",
        "执行到位金额（元）75000.00",
        "执行到位率50.0%",
        "30日内到期的查封冻结扣押措施（截至2026年12月1日）3",
        "协助执行通知书逾期未回复（截至2026年12月1日）3",
        "超期未发放案款的案件（截至2026年12月1日）1",
        "超期未发放案款金额（元）300.00",
        "在库失信被执行人名单（截至2026年12月1日）1",
        "生效限制消费令（截至2026年12月1日）1",
        "司法救助资金额度（元）100000.00",
        "本期批准救助金额（元）25000.00",
        "本期发放救助金额（元）15000.00",
        f"{bank.name}2",
        f"{other_bank.name}1",
    ):
        assert expected in text, expected
    # the last row of the table: pdftotext may set the next table's first cell between its cells
    assert re.search(r"救助资金使用率(协助单位)?25\.0%", text)
