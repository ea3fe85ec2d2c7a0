"""The request's context reaches the audit trail through a context variable the middleware sets
(address, request id, user agent); services take no request argument; a Celery task, even one run
eagerly inside a request, writes events without a request's context."""

import importlib
import inspect

import pytest
from celery import shared_task

from enforcement.audit import audit_record
from enforcement.middleware import (
    RequestContext,
    current_request_context,
    request_context,
    request_context_of,
)
from enforcement.models import AuditEvent

pytestmark = pytest.mark.django_db

SERVICE_MODULES = [
    "cases.services",
    "cases.selectors",
    "cases.resumption",
    "documents.services",
    "assets.services",
    "assistance.services",
    "assistance.agency_side",
    "enforcement.lockout",
    "enforcement.audit",
]
# Not services: the lock-out's response (django-axes' AXES_LOCKOUT_CALLABLE) is a view.
VIEWS = {"enforcement.lockout.lockout_response"}


def test_an_event_written_in_a_request_records_its_address_id_and_user_agent(client, clerk):
    response = client.post(
        "/login/",
        {"username": "clerk", "password": "pass-Word-123"},
        headers={"X-Request-ID": "req-42", "User-Agent": "Mozilla/5.0 测试"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302 and response["X-Request-ID"] == "req-42"
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.ip, event.request_id, event.user_agent) == ("198.51.100.7", "req-42", "Mozilla/5.0 测试")
    assert current_request_context() is None  # reset once the response is made


def test_a_request_without_an_id_gets_one_and_the_event_names_it(client, clerk):
    response = client.post("/login/", {"username": "clerk", "password": "pass-Word-123"})
    event = AuditEvent.objects.get(action="auth.login")
    assert len(event.request_id) == 32 and event.request_id == response["X-Request-ID"]
    assert event.user_agent == ""


def test_outside_a_request_an_event_has_no_request_context(clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    assert (event.ip, event.request_id, event.user_agent) == (None, "", "")


def test_headers_are_cleaned_and_cut_before_they_reach_the_trail(rf):
    request = rf.get(
        "/", headers={"User-Agent": "UA\x00\x07" + "x" * 400, "X-Request-ID": "id\x00" + "9" * 100}
    )
    context = request_context_of(request)
    assert context.user_agent == "UA" + "x" * 253 and "\x00" not in context.user_agent
    assert context.request_id == "id" + "9" * 62


@shared_task(name="tests.enforcement.audit_in_task")
def audit_in_task(court_id):
    audit_record(
        actor=None, action="test.in_task", summary="任务中", object_type="test.thing", object_id=court_id
    )


def test_an_eager_task_inside_a_request_writes_no_request_context(court):
    with request_context(RequestContext(ip="203.0.113.9", request_id="req-1", user_agent="UA")):
        audit_in_task.delay(court.pk)
        assert current_request_context().ip == "203.0.113.9"  # restored after the task
        in_request = audit_record(actor=None, action="test.did", summary="请求中", court=court)
    event = AuditEvent.objects.get(action="test.in_task")
    assert (event.ip, event.request_id, event.user_agent) == (None, "", "")
    assert (in_request.ip, in_request.request_id) == ("203.0.113.9", "req-1")


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_no_service_takes_the_request(module_name):
    module = importlib.import_module(module_name)
    takes_request = [
        name
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module_name
        and "request" in inspect.signature(function).parameters
        and f"{module_name}.{name}" not in VIEWS
    ]
    assert takes_request == []
