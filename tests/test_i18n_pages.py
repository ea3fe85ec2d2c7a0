"""Every interface page, rendered with real objects: in English no Chinese shows except data (names,
case and document numbers, document titles, rule citations, audit summaries: what the court records
in Chinese, and the case-type codes of case numbers), and in Chinese every page renders too. The pages are found through the URL resolver,
so a new page that is not given its objects here fails the coverage test."""

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assets.choices import AssetKind, AssetSource
from assets.services import asset_record
from assistance.choices import NoticeAction
from assistance.rules import NETWORK_QUERY_KINDS
from assistance.services import network_query_run, network_query_start, notice_answer, notice_draft
from cases.choices import CaseType
from cases.services import case_act, case_file
from command.report_services import report_start
from documents.kinds import get_kind, standalone_kinds
from documents.services import document_batch_start, document_issue
from enforcement.choices import AgencyKind, Role
from enforcement.models import Agency
from money.models import Receipt
from money.services import payout_propose, receipt_confirm, receipt_record
from sanctions.penalty_services import referral_send
from tests.cases.conftest import filing_input
from tests.factories import AgencyFactory, make_member
from tests.test_i18n import CJK

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

# Legal references quoted inside English sentences: the citation itself is the document's name.
LEGAL_REFERENCES = ["上政法〔2018〕35号"]
UNKNOWN_CODE = "ABCD-EFGH-JKLM"  # the verification page of a code nobody issued answers 404

# Routes that answer a POST only, or with something other than a page (PDF, JSON, CSV, a redirect).
NOT_PAGES = {
    "supervision:send",  # POSTs that go back to the node list / the case
    "supervision:act",
    "grants:revoke",
    "logout",
    "healthz",
    "set_language",
    "javascript-catalog",
    "notifications:mark-all-read",
    "notifications:mark-read",
    "cases:act",
    "cases:reassign",
    "cases:party-edit",
    "cases:party-whereabouts",
    "cases:applicant-hearing",
    "cases:settlement-file",  # the uploaded settlement agreement itself
    "cases:approval-decide",
    "cases:approval-batch",
    "documents:issue",
    "documents:preview",
    "documents:download",
    "documents:batch-progress",
    "documents:batch-run",
    "command:report-progress",  # JSON
    "command:report-pdf",  # the report's files
    "command:report-xlsx",
    "command:report-csv",
    "documents:service-proof",  # the uploaded proof file itself
    "assistance:liaison-answer",
    "assistance:liaison-pdf",
    "assistance:liaison-sign",
    "assistance:liaison-export-xlsx",  # a spreadsheet file
    "assistance:liaison-export-csv",
    "assistance:notice-draft",
    "assistance:asset-add",
    "assistance:case-network-query",
    "assistance:measure-lift",
    "assistance:notice-sign",
    "assistance:notice-close",
    "assistance:judicial-suggestion",
    "assistance:network-query-progress",
    "money:receipt-record",
    "money:receipt-confirm",
    "money:payout-propose",
    "money:payout-decide",
    "money:payout-execute",
    "objections:accept",
    "objections:refuse",
    "objections:decide",
    "objections:serve",
    "objections:ruling",
    "objections:reconsider",
    "objections:extend",
    "objections:decide-reconsideration",
    "money:refund-decide",
    "money:refund-execute",
    "money:participation-decide",
    "money:plan-pay",
    "sanctions-penalties:exit-propose",
    "sanctions-penalties:exit-lift",
    "sanctions-penalties:penalty-propose",
    "sanctions-penalties:penalty-decide",
    "sanctions-penalties:penalty-pay",
    "sanctions-penalties:reconsideration-file",
    "sanctions-penalties:reconsideration-decide",
    "sanctions-penalties:referral-send",
    "sanctions-penalties:referral-not-prosecuted",
    "sanctions-penalties:liaison-decide",
    "sanctions-penalties:liaison-extend",
    "aid:recommend",
    "aid:decide",
    "aid:cancel",
    "aid:pay",
    "aid:told",
    "aid:issue",
    "aid:referral",
    "aid:file",  # the uploaded supporting file itself
    "sanctions:defaulter-propose",
    "sanctions:defaulter-decide",
    "sanctions:defaulter-ground",
    "sanctions:defaulter-remove",
    "sanctions:correction-file",
    "sanctions:correction-decide",
    "sanctions:repair-propose",
    "sanctions:repair-decide",
    "sanctions:order-issue",
    "sanctions:order-lift",
    "disposal:price-fix",
    "disposal:step-document",
}


def page_routes() -> set[str]:
    def walk(resolver, prefix="", namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}", prefix + str(entry.pattern)

    return {
        name
        for name, route in walk(get_resolver())
        if not name.startswith("admin:")
        and not route.lstrip("^").startswith("api/")
        and name not in NOT_PAGES
    }


@pytest.fixture
def world(clerk, judge, head, finance, liaison, supervisor, court, bank):
    """A case with parties, an answered freeze and an open query, a network query, a pending
    approval, issued documents, a batch and notifications."""
    for kind in NETWORK_QUERY_KINDS:
        if kind != AgencyKind.BANK:
            AgencyFactory(name=f"测试{kind}", kind=kind)
    case = case_file(actor=clerk, data=filing_input(judge))
    respondent = case.parties.filter(role="respondent", kind="person").get()
    account = asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222 0200 0000 0001",
        holder_agency_id=bank.pk,
        estimated_value="30000.00",
        source=AssetSource.INVESTIGATION,
        owner_id=respondent.pk,
    )
    freeze = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    ).notice
    notice_answer(
        agency=bank,
        notice_id=freeze.pk,
        actor=liaison,
        result="done",
        data={"amount": "30000.00", "from": timezone.localdate().isoformat()},
    )
    query = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=respondent.pk,
    ).notice
    network = network_query_start(actor=judge, respondent_ids=[respondent.pk])
    network_query_run(query_id=network.pk)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人申请暂缓"
    ).approval
    kind = standalone_kinds()[0]
    document = document_issue(actor=clerk, kind=kind.key, case_id=case.pk, party_id=respondent.pk)
    batch = document_batch_start(actor=clerk, kind=kind.key, case_ids=[case.pk])
    report = report_start(
        actor=head, court_id=court.pk, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)
    )
    admin = make_member(Role.ADMIN, court=court, username="sysadmin", name="管理员")
    # the money panel with a confirmed and a recorded receipt and a proposed payout
    applicant = case.parties.get(role="applicant")
    for amount in ("800.00", "200.00"):
        receipt_record(
            actor=clerk,
            case_id=case.pk,
            kind="bank_deduction",
            amount=amount,
            payer="李四",
            received_on=timezone.localdate(),
        )
    receipt_confirm(actor=finance, receipt_id=Receipt.objects.filter(case=case).first().pk)
    payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="500.00")
    # an outsider's objection to the account, accepted; an act objection decided and served
    from objections import services as objection_services

    outsider = objection_services.objection_file(
        actor=clerk,
        case_id=case.pk,
        kind="outsider",
        objector_name="王五",
        asset_id=account.pk,
        subject="该账户存款系案外人所有",
        received_on=timezone.localdate(),
    )
    objection_services.objection_accept(actor=clerk, objection_id=outsider.pk)
    act = objection_services.objection_file(
        actor=clerk,
        case_id=case.pk,
        kind="act",
        objector_party_id=respondent.pk,
        subject="冻结超标的",
        received_on=timezone.localdate(),
    )
    objection_services.objection_accept(actor=clerk, objection_id=act.pk)
    objection_services.objection_decide(
        actor=judge, objection_id=act.pk, outcome="dismissed", reason="执行行为合法"
    )
    objection_services.objection_serve(actor=clerk, objection_id=act.pk, served_on=timezone.localdate())
    # a distribution plan of the confirmed money, with its lines on the panel
    from money.distribution import plan_draw

    plan = plan_draw(actor=judge, case_id=case.pk, fees="0")
    # a referral to the police (sanctions' penalties), seen by the police's liaison officer
    police = Agency.objects.get(kind=AgencyKind.POLICE)
    police_officer = make_member(Role.LIAISON, agency=police, username="police_officer", name="公安联络员")
    referral = referral_send(
        actor=judge, case_id=case.pk, respondent_id=respondent.pk, agency_id=police.pk, facts="转移名下车辆"
    )
    from tests.aid.conftest import ended_case, file_application

    aid_application = file_application(ended_case(clerk, judge), clerk)
    # the respondent listed as a defaulter (proposed, approved by the head: published), a correction
    # request and a credit-repair proposal on the entry (the listing put a consumption restriction order on
    # the respondent), an order against the company respondent too
    from sanctions import services as sanction_services

    entry = sanction_services.defaulter_propose(
        actor=judge,
        case_id=case.pk,
        party_id=respondent.pk,
        grounds=["2"],
        facts="被执行人以暴力方法阻碍执行人员查封财产。",
    )
    entry = sanction_services.defaulter_decide(actor=head, entry_id=entry.pk, approve=True)
    sanction_services.correction_file(
        actor=clerk,
        entry_id=entry.pk,
        applicant=respondent.name,
        reason="已履行",
        received_on=timezone.localdate(),
    )
    sanction_services.repair_propose(actor=judge, entry_id=entry.pk, reason="积极履行，主动纠正")
    company = case.parties.filter(role="respondent", kind="entity").get()
    sanction_services.consumption_issue(actor=judge, case_id=case.pk, party_id=company.pk)
    # disposal: a sealed house with a price finding under objection, a sealed car with its price
    # fixed and an auction round proposed
    from disposal import services as disposal_services
    from tests.disposal.conftest import fixed, held, proposed_round

    house = held(case, "real_estate")
    finding = disposal_services.price_record(
        actor=judge,
        asset_id=house.pk,
        method="appraisal",
        served_on=timezone.localdate(),
        reference_price="100000.00",
    )
    price_objection = disposal_services.objection_record(
        actor=clerk,
        finding_id=finding.pk,
        objector=applicant.name,
        text="评估价过低",
        filed_on=timezone.localdate(),
    )
    car = held(case, "vehicle")
    fixed(judge, car)
    step = proposed_round(judge, car)
    return {
        "defaulter": entry,
        "disposal": {
            "house": house,
            "finding": finding,
            "objection": price_objection,
            "car": car,
            "step": step,
        },
        "objections": (outsider, act),
        "plan": plan,
        "aid": aid_application,
        "case": case,
        "respondent": respondent,
        "freeze": freeze,
        "query": query,
        "network": network,
        "kind": kind,
        "document": document,
        "batch": batch,
        "report": report,
        "approval": approval,
        "referral": referral,
        "personas": {
            "police": police_officer,
            "clerk": clerk,
            "judge": judge,
            "head": head,
            "finance": finance,
            "liaison": liaison,
            "supervisor": supervisor,
            "admin": admin,
        },
    }


def pages(world) -> list[tuple[str, str, str | None, str]]:
    """(route name, URL, persona or None for anonymous, method) for every page and its variants."""
    case, kind, respondent = world["case"], world["kind"], world["respondent"]
    disposal = world["disposal"]
    code = world["document"].verification_code
    query_code = case.parties.filter(role="applicant").get().query_code
    home = [("home", reverse("home"), persona, "get") for persona in world["personas"]]
    return home + [
        ("login", reverse("login"), None, "get"),
        ("password_change", reverse("password_change"), "clerk", "get"),
        ("password_change_done", reverse("password_change_done"), "clerk", "get"),
        ("notifications:inbox", reverse("notifications:inbox"), "judge", "get"),
        ("notifications:inbox", reverse("notifications:inbox"), "liaison", "get"),
        ("cases:list", reverse("cases:list"), "judge", "get"),
        ("cases:list", reverse("cases:list"), "supervisor", "get"),
        ("cases:new", reverse("cases:new"), "clerk", "get"),
        ("cases:new", reverse("cases:new"), "clerk", "post"),
        ("cases:detail", reverse("cases:detail", args=[case.pk]), "judge", "get"),
        ("cases:detail", reverse("cases:detail", args=[case.pk]), "head", "get"),
        ("cases:approvals", reverse("cases:approvals"), "head", "get"),
        ("cases:batch-assign", reverse("cases:batch-assign") + f"?cases={case.pk}", "head", "get"),
        ("cases:approval-print", reverse("cases:approval-print", args=[world["approval"].pk]), "head", "get"),
        ("cases:public-case", reverse("cases:public-case"), None, "get"),
        (f"cases:public-case?code={query_code}", reverse("cases:public-case"), None, "post"),
        ("documents:case", reverse("documents:case", args=[case.pk]), "clerk", "get"),
        (
            "documents:preview-page",
            reverse("documents:preview-page", args=[case.pk]) + f"?kind={kind.key}&party={respondent.pk}",
            "clerk",
            "get",
        ),
        ("documents:batch-new", reverse("documents:batch-new"), "clerk", "get"),
        ("documents:awaiting-service", reverse("documents:awaiting-service"), "clerk", "get"),
        (
            "documents:service-record",
            reverse("documents:service-record", args=[case.pk]) + f"?document={world['document'].pk}",
            "clerk",
            "get",
        ),
        ("documents:batch", reverse("documents:batch", args=[world["batch"].pk]), "clerk", "get"),
        ("documents:verify-lookup", reverse("documents:verify-lookup"), None, "get"),
        ("documents:verify", reverse("documents:verify", args=[code]), None, "get"),
        ("documents:verify", reverse("documents:verify", args=[UNKNOWN_CODE]), None, "get"),
        ("assistance:liaison-inbox", reverse("assistance:liaison-inbox"), "liaison", "get"),
        ("assistance:liaison-inbox", reverse("assistance:liaison-inbox") + "?q=nobody", "liaison", "get"),
        (
            "assistance:liaison-notice",
            reverse("assistance:liaison-notice", args=[world["freeze"].pk]),
            "liaison",
            "get",
        ),
        (
            "assistance:liaison-notice",
            reverse("assistance:liaison-notice", args=[world["query"].pk]),
            "liaison",
            "get",
        ),
        ("assistance:case", reverse("assistance:case", args=[case.pk]), "judge", "get"),
        ("assistance:network-query-new", reverse("assistance:network-query-new"), "judge", "get"),
        (
            "assistance:network-query",
            reverse("assistance:network-query", args=[world["network"].pk]),
            "judge",
            "get",
        ),
        ("assistance:scoreboard", reverse("assistance:scoreboard"), "head", "get"),
        ("cases:detail", reverse("cases:detail", args=[case.pk]), "finance", "get"),
        ("money:worklist", reverse("money:worklist"), "finance", "get"),
        ("money:reconciliation", reverse("money:reconciliation"), "finance", "get"),
        ("command:dashboard", reverse("command:dashboard"), "head", "get"),
        (
            "command:cases",
            reverse("command:cases") + "?figure=filed&from=2026-01-01&to=2026-12-31",
            "head",
            "get",
        ),
        ("command:reports", reverse("command:reports"), "head", "get"),
        ("command:reports", reverse("command:reports"), "supervisor", "get"),
        ("command:reports", reverse("command:reports") + "?month=2026-13", "head", "post"),
        ("command:report", reverse("command:report", args=[world["report"].pk]), "head", "get"),
        ("supervision:nodes", reverse("supervision:nodes"), "head", "get"),
        ("supervision:workload", reverse("supervision:workload"), "head", "get"),
        ("grants:list", reverse("grants:list"), "head", "get"),
        ("objections:worklist", reverse("objections:worklist"), "judge", "get"),
        ("objections:new", reverse("objections:new", args=[case.pk]), "clerk", "get"),
        ("objections:new", reverse("objections:new", args=[case.pk]), "clerk", "post"),
        ("objections:detail", reverse("objections:detail", args=[world["objections"][0].pk]), "judge", "get"),
        ("objections:detail", reverse("objections:detail", args=[world["objections"][1].pk]), "clerk", "get"),
        *[
            (f"money:{name}", reverse(f"money:{name}", args=[case.pk]), "judge", "get")
            for name in ("refund-propose", "direct-performance", "participation-file", "plan-draw")
        ],
        ("money:plan-serve", reverse("money:plan-serve", args=[world["plan"].pk]), "clerk", "get"),
        ("money:plan-objection", reverse("money:plan-objection", args=[world["plan"].pk]), "clerk", "get"),
        ("aid:list", reverse("aid:list"), "judge", "get"),
        ("aid:budgets", reverse("aid:budgets"), "finance", "get"),
        ("aid:report", reverse("aid:report"), "head", "get"),
        ("aid:new", reverse("aid:new", args=[world["aid"].case_id]), "clerk", "get"),
        ("aid:detail", reverse("aid:detail", args=[world["aid"].pk]), "judge", "get"),
        ("aid:detail", reverse("aid:detail", args=[world["aid"].pk]), "head", "get"),
        ("plugin_app:home", reverse("plugin_app:home"), "clerk", "get"),
        ("sanctions-penalties:case", reverse("sanctions-penalties:case", args=[case.pk]), "judge", "get"),
        ("sanctions-penalties:president", reverse("sanctions-penalties:president"), "head", "get"),
        (
            "sanctions-penalties:liaison-referrals",
            reverse("sanctions-penalties:liaison-referrals"),
            "police",
            "get",
        ),
        (
            "sanctions-penalties:liaison-referral",
            reverse("sanctions-penalties:liaison-referral", args=[world["referral"].pk]),
            "police",
            "get",
        ),
        ("sanctions:public-defaulters", reverse("sanctions:public-defaulters"), None, "get"),
        ("sanctions:public-defaulters", reverse("sanctions:public-defaulters"), None, "post"),
        (
            "sanctions:public-defaulters?case_number",
            reverse("sanctions:public-defaulters") + f"?case_number={case.number}",
            None,
            "post",
        ),
        *[
            (f"disposal:{name}", reverse(f"disposal:{name}", args=[asset.pk]), "judge", method)
            for name, asset in (
                ("price-record", disposal["house"]),
                ("round-propose", disposal["car"]),
                ("sale-off-propose", disposal["car"]),
                ("in-kind-propose", disposal["car"]),
            )
            for method in ("get", "post")
        ],
        *[
            (f"disposal:{name}", reverse(f"disposal:{name}", args=[pk]), persona, method)
            for name, pk, persona in (
                ("objection-record", disposal["finding"].pk, "clerk"),
                ("objection-answer", disposal["objection"].pk, "judge"),
                ("step-decide", disposal["step"].pk, "head"),
                ("step-result", disposal["step"].pk, "judge"),
            )
            for method in ("get", "post")
        ],
    ]


def data_values() -> set[str]:
    """Every Chinese string the database holds (names, numbers, summaries, citations, answers) and
    the document titles: what pages show as data. Single characters are left out: as substrings
    they would hide interface text (the case type 执 inside 协助执行)."""
    found: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            if CJK.search(value):
                found.add(value)
                found.update(part for part in re.split(r"[\n\r]+", value) if CJK.search(part))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    text_fields = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, text_fields)]
        if fields:
            for row in model._default_manager.values_list(*fields):
                collect(list(row))
    found.update(kind.title for kind in standalone_kinds())
    for key in ("assistance_notice", "judicial_suggestion", "execution_notice", "asset_report_order"):
        if kind := get_kind(key):
            found.add(kind.title)
    found.update(LEGAL_REFERENCES)
    return {value.strip() for value in found if len(value.strip()) > 1}


def case_type_codes() -> re.Pattern:
    """The case-type codes (执, 执恢, 执保 …: CaseType's values, the code inside every case number)
    are data where a page shows one as a code, standing alone: not joined to other Chinese, so the
    执 inside 协助执行 is still interface text. Longest first, so 执恢 is one code, not 执 and 恢."""
    codes = "|".join(re.escape(code) for code in sorted(CaseType.values, key=len, reverse=True))
    return re.compile(f"(?<!{CJK.pattern})(?:{codes})(?!{CJK.pattern})")


class Segments(HTMLParser):
    """The text a reader sees or hears: text nodes and attribute values, without scripts, styles
    and the language switch's own names (each language is named in itself)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style") or (tag == "option" and (attrs.get("lang") or "").startswith("zh")):
            self.skip += 1
        self.found.extend(v for k, v in attrs.items() if v and k not in ("href", "src", "action", "value"))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "option") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(data.strip())


def visible_chinese(page: str, data: set[str], patterns=()) -> list[str]:
    """The pieces of a page that still show Chinese once data values (and what `patterns` match as
    data) are taken out."""
    parser = Segments()
    parser.feed(page)
    removals = sorted(data, key=len, reverse=True)
    left = set()
    for segment in parser.found:
        rest = segment
        for value in removals:
            if value in rest:
                rest = rest.replace(value, " ")
        for pattern in patterns:
            rest = pattern.sub(" ", rest)
        if CJK.search(rest):
            left.add(segment)
    return sorted(left)


def fetch(client, world, url, persona, method, language):
    client.logout()
    if persona:
        client.force_login(world["personas"][persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if method == "post":
        # a POST's fields are given as the address's query (none: the form with its errors)
        path, _, query = url.partition("?")
        return client.post(path, dict(parse_qsl(query)), HTTP_ACCEPT_LANGUAGE=language)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_every_page_is_rendered_here(world):
    covered = {name.split("?")[0] for name, *_ in pages(world)}
    assert page_routes() - covered == set(), "give the new page its objects in pages()"


def test_pages_in_english_show_no_chinese_but_data(client, world):
    data, patterns = data_values(), [case_type_codes()]
    leftovers = {}
    for name, url, persona, method in pages(world):
        response = fetch(client, world, url, persona, method, "en")
        assert response.status_code == (404 if UNKNOWN_CODE in url else 200), (
            name,
            persona,
            response.status_code,
        )
        page = response.content.decode()
        assert '<html lang="en">' in page, name
        found = visible_chinese(page, data, patterns)
        if found:
            leftovers[f"{name} ({persona})"] = found
    assert not leftovers, "Chinese outside data in English pages:\n" + "\n".join(
        f"{page}: {found}" for page, found in leftovers.items()
    )


def test_pages_in_chinese_render(client, world):
    for name, url, persona, method in pages(world):
        response = fetch(client, world, url, persona, method, "zh-hans")
        assert response.status_code == (404 if UNKNOWN_CODE in url else 200), (
            name,
            persona,
            response.status_code,
        )
        page = response.content.decode()
        assert '<html lang="zh-hans">' in page, name
        assert "Enforcement case management" not in page and "执行案件管理系统" in page, name


def test_the_check_catches_chinese_interface_text():
    assert visible_chinese("<p>Case number: （2026）青0102执1号</p>", {"（2026）青0102执1号"}) == []
    assert visible_chinese("<p>剩余天数 45</p>", set()) == ["剩余天数 45"]
    assert visible_chinese('<input placeholder="如：住宅一套">', set()) == ["如：住宅一套"]
    assert visible_chinese('<option value="zh-hans" lang="zh-hans">简体中文</option>', set()) == []
    assert visible_chinese('<option value="en">英语</option>', set()) == ["英语"]
    assert visible_chinese("<p>Due 2027年3月3日</p>", set(), patterns=[re.compile(r"\d+年\d+月\d+日")]) == []


def test_a_case_type_code_is_data_only_standing_alone():
    codes = [case_type_codes()]
    assert visible_chinese("<option>Resumed enforcement (执恢)</option>", set(), codes) == []
    assert visible_chinese("<td>执保</td>", set(), codes) == []
    assert visible_chinese("<p>协助执行</p>", set(), codes) == ["协助执行"]
    assert visible_chinese("<p>Freeze (冻结)</p>", set(), codes) == ["Freeze (冻结)"]
    assert visible_chinese("<p>opens a 执恢案件</p>", set(), codes) == ["opens a 执恢案件"]
