"""Answer deadlines counted past the years the holiday calendar knows are stored as provisional,
shown so on every page and in the API, skip the fixed-date statutory holidays, and become firm (and
move, if they must) once the calendar knows the year.

The installed chinesecalendar's last year is not pinned here: `calendar_knows_until(2026)` makes any
later year unknown, as it is today, and `calendar_learns_2027` stands for a newer package."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

import enforcement.workdays
from assets.choices import AssetKind
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_draft, notices_overdue_sweep
from enforcement.choices import AgencyKind
from enforcement.models import AuditEvent, Notification
from enforcement.workdays import add_working_days, is_working_day
from tests.assistance.test_agency_api import api_for
from tests.factories import AssetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
REAL_IS_WORKDAY = chinese_calendar.is_workday
LABEL = "暂按工作日推算"


@pytest.fixture
def calendar_knows_until(monkeypatch):
    def limit(last_year, extra_days_off=()):
        def is_workday(day):
            if day.year > last_year:
                raise NotImplementedError(f"no data for {day.year}")
            if day in extra_days_off:
                return False
            return (
                REAL_IS_WORKDAY(day)
                if day.year <= 2026
                else day.weekday() < 5 and (day.month, day.day) != (1, 1)
            )

        monkeypatch.setattr(enforcement.workdays.chinese_calendar, "is_workday", is_workday)

    limit(2026)
    return limit


@pytest.fixture
def today_is(clock):
    def set_day(day):
        clock.move_to(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI))

    return set_day


@pytest.fixture
def freeze_on(case_with_account, judge, agencies, today_is):
    """Draft (and, by a judge, sign and send) a freeze notice on the given day."""

    def draft(day):
        today_is(day)
        case, asset = case_with_account
        result = notice_draft(
            actor=judge,
            case_id=case.pk,
            agency_id=agencies[AgencyKind.BANK].pk,
            action=NoticeAction.FREEZE,
            asset_id=asset.pk,
            payload={"amount": "1000.00"},
        )
        assert result.sent
        return Notice.objects.get(pk=result.notice.pk)

    return draft


@pytest.fixture
def case_with_account(file_case, agencies):
    case = file_case()
    asset = AssetFactory(
        case=case,
        owner=case.parties.get(role="respondent", kind="person"),
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222000000008888",
        holder_agency=agencies[AgencyKind.BANK],
        source="investigation",
        estimated_value=Decimal("1000.00"),
    )
    return case, asset


# --- the fallback calendar -----------------------------------------------------------------------
def test_the_fallback_knows_the_fixed_date_holidays(calendar_knows_until):
    result = add_working_days(D(2026, 12, 31), 1)
    assert (result.date, result.exact) == (D(2027, 1, 4), False)  # 1 January is 元旦 in any year
    assert not is_working_day(D(2027, 1, 1))
    assert not is_working_day(D(2027, 10, 1)) and is_working_day(D(2027, 10, 4))
    assert not is_working_day(D(2099, 5, 1)) and not is_working_day(D(2099, 5, 2))  # 劳动节 (2024 text)
    assert not any(is_working_day(D(2099, 10, day)) for day in (1, 2, 3))
    assert is_working_day(D(2099, 5, 4))  # Monday; whatever the schedule says, it is provisional


def test_a_date_within_the_known_years_is_firm(calendar_knows_until):
    result = add_working_days(D(2026, 12, 1), 1)
    assert (result.date, result.exact) == (D(2026, 12, 2), True)


# --- stored and shown -----------------------------------------------------------------------------
def test_a_deadline_past_the_known_years_is_stored_as_provisional(
    calendar_knows_until, freeze_on, bank_officer
):
    notice = freeze_on(D(2026, 12, 31))  # a freeze is answered within 1 working day
    assert (notice.due_on, notice.due_on_provisional) == (D(2027, 1, 4), True)
    told = Notification.objects.get(recipient=bank_officer, kind="notice.received")
    assert "2027年1月4日" in told.body and LABEL in told.body


def test_a_deadline_within_the_known_years_is_firm(calendar_knows_until, freeze_on):
    notice = freeze_on(D(2026, 12, 1))
    assert (notice.due_on, notice.due_on_provisional) == (D(2026, 12, 2), False)


def test_every_page_and_the_api_show_the_date_as_provisional(
    calendar_knows_until, freeze_on, client_for, bank_officer, judge, agencies
):
    notice = freeze_on(D(2026, 12, 31))
    officer = client_for(bank_officer)
    for url in ("/liaison/", f"/liaison/notices/{notice.pk}/"):
        html = officer.get(url).content.decode()
        assert "2027年1月4日" in html and LABEL in html and "已除去元旦" in html, url
    html = client_for(judge).get(f"/cases/{notice.case_id}/assistance/").content.decode()
    assert "2027年1月4日" in html and LABEL in html
    body = api_for(agencies[AgencyKind.BANK])[0].get(f"/api/v1/agency/notices/{notice.pk}/").json()
    assert body["due_on"] == "2027-01-04" and body["due_on_provisional"] is True


def test_a_firm_date_is_shown_without_the_mark(calendar_knows_until, freeze_on, client_for, bank_officer):
    notice = freeze_on(D(2026, 12, 1))
    html = client_for(bank_officer).get(f"/liaison/notices/{notice.pk}/").content.decode()
    assert "2026年12月2日" in html and LABEL not in html


# --- recomputed once the calendar knows the year ------------------------------------------------------
def test_the_sweep_makes_the_date_firm_and_moves_it_when_the_schedule_differs(
    calendar_knows_until, freeze_on, today_is, bank_officer
):
    notice = freeze_on(D(2026, 12, 31))
    # Say the published 2027 schedule also gives 4 January off: the answer is due on the 5th.
    calendar_knows_until(2027, extra_days_off={D(2027, 1, 4)})
    today_is(D(2027, 1, 4))
    notices_overdue_sweep(today=D(2027, 1, 4))
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.due_on, notice.due_on_provisional) == (D(2027, 1, 5), False)
    assert notice.status == NoticeStatus.SENT  # not overdue on the day the provisional date named
    event = AuditEvent.objects.get(action="notice.due_recomputed")
    assert "2027年1月5日" in event.summary and "2027年1月4日" in event.summary
    assert Notification.objects.filter(recipient=bank_officer, kind="notice.due_changed").count() == 1
    notices_overdue_sweep(today=D(2027, 1, 4))  # idempotent
    assert AuditEvent.objects.filter(action="notice.due_recomputed").count() == 1


def test_the_sweep_leaves_a_date_provisional_while_the_year_is_unknown(calendar_knows_until, freeze_on):
    notice = freeze_on(D(2026, 12, 31))
    notices_overdue_sweep(today=D(2027, 1, 1))
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.due_on, notice.due_on_provisional) == (D(2027, 1, 4), True)
    assert not AuditEvent.objects.filter(action="notice.due_recomputed").exists()


def test_the_judicial_suggestion_letter_marks_a_provisional_date(calendar_knows_until, freeze_on):
    from assistance.documents import judicial_suggestion_context

    notice = freeze_on(D(2026, 12, 31))
    context = judicial_suggestion_context(case=notice.case, party=None, subject=notice)
    assert context["due_on"] == "2027年1月4日（暂按工作日推算）"
