"""Service records in the admin: listed read-only, each staff user only their courts' records, the
proof file not offered there (it has its permission-checked page)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cases.services import case_file
from documents.services import document_issue
from enforcement.choices import Role
from tests.cases.conftest import filing_input
from tests.documents.service_helpers import record_service
from tests.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def service(clerk, judge):
    case = case_file(actor=clerk, data=filing_input(judge))
    party = case.parties.get(role="respondent", name="李四")
    document = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=party.pk)
    return record_service(clerk, document, method="post")


def test_service_records_are_listed_read_only_and_court_scoped(client, court, other_court, service):
    own = make_member(Role.ADMIN, court=court, is_staff=True, is_superuser=False)
    own.user_permissions.add(*_view_permission())
    client.force_login(own)
    listing = client.get(reverse("admin:documents_service_changelist"))
    assert listing.status_code == 200 and service.document.number in listing.content.decode()
    detail = client.get(reverse("admin:documents_service_change", args=[service.pk])).content.decode()
    assert service.proof.name not in detail  # no link to the stored proof
    assert client.get(reverse("admin:documents_service_add")).status_code == 403
    delete = reverse("admin:documents_service_delete", args=[service.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    stranger = make_member(Role.ADMIN, court=other_court, is_staff=True, is_superuser=False)
    stranger.user_permissions.add(*_view_permission())
    client.force_login(stranger)
    assert (
        service.document.number
        not in client.get(reverse("admin:documents_service_changelist")).content.decode()
    )
    assert client.get(reverse("admin:documents_service_change", args=[service.pk])).status_code == 302


def _view_permission():
    return Permission.objects.filter(content_type__app_label="documents", codename="view_service")
