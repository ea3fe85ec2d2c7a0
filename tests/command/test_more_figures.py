"""The figures the command centre reads from the other apps (money, assets, assistance, sanctions,
aid) on a hand-built set (today is 2026-12-01 by the clock fixture, the period November 2026): each
figure, the cases behind it, the roll-up of a higher court's subtree and a query count that does not
grow with the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aid.models import Application, Budget
from assets.models import Asset, ControlMeasure
from assistance.models import Notice
from cases.choices import PartyRole
from cases.models import Case
from command import figures
from enforcement.models import Court
from money.models import CaseAccount, DirectPerformance, Payout, Receipt
from money.services import unpaid_receipts
from sanctions.models import ConsumptionOrder, DefaulterEntry
from tests.cases.conftest import filing_input

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2026, 11, 1), D(2026, 11, 30)
TODAY = D(2026, 12, 1)


def _at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _set(case, **fields):
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()


def _party(case, role):
    return case.parties.filter(role=role).order_by("position", "pk").first()


def _measure(case, status, expires_on, n):
    asset = Asset.objects.create(
        case=case, kind="bank_deposit", description="存款", identifier=f"6222{n:012d}", source="investigation"
    )
    return ControlMeasure.objects.create(
        case=case, asset=asset, kind="freeze", status=status, started_on=D(2026, 6, 1), expires_on=expires_on
    )


def _notice(case, agency, status, user):
    return Notice.objects.create(
        court=case.court, case=case, agency=agency, action="query", status=status, created_by=user
    )


def _account(case, n, *, confirmed, paid, refunded="0.00"):
    """The case's account (opened on filing) with its totals as the services would have kept them."""
    CaseAccount.objects.filter(case=case).update(
        confirmed_total=Decimal(confirmed), paid_total=Decimal(paid), refunded_total=Decimal(refunded)
    )
    return CaseAccount.objects.get(case=case)


def _receipt(account, amount, day, user, status="confirmed"):
    return Receipt.objects.create(
        account=account,
        case=account.case,
        kind="voluntary",
        amount=Decimal(amount),
        payer="被执行人",
        received_on=day,
        status=status,
        recorded_by=user,
    )


def _payout(account, amount, user, *, status="executed", payee=None, payee_name=""):
    return Payout.objects.create(
        account=account,
        case=account.case,
        payee=payee,
        payee_name=payee_name,
        amount=Decimal(amount),
        status=status,
        proposed_by=user,
    )


def _application(case, user, status, amount, *, decided=None, paid=None):
    return Application.objects.create(
        case=case,
        court=case.court,
        applicant=_party(case, PartyRole.APPLICANT),
        status=status,
        hardship_category="livelihood",
        household_size=3,
        household_income=Decimal("800.00"),
        household_facts="生活困难",
        amount_requested=Decimal(amount),
        approved_amount=Decimal(amount),
        filed_by=user,
        complete_on=D(2026, 10, 1),
        decision_due_on=D(2026, 12, 31),
        decided_at=_at(decided) if decided else None,
        paid_at=_at(paid) if paid else None,
    )


@pytest.fixture
def data(file_case, clerk, judge, other_clerk, court, other_court, bank, other_bank):
    return build(file_case, clerk, judge, other_clerk, court, other_court, bank, other_bank)


def build(file_case, clerk, judge, other_clerk, court, other_court, bank, other_bank):
    """The hand-built set (also the monthly report's, tests/command/test_reports.py)."""
    c = [file_case() for _ in range(4)]
    # c0: concluded in the period, owes 100,000; c1: 终本 in the period, owes 50,000;
    # c2: closed before the period; c3: open
    _set(c[0], filed_on=D(2026, 8, 1), closed_on=D(2026, 11, 15), state="concluded", subject_amount=100000)
    _set(
        c[1],
        filed_on=D(2026, 9, 1),
        closed_on=D(2026, 11, 19),
        state="terminated_round",
        subject_amount=50000,
    )
    _set(c[2], filed_on=D(2026, 1, 5), closed_on=D(2026, 3, 1), state="concluded", subject_amount=70000)
    _set(c[3], filed_on=D(2026, 10, 1), state="investigating")
    o = Case.objects.get(pk=file_case().pk)
    _set(o, court=other_court)
    applicant = _party(c[0], PartyRole.APPLICANT)

    # 执行到位: 60,000 paid out to the applicant and 15,000 paid to them directly count; a payout to
    # someone else (fees), one not executed and the case closed before the period do not
    a0 = _account(c[0], 0, confirmed="85000.00", paid="75000.00", refunded="10000.00")
    _payout(a0, "60000.00", judge, payee=applicant)
    _payout(a0, "5000.00", judge, payee_name="执行费")
    _payout(a0, "10000.00", judge, status="approved", payee=applicant)
    DirectPerformance.objects.create(
        case=c[0],
        applicant=applicant,
        amount=Decimal("15000.00"),
        paid_on=D(2026, 10, 1),
        confirmation="申请人书面确认",
        recorded_by=judge,
    )
    a2 = _account(c[2], 2, confirmed="30000.00", paid="30000.00")
    _payout(a2, "30000.00", judge, payee=_party(c[2], PartyRole.APPLICANT))
    # c0's receipts all paid out or refunded: nothing late
    _receipt(a0, "85000.00", D(2026, 10, 1), clerk)

    # payouts overdue (limit 30 days, so money received on or before 2026-11-01 is late): c3 got
    # 1,000 (10-15), 500 (11-01, exactly 30 days), 700 (11-20) and paid out 1,200, which covers the
    # 1,000 and 200 of the 500: 300 late. 900 recorded but not confirmed does not count.
    a3 = _account(c[3], 3, confirmed="2200.00", paid="1200.00")
    _receipt(a3, "1000.00", D(2026, 10, 15), clerk)
    _receipt(a3, "500.00", D(2026, 11, 1), clerk)
    _receipt(a3, "700.00", D(2026, 11, 20), clerk)
    _receipt(a3, "900.00", D(2026, 10, 1), clerk, status="recorded")
    # the other court: 800 received 2026-09-01, nothing paid out
    ao = _account(o, 4, confirmed="800.00", paid="0.00")
    _receipt(ao, "800.00", D(2026, 9, 1), other_clerk)

    # measures: in effect and ending today, in 30 days, in 9 days (on c0) count; in 31 days, already
    # past, or no longer in effect do not
    _measure(c[3], "active", D(2026, 12, 1), 1)
    _measure(c[3], "active", D(2026, 12, 31), 2)
    _measure(c[0], "active", D(2026, 12, 10), 3)
    _measure(c[3], "active", D(2027, 1, 1), 4)
    _measure(c[3], "active", D(2026, 11, 30), 5)
    _measure(c[3], "lifted", D(2026, 12, 5), 6)
    _measure(o, "active", D(2026, 12, 20), 7)

    # notices overdue: two at the bank and one at the other bank in this court, one at the bank in
    # the other court; one only sent (not overdue) and one answered
    _notice(c[3], bank, "overdue", clerk)
    _notice(c[3], bank, "overdue", clerk)
    _notice(c[0], other_bank, "overdue", clerk)
    _notice(c[3], bank, "sent", clerk)
    _notice(c[1], bank, "answered", clerk)
    _notice(o, bank, "overdue", other_clerk)

    # sanctions: a published entry and an order in force on c3; a proposed entry, a removed entry
    # and a lifted order do not count
    respondent = _party(c[3], PartyRole.RESPONDENT)
    entry = {"facts": "有履行能力而拒不履行", "proposed_by": judge, "id_number": respondent.id_number}
    DefaulterEntry.objects.create(
        case=c[3], party=respondent, status="published", name=respondent.name, **entry
    )
    DefaulterEntry.objects.create(
        case=c[3], party=respondent, status="removed", name=respondent.name, **entry
    )
    DefaulterEntry.objects.create(
        case=c[0], party=_party(c[0], PartyRole.RESPONDENT), status="proposed", name="李四", **entry
    )
    ConsumptionOrder.objects.create(case=c[3], party=respondent, issued_by=judge, issued_on=D(2026, 10, 5))
    ConsumptionOrder.objects.create(
        case=c[0],
        party=_party(c[0], PartyRole.RESPONDENT),
        issued_by=judge,
        issued_on=D(2026, 9, 1),
        status="lifted",
    )

    # aid: 2026 budget 100,000 (and 999 for 2025, outside the period's years; 50,000 other court).
    # granted in November: 20,000 (c1, approved) and 5,000 (c3, approved and paid in November);
    # paid in November: 5,000 and 10,000 (c0, approved in October); a refusal counts nowhere
    Budget.objects.create(court=court, year=2026, allocated_total=Decimal("100000.00"))
    Budget.objects.create(court=court, year=2025, allocated_total=Decimal("999.00"))
    Budget.objects.create(court=other_court, year=2026, allocated_total=Decimal("50000.00"))
    _application(c[1], judge, "approved", "20000.00", decided=D(2026, 11, 10))
    _application(c[3], judge, "paid", "5000.00", decided=D(2026, 11, 2), paid=D(2026, 11, 25))
    _application(c[0], judge, "paid", "10000.00", decided=D(2026, 10, 20), paid=D(2026, 11, 5))
    _application(c[2], judge, "rejected", "3000.00", decided=D(2026, 11, 12))
    _application(o, other_clerk, "approved", "7000.00", decided=D(2026, 11, 3))
    return {"c": c, "o": o, "bank": bank, "other_bank": other_bank}


def _one(court):
    return Court.objects.filter(pk=court.pk)


def _all(court):
    row = figures.case_figures(_one(court), START, END, TODAY)
    row.update(figures.other_figures(_one(court), START, END, TODAY))
    return figures.add_money_rates(row)


def test_each_figure_by_hand(data, court):
    row = _all(court)
    assert row["owed_closed"] == Decimal("150000.00")
    assert row["in_place"] == Decimal("75000.00")  # 60,000 paid out + 15,000 direct
    assert row["in_place_rate"] == Decimal("0.5")
    assert row["measures_expiring"] == 3
    assert row["notices_overdue"] == 3
    assert row["payouts_overdue"] == 1
    assert row["payouts_overdue_amount"] == Decimal("300.00")
    assert row["defaulters_listed"] == 1
    assert row["restrictions_in_force"] == 1
    assert row["aid_budget"] == Decimal("100000.00")
    assert row["aid_granted"] == Decimal("25000.00")
    assert row["aid_paid"] == Decimal("15000.00")
    assert row["aid_use_rate"] == Decimal("0.25")


def test_notices_overdue_by_agency(data, court, intermediate_court, bank, other_bank):
    assert [(r["agency_id"], r["count"]) for r in figures.notices_overdue_by_agency(_one(court))] == [
        (bank.pk, 2),
        (other_bank.pk, 1),
    ]
    subtree = Court.objects.filter(path__startswith=intermediate_court.path)
    assert [(r["agency_id"], r["count"]) for r in figures.notices_overdue_by_agency(subtree)] == [
        (bank.pk, 3),
        (other_bank.pk, 1),
    ]


def test_cases_behind_each_figure(data, court, bank, other_bank):
    c = data["c"]

    def cases(figure, **kw):
        return set(figures.figure_cases(figure, _one(court), START, END, TODAY, **kw))

    assert cases("in_place_rate") == {c[0], c[1]}
    assert cases("measures_expiring") == {c[0], c[3]}
    assert cases("notices_overdue") == {c[0], c[3]}
    assert cases("notices_overdue", agency=bank.pk) == {c[3]}
    assert cases("notices_overdue", agency=other_bank.pk) == {c[0]}
    assert cases("payouts_overdue") == {c[3]}
    assert cases("defaulters_listed") == {c[3]}
    assert cases("restrictions_in_force") == {c[3]}
    assert cases("aid_granted") == {c[1], c[3]}
    assert cases("aid_paid") == {c[0], c[3]}


def test_payouts_overdue_are_what_the_money_sweep_flags(data, court, other_court):
    """The SQL (receipts past the limit summed against what was paid out) and money.services's
    first-in-first-out walk agree on every account."""
    limit = 30
    swept = {
        a.case_id
        for a in CaseAccount.objects.all()
        if any((TODAY - r.received_on).days >= limit for r in unpaid_receipts(a))
    }
    both = Court.objects.filter(pk__in=[court.pk, other_court.pk])
    assert (
        set(figures.figure_cases("payouts_overdue", both, START, END, TODAY).values_list("pk", flat=True))
        == swept
    )
    assert swept == {data["c"][3].pk, data["o"].pk}


def test_subtree_rolls_up(data, court, other_court, intermediate_court):
    subtree = Court.objects.filter(path__startswith=intermediate_court.path)
    other = figures.other_figures_by_court(subtree, START, END, TODAY)
    assert other[other_court.pk]["payouts_overdue_amount"] == Decimal("800.00")
    assert other[other_court.pk]["measures_expiring"] == 1
    rolled = figures.roll_up(
        figures.case_figures_by_court(subtree, START, END, TODAY).values(), other.values()
    )
    assert rolled["payouts_overdue"] == 2
    assert rolled["payouts_overdue_amount"] == Decimal("1100.00")
    assert rolled["measures_expiring"] == 4
    assert rolled["notices_overdue"] == 4
    assert rolled["aid_budget"] == Decimal("150000.00")
    assert rolled["aid_granted"] == Decimal("32000.00")
    assert rolled["aid_use_rate"] == Decimal("32000") / Decimal("150000")
    assert rolled["in_place_rate"] == Decimal("0.5")  # the other court closed nothing
    # average days to close from the summed days: (106 + 79) / 2, as case_figures averages them
    assert (
        rolled["avg_days"] == Decimal("92.5") == figures.case_figures(subtree, START, END, TODAY)["avg_days"]
    )
    # the sums equal the figures of the subtree computed together
    together = figures.other_figures(subtree, START, END, TODAY)
    assert all(rolled[name] == together[name] for name in figures.OTHER_FIGURES)


def test_dashboard_shows_and_links_each_figure(client, data, head, court, bank):
    client.force_login(head)
    body = client.get("/command/?period=custom&start=2026-11-01&end=2026-11-30").content.decode()
    for figure in (
        "in_place_rate",
        "measures_expiring",
        "payouts_overdue",
        "defaulters_listed",
        "restrictions_in_force",
        "aid_granted",
        "aid_paid",
    ):
        assert f"figure={figure}" in body, figure
    assert "50.0%" in body and "25.0%" in body  # 执行到位率 and the aid budget granted
    assert f"figure=notices_overdue&amp;agency={bank.pk}" in body
    listing = client.get(
        f"/command/cases/?figure=notices_overdue&agency={bank.pk}&court={court.pk}&from=2026-11-01&to=2026-11-30"
    )
    assert listing.status_code == 200
    text = listing.content.decode()
    assert data["c"][3].number in text and data["c"][0].number not in text
    assert bank.name in text
    for bad in ("x", "99999999", ""):
        url = f"/command/cases/?figure=notices_overdue&agency={bad}&court={court.pk}&from=2026-11-01&to=2026-11-30"
        assert client.get(url).status_code == (200 if bad == "" else 404), bad


def _count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more(clerk, judge, court, n, offset):
    """n more cases of `court`, each with a measure, an overdue notice, a late account, a listing
    and an aid application, so that every figure has rows at both sizes."""
    from cases.services import case_file

    for i in range(n):
        case = case_file(actor=clerk, data=filing_input(judge))
        _set(case, court=court, closed_on=D(2026, 11, 10), state="concluded")
        _measure(case, "active", D(2026, 12, 15), offset + i)
        account = _account(case, offset + i, confirmed="100.00", paid="0.00")
        _receipt(account, "100.00", D(2026, 9, 1), clerk)
        _payout(account, "1.00", judge, status="approved", payee=_party(case, PartyRole.APPLICANT))
        _application(case, judge, "approved", "100.00", decided=D(2026, 11, 3))
        respondent = _party(case, PartyRole.RESPONDENT)
        DefaulterEntry.objects.create(
            case=case,
            party=respondent,
            status="published",
            name=respondent.name,
            facts="拒不履行",
            proposed_by=judge,
            id_number=respondent.id_number,
        )


def test_dashboard_query_count_does_not_grow(
    client, data, head, supervisor, clerk, judge, court, other_court, bank
):
    urls = [
        (head, "/command/?period=custom&start=2026-11-01&end=2026-11-30"),
        (supervisor, "/command/?period=custom&start=2026-11-01&end=2026-11-30"),  # with the courts below
    ]
    few = [_count(client, user, url) for user, url in urls]
    _more(clerk, judge, court, 6, 100)
    _more(clerk, judge, other_court, 4, 200)
    for c in Case.objects.filter(court=court)[:5]:
        _notice(c, bank, "overdue", clerk)
    assert [_count(client, user, url) for user, url in urls] == few
