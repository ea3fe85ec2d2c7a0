"""The node list's node kinds on small hand-built data: each listed exactly from the day after its
limit (the day before and the day of: not listed), not listed once done, with its judge and the
link to where it is dealt with; filters by node and judge; one open reminder per case and node; a
query count that does not grow with the number of cases. The limits are read from the rule rows
the owning apps read (assistance.rules, money.rules, assets.rules), the dates here are worked out by
hand from them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assets import rules as asset_rules
from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance import rules as assistance_rules
from assistance.choices import NoticeStatus
from assistance.models import EndRoundRequery, Notice
from cases.choices import CaseState
from cases.models import Case
from cases.services import case_file
from enforcement.choices import Role
from enforcement.errors import Conflict
from money import rules as money_rules
from money.choices import ReceiptStatus
from money.models import CaseAccount, Receipt
from money.services import account_for
from supervision import selectors, services
from supervision.models import Node, SupervisionReminder
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.court_fixtures import api_as
from tests.factories import AssetFactory, ControlMeasureFactory, DraftNoticeFactory, make_member

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _rows(court, node, today=None):
    return [r for r in selectors.late_nodes(court.pk, today) if r["node"] == node]


def _listed(court, node, case):
    return [r for r in _rows(court, node) if r["case"].pk == case.pk]


@pytest.fixture
def filed(clerk, judge):
    def make(judge=judge):
        return case_file(actor=clerk, data=filing_input(judge))

    return make


# --- 1. no network query in the first week ------------------------------------------------------
def test_no_network_query_listed_from_the_day_after_the_first_week(filed, clock, court, judge):
    case = filed()
    days = assistance_rules.first_query_days(on=TODAY)  # 立案后七日内 (本系统设置)
    assert days == 7
    assert case.filed_on == TODAY  # filed 2026-12-01: the week ends 2026-12-08
    clock.move_to(dt.date(2026, 12, 7))
    assert _listed(court, Node.NETWORK_QUERY, case) == []
    clock.move_to(dt.date(2026, 12, 8))
    assert _listed(court, Node.NETWORK_QUERY, case) == []
    clock.move_to(dt.date(2026, 12, 9))
    (row,) = _listed(court, Node.NETWORK_QUERY, case)
    assert (row["due"], row["late_since"], row["days_late"]) == (
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 9),
        1,
    )
    assert row["judge"] == judge
    assert row["url"] == reverse("assistance:network-query-new") + f"?cases={case.pk}"


def test_a_query_notice_is_the_network_query_done(filed, clock, court):
    case = filed()
    DraftNoticeFactory(case=case, action="query")
    clock.move_to(dt.date(2026, 12, 20))
    assert _listed(court, Node.NETWORK_QUERY, case) == []


def test_no_network_query_of_a_case_no_longer_running(filed, clock, court):
    case = filed()
    Case.objects.filter(pk=case.pk).update(state=CaseState.SUSPENDED)
    clock.move_to(dt.date(2026, 12, 20))
    assert _listed(court, Node.NETWORK_QUERY, case) == []


# --- 2. agency answers not reviewed ---------------------------------------------------------------
def _answered(case, when):
    notice = DraftNoticeFactory(case=case, action="query")
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.ANSWERED, answered_at=when)
    return notice


def test_answer_waiting_listed_from_its_day_until_closed(filed, clock, court, judge):
    case = filed()
    clock.move_to(dt.date(2026, 12, 3))
    assert _listed(court, Node.ANSWERS_UNREVIEWED, case) == []  # sent, not answered yet
    notice = _answered(case, timezone.now())
    (row,) = _listed(court, Node.ANSWERS_UNREVIEWED, case)
    assert (row["late_since"], row["days_late"], row["judge"]) == (dt.date(2026, 12, 3), 1, judge)
    assert row["url"] == reverse("assistance:case", args=[case.pk]) + "#notices"
    clock.move_to(dt.date(2026, 12, 5))
    (row,) = _listed(court, Node.ANSWERS_UNREVIEWED, case)
    assert row["days_late"] == 3
    # the day before the answer came in, nothing was waiting
    assert [r for r in _rows(court, Node.ANSWERS_UNREVIEWED, dt.date(2026, 12, 2)) if r["case"] == case] == []
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.CLOSED, closed_at=timezone.now())
    assert _listed(court, Node.ANSWERS_UNREVIEWED, case) == []


def test_two_answers_waiting_one_row_from_the_first(filed, clock, court):
    case = filed()
    _answered(case, dt.datetime(2026, 12, 2, 9, 0, tzinfo=timezone.get_current_timezone()))
    _answered(case, dt.datetime(2026, 12, 4, 9, 0, tzinfo=timezone.get_current_timezone()))
    clock.move_to(dt.date(2026, 12, 5))
    (row,) = _listed(court, Node.ANSWERS_UNREVIEWED, case)
    assert row["late_since"] == dt.date(2026, 12, 2) and "2" in row["detail"]


# --- 3. money received and not paid out -----------------------------------------------------------
def _receipt(case, amount, received_on, status=ReceiptStatus.CONFIRMED):
    account = account_for(case)
    receipt = Receipt.objects.create(
        account=account,
        case=case,
        kind=Receipt._meta.get_field("kind").choices[0][0],
        amount=Decimal(amount),
        payer="某公司",
        received_on=received_on,
        status=status,
    )
    if status == ReceiptStatus.CONFIRMED:
        CaseAccount.objects.filter(pk=account.pk).update(
            confirmed_total=account.confirmed_total + Decimal(amount)
        )
    return receipt


def test_money_unpaid_listed_once_on_the_account_for_the_limit(filed, clock, court, judge):
    case = filed()
    limit = int(money_rules.rule(money_rules.PAYOUT_DAYS, on=TODAY).value)
    assert limit == 30
    _receipt(case, "1000.00", dt.date(2026, 12, 1))
    _receipt(case, "5.00", dt.date(2026, 12, 1), status=ReceiptStatus.RECORDED)  # not confirmed: not counted
    # the payout sweep flags it overdue once 30 days have passed since arrival: on 2026-12-31
    clock.move_to(dt.date(2026, 12, 29))
    assert _listed(court, Node.PAYOUT_OVERDUE, case) == []
    clock.move_to(dt.date(2026, 12, 30))
    assert _listed(court, Node.PAYOUT_OVERDUE, case) == []
    clock.move_to(dt.date(2026, 12, 31))
    (row,) = _listed(court, Node.PAYOUT_OVERDUE, case)
    assert (row["late_since"], row["days_late"], row["judge"]) == (dt.date(2026, 12, 31), 1, judge)
    assert "1,000.00" in row["detail"] and row["url"].endswith("#money")


def test_money_paid_out_first_in_first_out(filed, clock, court):
    case = filed()
    _receipt(case, "600.00", dt.date(2026, 12, 1))
    _receipt(case, "400.00", dt.date(2026, 12, 10))
    clock.move_to(dt.date(2027, 1, 5))  # the first is overdue since 12-31, the second not before 01-09
    CaseAccount.objects.filter(case=case).update(paid_total=Decimal("600.00"))  # the first one covered
    assert _listed(court, Node.PAYOUT_OVERDUE, case) == []
    clock.move_to(dt.date(2027, 1, 9))
    (row,) = _listed(court, Node.PAYOUT_OVERDUE, case)
    assert row["late_since"] == dt.date(2027, 1, 9) and "400.00" in row["detail"]
    CaseAccount.objects.filter(case=case).update(
        paid_total=Decimal("900.00"), refunded_total=Decimal("100.00")
    )
    assert _listed(court, Node.PAYOUT_OVERDUE, case) == []


def test_money_partly_paid_first_receipt_still_late(filed, clock, court):
    case = filed()
    _receipt(case, "600.00", dt.date(2026, 12, 1))
    CaseAccount.objects.filter(case=case).update(paid_total=Decimal("599.99"))
    clock.move_to(dt.date(2026, 12, 31))
    (row,) = _listed(court, Node.PAYOUT_OVERDUE, case)
    assert row["late_since"] == dt.date(2026, 12, 31)


# --- 4. a measure about to lapse ------------------------------------------------------------------
def test_measure_listed_within_the_expiry_warning_window(filed, clock, court, judge):
    case = filed()
    window = asset_rules.rule(asset_rules.MEASURE_WARNING_DAYS, on=TODAY).value[0]
    assert window == 30
    measure = ControlMeasureFactory(asset=AssetFactory(case=case), expires_on=dt.date(2027, 1, 31))
    # the window opens 30 days before the expiry: on 2027-01-01
    clock.move_to(dt.date(2026, 12, 31))
    assert _listed(court, Node.MEASURE_EXPIRING, case) == []
    clock.move_to(dt.date(2027, 1, 1))
    (row,) = _listed(court, Node.MEASURE_EXPIRING, case)
    assert (row["late_since"], row["days_late"], row["judge"]) == (dt.date(2027, 1, 1), 1, judge)
    assert row["url"] == reverse("assistance:case", args=[case.pk]) + f"#measure-{measure.pk}"
    clock.move_to(dt.date(2027, 1, 31))
    (row,) = _listed(court, Node.MEASURE_EXPIRING, case)
    assert row["days_late"] == 31
    clock.move_to(dt.date(2027, 1, 10))
    ControlMeasure.objects.filter(pk=measure.pk).update(status=MeasureStatus.RENEWED)
    assert _listed(court, Node.MEASURE_EXPIRING, case) == []


def test_the_soonest_measure_of_a_case_is_named(filed, clock, court):
    case = filed()
    ControlMeasureFactory(asset=AssetFactory(case=case), expires_on=dt.date(2027, 1, 20))
    soon = ControlMeasureFactory(asset=AssetFactory(case=case), expires_on=dt.date(2027, 1, 10))
    clock.move_to(dt.date(2027, 1, 5))
    (row,) = _listed(court, Node.MEASURE_EXPIRING, case)
    assert row["url"].endswith(f"#measure-{soon.pk}") and row["late_since"] == dt.date(2026, 12, 11)


# --- 5. a 终本 case's re-query missed ---------------------------------------------------------------
def _ended(case, closed_on):
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND, closed_on=closed_on)


def test_requery_missed_from_the_day_after_its_half_year_is_due(filed, clock, court, judge):
    case = filed()
    assert assistance_rules.requery_schedule(on=dt.date(2026, 5, 31)) == (6, 5)  # 终本规定 art. 9
    _ended(case, dt.date(2026, 5, 31))  # the first re-query is due 6 months later: 2026-11-30
    clock.move_to(dt.date(2026, 11, 29))
    assert _listed(court, Node.REQUERY_MISSED, case) == []
    clock.move_to(dt.date(2026, 11, 30))
    assert _listed(court, Node.REQUERY_MISSED, case) == []
    clock.move_to(dt.date(2026, 12, 1))
    (row,) = _listed(court, Node.REQUERY_MISSED, case)
    assert (row["due"], row["days_late"], row["judge"]) == (dt.date(2026, 11, 30), 1, judge)
    assert row["url"].endswith("#end-round-requery")
    EndRoundRequery.objects.create(case=case, period=1, due_on=dt.date(2026, 11, 30))
    assert _listed(court, Node.REQUERY_MISSED, case) == []
    clock.move_to(dt.date(2027, 6, 1))  # the second half-year (due 2027-05-31) was not run
    (row,) = _listed(court, Node.REQUERY_MISSED, case)
    assert row["due"] == dt.date(2027, 5, 31)


def test_requery_not_after_five_years_nor_when_resumed(filed, clock, court):
    case = filed()
    _ended(case, dt.date(2020, 12, 1))
    # the tenth and last re-query was due 2025-12-01; its half-year ran until 2026-06-01
    clock.move_to(dt.date(2026, 5, 31))
    (row,) = _listed(court, Node.REQUERY_MISSED, case)
    assert row["due"] == dt.date(2025, 12, 1)
    clock.move_to(dt.date(2026, 6, 1))
    assert _listed(court, Node.REQUERY_MISSED, case) == []
    other = filed()
    _ended(other, dt.date(2026, 5, 1))
    clock.move_to(dt.date(2026, 11, 5))
    assert len(_listed(court, Node.REQUERY_MISSED, other)) == 1
    resumed = filed()
    Case.objects.filter(pk=resumed.pk).update(resumed_from=other)
    assert _listed(court, Node.REQUERY_MISSED, other) == []


# --- the list: filters, judge, reminders ----------------------------------------------------------
def test_filters_by_node_and_judge(filed, clock, court, judge, head, client_for):
    mine = filed()
    second_judge = make_member(Role.JUDGE, court=court, username="judge2", name="王法官")
    theirs = filed(judge=second_judge)
    clock.move_to(dt.date(2026, 12, 20))  # both: no network query, execution notice not served
    rows = selectors.late_nodes(court.pk, node=Node.NETWORK_QUERY)
    assert {(r["case"].pk, r["node"]) for r in rows} == {
        (mine.pk, "network_query"),
        (theirs.pk, "network_query"),
    }
    rows = selectors.late_nodes(court.pk, judge_id=second_judge.pk)
    assert {r["case"].pk for r in rows} == {theirs.pk} and {r["judge"] for r in rows} == {second_judge}
    page = client_for(head).get(
        reverse("supervision:nodes"), {"node": "network_query", "judge": second_judge.pk}
    )
    html = page.content.decode()
    assert page.status_code == 200 and theirs.number in html and mine.number not in html
    row = html[html.index(f'<tr data-case="{theirs.pk}" data-node="network_query">') :]
    row = row[: row.index("</tr>")]
    assert "王法官" in row and theirs.number in row
    assert reverse("assistance:network-query-new") + f"?cases={theirs.pk}" in row
    # an unknown node or judge narrows nothing
    page = client_for(head).get(reverse("supervision:nodes"), {"node": "nonsense", "judge": "x"})
    assert mine.number in page.content.decode() and theirs.number in page.content.decode()


def test_one_open_reminder_per_case_and_node(filed, clock, court, head, judge):
    case = filed()
    clock.move_to(dt.date(2026, 12, 20))
    first = services.reminder_send(actor=head, case_id=case.pk, node=Node.NETWORK_QUERY)
    with pytest.raises(Conflict) as refused:
        services.reminder_send(actor=head, case_id=case.pk, node=Node.NETWORK_QUERY, note="again")
    assert refused.value.code == "reminder_open" and case.number in refused.value.message
    # another node of the same case is its own reminder
    services.reminder_send(actor=head, case_id=case.pk, node=Node.EXECUTION_NOTICE)
    assert SupervisionReminder.objects.count() == 2
    (row,) = [r for r in selectors.late_nodes(court.pk, node=Node.NETWORK_QUERY) if r["case"] == case]
    assert row["reminder"] == first
    services.reminder_act(actor=judge, reminder_id=first.pk)
    services.reminder_send(actor=head, case_id=case.pk, node=Node.NETWORK_QUERY)  # acted on: may send again
    assert SupervisionReminder.objects.filter(node=Node.NETWORK_QUERY).count() == 2


def test_a_second_reminder_refused_on_the_page_and_in_the_api(filed, clock, head, client_for):
    case = filed()
    clock.move_to(dt.date(2026, 12, 20))
    data = {"case": case.pk, "node": Node.MEASURE_EXPIRING}
    assert client_for(head).post(reverse("supervision:send"), data).status_code == 302
    page = client_for(head).post(reverse("supervision:send"), data, follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == reverse("supervision:nodes")
    shown = [str(m) for m in page.context["messages"]]
    assert case.number in shown[-1] and "2026年12月20日" in shown[-1]
    answer = api_as(head).post("/api/v1/supervision-reminders/", data, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "reminder_open"
    assert SupervisionReminder.objects.count() == 1


def _one_of_each(filed, case_judge):
    """A case late at each node on 2027-01-20 (and the execution notice of every running one)."""
    no_query = filed(judge=case_judge)
    answered = filed(judge=case_judge)
    _answered(answered, dt.datetime(2027, 1, 2, 9, 0, tzinfo=timezone.get_current_timezone()))
    unpaid = filed(judge=case_judge)
    DraftNoticeFactory(case=unpaid, action="query")
    _receipt(unpaid, "10.00", dt.date(2026, 12, 1))
    expiring = filed(judge=case_judge)
    ControlMeasureFactory(asset=AssetFactory(case=expiring), expires_on=dt.date(2027, 2, 1))
    ended = filed(judge=case_judge)
    _ended(ended, dt.date(2026, 7, 1))
    return no_query, answered, unpaid, expiring, ended


def test_every_kind_at_once_and_a_constant_query_count(filed, clock, court, head, judge, client_for):
    cases = _one_of_each(filed, judge)
    clock.move_to(dt.date(2027, 1, 20))
    client = client_for(head)
    client.get(reverse("supervision:nodes"))  # the session and the menus' first reads
    with CaptureQueriesContext(connection) as few:
        rows = selectors.late_nodes(court.pk)
    with CaptureQueriesContext(connection) as page_few:
        assert client.get(reverse("supervision:nodes")).status_code == 200
    kinds = {(r["case"].pk, r["node"]) for r in rows}
    for case, node in zip(cases, list(Node)[1:], strict=True):
        assert (case.pk, node.value) in kinds, node
    clock.move_to(TODAY)  # filed on the same day as the first ones
    for _ in range(3):
        _one_of_each(filed, judge)
    clock.move_to(dt.date(2027, 1, 20))
    services.reminder_send(actor=head, case_id=cases[0].pk, node=Node.NETWORK_QUERY)
    with CaptureQueriesContext(connection) as many:
        more = selectors.late_nodes(court.pk)
    with CaptureQueriesContext(connection) as page_many:
        page = client.get(reverse("supervision:nodes"))
    assert len(more) == 4 * len(rows)
    assert len(many) == len(few)
    assert page.status_code == 200 and len(page_many) == len(page_few)
