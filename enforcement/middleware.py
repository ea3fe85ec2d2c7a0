"""Request plumbing: the caller's real address behind trusted reverse proxies, the request's context
for the audit trail (a context variable: address, request id, user agent), and one structured log
line per request (method, path, status, duration, user, request id, client address).

The address logic is hand-written because it is a few lines of the standard library's ipaddress
module, and the package that exists for it (django-ipware) trusts proxies by string prefix, not by
network, and takes the left-most hop, which the client itself writes."""

import contextlib
import contextvars
import functools
import ipaddress
import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger("enforcement.request")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers only a reverse proxy may set: from anyone else they are dropped (ForwardedHeadersMiddleware),
# so that neither SECURE_PROXY_SSL_HEADER nor client_ip can be told a scheme or address by the client.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_address(value) -> IPAddress | None:
    """An IP address from a header or REMOTE_ADDR value, or None when it is not one. Accepts the
    forms proxies write: `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::1`, `[2001:db8::1]:443`;
    an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is the IPv4 address."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has two colons or more
        value = value.partition(":")[0]
    value = value.partition("%")[0]  # an IPv6 zone (fe80::1%eth0) is local to the proxy
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address: IPAddress | None) -> bool:
    """Whether the address is one of settings.TRUSTED_PROXIES (addresses or CIDR networks)."""
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The caller's address, for the audit trail, the per-address rate limits and the sign-in
    lock-out (AXES_CLIENT_IP_CALLABLE), so that all three agree.

    The peer (REMOTE_ADDR) is the caller unless it is a trusted proxy. Then X-Forwarded-For is read
    from the right, the end the proxies append to: each trusted proxy is skipped and the first
    address that is not one is the client. Everything left of it was written by the client and is
    ignored. A malformed hop stops the walk at the last proxy that was trusted; nothing here raises."""
    if request is None:
        return None
    meta = request.META
    peer = parse_address(meta.get("REMOTE_ADDR"))
    if peer is None:
        return None
    if not is_trusted_proxy(peer):
        return str(peer)
    client = peer
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if isinstance(forwarded, str) and forwarded else []):
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not is_trusted_proxy(address):
            break
    return str(client)


class ForwardedHeadersMiddleware:
    """First in MIDDLEWARE: a request whose peer is not a trusted proxy loses the X-Forwarded-*
    headers before anything reads them (SecurityMiddleware's HTTPS redirect through
    SECURE_PROXY_SSL_HEADER, CSRF's origin check, client_ip)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(parse_address(request.META.get("REMOTE_ADDR"))):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


# --- the request's context, for the audit trail ----------------------------------------------------
@dataclass(frozen=True)
class RequestContext:
    """What the audit trail records of the request an event was written in. Services never take the
    request: the middleware below sets this for the duration of each request, and
    enforcement.audit.audit_record reads it (outside a request, in Celery and management commands,
    there is none)."""

    ip: str | None = None
    request_id: str = ""
    user_agent: str = ""


REQUEST_ID_MAX = 64
USER_AGENT_MAX = 255

_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "enforcement_request_context", default=None
)


def _clean_header(value, limit: int) -> str:
    """A header as the trail may store it: text without control characters (a NUL is refused by
    PostgreSQL), cut to the column's length."""
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if ch.isprintable())[:limit]


def request_context_of(request) -> RequestContext:
    request_id = getattr(request, "request_id", "") or request.headers.get("X-Request-ID", "")
    return RequestContext(
        ip=client_ip(request),
        request_id=_clean_header(request_id, REQUEST_ID_MAX),
        user_agent=_clean_header(request.headers.get("User-Agent", ""), USER_AGENT_MAX),
    )


def current_request_context() -> RequestContext | None:
    """The context of the request being served, or None outside one."""
    return _request_context.get()


def request_context_enter(context: RequestContext | None) -> contextvars.Token:
    """Make `context` current (None: outside any request) until request_context_leave(token)."""
    return _request_context.set(context)


def request_context_leave(token: contextvars.Token) -> None:
    _request_context.reset(token)


@contextlib.contextmanager
def request_context(context: RequestContext | None):
    """Run a block in `context` (None: outside any request): what the middleware does for each
    request (a Celery task enters None, so an eager task run inside a request records no address)."""
    token = request_context_enter(context)
    try:
        yield context
    finally:
        request_context_leave(token)


class RequestLogMiddleware:
    """Gives the request its id, sets the request's context for the audit trail while it is served,
    and logs one line when it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        started = time.perf_counter()
        with request_context(request_context_of(request)):
            response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "client_ip": client_ip(request),
            },
        )
        response["X-Request-ID"] = request.request_id
        return response
