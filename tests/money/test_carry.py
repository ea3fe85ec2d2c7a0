"""恢复执行 carries the case money forward: approving `resume` opens the 执恢 case and, in the same
transaction, records what the original's ledger stood at (owed, performed, outstanding, still held);
the 执恢 case's money panel shows what the original performed as a line that reduces the debt, and
both case pages link to each other."""

from decimal import Decimal

import pytest

from cases.choices import CaseState, CaseType
from cases.models import Case
from cases.services import approval_decide, case_act
from money import services
from money.carry import carried_over
from money.models import CaseAccount
from tests.audit_events import actions_of, the_event
from tests.money.conftest import approved, confirmed

pytestmark = pytest.mark.django_db


def end_round(case):
    """The case in 终本 (its checklist and approval are tested in tests/cases)."""
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND, closed_on=case.filed_on)
    case.refresh_from_db()


def resume(case, judge, head):
    proposed = case_act(
        actor=judge, case_id=case.pk, action_key="resume", reason="定期查询发现被执行人银行存款"
    )
    approval_decide(actor=head, approval_id=proposed.approval.pk, approve=True)
    return case.resumptions.get()


@pytest.fixture
def ledger(case, clerk, judge, head, finance, applicant):
    """¥30,000 received and confirmed, ¥20,000 of it paid out to the applicant: ¥10,000 held."""
    confirmed(case, clerk, finance, "30000.00")
    payout = approved(case, judge, head, applicant, "20000.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    return case


def test_resuming_records_the_original_ledger_on_the_new_case(ledger, judge, head):
    case = ledger
    end_round(case)
    owed = case.subject_amount + case.delay_interest + case.application_fee
    resumed = resume(case, judge, head)

    assert resumed.type_code == CaseType.RESUMED and "执恢" in resumed.number
    assert resumed.resumed_from_id == case.pk and list(case.resumptions.all()) == [resumed]
    carried = carried_over(resumed)
    assert carried.original == case
    assert carried.owed == owed
    assert carried.performed == Decimal("30000.00")
    assert carried.held == Decimal("10000.00")
    assert carried.outstanding == owed - Decimal("30000.00")
    event = the_event("money.carried_over", on=resumed)
    assert event.actor == head and event.subject_id == str(case.pk)
    assert event.data == {
        "original": case.number,
        "owed": str(owed),
        "performed": "30000.00",
        "outstanding": str(owed - Decimal("30000.00")),
        "held": "10000.00",
    }
    assert f"结转原案 {case.number} 执行款" in event.summary and "已执行到位¥30,000.00" in event.summary
    assert "money.carried_over" in actions_of(case)  # among the original's events too
    # no yuan counted twice: the new case's account starts empty, the original keeps its balance
    assert CaseAccount.objects.get(case=resumed).balance == Decimal("0.00")
    assert CaseAccount.objects.get(case=case).balance == Decimal("10000.00")


def test_a_case_that_resumes_none_carries_nothing(case):
    assert carried_over(case) is None


def test_rejecting_the_resumption_carries_nothing(ledger, judge, head):
    end_round(ledger)
    proposed = case_act(actor=judge, case_id=ledger.pk, action_key="resume", reason="发现财产")
    approval_decide(actor=head, approval_id=proposed.approval.pk, approve=False, note="财产线索不实")
    assert not ledger.resumptions.exists()
    assert "money.carried_over" not in actions_of(ledger)


def test_both_case_pages_show_the_link_and_the_new_ledger_shows_what_was_performed(
    client_for, ledger, judge, head
):
    case = ledger
    end_round(case)
    resumed = resume(case, judge, head)
    browser = client_for(judge)

    new_page = browser.get(f"/cases/{resumed.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/">{case.number}</a>' in new_page  # 原案
    assert f"原案 {case.number} 执行到位" in new_page
    assert "¥30,000.00" in new_page
    assert "在原案账户发放" in new_page  # the ¥10,000 still held there
    assert f'href="/cases/{case.pk}/#money"' in new_page

    old_page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{resumed.pk}/">{resumed.number}</a>' in old_page  # 恢复执行案件


def test_the_api_links_both_ways(ledger, judge, head):
    from tests.court_fixtures import api_as

    end_round(ledger)
    resumed = resume(ledger, judge, head)
    api = api_as(judge)
    new = api.get(f"/api/v1/cases/{resumed.pk}/").json()
    old = api.get(f"/api/v1/cases/{ledger.pk}/").json()
    assert new["resumed_from"]["id"] == ledger.pk
    assert [r["id"] for r in old["resumptions"]] == [resumed.pk]
