"""终本后定期查询 (终本规定 2016 art. 9 para. 2): the network query of a case in 终本 runs again every six
months for five years after the ruling, once per half-year however often the daily task runs; the
result is told; property found flags the case on the list and the judge's work list."""

import datetime as dt

import pytest

from assistance.choices import NoticeStatus
from assistance.models import EndRoundRequery, NetworkQuery, Notice
from assistance.requery import (
    end_round_requery_sweep,
    next_requery_due,
    requery_due_on,
    requery_period_due,
    requery_start,
)
from assistance.services import network_query_run, notice_answer
from cases.choices import CaseState
from cases.models import Case
from enforcement.choices import AgencyKind
from enforcement.models import Notification, PendingTask
from enforcement.registry import periodic_tasks
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.cases.test_case_page_steps import todo
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

ENDED = TODAY  # 2026-12-01: the 终本 ruling


@pytest.fixture
def ended(file_case, agencies):
    """A case whose current round was terminated today (its checklist is tested in tests/cases)."""
    case = file_case()
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND, closed_on=ENDED)
    case.refresh_from_db()
    return case


def run_query(requery):
    """The network query's task (its outbox row waits for a commit the test transaction never makes)."""
    network_query_run(query_id=requery.network_query_id)


def answer_all(case, requery, *, found_at=None):
    for notice in Notice.objects.filter(case=case, network_query_id=requery.network_query_id).select_related(
        "agency"
    ):
        items = []
        if notice.agency == found_at and notice.respondent.kind == "person":
            items = [{"identifier": "6222000011112222", "value": "52000.00"}]
        notice_answer(
            agency=notice.agency,
            notice_id=notice.pk,
            result="done",
            data={"items": items},
            actor_name="联络员",
        )


# --- the schedule: pure day arithmetic ------------------------------------------------------------------
def test_the_first_re_query_is_due_on_the_day_six_months_after_the_ruling_not_the_day_before():
    assert requery_due_on(ENDED, 1) == dt.date(2027, 6, 1)
    assert requery_period_due(ENDED, dt.date(2027, 5, 31)) is None
    assert requery_period_due(ENDED, dt.date(2027, 6, 1)) == 1
    assert requery_period_due(ENDED, dt.date(2027, 11, 30)) == 1
    assert requery_period_due(ENDED, dt.date(2027, 12, 1)) == 2


def test_month_ends_keep_to_the_last_day_of_a_shorter_month():
    assert requery_due_on(dt.date(2026, 8, 31), 1) == dt.date(2027, 2, 28)
    assert requery_period_due(dt.date(2026, 8, 31), dt.date(2027, 2, 27)) is None
    assert requery_period_due(dt.date(2026, 8, 31), dt.date(2027, 2, 28)) == 1


def test_the_last_re_query_is_due_five_years_after_the_ruling_and_none_after_its_half_year():
    assert requery_due_on(ENDED, 10) == dt.date(2031, 12, 1)
    assert requery_period_due(ENDED, dt.date(2031, 11, 30)) == 9
    assert requery_period_due(ENDED, dt.date(2031, 12, 1)) == 10
    assert requery_period_due(ENDED, dt.date(2032, 5, 31)) == 10
    assert requery_period_due(ENDED, dt.date(2032, 6, 1)) is None


def test_the_sweep_is_a_daily_beat_job():
    job = periodic_tasks.get("end-round-requery")
    assert job is not None and job.task == "assistance.end_round_requery_sweep"
    from assistance.tasks import end_round_requery_sweep_task

    assert end_round_requery_sweep_task.name == job.task


# --- the sweep across the clock ---------------------------------------------------------------------------
def test_not_due_the_day_before_six_months_and_started_on_the_day(clock, ended, judge):
    clock.move_to(dt.date(2027, 5, 31))
    mark = last_event_id()
    assert end_round_requery_sweep() == {"started": 0, "told": 0}
    assert not EndRoundRequery.objects.exists() and not NetworkQuery.objects.exists()
    assert actions_since(mark) == []
    assert next_requery_due(ended) == dt.date(2027, 6, 1)

    clock.move_to(dt.date(2027, 6, 1))
    assert end_round_requery_sweep() == {"started": 1, "told": 0}
    requery = EndRoundRequery.objects.get()
    assert (requery.case_id, requery.period, requery.due_on) == (ended.pk, 1, dt.date(2027, 6, 1))
    query = requery.network_query
    assert query.requested_by == judge  # in the name of the judge in charge
    respondents = set(ended.parties.filter(role="respondent").values_list("pk", flat=True))
    assert set(query.respondent_ids) == respondents
    event = the_event("end_round_requery.started", on=ended, subject=requery)
    assert event.actor is None and "终本后第1次定期网络查控（共10次" in event.summary
    told = Notification.objects.filter(kind="end_round_requery.started")
    assert {n.recipient_id for n in told} == {ended.judge_id, ended.clerk_id}
    assert next_requery_due(ended) == dt.date(2027, 12, 1)


def test_the_task_run_twice_starts_the_half_years_query_once(clock, ended):
    clock.move_to(dt.date(2027, 6, 1))
    assert end_round_requery_sweep()["started"] == 1
    assert end_round_requery_sweep()["started"] == 0  # the same day again
    clock.move_to(dt.date(2027, 6, 2))
    run_query(EndRoundRequery.objects.get())
    assert end_round_requery_sweep()["started"] == 0  # the next day, the query finished
    requery = EndRoundRequery.objects.get()
    assert NetworkQuery.objects.count() == 1
    assert PendingTask.objects.filter(key__startswith="assistance.network_query_run:").count() == 1
    assert actions_of(requery) == ["end_round_requery.started"]
    assert requery_start(case_id=ended.pk, period=1) is None  # the service itself, called again
    assert EndRoundRequery.objects.count() == 1


def test_ten_re_queries_over_five_years_then_none(clock, ended):
    for period in range(1, 11):
        clock.move_to(requery_due_on(ENDED, period))
        assert end_round_requery_sweep()["started"] == 1, period
        run_query(EndRoundRequery.objects.get(case=ended, period=period))
    assert list(EndRoundRequery.objects.values_list("period", flat=True)) == list(range(1, 11))
    assert EndRoundRequery.objects.get(period=10).due_on == dt.date(2031, 12, 1)
    for day in (dt.date(2031, 12, 2), dt.date(2032, 6, 1), dt.date(2033, 12, 1)):
        clock.move_to(day)
        assert end_round_requery_sweep()["started"] == 0
    assert EndRoundRequery.objects.count() == 10
    assert next_requery_due(ended) is None


def test_a_resumed_or_reopened_case_is_not_re_queried(clock, ended, file_case, judge):
    from cases.resumption import case_resume_open

    resumed, reopened = file_case(), file_case()
    Case.objects.filter(pk__in=[resumed.pk, reopened.pk]).update(
        state=CaseState.TERMINATED_ROUND, closed_on=ENDED
    )
    resumed.refresh_from_db()
    case_resume_open(actor=judge, original=resumed)  # the 终本 case stays as it was, linked to the 执恢
    Case.objects.filter(pk=reopened.pk).update(state=CaseState.INVESTIGATING)  # no longer in 终本
    clock.move_to(dt.date(2027, 6, 1))
    assert end_round_requery_sweep()["started"] == 1
    assert list(EndRoundRequery.objects.values_list("case_id", flat=True)) == [ended.pk]
    assert requery_start(case_id=resumed.pk, period=1) is None
    assert requery_start(case_id=reopened.pk, period=1) is None


def test_a_query_still_running_makes_the_half_year_wait_a_day(clock, ended):
    clock.move_to(dt.date(2027, 6, 1))
    end_round_requery_sweep()  # period 1, its query left pending
    clock.move_to(dt.date(2027, 12, 1))
    assert end_round_requery_sweep()["started"] == 0  # the respondents' query has not finished
    assert EndRoundRequery.objects.count() == 1
    run_query(EndRoundRequery.objects.get())
    assert end_round_requery_sweep()["started"] == 1
    assert EndRoundRequery.objects.filter(period=2).exists()


# --- the result and the flag ------------------------------------------------------------------------------
def test_property_found_is_told_once_and_flags_the_case_on_the_list_and_work_list(
    clock, client_for, ended, judge, head, agencies
):
    clock.move_to(dt.date(2027, 6, 1))
    end_round_requery_sweep()
    requery = EndRoundRequery.objects.get()
    run_query(requery)
    judges_list = client_for(judge).get("/cases/?only=requery_found")
    assert [r["case"].pk for r in judges_list.context["rows"]] == []
    answer_all(ended, requery, found_at=agencies[AgencyKind.BANK])
    assert not Notice.objects.filter(case=ended, status__in=NoticeStatus.awaiting_answer()).exists()

    # flagged as soon as the answer found property
    rows = client_for(judge).get("/cases/?only=requery_found").context["rows"]
    assert [r["case"].pk for r in rows] == [ended.pk]
    item = todo(client_for(judge))["终本案件发现财产，可恢复执行"]
    assert item["count"] == 1 and item["url"] == "/cases/?mine=on&only=requery_found"
    assert item["entries"][0][0] == f"/cases/{ended.pk}/#actions"
    assert todo(client_for(head))["终本案件发现财产，可恢复执行"]["count"] == 1

    assert end_round_requery_sweep() == {"started": 0, "told": 1}
    assert end_round_requery_sweep() == {"started": 0, "told": 0}  # told once
    requery.refresh_from_db()
    assert requery.assets_found == 1 and requery.result_told_at is not None
    result = the_event("end_round_requery.result", on=ended, subject=requery)
    assert "发现财产1项，可恢复执行" in result.summary
    from cases.selectors import case_timeline

    notices_kind = set(case_timeline(ended, kind="notices").values_list("action", flat=True))
    assert {"end_round_requery.started", "end_round_requery.result"} <= notices_kind
    told = Notification.objects.filter(kind="end_round_requery.result")
    assert {n.recipient_id for n in told} == {ended.judge_id, ended.clerk_id}
    assert all("发现财产" in n.title for n in told)

    # once resumed the flag is gone
    from cases.resumption import case_resume_open

    case_resume_open(actor=judge, original=ended)
    assert client_for(judge).get("/cases/?only=requery_found").context["rows"] == []
    assert todo(client_for(judge))["终本案件发现财产，可恢复执行"]["count"] == 0


def test_nothing_found_is_told_and_does_not_flag(clock, client_for, ended, judge):
    clock.move_to(dt.date(2027, 6, 1))
    end_round_requery_sweep()
    requery = EndRoundRequery.objects.get()
    run_query(requery)
    assert end_round_requery_sweep()["told"] == 0  # the agencies have not answered yet
    answer_all(ended, requery)
    assert end_round_requery_sweep()["told"] == 1
    result = the_event("end_round_requery.result", on=ended, subject=requery)
    assert "未发现可供执行的财产" in result.summary
    assert [r["case"].pk for r in client_for(judge).get("/cases/?only=requery_found").context["rows"]] == []
    assert todo(client_for(judge))["终本案件发现财产，可恢复执行"]["count"] == 0


def test_property_found_by_an_ordinary_query_before_the_ruling_does_not_flag(clock, client_for, ended, judge):
    """Only what a re-query found counts: the flag says the re-query found something new."""
    from tests.factories import AssetFactory

    AssetFactory(case=ended)
    assert [r["case"].pk for r in client_for(judge).get("/cases/?only=requery_found").context["rows"]] == []


def test_the_case_page_lists_each_half_years_query_its_result_and_the_next_one(
    clock, client_for, ended, judge, agencies, other_clerk
):
    page = client_for(judge).get(f"/cases/{ended.pk}/").content.decode()
    assert 'id="end-round-requery"' in page and "尚未进行定期查询" in page
    assert "2027年6月1日" in page  # the next query, also the case's next step
    clock.move_to(dt.date(2027, 6, 1))
    end_round_requery_sweep()
    requery = EndRoundRequery.objects.get()
    run_query(requery)
    answer_all(ended, requery, found_at=agencies[AgencyKind.BANK])
    end_round_requery_sweep()
    page = client_for(judge).get(f"/cases/{ended.pk}/").content.decode()
    assert "1 / 10" in page and "发现财产1项" in page
    assert "定期查询发现财产，可恢复执行。" in page
    assert f'href="/assistance/network-queries/{requery.network_query_id}/"' in page
    assert "2027年12月1日" in page
    # another court's staff do not see the case (nor its panel)
    assert client_for(other_clerk).get(f"/cases/{ended.pk}/").status_code == 404


def test_the_api_lists_a_cases_periodic_queries_and_hides_another_courts(clock, ended, judge, other_clerk):
    from tests.court_fixtures import api_as

    clock.move_to(dt.date(2027, 6, 1))
    end_round_requery_sweep()
    requery = EndRoundRequery.objects.get()
    listed = api_as(judge).get(f"/api/v1/end-round-requeries/?case={ended.pk}")
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [(r["id"], r["period"], r["due_on"], r["network_query"], r["told"]) for r in rows] == [
        (requery.pk, 1, "2027-06-01", requery.network_query_id, False)
    ]
    assert api_as(judge).get(f"/api/v1/end-round-requeries/{requery.pk}/").json()["case"]["id"] == ended.pk
    outsider = api_as(other_clerk)
    assert outsider.get(f"/api/v1/end-round-requeries/{requery.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/end-round-requeries/?case={ended.pk}").status_code == 404
    assert outsider.get("/api/v1/end-round-requeries/").json()["results"] == []
