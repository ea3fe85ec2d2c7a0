"""The main pages in Debian's chromium under the site's Content Security Policy: every page is
loaded with the policy header on, and any violation the browser reports (console message or
securitypolicyviolation event) fails the test. The behaviours moved out of inline scripts still
work: the language switcher submits itself, "select all" ticks the boxes, the progress bar has its
width, Swagger UI renders the schema."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from enforcement.choices import Role
from tests.assistance.test_liaison_portal import bank_notice, case, person, query_notices  # noqa: F401
from tests.browser.helpers import log_in
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation; check(url) loads a URL and asserts there was none."""
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def check(url, *, wait_for=None):
        console.clear()
        response = page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        policy = response.header_value("content-security-policy") or ""
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        page.wait_for_load_state("networkidle")
        if wait_for:
            expect(page.locator(wait_for).first).to_be_visible()
        violations = page.evaluate("window.__cspViolations || []")
        assert not console and not violations, f"{url}: {console + violations}"

    page.check_csp = check
    return page


def test_court_pages_raise_no_csp_violation(live_server, watched, judge, bank_notice, case):
    base = live_server.url
    page = watched
    page.check_csp(f"{base}/login/")
    log_in(page, base, "judge")
    network_query = bank_notice.network_query_id
    for path in (
        "/",
        "/cases/",
        "/cases/new/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/assistance/",
        f"/cases/{case.pk}/documents/",
        reverse("documents:preview-page", args=[case.pk])
        + f"?kind=execution_notice&party={case.parties.filter(role='respondent').first().pk}",
        "/approvals/",
        "/inbox/",
        "/documents/batches/new/",
        "/assistance/network-queries/new/",
        f"/assistance/network-queries/{network_query}/",
        "/password/",
    ):
        page.check_csp(base + path)

    # the progress bar got its width from the script file, not from a style attribute
    page.goto(f"{base}/assistance/network-queries/{network_query}/")
    assert page.locator("#progress-bar").evaluate("el => el.style.width") == "100%"

    # "select all" (data-select-all) ticks every respondent
    page.goto(f"{base}/assistance/network-queries/new/")
    page.locator("#select-all").check()
    boxes = page.locator('#nq-batch-form input[name="respondents"]')
    assert boxes.count() > 0 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    # the language switcher (data-autosubmit) submits itself
    page.goto(f"{base}/cases/")
    with page.expect_navigation():
        page.locator("#language").select_option("en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_agency_and_public_pages_raise_no_csp_violation(live_server, watched, bank_notice, bank_officer):
    base = live_server.url
    page = watched
    page.check_csp(f"{base}/public/case/")
    page.check_csp(f"{base}/verify/")
    log_in(page, base, "bank_officer")
    page.check_csp(f"{base}/liaison/")
    page.check_csp(f"{base}/liaison/notices/{bank_notice.pk}/")
    # the answer form's "add a row" button comes from static/js/formset_rows.js
    add = page.locator("[data-item-add]")
    if add.count():
        rows = page.locator("[data-item-rows] tr").count()
        add.click()
        assert page.locator("[data-item-rows] tr").count() == rows + 1


def test_admin_and_swagger_ui_raise_no_csp_violation(live_server, watched, court, clerk):
    base = live_server.url
    page = watched
    make_member(Role.ADMIN, court=court, username="sysadmin", is_staff=True, is_superuser=True)
    log_in(page, base, "sysadmin")
    page.check_csp(f"{base}/admin/")
    page.check_csp(f"{base}/admin/axes/accessattempt/")
    page.check_csp(f"{base}/admin/enforcement/user/")
    # Swagger UI: its start-up script is a file, its page has no inline style, the schema loads
    page.check_csp(f"{base}/api/docs/", wait_for=".swagger-ui .info .title")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("执行案件管理系统 API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert Case.objects.count() == 0
