"""Filing that catches mistakes: every error in one round, the same 执行依据 filed again, identity
documents other than the 居民身份证 (with their boundaries), sex and birth date from an 18-digit
number, agents, 案由, the original and related case numbers, and the amount owed broken down."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from cases.choices import IdType
from cases.models import Case, Party
from cases.services import AgentInput, DuplicateBasis, PartyInput, case_file
from cases.validators import basis_key, id_facts, ric_check_char, validate_identity
from enforcement.errors import InvalidInput
from enforcement.models import AuditEvent
from tests.cases.conftest import COMPANY_CODE, COMPANY_CODE_2, PERSON_ID, PERSON_ID_2, filing_input
from tests.cases.test_views import company, field_block, filing_post, person
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

BASIS_NUMBER = "（2026）青0102民初100号"


def with_check(first17: str) -> str:
    return first17 + ric_check_char(first17)


HK_RESIDENT = with_check("81000019900101123")  # 港澳台居民居住证, Hong Kong
TW_RESIDENT = with_check("83000019850615224")
FOREIGN_PR_2023 = with_check("91184019800101123")


# --- identity documents: each one's valid and invalid boundary ---------------------------------
@pytest.mark.parametrize(
    ("id_type", "number", "stored"),
    [
        (IdType.PASSPORT, "e1234567 8", "E12345678"),
        (IdType.PASSPORT, "AB123", "AB123"),  # 5: the shortest
        (IdType.PASSPORT, "A" * 20, "A" * 20),  # 20: the longest
        (IdType.HK_MACAO_PERMIT, "H12345678", "H12345678"),  # card: 8 digits
        (IdType.HK_MACAO_PERMIT, "m1234567890", "M1234567890"),  # booklet: 10
        (IdType.TAIWAN_PERMIT, "１２３４５６７８", "12345678"),  # full-width folded
        (IdType.TAIWAN_PERMIT, "1234567890", "1234567890"),
        (IdType.FOREIGN_PR, "usa123456789012", "USA123456789012"),  # 2004/2017: 3 letters + 12
        (IdType.FOREIGN_PR, FOREIGN_PR_2023, FOREIGN_PR_2023),  # 2023: 9…, MOD 11-2
        (IdType.HMT_RESIDENCE, HK_RESIDENT, HK_RESIDENT),
        (IdType.HMT_RESIDENCE, TW_RESIDENT, TW_RESIDENT),
        (IdType.RIC, PERSON_ID, PERSON_ID),
        (IdType.OTHER, "军官证 第123号", "军官证第123号"),
    ],
)
def test_valid_numbers_of_each_document(id_type, number, stored):
    assert validate_identity(id_type, number) == stored


@pytest.mark.parametrize(
    ("id_type", "number", "code"),
    [
        (IdType.PASSPORT, "AB12", "length"),  # 4
        (IdType.PASSPORT, "A" * 21, "length"),
        (IdType.PASSPORT, "E1234-678", "invalid_char"),
        (IdType.HK_MACAO_PERMIT, "H1234567", "length"),  # 7 digits
        (IdType.HK_MACAO_PERMIT, "H123456789", "length"),  # 9 digits
        (IdType.HK_MACAO_PERMIT, "X12345678", "invalid_char"),
        (IdType.HK_MACAO_PERMIT, "H1234567A", "invalid_char"),
        (IdType.TAIWAN_PERMIT, "1234567", "length"),
        (IdType.TAIWAN_PERMIT, "123456789", "length"),
        (IdType.TAIWAN_PERMIT, "1234567A", "invalid_char"),
        (IdType.FOREIGN_PR, "US1123456789012", "invalid_char"),
        (IdType.FOREIGN_PR, "USA12345678901A", "invalid_char"),
        (IdType.FOREIGN_PR, FOREIGN_PR_2023[:-1] + ("0" if FOREIGN_PR_2023[-1] != "0" else "1"), "checksum"),
        (IdType.FOREIGN_PR, PERSON_ID_2, "region"),  # a citizen's number is not a foreigner's card
        (IdType.FOREIGN_PR, "USA1234567890", "length"),
        (IdType.HMT_RESIDENCE, PERSON_ID, "region"),  # a mainland number
        (IdType.HMT_RESIDENCE, HK_RESIDENT[:-1] + ("0" if HK_RESIDENT[-1] != "0" else "1"), "checksum"),
        (IdType.OTHER, "   ", "required"),
        (IdType.OTHER, "X" * 41, "length"),
    ],
)
def test_invalid_numbers_of_each_document_say_why(id_type, number, code):
    with pytest.raises(ValidationError) as exc:
        validate_identity(id_type, number)
    assert exc.value.code == code
    assert all("This field" not in m for m in exc.value.messages)


def test_sex_and_birth_date_come_from_an_18_digit_number():
    assert id_facts(IdType.RIC, PERSON_ID) == ("female", dt.date(1949, 12, 31))  # 17th digit 2
    assert id_facts(IdType.RIC, PERSON_ID_2) == ("male", dt.date(1991, 1, 1))  # 17th digit 7
    assert id_facts(IdType.HMT_RESIDENCE, HK_RESIDENT) == ("male", dt.date(1990, 1, 1))
    assert id_facts(IdType.HMT_RESIDENCE, TW_RESIDENT) == ("female", dt.date(1985, 6, 15))
    assert id_facts(IdType.PASSPORT, "E12345678") is None
    assert id_facts(IdType.RIC, "360426199101010072") is None  # not a valid number
    assert id_facts("", PERSON_ID) is None


def test_basis_key_folds_brackets_and_spaces():
    assert basis_key("西宁市城东区人民法院", "（2026）青0102民初100号") == basis_key(
        " 西宁市城东区 人民法院", "(2026)青0102民初100号 "
    )
    assert basis_key("X", "〔2026〕1号") == basis_key("X", "[2026]1号") == basis_key("X", "（2026）1号")
    assert basis_key("X", "（2026）1号") != basis_key("X", "（2026）2号")


# --- the service -------------------------------------------------------------------------------
def test_every_service_error_is_answered_at_once(clerk, judge):
    data = filing_input(
        judge,
        respondents=[
            PartyInput(role="respondent", kind="person", name="李四", id_number="360426199101010072"),
            PartyInput(role="respondent", kind="entity", name="某公司", id_number=COMPANY_CODE),
        ],
    )
    data.basis.effective_date = TODAY + dt.timedelta(days=1)
    data.basis.principal = Decimal("1.00")
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=data)
    assert {
        "basis.effective_date",
        "basis.money_amount",
        "parties[1].id_number",
        "parties[2].legal_representative",
    } <= set(exc.value.fields)


def test_the_breakdown_must_add_up_to_the_amount(clerk, judge):
    data = filing_input(judge)
    data.basis.principal, data.basis.judgment_interest = Decimal("90000.00"), Decimal("5000.00")
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=data)
    assert "¥95,000.00" in exc.value.fields["basis.money_amount"][0]
    assert "¥100,000.00" in exc.value.fields["basis.money_amount"][0]

    data.basis.costs_borne = Decimal("4999.99")
    with pytest.raises(InvalidInput):  # a fen short
        case_file(actor=clerk, data=data)

    data.basis.costs_borne = Decimal("5000.00")
    case = case_file(actor=clerk, data=data)
    assert case.basis.principal + case.basis.judgment_interest + case.basis.costs_borne == case.subject_amount
    assert case.basis.other_amount is None


def test_parts_without_an_amount_are_refused(clerk, judge):
    data = filing_input(judge, amount=None)
    data.basis.non_money_obligation = "交付车辆"
    data.basis.other_amount = Decimal("10.00")
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=data)
    assert "basis.money_amount" in exc.value.fields


def test_same_basis_and_party_needs_a_confirmation_with_a_reason(clerk, judge):
    first = case_file(actor=clerk, data=filing_input(judge, document_number=BASIS_NUMBER))
    again = filing_input(judge, document_number="(2026) 青0102民初100号")  # other brackets, a space
    with pytest.raises(DuplicateBasis) as exc:
        case_file(actor=clerk, data=again)
    assert exc.value.earlier == [first] and exc.value.status == 409
    assert first.number in exc.value.message
    assert exc.value.extra == {"earlier_cases": [{"id": first.pk, "number": first.number}]}

    again.confirm_duplicate = True
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=again)
    assert "duplicate_reason" in exc.value.fields
    assert Case.objects.count() == 1

    again.duplicate_reason = "针对同一判决确定的另一被执行人青海某某贸易有限公司另行申请"
    second = case_file(actor=clerk, data=again)
    assert second.duplicate_reason == again.duplicate_reason
    assert list(second.related_cases.all()) == [first] and list(first.related_cases.all()) == [second]
    event = AuditEvent.objects.get(action="case.filed", object_id=str(second.pk))
    assert event.data["duplicate_of"] == [first.number]
    assert event.data["duplicate_reason"] == again.duplicate_reason
    assert first.number in event.summary and again.duplicate_reason in event.summary


def test_same_basis_with_other_parties_is_not_a_duplicate(clerk, judge):
    case_file(actor=clerk, data=filing_input(judge, document_number=BASIS_NUMBER))
    other = filing_input(
        judge,
        document_number=BASIS_NUMBER,
        respondents=[PartyInput(role="respondent", kind="person", name="赵六", id_number=PERSON_ID_2)],
    )
    other.parties[0] = PartyInput(
        role="applicant", kind="entity", name="某银行", id_number=COMPANY_CODE_2, legal_representative="钱七"
    )
    other.parties[1].id_number = HK_RESIDENT
    other.parties[1].id_type = IdType.HMT_RESIDENCE
    case = case_file(actor=clerk, data=other)
    assert case.duplicate_reason == "" and not case.related_cases.exists()


def test_other_documents_agents_cause_and_case_numbers_are_kept(clerk, judge, file_case):
    earlier = file_case()
    data = filing_input(judge)
    data.cause = "民间借贷纠纷"
    data.original_case_number = "(2026)青0102民初99号"
    data.related_case_numbers = [earlier.number.replace("（", "(").replace("）", ")")]
    data.parties[1] = PartyInput(
        role="respondent",
        kind="person",
        name="John Smith",
        id_type=IdType.PASSPORT,
        id_number="p1234567",
        agents=[AgentInput(kind="entrusted", name="孙律师", phone="13900000000")],
    )
    data.parties[0].agents = [AgentInput(kind="statutory", name="张父", id_number=PERSON_ID_2)]
    case = case_file(actor=clerk, data=data)
    assert case.cause == "民间借贷纠纷" and case.original_case_number == "（2026）青0102民初99号"
    assert list(case.related_cases.all()) == [earlier]
    smith = case.parties.get(name="John Smith")
    assert (smith.id_type, smith.id_number, smith.id_facts) == (IdType.PASSPORT, "P1234567", None)
    assert [(a.kind, a.name, a.phone) for a in smith.agents.all()] == [("entrusted", "孙律师", "13900000000")]
    applicant = case.parties.get(name="张三")
    assert applicant.id_type == IdType.RIC and applicant.id_facts == ("female", dt.date(1949, 12, 31))
    assert [(a.kind, a.id_type, a.id_number) for a in applicant.agents.all()] == [
        ("statutory", "ric", PERSON_ID_2)
    ]
    assert case.parties.get(name="青海某某贸易有限公司").id_type == IdType.USCC


def test_document_and_agent_rules(clerk, judge):
    data = filing_input(judge)
    data.parties[0].id_type = IdType.USCC  # a person by a credit code
    data.parties[1].id_type, data.parties[1].id_number = IdType.OTHER, "X-1"  # no note
    data.parties[2].agents = [
        AgentInput(kind="statutory", name="某人"),  # an entity has no statutory agent
        AgentInput(kind="nonsense", name=" ", id_number="123"),
    ]
    data.related_case_numbers = ["（2026）青0102执999号"]
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=data)
    fields = exc.value.fields
    assert {
        "parties[0].id_type",
        "parties[1].id_note",
        "parties[2].agents[0].kind",
        "parties[2].agents[1].kind",
        "parties[2].agents[1].name",
        "parties[2].agents[1].id_number",
        "related_case_numbers",
    } <= set(fields)
    assert not Party.objects.exists()


# --- the filing page ---------------------------------------------------------------------------
def test_the_page_shows_every_mistake_in_one_round(client_for, clerk, judge):
    data = filing_post(
        judge,
        respondents=[person("李四", "360426199101010072"), company("某公司", COMPANY_CODE, rep="")],
        **{
            "basis-effective_date": (TODAY + dt.timedelta(days=3)).isoformat(),  # the service's rule
            "basis-issuing_organ": "",  # the form's
        },
    )
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "身份证号码校验位错误" in field_block(html, "id_respondents-0-id_number")
    assert "未填写" in field_block(html, "id_basis-issuing_organ")
    assert "生效日期不能晚于立案日期" in field_block(html, "id_basis-effective_date")
    assert "法人" in field_block(html, "id_respondents-1-legal_representative")
    assert "这个字段是必填项" not in html and "This field is required" not in html
    assert not Case.objects.exists()


def test_the_page_says_nothing_for_a_rule_on_a_mistyped_field(client_for, clerk, judge):
    data = filing_post(judge, **{"basis-money_amount": "十万元", "basis-non_money_obligation": ""})
    html = client_for(clerk).post("/cases/new/", data).content.decode()
    assert 'class="error"' in field_block(html, "id_basis-money_amount")
    # the amount was given, only mistyped: not "enter the amount or the non-monetary obligation"
    assert 'class="error"' not in field_block(html, "id_basis-non_money_obligation")
    assert 'class="error"' not in field_block(html, "id_no_amount_fee")
    assert not Case.objects.exists()


def test_empty_fields_say_so_in_the_courts_words(client_for, clerk, judge):
    data = filing_post(judge, respondents=[person("", "")], **{"basis-document_number": ""})
    html = client_for(clerk).post("/cases/new/", data).content.decode()
    for field_id in ("id_respondents-0-name", "id_respondents-0-id_number", "id_basis-document_number"):
        block = field_block(html, field_id)
        assert "未填写，此项必填。" in block, block
    assert "这个字段是必填项" not in html


def test_the_page_warns_of_the_same_basis_and_links_the_earlier_case(client_for, clerk, judge):
    client = client_for(clerk)
    first = client.post("/cases/new/", filing_post(judge))
    assert first.status_code == 302
    earlier = Case.objects.get()

    warned = client.post("/cases/new/", filing_post(judge))
    assert warned.status_code == 200
    html = warned.content.decode()
    assert f'href="/cases/{earlier.pk}/"' in html and earlier.number in html
    assert "data-duplicate-basis" in html and Case.objects.count() == 1

    no_reason = client.post(
        "/cases/new/", filing_post(judge, confirm_duplicate="on", confirm_duplicate_shown="1")
    )
    assert no_reason.status_code == 200 and Case.objects.count() == 1
    assert "has-error" in field_block(no_reason.content.decode(), "id_duplicate_reason")

    filed = client.post(
        "/cases/new/",
        filing_post(
            judge,
            confirm_duplicate="on",
            duplicate_reason="另一申请执行人的申请",
            confirm_duplicate_shown="1",
        ),
    )
    assert filed.status_code == 302
    second = Case.objects.exclude(pk=earlier.pk).get()
    assert second.duplicate_reason == "另一申请执行人的申请"
    page = client.get(f"/cases/{second.pk}/").content.decode()
    assert "另一申请执行人的申请" in page and f'href="/cases/{earlier.pk}/"' in page


def test_the_page_files_documents_agents_and_the_breakdown(client_for, clerk, judge):
    data = filing_post(
        judge,
        respondents=[
            person(
                "陈大文",
                HK_RESIDENT,
                id_type="hmt_residence",
                agent_kind="entrusted",
                agent_name="孙律师",
                agent_id_number=PERSON_ID_2,
                agent_phone="13900000000",
            )
        ],
        cause="民间借贷纠纷",
        original_case_number="（2026）青0102民初99号",
        **{"basis-principal": "95,000", "basis-costs_borne": "5000"},
    )
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.basis.principal == Decimal("95000.00") and case.basis.costs_borne == Decimal("5000.00")
    party = case.parties.get(name="陈大文")
    assert party.id_type == IdType.HMT_RESIDENCE and party.agents.get().name == "孙律师"

    page = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "民间借贷纠纷" in page and "（2026）青0102民初99号" in page
    assert "港澳台居民居住证" in page and "1990年1月1日" in page and "孙律师" in page
    assert "¥95,000.00" in page


def test_the_list_search_finds_the_original_case_number(client_for, clerk, judge, file_case):
    data = filing_input(judge)
    data.original_case_number = "（2025）青0102民初777号"
    case = case_file(actor=clerk, data=data)
    other = file_case()
    html = client_for(judge).get("/cases/", {"q": "民初777"}).content.decode()
    assert case.number in html and other.number not in html


# --- the API -----------------------------------------------------------------------------------
def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def body(judge, **extra) -> dict:
    return {
        "judge": judge.pk,
        "basis": {
            "kind": "judgment",
            "issuing_organ": "西宁市城东区人民法院",
            "document_number": BASIS_NUMBER,
            "effective_date": "2026-06-01",
            "money_amount": "100000.00",
        },
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": PERSON_ID},
            {
                "role": "respondent",
                "kind": "person",
                "name": "Jane Doe",
                "id_type": "foreign_pr",
                "id_number": "GBR123456789012",
                "agents": [{"kind": "entrusted", "name": "孙律师", "phone": "13900000000"}],
            },
        ],
        **extra,
    }


def test_api_answers_a_second_filing_with_409_and_files_it_when_confirmed(clerk, judge):
    client = api_as(clerk)
    first = client.post("/api/v1/cases/", body(judge, cause="民间借贷纠纷"), format="json")
    assert first.status_code == 201, first.json()
    created = first.json()
    assert created["cause"] == "民间借贷纠纷"
    jane = next(p for p in created["parties"] if p["name"] == "Jane Doe")
    assert jane["id_type"] == "foreign_pr" and jane["agents"][0]["name"] == "孙律师"
    zhang = next(p for p in created["parties"] if p["name"] == "张三")
    assert (zhang["sex"], zhang["birth_date"]) == ("female", "1949-12-31")  # the clerk sees the full ID

    again = client.post("/api/v1/cases/", body(judge), format="json")
    assert again.status_code == 409
    answer = again.json()
    assert answer["code"] == "duplicate_basis"
    assert answer["earlier_cases"] == [{"id": created["id"], "number": created["number"]}]

    no_reason = client.post("/api/v1/cases/", body(judge, confirm_duplicate=True), format="json")
    assert no_reason.status_code == 400 and "duplicate_reason" in no_reason.json()["fields"]

    filed = client.post(
        "/api/v1/cases/", body(judge, confirm_duplicate=True, duplicate_reason="另一申请"), format="json"
    )
    assert filed.status_code == 201, filed.json()
    assert filed.json()["duplicate_reason"] == "另一申请"
    assert filed.json()["related_cases"][0]["number"] == created["number"]


def test_api_refuses_a_breakdown_that_does_not_add_up(clerk, judge):
    data = body(judge)
    data["basis"].update(principal="90000.00", other_amount="5000.00")
    response = api_as(clerk).post("/api/v1/cases/", data, format="json")
    assert response.status_code == 400
    assert "basis.money_amount" in response.json()["fields"]


def test_api_masks_sex_and_birth_with_the_id(supervisor, file_case):
    case = file_case()
    parties = api_as(supervisor).get(f"/api/v1/cases/{case.pk}/").json()["parties"]
    person_ = next(p for p in parties if p["kind"] == "person")
    assert person_["id_masked"] and person_["sex"] is None and person_["birth_date"] is None


# --- documents name the party's document -------------------------------------------------------
def test_a_notice_names_the_partys_own_document():
    from cases.models import Party
    from documents.kinds import party_entry

    passport = Party(
        role="respondent", kind="person", name="John Smith", id_type="passport", id_number="E12345678"
    )
    assert party_entry(passport)["lines"] == ["John Smith，护照号码E12345678。"]  # no sex or birth: not in it
    resident = Party(
        role="respondent", kind="person", name="陈大文", id_type="hmt_residence", id_number=HK_RESIDENT
    )
    assert party_entry(resident)["lines"] == [f"陈大文，男，1990年1月1日出生，公民身份号码{HK_RESIDENT}。"]
    other = Party(
        role="respondent", kind="person", name="某", id_type="other", id_note="军官证", id_number="123"
    )
    assert party_entry(other)["lines"] == ["某，军官证号码123。"]
    legacy = Party(role="respondent", kind="person", name="李四", id_number=PERSON_ID_2)  # before id types
    assert party_entry(legacy)["lines"] == [f"李四，男，1991年1月1日出生，公民身份号码{PERSON_ID_2}。"]
