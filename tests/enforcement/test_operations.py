"""Health, API (session and token), OpenAPI schema and docs served without a CDN, settings guard,
and the Chinese shell with English switchable."""

import ast
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from rest_framework.authtoken.models import Token

from enforcement.choices import Role
from tests.factories import make_member

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


HEALTHZ_TOKEN = "monitor-token-for-tests"
DETAILS = {"HTTP_X_HEALTHZ_TOKEN": HEALTHZ_TOKEN}


@pytest.fixture
def healthz_token(settings):
    settings.HEALTHZ_TOKEN = HEALTHZ_TOKEN


def test_healthz_reports_database_and_broker(client, healthz_token):
    response = client.get("/healthz", **DETAILS)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"}
    assert body["broker"] in {"eager", "ok"}


def test_healthz_shows_broker_down_but_stays_up(client, settings, healthz_token):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    body = client.get("/healthz", **DETAILS).json()
    assert body["broker"].startswith("down") and body["status"] == "ok"


def test_healthz_503_when_database_fails(client, monkeypatch, healthz_token):
    from enforcement.views import health

    def broken_cursor():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz", **DETAILS)
    assert response.status_code == 503 and response.json()["status"] == "error"
    assert response.json()["database"] == "error: OperationalError"
    anonymous = client.get("/healthz")
    assert anonymous.status_code == 503 and anonymous.json() == {"status": "error"}


def test_healthz_tells_anonymous_callers_only_ok(client, settings, healthz_token):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="wrong").json() == {"status": "ok"}
    settings.HEALTHZ_TOKEN = ""  # no token configured: an empty header is no key
    assert client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="").json() == {"status": "ok"}


def test_healthz_details_for_staff(client_for, clerk, court):
    assert set(client_for(clerk).get("/healthz").json()) == {"status"}
    admin = make_member(Role.ADMIN, court=court, username="sysadmin", is_staff=True)
    assert {"status", "database", "broker"} <= set(client_for(admin).get("/healthz").json())


def test_root_leads_to_chinese_login(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    html = response.content.decode()
    assert "登录" in html and 'lang="zh-hans"' in html


def test_english_is_switchable(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    html = client.get(reverse("login")).content.decode()
    assert "Log in" in html and "登录" not in html


@pytest.mark.parametrize(
    "role, org_attr, label",
    [
        (Role.CLERK, "court", "书记员"),
        (Role.JUDGE, "court", "执行法官"),
        (Role.HEAD, "court", "执行局长"),
        (Role.FINANCE, "court", "财务人员"),
        (Role.SUPERVISOR, "court", "监督人员"),
        (Role.ADMIN, "court", "系统管理员"),
        (Role.LIAISON, "agency", "协助单位联络员"),
    ],
)
def test_home_page_per_role_shows_organisation_and_role(client_for, court, bank, role, org_attr, label):
    user = make_member(role, court=court, agency=bank)
    html = client_for(user).get(reverse("home")).content.decode()
    organisation = court if org_attr == "court" else bank
    assert organisation.name in html and label in html


def test_supervisor_home_lists_courts_below(client_for, supervisor, court, other_court):
    html = client_for(supervisor).get(reverse("home")).content.decode()
    assert court.name in html and other_court.name in html


def test_api_requires_authentication(client):
    assert client.get("/api/v1/me/").status_code in {401, 403}


def test_api_token_auth_and_scoped_courts(client, clerk, court, other_court):
    token = Token.objects.create(user=clerk)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    me = client.get("/api/v1/me/", **auth).json()
    assert me["membership"]["role"] == "clerk" and me["membership"]["court"]["code"] == "青0102"
    codes = [c["code"] for c in client.get("/api/v1/courts/", **auth).json()["results"]]
    assert codes == ["青0102"]
    assert client.get(f"/api/v1/courts/{other_court.pk}/", **auth).status_code == 404


def test_api_token_obtained_with_password(client, clerk):
    response = client.post("/api/v1/auth/token/", {"username": "clerk", "password": "pass-Word-123"})
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_api_liaison_sees_only_own_agency(client_for, liaison, bank, other_bank):
    ids = [a["id"] for a in client_for(liaison).get("/api/v1/agencies/").json()["results"]]
    assert ids == [bank.pk]


def test_api_errors_carry_code_and_message(client_for, clerk, other_court):
    body = client_for(clerk).get(f"/api/v1/courts/{other_court.pk}/").json()
    assert body["code"] == "not_found" and body["detail"]


def test_openapi_schema_and_docs_without_cdn(client_for, clerk):
    client = client_for(clerk)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/me/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost)[^\"']+\.(js|css)", docs)


def test_production_refuses_default_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    code = "import django; django.setup()"
    refused = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    env["SECRET_KEY"] = "a-real-secret-for-this-check-only-0123456789-abcdefghijklmnop"
    accepted = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stderr


def test_chinese_translation_is_complete_and_compiled():
    po = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    # the entries as gettext sees them: po escapes (\" \\ \n) decoded like a Python string literal
    # (context or None, msgid, msgstr): an entry with a msgctxt is looked up with pgettext
    entries = [
        (
            ast.literal_eval(f'"{ctx}"') if ctx else None,
            ast.literal_eval(f'"{mid}"'),
            ast.literal_eval(f'"{mstr}"'),
        )
        for ctx, mid, mstr in re.findall(
            r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.*)"$', po, flags=re.M
        )
    ]
    pairs = [(mid, mstr) for _ctx, mid, mstr in entries]
    untranslated = [mid for mid, mstr in pairs if not mstr]
    assert not untranslated, f"untranslated: {untranslated}"
    assert "#, fuzzy" not in po and "\n#| msgid" not in po, "fuzzy guesses left in django.po: review them"
    with open(ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = [
        mid
        for ctx, mid, mstr in entries
        if "%" not in mid and (mo.pgettext(ctx, mid) if ctx else mo.gettext(mid)) != mstr
    ]
    assert any(ctx for ctx, _mid, _mstr in entries), "the entries with a context are read too"
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:5]}"


def test_empty_environment_variable_counts_as_unset(monkeypatch):
    from config.settings.env import env_str

    monkeypatch.setenv("SOME_SETTING", "")
    assert env_str("SOME_SETTING", "fallback") == "fallback"
    monkeypatch.setenv("SOME_SETTING", "given")
    assert env_str("SOME_SETTING", "fallback") == "given"
