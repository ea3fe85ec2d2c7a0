"""Every page and endpoint either requires a login (redirect to 登录, or 401/403 for the API) or is
one of the few public pages on purpose. A new view that forgets its check fails here."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from enforcement.models import AuditEvent

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
    "sanctions:public-defaulters",  # the public defaulter search (中国执行信息公开网's), masked IDs
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


# --- the records of another court and another agency ------------------------------------------
# Every URL with an id is filled with the id of a real record of `other_court` (a sibling basic court)
# and `other_bank`, made through the services. Nothing of `court` or `bank` exists, so a view that
# forgot its scope finds the record and answers 200 (or acts on it) instead of 403/404.
REFERENCE_DATA = {"court-detail", "agency-detail"}  # courts and agencies are listed to every signed-in user
PUBLIC_BY_CODE = {"documents:verify"}  # a document's public verification page, found by its code

# Which record fills `pk` for a URL name (the other kwargs name their record themselves).
PK_OF = {
    "notifications:mark-read": "notification",
    "notification-detail": "notification",
    "notification-read": "notification",
    "cases:approval-decide": "approval",
    "api-approval-detail": "approval",
    "api-approval-decide": "approval",
    "api-party-detail": "party",
    "documents:download": "document",
    "documents:batch": "batch",
    "documents:batch-progress": "batch",
    "documents:batch-run": "batch",
    "assistance:liaison-notice": "notice",
    "assistance:liaison-answer": "notice",
    "assistance:liaison-pdf": "notice",
    "assistance:liaison-sign": "notice",
    "api-agency-notice-detail": "notice",
    "api-agency-notice-answer": "notice",
    "api-agency-notice-pdf": "notice",
    "api-agency-notice-sign": "notice",
    "assistance:network-query": "network_query",
    "assistance:network-query-progress": "network_query",
    "api-network-query-detail": "network_query",
    "money:receipt-confirm": "receipt",
    "money:payout-decide": "payout",
    "money:payout-execute": "payout",
    "api-money-account-detail": "money_account",
    "api-receipt-detail": "receipt",
    "api-receipt-confirm": "receipt",
    "api-payout-detail": "payout",
    "api-payout-decide": "payout",
    "api-payout-execute": "payout",
    "disposal:objection-record": "price_finding",
    "disposal:price-fix": "price_finding",
    "disposal:objection-answer": "objection",
    "disposal:step-decide": "step",
    "disposal:step-result": "step",
    "disposal:step-document": "step",
    "api-disposal-price-detail": "price_finding",
    "api-disposal-price-objections": "price_finding",
    "api-disposal-price-fix": "price_finding",
    "api-disposal-objection-detail": "objection",
    "api-disposal-objection-answer": "objection",
    "api-disposal-step-detail": "step",
    "api-disposal-step-decide": "step",
    "api-disposal-step-result": "step",
    "api-disposal-step-document": "step",
    "api-disposal-asset-limits": "asset",
    "command:report": "report",
    "command:report-progress": "report",
    "command:report-pdf": "report",
    "command:report-xlsx": "report",
    "command:report-csv": "report",
    "api-command-report-detail": "report",
    "api-command-report-download": "report",
    "api-document-detail": "document",
    "api-document-download": "document",
    "grants:revoke": "grant",
    "supervision-grant-detail": "grant",
    "supervision-grant-revoke": "grant",
    "sanctions:order-lift": "order",
    "api-sanctions-order-lift": "order",
    "api-exit-restriction-detail": "exit_restriction",
    "api-exit-restriction-lift": "exit_restriction",
    "aid:file": "aid_file",
    "supervision:act": "reminder",
    "api-supervision-reminder-detail": "reminder",
    "api-supervision-reminder-acted": "reminder",
}
# Whole families whose `pk` is one kind of record (a name in PK_OF wins; their `new` pages take a case).
PK_PREFIX_OF = {
    "sanctions:defaulter-": "defaulter",
    "sanctions:correction-file": "defaulter",
    "sanctions:repair-propose": "defaulter",
    "api-sanctions-defaulter-": "defaulter",
    "api-coercive-penalty-": "penalty",
    "api-crime-referral-": "referral",
    "sanctions-penalties:liaison-": "referral",
    "aid:": "aid",
    "api-aid-application-": "aid",
    "objections:": "case_objection",
    "api-objection-": "case_objection",
}
CASE_PK = {"aid:new", "objections:new", "sanctions:defaulter-propose"}
# A penalty within the case (`item_pk`): which kind of penalty the route names.
ITEM_OF = {
    "sanctions-penalties:exit-": "exit_restriction",
    "sanctions-penalties:penalty-": "penalty",
    "sanctions-penalties:reconsideration-": "penalty",
    "sanctions-penalties:referral-": "referral",
}


def pk_record(name: str) -> str:
    """Which record of `foreign` fills a route's `pk`."""
    if name in PK_OF:
        return PK_OF[name]
    if name not in CASE_PK:
        for prefix, key in PK_PREFIX_OF.items():
            if name.startswith(prefix):
                return key
    return "case"


def item_record(name: str) -> str:
    return next((key for prefix, key in ITEM_OF.items() if name.startswith(prefix)), "case")


KWARG_OF = {
    "asset_pk": "asset",
    "case_id": "case",
    "party_pk": "party",
    "measure_pk": "measure",
    "notice_pk": "notice",
    # "item_pk": a penalty within the case (exit restriction, fine, referral): item_record()
}


# Two POST-only views go back to their list whatever happened, with the outcome as a message: marking
# a notification read (only the user's own: there is none with that id) and deciding an approval
# (not found for this user). That the record stayed as it was is checked after the walk.
BACK_TO_LIST = {"notifications:mark-read", "cases:approval-decide"}

# What a form would send, so a view gets past its form checks to the lookup (an approval's decision
# refused as "no decision chosen" before it looks the approval up proves nothing).
POST_DATA = {
    "decision": "approve",
    "note": "同意",
    "reason": "理由",
    "action": "investigate",
    "result": "done",
    "amount": "100.00",
    "name": "张三",
}


def filled(name: str, route: str, records: dict) -> str:
    """The URL of `route` with every id taken from the foreign records."""

    def record_id(kwarg: str) -> str:
        if kwarg == "pk":
            key = pk_record(name)
        elif kwarg == "item_pk":
            key = item_record(name)
        else:
            key = KWARG_OF[kwarg]
        return str(records[key].pk) if records.get(key) is not None else "999999"

    route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: record_id(m.group(1)), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: record_id(m.group(1)), route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + route.lstrip("/")


def id_routes():
    seen = set()
    for name, route in walk(get_resolver()):
        if not name or name.startswith(SKIP_PREFIXES) or name in REFERENCE_DATA | PUBLIC_BY_CODE:
            continue
        if "(?P<" not in route and "<" not in route.replace("(?P<format>", ""):
            continue
        if "(?P<format>" in route or "drf_format_suffix" in route:
            continue  # the same view as its plain route
        if (name, route) in seen:
            continue
        seen.add((name, route))
        yield name, route


ID_ROUTES = list(id_routes())


@pytest.fixture
def foreign(other_court, other_bank):
    """One of each record, all of `other_court` and `other_bank`, made the way the application makes
    them."""
    return build_foreign(other_court, other_bank)


def build_foreign(other_court, other_bank) -> dict:
    """The records of `foreign`, as a plain function: the permission matrix
    (tests/security/test_permission_matrix.py) builds the same world once per module."""
    from django.test import TestCase

    from assets.choices import AssetKind
    from assets.services import asset_record
    from assistance.choices import NoticeAction
    from assistance.services import network_query_start, notice_answer, notice_draft
    from cases.services import case_act, case_file
    from command.report_services import report_start
    from disposal import services as disposal_services
    from documents.services import document_batch_start
    from enforcement.choices import Role
    from enforcement.models import Notification
    from money.models import CaseAccount
    from money.services import payout_decide, payout_propose, receipt_confirm, receipt_record
    from tests.cases.conftest import filing_input
    from tests.clock import SHANGHAI, TODAY
    from tests.factories import make_member

    clerk = make_member(Role.CLERK, court=other_court, username="foreign_clerk")
    judge = make_member(Role.JUDGE, court=other_court, username="foreign_judge")
    head = make_member(Role.HEAD, court=other_court, username="foreign_head")
    liaison = make_member(Role.LIAISON, agency=other_bank, username="foreign_liaison")
    case = case_file(actor=clerk, data=filing_input(judge))
    party = case.parties.get(role="respondent", kind="person")
    asset = asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222000000001234",
        holder_agency_id=other_bank.pk,
        estimated_value="1000.00",
        source="investigation",
        owner_id=party.pk,
    )
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=other_bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=asset.pk,
        payload={"amount": "1000.00"},
    ).notice
    notice = notice_answer(agency=other_bank, notice_id=notice.pk, result="done", data={}, actor=liaison)
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明"
    ).approval
    with TestCase.captureOnCommitCallbacks(execute=False):
        query = network_query_start(actor=judge, respondent_ids=[party.pk])
        batch = document_batch_start(actor=clerk, kind="execution_notice", case_ids=[case.pk])
    # money of that case: a receipt still to confirm and an approved payout still to execute
    finance = make_member(Role.FINANCE, court=other_court, username="foreign_finance")
    confirmed_receipt = receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="500.00", payer="李四", received_on=TODAY
    )
    receipt_confirm(actor=finance, receipt_id=confirmed_receipt.pk)
    receipt = receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="100.00", payer="李四", received_on=TODAY
    )
    applicant = case.parties.get(role="applicant")
    payout = payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="100.00")
    payout = payout_decide(actor=head, payout_id=payout.pk, approve=True)
    # disposal of the frozen deposit: a fixed price with an answered objection, a proposed round
    finding = disposal_services.price_record(
        actor=judge,
        asset_id=asset.pk,
        method="appraisal",
        served_on=TODAY - dt.timedelta(days=10),
        reference_price="1000.00",
    )
    objection = disposal_services.objection_record(
        actor=clerk,
        finding_id=finding.pk,
        objector="李四",
        text="异议",
        filed_on=TODAY - dt.timedelta(days=9),
    )
    disposal_services.objection_answer(actor=judge, objection_id=objection.pk, answer="不成立")
    disposal_services.price_fix(actor=judge, finding_id=finding.pk)
    starts = dt.datetime.combine(TODAY + dt.timedelta(days=40), dt.time(10), tzinfo=SHANGHAI)
    step = disposal_services.round_propose(
        actor=judge,
        asset_id=asset.pk,
        price="700.00",
        deposit="70.00",
        parties_notified_on=TODAY,
        announced_on=TODAY + dt.timedelta(days=3),
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(days=1),
        collegial_panel=True,
    )
    records = {
        "case": case,
        "party": party,
        "asset": asset,
        "notice": notice,
        "measure": notice.measure,
        "approval": approval,
        "network_query": query,
        "batch": batch,
        "notification": Notification.objects.filter(recipient=head).first(),
        "receipt": receipt,
        "payout": payout,
        "money_account": CaseAccount.objects.get(case=case),
        "price_finding": finding,
        "objection": objection,
        "step": step,
        # a command-centre report of the other court (pending: the test does not run the task)
        "report": report_start(actor=head, court_id=other_court.pk, start=TODAY.replace(day=1), end=TODAY),
    }
    records.update(_later_records(records, other_court, clerk=clerk, judge=judge, head=head))
    assert all(v is not None for k, v in records.items() if k != "document"), records
    return records


def _later_records(records: dict, other_court, *, clerk, judge, head) -> dict:
    """The later domains' records of that case: a proposed defaulter listing and a consumption
    restriction order, an exit restriction, a fine and a crime referral, an objection, a supervision
    reminder and a supervision grant, and a judicial-aid application (on a second case, in 终本)."""
    from aid.services import application_file
    from cases.choices import CaseState
    from cases.models import Case
    from cases.services import case_file
    from enforcement.choices import AgencyKind, Role
    from enforcement.supervision import grant_supervision
    from objections.services import objection_file
    from sanctions import penalty_services
    from sanctions import services as sanctions_services
    from supervision.models import Node
    from supervision.services import reminder_send
    from tests.aid.conftest import pdf
    from tests.cases.conftest import filing_input
    from tests.clock import TODAY
    from tests.factories import AgencyFactory, make_member

    case, party = records["case"], records["party"]
    police = AgencyFactory(name="西宁市公安局城中分局", kind=AgencyKind.POLICE)
    border = AgencyFactory(name="西宁出入境边防检查站", kind=AgencyKind.EXIT_ADMINISTRATION)
    listing = sanctions_services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=party.pk, grounds=["2"], facts="以暴力方法阻碍执行。"
    )
    order = sanctions_services.consumption_issue(actor=judge, case_id=case.pk, party_id=party.pk)
    exit_restriction = penalty_services.exit_restriction_propose(
        actor=judge, case_id=case.pk, respondent_id=party.pk, agency_id=border.pk, reason="有出境迹象"
    )
    fine = penalty_services.penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=party.pk,
        kind="fine",
        target="person",
        amount="1000",
        facts="拒不申报财产",
    )
    referral = penalty_services.referral_send(
        actor=judge, case_id=case.pk, respondent_id=party.pk, agency_id=police.pk, facts="转移名下车辆"
    )
    objection = objection_file(
        actor=clerk,
        case_id=case.pk,
        kind="act",
        objector_party_id=party.pk,
        subject="冻结超标的",
        received_on=TODAY,
    )
    reminder = reminder_send(actor=head, case_id=case.pk, node=Node.EXECUTION_NOTICE, note="速办")
    grant = grant_supervision(
        actor=head,
        court=other_court,
        supervisor=make_member(Role.SUPERVISOR, court=other_court.parent, username="foreign_supervisor"),
        body="procuratorate",
    )
    # judicial aid is for a case in 终本: a second case of that court, its state set as 终本 leaves it
    aid_case = case_file(actor=clerk, data=filing_input(judge))
    Case.objects.filter(pk=aid_case.pk).update(state=CaseState.TERMINATED_ROUND)
    application = application_file(
        actor=clerk,
        case_id=aid_case.pk,
        applicant_id=aid_case.parties.get(role="applicant").pk,
        hardship_category="livelihood",
        household_size=3,
        household_income="800.00",
        household_facts="一家三口，无固定收入",
        amount_requested="10000.00",
        files=[pdf()],
    )
    return {
        "defaulter": listing,
        "order": order,
        "exit_restriction": exit_restriction,
        "penalty": fine,
        "referral": referral,
        "case_objection": objection,
        "reminder": reminder,
        "grant": grant,
        "aid": application,
        "aid_file": application.files.first(),
        "document": _issued_document(case, party, clerk),
    }


def _issued_document(case, party, clerk):
    from documents.rendering import render_support
    from documents.services import document_issue

    if not render_support().ok:
        return None  # WeasyPrint's libraries are missing: documents:download is walked with no document
    return document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=party.pk)


@pytest.fixture
def foreign_document(foreign):
    return foreign["document"]


def test_the_walk_fills_every_id_route():
    names = {name for name, _ in ID_ROUTES}
    assert {"cases:detail", "cases:party-edit", "documents:download", "assistance:measure-lift"} <= names
    assert {"api-case-detail", "api-agency-notice-detail", "notifications:mark-read"} <= names


@pytest.mark.cjk_fonts  # the other court's records include issued documents
@pytest.mark.parametrize("persona", ["clerk", "judge", "head", "finance", "liaison"])
def test_no_record_of_another_court_or_agency_is_reached(client, request, foreign, persona):
    """Every id route, GET and POST, with the ids of the other court's and agency's records: 403 or
    404 (405 for the method a view does not take), and nothing recorded in the audit trail."""
    records = {**foreign, "document": request.getfixturevalue("foreign_document")}
    client.force_login(request.getfixturevalue(persona))
    trail = AuditEvent.objects.count()
    reached = []
    for name, route in ID_ROUTES:
        url = filled(name, route, records)
        answers = {"get": client.get(url).status_code, "post": client.post(url, POST_DATA).status_code}
        if name.startswith("api-agency-"):
            refused = answers == {"get": 401, "post": 401}  # agency API: only an agency's token gets in
        elif name in BACK_TO_LIST:
            refused = answers["get"] == 405 and answers["post"] in (302, 403, 404)
        else:
            refused = set(answers.values()) <= {403, 404, 405} and bool(set(answers.values()) & {403, 404})
        if not refused:
            reached.append((name, url, answers))
    assert reached == [], "\n".join(map(str, reached))
    foreign["notification"].refresh_from_db()
    foreign["approval"].refresh_from_db()
    assert foreign["notification"].read_at is None and foreign["approval"].status == "pending"
    foreign["receipt"].refresh_from_db()
    foreign["payout"].refresh_from_db()
    assert foreign["receipt"].status == "recorded" and foreign["payout"].status == "approved"
    foreign["step"].refresh_from_db()
    assert foreign["step"].status == "proposed"
    assert AuditEvent.objects.count() == trail  # nothing of the other court was done (or its data seen)


@pytest.mark.cjk_fonts  # the other court's records include issued documents
def test_an_agency_token_reaches_no_notice_of_another_agency(foreign, bank):
    from rest_framework.test import APIClient

    from assistance.models import AgencyToken

    token, key = AgencyToken.issue(agency=bank, name="对接系统")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Agency {key}")
    trail = AuditEvent.objects.count()
    reached = []
    for name, route in ID_ROUTES:
        if not name.startswith("api-agency-"):
            continue
        url = filled(name, route, foreign)
        answers = {"get": client.get(url).status_code, "post": client.post(url, POST_DATA).status_code}
        if not (set(answers.values()) <= {403, 404, 405} and set(answers.values()) & {403, 404}):
            reached.append((name, url, answers))
    assert reached == [], "\n".join(map(str, reached))
    assert AuditEvent.objects.count() == trail
