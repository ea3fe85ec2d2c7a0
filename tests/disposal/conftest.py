import datetime as dt
from decimal import Decimal

import pytest

from cases.choices import PartyRole
from cases.services import case_file
from disposal import services
from tests.cases.conftest import filing_input
from tests.clock import SHANGHAI, TODAY
from tests.factories import AssetFactory, ControlMeasureFactory

REFERENCE = Decimal("100000.00")


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


@pytest.fixture
def applicant(case):
    return case.parties.get(role=PartyRole.APPLICANT)


def held(case, kind="real_estate"):
    asset = AssetFactory(case=case, kind=kind, description="住宅一套", estimated_value=REFERENCE)
    ControlMeasureFactory(asset=asset, case=case, kind="seal", status="active")
    return asset


@pytest.fixture
def house(case):
    return held(case, "real_estate")


@pytest.fixture
def car(case):
    return held(case, "vehicle")


def fixed(judge, asset, price=REFERENCE):
    """A reference price served 10 days ago and fixed today (the window is over)."""
    finding = services.price_record(
        actor=judge,
        asset_id=asset.pk,
        method="appraisal",
        served_on=TODAY - dt.timedelta(days=10),
        reference_price=price,
    )
    return services.price_fix(actor=judge, finding_id=finding.pk)


def at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=SHANGHAI)


def round_input(*, announce_in=1, lead=30, price="70000.00", deposit=None, notify_gap=3, hours=24, **kw):
    """A round announced `announce_in` days from today, bidding `lead` days after the announcement."""
    announced = TODAY + dt.timedelta(days=announce_in)
    starts = at(announced + dt.timedelta(days=lead))
    price = Decimal(price)
    data = {
        "price": price,
        "deposit": Decimal(deposit)
        if deposit is not None
        else (price * Decimal("0.10")).quantize(Decimal("0.01")),
        "parties_notified_on": announced - dt.timedelta(days=notify_gap),
        "announced_on": announced,
        "bidding_starts_at": starts,
        "bidding_ends_at": starts + dt.timedelta(hours=hours),
        "collegial_panel": True,
    }
    data.update(kw)
    return data


def proposed_round(judge, asset, **kw):
    return services.round_propose(actor=judge, asset_id=asset.pk, **round_input(**kw))


def approved_round(judge, head, asset, **kw):
    step = proposed_round(judge, asset, **kw)
    return services.step_decide(actor=head, step_id=step.pk, approve=True)
