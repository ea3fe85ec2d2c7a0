"""Small readers for environment variables (12-factor settings)."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

INSECURE_SECRET_KEY = "django-insecure-dev-only-do-not-use-in-production"  # noqa: S105 - a marker, not a secret


def env_str(name: str, default: str = "") -> str:
    """The variable's value; a variable that is set but empty counts as unset (compose passes
    `${VAR:-}` through as an empty string)."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR networks (`10.0.0.5, 172.31.250.0/29, 2001:db8::/64`),
    each checked and written in its canonical form. A wrong entry stops the start-up: a proxy that is
    silently not trusted would put its own address on every audit event."""
    networks = []
    for entry in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is neither an IP address nor a network in CIDR form "
                "(for example 10.0.0.5 or 172.31.250.0/29)"
            ) from None
    return networks


MIN_SECRET_KEY_LENGTH = 50  # Django's own deploy check (security.W009) asks for at least 50 characters


def refuse_short_secret(*, secret_key: str) -> None:
    """Production signs sessions, API tokens and password resets with SECRET_KEY: a short one can be
    guessed. Refused at start-up, with the way to make a good one."""
    if len(secret_key or "") < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too short: {len(secret_key or '')} characters, at least "
            f"{MIN_SECRET_KEY_LENGTH} (and not one character repeated) are required. Generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )


def refuse_insecure_secret(*, debug: bool, secret_key: str) -> None:
    """A server started with DEBUG off must have a real SECRET_KEY: sessions, tokens and password
    resets are signed with it."""
    if not debug and (not secret_key or secret_key == INSECURE_SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set (or is the development default) while DEBUG is off. "
            "Set the SECRET_KEY environment variable to a long random value, for example: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
