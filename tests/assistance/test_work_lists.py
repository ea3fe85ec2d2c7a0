"""The home page's work lists that assistance and assets register: an agency's answer waits for the
clerk to register and the judge to review until the notice is closed; a liaison officer sees what is
due today and overdue, each a link to the notice; a judge sees the control measures that expire
within the warning window. Each counter links to the case list filtered to the same cases."""

import datetime as dt

import pytest

from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_answer, notice_close, notice_draft
from cases.models import Case
from tests.cases.test_case_page_steps import todo
from tests.clock import TODAY
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]


@pytest.fixture
def bank_notice(file_case, judge, bank):
    case = file_case()
    respondent = case.parties.filter(role="respondent", kind="person").get()
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=respondent.pk,
    ).notice
    return case, notice


def test_answers_wait_for_registration_until_the_notice_is_closed(
    client_for, clerk, judge, bank, liaison, bank_notice
):
    case, notice = bank_notice
    assert todo(client_for(clerk))["待登记的协助单位答复"]["count"] == 0
    notice_answer(agency=bank, notice_id=notice.pk, actor=liaison, result="done", data={"items": []})
    for user, label in ((clerk, "待登记的协助单位答复"), (judge, "待审查的协助单位答复")):
        item = todo(client_for(user))[label]
        assert item["count"] == 1 and item["url"] == "/cases/?mine=on&only=answers_waiting"
        assert item["entries"][0][0] == f"/cases/{case.pk}/assistance/"
        rows = client_for(user).get(item["url"]).context["rows"]
        assert [r["case"].pk for r in rows] == [case.pk]
    notice_close(actor=judge, notice_id=notice.pk, note="无财产")
    assert todo(client_for(clerk))["待登记的协助单位答复"]["count"] == 0
    assert todo(client_for(judge))["待审查的协助单位答复"]["entries"] == []


def test_liaison_sees_due_today_and_overdue_with_links(client_for, liaison, bank, bank_notice):
    _case, notice = bank_notice
    Notice.objects.filter(pk=notice.pk).update(due_on=TODAY)
    items = todo(client_for(liaison))
    assert items["今日应答复"]["count"] == 1
    assert items["今日应答复"]["entries"][0][0] == f"/liaison/notices/{notice.pk}/"
    assert items["已逾期"]["count"] == 0
    notice_answer(agency=bank, notice_id=notice.pk, actor=liaison, result="done", data={"items": []})
    assert todo(client_for(liaison))["今日应答复"]["count"] == 0
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.ANSWERED


def test_measures_expiring_within_the_window(client_for, judge, file_case):
    case = file_case()
    asset = AssetFactory(case=case)
    soon = ControlMeasureFactory(
        asset=asset, started_on=TODAY - dt.timedelta(days=300), expires_on=TODAY + dt.timedelta(days=10)
    )
    ControlMeasureFactory(asset=AssetFactory(case=case), expires_on=TODAY + dt.timedelta(days=90))
    item = todo(client_for(judge))["30日内到期的控制措施"]
    assert item["count"] == 1 and item["entries"][0][0] == f"/cases/{case.pk}/"
    assert "2026年12月11日到期" in item["entries"][0][1]
    assert [r["case"].pk for r in client_for(judge).get(item["url"]).context["rows"]] == [case.pk]
    # renewed or lifted, the measure is no longer in effect: the item goes (status set directly: the
    # lifting itself is the assistance notice's business, tested there)
    type(soon).objects.filter(pk=soon.pk).update(status="lifted")
    assert todo(client_for(judge))["30日内到期的控制措施"]["count"] == 0
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_case_without_a_query_reaches_its_judge_after_the_first_week(
    client_for, clock, judge, head, bank, file_case
):
    """assistance.rules FIRST_QUERY_DAYS (7): filed on day D, the first query is due by D + 7; the
    case is listed from D + 8 until a query notice goes out."""
    case = file_case()
    label = "立案7日后仍未网络查控"
    clock.move_to(dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(10)))
    assert todo(client_for(judge))[label]["count"] == 0
    clock.move_to(dt.datetime.combine(TODAY + dt.timedelta(days=8), dt.time(10)))
    item = todo(client_for(judge))[label]
    assert item["count"] == 1 and item["url"] == "/cases/?mine=on&only=no_query_yet"
    assert item["entries"][0][0] == f"/assistance/network-queries/new/?cases={case.pk}"
    listed = client_for(judge).get(item["url"]).context
    assert [r["case"].pk for r in listed["rows"]] == [case.pk]
    assert listed["page"].paginator.ids_first  # the page's ids from the indexes (ListFilter.ids_first)
    assert label not in todo(client_for(head))  # the judge's own list
    notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent", kind="person").get().pk,
    )
    assert todo(client_for(judge))[label]["count"] == 0


def test_the_overdue_notices_counter_opens_the_cases_behind_it(client_for, judge, bank_notice, file_case):
    case, notice = bank_notice
    file_case()  # a case with nothing overdue
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.OVERDUE)
    item = todo(client_for(judge))["协助单位逾期未答复"]
    assert item["count"] == 1 and item["url"] == "/cases/?mine=on&only=notices_overdue"
    rows = client_for(judge).get(item["url"]).context["rows"]
    assert [r["case"].pk for r in rows] == [case.pk]
