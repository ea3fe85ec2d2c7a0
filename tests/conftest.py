"""Root fixtures: a small court hierarchy, personas for every role, and the markers that decide
what runs where (PostgreSQL, Redis + a real Celery worker, the browser)."""

import os
import shutil

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from enforcement.choices import AgencyKind, CourtLevel, Role
from tests.clock import NOW, Clock
from tests.factories import AgencyFactory, CourtFactory, make_member

# live_server + Playwright: the sync API keeps an event loop in the test thread; Django must
# still run its ORM calls there (https://docs.djangoproject.com/en/5.2/topics/async/).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "pass-Word-123"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _documents_skip_reason() -> str | None:
    """Why the tests that make PDF documents cannot run here, or None. The same probe the application
    uses before it issues (documents.rendering.render_support), plus the faces print.css
    names: a test that reads font names needs Noto CJK itself, not just some Chinese font."""
    from documents.rendering import FONT_PACKAGES, render_support

    found = render_support()
    if not found.ok:
        return f"needs {found.missing} to render Chinese PDF documents: apt-get install {found.missing} (CI does)"
    if not found.has_document_faces:
        return f"needs the Noto CJK faces the documents name: apt-get install {FONT_PACKAGES} (CI does)"
    return None


POPPLER_TOOLS = ("pdftotext", "pdftoppm")


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    skip_redis = pytest.mark.skip(
        reason="needs Redis for a real Celery worker: set REDIS_URL=redis://... (CI does)"
    )
    skip_browser = pytest.mark.skip(reason=f"needs chromium at {CHROMIUM} (apt install chromium; CI does)")
    has_chromium = shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
    documents_reason = (
        _documents_skip_reason() if any("cjk_fonts" in item.keywords for item in items) else None
    )
    skip_documents = pytest.mark.skip(reason=documents_reason or "")
    skip_poppler = pytest.mark.skip(
        reason="needs pdftotext and pdftoppm to read PDFs back: apt-get install poppler-utils (CI does)"
    )
    has_poppler = all(shutil.which(tool) for tool in POPPLER_TOOLS)
    for item in items:
        if "cjk_fonts" in item.keywords and documents_reason:
            item.add_marker(skip_documents)
        if "poppler" in item.keywords and not has_poppler:
            item.add_marker(skip_poppler)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)
        if "browser" in item.keywords and not has_chromium:
            item.add_marker(skip_browser)


# --- the clock -------------------------------------------------------------------------------
def _clock_ticks(request) -> bool:
    """The clock stands still, except where another thread or process must see time pass: the
    browser tests (a live server and chromium's timers) and the real Celery worker (its timers and
    heartbeats). There it starts at NOW and runs."""
    keywords = request.node.keywords
    fixtures = getattr(request, "fixturenames", ())
    return (
        "browser" in keywords
        or "redis" in keywords
        or "live_server" in fixtures
        or "celery_worker_on_redis" in fixtures
    )


@pytest.fixture(autouse=True)
def clock(request):
    with time_machine.travel(NOW, tick=_clock_ticks(request)) as traveller:
        yield Clock(traveller)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own, empty MEDIA_ROOT: no stored document crosses from one test to another."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def vendor():
    return connection.vendor


# --- organisations ---------------------------------------------------------------------------
@pytest.fixture
def high_court(db):
    return CourtFactory(name="青海省高级人民法院", code="青", level=CourtLevel.HIGH)


@pytest.fixture
def intermediate_court(high_court):
    return CourtFactory(
        name="西宁市中级人民法院", code="青01", level=CourtLevel.INTERMEDIATE, parent=high_court
    )


@pytest.fixture
def court(intermediate_court):
    """The basic court most tests work in."""
    return CourtFactory(
        name="西宁市城东区人民法院", code="青0102", level=CourtLevel.BASIC, parent=intermediate_court
    )


@pytest.fixture
def other_court(intermediate_court):
    """A sibling basic court: its records are none of `court`'s users' business."""
    return CourtFactory(
        name="西宁市城中区人民法院", code="青0103", level=CourtLevel.BASIC, parent=intermediate_court
    )


@pytest.fixture
def bank(db):
    return AgencyFactory(name="中国工商银行西宁分行", kind=AgencyKind.BANK)


@pytest.fixture
def other_bank(db):
    return AgencyFactory(name="中国建设银行西宁分行", kind=AgencyKind.BANK)


# --- personas --------------------------------------------------------------------------------
@pytest.fixture
def clerk(court):
    return make_member(Role.CLERK, court=court, username="clerk", name="王书记员")


@pytest.fixture
def judge(court):
    return make_member(Role.JUDGE, court=court, username="judge", name="李法官")


@pytest.fixture
def head(court):
    return make_member(Role.HEAD, court=court, username="head", name="张局长")


@pytest.fixture
def finance(court):
    return make_member(Role.FINANCE, court=court, username="finance", name="赵会计")


@pytest.fixture
def liaison(bank):
    return make_member(Role.LIAISON, agency=bank, username="liaison", name="陈联络员")


@pytest.fixture
def supervisor(intermediate_court):
    return make_member(Role.SUPERVISOR, court=intermediate_court, username="supervisor", name="刘监督员")


@pytest.fixture
def other_clerk(other_court):
    return make_member(Role.CLERK, court=other_court, username="other_clerk", name="孙书记员")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a Django test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- browser (pytest-playwright) -------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium; browser downloads are impossible here. The flags keep chromium off the
    # network (this machine refuses every connection beyond loopback).
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# --- a real Celery worker on Redis -----------------------------------------------------------
@pytest.fixture
def celery_worker_on_redis(settings):
    """A Celery worker thread consuming from the real Redis broker (REDIS_URL); tasks are sent
    through the broker, not run eagerly. Use with django_db(transaction=True) so the worker's own
    database connection sees committed rows."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
        ):
            yield app
    finally:
        app.conf.task_always_eager = True


# A filed case (tests/cases/conftest.py builds it through cases.services.case_file), for every app.
from tests.assistance.conftest import agencies, bank_officer, registry_officer  # noqa: E402,F401
from tests.cases.conftest import file_case  # noqa: E402,F401

# The court API and page tests' case, another court's case and a recorded account (tests/court_fixtures.py).
from tests.court_fixtures import account, account_identifier, case, other_case, other_judge  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (zh-hans) and leaves it so: a request in English
    leaves English active in the thread (LocaleMiddleware activates and does not switch back), which
    would otherwise turn the next test's messages English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """No state crosses tests through the cache (rate-limit counters, for one)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_ratelimit_clock(monkeypatch):
    """Pin the rate limiter's clock mid-window, so a minute boundary cannot reset a count mid-test."""
    import enforcement.ratelimit

    monkeypatch.setattr(enforcement.ratelimit, "_now", lambda: 1_800_000_030.0)


@pytest.fixture(autouse=True)
def audit_anchor_storage(settings, tmp_path):
    """Each test its own, empty audit anchor store: an anchor another test wrote (transactional tests
    seal and anchor on commit) would otherwise be a chain this test's database never had."""
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_anchors": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "audit-anchor-store")},
        },
    }
    settings.AUDIT_ANCHOR_STORAGE = "audit_anchors"
    from django.core.files.storage import storages

    return storages["audit_anchors"]
