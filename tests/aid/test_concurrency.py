"""On PostgreSQL with real threads, each with its own connection: thirty approvals at once against a
budget that fits ten approve exactly ten and refuse twenty with a clear message; paying twice at
once pays once."""

from decimal import Decimal

import pytest

from aid import services
from aid.choices import ApplicationStatus as S
from aid.models import Application, Budget, BudgetEntry
from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from tests.aid.conftest import ended_case, recommended
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_concurrent_approvals_against_a_budget_for_ten(wage, clerk, judge, head, funded):
    funded("10000.00")
    applications = [recommended(ended_case(clerk, judge), clerk, judge, "1000.00") for _ in range(30)]

    outcomes = run_concurrently(
        lambda i: services.application_decide(
            actor=head, application_id=applications[i].pk, approve=True, amount="1000.00"
        ),
        30,
    )

    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert len(errors) == 20, errors[:3]
    assert all(isinstance(e, Conflict) and e.code == "aid_budget_exhausted" for e in errors), errors[:3]
    assert "¥0.00" in errors[0].message and "追加" in errors[0].message
    budget = Budget.objects.get()
    assert budget.reserved_total == Decimal("10000.00") and budget.available == Decimal("0.00")
    assert Application.objects.filter(status=S.APPROVED).count() == 10
    assert Application.objects.filter(status=S.RECOMMENDED).count() == 20
    assert BudgetEntry.objects.filter(kind="reservation").count() == 10
    assert AuditEvent.objects.filter(action="aid.application_approved").count() == 10


def test_payment_requested_twice_at_once_pays_once(wage, clerk, judge, head, finance, funded):
    funded("10000.00")
    application = recommended(ended_case(clerk, judge), clerk, judge, "1000.00")
    services.application_decide(actor=head, application_id=application.pk, approve=True, amount="1000.00")

    outcomes = run_concurrently(lambda i: services.aid_pay(actor=finance, application_id=application.pk), 2)

    assert not [r for _, r in outcomes if isinstance(r, Exception)]
    budget = Budget.objects.get()
    assert budget.paid_total == Decimal("1000.00") and budget.reserved_total == Decimal("0.00")
    assert BudgetEntry.objects.filter(kind="payment").count() == 1
    assert AuditEvent.objects.filter(action="aid.paid").count() == 1


def test_approval_locks_the_case_then_the_application_then_the_budget(wage, clerk, judge, head, funded):
    from django.db import connection

    from tests.concurrency import RowLocks

    funded("10000.00")
    application = recommended(ended_case(clerk, judge), clerk, judge, "1000.00")
    locks = RowLocks()
    with connection.execute_wrapper(locks):
        services.application_decide(actor=head, application_id=application.pk, approve=True)
    budget = Budget.objects.get()
    case_at = locks.position("cases_case", application.case_id)
    application_at = locks.position("aid_application", application.pk)
    assert case_at < application_at < locks.position("aid_budget", budget.court_id)  # by court and year
