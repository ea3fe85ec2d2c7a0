"""The permission matrix: every URL of the resolver and every operation of the OpenAPI schema, GET and
POST, as every role — the right court's clerk, judge, head and finance officer, the same roles of a
sibling court, a judge of the parent court, a supervisor, the liaison officer of the right and of the
wrong agency, a joint-punishment unit with its API key, and anonymous — on real records, checked
against one declared table (MATRIX). A new URL that the table does not classify fails the test with a
message saying where to classify it.

The records are those tests/enforcement/test_url_permissions.py builds through the services
(`build_foreign`, one of each kind: case, party, asset, measure, notice, approval, document, payout,
defaulter listing, penalty, referral, aid application, objection, supervision reminder and grant…) for
`other_court` and `other_bank`: here that court is "the right court" and that bank "the right
agency"; `court` and `bank` are the sibling court and the wrong agency, which own nothing.

The world is built once for the module (inside a transaction rolled back at the end); each role's
test runs in a savepoint of its own, so what one role's requests change no other role sees. Besides
the status of every answer, a page a role may open must not show the right court's case numbers to a
role that may not see that court's records (sibling court, wrong agency, unit, anonymous)."""

import fnmatch
import re
from dataclasses import dataclass, field
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, get_resolver, resolve
from rest_framework.test import APIClient

from enforcement.choices import CourtLevel, Role
from tests.clock import NOW
from tests.enforcement.test_url_permissions import (
    POST_DATA,
    SKIP_PREFIXES,
    build_foreign,
    item_record,
    pk_record,
    walk,
)
from tests.factories import AgencyFactory, CourtFactory, make_member

pytestmark = pytest.mark.django_db

# --- the roles ------------------------------------------------------------------------------------
OWN = ("own_clerk", "own_judge", "own_head", "own_finance")
SIBLING = ("sibling_clerk", "sibling_judge", "sibling_head", "sibling_finance")
PARENT = ("parent_judge", "supervisor")
ROLES = OWN + SIBLING + PARENT + ("liaison_right", "liaison_wrong", "unit", "anonymous")
# Who may see the right court's records at all: its own staff and, by the court hierarchy, the
# parent court's judge and the supervisor. The right agency's officer sees the notices addressed to it.
SEE_COURT = set(OWN + PARENT)

# --- outcomes -------------------------------------------------------------------------------------
ALLOWED = "allowed"  # 2xx/3xx (not a redirect to the login page)
REFUSED = "refused"  # 401/403 or a redirect to the login page
NOT_FOUND = "not_found"  # 404
BAD = "bad"  # 400: refused before any look-up (a request without its parameters)
METHOD = "method"  # 405: the view does not take that method
CONFLICT = "conflict"  # 409: the record was found, the request does not fit its state

DENY = {REFUSED, NOT_FOUND, BAD, METHOD}  # nothing of the record reached
REACHABLE = {ALLOWED, REFUSED, NOT_FOUND, BAD, METHOD, CONFLICT}  # any clean answer


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"ERROR {status}"
    if status in (301, 302, 303) and "/login/" in response.get("Location", ""):
        return REFUSED
    if status < 400:
        return ALLOWED
    return {401: REFUSED, 403: REFUSED, 404: NOT_FOUND, 400: BAD, 405: METHOD, 409: CONFLICT}.get(
        status, f"{status}"
    )


@dataclass
class Row:
    """One row of the table: the GET outcomes each role may get; the POST outcomes (`post`: roles
    named there; every other role whose GET row holds no ALLOWED must get a DENY outcome, roles that may
    GET are not posted to); and `sees`, the roles an answered page may show the right court's records."""

    get: dict
    post: dict = field(default_factory=dict)
    sees: frozenset = frozenset(SEE_COURT)
    empty: frozenset = frozenset()  # roles whose answered (200) API list must hold no row at all


def _group(role: str) -> str:
    return "own" if role in OWN else "sibling" if role in SIBLING else "parent" if role in PARENT else role


def per_role(default, spec: dict) -> dict:
    return {role: set(spec.get(role, spec.get(_group(role), default))) for role in ROLES}


def expect(default=DENY, *, post=None, sees=SEE_COURT, empty=(), **spec) -> Row:
    """`default` for roles not named; `own=`, `sibling=`, `parent=` name a group."""
    return Row(
        get=per_role(default, spec),
        post={role: set(v) for role, v in (post or {}).items()},
        sees=frozenset(sees),
        empty=frozenset(empty),
    )


NOBODY_ELSE = {"unit": {REFUSED}, "anonymous": {REFUSED}}
SIGNED_IN_ROLES = [r for r in ROLES if r not in ("unit", "anonymous")]

# Public on purpose, and the page itself must open for anonymous (brief: defaulter search, verify,
# party progress, health, login). A signed-in user gets the same page (login: a redirect home).
PUBLIC_PAGE = expect(default={ALLOWED})
# Plumbing every visitor may call (log out, language, translations, the API token exchange): a clean
# answer, never data. 400: the token endpoint without credentials; 405: logout/setlang by GET.
PLUMBING = expect(default={ALLOWED, BAD, METHOD})
# A document's public verification page, by its code: the code of the walk matches nothing
VERIFY_BY_CODE = expect(default={ALLOWED, NOT_FOUND})
# Every signed-in user (their own pages: home, password, inbox); units and anonymous refused.
SIGNED_IN = expect(default={ALLOWED}, **NOBODY_ELSE)
# A POST-only action on the user's own inbox: GET 405 for every signed-in user; POST marks the
# user's own notifications (allowed, their own), the units and anonymous refused.
INBOX_ACTION = expect(
    default={METHOD}, post={r: {ALLOWED} for r in SIGNED_IN_ROLES} | NOBODY_ELSE, **NOBODY_ELSE
)
# One notification of the right court's head: only its recipient finds it. The page form (POST-only)
# goes back to the inbox whatever happened (redirect) and a stranger's POST changes nothing (checked
# after the walk); the API answers 404 to everyone else.
NOTIFICATION_PAGE = expect(
    default={METHOD}, post={r: {ALLOWED} for r in SIGNED_IN_ROLES} | NOBODY_ELSE, **NOBODY_ELSE
)
NOTIFICATION_API = expect(default={NOT_FOUND}, own_head={ALLOWED}, sees={"own_head"}, **NOBODY_ELSE)
NOTIFICATION_API_READ = expect(
    default={METHOD},
    post={"own_head": {ALLOWED}}
    | {r: {NOT_FOUND} for r in SIGNED_IN_ROLES if r != "own_head"}
    | {"supervisor": {REFUSED}}  # read only: every API write of a supervisor refused before any look-up
    | NOBODY_ELSE,
    **NOBODY_ELSE,
)
NOTIFICATION_LIST = expect(default={ALLOWED}, sees={"own_head"}, **NOBODY_ELSE)
# Reference data (courts, agencies, case actions, document kinds, the API root): every signed-in user,
# agencies' officers included; no record of any case in it.
REFERENCE = expect(
    default={ALLOWED}, sees=SEE_COURT | {"liaison_right", "liaison_wrong"} | set(SIBLING), **NOBODY_ELSE
)
# The schema and its UI: signed-in users (agencies read it to build their side)
API_DOCS = expect(default={ALLOWED}, sees=set(ROLES), **NOBODY_ELSE)

# The right court's record (a URL with an id): its own staff reach it (an action a role may not take
# is refused, one its state does not allow is a conflict), the parent court's judge and the supervisor
# may look (supervision, read only), nobody else finds it.
COURT_RECORD = expect(default=DENY, own=REACHABLE, parent=REACHABLE)
# A court page without a record id (lists, forms, dashboards): every court user, scoped to their
# court; the sibling court's staff see their own (empty) lists. Liaison officers, units and
# anonymous are refused: court pages are for court staff (enforcement.access.is_court_user).
COURT_PAGE = expect(default=DENY, own=REACHABLE, sibling=REACHABLE, parent=REACHABLE)
# The court-side API's lists: as COURT_PAGE, except that a liaison officer is answered with their own
# scope — the selectors give an agency user the notices (and their measures) addressed to the agency
# and nothing else, so the lists of every other kind are empty (200, []). What the answer holds is
# checked: the wrong agency's officer never sees the right court's case.
COURT_API_LIST = expect(
    default=DENY,
    own=REACHABLE,
    sibling=REACHABLE,
    parent=REACHABLE,
    liaison_right=DENY | {ALLOWED},
    liaison_wrong=DENY | {ALLOWED},
    empty=set(SIBLING) | {"liaison_right", "liaison_wrong"},  # the sibling court owns nothing either
)
# The notices (and the measures they carry) addressed to the right agency: its officer sees them
# through the court-side API too (assistance.selectors.notices_visible_to), read only.
AGENCY_SCOPED_LIST = expect(
    default=DENY,
    own=REACHABLE,
    sibling=REACHABLE,
    parent=REACHABLE,
    liaison_right={ALLOWED},
    liaison_wrong={ALLOWED},
    sees=SEE_COURT | {"liaison_right"},
    empty=set(SIBLING) | {"liaison_wrong"},
)
AGENCY_SCOPED_RECORD = expect(
    default=DENY, own=REACHABLE, parent=REACHABLE, liaison_right=REACHABLE, sees=SEE_COURT | {"liaison_right"}
)
# The liaison officer's own pages: the right agency's officer; court staff and other agencies refused
LIAISON_RECORD = expect(default=DENY, liaison_right=REACHABLE, sees={"liaison_right"})
# The liaison inbox and its exports: every agency's officer, each their own agency's notices only
LIAISON_PAGE = expect(default=DENY, liaison_right=REACHABLE, liaison_wrong={ALLOWED}, sees={"liaison_right"})
# The agency API (AgencyToken) and the unit API (unit key): no session user gets in
AGENCY_API = expect(default={REFUSED})
# (units are sent the restrictions in force, the consumption orders with their case numbers, to enforce)
UNIT_API = expect(default={REFUSED}, unit=REACHABLE, sees={"unit"})

# URL-name pattern → expected outcome per role. The first matching pattern wins; an unmatched URL fails.
MATRIX = {
    # public on purpose (and nothing else is: test_anonymous_reaches_only_the_public_pages)
    "healthz": PUBLIC_PAGE,
    "login": PUBLIC_PAGE,
    "cases:public-case": PUBLIC_PAGE,
    "documents:verify-lookup": PUBLIC_PAGE,
    "documents:verify": VERIFY_BY_CODE,
    "sanctions:public-defaulters": PUBLIC_PAGE,
    "logout": PLUMBING,
    "set_language": PLUMBING,
    "javascript-catalog": PLUMBING,
    "api-token": PLUMBING,
    # joint-punishment units' API (sanctions.api.views.UnitView: a unit key, nothing else)
    "api-sanctions-checks": UNIT_API,
    "api-sanctions-changes": UNIT_API,
    "api-sanctions-check-log": UNIT_API,
    "api-sanctions-feedback": UNIT_API,
    # agencies' API and the liaison officers' pages
    "api-agency-*": AGENCY_API,
    "assistance:liaison-inbox": LIAISON_PAGE,
    "assistance:liaison-export-*": LIAISON_PAGE,
    "assistance:liaison*": LIAISON_RECORD,
    # the police's liaison pages (referrals): a police officer only; the banks' officers refused
    "sanctions-penalties:liaison-*": expect(default=DENY),
    # the notices addressed to an agency, through the court-side API (own scope for its officer)
    "api-notice-list": AGENCY_SCOPED_LIST,
    "api-measure-list": AGENCY_SCOPED_LIST,
    "api-notice-detail": AGENCY_SCOPED_RECORD,
    "api-measure-detail": AGENCY_SCOPED_RECORD,
    # reference data
    "court-list": REFERENCE,
    "agency-list": REFERENCE,
    # a court: those who see its records (its own staff, the courts above); 404 for the rest
    "court-detail": expect(default={NOT_FOUND}, own={ALLOWED}, parent={ALLOWED}, **NOBODY_ELSE),
    # an agency: every court user (they address notices to it), of the officers only its own
    "agency-detail": expect(default={ALLOWED}, liaison_wrong={NOT_FOUND}, **NOBODY_ELSE),
    "api-root": REFERENCE,
    "api-case-action-list": REFERENCE,
    "api-document-kind-list": REFERENCE,
    "api-me": SIGNED_IN,
    "password_change*": SIGNED_IN,
    "plugin_app:*": expect(default=REACHABLE, **NOBODY_ELSE),
    "home": SIGNED_IN,
    "notifications:inbox": NOTIFICATION_LIST,
    "notifications:mark-all-read": INBOX_ACTION,
    "notifications:mark-read": NOTIFICATION_PAGE,
    "notification-list": NOTIFICATION_LIST,
    "notification-detail": NOTIFICATION_API,
    "notification-read": NOTIFICATION_API_READ,
    "api-schema*": API_DOCS,
    "api-docs*": API_DOCS,
    # deciding an approval (a POST-only form): a stranger's decision goes back to the list with "not
    # found" as its message (redirect), and the approval stays pending (checked after the walk)
    "cases:approval-decide": expect(
        default=DENY,
        own=REACHABLE,
        parent=REACHABLE,
        post={r: {ALLOWED, REFUSED, NOT_FOUND} for r in SIBLING + ("liaison_right", "liaison_wrong")},
    ),
}


def classify(name: str):
    for pattern, row in MATRIX.items():
        if fnmatch.fnmatchcase(name, pattern):
            return row
    return None


# Court-side names with an id are records of the right court; without one, court pages (or, for the
# API's lists, COURT_API_LIST).
COURT_SIDE = re.compile(
    r"^(api-|cases:|documents:|assistance:|money:|disposal:|objections:|aid:|sanctions:|sanctions-penalties:"
    r"|command:|supervision:|grants:|supervision-grant-)"
)
API_LIST = re.compile(r"^(api-.*|supervision-grant)-list$")


def row_for(name: str, has_id: bool):
    row = classify(name)
    if row is None and COURT_SIDE.match(name):
        if has_id:
            row = COURT_RECORD
        elif API_LIST.match(name):
            row = COURT_API_LIST
        else:
            row = COURT_PAGE
    return row


# --- the routes -----------------------------------------------------------------------------------
def all_routes():
    seen = set()
    for name, route in walk(get_resolver()):
        if name.startswith(SKIP_PREFIXES) if name else route.startswith("admin/"):
            continue  # Django's admin has its own login (tests/enforcement/test_admin.py)
        if "(?P<format>" in route or "drf_format_suffix" in route or "static" in route or "media" in route:
            continue
        if (name, route) in seen:
            continue
        seen.add((name, route))
        yield name or "", route


ROUTES = list(all_routes())
HAS_ID = re.compile(r"\(\?P<\w+>|<(?:\w+:)?\w+>")
REFERENCE_PK = {"court-detail": "court", "agency-detail": "agency"}
KWARG = {
    "asset_pk": "asset",
    "case_id": "case",
    "party_pk": "party",
    "measure_pk": "measure",
    "notice_pk": "notice",
}


def fill(name: str, route: str, records: dict) -> str:
    def record_id(kwarg: str) -> str:
        if kwarg == "code":
            return "ABCD-EFGH-JKLM"
        if kwarg == "pk":
            key = REFERENCE_PK.get(name) or pk_record(name)
        elif kwarg == "item_pk":
            key = item_record(name)
        else:
            key = KWARG.get(kwarg, "case")
        record = records.get(key)
        return str(record.pk) if record is not None else "999999"

    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: record_id(m.group(1)), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: record_id(m.group(1)), route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + route.lstrip("/")


def test_every_url_is_classified():
    unclassified = [(n, r) for n, r in ROUTES if row_for(n, bool(HAS_ID.search(r))) is None]
    assert unclassified == [], (
        "These URLs are not in the permission matrix: add their name (or a pattern) to MATRIX in "
        f"tests/security/test_permission_matrix.py with the outcome each role must get: {unclassified}"
    )


def test_every_api_operation_is_a_walked_route():
    """The OpenAPI schema, generated in-process: each operation resolves to a URL the walk classified."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    names = {n for n, _ in ROUTES}
    missing = []
    operations = 0
    for path, item in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        try:
            match = resolve(url)
        except Resolver404:
            missing.append((path, "does not resolve"))
            continue
        operations += len(item)
        if match.view_name not in names or row_for(match.view_name, "{" in path) is None:
            missing.append((path, match.view_name))
    assert operations > 50
    assert missing == [], f"API operations outside the permission matrix (classify them in MATRIX): {missing}"


# --- the world, once per module -------------------------------------------------------------------
@dataclass
class World:
    records: dict
    clients: dict
    secrets: tuple  # what a role outside `sees` must never find in an answer (the case numbers)


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture
def media_root(settings, matrix_media):
    """The module's MEDIA_ROOT for every test here: the world's stored files (issued documents, aid
    files) are read by the walk."""
    settings.MEDIA_ROOT = matrix_media
    return matrix_media


@pytest.fixture(scope="module", autouse=True)
def schema_generated_once():
    """The OpenAPI schema is the heaviest answer of the walk (seconds) and the same for every role
    (SERVE_PUBLIC): generated once, served from then on. Who may fetch it is still checked per role
    (the view's authentication and permissions run as before); its content is tested by
    test_every_api_operation_is_a_walked_route and the schemathesis run (tests/fuzz)."""
    from django.http import HttpResponse
    from drf_spectacular.views import SpectacularAPIView

    generate = SpectacularAPIView._get_schema_response
    rendered = {}

    def once(self, request):
        renderer, media_type = self.perform_content_negotiation(request)
        if media_type not in rendered:
            rendered[media_type] = renderer.render(generate(self, request).data, media_type, {})
        return HttpResponse(rendered[media_type], content_type=media_type)

    with mock.patch.object(SpectacularAPIView, "_get_schema_response", once):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, matrix_media):
    from enforcement.choices import AgencyKind
    from enforcement.models import Notification
    from enforcement.models.notifications import NotificationStatus
    from sanctions.models import CheckUnit

    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=matrix_media),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            high = CourtFactory(name="青海省高级人民法院", code="青", level=CourtLevel.HIGH)
            parent = CourtFactory(
                name="西宁市中级人民法院", code="青01", level=CourtLevel.INTERMEDIATE, parent=high
            )
            sibling = CourtFactory(
                name="西宁市城东区人民法院", code="青0102", level=CourtLevel.BASIC, parent=parent
            )
            right = CourtFactory(
                name="西宁市城中区人民法院", code="青0103", level=CourtLevel.BASIC, parent=parent
            )
            wrong_bank = AgencyFactory(name="中国工商银行西宁分行", kind=AgencyKind.BANK)
            right_bank = AgencyFactory(name="中国建设银行西宁分行", kind=AgencyKind.BANK)
            records = build_foreign(right, right_bank)
            records.update(court=right, agency=right_bank)
            # the head's notification, delivered (the outbox's worker is not running): their inbox holds it
            Notification.objects.filter(pk=records["notification"].pk).update(
                status=NotificationStatus.DELIVERED
            )
            from enforcement.models import User

            users = {
                "own_clerk": User.objects.get(username="foreign_clerk"),
                "own_judge": User.objects.get(username="foreign_judge"),
                "own_head": User.objects.get(username="foreign_head"),
                "own_finance": User.objects.get(username="foreign_finance"),
                "liaison_right": User.objects.get(username="foreign_liaison"),
                "sibling_clerk": make_member(Role.CLERK, court=sibling, username="sib_clerk"),
                "sibling_judge": make_member(Role.JUDGE, court=sibling, username="sib_judge"),
                "sibling_head": make_member(Role.HEAD, court=sibling, username="sib_head"),
                "sibling_finance": make_member(Role.FINANCE, court=sibling, username="sib_finance"),
                "parent_judge": make_member(Role.JUDGE, court=parent, username="parent_judge"),
                "supervisor": make_member(Role.SUPERVISOR, court=parent, username="supervisor"),
                "liaison_wrong": make_member(Role.LIAISON, agency=wrong_bank, username="wrong_liaison"),
            }
            unit = CheckUnit(name="某航空公司", kind="airline")
            key = unit.set_new_key()
            unit.save()
            clients = {}
            for role in ROLES:
                client = APIClient(enforce_csrf_checks=False)
                if role == "unit":
                    client.credentials(HTTP_AUTHORIZATION=f"Unit {key}")
                elif role != "anonymous":
                    client.force_login(users[role])
                clients[role] = client
            secrets = (records["case"].number, records["aid"].case.number)
            yield World(records=records, clients=clients, secrets=secrets)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _leaks(response, secrets) -> list[str]:
    if getattr(response, "streaming", False):
        return []
    body = response.content.decode("utf-8", "replace")
    return [secret for secret in secrets if secret in body]


def _rows(response):
    """The rows of an API list answer (paginated or not); a body that is no list counts as a row."""
    try:
        body = response.json()
    except ValueError:
        return ["not JSON"]
    if isinstance(body, dict):
        body = body.get("results", [body])
    return body[:3]


def walk_as(world: World, role: str) -> tuple[list, dict]:
    """Every route, GET (and POST where the row says), as `role`: the mismatches and the GET outcomes."""
    client = world.clients[role]
    wrong, seen = [], {}
    for name, route in ROUTES:
        row = row_for(name, bool(HAS_ID.search(route)))
        if row is None:
            continue  # reported by test_every_url_is_classified
        url = fill(name, route, world.records)
        response = client.get(url)
        got = seen[name] = outcome(response)
        if got not in row.get[role]:
            wrong.append((role, "GET", name, url, got, sorted(row.get[role])))
        elif got == ALLOWED and role not in row.sees and (found := _leaks(response, world.secrets)):
            wrong.append((role, "GET", name, url, "shows the right court's case", found))
        elif got == ALLOWED and role in row.empty and (rows := _rows(response)):
            wrong.append((role, "GET", name, url, "an own-scope list that is not empty", rows))
        if role in row.post:
            allowed_posts = row.post[role]
        elif ALLOWED in row.get[role] or name in ("logout", "set_language", "login", "api-token"):
            continue  # a role that may open the page may act there (the domain tests cover what it may do)
        else:
            allowed_posts = DENY
        posted = outcome(client.post(url, POST_DATA))
        if posted not in allowed_posts:
            wrong.append((role, "POST", name, url, posted, sorted(allowed_posts)))
    return wrong, seen


OUTSIDERS = set(SIBLING) | {"liaison_wrong", "unit", "anonymous"}  # nothing of the world is theirs


@pytest.mark.cjk_fonts  # the world's records include issued documents
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(world, role):
    """GET on every route, and POST on every route the role may not open, against MATRIX; nothing
    answers 500, nothing of the right court reaches a role outside it, and a refused POST changed
    nothing (the approval stays pending, the notification unread, no audit event recorded)."""
    from enforcement.models import AuditEvent

    trail = AuditEvent.objects.count()
    wrong, seen = walk_as(world, role)
    assert wrong == [], "\n".join(map(str, wrong))
    records = world.records
    for key in ("approval", "notification", "receipt", "payout", "step"):
        records[key].refresh_from_db()
    assert records["approval"].status == "pending"
    assert records["notification"].read_at is None or role == "own_head"  # only its recipient reads it
    if role in OUTSIDERS:
        assert records["receipt"].status == "recorded" and records["payout"].status == "approved"
        assert records["step"].status == "proposed"
        assert AuditEvent.objects.count() == trail, "a role outside the right court left an audit event"
    if role == "anonymous":
        # anonymous opens the public pages (defaulter search, verify, party progress, health, login)
        # and nothing else but the plumbing (logout, language, translations, token exchange)
        opened = {name for name, got in seen.items() if got == ALLOWED}
        assert opened >= PUBLIC_NAMES, PUBLIC_NAMES - opened
        assert opened - PUBLIC_NAMES <= PLUMBING_NAMES, opened - PUBLIC_NAMES - PLUMBING_NAMES


PUBLIC_NAMES = {name for name, row in MATRIX.items() if row is PUBLIC_PAGE}
PLUMBING_NAMES = {name for name, row in MATRIX.items() if row is PLUMBING or row is VERIFY_BY_CODE}
