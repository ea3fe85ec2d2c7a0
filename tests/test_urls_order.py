"""The root URLconf lists the API before the browser's routes (config/urls.py, for speed): that is
only the same site as long as no browser route starts with "api/", which this checks for every
route an app registers."""

from django.urls import get_resolver
from django.urls.resolvers import URLResolver


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def test_no_browser_route_under_the_api_prefix():
    root = get_resolver()
    first = root.url_patterns[0]
    assert str(first.pattern) == "api/v1/"  # the API is tried first
    browser = [
        route
        for pattern in root.url_patterns
        if not str(pattern.pattern).startswith("api/")
        for route in (
            _routes(pattern, str(pattern.pattern))
            if isinstance(pattern, URLResolver)
            else [str(pattern.pattern)]
        )
    ]
    assert len(browser) > 100
    assert [route for route in browser if route.startswith("api")] == []
