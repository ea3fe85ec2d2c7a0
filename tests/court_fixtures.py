"""Set-up the court API and court page tests of assets, assistance and documents share: a case of
`court` and one of another court, a bank account recorded on the case, and the API client and error
checks. A test module imports the fixtures it uses (`from tests.court_fixtures import case, …`);
the helpers are plain functions.

Everything is made through the services (case_file, asset_record), as the application would have
stored it."""

import pytest
from rest_framework.test import APIClient

from assets.choices import AssetKind, AssetSource
from assets.services import asset_record
from cases.services import case_file
from enforcement.choices import AgencyKind, Role
from tests.cases.conftest import filing_input
from tests.factories import make_member


# --- helpers --------------------------------------------------------------------------------------
def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error(response, status: int, code: str, field: str | None = None):
    """An API error answer: its status, its code, a message and, with `field`, that field's messages."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["detail"], body
    if field is not None:
        assert body["fields"][field], body


def respondent_of(case):
    return case.parties.filter(role="respondent", kind="person").get()


# --- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def case(file_case):
    return file_case()


@pytest.fixture
def other_judge(other_court):
    return make_member(Role.JUDGE, court=other_court, username="other_judge", name="周法官")


@pytest.fixture
def other_case(other_clerk, other_judge):
    """A case of the sibling court (`other_court`), filed by its clerk for its judge."""
    return case_file(actor=other_clerk, data=filing_input(other_judge))


@pytest.fixture(name="bank")
def agencies_bank(agencies):
    """`bank` as the bank among assistance's agencies (tests/assistance/conftest.py), for a module
    that works with those agencies: it imports `agencies_bank`, and its tests ask for `bank`."""
    return agencies[AgencyKind.BANK]


@pytest.fixture
def account_identifier():
    """The account number `account` is recorded with; a module overrides it to test another spelling."""
    return "6222020000000001"


@pytest.fixture
def account(case, judge, bank, account_identifier):
    """A bank account of the respondent the court found by its own investigation, held by `bank`."""
    return asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier=account_identifier,
        holder_agency_id=bank.pk,
        estimated_value="30000.00",
        source=AssetSource.INVESTIGATION,
        owner_id=respondent_of(case).pk,
    )
