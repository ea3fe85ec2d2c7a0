import pytest

from enforcement.choices import AgencyKind, Role
from tests.factories import AgencyFactory, make_member


@pytest.fixture
def agencies(db):
    """One agency of each kind a network query reaches, and a second bank."""
    from assistance.rules import NETWORK_QUERY_KINDS

    made = {kind: AgencyFactory(name=f"测试{kind}", kind=kind) for kind in NETWORK_QUERY_KINDS}
    made["bank2"] = AgencyFactory(name="第二银行", kind=AgencyKind.BANK)
    return made


@pytest.fixture
def bank_officer(agencies):
    return make_member(
        Role.LIAISON, agency=agencies[AgencyKind.BANK], username="bank_officer", name="银行联络员"
    )


@pytest.fixture
def registry_officer(agencies):
    return make_member(
        Role.LIAISON,
        agency=agencies[AgencyKind.NATURAL_RESOURCES],
        username="registry_officer",
        name="登记联络员",
    )
