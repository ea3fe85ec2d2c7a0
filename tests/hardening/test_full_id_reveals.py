"""Every surface that shows a natural person's full ID number writes an audit event, one per showing.

The surfaces (found with grep for unmasked `id_number` in views, serializers and templates; every
other place goes through cases.validators.mask_id): the case page and the case and party API
(cases.selectors.full_ids_revealed), and what an assisting agency reads to carry a notice out, the
liaison portal's notice page and the agency API's notice detail and list
(assistance.agency_side.audit_notice_viewed / audit_notices_listed). Each is requested here as its
reader does, the full number is checked to be in the answer (so the surface is real), and exactly
one new event of its kind is checked to exist. Someone who may not see the number gets it masked, and
nothing is recorded."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import pytest
from rest_framework.test import APIClient

from enforcement.models import AuditEvent
from tests.assistance.test_agency_api import api_for
from tests.assistance.test_liaison_portal import (  # noqa: F401  (fixtures shared with the portal's tests)
    bank_notice,
    case,
    person,
    query_notices,
)
from tests.audit_events import last_event_id

pytestmark = pytest.mark.django_db


def _new_events(mark: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=mark, action=action))


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("surface", ["case page", "case API", "party API"])
def test_court_surfaces_showing_a_full_id_audit_each_showing(surface, client, judge, case, person):
    mark = last_event_id()
    if surface == "case page":
        client.force_login(judge)
        response = client.get(f"/cases/{case.pk}/")
    elif surface == "case API":
        response = _api(judge).get(f"/api/v1/cases/{case.pk}/")
    else:
        response = _api(judge).get(f"/api/v1/parties/{person.pk}/")
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    events = _new_events(mark, "case.viewed_full_id")
    assert len(events) == 1
    assert events[0].actor == judge and events[0].object_id == str(case.pk)


def test_a_second_showing_is_a_second_event(client, judge, case, person):
    client.force_login(judge)
    mark = last_event_id()
    client.get(f"/cases/{case.pk}/")
    client.get(f"/cases/{case.pk}/")
    assert len(_new_events(mark, "case.viewed_full_id")) == 2


def test_masked_for_those_who_do_not_work_on_the_case_and_nothing_recorded(client, supervisor, case, person):
    client.force_login(supervisor)
    mark = last_event_id()
    response = client.get(f"/cases/{case.pk}/")
    if response.status_code == 200:
        assert person.id_number not in response.content.decode()
    assert _new_events(mark, "case.viewed_full_id") == []


def test_the_liaison_portal_notice_page_audits_the_view(client, bank_officer, bank_notice, person):
    client.force_login(bank_officer)
    mark = last_event_id()
    response = client.get(f"/liaison/notices/{bank_notice.pk}/")
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    events = _new_events(mark, "notice.viewed")
    assert len(events) == 1 and events[0].actor == bank_officer
    assert events[0].data["notice_id"] == bank_notice.pk


@pytest.mark.parametrize("surface", ["detail", "list"])
def test_the_agency_api_audits_each_read_of_full_numbers(surface, bank_notice, person):
    api, token = api_for(bank_notice.agency)
    mark = last_event_id()
    if surface == "detail":
        response = api.get(f"/api/v1/agency/notices/{bank_notice.pk}/")
        action = "notice.viewed"
    else:
        response = api.get("/api/v1/agency/notices/")
        action = "notice.listed_via_api"
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    events = _new_events(mark, action)
    assert len(events) == 1
    assert events[0].data["token_id"] == token.pk
