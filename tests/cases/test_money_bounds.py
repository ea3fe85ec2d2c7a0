"""Every amount that comes in is bounded by enforcement.money.MONEY_MAX with one clear message (a
field error on the forms, 400 with the field named on the API), and every stored amount computed
from a bounded one fits its column: ¥10,000,000,000,000 used to pass the input checks and overflow
the application-fee column (a 500)."""

# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)

import datetime as dt
from decimal import Decimal

import pytest

from assets.models import Asset, ControlMeasure
from assistance.choices import NoticeStatus
from assistance.models import Notice
from cases.models import Case
from cases.money import application_fee
from cases.services import case_file
from enforcement.errors import InvalidInput
from enforcement.money import MONEY_MAX, fits_column
from tests.assistance.test_agency_api import answer, api_for
from tests.assistance.test_court_views import draft_post
from tests.assistance.test_liaison_portal import bank_notice, case, fresh, person, query_notices  # noqa: F401
from tests.cases.conftest import filing_input
from tests.cases.test_api import api_as, filing_body
from tests.cases.test_views import filing_post

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
UNDER, AT, OVER = MONEY_MAX - CENT, MONEY_MAX, MONEY_MAX + CENT
REPORTED = Decimal("10000000000000")  # the amount that gave a 500


def test_the_bound_is_one_trillion_yuan_inclusive():
    assert Decimal("1000000000000.00") == MONEY_MAX


# --- columns hold what the bound allows -----------------------------------------------------------
def test_the_fee_of_the_largest_amount_fits_its_column():
    fee = application_fee(MONEY_MAX, on=dt.date(2026, 6, 1)).amount
    assert fee == Decimal("1000067400.00")  # 50 + 7,350 + 45,000 + 25,000 + (10^12 − 10^7) × 0.1%
    column = Case._meta.get_field("application_fee")
    assert fits_column(fee, max_digits=column.max_digits, decimal_places=column.decimal_places)


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Case, "subject_amount"),
        ("basis", "money_amount"),
        (Asset, "estimated_value"),
        (ControlMeasure, "amount"),
    ],
)
def test_every_input_money_column_holds_the_bound(model, field):
    from cases.models import EnforcementBasis

    column = (EnforcementBasis if model == "basis" else model)._meta.get_field(field)
    assert fits_column(MONEY_MAX, max_digits=column.max_digits, decimal_places=column.decimal_places)


# --- the service ------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", [UNDER, AT])
def test_filing_up_to_the_bound_is_accepted(clerk, judge, amount):
    case = case_file(actor=clerk, data=filing_input(judge, amount=amount))
    case.refresh_from_db()
    assert case.subject_amount == amount and case.application_fee > Decimal("999000000")


@pytest.mark.parametrize("amount", [OVER, REPORTED])
def test_filing_above_the_bound_names_the_field_and_saves_nothing(clerk, judge, amount):
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=filing_input(judge, amount=amount))
    assert "¥1,000,000,000,000.00" in exc.value.fields["basis.money_amount"][0]
    assert not Case.objects.exists()


# --- the API ------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", [str(OVER), str(REPORTED), "1E+999999"])
def test_api_filing_above_the_bound_is_400_at_the_field(clerk, judge, amount):
    response = api_as(clerk).post("/api/v1/cases/", filing_body(judge, money_amount=amount), format="json")
    assert response.status_code == 400, response.content
    assert "basis.money_amount" in response.json()["fields"], response.json()
    assert not Case.objects.exists()


@pytest.mark.parametrize("amount", [str(UNDER), str(AT)])
def test_api_filing_up_to_the_bound_is_201(clerk, judge, amount):
    response = api_as(clerk).post("/api/v1/cases/", filing_body(judge, money_amount=amount), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["subject_amount"] == amount


# --- the filing form ---------------------------------------------------------------------------
@pytest.mark.parametrize("amount", ["1,000,000,000,000.01", "10000000000000", "1e999"])
def test_form_filing_above_the_bound_shows_the_field_error(client_for, clerk, judge, amount):
    response = client_for(clerk).post("/cases/new/", filing_post(judge, **{"basis-money_amount": amount}))
    assert response.status_code == 200
    assert "¥1,000,000,000,000.00" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("amount", ["999,999,999,999.99", "1,000,000,000,000.00"])
def test_form_filing_up_to_the_bound_files_the_case(client_for, clerk, judge, amount):
    response = client_for(clerk).post("/cases/new/", filing_post(judge, **{"basis-money_amount": amount}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().subject_amount == Decimal(amount.replace(",", ""))


# --- assistance: the court's notice and the agency's answer ------------------------------------
def test_a_freeze_above_the_bound_is_refused_on_the_drafting_form(client_for, judge, case, bank, account):
    response = draft_post(
        client_for(judge), case, agency=bank.pk, action="freeze", asset=account.pk, amount=str(OVER)
    )
    assert response.status_code == 200
    assert "¥1,000,000,000,000.00" in response.content.decode()
    assert not Notice.objects.filter(case=case, action="freeze").exists()


@pytest.mark.parametrize(("value", "status"), [(str(AT), 200), (str(OVER), 400), (str(REPORTED), 400)])
def test_an_agency_answer_value_is_bounded(agencies, bank_notice, value, status):
    from enforcement.choices import AgencyKind

    client = api_for(agencies[AgencyKind.BANK])[0]
    body = {"result": "done", "data": {"items": [{"identifier": "6222000000000009", "value": value}]}}
    response = client.post(answer(bank_notice.pk), body, format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert "data.items[0].value" in response.json()["fields"]
        assert fresh(bank_notice).status in NoticeStatus.awaiting_answer()
    else:
        assert Asset.objects.get(identifier="6222000000000009").estimated_value == AT


def test_the_service_bound_holds_for_callers_that_skip_the_forms(agencies, bank_notice):
    from assistance.services import notice_answer
    from enforcement.choices import AgencyKind

    with pytest.raises(InvalidInput) as exc:
        notice_answer(
            agency=agencies[AgencyKind.BANK],
            notice_id=bank_notice.pk,
            result="done",
            data={"items": [{"identifier": "6222000000000009", "value": str(OVER)}]},
        )
    assert "data.items[0].value" in exc.value.fields
