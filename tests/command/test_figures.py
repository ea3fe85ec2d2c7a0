"""Each figure on a hand-built set of cases (today is 2026-12-01 by the clock fixture), the page's
query count independent of the number of cases, and who may see it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from command import figures
from enforcement.models import Court
from tests.factories import make_member

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2026, 11, 1), D(2026, 11, 30)


def _set(case, **fields):
    Case.objects.filter(pk=case.pk).update(**fields)


@pytest.fixture
def data(file_case, clock):
    cases = [file_case() for _ in range(7)]
    # 0: filed before the period, still open, deadline passed -> pending_at_start, over_limit
    _set(cases[0], filed_on=D(2026, 6, 1), deadline=D(2026, 11, 20), state="investigating")
    # 1: filed in the period, concluded in it after 10 days
    _set(cases[1], filed_on=D(2026, 11, 5), closed_on=D(2026, 11, 15), state="concluded")
    # 2: filed before, 终本 in the period after 30 days -> pending_at_start, closed
    _set(cases[2], filed_on=D(2026, 10, 20), closed_on=D(2026, 11, 19), state="terminated_round")
    # 3: filed in the period, still open, deadline in 5 days -> near_limit
    _set(cases[3], filed_on=D(2026, 11, 10), deadline=D(2026, 12, 6), state="filed")
    # 4: closed before the period -> counted nowhere in the period
    _set(cases[4], filed_on=D(2026, 1, 5), closed_on=D(2026, 3, 1), state="withdrawn")
    # 5: filed after the period -> not filed in it; suspended with a passed deadline: not over limit
    _set(cases[5], filed_on=D(2026, 12, 1), deadline=D(2026, 11, 1), state="suspended")
    # 6: filed in the period and settled in it after 2 days
    _set(cases[6], filed_on=D(2026, 11, 20), closed_on=D(2026, 11, 22), state="settled")
    return cases


def test_case_figures_by_hand(data, court):
    row = figures.case_figures(Court.objects.filter(pk=court.pk), START, END)
    assert row["filed"] == 3
    assert row["pending_at_start"] == 2
    assert row["closed"] == 3
    assert row["closed_concluded"] == 1
    assert row["closed_terminated_round"] == 1
    assert row["closed_settled"] == 1
    assert row["closed_withdrawn"] == 0
    assert row["closed_terminated"] == 0
    assert row["closing_rate"] == Decimal(3) / 5
    assert row["round_rate"] == Decimal(1) / 3
    assert row["avg_days"] == Decimal("14.0")  # (10 + 30 + 2) / 3
    assert row["near_limit"] == 1
    assert row["over_limit"] == 1


def test_figure_cases_match_the_figure(data, court):
    courts = Court.objects.filter(pk=court.pk)
    assert set(figures.figure_cases("closed", courts, START, END)) == {data[1], data[2], data[6]}
    assert list(figures.figure_cases("over_limit", courts, START, END)) == [data[0]]


def test_empty_period_has_no_rates(court):
    row = figures.case_figures(Court.objects.filter(pk=court.pk), START, END)
    assert row["closed"] == 0 and row["closing_rate"] is None and row["round_rate"] is None
    assert row["avg_days"] is None


def test_by_court_and_subtree(data, court, other_court, intermediate_court):
    subtree = Court.objects.filter(path__startswith=intermediate_court.path)
    assert figures.case_figures(subtree, START, END)["filed"] == 3
    assert figures.case_figures_by_court(subtree, START, END)[court.pk]["closed"] == 3
    assert figures.case_figures(Court.objects.filter(pk=other_court.pk), START, END)["filed"] == 0


def _count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_constant(client, file_case, supervisor, court, clock):
    for _ in range(3):
        file_case()
    few = _count(client, supervisor, "/command/?period=year")
    for _ in range(27):
        file_case()
    assert _count(client, supervisor, "/command/?period=year") == few


def test_dashboard_shows_figures_and_drill_down(client, data, supervisor, court):
    client.force_login(supervisor)
    response = client.get("/command/?period=custom&start=2026-11-01&end=2026-11-30")
    body = response.content.decode()
    assert court.name in body
    assert f"court={court.pk}" in body
    response = client.get(f"/command/?court={court.pk}&period=custom&start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200
    listing = client.get(f"/command/cases/?figure=closed&court={court.pk}&from=2026-11-01&to=2026-11-30")
    assert listing.status_code == 200
    text = listing.content.decode()
    for case in (data[1], data[2], data[6]):
        assert case.number in text
    assert data[0].number not in text


def test_period_errors_shown(client, head):
    client.force_login(head)
    response = client.get("/command/?period=custom&start=2026-11-30&end=2026-11-01")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_permissions(client, head, other_court, liaison, clerk):
    client.force_login(head)
    assert client.get(f"/command/?court={other_court.pk}").status_code == 404
    assert (
        client.get(
            f"/command/cases/?figure=filed&court={other_court.pk}&from=2026-11-01&to=2026-11-30"
        ).status_code
        == 404
    )
    assert client.get("/command/cases/?figure=nonsense").status_code == 404
    client.force_login(liaison)
    assert client.get("/command/").status_code == 403
    client.force_login(clerk)
    assert client.get("/command/").status_code == 403
    client.force_login(make_member("judge", court=other_court))
    assert client.get("/command/").status_code == 200
