"""Malformed requests are a 400 with the project's error shape, never a 500: NUL characters (which
PostgreSQL cannot store) in JSON bodies, form posts, query strings and paths; JSON nested deeper than
the parser allows (the standard decoder would raise RecursionError)."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import pytest
from rest_framework.test import APIClient

from assistance.choices import NoticeStatus
from cases.models import Case
from enforcement.api.parsers import MAX_DEPTH, check_json_value
from tests.assistance.test_agency_api import answer, api_for
from tests.assistance.test_liaison_portal import bank_notice, case, fresh, person, query_notices  # noqa: F401
from tests.cases.test_api import api_as, filing_body
from tests.cases.test_views import filing_post

pytestmark = pytest.mark.django_db

DEEP = "[" * 50_000 + "]" * 50_000


def assert_error_shape(response):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] and body["detail"], body
    return body


# --- JSON --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "where",
    ["basis.issuing_organ", "parties[0].name", "basis.non_money_obligation"],
)
def test_a_nul_in_a_json_filing_is_400_and_nothing_is_saved(clerk, judge, where):
    body = filing_body(judge)
    if where.startswith("basis"):
        body["basis"][where.split(".")[1]] = "西宁\u0000法院"
    else:
        body["parties"][0]["name"] = "张\u0000三"
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert "U+0000" in assert_error_shape(response)["detail"]
    assert not Case.objects.exists()


def test_a_nul_in_a_json_key_is_400(clerk, judge):
    body = filing_body(judge)
    body["basis"]["x\u0000"] = "1"
    assert_error_shape(api_as(clerk).post("/api/v1/cases/", body, format="json"))


def test_deeply_nested_json_is_400_for_a_signed_in_user(clerk):
    response = api_as(clerk).post("/api/v1/cases/", DEEP, content_type="application/json")
    assert assert_error_shape(response)["code"] == "parse_error"


def test_deeply_nested_json_is_400_anonymously_on_the_token_endpoint(db):
    response = APIClient().post("/api/v1/auth/token/", DEEP, content_type="application/json")
    assert assert_error_shape(response)["code"] == "parse_error"


def test_a_nul_on_the_token_endpoint_is_400(db):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "a\u0000", "password": "x"}, format="json"
    )
    assert_error_shape(response)


def test_json_within_the_depth_bound_is_parsed_and_one_level_more_is_not():
    nested = "x"
    for _ in range(MAX_DEPTH):
        nested = [nested]
    check_json_value(nested)  # MAX_DEPTH levels: fine
    with pytest.raises(Exception, match="嵌套层数过多"):
        check_json_value([nested])


def test_a_nul_in_an_agency_answer_is_400_and_the_notice_stays_unanswered(agencies, bank_notice):
    from enforcement.choices import AgencyKind

    client = api_for(agencies[AgencyKind.BANK])[0]
    body = {"result": "done", "data": {"items": [{"identifier": "6222\u00000001", "value": "1.00"}]}}
    assert_error_shape(client.post(answer(bank_notice.pk), body, format="json"))
    deep = '{"result": "done", "data": ' + "[" * 50_000 + "]" * 50_000 + "}"
    assert_error_shape(client.post(answer(bank_notice.pk), deep, content_type="application/json"))
    assert fresh(bank_notice).status in NoticeStatus.awaiting_answer()


# --- query strings, paths and forms ------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/?q=%00",
        "/api/v1/cases/?number=%00",
        "/cases/?q=a%00b",
        "/cases/?page=%00",
        "/documents/preview/?kind=%00&case=1",
        "/documents/batches/new/?kind=%00",
    ],
)
def test_a_nul_in_a_query_string_is_400(client_for, clerk, url):
    response = client_for(clerk).get(url)
    assert response.status_code == 400, response.content


def test_a_nul_in_the_public_verification_code_is_400(client):
    assert client.get("/verify/?code=AB%00CD").status_code == 400
    assert client.get("/verify/AB%00CD").status_code == 400


def test_a_nul_in_a_filing_form_is_a_field_error_and_nothing_is_saved(client_for, clerk, judge):
    data = filing_post(judge, **{"basis-issuing_organ": "西宁\x00法院"})
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_nul_in_fields_views_read_themselves_never_500(client_for, judge, case, bank_notice):
    client = client_for(judge)
    url = f"/cases/{case.pk}/documents/issue/"
    assert client.post(url, {"kind": "execution_notice", "party": "1\x00"}).status_code in (302, 400)
    assert client.post(url, {"kind": "execution\x00", "party": ""}).status_code in (302, 400)
    assert client.post(
        "/documents/batches/new/", {"kind": "execution_notice", "cases": ["1\x00"]}
    ).status_code in (
        200,
        400,
    )
    assert client.post("/inbox/read/", {"next": "/cases/\x00"}).status_code in (302, 400)
    from assistance.services import notice_answer

    notice_answer(agency=bank_notice.agency, notice_id=bank_notice.pk, result="done", data={"items": []})
    close = f"/cases/{case.pk}/assistance/notices/{bank_notice.pk}/close/"
    assert client.post(close, {"note": "办结\x00"}).status_code in (302, 400)
    assert fresh(bank_notice).status == NoticeStatus.ANSWERED


def test_an_api_nul_answer_has_the_error_shape(clerk):
    response = api_as(clerk).get("/api/v1/cases/?q=%00")
    assert_error_shape(response)


def test_a_nul_in_an_api_form_body_is_400(db):
    response = APIClient().post("/api/v1/auth/token/", {"username": "a\x00", "password": "x"})  # multipart
    assert_error_shape(response)
    response = APIClient().post(
        "/api/v1/auth/token/", "username=a%00&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert_error_shape(response)


# --- characters no document can print ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("char", "codepoint"),
    [("\U000f0311", "U+F0311"), ("\ue000", "U+E000"), ("\u0378", "U+0378"), ("\x07", "U+0007")],
)
def test_an_unprintable_character_in_a_json_filing_is_400_naming_it(clerk, judge, char, codepoint):
    """Private use (plane 15 and the BMP area), unassigned, control: a party named with one would make
    every document of the case fail the glyph check, so the API refuses it where it arrives."""
    body = filing_body(judge)
    body["parties"][0]["name"] = f"张{char}三"
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert codepoint in assert_error_shape(response)["detail"]
    assert not Case.objects.exists()


def test_rare_characters_tabs_and_line_breaks_are_printable(clerk, judge):
    body = filing_body(judge)
    body["parties"][0]["name"] = "张𠀀三"  # U+20000, CJK Extension B: a real character
    body["basis"]["non_money_obligation"] = "交付车辆\n迁出房屋\t一处"
    check_json_value(body)
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content


def test_an_unprintable_character_in_a_form_body_or_key_is_400(clerk, judge):
    client = api_as(clerk)
    response = client.post("/api/v1/cases/", {"note": "a\ue000b"}, format="multipart")
    assert "U+E000" in assert_error_shape(response)["detail"]
    response = client.post(
        "/api/v1/cases/", "x\U000f0311=1", content_type="application/x-www-form-urlencoded"
    )
    assert "U+F0311" in assert_error_shape(response)["detail"]
