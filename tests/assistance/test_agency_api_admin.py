"""The admin of the agency API's tokens (issued with the key shown once, revoked, never deleted) and
of the assistance app's other models (notices read-only, answer periods editable)."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assistance.models import AgencyToken, AnswerDeadline
from assistance.rules import answer_working_days
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.assistance.test_liaison_portal import bank_notice, case, person, query_notices  # noqa: F401
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, court):
    admin = make_member(Role.ADMIN, court=court, is_staff=True, is_superuser=True, username="root")
    client.force_login(admin)
    return client


def test_adding_a_token_shows_its_key_once_and_stores_only_its_hash(admin_client, bank):
    response = admin_client.post(
        reverse("admin:assistance_agencytoken_add"), {"agency": bank.pk, "name": "核心系统对接"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    key = re.search(r'<code id="agency-token-key"[^>]*>([^<]+)</code>', html).group(1)
    token = AgencyToken.objects.get(agency=bank, name="核心系统对接")
    assert AgencyToken.objects.authenticate(key) == token
    assert key not in (token.key_hash, token.prefix) and token.prefix == key[:8]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="agency_token.issued", object_id=str(token.pk)).exists()
    # never again: not on the list, not on the token's page, not in a stored message
    for url in (
        reverse("admin:assistance_agencytoken_changelist"),
        reverse("admin:assistance_agencytoken_change", args=[token.pk]),
    ):
        assert key not in admin_client.get(url).content.decode()


def test_revoking_a_token_refuses_it_on_the_api(admin_client, bank):
    token, key = AgencyToken.issue(agency=bank, name="旧系统")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Agency {key}")
    assert api.get("/api/v1/agency/notices/").status_code == 200
    response = admin_client.post(
        reverse("admin:assistance_agencytoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "已吊销1个令牌" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/agency/notices/").status_code == 401
    assert AuditEvent.objects.filter(action="agency_token.revoked").count() == 1
    # tokens are revoked, never deleted
    delete = reverse("admin:assistance_agencytoken_delete", args=[token.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_notices_are_read_only_in_the_admin(admin_client, bank_notice):
    assert admin_client.get(reverse("admin:assistance_notice_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:assistance_notice_change", args=[bank_notice.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:assistance_notice_add")).status_code == 403
    assert admin_client.get(reverse("admin:assistance_networkquery_changelist")).status_code == 200


def test_answer_deadline_override_is_editable(admin_client):
    assert answer_working_days("freeze") == 1
    response = admin_client.post(
        reverse("admin:assistance_answerdeadline_add"), {"action": "freeze", "working_days": "2"}
    )
    assert response.status_code == 302
    assert AnswerDeadline.objects.get(action="freeze").working_days == 2
    assert answer_working_days("freeze") == 2
    assert admin_client.get(reverse("admin:assistance_answerdeadline_changelist")).status_code == 200
