"""The language switcher's `next` never echoes a public page's query or an ID number."""

import pytest
from django.test import RequestFactory

from enforcement.safe_next import echo_path

ID = "110101199003077777"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"/public/defaulters/?id_number={ID}&name=张三", "/public/defaulters/"),
        ("/public/case/?number=(2026)京0101执1号&code=ABCD", "/public/case/"),
        ("/verify/?code=XYZ", "/verify/"),
        (f"/cases/?q=abc&party_id_number={ID}&page=2", "/cases/?q=abc&page=2"),
        ("/cases/?token=s&password=p", "/cases/"),
        ("/cases/", "/cases/"),
    ],
)
def test_echo_path_drops_what_must_not_travel(url, expected):
    assert echo_path(RequestFactory().get(url)) == expected


@pytest.mark.django_db
def test_public_defaulter_search_does_not_echo_the_id_number(client):
    response = client.get("/public/defaulters/", {"id_number": ID, "name": "张三"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="next" type="hidden" value="/public/defaulters/"' in body
    assert "id_number=" + ID not in body
