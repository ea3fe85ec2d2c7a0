"""终本's statutory checklist (终本规定 2016 art. 1; 民诉法解释 art. 517): refused listing exactly the
conditions missing, each one alone; accepted when all are met; the three months' boundary (filing
date + 3 months + 1 day); each condition on the case page and the approval with its evidence; the
applicant heard and a respondent's whereabouts recorded, audited, in the browser and the API."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assistance.models import Notice
from cases.actions import ACTIONS
from cases.choices import CaseState
from cases.models import Approval, Case
from cases.registry import facts_for
from cases.services import (
    action_blockers,
    applicant_hearing_record,
    approval_decide,
    case_act,
    party_set_whereabouts,
)
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed
from tests.audit_events import the_event
from tests.cases.test_services_actions import (
    answer_network_query,
    move,
    serve_start_documents,
)
from tests.clock import TODAY
from tests.factories import (
    AgencyFactory,
    AssetFactory,
    ControlMeasureFactory,
    DraftNoticeFactory,
    make_member,
)
from tests.sanctions.helpers import restrict_every_respondent

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

MONTHS = "自立案之日起已超过三个月"
DOCUMENTS = "执行通知书、报告财产令已发出并送达"
HEARD = "已约谈或书面告知申请执行人"
QUERIED = "网络查控已获各协助执行单位答复"
NOTHING = "未发现可供执行的财产"
SEARCHED = "被执行人下落不明的，已依法查找"


def _ready(file_case, judge, *, skip=()):
    """An investigating case filed 100 days ago with every condition met but those in `skip`."""
    case = move(file_case(), "investigate", actor=judge)
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    case.refresh_from_db()
    if "documents" not in skip:
        serve_start_documents(case, judge)
    if "query" not in skip:
        answer_network_query(case, judge)
    if "heard" not in skip:
        applicant_hearing_record(
            actor=judge, case_id=case.pk, held_on=TODAY, way="written", note="已邮寄告知书"
        )
    if "restricted" not in skip:
        restrict_every_respondent(case, judge)
    return case


def _respondent(case):
    return case.parties.filter(role="respondent").order_by("id").first()


def _blockers(case):
    return action_blockers(Case.objects.get(pk=case.pk), ACTIONS["end_round"])


def _refused_with(judge, case, expected: list[str]):
    blockers = _blockers(case)
    assert len(blockers) == len(expected), blockers
    for reason, text in zip(blockers, expected, strict=True):
        assert text in reason, (reason, text)
    with pytest.raises(Conflict) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行")
    assert exc.value.message == "；".join(blockers)
    assert not Approval.objects.filter(case=case, action="end_round").exists()


def test_accepted_when_every_condition_is_met(file_case, judge, head):
    case = _ready(file_case, judge)
    assert _blockers(case) == []
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行"
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert Case.objects.get(pk=case.pk).state == CaseState.TERMINATED_ROUND


@pytest.mark.parametrize(
    ("skip", "expected"),
    [
        ("documents", "执行通知书"),
        ("query", "尚未对"),
        ("heard", "尚未约谈或书面告知申请执行人"),
        ("restricted", "尚无生效的限制消费令"),
    ],
)
def test_refused_with_exactly_the_one_condition_missing(file_case, judge, skip, expected):
    case = _ready(file_case, judge, skip=(skip,))
    _refused_with(judge, case, [expected])


def test_refused_with_every_missing_condition_listed(file_case, judge):
    case = move(file_case(), "investigate", actor=judge)
    _refused_with(judge, case, ["未超过三个月", "尚未约谈", "执行通知书", "尚未对", "尚无生效的限制消费令"])


def test_an_agency_not_yet_answering_is_named(file_case, judge):
    case = _ready(file_case, judge)
    notice = Notice.objects.filter(case=case, network_query__isnull=False).order_by("id").first()
    Notice.objects.filter(pk=notice.pk).update(status="sent")
    _refused_with(judge, case, [f"{notice.agency.name}尚未答复对{notice.respondent.name}的网络查控"])
    # a later network query answered in full counts: the latest query of the respondent is read
    answer_network_query(case, judge)
    assert _blockers(case) == []


def test_held_or_untouched_property_is_disposable(file_case, judge):
    case = _ready(file_case, judge)
    held = ControlMeasureFactory(asset=AssetFactory(case=case, owner=_respondent(case)), status="active")
    _refused_with(judge, case, ["财产仍在控制中，尚待处置"])
    type(held).objects.filter(pk=held.pk).update(status="lifted")
    assert _blockers(case) == []
    AssetFactory(case=case, owner=_respondent(case))  # found, never seized nor frozen
    _refused_with(judge, case, ["已发现财产尚未处理"])


def test_a_missing_respondent_must_be_searched_for(file_case, judge):
    case = _ready(file_case, judge)
    respondent = _respondent(case)
    party_set_whereabouts(actor=judge, party_id=respondent.pk, unknown=True)
    _refused_with(judge, case, [f"查找被执行人通知书：{respondent.name}"])
    notice = DraftNoticeFactory(
        case=case, agency=AgencyFactory(kind="police"), action="find_respondent", respondent=respondent
    )
    assert _blockers(case) != []  # drafted, not answered
    Notice.objects.filter(pk=notice.pk).update(status="answered")
    assert _blockers(case) == []
    event = the_event("party.whereabouts", on=case)
    assert event.actor == judge and event.data == {"party_id": respondent.pk, "whereabouts_unknown": True}
    assert event.summary == f"{respondent.name}：下落不明"


@pytest.mark.parametrize(
    ("filed_back", "allowed"),
    [
        (relativedelta(months=3), False),  # three months to the day: not yet "超过"
        (relativedelta(months=3, days=1), True),  # filing date + 3 months + 1 day is today
    ],
)
def test_the_three_months_boundary(file_case, judge, filed_back, allowed):
    case = _ready(file_case, judge)
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - filed_back)
    if allowed:
        assert _blockers(case) == []
    else:
        _refused_with(judge, case, ["未超过三个月"])


def test_the_approval_and_the_case_page_show_each_condition_with_its_evidence(file_case, judge, client_for):
    case = _ready(file_case, judge, skip=("heard",))
    approval = Approval.objects.create(
        court=case.court, case=case, action="end_round", reason="无", proposer=judge, required_role=Role.HEAD
    )
    checklist = {f.label: f for f in facts_for(approval) if f.met is not None}
    for label in (MONTHS, DOCUMENTS, QUERIED, NOTHING, SEARCHED):
        assert checklist[label].met is True and checklist[label].url, label
    assert checklist[HEARD].met is False and checklist[HEARD].url == f"/cases/{case.pk}/#end-round"
    assert checklist[QUERIED].url == f"/cases/{case.pk}/assistance/"
    page = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="end-round"' in page
    for label in (MONTHS, DOCUMENTS, QUERIED, NOTHING, SEARCHED, HEARD):
        assert f'data-condition="{label}"' in page, label
    assert f'<li class="missing" data-condition="{HEARD}">' in page
    assert f'<li class="met" data-condition="{QUERIED}">' in page


def test_recording_the_hearing_on_the_case_page(file_case, judge, client_for):
    case = move(file_case(), "investigate", actor=judge)
    response = client_for(judge).post(
        f"/cases/{case.pk}/applicant-hearings/",
        {"held_on": TODAY.isoformat(), "way": "interview", "note": "申请执行人同意终本"},
    )
    assert response.status_code == 302
    hearing = case.applicant_hearings.get()
    assert (hearing.way, hearing.held_on, hearing.recorded_by) == ("interview", TODAY, judge)
    event = the_event("case.applicant_heard", on=case)
    assert event.summary == f"{TODAY:%Y年%m月%d日}约谈申请执行人：申请执行人同意终本"
    page = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "申请执行人同意终本" in page


def test_hearing_input_and_permission_are_checked(file_case, judge):
    case = move(file_case(), "investigate", actor=judge)
    with pytest.raises(InvalidInput):
        applicant_hearing_record(actor=judge, case_id=case.pk, held_on=TODAY, way="phone")
    with pytest.raises(InvalidInput):
        applicant_hearing_record(
            actor=judge, case_id=case.pk, held_on=TODAY + dt.timedelta(days=1), way="interview"
        )
    other = make_member(Role.JUDGE, court=case.court)
    with pytest.raises(NotAllowed):
        applicant_hearing_record(actor=other, case_id=case.pk, held_on=TODAY, way="interview")
    with pytest.raises(InvalidInput):  # only a respondent's whereabouts
        applicant = case.parties.filter(role="applicant").first()
        party_set_whereabouts(actor=judge, party_id=applicant.pk, unknown=True)
    assert not case.applicant_hearings.exists()


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_api_records_the_hearing_and_the_whereabouts(file_case, judge):
    case = move(file_case(), "investigate", actor=judge)
    api = _api(judge)
    response = api.post(
        f"/api/v1/cases/{case.pk}/applicant-hearings/",
        {"held_on": TODAY.isoformat(), "way": "written", "note": "邮寄告知书"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["way"] == "written" and response.json()["held_on"] == TODAY.isoformat()
    assert the_event("case.applicant_heard", on=case).data["way"] == "written"
    bad = api.post(
        f"/api/v1/cases/{case.pk}/applicant-hearings/", {"held_on": "x", "way": "written"}, format="json"
    )
    assert bad.status_code == 400
    respondent = _respondent(case)
    response = api.post(f"/api/v1/parties/{respondent.pk}/whereabouts/", {"unknown": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["whereabouts_unknown"] is True
    assert the_event("party.whereabouts", on=case).actor == judge
