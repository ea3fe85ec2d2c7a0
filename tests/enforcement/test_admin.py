"""The Django admin works in Chinese for organisations and people; the audit trail is read-only."""

import pytest
from django.urls import reverse

from enforcement.audit import audit_record
from enforcement.choices import Role
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, court):
    admin = make_member(Role.ADMIN, court=court, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model", ["court", "agency", "membership", "user", "auditevent", "notification", "pendingtask"]
)
def test_changelists_render_in_chinese(admin_client, model, bank):
    response = admin_client.get(reverse(f"admin:enforcement_{model}_changelist"))
    assert response.status_code == 200
    assert "执行案件管理系统" in response.content.decode()


def test_court_add_form_in_chinese(admin_client):
    html = admin_client.get(reverse("admin:enforcement_court_add")).content.decode()
    assert "法院代字" in html and "上级法院" in html


def test_audit_events_cannot_be_changed_or_deleted_in_admin(admin_client, clerk, court):
    event = audit_record(actor=clerk, action="test.did", summary="x", court=court)
    assert admin_client.get(reverse("admin:enforcement_auditevent_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:enforcement_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    page = admin_client.get(reverse("admin:enforcement_auditevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_non_staff_cannot_reach_admin(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
