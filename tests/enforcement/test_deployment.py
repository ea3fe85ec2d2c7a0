"""Production settings and what the site sends: HTTPS redirect and HSTS (configurable), a long
SECRET_KEY, a strict Content Security Policy on every page (no inline script, handler or style in
any template), the API docs behind a sign-in, and /api/v1/me/ answering exactly what its schema
says. `manage.py check --deploy` reports no warning with the production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from assistance.models import AgencyToken
from enforcement.choices import Role
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
LONG_SECRET = "a-real-secret-for-this-check-only-0123456789-abcdefghijklmnop"


def run_production(code: str, **env_vars) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "TRUSTED_PROXIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith(("SECURE_", "HEALTHZ_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=LONG_SECRET)
    env.update(env_vars)
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True)


def production_settings(*names: str, **env_vars) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr(s.{name}))" for name in names
    )
    done = run_production(["-c", code], **env_vars)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


# --- HTTPS ---------------------------------------------------------------------------------------
def test_production_redirects_to_https_and_sends_hsts_by_default():
    redirect, seconds, subdomains, exempt = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REDIRECT_EXEMPT",
    )
    assert redirect == "True" and seconds == str(365 * 24 * 3600) and subdomains == "True"
    assert exempt == "['^healthz$']"  # container and load-balancer probes speak plain HTTP


def test_https_settings_follow_the_environment():
    redirect, seconds = production_settings(
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="3600"
    )
    assert redirect == "False" and seconds == "3600"


def test_production_refuses_a_short_secret_key():
    done = run_production(["-c", "import django; django.setup()"], SECRET_KEY="x" * 20 + "abcdefghij" * 2)
    assert done.returncode != 0
    assert "SECRET_KEY is too short: 40 characters, at least 50" in done.stderr
    assert "secrets.token_urlsafe(50)" in done.stderr
    repeated = run_production(["-c", "import django; django.setup()"], SECRET_KEY="a" * 60)
    assert repeated.returncode != 0 and "SECRET_KEY is too short" in repeated.stderr


def test_deploy_check_reports_no_warning():
    done = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_the_redirect_spares_healthz(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/login/").status_code == 301
    assert client.get("/healthz").status_code == 200


# --- Content Security Policy ---------------------------------------------------------------------
def csp_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_sends_a_strict_policy(client, client_for, clerk):
    for response in (client.get("/login/"), client_for(clerk).get("/"), client.get("/public/case/")):
        policy = csp_of(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]


SERVED_TEMPLATES = [
    path
    for path in sorted((ROOT / "templates").rglob("*.html"))
    # PDF layouts (an app's `pdf/` folder: documents/pdf/, command/pdf/) are read by WeasyPrint,
    # never served to a browser
    if "pdf" not in path.relative_to(ROOT / "templates").parts
]


@pytest.mark.parametrize("path", SERVED_TEMPLATES, ids=lambda p: p.relative_to(ROOT / "templates").as_posix())
def test_no_template_needs_inline_script_handler_or_style(path):
    html = path.read_text(encoding="utf-8")
    inline_scripts = [
        m for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S) if m.group(2).strip()
    ]
    assert not inline_scripts, "inline <script>: move it to static/js/"
    assert not re.search(r"<script\b(?![^>]*\bsrc=)", html), "<script> without src"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler (onclick=, onchange=...)"
    assert not re.search(r"\sstyle\s*=", html, re.I), "style attribute: use a class in a stylesheet"
    assert "<style" not in html, "<style> block: move it to static/css/"
    assert "javascript:" not in html


# --- API schema and docs -------------------------------------------------------------------------
def test_api_docs_need_a_sign_in(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/api/docs/")
    assert client.get("/api/docs/?script=").status_code == 302


def test_api_docs_run_under_the_policy(client_for, clerk):
    client = client_for(clerk)
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<script src="/api/docs/?script="></script>' in html and "<style" not in html
    assert csp_of(page)["img-src"] == ["'self'", "data:"]  # Swagger UI's icons
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_api_schema_needs_a_user_or_an_agency(client, clerk, bank):
    assert client.get("/api/schema/").status_code in {401, 403}
    token = Token.objects.create(user=clerk)
    by_token = client.get(
        "/api/schema/", HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT="application/json"
    )
    assert by_token.status_code == 200 and "/api/v1/me/" in by_token.json()["paths"]
    _, key = AgencyToken.issue(agency=bank, name="对接系统")
    by_agency = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Agency {key}", HTTP_ACCEPT="application/json")
    assert by_agency.status_code == 200 and "/api/v1/agency/notices/" in by_agency.json()["paths"]


# --- /api/v1/me/ matches its schema ----------------------------------------------------------------
def as_json_schema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"; the rest is the same."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def me_validator(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = as_json_schema(schema["components"])
    response = schema["paths"]["/api/v1/me/"]["get"]["responses"]["200"]["content"]["application/json"]
    root = {**as_json_schema(response["schema"]), "components": components}
    return jsonschema.Draft202012Validator(root)


@pytest.mark.parametrize("who", ["clerk", "liaison", "no_membership"])
def test_me_answers_what_its_schema_says(client_for, clerk, liaison, who):
    users = {"clerk": clerk, "liaison": liaison, "no_membership": UserFactory(username="loner")}
    client = client_for(users[who])
    body = client.get("/api/v1/me/").json()
    me_validator(client).validate(body)
    membership = body["membership"]
    if who == "clerk":
        assert membership["court"]["code"] == "青0102" and membership["agency"] is None
    elif who == "liaison":
        assert membership["agency"]["name"] == "中国工商银行西宁分行" and membership["court"] is None
    else:
        assert membership is None


def test_me_schema_says_court_and_agency_may_be_null(client_for, clerk):
    schema = client_for(clerk).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    membership = schema["components"]["schemas"]["Membership"]["properties"]
    assert membership["court"].get("nullable") is True and membership["agency"].get("nullable") is True


def test_a_supervisor_and_admin_also_validate(client_for, court):
    for role in (Role.SUPERVISOR, Role.ADMIN):
        client = client_for(make_member(role, court=court))
        me_validator(client).validate(client.get("/api/v1/me/").json())
