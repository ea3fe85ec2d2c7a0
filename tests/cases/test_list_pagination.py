"""The case list counts its pages no further than a cap past the page shown
(enforcement.pagination): beyond it the page says "more than" (in both languages), never a
wrong number, and every case is still reached with "Next"."""

import pytest
from django.utils import translation

from cases.views import listing
from enforcement import pagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(file_case, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    return [file_case() for _ in range(5)]


def test_beyond_the_cap_the_list_says_more_than(client_for, judge, five_cases):
    client = client_for(judge)
    response = client.get("/cases/")
    page = response.context["page"]
    assert not page.paginator.count_exact
    text = response.content.decode()
    assert "more than 3 in all" in text or "超过 3 条" in text
    assert "(5 in all)" not in text and "共 5 条" not in text


def test_the_last_pages_count_exactly_and_every_case_is_reached(client_for, judge, five_cases):
    client = client_for(judge)
    seen, url = [], "/cases/"
    for _ in range(10):
        response = client.get(url)
        page = response.context["page"]
        seen += [row["case"].pk for row in response.context["rows"]]
        if not page.has_next():
            break
        url = f"/cases/?page={page.next_page_number()}"
    assert sorted(seen) == sorted(c.pk for c in five_cases)
    assert page.paginator.count_exact and page.paginator.count == 5


@pytest.mark.parametrize(("language", "words"), [("en", "more than 3 in all"), ("zh-hans", "超过 3 条")])
def test_the_floor_is_worded_in_each_language(client_for, judge, five_cases, language, words):
    client = client_for(judge)
    with translation.override(language):
        response = client.get("/cases/", HTTP_ACCEPT_LANGUAGE=language)
    assert words in response.content.decode()


def test_the_running_cases_index_names_the_running_states():
    """The partial index of the overdue and due-soon filters (cases migration 0012) spells out the
    running states; if they change, the index must change with them or PostgreSQL stops using it."""
    from django.db.models import Q

    from cases.choices import CaseState
    from cases.models import Case

    index = next(i for i in Case._meta.indexes if i.name == "case_running_court_deadline")
    assert index.condition == Q(state__in=[str(s) for s in CaseState.running_states()])


def test_a_filing_date_filter_pages_by_ids_first_in_deadline_order(client_for, judge, five_cases):
    """Filtered by filing date (a column of the deadline index) the list reads each page's ids first
    (cases.selectors.page_ids_from_index): the same cases, in deadline order, page after page, as
    the list without that path shows them."""
    import datetime as dt

    from cases.models import Case

    for days, case in zip((40, 10, 30, 20, 50), five_cases, strict=True):
        Case.objects.filter(pk=case.pk).update(deadline=case.filed_on + dt.timedelta(days=days))
    expected = list(
        Case.objects.filter(pk__in=[c.pk for c in five_cases])
        .order_by("deadline", "id")
        .values_list("pk", flat=True)
    )
    client = client_for(judge)
    since = min(c.filed_on for c in five_cases).isoformat()
    seen, url = [], f"/cases/?filed_from={since}"
    for _ in range(10):
        response = client.get(url)
        assert response.context["page"].paginator.ids_first
        seen += [row["case"].pk for row in response.context["rows"]]
        if not response.context["page"].has_next():
            break
        url = f"/cases/?filed_from={since}&page={response.context['page'].next_page_number()}"
    assert seen == expected
    assert not client.get("/cases/").context["page"].paginator.ids_first  # unfiltered: one query
    assert not client.get(f"/cases/?filed_from={since}&q=x").context["page"].paginator.ids_first  # a search


def test_mine_lists_the_cases_the_user_works_on_in_deadline_order(client_for, clerk, judge, head, court):
    """Mine is the user's cases (judge, clerk or filer: cases.models.case_worker_q) read from the
    deadline index: another judge's case is not among a judge's, a head's are the whole court's."""
    import datetime as dt

    from cases.models import Case
    from cases.services import case_file
    from enforcement.choices import Role
    from tests.cases.conftest import filing_input
    from tests.factories import make_member

    other = make_member(Role.JUDGE, court=court, username="judge2", name="周法官")
    own = [case_file(actor=clerk, data=filing_input(judge)) for _ in range(3)]
    theirs = case_file(actor=clerk, data=filing_input(other))
    Case.objects.filter(pk=theirs.pk).update(clerk=None, filed_by=other)
    for days, case in zip((30, 10, 20), own, strict=True):
        Case.objects.filter(pk=case.pk).update(deadline=case.filed_on + dt.timedelta(days=days))
    order = list(
        Case.objects.filter(pk__in=[c.pk for c in own])
        .order_by("deadline", "id")
        .values_list("pk", flat=True)
    )

    def mine(user):
        response = client_for(user).get("/cases/?mine=on")
        assert response.context["page"].paginator.ids_first
        return [row["case"].pk for row in response.context["rows"]]

    assert mine(judge) == order
    assert sorted(mine(clerk)) == sorted(order)  # the clerk of the three, not of the fourth
    assert sorted(mine(head)) == sorted([*order, theirs.pk])
