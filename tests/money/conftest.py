from decimal import Decimal

import pytest

from cases.choices import PartyRole
from cases.services import case_file
from money import services
from tests.cases.conftest import filing_input
from tests.clock import TODAY


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


@pytest.fixture
def applicant(case):
    return case.parties.get(role=PartyRole.APPLICANT)


def confirmed(case, clerk, finance, amount):
    """Money received on `case` and confirmed by finance."""
    receipt = services.receipt_record(
        actor=clerk,
        case_id=case.pk,
        kind="bank_deduction",
        amount=Decimal(amount),
        payer="李四",
        received_on=TODAY,
    )
    return services.receipt_confirm(actor=finance, receipt_id=receipt.pk)


def approved(case, judge, head, applicant, amount):
    payout = services.payout_propose(
        actor=judge, case_id=case.pk, payee_id=applicant.pk, amount=Decimal(amount)
    )
    return services.payout_decide(actor=head, payout_id=payout.pk, approve=True)
