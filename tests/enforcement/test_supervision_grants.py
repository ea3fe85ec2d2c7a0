"""Supervision grants: a grant gives a supervisor exactly the granted court while it is valid;
supervisors are refused every write; every page a supervisor sees is audited, nobody else's."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enforcement.access import can_see_court, visible_courts
from enforcement.choices import Role
from enforcement.models import AuditEvent, SupervisorBody
from enforcement.supervision import grant_supervision, revoke_supervision
from tests.clock import NOW
from tests.court_fixtures import api_as
from tests.factories import CourtFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurator(db):
    """A procuratorate supervisor: a supervisor with no membership of the supervised court."""
    return make_member(Role.SUPERVISOR, court=CourtFactory(), username="procurator", name="王检察员")


def grant(head, court, procurator, **kwargs):
    return grant_supervision(
        actor=head, court=court, supervisor=procurator, body=SupervisorBody.PROCURATORATE, **kwargs
    )


def test_grant_gives_access_to_exactly_that_court(head, court, other_court, procurator):
    assert not can_see_court(procurator, court)
    made = grant(head, court, procurator)
    assert can_see_court(procurator, court)
    assert not can_see_court(procurator, other_court)
    assert set(visible_courts(procurator)) == {court, procurator.membership_or_none.court}
    assert AuditEvent.objects.filter(action="supervision.granted", object_id=str(made.pk)).exists()


def test_expired_grant_gives_none(head, court, procurator, clock):
    grant(head, court, procurator, valid_until=NOW + dt.timedelta(days=1))
    assert can_see_court(procurator, court)
    clock.shift(dt.timedelta(days=2))
    assert not can_see_court(procurator, court)


def test_future_grant_gives_none_yet(head, court, procurator):
    grant(head, court, procurator, valid_from=NOW + dt.timedelta(days=1))
    assert not can_see_court(procurator, court)


def test_revoked_grant_gives_none(head, court, procurator):
    made = grant(head, court, procurator)
    revoke_supervision(actor=head, grant=made)
    assert not can_see_court(procurator, court)
    assert AuditEvent.objects.filter(action="supervision.revoked", object_id=str(made.pk)).exists()


def test_only_head_or_admin_of_the_court_grants(judge, court, other_court, head, procurator):
    with pytest.raises(PermissionDenied):
        grant(judge, court, procurator)
    with pytest.raises(PermissionDenied):
        grant(head, other_court, procurator)
    with pytest.raises(PermissionDenied):
        grant_supervision(actor=head, court=court, supervisor=judge, body=SupervisorBody.HIGHER_COURT)


def test_supervisor_post_on_case_action_refused(client_for, head, court, procurator, case):
    grant(head, court, procurator)
    response = client_for(procurator).post(reverse("cases:act", args=[case.pk]), {"action": "close"})
    assert response.status_code == 403
    assert "read-only" in response.content.decode() or "只读" in response.content.decode()


def test_supervisor_api_write_refused(head, court, procurator, case):
    grant(head, court, procurator)
    response = api_as(procurator).patch(f"/api/v1/cases/{case.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 403
    assert api_as(procurator).get(f"/api/v1/cases/{case.pk}/").status_code == 200


def test_each_supervisor_view_is_audited(client_for, head, court, procurator, case):
    grant(head, court, procurator)
    client = client_for(procurator)
    before = AuditEvent.objects.filter(action="supervision.viewed").count()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    client.get(reverse("cases:detail", args=[case.pk]))
    events = AuditEvent.objects.filter(action="supervision.viewed", actor=procurator).order_by("pk")
    assert events.count() == before + 2
    last = events.last()
    assert last.data["kwargs"] == {"pk": str(case.pk)}
    assert last.data["path"] == reverse("cases:detail", args=[case.pk])


def test_non_supervisor_views_not_audited(client_for, judge, case):
    assert client_for(judge).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert not AuditEvent.objects.filter(action="supervision.viewed").exists()


def test_head_page_grants_and_revokes(client_for, head, court, procurator):
    client = client_for(head)
    assert client.get(reverse("grants:list")).status_code == 200
    response = client.post(
        reverse("grants:list"), {"supervisor": procurator.pk, "body": SupervisorBody.PEOPLES_CONGRESS}
    )
    assert response.status_code == 302
    assert can_see_court(procurator, court)
    made = court.supervision_grants.get()
    assert client.post(reverse("grants:revoke", args=[made.pk])).status_code == 302
    assert not can_see_court(procurator, court)


def test_grant_page_refused_to_judge(client_for, judge):
    assert client_for(judge).get(reverse("grants:list")).status_code == 403


def test_api_grant_and_revoke(head, court, procurator, judge):
    api = api_as(head)
    response = api.post(
        "/api/v1/supervision-grants/",
        {"court": court.pk, "supervisor": procurator.pk, "body": SupervisorBody.PROCURATORATE},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert can_see_court(procurator, court)
    pk = response.json()["id"]
    assert api_as(judge).post(f"/api/v1/supervision-grants/{pk}/revoke/").status_code == 404
    assert api.post(f"/api/v1/supervision-grants/{pk}/revoke/").status_code == 200
    assert not can_see_court(procurator, court)
    refused = api_as(procurator).post(
        "/api/v1/supervision-grants/",
        {"court": court.pk, "supervisor": procurator.pk, "body": SupervisorBody.PROCURATORATE},
        format="json",
    )
    assert refused.status_code == 403


def test_a_granted_supervisor_reads_that_courts_dashboard_only(head, court, other_court, procurator, client):
    client.force_login(procurator)
    assert client.get("/command/", {"court": court.pk}).status_code == 404
    grant(head, court, procurator)
    response = client.get("/command/", {"court": court.pk})
    assert response.status_code == 200 and court.name in response.content.decode()
    assert client.get("/command/", {"court": other_court.pk}).status_code == 404
