"""The aid services: the cap from the wage table, above the cap and above what is owed, the budget,
payment once, the decision deadline across a holiday, permissions, files."""

import datetime as dt
from decimal import Decimal

import pytest

from aid import services
from aid.choices import ApplicationStatus as S
from aid.models import Application, Budget, BudgetEntry, CommitteeMember
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent
from money.registry import other_lines
from tests.aid.conftest import ended_case, file_application, pdf, recommended
from tests.cases.conftest import filing_input

pytestmark = pytest.mark.django_db


def decide(head, application, amount, reason=""):
    return services.application_decide(
        actor=head, application_id=application.pk, approve=True, amount=amount, above_cap_reason=reason
    )


def test_cap_is_36_months_of_the_previous_years_wage(wage, court):
    cap, basis = services.aid_cap(court, on=dt.date(2026, 12, 1))
    assert cap == Decimal("288000.00")
    assert "2025" in basis and "36" in basis


def test_no_wage_for_the_year_refuses_with_a_clear_message(court, db):
    with pytest.raises(Conflict) as exc:
        services.aid_cap(court, on=dt.date(2026, 12, 1))
    assert exc.value.code == "aid_no_wage" and "2025" in exc.value.message


def test_at_the_cap_approved_without_reason_one_cent_above_refused(wage, case, clerk, judge, head, funded):
    funded()
    at_cap = recommended(case, clerk, judge, "288000.00")
    approved = decide(head, at_cap, "288000.00")
    assert approved.status == S.APPROVED and approved.cap_amount == Decimal("288000.00")
    services.application_cancel(actor=head, application_id=at_cap.pk, reason="测试")

    above = recommended(case, clerk, judge, "288000.01")
    with pytest.raises(InvalidInput) as exc:
        decide(head, above, "288000.01")
    assert "above_cap_reason" in exc.value.fields
    assert Application.objects.get(pk=above.pk).status == S.RECOMMENDED
    approved = decide(head, above, "288000.01", reason="医疗费用巨大，生活特别困难")
    assert approved.status == S.APPROVED and approved.above_cap_reason


def test_above_what_is_owed_refused_even_with_a_reason(wage, clerk, judge, head, funded):
    funded()
    case = ended_case(clerk, judge, amount="300000.00")
    application = recommended(case, clerk, judge, "300000.01")
    with pytest.raises(InvalidInput) as exc:
        decide(head, application, "300000.01", reason="生活特别困难")
    assert "amount" in exc.value.fields and "300,000.00" in exc.value.fields["amount"][0]
    approved = decide(head, application, "300000.00", reason="生活特别困难")  # exactly what is owed
    assert approved.approved_amount == Decimal("300000.00")


def test_approval_reserves_and_cancellation_releases(wage, case, clerk, judge, head, funded):
    funded("50000.00")
    application = recommended(case, clerk, judge, "20000.00")
    decide(head, application, "20000.00")
    budget = Budget.objects.get()
    assert (budget.allocated_total, budget.reserved_total, budget.available) == (
        Decimal("50000.00"),
        Decimal("20000.00"),
        Decimal("30000.00"),
    )
    assert AuditEvent.objects.filter(action="aid.application_approved").count() == 1
    services.application_cancel(actor=head, application_id=application.pk, reason="申请人撤回")
    budget.refresh_from_db()
    assert budget.reserved_total == Decimal("0.00") and budget.available == Decimal("50000.00")
    kinds = list(BudgetEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["allocation", "reservation", "release"]


def test_approval_beyond_the_budget_refused_with_a_clear_message(wage, case, clerk, judge, head, funded):
    funded("9999.99")
    application = recommended(case, clerk, judge, "10000.00")
    with pytest.raises(Conflict) as exc:
        decide(head, application, "10000.00")
    assert exc.value.code == "aid_budget_exhausted" and "9,999.99" in exc.value.message
    funded("0.01")  # a top-up of one cent makes it fit exactly
    assert decide(head, application, "10000.00").status == S.APPROVED


def test_payment_once_on_the_ledger_not_reducing_the_debt(wage, case, clerk, judge, head, finance, funded):
    funded("50000.00")
    application = recommended(case, clerk, judge, "10000.00")
    decide(head, application, "10000.00")
    first = services.aid_pay(actor=finance, application_id=application.pk)
    second = services.aid_pay(actor=finance, application_id=application.pk)
    assert first.status == second.status == S.PAID
    budget = Budget.objects.get()
    assert budget.paid_total == Decimal("10000.00") and budget.reserved_total == Decimal("0.00")
    assert BudgetEntry.objects.filter(kind="payment").count() == 1
    assert AuditEvent.objects.filter(action="aid.paid").count() == 1
    lines = other_lines(case)
    assert len(lines) == 1 and lines[0].amount == Decimal("10000.00") and lines[0].reduces_debt is False
    # told within 2 working days of 2026-12-01 (Tuesday): Thursday 2026-12-03
    assert Application.objects.get(pk=application.pk).tell_due_on == dt.date(2026, 12, 3)


def test_decision_deadline_counts_working_days_across_national_day(clock, clerk, judge):
    clock.move_to(dt.date(2026, 9, 29))  # Tuesday; 10-01..10-07 holiday, Saturday 10-10 a working day
    case = ended_case(clerk, judge)
    application = file_application(case, clerk)
    # 9-30, 10-8, 10-9, 10-10, 10-12 … 10-16, 10-19: the tenth working day (weekdays alone: 10-13)
    assert application.decision_due_on == dt.date(2026, 10, 19)


def test_decision_sweep_warns_then_flags_overdue_once(clock, wage, case, clerk, judge, head):
    application = file_application(case, clerk)
    assert services.deadline_sweep(today=dt.date(2026, 12, 1)) == {"warned": 0, "overdue": 0, "tell": 0}
    warn_day = application.decision_due_on - dt.timedelta(days=1)
    assert services.deadline_sweep(today=warn_day)["warned"] == 1
    assert services.deadline_sweep(today=warn_day)["warned"] == 0
    late = application.decision_due_on + dt.timedelta(days=1)
    assert services.deadline_sweep(today=late)["overdue"] == 1
    assert services.deadline_sweep(today=late)["overdue"] == 0
    assert head.notifications.filter(kind="aid.decision_overdue").count() == 1


def test_only_a_case_whose_respondent_cannot_pay(clerk, judge):
    from cases.services import case_file

    running = case_file(actor=clerk, data=filing_input(judge))
    with pytest.raises(Conflict) as exc:
        file_application(running, clerk)
    assert exc.value.code == "aid_respondent_may_pay"


def test_supporting_files_size_and_type(case, clerk, monkeypatch):
    with pytest.raises(InvalidInput) as exc:
        file_application(case, clerk, files=[pdf("证明.exe")])
    assert "须为PDF、JPEG或PNG文件" in exc.value.fields["files"][0]
    with pytest.raises(InvalidInput) as exc:
        file_application(case, clerk, files=[pdf("证明.pdf", b"MZ not a pdf")])
    assert "files" in exc.value.fields
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 10)
    with pytest.raises(InvalidInput) as exc:
        file_application(case, clerk)
    assert "过大" in exc.value.fields["files"][0]
    with pytest.raises(InvalidInput) as exc:
        file_application(case, clerk, files=[])
    assert "files" in exc.value.fields


def test_one_open_application_per_applicant(case, clerk):
    file_application(case, clerk)
    with pytest.raises(Conflict) as exc:
        file_application(case, clerk)
    assert exc.value.code == "aid_open_application"


def test_permissions(wage, case, clerk, judge, head, finance, other_clerk, funded):
    funded()
    with pytest.raises(NotFound):
        file_application(case, other_clerk)
    with pytest.raises(NotAllowed):
        file_application(case, finance)
    application = file_application(case, clerk)
    for actor in (clerk, head, finance):
        with pytest.raises(NotAllowed):
            services.application_recommend(
                actor=actor, application_id=application.pk, amount="1.00", opinion="x"
            )
    services.application_recommend(actor=judge, application_id=application.pk, amount="100.00", opinion="可")
    for actor in (clerk, judge, finance):
        with pytest.raises(NotAllowed):
            decide(actor, application, "100.00")
    with pytest.raises(NotAllowed):
        services.budget_fund(actor=head, court_id=case.court_id, year=2026, amount="1.00")
    decide(head, application, "100.00")
    for actor in (clerk, judge, head):
        with pytest.raises(NotAllowed):
            services.aid_pay(actor=actor, application_id=application.pk)


def test_the_aid_committee_when_configured_approves_instead_of_the_head(
    wage, case, clerk, judge, head, funded
):
    from enforcement.choices import Role
    from tests.factories import make_member

    funded()
    member = make_member(Role.JUDGE, court=case.court, username="committee", name="周委员")
    CommitteeMember.objects.create(court=case.court, user=member)
    application = recommended(case, clerk, judge, "100.00")
    with pytest.raises(NotAllowed):
        decide(head, application, "100.00")
    assert decide(member, application, "100.00").status == S.APPROVED


def test_rejection_needs_a_reason_and_reserves_nothing(wage, case, clerk, judge, head, funded):
    funded()
    application = recommended(case, clerk, judge, "100.00")
    with pytest.raises(InvalidInput):
        services.application_decide(actor=head, application_id=application.pk, approve=False)
    services.application_decide(actor=head, application_id=application.pk, approve=False, note="不符合条件")
    assert Application.objects.get(pk=application.pk).status == S.REJECTED
    assert Budget.objects.get().reserved_total == Decimal("0.00")


def test_who_reviewed_may_not_decide(wage, case, clerk, judge, head, funded):
    funded()
    CommitteeMember.objects.create(court=case.court, user=judge)
    application = recommended(case, clerk, judge, "100.00")
    with pytest.raises(NotAllowed):
        decide(judge, application, "100.00")


def test_supervisor_sees_but_may_not_act(wage, case, clerk, judge, supervisor, funded):
    from aid.selectors import applications_visible_to

    funded()
    application = recommended(case, clerk, judge, "100.00")
    assert list(applications_visible_to(supervisor)) == [application]
    with pytest.raises(NotAllowed):
        decide(supervisor, application, "100.00")


def test_tell_reminder_after_the_two_working_days(wage, case, clerk, judge, head, finance, funded):
    funded()
    application = recommended(case, clerk, judge, "100.00")
    decide(head, application, "100.00")
    paid = services.aid_pay(actor=finance, application_id=application.pk)
    assert services.deadline_sweep(today=paid.tell_due_on - dt.timedelta(days=1))["tell"] == 0
    assert services.deadline_sweep(today=paid.tell_due_on)["tell"] == 1
    assert services.deadline_sweep(today=paid.tell_due_on)["tell"] == 0
    assert clerk.notifications.filter(kind="aid.tell_applicant").count() == 1
    services.applicant_told(actor=clerk, application_id=application.pk, how="电话告知")
    with pytest.raises(Conflict):
        services.applicant_told(actor=clerk, application_id=application.pk, how="再次")


def test_work_lists(wage, case, clerk, judge, head, finance, funded):
    from aid.selectors import home_items

    funded()
    application = file_application(case, clerk)
    assert [i["label"] for i in home_items(judge)] == ["待审查的司法救助"]
    assert home_items(head) == []
    services.application_recommend(actor=judge, application_id=application.pk, amount="100.00", opinion="可")
    (item,) = home_items(head)
    assert item["count"] == 1 and application.decision_due_on.isoformat() in item["entries"][0]["text"]
    decide(head, application, "100.00")
    assert home_items(finance)[0]["count"] == 1
