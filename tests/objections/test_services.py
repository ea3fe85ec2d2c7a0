"""The objection services: numbers, the statutory periods at their boundaries, permissions, the
audit events, the disposal hold."""

import datetime as dt

import pytest

from assets.registry import disposal_blocked
from assistance.choices import NoticeAction
from assistance.models import Notice
from enforcement.audit import events_for
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from objections import events, services
from objections.models import Objection
from tests.clock import TODAY
from tests.factories import ControlMeasureFactory
from tests.objections.conftest import decided_and_served, file_act, file_outsider

D = dt.date
pytestmark = pytest.mark.django_db


def _event(obj, action):
    found = [e for e in events_for(obj) if e.action == action.action]
    assert found, f"no {action.action} event"
    return found[-1]


# --- numbers ----------------------------------------------------------------------------------------
def test_filing_allocates_zhiyi_numbers_in_order_and_links_the_case(clerk, case):
    first = file_act(clerk, case, TODAY)
    second = file_act(clerk, case, TODAY)
    assert first.number == "（2026）青0102执异1号"
    assert second.number == "（2026）青0102执异2号"
    assert list(case.objections.order_by("pk")) == [first, second]
    event = _event(case, events.OBJECTION_FILED)
    assert event.data["number"] == second.number


def test_reconsideration_gets_a_zhifu_number_of_the_higher_court(clerk, judge, case, higher_clerk):
    objection = decided_and_served(clerk, judge, case, TODAY)
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
    )
    assert recon.number == "（2026）青01执复1号"
    assert recon.court == case.court.parent
    assert _event(case, events.RECONSIDERATION_FILED).data["number"] == recon.number


# --- 立案 within 3 days (异议复议规定 art. 2) -----------------------------------------------------------
def test_accept_due_is_three_days_after_receipt_and_day_three_is_on_time(clerk, case, clock):
    objection = file_act(clerk, case, TODAY)  # Tuesday 2026-12-01
    assert objection.accept_due == D(2026, 12, 4)
    clock.move_to(D(2026, 12, 4))
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    assert _event(case, events.OBJECTION_ACCEPTED).data["on_time"] is True


def test_accepting_on_day_four_is_recorded_late(clerk, case, clock):
    objection = file_act(clerk, case, TODAY)
    clock.move_to(D(2026, 12, 5))
    accepted = services.objection_accept(actor=clerk, objection_id=objection.pk)
    assert accepted.state == "accepted"
    event = _event(case, events.OBJECTION_ACCEPTED)
    assert event.data["on_time"] is False and "逾期" in event.summary


def test_a_period_ending_on_a_rest_day_ends_on_the_next_working_day(clerk, case, clock):
    clock.move_to(D(2026, 12, 2))
    objection = file_act(clerk, case, D(2026, 12, 2))  # + 3 = Saturday 12-05
    assert objection.accept_due == D(2026, 12, 7)


def test_refusal_needs_a_reason_and_a_judge(clerk, judge, case):
    objection = file_act(clerk, case, TODAY)
    with pytest.raises(InvalidInput) as exc:
        services.objection_refuse(actor=judge, objection_id=objection.pk, reason=" ")
    assert "reason" in exc.value.fields
    with pytest.raises(NotAllowed):
        services.objection_refuse(actor=clerk, objection_id=objection.pk, reason="不符合受理条件")
    refused = services.objection_refuse(actor=judge, objection_id=objection.pk, reason="不符合受理条件")
    assert refused.state == "refused"
    with pytest.raises(Conflict):
        services.objection_accept(actor=clerk, objection_id=objection.pk)


# --- decided within 15 days (民诉法 2023 art. 236 / 238) -----------------------------------------------
def test_decision_due_fifteen_days_after_receipt_day_fifteen_on_time(clerk, judge, case, clock):
    objection = file_act(clerk, case, TODAY)
    assert objection.decision_due == D(2026, 12, 16)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    clock.move_to(D(2026, 12, 16))
    services.objection_decide(actor=judge, objection_id=objection.pk, outcome="upheld", reason="超标的冻结")
    assert _event(case, events.OBJECTION_DECIDED).data["on_time"] is True


def test_decision_on_day_sixteen_is_late(clerk, judge, case, clock):
    objection = file_act(clerk, case, TODAY)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    clock.move_to(D(2026, 12, 17))
    services.objection_decide(actor=judge, objection_id=objection.pk, outcome="dismissed", reason="合法")
    assert _event(case, events.OBJECTION_DECIDED).data["on_time"] is False


def test_an_objection_is_decided_only_once_accepted(clerk, judge, case):
    objection = file_act(clerk, case, TODAY)
    with pytest.raises(Conflict):
        services.objection_decide(actor=judge, objection_id=objection.pk, outcome="upheld", reason="x")


def test_received_date_may_not_be_in_the_future_or_before_the_case(clerk, case, clock):
    with pytest.raises(InvalidInput) as exc:
        file_act(clerk, case, TODAY + dt.timedelta(days=1))
    assert "received_on" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        file_act(clerk, case, TODAY - dt.timedelta(days=1))
    assert "received_on" in exc.value.fields
    assert not Objection.objects.exists()


# --- reconsideration within 10 days of service ------------------------------------------------------
def test_reconsideration_on_day_ten_after_service_is_received(clerk, judge, case, higher_clerk, clock):
    objection = decided_and_served(clerk, judge, case, TODAY)  # served Tuesday 12-01
    clock.move_to(D(2026, 12, 11))
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 12, 11)
    )
    assert recon.received_on == D(2026, 12, 11) and recon.state == "filed"


def test_reconsideration_on_day_eleven_is_refused_naming_the_article(clerk, judge, case, higher_clerk, clock):
    objection = decided_and_served(clerk, judge, case, TODAY)
    clock.move_to(D(2026, 12, 12))
    with pytest.raises(InvalidInput) as exc:
        services.reconsideration_file(
            actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 12, 12)
        )
    message = " ".join(exc.value.fields["received_on"])
    assert "第二百三十六条" in message and "2026-12-11" in message


def test_reconsideration_period_ending_on_sunday_runs_to_monday(clerk, judge, case, higher_clerk, clock):
    clock.move_to(D(2026, 12, 3))
    objection = decided_and_served(clerk, judge, case, D(2026, 12, 3))  # + 10 = Sunday 12-13
    assert services.reconsideration_request_due(objection) == D(2026, 12, 14)
    clock.move_to(D(2026, 12, 15))
    with pytest.raises(InvalidInput):
        services.reconsideration_file(
            actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 12, 15)
        )
    services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 12, 14)
    )


def test_reconsideration_is_received_by_the_higher_court_only(clerk, judge, case, other_clerk, higher_clerk):
    objection = decided_and_served(clerk, judge, case, TODAY)
    with pytest.raises(NotAllowed):
        services.reconsideration_file(
            actor=clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
        )
    with pytest.raises(NotFound):
        services.reconsideration_file(
            actor=other_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
        )
    services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
    )
    with pytest.raises(Conflict):
        services.reconsideration_file(
            actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
        )


def test_reconsideration_needs_the_ruling_served(clerk, judge, case, higher_clerk):
    objection = file_act(clerk, case, TODAY)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    services.objection_decide(actor=judge, objection_id=objection.pk, outcome="dismissed", reason="合法")
    with pytest.raises(Conflict):
        services.reconsideration_file(
            actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
        )


# --- the higher court decides within 30 days, +30 with approval -------------------------------------
@pytest.fixture
def spring_case(clerk, judge, clock):
    """A case filed on Monday 2026-08-03 (the clock stays there)."""
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    clock.move_to(D(2026, 8, 3))
    return case_file(actor=clerk, data=filing_input(judge))


def test_reconsideration_thirty_days_then_thirty_more(
    clerk, judge, spring_case, higher_clerk, higher_head, higher_judge, clock
):
    objection = decided_and_served(clerk, judge, spring_case, D(2026, 8, 3))
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 8, 3)
    )
    assert recon.decision_due == D(2026, 9, 2)
    with pytest.raises(NotAllowed):
        services.reconsideration_extend(actor=higher_judge, reconsideration_id=recon.pk, reason="案情复杂")
    clock.move_to(D(2026, 9, 2))
    extended = services.reconsideration_extend(
        actor=higher_head, reconsideration_id=recon.pk, reason="案情复杂"
    )
    # 08-03 + 60 days = Friday 10-02, in the National Day holiday (10-01 to 10-07): the limit ends 10-08
    assert extended.decision_due == D(2026, 10, 8) and extended.extended_days == 30
    assert _event(spring_case, events.RECONSIDERATION_EXTENDED).data["decision_due"] == "2026-10-08"
    with pytest.raises(Conflict):
        services.reconsideration_extend(actor=higher_head, reconsideration_id=recon.pk, reason="再延长")
    clock.move_to(D(2026, 10, 8))
    decided = services.reconsideration_decide(
        actor=higher_judge, reconsideration_id=recon.pk, outcome="dismissed", reason="异议裁定正确"
    )
    assert decided.state == "decided"
    assert _event(spring_case, events.RECONSIDERATION_DECIDED).data["on_time"] is True


def test_extension_refused_once_the_thirty_days_have_passed(
    clerk, judge, spring_case, higher_clerk, higher_head, clock
):
    objection = decided_and_served(clerk, judge, spring_case, D(2026, 8, 3))
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 8, 3)
    )
    clock.move_to(D(2026, 9, 3))
    with pytest.raises(Conflict):
        services.reconsideration_extend(actor=higher_head, reconsideration_id=recon.pk, reason="案情复杂")


def test_decision_after_thirty_days_without_extension_is_late(
    clerk, judge, spring_case, higher_clerk, higher_judge, clock
):
    objection = decided_and_served(clerk, judge, spring_case, D(2026, 8, 3))
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=D(2026, 8, 3)
    )
    clock.move_to(D(2026, 9, 3))
    services.reconsideration_decide(
        actor=higher_judge, reconsideration_id=recon.pk, outcome="revoked", reason="错误"
    )
    assert _event(spring_case, events.RECONSIDERATION_DECIDED).data["on_time"] is False


# --- permission -------------------------------------------------------------------------------------
def test_another_courts_staff_cannot_file_or_act(clerk, case, other_clerk, higher_clerk):
    with pytest.raises(NotFound):
        file_act(other_clerk, case, TODAY)
    objection = file_act(clerk, case, TODAY)
    with pytest.raises(NotFound):
        services.objection_accept(actor=other_clerk, objection_id=objection.pk)
    # the higher court sees the case but the objection is the enforcement court's to handle
    with pytest.raises(NotAllowed):
        services.objection_accept(actor=higher_clerk, objection_id=objection.pk)


# --- the outsider's objection holds the asset's disposal --------------------------------------------
def test_outsider_objection_holds_disposal_until_dismissed(clerk, judge, case, asset):
    assert disposal_blocked(asset) is None
    objection = file_outsider(clerk, case, asset, TODAY)
    assert disposal_blocked(asset) == f"案外人异议审查中（{objection.number}）"
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    assert "案外人异议审查中" in disposal_blocked(asset)
    services.objection_decide(
        actor=judge, objection_id=objection.pk, outcome="dismissed", reason="权属不成立"
    )
    assert disposal_blocked(asset) is None


def test_outsider_objection_refused_releases_the_hold(clerk, judge, case, asset):
    objection = file_outsider(clerk, case, asset, TODAY)
    services.objection_refuse(actor=judge, objection_id=objection.pk, reason="不符合受理条件")
    assert disposal_blocked(asset) is None


@pytest.mark.cjk_fonts  # the lifting notice is a document
def test_outsider_objection_upheld_lifts_the_measure_on_the_asset(clerk, judge, case, asset):
    measure = ControlMeasureFactory(asset=asset, case=case, kind="freeze", status="active")
    objection = file_outsider(clerk, case, asset, TODAY)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    services.objection_decide(
        actor=judge, objection_id=objection.pk, outcome="upheld", reason="案外人系权利人"
    )
    lifting = Notice.objects.filter(measure=measure, action=NoticeAction.LIFT)
    assert lifting.exists()
    assert _event(case, events.OBJECTION_DECIDED).data["measures_lifted"] == [measure.pk]
    assert "中止对该标的的执行" in disposal_blocked(asset)


def test_outsider_objection_names_an_asset_of_the_case(clerk, case):
    with pytest.raises(InvalidInput) as exc:
        services.objection_file(
            actor=clerk,
            case_id=case.pk,
            kind="outsider",
            objector_name="王五",
            subject="权属",
            received_on=TODAY,
        )
    assert "asset" in exc.value.fields


def test_outsider_objection_is_not_reconsidered(clerk, judge, case, asset, higher_clerk):
    objection = file_outsider(clerk, case, asset, TODAY)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    services.objection_decide(
        actor=judge, objection_id=objection.pk, outcome="dismissed", reason="权属不成立"
    )
    objection = services.objection_serve(actor=clerk, objection_id=objection.pk, served_on=TODAY)
    assert services.suit_due(objection) == D(2026, 12, 16)
    with pytest.raises(Conflict):
        services.reconsideration_file(
            actor=higher_clerk, objection_id=objection.pk, applicant_name="王五", received_on=TODAY
        )


# --- next steps and work lists -----------------------------------------------------------------------
def test_next_steps_of_the_case_show_the_objection_deadlines(clerk, judge, case, clock):
    from cases.registry import next_steps_for

    objection = file_act(clerk, case, TODAY)
    steps = [s for s in next_steps_for(case) if s["url"].endswith(f"/objections/{objection.pk}/")]
    assert [s["due"] for s in steps] == [D(2026, 12, 4), D(2026, 12, 16)]
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    steps = [s for s in next_steps_for(case) if s["url"].endswith(f"/objections/{objection.pk}/")]
    assert [s["due"] for s in steps] == [D(2026, 12, 16)]


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_home_panel_lists_what_the_court_must_do_with_days_left(
    clerk, judge, case, higher_clerk, higher_judge, english
):
    from objections.selectors import home_items

    objection = file_act(clerk, case, TODAY)
    items = {item["label"]: item for item in home_items(judge)}
    to_accept = items["Objections to accept"]
    assert to_accept["count"] == 1 and "3" in to_accept["entries"][0]["text"]
    assert objection.number in to_accept["entries"][0]["text"]
    assert home_items(higher_judge) == []
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    services.objection_decide(actor=judge, objection_id=objection.pk, outcome="dismissed", reason="合法")
    services.objection_serve(actor=clerk, objection_id=objection.pk, served_on=TODAY)
    services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=TODAY
    )
    labels = [item["label"] for item in home_items(higher_judge)]
    assert labels == ["Reconsiderations to decide"]


# --- the daily sweep ----------------------------------------------------------------------------------
def test_deadline_sweep_tells_once_per_deadline(clerk, judge, head, case, clock):
    from enforcement.models import Notification

    objection = file_act(clerk, case, TODAY)  # to be accepted by 12-04
    assert services.objection_deadlines_sweep(today=D(2026, 12, 4)) == {
        "accept": 0,
        "decide": 0,
        "reconsideration": 0,
    }
    counts = services.objection_deadlines_sweep(today=D(2026, 12, 5))
    assert counts["accept"] == 2  # the case's judge and the head
    assert services.objection_deadlines_sweep(today=D(2026, 12, 6))["accept"] == 0
    overdue = Notification.objects.filter(kind="objection.overdue", recipient=judge)
    assert overdue.count() == 1 and objection.number in overdue.get().title


# --- raised before the enforcement ends (异议复议规定 art. 6) -------------------------------------------
def test_an_objection_after_the_enforcement_ended_is_not_accepted_unless_against_the_termination(
    clerk, judge, case
):
    from cases.models import Case

    late = file_act(clerk, case, TODAY)
    against = file_act(clerk, case, TODAY, against_termination=True)
    Case.objects.filter(pk=case.pk).update(state="withdrawn")
    with pytest.raises(Conflict) as exc:
        services.objection_accept(actor=clerk, objection_id=late.pk)
    assert "第六条" in exc.value.message
    assert (
        services.objection_refuse(actor=judge, objection_id=late.pk, reason="执行程序已终结").state
        == "refused"
    )
    assert services.objection_accept(actor=clerk, objection_id=against.pk).state == "accepted"
