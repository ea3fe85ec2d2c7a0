"""Fixtures of the penalties tests (imported by tests/sanctions/test_penalties*.py; not a conftest, so
the defaulter-list tests keep their own)."""

import pytest

from enforcement.choices import AgencyKind, Role
from sanctions.penalty_models import CourtPresident
from tests.factories import AgencyFactory, make_member


@pytest.fixture
def exit_admin(db):
    return AgencyFactory(name="西宁市公安局出入境管理支队", kind=AgencyKind.EXIT_ADMINISTRATION)


@pytest.fixture
def police(db):
    return AgencyFactory(name="西宁市公安局城东分局", kind=AgencyKind.POLICE)


@pytest.fixture
def other_police(db):
    return AgencyFactory(name="西宁市公安局城中分局", kind=AgencyKind.POLICE)


@pytest.fixture
def police_officer(police):
    return make_member(Role.LIAISON, agency=police, username="police_officer", name="公安联络员")


@pytest.fixture
def other_police_officer(other_police):
    return make_member(Role.LIAISON, agency=other_police, username="other_police_officer", name="另一联络员")


@pytest.fixture
def president(court):
    user = make_member(Role.HEAD, court=court, username="president", name="院长")
    CourtPresident.objects.create(court=court, user=user)
    return user


@pytest.fixture
def higher_judge(intermediate_court):
    return make_member(Role.JUDGE, court=intermediate_court, username="higher_judge", name="中院法官")


@pytest.fixture
def case(file_case):
    return file_case()


@pytest.fixture
def person(case):
    return case.parties.get(role="respondent", kind="person")


@pytest.fixture
def company(case):
    return case.parties.get(role="respondent", kind="entity")
