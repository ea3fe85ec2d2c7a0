"""The public defaulter search (no login, masked IDs, only the published fields, rate-limited, removed
entries gone), the case panel and the home panels."""

import pytest
from django.urls import reverse

from sanctions import services
from sanctions.choices import RemovalReason
from tests.sanctions.conftest import listed

pytestmark = pytest.mark.django_db
URL = "/public/defaulters/"


@pytest.mark.cjk_fonts
def test_public_search_by_name_and_id_masks_the_id(client, case, person, judge, head):
    listed(case, person, judge, head)
    response = client.post(URL, {"name": person.name, "id_number": person.id_number})
    assert response.status_code == 200
    html = response.content.decode()
    masked = person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert masked in html
    assert person.id_number not in html
    assert case.number in html and case.basis.document_number in html
    assert "张三" not in html  # the applicant: nothing beyond the published fields
    assert "11010519491231002X" not in html and "91350100M000100Y43" not in html


@pytest.mark.cjk_fonts
def test_public_search_by_case_number_and_removed_entry_vanishes(client, case, person, judge, head):
    entry = listed(case, person, judge, head)
    assert person.name in client.post(URL, {"case_number": case.number}).content.decode()
    services.defaulter_remove(actor=judge, entry_id=entry.pk, reason=RemovalReason.PERFORMED)
    html = client.post(URL, {"case_number": case.number}).content.decode()
    assert 'class="defaulter-name"' not in html


def test_public_search_needs_the_id_with_the_name(client):
    response = client.post(URL, {"name": "李四"})
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]


def test_public_search_is_rate_limited_per_address(client, frozen_ratelimit_clock):
    codes = [client.post(URL, {"case_number": "（2026）青0102执1号"}).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_public_search_page_itself_is_not_counted(client, frozen_ratelimit_clock):
    assert all(client.get(URL).status_code == 200 for _ in range(25))


def test_case_panel_shows_forms_to_the_judge_and_nothing_to_another_court(
    client_for, case, judge, other_clerk
):
    html = client_for(judge).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="sanctions"' in html and reverse("sanctions:defaulter-propose", args=[case.pk]) in html
    assert client_for(other_clerk).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_propose_from_the_panel_and_head_sees_it_on_home(client_for, case, person, judge, head):
    response = client_for(judge).post(
        reverse("sanctions:defaulter-propose", args=[case.pk]),
        {"party": person.pk, "grounds": ["4"], "facts": "拒不报告财产"},
    )
    assert response.status_code == 302
    home = client_for(head).get(reverse("home")).content.decode()
    assert case.number in home


def test_refusal_comes_back_to_the_panel_not_a_500(client_for, case, person, clerk):
    response = client_for(clerk).post(
        reverse("sanctions:defaulter-propose", args=[case.pk]),
        {"party": person.pk, "grounds": ["4"], "facts": "x"},
    )
    assert response.status_code in (302, 403)
