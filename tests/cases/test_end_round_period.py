"""终本 needs "自执行案件立案之日起已超过三个月" (终本规定 2016 art. 1 item (四)): allowed from the day
after filing date + 3 months, not on it; month ends follow relativedelta (no 30 February). The
refusal names the first allowed day in the Chinese date format (no leading zeros)."""

import datetime as dt

import pytest
from django.utils import translation

import cases.actions
from cases import rules
from cases.actions import ACTIONS, at_least_three_months_since_filing, end_round_earliest
from cases.models import Case
from cases.services import action_blockers, case_act
from enforcement.errors import Conflict
from tests.cases.test_services_actions import move

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(cases.actions, "_today", lambda: day)

    return set_today


def filed(case, day):
    Case.objects.filter(pk=case.pk).update(filed_on=day)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("filed_on", "today", "allowed"),
    [
        (D(2026, 9, 2), D(2026, 12, 1), False),  # day before three months
        (D(2026, 9, 2), D(2026, 12, 2), False),  # three months to the day: not yet "超过"
        (D(2026, 9, 2), D(2026, 12, 3), True),  # the day after
        (D(2026, 11, 30), D(2027, 2, 27), False),
        (D(2026, 11, 30), D(2027, 2, 28), False),  # no 30 February: the month's last day
        (D(2026, 11, 30), D(2027, 3, 1), True),
        (D(2027, 11, 30), D(2028, 2, 29), False),  # leap year: 29 February is the last day
        (D(2027, 11, 30), D(2028, 3, 1), True),
    ],
)
def test_end_round_is_allowed_from_the_day_after_three_months(file_case, on_day, filed_on, today, allowed):
    case = filed(file_case(), filed_on)
    on_day(today)
    reason = at_least_three_months_since_filing(case)
    assert (reason is None) is allowed, reason


def test_the_refusal_names_the_first_allowed_day_without_leading_zeros(file_case, judge, on_day):
    case = move(filed(file_case(), D(2026, 9, 2)), "investigate", actor=judge)
    on_day(D(2026, 12, 2))
    blockers = action_blockers(case, ACTIONS["end_round"])
    assert "自立案之日起未超过三个月，2026年12月3日起方可终结本次执行程序。" in blockers
    with pytest.raises(Conflict) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行")
    assert "2026年12月3日" in exc.value.message and "2026年12月03日" not in exc.value.message


def test_in_english_the_refusal_counts_in_digits_and_dates_the_english_way(file_case, judge, on_day):
    case = move(filed(file_case(), D(2026, 9, 2)), "investigate", actor=judge)
    on_day(D(2026, 12, 2))
    with translation.override("en"):
        blockers = action_blockers(case, ACTIONS["end_round"])
    assert (
        "No more than 3 months since filing: the current round may be terminated from Dec. 3, 2026."
        in blockers
    )


def test_the_period_comes_from_a_rule_row_that_cites_the_article(file_case):
    row = rules.rule(rules.END_ROUND_SINCE_FILING_MONTHS, on=D(2026, 12, 2))
    assert row.value == 3 and row.article == "第一条第（四）项" and "终结本次执行程序" in row.source
    case = filed(file_case(), D(2026, 9, 2))
    assert end_round_earliest(case, on=D(2026, 12, 2)) == (D(2026, 12, 3), 3)
