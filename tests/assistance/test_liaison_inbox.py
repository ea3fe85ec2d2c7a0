"""The liaison officer's daily work in the portal: searching the inbox (case number, name, ID
fragment; never another agency's notice), signing for a notice as its own act (签收, once), an
answer only once confirmed, one term for a done answer everywhere, and the export of the pending
notices (XLSX and CSV, row for row the pending list, IDs masked)."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistance.choices import AnswerResult, NoticeStatus
from assistance.forms import RESULT_CHOICES
from assistance.models import Notice
from assistance.services import network_query_start
from cases.services import PartyInput
from cases.validators import mask_id
from enforcement.choices import AgencyKind
from enforcement.models import AuditEvent, Notification
from tests.assistance.test_liaison_portal import (  # noqa: F401  (fixtures shared with the portal's tests)
    INBOX,
    answer_url,
    bank_notice,
    case,
    detail_url,
    fresh,
    items_post,
    officer_client,
    other_bank_notice,
    page,
    person,
    query_notices,
)
from tests.cases.conftest import PERSON_ID_2
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db

OTHER_ID = "630102198503151233"


def sign_url(notice):
    return f"/liaison/notices/{notice.pk}/sign/"


@pytest.fixture
def second_notice(file_case, judge, agencies, django_capture_on_commit_callbacks):
    """The bank's query notice of another case, whose respondent is 赵六 (OTHER_ID)."""
    other = file_case(
        respondents=[PartyInput(role="respondent", kind="person", name="赵六", id_number=OTHER_ID)]
    )
    respondent = other.parties.get(role="respondent")
    with django_capture_on_commit_callbacks(execute=True):
        network_query_start(actor=judge, respondent_ids=[respondent.pk])
    return Notice.objects.get(respondent=respondent, agency=agencies[AgencyKind.BANK])


def listed(html) -> list[int]:
    """The notices the inbox lists, in order (one link per row's case number)."""
    return [int(pk) for pk in re.findall(r'<td class="nowrap"><a href="/liaison/notices/(\d+)/">', html)]


# --- search ----------------------------------------------------------------------------------------
def test_search_by_case_number_name_and_id_fragment(officer_client, bank_notice, second_notice, case):
    both = listed(page(officer_client.get(INBOX)))
    assert sorted(both) == sorted([bank_notice.pk, second_notice.pk])

    def hits(text, tab="pending"):
        return listed(page(officer_client.get(INBOX, {"q": text, "tab": tab})))

    assert hits(case.number) == [bank_notice.pk]  # the whole case number
    assert hits(second_notice.case.number) == [second_notice.pk]
    assert hits("李四") == [bank_notice.pk]  # a two-character name
    assert hits("赵") == [second_notice.pk]  # part of a name
    assert hits(PERSON_ID_2[6:14]) == [bank_notice.pk]  # eight digits of the ID number
    assert hits(OTHER_ID[-6:]) == [second_notice.pk]  # six characters: the least an ID is searched by
    assert hits(OTHER_ID[-6:].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})) == [
        second_notice.pk
    ]  # typed in full-width digits
    assert hits(OTHER_ID[-5:]) == []  # five characters are not an ID search
    assert hits("王五五") == [] and hits("（2099）") == []  # misses
    assert hits("李四", tab="all") == [bank_notice.pk]


def test_search_results_mask_the_id_number(officer_client, bank_notice):
    html = page(officer_client.get(INBOX, {"q": PERSON_ID_2[6:14]}))
    assert mask_id(PERSON_ID_2) in html
    assert PERSON_ID_2 not in html
    table = html[html.index('<table class="list notices">') : html.index("</table>")]
    assert mask_id(PERSON_ID_2) in table and PERSON_ID_2[6:14] not in table  # the row shows it masked


def test_search_never_finds_another_agencys_notice(officer_client, bank_notice, other_bank_notice, case):
    # the second bank has the same case and respondent: nothing typed reaches its notice
    for text in (case.number, "李四", PERSON_ID_2, PERSON_ID_2[-6:], "测试", "第二银行"):
        for tab in ("pending", "all"):
            found = listed(page(officer_client.get(INBOX, {"q": text, "tab": tab})))
            assert other_bank_notice.pk not in found, text


def test_a_miss_says_so(officer_client, bank_notice):
    html = page(officer_client.get(INBOX, {"q": "无此人"}))
    assert "没有与“无此人”相符的通知书" in html and listed(html) == []


# --- signing for a notice (签收) --------------------------------------------------------------------
def test_signing_is_one_explicit_post_once(officer_client, bank_notice, bank_officer):
    due_before = fresh(bank_notice).due_on
    officer_client.get(detail_url(bank_notice))
    assert fresh(bank_notice).received_at is None  # opening does not sign
    assert officer_client.get(sign_url(bank_notice)).status_code == 405  # a GET never signs

    response = officer_client.post(sign_url(bank_notice), follow=True)
    assert response.status_code == 200
    assert "已签收通知书" in page(response)
    notice = fresh(bank_notice)
    assert notice.status == NoticeStatus.RECEIVED and notice.received_at == NOW
    assert notice.due_on == due_before  # the answer period runs from sending, not from 签收
    event = AuditEvent.objects.get(action="notice.received")
    assert event.actor == bank_officer and event.data["notice_id"] == notice.pk
    assert f'action="{sign_url(notice)}"' not in page(response)  # no second button

    again = officer_client.post(sign_url(bank_notice), follow=True)
    assert "已签收，不能重复签收" in page(again)
    assert AuditEvent.objects.filter(action="notice.received").count() == 1
    assert fresh(bank_notice).received_at == NOW


def test_signing_another_agencys_notice_is_404(officer_client, other_bank_notice):
    assert officer_client.post(sign_url(other_bank_notice)).status_code == 404
    assert officer_client.post("/liaison/notices/987654321/sign/").status_code == 404
    assert fresh(other_bank_notice).received_at is None


def test_a_late_signature_leaves_the_notice_overdue(officer_client, bank_notice):
    Notice.objects.filter(pk=bank_notice.pk).update(
        status=NoticeStatus.OVERDUE, due_on=TODAY - dt.timedelta(days=2)
    )
    officer_client.post(sign_url(bank_notice))
    notice = fresh(bank_notice)
    assert notice.status == NoticeStatus.OVERDUE and notice.received_at == NOW


# --- confirming the answer -------------------------------------------------------------------------
def test_an_answer_without_confirmation_is_refused_by_the_server(officer_client, bank_notice):
    response = officer_client.post(answer_url(bank_notice), items_post([], confirm=False))
    assert response.status_code == 200
    html = page(response)
    assert "请确认答复：答复提交后不能修改或撤回" in html
    assert fresh(bank_notice).status in NoticeStatus.awaiting_answer()
    assert not AuditEvent.objects.filter(action="notice.answered").exists()
    response = officer_client.post(answer_url(bank_notice), items_post([]))
    assert response.status_code == 302
    assert fresh(bank_notice).status == NoticeStatus.ANSWERED


def test_the_form_shows_the_confirm_box(officer_client, bank_notice):
    html = page(officer_client.get(detail_url(bank_notice)))
    assert 'name="confirm"' in html and "答复提交后不能修改或撤回" in html


# --- one term for a done answer --------------------------------------------------------------------
def test_a_done_answer_is_called_the_same_everywhere(officer_client, bank_notice, judge, client):
    term = "已协助执行"
    assert str(AnswerResult.DONE.label) == term
    assert dict(RESULT_CHOICES)[AnswerResult.DONE] == AnswerResult.DONE.label  # the form's choice
    assert term in page(officer_client.get(detail_url(bank_notice)))  # the form
    officer_client.post(answer_url(bank_notice), items_post([]))
    assert term in page(officer_client.get(detail_url(bank_notice)))  # the recorded answer
    event = AuditEvent.objects.get(action="notice.answered")  # the timeline
    assert term in event.summary
    notice = fresh(bank_notice)
    assert notice.get_result_display() == term  # the API's result_display
    assert term in Notification.objects.get(recipient=judge, kind="notice.done").title  # the message
    client.force_login(judge)
    assert term in page(client.get(f"/cases/{notice.case_id}/assistance/"))  # the court's table


# --- export ---------------------------------------------------------------------------------------
def _export(officer_client, fmt, **params):
    response = officer_client.get(f"/liaison/export.{fmt}", params)
    assert response.status_code == 200
    return response


def _xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows())
    assert cells and all(c.font.b for c in cells[0])  # the header row is bold
    return [[c.value for c in row] for row in cells]


def _csv_rows(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # UTF-8 with BOM
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_rows_are_the_pending_list_rows(officer_client, bank_notice, second_notice, other_bank_notice):
    officer_client.post(answer_url(second_notice), items_post([]))  # answered: not pending any more
    pending = listed(page(officer_client.get(INBOX)))
    assert pending == [bank_notice.pk]
    xlsx = _export(officer_client, "xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in xlsx["Content-Disposition"]
    csv_response = _export(officer_client, "csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    for rows in (_xlsx_rows(xlsx), _csv_rows(csv_response)):
        header, *body = rows
        assert header[:5] == ["案号", "法院", "协助事项", "被执行人", "证件号码"]
        numbers = [Notice.objects.get(pk=pk).case.number for pk in pending]
        assert [row[0] for row in body] == numbers
        assert body[0][3] == "李四" and body[0][4] == mask_id(PERSON_ID_2)
        assert body[0][-2] == "未签收" and body[0][-1] == "已送达"
        text = repr(rows)
        assert PERSON_ID_2 not in text and "第二银行" not in text


def test_export_follows_the_search_and_every_page(officer_client, bank_notice, second_notice):
    Notice.objects.bulk_create(
        [
            Notice(
                court=bank_notice.court,
                case=bank_notice.case,
                agency=bank_notice.agency,
                action=bank_notice.action,
                respondent=bank_notice.respondent,
                status=NoticeStatus.SENT,
                sent_at=bank_notice.sent_at,
                due_on=bank_notice.due_on,
                created_by=bank_notice.created_by,
            )
            for _ in range(25)
        ]
    )
    everything = _csv_rows(_export(officer_client, "csv"))
    assert len(everything) == 1 + 27  # past the first page of 20
    only_zhao = _csv_rows(_export(officer_client, "csv", q="赵六"))
    assert [row[3] for row in only_zhao[1:]] == ["赵六"]
    html = page(officer_client.get(INBOX, {"q": "赵六"}))
    assert "/liaison/export.csv?q=" in html


def test_export_is_for_liaison_officers_only(client, clerk, bank_notice):
    client.force_login(clerk)
    assert client.get("/liaison/export.csv").status_code == 403
    assert client.get("/liaison/export.xlsx").status_code == 403


def test_an_unknown_export_format_is_404(officer_client, bank_notice):
    assert officer_client.get("/liaison/export.pdf").status_code == 404


def test_a_value_a_spreadsheet_would_run_is_written_as_text(officer_client, bank_notice):
    bank_notice.respondent.__class__.objects.filter(pk=bank_notice.respondent_id).update(name="=HYPERLINK(1)")
    rows = _csv_rows(_export(officer_client, "csv"))
    assert rows[1][3] == "'=HYPERLINK(1)"
    sheet = openpyxl.load_workbook(io.BytesIO(_export(officer_client, "xlsx").content)).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s" and cell.quotePrefix  # text, not a formula


def test_a_search_costs_the_same_queries_whatever_it_finds(officer_client, bank_notice, second_notice):
    def count(text):
        officer_client.get(INBOX, {"q": text})  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(INBOX, {"q": text}).status_code == 200
        return len(ctx)

    assert count("李四") == count(PERSON_ID_2[-8:]) == count("（2026）")
