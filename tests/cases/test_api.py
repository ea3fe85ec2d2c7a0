"""The cases REST API (/api/v1/): same rules as the browser because both call cases.services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.actions import ACTIONS
from cases.choices import CaseState, PartyKind, PartyRole
from cases.models import Approval, Case, Party
from cases.registry import timeline_kinds
from cases.validators import mask_id
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.cases.closing_payloads import withdrawal
from tests.cases.conftest import COMPANY_CODE, PERSON_ID, PERSON_ID_2
from tests.clock import TODAY
from tests.factories import make_member

pytestmark = pytest.mark.django_db

BAD_PERSON_ID = "360426199101010072"  # wrong GB 11643 check character


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def filing_body(judge, **basis_overrides) -> dict:
    return {
        "judge": judge.pk,
        "basis": {
            "kind": "judgment",
            "issuing_organ": "西宁市城东区人民法院",
            "document_number": "（2026）青0102民初100号",
            "effective_date": "2026-06-01",
            "money_amount": "100000.00",
            **basis_overrides,
        },
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": PERSON_ID},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": PERSON_ID_2},
            {
                "role": "respondent",
                "kind": "entity",
                "name": "青海某某贸易有限公司",
                "id_number": COMPANY_CODE,
                "legal_representative": "王五",
            },
        ],
    }


@pytest.fixture
def case(file_case):
    return file_case()


def events(case, action):
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action=action)


# --- filing --------------------------------------------------------------------------------------
def test_filing_with_token_returns_201_and_the_number(clerk, judge):
    token = Token.objects.create(user=clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post("/api/v1/cases/", filing_body(judge), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == f"（{TODAY.year}）青0102执1号"
    assert body["state"] == CaseState.FILED and body["judge"]["id"] == judge.pk
    assert body["application_fee"] == "1400.00" and body["subject_amount"] == "100000.00"
    assert body["applicants"] == ["张三"] and body["respondents"] == ["李四", "青海某某贸易有限公司"]
    assert body["basis"]["document_number"] == "（2026）青0102民初100号"
    case = Case.objects.get()
    assert body["id"] == case.pk and case.filed_by == clerk and case.parties.count() == 3
    assert events(case, "case.filed").exists()


def test_bad_id_number_names_the_field_and_saves_nothing(clerk, judge):
    body = filing_body(judge)
    body["parties"][1]["id_number"] = BAD_PERSON_ID

    response = api_as(clerk).post("/api/v1/cases/", body, format="json")

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid" and error["detail"]
    assert list(error["fields"]) == ["parties[1].id_number"]
    assert "校验" in " ".join(error["fields"]["parties[1].id_number"])
    assert not Case.objects.exists() and not Party.objects.exists()


def test_shape_errors_use_the_same_field_keys_and_money_is_never_float(clerk, judge):
    body = filing_body(judge, money_amount=100000.5)
    del body["parties"][0]["name"]
    body["parties"][2]["kind"] = "alien"

    response = api_as(clerk).post("/api/v1/cases/", body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"basis.money_amount", "parties[0].name", "parties[2].kind"}
    assert "浮点" in fields["basis.money_amount"][0]
    assert not Case.objects.exists()


def test_shape_and_rule_errors_come_back_together_in_one_round(clerk, judge):
    body = filing_body(judge, effective_date="2027-01-01", principal=10000.5)  # after filing; float
    body["parties"][0]["name"] = ""  # shape: a required name
    body["parties"][1]["id_number"] = BAD_PERSON_ID  # rule: the check character
    body["parties"][2]["legal_representative"] = ""  # rule: an entity needs one
    body["parties"][2]["agents"] = [{"kind": "statutory", "name": "赵六"}]  # rule: not for an entity
    body["related_case_numbers"] = ["（2026）青0102执999号"]  # rule: no such case
    body["clerk"] = "nobody"  # shape: an id

    response = api_as(clerk).post("/api/v1/cases/", body, format="json")

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    fields = error["fields"]
    assert set(fields) == {
        "clerk",
        "basis.principal",
        "parties[0].name",
        "basis.effective_date",
        "parties[1].id_number",
        "parties[2].legal_representative",
        "parties[2].agents[0].kind",
        "related_case_numbers",
    }
    assert "浮点" in fields["basis.principal"][0]
    assert "校验" in " ".join(fields["parties[1].id_number"])
    assert "执999号" in fields["related_case_numbers"][0]
    assert not Case.objects.exists() and not Party.objects.exists()


def test_a_rule_that_reads_an_unreadable_field_keeps_quiet(clerk, judge):
    body = filing_body(judge, money_amount="lots", non_money_obligation="")
    body["parties"][0]["role"] = "bystander"  # then no applicant would be left: not said
    body["parties"][1]["kind"] = "ghost"  # its ID number is not checked against an unknown kind

    response = api_as(clerk).post("/api/v1/cases/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {
        "basis.money_amount",
        "parties[0].role",
        "parties[1].kind",
    }


def test_a_body_that_is_no_filing_gets_its_shape_error_only(clerk):
    response = api_as(clerk).post("/api/v1/cases/", ["not", "a", "filing"], format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"non_field_errors"}


def test_only_filers_are_asked_even_with_shape_errors(head, judge):
    body = filing_body(judge)
    body["parties"][0]["name"] = ""
    response = api_as(head).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_out_of_range_ids_and_periods_are_bad_input_not_a_crash(clerk, judge, case):
    client = api_as(clerk)
    body = filing_body(judge)
    body["judge"] = 10**30

    assert client.post("/api/v1/cases/", body, format="json").json()["fields"].keys() == {"judge"}
    assert client.patch(f"/api/v1/cases/{case.pk}/", {"judge": 10**30}, format="json").status_code == 400
    assert client.get("/api/v1/cases/", {"judge": 10**30, "due_within": 10**12}).status_code == 400
    assert client.get(f"/api/v1/cases/{10**30}/").status_code == 404
    assert Case.objects.count() == 1


def test_only_clerks_and_judges_file(head, judge):
    response = api_as(head).post("/api/v1/cases/", filing_body(judge), format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert not Case.objects.exists()


def test_authentication_is_required(case):
    client = APIClient()
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.pk}/", "/api/v1/approvals/", "/api/v1/case-actions/"):
        assert client.get(url).status_code in {401, 403}


# --- scoping -------------------------------------------------------------------------------------
def test_another_basic_court_sees_nothing_of_the_case(case, other_clerk):
    client = api_as(other_clerk)
    party = case.parties.first()
    missing_case = client.get("/api/v1/cases/999999/")
    missing_party = client.get("/api/v1/parties/999999/")

    assert missing_case.status_code == missing_party.status_code == 404
    for response, missing in (
        (client.get(f"/api/v1/cases/{case.pk}/"), missing_case),
        (client.get(f"/api/v1/cases/{case.pk}/timeline/"), missing_case),
        (
            client.post(f"/api/v1/cases/{case.pk}/actions/", {"action": "investigate"}, format="json"),
            missing_case,
        ),
        (client.patch(f"/api/v1/cases/{case.pk}/", {"reason": "x"}, format="json"), missing_case),
        (client.get(f"/api/v1/parties/{party.pk}/"), missing_party),
        (client.patch(f"/api/v1/parties/{party.pk}/", {"phone": "1"}, format="json"), missing_party),
    ):
        assert response.status_code == 404
        assert response.json() == missing.json()  # the same answer as for one that does not exist
    assert client.get("/api/v1/cases/").json()["count"] == 0
    assert client.get("/api/v1/cases/", {"q": case.number}).json()["results"] == []
    case.refresh_from_db()
    assert case.state == CaseState.FILED


def test_liaison_gets_empty_lists_and_404(case, liaison):
    client = api_as(liaison)
    assert client.get("/api/v1/cases/").json()["count"] == 0
    assert client.get("/api/v1/approvals/").json()["count"] == 0
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/parties/{case.parties.first().pk}/").status_code == 404


def test_supervisor_sees_the_case_masked_and_cannot_act(case, supervisor):
    client = api_as(supervisor)

    listed = client.get("/api/v1/cases/").json()
    assert [row["id"] for row in listed["results"]] == [case.pk]
    body = client.get(f"/api/v1/cases/{case.pk}/").json()

    by_name = {p["name"]: p for p in body["parties"]}
    assert by_name["张三"]["id_number"] == mask_id(PERSON_ID) != PERSON_ID
    assert by_name["张三"]["id_masked"] is True
    assert by_name["青海某某贸易有限公司"]["id_number"] == COMPANY_CODE  # a USCC is public
    assert PERSON_ID not in str(body) and PERSON_ID_2 not in str(body)
    assert body["actions"] == []
    assert not events(case, "case.viewed_full_id").exists()

    party = case.parties.get(name="李四")
    assert client.get(f"/api/v1/parties/{party.pk}/").json()["id_number"] == mask_id(PERSON_ID_2)
    response = client.post(f"/api/v1/cases/{case.pk}/actions/", {"action": "investigate"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert client.patch(f"/api/v1/parties/{party.pk}/", {"phone": "1"}, format="json").status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.FILED


def test_judge_sees_full_ids_and_the_view_is_audited(case, judge):
    client = api_as(judge)

    body = client.get(f"/api/v1/cases/{case.pk}/").json()

    ids = {p["name"]: p["id_number"] for p in body["parties"]}
    assert ids["张三"] == PERSON_ID and ids["李四"] == PERSON_ID_2
    event = events(case, "case.viewed_full_id").get()
    assert event.actor == judge and event.court == case.court
    assert event.summary == "通过API查看当事人完整身份证号码"

    party = case.parties.get(name="李四")
    assert client.get(f"/api/v1/parties/{party.pk}/").json()["id_number"] == PERSON_ID_2
    assert events(case, "case.viewed_full_id").count() == 2


def test_detail_shows_money_time_limits_and_the_users_actions(case, judge):
    body = api_as(judge).get(f"/api/v1/cases/{case.pk}/").json()

    assert body["application_fee"] == "1400.00" and "1.5%" in body["fee_explanation"]
    assert body["delay_interest"] == "0.00"
    assert body["time_limit_months"] == 6 and body["deadline"] == case.deadline.isoformat()
    assert body["days_left"] == (case.deadline - TODAY).days
    assert body["notice_due"] == case.notice_due.isoformat()
    assert body["resumed_from"] is None and body["resumptions"] == []
    actions = {a["key"]: a for a in body["actions"]}
    assert actions["investigate"]["blockers"] == [] and actions["investigate"]["needs_approval"] is False
    assert actions["dispose"]["blockers"]  # not from 已立案
    assert actions["end_round"]["approver_role"] == Role.HEAD and actions["end_round"]["needs_approval"]


# --- actions and approvals -----------------------------------------------------------------------
def test_an_action_done_at_once_returns_200_with_the_case(case, judge):
    response = api_as(judge).post(
        f"/api/v1/cases/{case.pk}/actions/", {"action": "investigate"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["done"] is True
    assert response.json()["case"]["state"] == CaseState.INVESTIGATING
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING


def test_illegal_transition_is_409_with_the_reason(case, judge):
    response = api_as(judge).post(f"/api/v1/cases/{case.pk}/actions/", {"action": "dispose"}, format="json")

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "transition_refused"
    assert error["detail"].startswith(f"案件当前状态为“{CaseState.FILED.label}”，不能")
    case.refresh_from_db()
    assert case.state == CaseState.FILED


def test_unknown_action_is_400(case, judge):
    response = api_as(judge).post(f"/api/v1/cases/{case.pk}/actions/", {"action": "fly"}, format="json")
    assert response.status_code == 400 and "action" in response.json()["fields"]


def test_proposal_needs_a_reason(case, judge):
    response = api_as(judge).post(f"/api/v1/cases/{case.pk}/actions/", {"action": "suspend"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    assert not Approval.objects.exists()


def test_approval_flow_from_proposal_to_the_heads_decision(case, judge, head):
    proposed = api_as(judge).post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "suspend", "reason": "被执行人申请破产", "payload": {}},
        format="json",
    )
    assert proposed.status_code == 202
    assert proposed.json()["done"] is False
    approval = proposed.json()["approval"]
    assert approval["required_role"] == Role.HEAD and approval["status"] == "pending"
    assert approval["case"]["id"] == case.pk and approval["proposer"]["id"] == judge.pk

    head_client = api_as(head)
    inbox = head_client.get("/api/v1/approvals/").json()
    assert [a["id"] for a in inbox["results"]] == [approval["id"]]
    assert api_as(judge).get("/api/v1/approvals/").json()["count"] == 0  # not waiting on the proposer
    mine = api_as(judge).get("/api/v1/approvals/", {"mine": "1"}).json()
    assert [a["id"] for a in mine["results"]] == [approval["id"]]
    assert head_client.get(f"/api/v1/approvals/{approval['id']}/").json()["reason"] == "被执行人申请破产"

    decided = head_client.post(
        f"/api/v1/approvals/{approval['id']}/decide/", {"approve": True, "note": "同意"}, format="json"
    )

    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved" and decided.json()["decided_by"]["id"] == head.pk
    assert decided.json()["case"]["state"] == CaseState.SUSPENDED
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    timeline = api_as(judge).get(f"/api/v1/cases/{case.pk}/timeline/").json()["results"]
    actions = [e["action"] for e in timeline]
    assert actions == ["case.filed", "approval.proposed", "case.suspend", "approval.approved"]
    assert [e["actor_name"] for e in timeline][1:] == [str(judge), str(head), str(head)]
    assert timeline == sorted(timeline, key=lambda e: (e["time"], e["id"]))

    again = head_client.post(f"/api/v1/approvals/{approval['id']}/decide/", {"approve": True}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_decided"


def test_the_proposer_cannot_approve_their_own_proposal(case, judge, court):
    client = api_as(judge)
    approval_id = client.post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "withdraw", "reason": "申请人撤回", "payload": withdrawal()},
        format="json",
    ).json()["approval"]["id"]

    refused = client.post(f"/api/v1/approvals/{approval_id}/decide/", {"approve": True}, format="json")

    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    case.refresh_from_db()
    assert case.state == CaseState.FILED
    other_judge = make_member(Role.JUDGE, court=court, name="周法官")
    approved = api_as(other_judge).post(
        f"/api/v1/approvals/{approval_id}/decide/", {"approve": True}, format="json"
    )
    assert approved.status_code == 200
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN


def test_a_court_user_of_another_court_cannot_see_or_decide_an_approval(case, judge, other_court):
    approval_id = (
        api_as(judge)
        .post(f"/api/v1/cases/{case.pk}/actions/", {"action": "suspend", "reason": "理由"}, format="json")
        .json()["approval"]["id"]
    )
    other_head = make_member(Role.HEAD, court=other_court)
    client = api_as(other_head)
    assert client.get("/api/v1/approvals/").json()["count"] == 0
    assert client.get(f"/api/v1/approvals/{approval_id}/").status_code == 404
    decided = client.post(f"/api/v1/approvals/{approval_id}/decide/", {"approve": True}, format="json")
    assert decided.status_code == 404
    assert Approval.objects.get().status == "pending"


def test_decide_requires_approve_as_a_boolean(case, judge, head):
    approval = api_as(judge).post(
        f"/api/v1/cases/{case.pk}/actions/", {"action": "suspend", "reason": "理由"}, format="json"
    )
    url = f"/api/v1/approvals/{approval.json()['approval']['id']}/decide/"
    response = api_as(head).post(url, {"note": "?"}, format="json")
    assert response.status_code == 400 and "approve" in response.json()["fields"]
    rejected = api_as(head).post(url, {"approve": False}, format="json")
    assert rejected.status_code == 400 and "note" in rejected.json()["fields"]  # a refusal says why


def test_case_actions_table(clerk):
    rows = api_as(clerk).get("/api/v1/case-actions/").json()

    assert [row["key"] for row in rows] == list(ACTIONS)
    for row in rows:
        action = ACTIONS[row["key"]]
        assert row["label"] == str(action.label)
        assert row["proposer_roles"] == list(action.proposer_roles)
        assert row["approver_role"] == action.approver_role
        assert row["needs_approval"] is (action.approver_role is not None)
    by_key = {row["key"]: row for row in rows}
    assert by_key["end_round"]["approver_role"] == Role.HEAD
    assert by_key["end_round"]["approver_role_display"] == str(Role.HEAD.label)


# --- edits ---------------------------------------------------------------------------------------
def test_patch_case_reassigns_the_judge_through_the_service(case, clerk, court, supervisor):
    new_judge = make_member(Role.JUDGE, court=court, name="周法官")

    response = api_as(clerk).patch(
        f"/api/v1/cases/{case.pk}/", {"judge": new_judge.pk, "reason": "工作调整"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["judge"] == {"id": new_judge.pk, "name": "周法官"}
    case.refresh_from_db()
    assert case.judge == new_judge
    assert events(case, "case.updated").get().data["reason"] == "工作调整"
    refused = api_as(supervisor).patch(f"/api/v1/cases/{case.pk}/", {"judge": new_judge.pk}, format="json")
    assert refused.status_code == 403


def test_patch_case_refuses_a_judge_of_another_court(case, clerk, other_court):
    outsider = make_member(Role.JUDGE, court=other_court)
    response = api_as(clerk).patch(f"/api/v1/cases/{case.pk}/", {"judge": outsider.pk}, format="json")
    assert response.status_code == 400 and "judge" in response.json()["fields"]


def test_patch_party_corrects_contact_details_but_not_the_id_number(case, clerk):
    party = case.parties.get(name="李四")
    client = api_as(clerk)

    response = client.patch(f"/api/v1/parties/{party.pk}/", {"phone": "13800000000"}, format="json")

    assert response.status_code == 200 and response.json()["phone"] == "13800000000"
    party.refresh_from_db()
    assert party.phone == "13800000000"
    assert events(case, "party.updated").exists()
    refused = client.patch(f"/api/v1/parties/{party.pk}/", {"id_number": PERSON_ID}, format="json")
    assert refused.status_code == 400 and "id_number" in refused.json()["fields"]
    party.refresh_from_db()
    assert party.id_number == PERSON_ID_2


def test_patch_party_adds_changes_and_removes_agents_audited(case, clerk):
    party = case.parties.get(name="李四")
    client = api_as(clerk)
    url = f"/api/v1/parties/{party.pk}/"

    added = client.patch(
        url,
        {
            "agents": [
                {"kind": "statutory", "name": "李大", "id_number": PERSON_ID},
                {"kind": "entrusted", "name": "赵律师"},
            ]
        },
        format="json",
    )
    changed = client.patch(
        url, {"agents": [{"kind": "entrusted", "name": "赵律师", "phone": "0971-1234567"}]}, format="json"
    )
    unchanged = client.patch(url, {"phone": "13800000000"}, format="json")  # agents left out: kept
    removed = client.patch(url, {"agents": []}, format="json")

    assert added.status_code == 200, added.json()
    assert [(a["kind"], a["name"], a["id_number"]) for a in added.json()["agents"]] == [
        ("statutory", "李大", PERSON_ID),
        ("entrusted", "赵律师", ""),
    ]
    assert [(a["name"], a["phone"]) for a in changed.json()["agents"]] == [("赵律师", "0971-1234567")]
    assert [a["name"] for a in unchanged.json()["agents"]] == ["赵律师"]
    assert removed.status_code == 200 and removed.json()["agents"] == []
    assert not party.agents.exists()
    updates = list(events(case, "party.updated").order_by("id"))
    assert len(updates) == 4
    assert updates[0].summary == "修改当事人 李四：代理人 — → 李大（法定代理人）、赵律师（委托代理人）"
    assert updates[0].data["agents"]["after"][0]["id_number"] == mask_id(PERSON_ID)
    assert (
        updates[1].summary
        == "修改当事人 李四：代理人 李大（法定代理人）、赵律师（委托代理人） → 赵律师（委托代理人，0971-1234567）"
    )
    assert "代理人" not in updates[2].summary
    assert updates[3].summary == "修改当事人 李四：代理人 赵律师（委托代理人，0971-1234567） → —"


def test_patch_party_refuses_bad_agents_with_their_field_keys(case, clerk):
    company = case.parties.get(kind=PartyKind.ENTITY)
    client = api_as(clerk)

    rule = client.patch(
        f"/api/v1/parties/{company.pk}/",
        {
            "agents": [
                {"kind": "entrusted", "name": "钱律师", "id_number": BAD_PERSON_ID},
                {"kind": "statutory", "name": "孙某"},
            ]
        },
        format="json",
    )
    shape = client.patch(f"/api/v1/parties/{company.pk}/", {"agents": [{"kind": "entrusted"}]}, format="json")

    assert rule.status_code == 400 and set(rule.json()["fields"]) == {"agents[0].id_number", "agents[1].kind"}
    assert shape.status_code == 400 and set(shape.json()["fields"]) == {"agents[0].name"}
    assert not company.agents.exists() and not events(case, "party.updated").exists()


# --- list ----------------------------------------------------------------------------------------
def _bulk_cases(court, judge, clerk, count, first_seq):
    today = TODAY
    cases = Case.objects.bulk_create(
        Case(
            court=court,
            year=today.year,
            seq=seq,
            number=f"（{today.year}）{court.code}执{seq}号",
            filed_on=today,
            filed_by=clerk,
            judge=judge,
            clerk=clerk,
            subject_amount=Decimal("1000.00"),
            application_fee=Decimal("50.00"),
            time_limit_months=6,
            deadline=today + dt.timedelta(days=seq),
            notice_due=today + dt.timedelta(days=10),
        )
        for seq in range(first_seq, first_seq + count)
    )
    Party.objects.bulk_create(
        Party(case=case, role=role, kind=PartyKind.PERSON, name=f"{role}{case.seq}", id_number=PERSON_ID)
        for case in cases
        for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT)
    )


def test_list_costs_the_same_number_of_queries_for_20_and_200_cases(
    court, judge, clerk, django_assert_num_queries
):
    client = api_as(clerk)
    _bulk_cases(court, judge, clerk, 20, 1)
    with CaptureQueriesContext(connection) as small:
        body = client.get("/api/v1/cases/").json()
    assert body["count"] == 20 and len(body["results"]) == 20

    _bulk_cases(court, judge, clerk, 180, 21)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get("/api/v1/cases/").json()
    assert body["count"] == 200 and len(body["results"]) == 50
    first = body["results"][0]
    assert first["applicants"] == ["applicant1"] and first["respondents"] == ["respondent1"]
    assert first["court"]["code"] == "青0102" and first["judge"]["name"] == str(judge)
    assert first["subject_amount"] == "1000.00" and first["days_left"] == 1


def test_list_filters_and_ordering(court, judge, clerk, file_case):
    _bulk_cases(court, judge, clerk, 3, 100)
    filed = file_case()
    client = api_as(clerk)

    by_name = client.get("/api/v1/cases/", {"q": "李四"}).json()["results"]
    assert [row["id"] for row in by_name] == [filed.pk]
    by_state = client.get("/api/v1/cases/", {"state": "investigating"}).json()
    assert by_state["count"] == 0
    due = client.get("/api/v1/cases/", {"due_within": 101}).json()
    assert [row["number"].split("执")[1] for row in due["results"]] == ["100号", "101号"]
    latest_deadline_first = client.get("/api/v1/cases/", {"ordering": "-deadline"}).json()["results"]
    assert latest_deadline_first[0]["id"] == filed.pk
    bad = client.get("/api/v1/cases/", {"state": "nonsense", "due_within": "x"})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"state", "due_within"}


def test_timeline_keeps_one_kind_of_event_as_the_page_does(case, judge, head):
    client = api_as(judge)
    proposed = client.post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "suspend", "reason": "被执行人申请破产", "payload": {}},
        format="json",
    )
    approval = proposed.json()["approval"]
    api_as(head).post(f"/api/v1/approvals/{approval['id']}/decide/", {"approve": True}, format="json")
    url = f"/api/v1/cases/{case.pk}/timeline/"

    everything = [e["action"] for e in client.get(url).json()["results"]]
    approvals = [e["action"] for e in client.get(url, {"kind": "approvals"}).json()["results"]]
    money = client.get(url, {"kind": "money"}).json()
    unknown = client.get(url, {"kind": "gossip"})

    assert everything == ["case.filed", "approval.proposed", "case.suspend", "approval.approved"]
    assert approvals == ["approval.proposed", "approval.approved"]
    assert money["count"] == 0 and money["results"] == []
    assert [e["action"] for e in client.get(url, {"kind": ""}).json()["results"]] == everything
    assert unknown.status_code == 400 and list(unknown.json()["fields"]) == ["kind"]


def test_schema_names_the_timeline_kinds(clerk):
    schema = api_as(clerk).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = schema["paths"]["/api/v1/cases/{id}/timeline/"]["get"]["parameters"]
    kind = next(p for p in parameters if p["name"] == "kind")
    assert kind["in"] == "query" and not kind.get("required", False)
    assert {k.key for k in timeline_kinds} <= set(kind["schema"]["enum"])
    assert {"documents", "notices", "money", "approvals"} <= set(kind["schema"]["enum"])


# --- schema --------------------------------------------------------------------------------------
def test_schema_documents_the_cases_api(clerk):
    schema = api_as(clerk).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/actions/",
        "/api/v1/cases/{id}/timeline/",
        "/api/v1/parties/{id}/",
        "/api/v1/approvals/",
        "/api/v1/approvals/{id}/decide/",
        "/api/v1/case-actions/",
    ):
        assert path in paths
    act = paths["/api/v1/cases/{id}/actions/"]["post"]
    assert {"200", "202", "409"} <= set(act["responses"])
    assert act["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ActionRequest")
