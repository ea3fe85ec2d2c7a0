"""enforcement.pagination.CappedPaginator: counts no further than a cap past the page asked for,
says when its count is a floor, and still reaches every page."""

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
