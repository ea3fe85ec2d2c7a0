"""The 终本案件 look-up on the public search: cases whose current round is terminated and not
resumed, by a respondent's name + ID number or by the case number; public fields only, the ID
masked, the same POST and the same per-address rate limit."""

import datetime as dt

import pytest

from cases.choices import CaseState
from cases.models import Case
from cases.services import case_file
from tests.cases.conftest import filing_input
from tests.sanctions.conftest import case_with_respondent, ric

pytestmark = pytest.mark.django_db
URL = "/public/defaulters/"
ENDED_ON = dt.date(2026, 11, 20)


def ended(case):
    """Put the case in 终本 directly (the 终本 approval flow is tested in tests/cases)."""
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND, closed_on=ENDED_ON)
    case.refresh_from_db()
    return case


def numbers_shown(response) -> list[str]:
    return [r["case_number"] for r in response.context["end_round"]["rows"]]


def test_found_by_name_and_id_with_public_fields_and_masked_id(client, case, person):
    ended(case)
    response = client.post(URL, {"name": person.name, "id_number": person.id_number})
    assert response.status_code == 200
    assert numbers_shown(response) == [case.number]
    row = response.context["end_round"]["rows"][0]
    assert row["closed_on"] == ENDED_ON and row["filed_on"] == case.filed_on
    assert row["basis_number"] == case.basis.document_number
    assert row["not_performed"] > 0
    html = response.content.decode()
    section = html[html.index('id="end-round-cases"') :]
    masked = person.id_number[:4] + "*" * (len(person.id_number) - 8) + person.id_number[-4:]
    assert masked in section and case.number in section and case.basis.issuing_organ in section
    assert person.id_number not in html
    assert "张三" not in section  # the applicant is not a public field of the 终本 case


def test_found_by_case_number_and_filtered_by_court(client, case, person):
    ended(case)
    assert numbers_shown(client.post(URL, {"case_number": case.number})) == [case.number]
    other = client.post(URL, {"case_number": case.number, "court": "别的法院"})
    assert numbers_shown(other) == []


def test_wrong_id_finds_nothing(client, case, person):
    ended(case)
    response = client.post(URL, {"name": person.name, "id_number": "630102199001011234"})
    assert numbers_shown(response) == []


def test_an_open_case_is_not_shown(client, case, person):
    assert case.state != CaseState.TERMINATED_ROUND
    response = client.post(URL, {"case_number": case.number})
    assert numbers_shown(response) == []
    assert 'class="end-round-number"' not in response.content.decode()
    by_person = client.post(URL, {"name": person.name, "id_number": person.id_number})
    assert numbers_shown(by_person) == []


def test_a_resumed_case_is_not_shown(client, case, person, clerk, judge):
    ended(case)
    assert numbers_shown(client.post(URL, {"case_number": case.number})) == [case.number]
    resumed = case_file(actor=clerk, data=filing_input(judge))
    Case.objects.filter(pk=resumed.pk).update(resumed_from=case)
    assert numbers_shown(client.post(URL, {"case_number": case.number})) == []
    assert numbers_shown(client.post(URL, {"name": person.name, "id_number": person.id_number})) == []


def test_results_are_paginated(client, clerk, judge, monkeypatch):
    from sanctions import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    number = ric(dt.date(1980, 5, 6))
    first, _ = case_with_respondent(clerk, judge, number)
    second, _ = case_with_respondent(clerk, judge, number)
    ended(first), ended(second)
    asked = {"name": "赵六", "id_number": number}
    page_one = client.post(URL, asked)
    assert page_one.context["end_round"]["page"].paginator.num_pages == 2
    assert 'name="end_round_page" value="2"' in page_one.content.decode()
    page_two = client.post(URL, {**asked, "end_round_page": "2"})
    assert sorted(numbers_shown(page_one) + numbers_shown(page_two)) == sorted([first.number, second.number])


def test_a_get_searches_nothing(client, case, person):
    ended(case)
    response = client.get(URL, {"case_number": case.number})
    assert response.status_code == 200
    assert "end_round" not in response.context
    assert 'id="end-round-cases"' not in response.content.decode()


def test_the_rate_limit_applies_to_the_end_round_look_up(client, case, frozen_ratelimit_clock):
    ended(case)
    responses = [client.post(URL, {"case_number": case.number}) for _ in range(21)]
    assert [r.status_code for r in responses[:20]] == [200] * 20
    assert responses[20].status_code == 429
    assert 'id="end-round-cases"' not in responses[20].content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Cases whose current round of enforcement is terminated"), ("zh-hans", "终结本次执行程序案件")],
)
def test_the_section_speaks_the_reader_s_language(client, case, settings, language, heading):
    ended(case)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.post(URL, {"case_number": case.number}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html
