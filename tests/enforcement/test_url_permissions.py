"""Every page and endpoint either requires a login (redirect to 登录, or 401/403 for the API) or is
one of the few public pages on purpose. A new view that forgets its check fails here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Public on purpose: health (ok / not ok only), login, language switch, translations catalogue, the
# API token endpoint, the public case-progress page (query code), document verification (code).
# The API schema and its Swagger UI are for signed-in users and agencies, not in this list.
PUBLIC = {
    "healthz",
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
    "api-token",
    "cases:public-case",
    "documents:verify",
    "documents:verify-lookup",
}
SKIP_PREFIXES = ("admin:",)  # Django's admin has its own login and is tested in test_admin.py


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def concrete(route: str) -> str:
    """A URL for a pattern: every converter gets 1 (or a code), regex remnants are dropped."""
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)  # DRF router groups: (?P<pk>[^/.]+)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug|path):[^>]+>", "ABCD-EFGH-JKLM", route)
    route = re.sub(r"<[^>]+>", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"\.\(\?P?.*$", "", route)
    return "/" + route.lstrip("/")


def routes():
    seen = set()
    for name, route in walk(get_resolver()):
        if name and name.startswith(SKIP_PREFIXES) or "(?" in route and "format" not in route:
            continue
        url = concrete(route)
        if url in seen or "static" in url or "media" in url:
            continue
        seen.add(url)
        yield name or "", url


ROUTES = list(routes())


def test_the_walk_finds_the_pages():
    names = {name for name, _ in ROUTES}
    assert {"home", "cases:list", "assistance:liaison-inbox", "documents:case", "api-me"} <= names
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("name", "url"), ROUTES, ids=[f"{n or '?'} {u}" for n, u in ROUTES])
def test_anonymous_gets_no_data(client, name, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if name in PUBLIC:
            assert response.status_code < 500, (method, url, response.status_code)
            continue
        status = response.status_code
        to_login = status == 302 and "/login/" in response["Location"]
        assert to_login or status in (401, 403, 404, 405), (method, url, status)


COURT_SIDE = (
    "cases:",
    "documents:",
    "assistance:case",
    "assistance:notice-",
    "assistance:asset-",
    "assistance:measure-",
    "assistance:network-query",
    "assistance:judicial-",
    "assistance:scoreboard",
)


@pytest.mark.parametrize(
    ("name", "url"),
    [(n, u) for n, u in ROUTES if n.startswith(COURT_SIDE) and n not in PUBLIC],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_liaison_officer_sees_no_court_page(client, liaison, name, url):
    client.force_login(liaison)
    for method in ("get", "post"):
        status = getattr(client, method)(url).status_code
        # 400: a request without its parameters is refused before anything is looked up
        assert status in (400, 403, 404, 405), (method, url, status)


@pytest.mark.parametrize(
    ("name", "url"), [(n, u) for n, u in ROUTES if n.startswith("assistance:liaison")], ids=lambda v: v
)
def test_court_clerk_sees_no_liaison_page(client, clerk, name, url):
    client.force_login(clerk)
    for method in ("get", "post"):
        status = getattr(client, method)(url).status_code
        assert status in (403, 404, 405), (method, url, status)
