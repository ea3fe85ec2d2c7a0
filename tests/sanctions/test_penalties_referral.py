"""拒执罪 referral: the 移送函, the police's decision deadline (法发〔2025〕8号 art. 五: 7 days, 30 for a
complex case), the decision recorded by the police's liaison officer only, and the applicant's
private-prosecution route shown when the police decline, the procuratorate does not prosecute, or
the deadline passes."""

import datetime as dt

import pytest

from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from sanctions import penalty_rules as rules
from sanctions.penalty_models import CrimeReferral, ReferralStatus
from sanctions.penalty_selectors import case_penalties, private_prosecution_route
from sanctions.penalty_services import (
    referral_decide,
    referral_extend,
    referral_not_prosecuted,
    referral_send,
)
from tests.audit_events import the_event
from tests.clock import TODAY
from tests.sanctions.penalty_fixtures import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]


@pytest.fixture
def referral(judge, case, person, police):
    return referral_send(
        actor=judge, case_id=case.pk, respondent_id=person.pk, agency_id=police.pk, facts="转移名下车辆"
    )


def _get(pk):
    return CrimeReferral.objects.get(pk=pk)


def test_the_decision_deadline_is_tracked(referral, case):
    assert referral.sent_on == TODAY and referral.decide_by == TODAY + dt.timedelta(days=7)
    assert referral.document.title == "移送函"
    assert (
        the_event("referral.sent", on=case, subject=referral).data["decide_by"]
        == referral.decide_by.isoformat()
    )
    assert not referral.overdue(TODAY + dt.timedelta(days=7))
    assert referral.overdue(TODAY + dt.timedelta(days=8))


def test_rule_rows_carry_the_revisions():
    assert rules.rule(rules.REFERRAL_DECIDE_DAYS, on=dt.date(2025, 6, 30)).value == 60
    assert rules.rule(rules.REFERRAL_DECIDE_DAYS, on=dt.date(2025, 7, 1)).value == 7
    assert "法发〔2025〕8号" in rules.rule(rules.REFERRAL_DECIDE_DAYS, on=TODAY).source
    assert "法释〔2024〕13号" in rules.REFUSAL_INTERPRETATION


def test_police_extend_once_for_a_complex_case(referral, police_officer):
    referral_extend(actor=police_officer, referral_id=referral.pk)
    assert _get(referral.pk).decide_by == TODAY + dt.timedelta(days=30)
    with pytest.raises(Conflict):
        referral_extend(actor=police_officer, referral_id=referral.pk)


def test_decline_needs_reasons_and_shows_the_private_prosecution(referral, police_officer, case, judge):
    with pytest.raises(InvalidInput):
        referral_decide(actor=police_officer, referral_id=referral.pk, opened=False)
    assert private_prosecution_route(_get(referral.pk)) is None
    referral_decide(actor=police_officer, referral_id=referral.pk, opened=False, reasons="证据不足")
    item = _get(referral.pk)
    assert item.status == ReferralStatus.DECLINED and item.reasons == "证据不足"
    route = private_prosecution_route(item)
    assert route["why"] == "公安机关决定不予立案" and "第二百一十条第三项" in route["basis"]
    assert case_penalties(case)["routes"] == [route]
    assert the_event("referral.decided", on=case, subject=item).actor == police_officer
    with pytest.raises(Conflict):
        referral_decide(actor=police_officer, referral_id=referral.pk, opened=True)


def test_opened_then_not_prosecuted_shows_the_route(referral, police_officer, judge):
    referral_decide(actor=police_officer, referral_id=referral.pk, opened=True, police_case_number="A123")
    assert private_prosecution_route(_get(referral.pk)) is None
    referral_not_prosecuted(actor=judge, referral_id=referral.pk)
    assert private_prosecution_route(_get(referral.pk))["why"] == "人民检察院决定不起诉"


def test_no_decision_by_the_deadline_shows_the_route(referral, clock):
    clock.move_to(TODAY + dt.timedelta(days=8))
    assert private_prosecution_route(_get(referral.pk))["why"] == "公安机关逾期未作出是否立案的决定"


def test_only_the_police_it_was_sent_to_decides(referral, other_police_officer, judge, liaison):
    with pytest.raises(NotFound):
        referral_decide(actor=other_police_officer, referral_id=referral.pk, opened=True)
    for outsider in (judge, liaison):
        with pytest.raises((NotAllowed, NotFound)):
            referral_decide(actor=outsider, referral_id=referral.pk, opened=True)
    assert _get(referral.pk).status == ReferralStatus.SENT


def test_referral_only_to_the_police(judge, case, person, exit_admin):
    with pytest.raises(InvalidInput):
        referral_send(
            actor=judge, case_id=case.pk, respondent_id=person.pk, agency_id=exit_admin.pk, facts="x"
        )
