"""enforcement.pagination.CappedPaginator: counts no further than a cap past the page asked for,
says when its count is a floor, and still reaches every page."""

import pytest

from enforcement.pagination import CappedPaginator


def test_within_the_cap_the_count_is_exact():
    paginator = CappedPaginator(list(range(45)), 20, page_number=1, cap=30)
    assert paginator.count == 45
    assert paginator.count_exact
    assert (paginator.shown_count, paginator.shown_pages) == (45, 3)


def test_beyond_the_cap_it_says_more_than_and_keeps_a_next_page():
    paginator = CappedPaginator(list(range(100)), 20, page_number=1, cap=30)
    assert paginator.count == 51  # the first page (20) and the cap (30) counted, and one more
    assert not paginator.count_exact
    assert (paginator.shown_count, paginator.shown_pages) == (50, 2)
    page = paginator.get_page(1)
    assert list(page) == list(range(20))
    assert page.has_next()


def test_every_page_is_reached_and_the_last_one_ends_the_list():
    seen, number = [], 1
    while True:
        paginator = CappedPaginator(list(range(100)), 20, page_number=number, cap=10)
        page = paginator.get_page(number)
        seen += list(page)
        if not page.has_next():
            break
        number = page.next_page_number()
    assert seen == list(range(100))
    assert number == 5
    assert paginator.count_exact and paginator.count == 100


def test_a_page_number_that_is_not_one_counts_as_the_first():
    for number in (None, "", "abc", "-3", "0"):
        paginator = CappedPaginator(list(range(100)), 20, page_number=number, cap=30)
        assert paginator.limit == 50
    huge = CappedPaginator(list(range(10)), 20, page_number=str(10**30), cap=30)
    assert huge.get_page(str(10**30)).number == 1


@pytest.mark.django_db
def test_ids_first_gives_the_same_pages_in_the_same_order(clerk, judge, django_assert_num_queries):
    """Reading a page's ids first, then its rows, shows what one query shows: the same rows in the
    same order on every page (ties of the sort broken by id), joins kept, in two queries a page
    after the count."""
    from enforcement.bulk import copy_insert_shared
    from enforcement.models import Notification

    copy_insert_shared(
        Notification,
        {"kind": "test.page"},
        [{"recipient": (clerk, judge)[i % 2], "title": f"第{i % 7}条"} for i in range(43)],
    )
    listed = (
        Notification.objects.filter(kind="test.page").select_related("recipient").order_by("-title", "id")
    )
    for number in (1, 2):
        plain = CappedPaginator(listed, 20, page_number=number, orphans=3).get_page(number)
        keyed = CappedPaginator(listed, 20, page_number=number, orphans=3, ids_first=True)
        with django_assert_num_queries(3):  # the count, the page's ids, its rows
            page = keyed.get_page(number)
            rows = [(n.pk, n.recipient.username) for n in page]
        assert rows == [(n.pk, n.recipient.username) for n in plain]
        assert (page.has_next(), page.number) == (plain.has_next(), plain.number)
    assert len(rows) == 23  # the last page takes the 3 orphans: 43 rows are 20 + 23
