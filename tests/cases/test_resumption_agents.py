"""恢复执行: the 执恢 case carries the parties' agents over with the parties."""

import pytest

from cases.resumption import case_resume_open
from cases.services import AgentInput, PartyInput, case_file
from tests.cases.conftest import COMPANY_CODE, PERSON_ID, PERSON_ID_2, filing_input

pytestmark = pytest.mark.django_db


def test_the_resumed_case_keeps_each_partys_agents(clerk, judge):
    data = filing_input(
        judge,
        respondents=[
            PartyInput(
                role="respondent",
                kind="person",
                name="李四",
                id_number=PERSON_ID_2,
                agents=[
                    AgentInput(kind="statutory", name="李大", id_number=PERSON_ID, phone="13900000000"),
                    AgentInput(kind="entrusted", name="赵律师", phone="0971-1234567"),
                ],
            ),
            PartyInput(
                role="respondent",
                kind="entity",
                name="青海某某贸易有限公司",
                id_number=COMPANY_CODE,
                legal_representative="王五",
                agents=[AgentInput(kind="entrusted", name="钱律师")],
            ),
        ],
    )
    original = case_file(actor=clerk, data=data)

    resumed = case_resume_open(actor=judge, original=original)

    def agents_of(case):
        return {
            party.name: [
                (a.kind, a.name, a.id_type, a.id_number, a.phone, a.position) for a in party.agents.all()
            ]
            for party in case.parties.prefetch_related("agents")
        }

    assert agents_of(resumed) == agents_of(original)
    assert agents_of(resumed)["李四"] == [
        ("statutory", "李大", "ric", PERSON_ID, "13900000000", 1),
        ("entrusted", "赵律师", "", "", "0971-1234567", 2),
    ]
    assert agents_of(resumed)["张三"] == []
    # new rows of the new case's parties, the original's left as they were
    originals = {a.pk for p in original.parties.all() for a in p.agents.all()}
    copies = {a.pk for p in resumed.parties.all() for a in p.agents.all()}
    assert len(copies) == 3 and not originals & copies
