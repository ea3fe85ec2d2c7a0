"""The caller's address (enforcement.middleware.client_ip) behind trusted reverse proxies only:
what the audit trail records, what the per-address rate limits count, what the sign-in lock-out
keys on. Forwarded headers from anyone else are ignored, malformed values never fail a request,
and the scheme header counts only from a configured proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import RequestFactory

from enforcement.middleware import client_ip, parse_address
from enforcement.models import AuditEvent

ROOT = Path(settings.BASE_DIR)
PROXY = "10.0.0.5"
rf = RequestFactory()


def request_from(remote_addr, forwarded=None, **extra):
    meta = {"REMOTE_ADDR": remote_addr, **extra}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **meta)


# --- client_ip ------------------------------------------------------------------------------------
def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_forwarded_client_is_taken(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_the_right_most_untrusted_hop_wins_not_the_first(settings):
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_given_as_networks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "172.31.250.0/29"]
    chain = "1.2.3.4, 203.0.113.9, 10.0.0.8"
    assert client_ip(request_from("172.31.250.2", chain)) == "203.0.113.9"


def test_only_proxies_in_the_chain_gives_the_farthest(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(PROXY, "10.1.1.1, 10.2.2.2")) == "10.1.1.1"


def test_an_untrusted_peer_is_the_client_even_with_a_trusted_looking_header(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from("198.51.100.7", PROXY)) == "198.51.100.7"


@pytest.mark.parametrize(
    "forwarded",
    ["garbage", "999.1.1.1", "", " , ", "1.2.3.4, garbage", "\x00", "1.2.3.4,,", "2001:db8::zz", "a" * 5000],
)
def test_malformed_forwarded_values_never_raise(settings, forwarded):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", forwarded)) == "198.51.100.7"
    settings.TRUSTED_PROXIES = [PROXY]
    address = client_ip(request_from(PROXY, forwarded))
    assert parse_address(address) is not None  # a real address, never the header's text
    assert address in {PROXY, "1.2.3.4"}


def test_a_malformed_hop_stops_at_the_last_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(PROXY, "203.0.113.9, garbage, 10.0.0.7")) == "10.0.0.7"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("fe80::1%eth0", "fe80::1"),
        ("999.1.1.1", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_address(value, expected):
    parsed = parse_address(value)
    assert (str(parsed) if parsed else None) == expected


def test_a_malformed_remote_addr_gives_no_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from("not-an-address", "203.0.113.9")) is None
    assert client_ip(None) is None


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXIES = ["2001:db8:ffff::/48"]
    assert client_ip(request_from("2001:db8:ffff::2", "2001:db8:1::7")) == "2001:db8:1::7"


# --- through the whole stack ----------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("forwarded", ["garbage", "999.1.1.1", "203.0.113.9"])
def test_a_forged_forwarded_header_neither_fails_login_nor_lands_in_the_audit(client, clerk, forwarded):
    response = client.post(
        "/login/", {"username": "clerk", "password": "pass-Word-123"}, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="auth.login").ip == "127.0.0.1"
    client.logout()
    failed = client.post("/login/", {"username": "nobody", "password": "x"}, HTTP_X_FORWARDED_FOR=forwarded)
    assert failed.status_code == 200
    assert AuditEvent.objects.get(action="auth.login_failed").ip == "127.0.0.1"


@pytest.mark.django_db
def test_behind_the_configured_proxy_the_audit_records_the_client(client, clerk, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    client.post(
        "/login/",
        {"username": "clerk", "password": "pass-Word-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert AuditEvent.objects.get(action="auth.login").ip == "203.0.113.9"


@pytest.mark.django_db
def test_the_public_lookup_limit_cannot_be_dodged_with_a_forged_header(client, frozen_ratelimit_clock):
    statuses = [
        client.post(
            "/public/case/", {"code": f"WRONG{i:05d}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429


@pytest.mark.django_db
def test_the_verify_limit_cannot_be_dodged_with_a_forged_header(client, frozen_ratelimit_clock):
    statuses = [
        client.get(f"/verify/ABCD-EFGH-{i:04d}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(31)
    ]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


@pytest.mark.django_db
def test_behind_the_proxy_each_client_has_its_own_limit(client, settings, frozen_ratelimit_clock):
    settings.TRUSTED_PROXIES = [PROXY]
    for i in range(20):
        client.post(
            "/public/case/", {"code": f"WRONG{i:05d}"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    limited = client.post(
        "/public/case/", {"code": "WRONG"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    other = client.post(
        "/public/case/", {"code": "WRONG"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert limited.status_code == 429 and other.status_code == 200


# --- the scheme header ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_forwarded_proto_counts_only_from_a_trusted_proxy(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [PROXY]
    forged = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")
    proxied = client.get("/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


def _production_setting(name: str, **env_vars) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"TRUSTED_PROXIES", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-real-secret-for-this-check-only-0123456789-abcdefghijklmnop",
        **env_vars,
    )
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_trusts_the_scheme_header_only_with_a_proxy_configured():
    assert _production_setting("SECURE_PROXY_SSL_HEADER") == "None"
    with_proxy = _production_setting("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXIES="172.31.250.0/29")
    assert with_proxy == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_trusted_proxies_setting_is_checked(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings.env import env_networks

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.5, 172.31.250.1/29 ,2001:db8::/64,")
    assert env_networks("TRUSTED_PROXIES") == ["10.0.0.5/32", "172.31.250.0/29", "2001:db8::/64"]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.5,proxy.local")
    with pytest.raises(ImproperlyConfigured, match="'proxy.local' is neither an IP address nor a network"):
        env_networks("TRUSTED_PROXIES")


# --- docker-compose: gunicorn is reached through the proxy only -----------------------------------
def test_compose_publishes_only_the_proxy_and_web_trusts_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["image"].startswith("nginx:")
    assert "./deploy/nginx/default.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
    # the edge network holds the proxy and web only, and its subnet is what web trusts
    on_edge = {name for name, service in services.items() if "edge" in service.get("networks", [])}
    assert on_edge == {"proxy", "web"}
    subnet = compose["networks"]["edge"]["ipam"]["config"][0]["subnet"]
    assert subnet == "${EDGE_SUBNET:-172.31.250.0/29}"
    assert services["web"]["environment"]["TRUSTED_PROXIES"].startswith("${EDGE_SUBNET:-172.31.250.0/29},")


def test_the_proxy_sets_the_headers_the_application_trusts():
    conf = (ROOT / "deploy/nginx/default.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://court_enforcement_web;" in conf and "server web:8000;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "return 301 https://$host$request_uri;" in conf
