"""The reminders API: the node list's actions through the same services as the browser."""

import pytest

from enforcement.choices import Role
from enforcement.models import AuditEvent
from supervision.models import Node, SupervisionReminder
from tests.court_fixtures import api_as
from tests.factories import CaseFactory, make_member

pytestmark = pytest.mark.django_db
URL = "/api/v1/supervision-reminders/"


@pytest.fixture
def case(court, clerk, judge):
    return CaseFactory(court=court, clerk=clerk, judge=judge)


def test_head_sends_and_judge_acts(case, head, judge):
    response = api_as(head).post(
        URL, {"case": case.pk, "node": Node.EXECUTION_NOTICE, "note": "请尽快送达"}, format="json"
    )
    assert response.status_code == 201, response.content
    reminder = SupervisionReminder.objects.get(pk=response.json()["id"])
    assert reminder.sent_by == head and reminder.note == "请尽快送达"
    assert AuditEvent.objects.filter(action="supervision.reminder_sent").count() == 1
    listed = api_as(judge).get(URL).json()
    assert [r["id"] for r in listed["results"]] == [reminder.pk]
    response = api_as(judge).post(f"{URL}{reminder.pk}/acted/")
    assert response.status_code == 200 and response.json()["acted_at"]


def test_refusals(case, head, judge, other_court):
    assert (
        api_as(judge).post(URL, {"case": case.pk, "node": Node.EXECUTION_NOTICE}, format="json").status_code
        == 403
    )
    other_head = make_member(Role.HEAD, court=other_court)
    assert (
        api_as(other_head)
        .post(URL, {"case": case.pk, "node": Node.EXECUTION_NOTICE}, format="json")
        .status_code
        == 404
    )
    bad = api_as(head).post(URL, {"case": case.pk, "node": "no-such-node"}, format="json")
    assert bad.status_code == 400 and "node" in str(bad.content)
    reminder = api_as(head).post(URL, {"case": case.pk, "node": Node.EXECUTION_NOTICE}, format="json").json()
    assert api_as(head).post(f"{URL}{reminder['id']}/acted/").status_code == 403
    assert api_as(other_head).get(URL).json()["results"] == []
    assert api_as(other_head).post(f"{URL}{reminder['id']}/acted/").status_code == 404


def test_a_malformed_id_is_not_found(judge):
    assert api_as(judge).post(f"{URL}%C2%8A%05/acted/").status_code == 404
    assert api_as(judge).post(f"{URL}999999/acted/").status_code == 404


def test_browser_input_that_is_wrong_gets_its_page_not_a_500(case, head, client):
    client.force_login(head)
    url = "/supervision/reminders/"
    assert client.post(url, {"case": "abc", "node": Node.EXECUTION_NOTICE}).status_code == 404
    bad_node = client.post(url, {"case": case.pk, "node": "no-such-node"})
    assert bad_node.status_code == 400 and "请选择督办的节点" in bad_node.content.decode()
    long_note = client.post(url, {"case": case.pk, "node": Node.EXECUTION_NOTICE, "note": "督" * 1001})
    assert long_note.status_code == 400
    assert not SupervisionReminder.objects.exists()  # nothing saved, nothing cut short
    ok = client.post(url, {"case": case.pk, "node": Node.EXECUTION_NOTICE, "note": "督" * 1000})
    assert ok.status_code == 302 and SupervisionReminder.objects.get().note == "督" * 1000
