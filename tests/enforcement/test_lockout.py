"""Sign-in lock-out (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name from
one address, even the right password is refused, on the login page (Chinese message) and on the API
token endpoint (429, code locked_out), until the lock expires or an administrator unlocks it in the
admin. Failures, the lock and the unlock are in the audit trail."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from enforcement.choices import Role
from enforcement.errors import NotAllowed
from enforcement.lockout import login_unlock
from enforcement.models import AuditEvent
from tests.clock import NOW
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-123"
LOCKED_MESSAGE = "登录失败次数过多"
ELSEWHERE = "198.51.100.20"


def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def page_login(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def token_login(client, username, password, **extra):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, **extra)


def test_the_limit_is_low_enough_to_stop_guessing():
    assert 3 <= limit() <= 10
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "enforcement.middleware.client_ip"


# --- the login page ------------------------------------------------------------------------------
def test_login_page_refuses_the_right_password_after_too_many_wrong_ones(client, clerk):
    for _ in range(limit() - 1):
        assert page_login(client, "clerk", "wrong").status_code == 200
    last_wrong = page_login(client, "clerk", "wrong")
    assert last_wrong.status_code == 429 and LOCKED_MESSAGE in last_wrong.content.decode()

    right = page_login(client, "clerk", PASSWORD)
    html = right.content.decode()
    assert right.status_code == 429
    assert "该用户名从您所在地址登录失败次数过多，已锁定 30 分钟" in html
    assert 'class="form-errors lockout"' in html and 'name="username"' in html  # the form, not a bare text
    assert right["Retry-After"] == "1800"
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, clerk):
    # the attack the lock-out exists for
    for _ in range(30):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 429
    assert SESSION_KEY not in client.session


def test_fewer_failures_than_the_limit_do_not_lock_and_success_clears_them(client, clerk):
    for _ in range(limit() - 1):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(limit() - 1):  # the count started again after the successful sign-in
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 302


def test_the_lock_is_in_english_for_an_english_session(client, clerk):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    html = page_login(client, "clerk", PASSWORD).content.decode()
    assert "Too many failed sign-ins for this user name from your address" in html


def test_another_user_from_the_same_address_is_not_locked(client, clerk, judge):
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 429
    assert page_login(client, "judge", PASSWORD).status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, clerk):
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 429
    assert page_login(client, "clerk", PASSWORD, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, clerk):
    for i in range(limit()):
        page_login(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert page_login(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_the_proxy_the_lock_is_keyed_on_the_real_client(client, clerk, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    via_proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(limit()):
        page_login(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert (
        page_login(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy).status_code
        == 429
    )
    other_client = page_login(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10", **via_proxy)
    assert other_client.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_the_lock_lifts_after_the_lockout_minutes(client, clerk):
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 429
    # the lock began LOGIN_LOCKOUT_MINUTES and a second ago
    began = NOW - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=began)
    assert page_login(client, "clerk", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(client, court):
    make_member(Role.ADMIN, court=court, username="sysadmin", is_staff=True, is_superuser=True)
    for _ in range(limit()):
        client.post("/admin/login/", {"username": "sysadmin", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 429 and LOCKED_MESSAGE in response.content.decode()


# --- the API token endpoint ----------------------------------------------------------------------
def test_token_endpoint_refuses_the_right_password_after_too_many_wrong_ones(client, clerk):
    for _ in range(limit() - 1):
        wrong = token_login(client, "clerk", "wrong")
        assert wrong.status_code == 400 and wrong.json()["code"] == "invalid"
    assert token_login(client, "clerk", "wrong").status_code == 429

    right = token_login(client, "clerk", PASSWORD)
    assert right.status_code == 429
    body = right.json()
    assert body["code"] == "locked_out"
    assert body["detail"].startswith("该用户名从您所在地址登录失败次数过多")
    assert right["Retry-After"] == "1800"
    assert "token" not in body


def test_twenty_wrong_token_requests_then_the_right_one_is_refused(client, clerk):
    for _ in range(20):
        token_login(client, "clerk", "wrong")
    assert token_login(client, "clerk", PASSWORD).status_code == 429


def test_page_and_api_share_one_count(client, clerk):
    for _ in range(limit() - 1):
        page_login(client, "clerk", "wrong")
    assert token_login(client, "clerk", "wrong").status_code == 429
    assert page_login(client, "clerk", PASSWORD).status_code == 429


def test_token_endpoint_other_user_same_address_not_locked(client, clerk, judge):
    for _ in range(limit()):
        token_login(client, "clerk", "wrong")
    assert token_login(client, "clerk", PASSWORD).status_code == 429
    assert token_login(client, "judge", PASSWORD).status_code == 200


def test_the_schema_documents_the_lockout_answer(client_for, clerk):
    schema = client_for(clerk).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "429"} <= set(responses)


# --- the audit trail -----------------------------------------------------------------------------
def test_failures_the_lock_and_refusals_are_audited(client, clerk):
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    page_login(client, "clerk", PASSWORD)
    token_login(client, "clerk", PASSWORD)

    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert failed.count() == limit() + 2
    assert [e.data["locked_out"] for e in failed] == [False] * limit() + [True, True]
    assert {e.ip for e in failed} == {"127.0.0.1"}
    assert [e.data["path"] for e in failed][-2:] == ["/login/", "/api/v1/auth/token/"]
    assert failed.last().summary == "登录失败（已锁定）：clerk"

    locked = AuditEvent.objects.get(action="auth.locked_out")  # once, when the lock began
    assert locked.data == {
        "username": "clerk",
        "failures": limit(),
        "limit": limit(),
        "minutes": 30,
        "path": "/login/",
    }
    assert locked.ip == "127.0.0.1" and locked.summary == f"登录锁定：clerk（连续失败{limit()}次）"


# --- unlocking -----------------------------------------------------------------------------------
@pytest.fixture
def sysadmin(court):
    return make_member(Role.ADMIN, court=court, username="sysadmin", is_staff=True, is_superuser=True)


def lock_clerk(client):
    for _ in range(limit()):
        page_login(client, "clerk", "wrong")
    assert page_login(client, "clerk", PASSWORD).status_code == 429


def test_admin_unlock_action_lets_the_user_in_again(client, clerk, sysadmin):
    from django.test import Client

    lock_clerk(client)
    attempt = AccessAttempt.objects.get(username="clerk")
    admin_client = Client()
    admin_client.force_login(sysadmin)
    changelist = admin_client.get("/admin/axes/accessattempt/")
    html = changelist.content.decode()
    assert changelist.status_code == 200
    assert "解除所选用户名及地址的登录锁定" in html and "登录锁定" in html and "失败次数" in html
    assert "delete_selected" not in html  # unlocking is the one, audited, way
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert "已解除 1 项登录锁定。" in response.content.decode()
    assert not AccessAttempt.objects.exists()

    event = AuditEvent.objects.get(action="auth.unlocked")
    assert event.actor == sysadmin and event.data["username"] == "clerk" and event.data["was_locked"]
    assert event.summary == "解除登录锁定：clerk（127.0.0.1）"
    assert page_login(client, "clerk", PASSWORD).status_code == 302


def test_deleting_an_attempt_in_the_admin_is_an_audited_unlock(client, clerk, sysadmin):
    from django.test import Client

    lock_clerk(client)
    attempt = AccessAttempt.objects.get(username="clerk")
    admin_client = Client()
    admin_client.force_login(sysadmin)
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="auth.unlocked", actor=sysadmin).count() == 1


def test_only_an_administrator_may_unlock(client, clerk, judge):
    lock_clerk(client)
    attempt = AccessAttempt.objects.get(username="clerk")
    with pytest.raises(NotAllowed):
        login_unlock(actor=judge, attempt_ids=[attempt.pk])
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not AuditEvent.objects.filter(action="auth.unlocked").exists()
