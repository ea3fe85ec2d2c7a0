"""Starting a network query twice starts it once: the same form (its token) or API request (its
Idempotency-Key) sent again finds the query it started; a new start over respondents whose query has
not finished is refused and points at that query. After it finishes a new query may start."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assistance.models import NetworkQuery, Notice
from assistance.services import NetworkQueryInProgress, network_query_run, network_query_start
from enforcement.models import PendingTask
from enforcement.outbox import pending_tasks_dispatch
from tests.audit_events import actions_of, actions_since, last_event_id, the_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):
    return file_case()


def respondent_of(case):
    return case.parties.filter(role="respondent", kind="person").get()


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- the browser ---------------------------------------------------------------------------------------
def test_the_same_form_sent_twice_starts_one_query(client_for, judge, case, agencies):
    browser = client_for(judge)
    page = browser.get(reverse("assistance:case", args=[case.pk])).content.decode()
    assert 'name="request_key" value="' in page
    token = page.split('name="request_key" value="')[1].split('"')[0]
    url = reverse("assistance:case-network-query", args=[case.pk])
    form = {"respondents": [respondent_of(case).pk], "request_key": token}
    first = browser.post(url, form)
    second = browser.post(url, form)  # the clerk's retry after no answer came back
    assert first.status_code == second.status_code == 302
    query = NetworkQuery.objects.get()
    assert first["Location"] == second["Location"] == reverse("assistance:network-query", args=[query.pk])
    assert PendingTask.objects.filter(key=f"assistance.network_query_run:{query.pk}").count() == 1
    started = the_event("network_query.started", on=query)  # once: the retry found the first
    assert started.actor == judge and started.object_id == str(case.pk)
    assert len(started.request_id) == 32  # the request it was started in


def test_a_second_start_while_one_runs_shows_the_running_one(client_for, judge, case, agencies):
    browser = client_for(judge)
    url = reverse("assistance:case-network-query", args=[case.pk])
    browser.post(url, {"respondents": [respondent_of(case).pk], "request_key": "a" * 32})
    query = NetworkQuery.objects.get()
    assert query.status == "pending"  # its work waits in the outbox (no commit in a test transaction)
    again = browser.post(url, {"respondents": [respondent_of(case).pk], "request_key": "b" * 32}, follow=True)
    assert again.redirect_chain[-1][0] == reverse("assistance:network-query", args=[query.pk])
    assert "尚未完成，不能重复发起" in again.content.decode()
    assert NetworkQuery.objects.count() == 1
    assert actions_of(query) == ["network_query.started"]


def test_once_finished_the_same_respondent_may_be_queried_again(judge, case, agencies):
    first = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    mark = last_event_id()
    with pytest.raises(NetworkQueryInProgress) as refused:
        network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    assert refused.value.query_id == first.pk and refused.value.status == 409
    assert actions_since(mark) == []
    network_query_run(query_id=first.pk)
    assert actions_of(first) == ["network_query.started", "network_query.sent"]
    second = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    assert second.pk != first.pk
    assert actions_of(second) == ["network_query.started"]


def test_the_sweep_after_an_outage_creates_each_notice_once(judge, case, agencies):
    """The outbox row, sent by the sweep twice (a lost answer), runs the query once."""
    query = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk], request_key="k1")
    assert pending_tasks_dispatch() == 1  # eager here: runs now
    PendingTask.objects.update(done_at=None, sent_at=None, started_at=None)  # as if the answer was lost
    pending_tasks_dispatch()
    assert Notice.objects.filter(network_query=query).count() == len(agencies)
    assert actions_of(query) == ["network_query.started", "network_query.sent"]  # sent once
    sent = the_event("network_query.sent", on=query)
    assert sent.ip is None and sent.data["agencies"] == len(agencies)  # a task: no request's address
    assert (
        network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk], request_key="k1").pk
        == query.pk
    )


# --- the API -------------------------------------------------------------------------------------------
def test_api_start_is_idempotent_by_key(judge, case, agencies):
    api = api_for(judge)
    url = reverse("api-network-query-list")
    body = {"respondents": [respondent_of(case).pk]}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="3f1c7a2e-query-1")
    assert first.status_code == 201, first.content
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="3f1c7a2e-query-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert NetworkQuery.objects.count() == 1
    query = NetworkQuery.objects.get()
    assert the_event("network_query.started", on=query).actor == judge  # once
    other = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="3f1c7a2e-query-2")
    assert other.status_code == 409
    assert (
        other.json()["code"] == "network_query_in_progress"
        and other.json()["network_query"] == first.json()["id"]
    )
    progress = api.get(reverse("api-network-query-detail", args=[first.json()["id"]]))
    assert progress.status_code == 200 and progress.json()["total"] == 1


def test_api_key_reused_for_other_respondents_is_a_conflict(judge, file_case, agencies):
    one, two = file_case(), file_case()
    api = api_for(judge)
    url = reverse("api-network-query-list")
    api.post(url, {"respondents": [respondent_of(one).pk]}, format="json", HTTP_IDEMPOTENCY_KEY="same")
    response = api.post(
        url, {"respondents": [respondent_of(two).pk]}, format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert response.status_code == 409 and response.json()["code"] == "request_key_reused"
    assert "network_query.started" not in actions_of(two)
    assert actions_of(NetworkQuery.objects.get()) == ["network_query.started"]


def test_api_refuses_clerks_strangers_and_bad_input(clerk, judge, other_clerk, case, agencies):
    url = reverse("api-network-query-list")
    body = {"respondents": [respondent_of(case).pk]}
    assert api_for(clerk).post(url, body, format="json").status_code == 403
    assert api_for(judge).post(url, {"respondents": []}, format="json").status_code == 400
    assert api_for(judge).post(url, {"respondents": ["x"]}, format="json").status_code == 400
    long_key = api_for(judge).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert long_key.status_code == 400
    assert "network_query.started" not in actions_of(case)  # every refusal recorded nothing
    query = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    assert api_for(other_clerk).get(reverse("api-network-query-detail", args=[query.pk])).status_code == 404
    assert api_for(judge).get(reverse("api-network-query-detail", args=[10**30])).status_code == 404
