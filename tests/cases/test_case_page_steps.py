"""What the case page and the list tell a court user to do: 中止 shows the paused clock, a pending
request shows 审批中 (and its action is not offered twice), actions are grouped by stage with the
next statutory step first, buttons say what they do, the record is newest first, by day and by
kind, and the work lists of the home page: each item appears when due and goes when done."""

import datetime as dt
import re

import pytest

from cases.models import Case
from cases.services import approval_decide, case_act
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.clock import TODAY
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def page(client, case, query=""):
    response = client.get(f"/cases/{case.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def list_row(client, case):
    html = client.get("/cases/").content.decode()
    match = re.search(r"<tr>(?:(?!</tr>).)*?" + re.escape(case.number) + r".*?</tr>", html, re.S)
    assert match, case.number
    return match.group(0)


def todo(client) -> dict:
    html = client.get("/").content.decode()
    section = re.search(r'<section class="card" id="todo">.*?</section>', html, re.S)
    if section is None:
        return {}
    groups = re.findall(
        r'<div class="todo-group">(.*?)</div>\s*(?=<div class="todo-group">|</div>)', section.group(0), re.S
    )
    out = {}
    for group in groups:
        link = re.search(
            r'href="([^"]*)"><span class="todo-count">(\d+)</span><span class="todo-label">([^<]+)</span>',
            group,
        )
        entries = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', group)
        out[link.group(3)] = {
            "count": int(link.group(2)),
            "url": link.group(1).replace("&amp;", "&"),
            "entries": entries,
        }
    return out


def test_pending_request_shows_awaiting_approval_and_is_not_offered_again(client_for, judge, head, file_case):
    case = file_case()
    client = client_for(judge)
    assert 'data-action="suspend"' in page(client, case)
    case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明")
    html = page(client, case)
    assert 'id="case-awaiting"' in html and "审批中" in html.split('id="case-awaiting"')[1][:80]
    assert 'data-action="suspend"' not in html.split('id="actions"')[1]  # proposed already
    assert 'class="tag awaiting">审批中</span>' in list_row(client, case)
    assert [r["case"].pk for r in client.get("/cases/?awaiting=on").context["rows"]] == [case.pk]
    approval_decide(actor=head, approval_id=case.approvals.get().pk, approve=True)
    html = page(client, case)
    assert 'id="case-awaiting"' not in html and "审批中" not in list_row(client, case)


def test_suspended_case_shows_the_paused_clock_not_a_countdown(client_for, judge, head, file_case):
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由")
    approval_decide(actor=head, approval_id=case.approvals.get().pk, approve=True)
    case.refresh_from_db()
    client = client_for(judge)
    row = list_row(client, case)
    assert 'class="days days-paused">中止：期限暂停计算' in row and "days-ok" not in row
    html = page(client, case)
    head_card = html.split('<div class="grid-3 cards">')[0]
    assert "days-ok" not in head_card and 'class="next-step paused"' in head_card
    assert "自2026年12月1日起中止执行" in head_card


def test_actions_grouped_by_stage_with_the_next_step_first(client_for, judge, clerk, file_case):
    case = file_case()
    html = page(client_for(judge), case)
    step = html.index('id="next-step"')
    assert step < html.index('id="actions"')
    next_step = html[step : html.index("</p>", step)]
    due = case.notice_due
    assert "发出执行通知书" in next_step and f"{due.year}年{due.month}月{due.day}日" in next_step
    actions = html.split('id="actions"')[1].split('<details class="blocked-actions"')[0]
    stages = re.findall(r'data-stage="([a-z]*)">\s*<h3>([^<]+)</h3>', actions)
    assert stages[0] == ("filing", "立案")
    assert ("closing", "结案") in stages
    assert stages.index(("filing", "立案")) < stages.index(("closing", "结案"))
    assert 'data-stage="filing"' in actions.split('data-action="investigate"')[0]
    # every button says what it does
    buttons = re.findall(
        r"<button[^>]*>([^<]+)</button>", html.split('id="actions"')[1].split("</section>")[0]
    )
    assert buttons and all(b.strip() not in ("执行", "提请审批") for b in buttons)
    # a clerk is not offered what only a judge or the head may propose
    clerk_actions = page(client_for(clerk), case).split('id="actions"')[1].split("</section>")[0]
    for judge_only in ("dispose", "end_round", "terminate", "extend", "conclude"):
        assert f'data-action="{judge_only}"' not in clerk_actions
    assert 'data-action="investigate"' in clerk_actions


def test_timeline_newest_first_by_day_and_by_kind(client_for, judge, head, file_case, clock):
    case = file_case()
    clock.shift(dt.timedelta(days=1))
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)  # the same instant: by id
    html = page(client_for(judge), case).split('id="timeline"')[1]
    actions = re.findall(r'<li data-action="([^"]+)"', html)
    assert actions[:4] == ["approval.approved", "case.suspend", "approval.proposed", "case.investigate"]
    assert actions[-1] == "case.filed"
    days = re.findall(r'<h3 class="timeline-day"><time datetime="([\d-]+)">', html)
    assert days == [(TODAY + dt.timedelta(days=1)).isoformat(), TODAY.isoformat()]
    filtered = page(client_for(judge), case, "?kind=approvals").split('id="timeline"')[1]
    assert set(re.findall(r'<li data-action="([^"]+)"', filtered)) == {
        "approval.approved",
        "approval.proposed",
    }
    # same instant, ids in the order written: newest first is by id descending
    ids = list(
        AuditEvent.objects.filter(action__in=["approval.proposed", "approval.approved"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert ids == ["approval.proposed", "approval.approved"]


def test_judge_work_list_notices_to_send_and_own_requests(client_for, judge, head, file_case):
    case = file_case()
    client = client_for(judge)
    items = todo(client)
    notices = items["待发执行通知书"]
    assert notices["count"] == 1 and notices["url"] == "/cases/?mine=on&only=notice_pending"
    assert notices["entries"][0][0] == f"/cases/{case.pk}/#next-step"
    assert [r["case"].pk for r in client.get(notices["url"]).context["rows"]] == [case.pk]
    assert items["我提请的待审批事项"]["count"] == 0
    case_act(actor=judge, case_id=case.pk, action_key="extend", reason="案情复杂", payload={"months": 3})
    mine = todo(client_for(judge))["我提请的待审批事项"]
    assert mine["count"] == 1 and mine["entries"][0][0] == f"/cases/{case.pk}/#pending-approvals"
    head_items = todo(client_for(head))["待我审批"]
    assert head_items["count"] == 1 and case.number in head_items["entries"][0][1]
    approval_decide(actor=head, approval_id=case.approvals.get().pk, approve=True)
    assert todo(client_for(judge))["我提请的待审批事项"]["count"] == 0
    assert todo(client_for(head))["待我审批"]["count"] == 0
    # served (documents.serving records it on the case): the item goes
    Case.objects.filter(pk=case.pk).update(notice_served_on=TODAY)
    notices = todo(client_for(judge))["待发执行通知书"]
    assert notices["count"] == 0 and notices["entries"] == []


def test_head_work_list_overdue_cases_link_to_each(client_for, head, file_case):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(deadline=TODAY - dt.timedelta(days=2))
    overdue = todo(client_for(head))["已超期"]
    assert overdue["count"] == 1 and overdue["url"] == "/cases/?due=overdue"
    assert overdue["entries"][0][0] == f"/cases/{case.pk}/"


def test_batch_assign_judge_from_the_list(client_for, head, judge, clerk, court, file_case):
    first, second, third = file_case(), file_case(), file_case()
    other_judge = make_member(Role.JUDGE, court=court, name="周法官")
    client = client_for(head)
    html = client.get("/cases/").content.decode()
    assert 'formaction="/cases/assign/"' in html and f'name="cases" value="{first.pk}"' in html
    form = client.get(f"/cases/assign/?cases={first.pk}&cases={second.pk}").content.decode()
    assert first.number in form and second.number in form and third.number not in form
    response = client.post(
        "/cases/assign/", {"cases": [first.pk, second.pk], "judge": other_judge.pk, "reason": "分案调整"}
    )
    assert response.status_code == 302
    assert set(Case.objects.filter(judge=other_judge).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Case.objects.get(pk=third.pk).judge == judge
    assert AuditEvent.objects.filter(action="case.updated").count() == 2
    # the clerk has no such button and may not use the page
    assert 'formaction="/cases/assign/"' not in client_for(clerk).get("/cases/").content.decode()
    assert client_for(clerk).get(f"/cases/assign/?cases={first.pk}").status_code == 403


def test_list_selection_opens_the_existing_batch_pages_with_the_cases_ticked(client_for, judge, file_case):
    first, second = file_case(), file_case()
    client = client_for(judge)
    html = client.get("/cases/").content.decode()
    for url in ("/documents/batches/new/", "/assistance/network-queries/new/"):
        assert f'formaction="{url}"' in html
    documents = client.get(f"/documents/batches/new/?cases={first.pk}").content.decode()
    assert f'value="{first.pk}" id="case-{first.pk}" checked' in documents
    assert f'value="{second.pk}" id="case-{second.pk}" checked' not in documents
    query = client.get(f"/assistance/network-queries/new/?cases={second.pk}")
    assert [row["case"].pk for row in query.context["rows"]] == [second.pk]
    respondents = set(second.parties.filter(role="respondent").values_list("pk", flat=True))
    assert query.context["selected"] == respondents


def test_batch_assign_through_the_api_is_all_or_nothing(
    client_for, head, judge, court, file_case, other_clerk, other_court
):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    first, second = file_case(), file_case()
    theirs = case_file(actor=other_clerk, data=filing_input(make_member(Role.JUDGE, court=other_court)))
    other_judge = make_member(Role.JUDGE, court=court, name="周法官")
    client = client_for(head)
    url = "/api/v1/cases/assign-judge/"
    response = client.post(
        url, {"cases": [first.pk, theirs.pk], "judge": other_judge.pk}, content_type="application/json"
    )
    assert response.status_code == 404  # another court's case: nothing changes
    assert not Case.objects.filter(judge=other_judge).exists()
    response = client.post(
        url,
        {"cases": [first.pk, second.pk], "judge": other_judge.pk, "reason": "分案"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"cases": [first.pk, second.pk]}
    assert Case.objects.filter(judge=other_judge).count() == 2
    refused = client_for(judge).post(
        url, {"cases": [first.pk], "judge": judge.pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert Case.objects.get(pk=first.pk).judge == other_judge
