import datetime as dt

import pytest

from assets.choices import AssetKind, AssetSource
from assets.services import asset_record
from cases.services import case_file
from enforcement.choices import Role
from objections import services
from tests.cases.conftest import filing_input
from tests.factories import make_member

D = dt.date


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


@pytest.fixture
def respondent(case):
    return case.parties.filter(role="respondent").order_by("pk").first()


@pytest.fixture
def higher_clerk(intermediate_court):
    return make_member(Role.CLERK, court=intermediate_court, username="higher_clerk", name="上级书记员")


@pytest.fixture
def higher_judge(intermediate_court):
    return make_member(Role.JUDGE, court=intermediate_court, username="higher_judge", name="上级法官")


@pytest.fixture
def higher_head(intermediate_court):
    return make_member(Role.HEAD, court=intermediate_court, username="higher_head", name="上级局长")


@pytest.fixture
def asset(case, judge, bank, respondent):
    return asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222020000000001",
        holder_agency_id=bank.pk,
        estimated_value="30000.00",
        source=AssetSource.INVESTIGATION,
        owner_id=respondent.pk,
    )


def file_act(actor, case, received_on, **kwargs):
    respondent = case.parties.filter(role="respondent").order_by("pk").first()
    return services.objection_file(
        actor=actor,
        case_id=case.pk,
        kind="act",
        objector_party_id=respondent.pk,
        subject=kwargs.pop("subject", "冻结超标的"),
        received_on=received_on,
        **kwargs,
    )


def file_outsider(actor, case, asset, received_on):
    return services.objection_file(
        actor=actor,
        case_id=case.pk,
        kind="outsider",
        objector_name="王五",
        asset_id=asset.pk,
        subject="该账户存款系案外人所有",
        received_on=received_on,
    )


def decided_and_served(clerk, judge, case, received_on, served_on=None, outcome="dismissed"):
    """An act objection received, accepted, decided (dismissed) and served, all at the clock's today
    unless `served_on` says otherwise."""
    objection = file_act(clerk, case, received_on)
    services.objection_accept(actor=clerk, objection_id=objection.pk)
    services.objection_decide(actor=judge, objection_id=objection.pk, outcome=outcome, reason="执行行为合法")
    return services.objection_serve(
        actor=clerk, objection_id=objection.pk, served_on=served_on or received_on
    )
