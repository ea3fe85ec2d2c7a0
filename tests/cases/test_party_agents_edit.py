"""A party's agents changed after filing: on the case page's contact form and through the service,
audited, checked as at filing."""

import pytest
from django.contrib.messages import get_messages

from cases.models import PartyAgent
from cases.services import AgentInput, party_update
from cases.validators import mask_id
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed
from enforcement.models import AuditEvent
from tests.cases.conftest import PERSON_ID
from tests.factories import make_member

pytestmark = pytest.mark.django_db

BAD_PERSON_ID = "360426199101010072"


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def updates(case):
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action="party.updated")


def rows(party, *filled, management=True, **contact):
    """The contact form's POST: `filled` the agent rows (dicts of the row's fields)."""
    prefix = f"party{party.pk}-agents"
    data = {"address": party.address, "phone": party.phone, "legal_representative": "", **contact}
    if management:
        data |= {f"{prefix}-TOTAL_FORMS": str(len(filled)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(filled):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def test_the_service_replaces_the_agents_and_records_before_and_after(file_case, clerk):
    case = file_case()
    party = case.parties.get(name="李四")

    party_update(
        actor=clerk,
        party_id=party.pk,
        agents=[AgentInput(kind="statutory", name="李大", id_number=PERSON_ID)],
    )
    party_update(
        actor=clerk,
        party_id=party.pk,
        agents=[AgentInput(kind="statutory", name="李大", id_number=PERSON_ID)],
    )

    assert [(a.kind, a.name, a.id_type, a.id_number) for a in party.agents.all()] == [
        ("statutory", "李大", "ric", PERSON_ID)
    ]
    (event,) = updates(case)  # the same list again changes nothing, and records nothing
    assert event.summary == "修改当事人 李四：代理人 — → 李大（法定代理人）"
    assert event.data["agents"] == {
        "before": [],
        "after": [
            {
                "kind": "statutory",
                "name": "李大",
                "id_type": "ric",
                "id_number": mask_id(PERSON_ID),
                "phone": "",
            }
        ],
    }


def test_the_service_checks_agents_as_at_filing_and_who_may(file_case, clerk, court):
    case = file_case()
    company = case.parties.get(kind="entity")
    with pytest.raises(InvalidInput) as refused:
        party_update(
            actor=clerk,
            party_id=company.pk,
            agents=[
                AgentInput(kind="statutory", name="孙某"),
                AgentInput(kind="entrusted", name=" ", id_number=BAD_PERSON_ID),
            ],
        )
    assert set(refused.value.fields) == {"agents[0].kind", "agents[1].name", "agents[1].id_number"}
    outsider = make_member(Role.JUDGE, court=court)
    with pytest.raises(NotAllowed):
        party_update(
            actor=outsider, party_id=company.pk, agents=[AgentInput(kind="entrusted", name="钱律师")]
        )
    assert not PartyAgent.objects.exists() and not updates(case).exists()


def test_the_case_page_adds_edits_and_removes_an_agent(client_for, file_case, clerk):
    case = file_case()
    party = case.parties.get(name="李四")
    client = client_for(clerk)
    url = f"/cases/{case.pk}/parties/{party.pk}/"

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'name="party{party.pk}-agents-TOTAL_FORMS"' in page

    new = {"kind": "entrusted", "name": "赵律师", "id_type": "ric", "id_number": PERSON_ID, "phone": ""}
    response = client.post(url, rows(party, new, {"kind": "entrusted", "name": ""}))  # the blank row too
    assert last_message(response) == "已保存李四的联系方式。"
    (agent,) = party.agents.all()
    assert (agent.name, agent.id_number) == ("赵律师", PERSON_ID)

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'name="party{party.pk}-agents-0-agent" value="{agent.pk}"' in page

    edited = {**new, "agent": str(agent.pk), "phone": "0971-1234567"}
    client.post(url, rows(party, edited))
    assert [(a.name, a.phone) for a in party.agents.all()] == [("赵律师", "0971-1234567")]

    client.post(url, rows(party, {**edited, "DELETE": "on"}))
    assert not party.agents.exists()
    assert [e.summary.split("：", 1)[1] for e in updates(case).order_by("id")] == [
        "代理人 — → 赵律师（委托代理人）",
        "代理人 赵律师（委托代理人） → 赵律师（委托代理人，0971-1234567）",
        "代理人 赵律师（委托代理人，0971-1234567） → —",
    ]


def test_a_number_not_shown_is_kept_when_left_blank(client_for, file_case, clerk):
    case = file_case()
    party = case.parties.get(name="李四")
    party_update(
        actor=clerk,
        party_id=party.pk,
        agents=[AgentInput(kind="entrusted", name="赵律师", id_number=PERSON_ID)],
    )
    agent = party.agents.get()
    row = {
        "agent": str(agent.pk),
        "keep_id": "True",
        "kind": "entrusted",
        "name": "赵大律师",
        "id_type": "ric",
        "id_number": "",
    }

    client_for(clerk).post(f"/cases/{case.pk}/parties/{party.pk}/", rows(party, row))

    assert [(a.name, a.id_number) for a in party.agents.all()] == [("赵大律师", PERSON_ID)]


def test_the_page_refuses_a_bad_agent_and_an_old_form_leaves_agents_alone(client_for, file_case, clerk):
    case = file_case()
    party = case.parties.get(name="李四")
    party_update(actor=clerk, party_id=party.pk, agents=[AgentInput(kind="entrusted", name="赵律师")])
    client = client_for(clerk)
    url = f"/cases/{case.pk}/parties/{party.pk}/"

    bad = {"kind": "entrusted", "name": "钱律师", "id_type": "ric", "id_number": BAD_PERSON_ID}
    response = client.post(url, rows(party, bad))
    assert "未能修改当事人信息" in last_message(response) and "校验" in last_message(response)
    assert [a.name for a in party.agents.all()] == ["赵律师"]

    response = client.post(url, rows(party, management=False, phone="13800000000"))
    assert last_message(response) == "已保存李四的联系方式。"
    assert [a.name for a in party.agents.all()] == ["赵律师"]
