"""Revealing a natural person's full ID number is audited by the selector that decides it
(cases.selectors.full_ids_revealed), whichever page or API endpoint shows it."""

import pytest

from cases.selectors import API, PAGE, full_ids_revealed
from enforcement.audit import events_for
from tests.audit_events import actions_of, actions_since, last_event_id, the_event

pytestmark = pytest.mark.django_db


def test_those_who_work_on_the_case_see_full_numbers_and_it_is_recorded(file_case, judge):
    case = file_case()
    parties = list(case.parties.all())
    persons = [p.pk for p in parties if p.kind == "person"]
    assert full_ids_revealed(judge, case, parties) is True
    event = the_event("case.viewed_full_id", on=case)
    assert (event.actor, event.summary, event.data) == (judge, "查看当事人完整身份证号码", {})
    assert event.subject_type == ""  # several parties: the case's event
    assert full_ids_revealed(judge, case, parties, via=API) is True
    assert actions_of(case).count("case.viewed_full_id") == 2
    last = events_for(case).last()
    assert last.summary == "通过API查看当事人完整身份证号码" and last.data == {"parties": persons}


def test_one_party_shown_is_the_partys_event_too(file_case, judge):
    case = file_case()
    person = case.parties.filter(kind="person").first()
    assert full_ids_revealed(judge, case, [person], via=API)
    assert the_event("case.viewed_full_id", on=person).data == {"parties": [person.pk]}


def test_masked_numbers_and_public_codes_record_nothing(file_case, judge, supervisor):
    case = file_case()
    mark = last_event_id()
    assert full_ids_revealed(supervisor, case, case.parties.all(), via=PAGE) is False
    entities = list(case.parties.filter(kind="entity"))
    assert full_ids_revealed(judge, case, entities) is True  # a 统一社会信用代码 is public
    assert actions_since(mark) == []
